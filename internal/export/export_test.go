package export

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

var update = flag.Bool("update", false, "rewrite the golden files")

type analysed struct {
	s *workload.Spec
	a *advisor.Analysis
}

var (
	analyses   = map[string]analysed{}
	analysesMu sync.Mutex
)

// analyse parses and analyses an example spec once per test binary.
func analyse(t testing.TB, example string) (*workload.Spec, *advisor.Analysis) {
	t.Helper()
	analysesMu.Lock()
	defer analysesMu.Unlock()
	if r, ok := analyses[example]; ok {
		return r.s, r.a
	}
	path := filepath.Join("..", "..", "examples", example)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, problems, err := spec.Parse("examples/"+example, data)
	if err != nil {
		t.Fatalf("%v %v", err, problems)
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := advisor.Analyze(s, cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	analyses[example] = analysed{s, a}
	return s, a
}

// Exports builds an example's export for one architecture.
func exportOf(t testing.TB, example, arch string) []File {
	t.Helper()
	s, a := analyse(t, example)
	files, err := Build(s, a, Options{Architecture: arch, SpecName: "examples/" + example})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// golden compares files with testdata/golden/<dir>/, or rewrites it with -update.
func golden(t *testing.T, dir string, files []File) {
	t.Helper()
	root := filepath.Join("testdata", "golden", dir)
	if *update {
		os.RemoveAll(root)
		for _, f := range files {
			p := filepath.Join(root, filepath.FromSlash(f.Path))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	seen := map[string]bool{}
	for _, f := range files {
		seen[f.Path] = true
		want, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(f.Path)))
		if err != nil {
			t.Errorf("%v (run go test ./internal/export -update)", err)
			continue
		}
		if string(want) != string(f.Data) {
			t.Errorf("%s/%s differs from the golden file (rerun with -update after checking the change):\n%s", dir, f.Path, firstDiff(string(want), string(f.Data)))
		}
	}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			if !seen[filepath.ToSlash(rel)] {
				t.Errorf("golden file %s is no longer exported", rel)
			}
		}
		return nil
	})
}

func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + a + "\n  got:  " + b
		}
	}
	return ""
}

// goldenArchitectures are the exports kept as golden files: between them
// every generated file kind.
var goldenArchitectures = []string{"recommended", "all-serverless", "recommended-on-aws", "edge-frontend-kubernetes-backend"}

func TestExportGolden(t *testing.T) {
	for _, arch := range goldenArchitectures {
		t.Run(arch, func(t *testing.T) {
			golden(t, "system/"+arch, exportOf(t, "system.yaml", arch))
		})
	}
}

func TestExportDeterministic(t *testing.T) {
	a := exportOf(t, "system.yaml", "recommended-on-aws")
	b := exportOf(t, "system.yaml", "recommended-on-aws")
	if len(a) != len(b) {
		t.Fatal("different file counts")
	}
	for i := range a {
		if a[i].Path != b[i].Path || string(a[i].Data) != string(b[i].Data) {
			t.Errorf("%s differs between two exports", a[i].Path)
		}
	}
}

func TestExportUnknownArchitecture(t *testing.T) {
	s, a := analyse(t, "system.yaml")
	_, err := Build(s, a, Options{Architecture: "cheapest"})
	if err == nil || !strings.Contains(err.Error(), `unknown architecture "cheapest"`) || !strings.Contains(err.Error(), "recommended") {
		t.Errorf("err = %v", err)
	}
	_, err = Build(s, a, Options{Architecture: "all-kubernetes"})
	if err == nil || !strings.Contains(err.Error(), "not feasible") {
		t.Errorf("infeasible: err = %v", err)
	}
}

// The provisioned concurrency the simulator found is what the SAM template
// and the Cloud Run service ask for.
func TestExportProvisioned(t *testing.T) {
	s, a := analyse(t, "system.yaml")
	set := func(comp, plat string, n int) func() {
		for j := range a.Components {
			if a.Components[j].Name != comp {
				continue
			}
			for k := range a.Components[j].Options {
				o := &a.Components[j].Options[k]
				if o.Platform == plat && o.Simulation != nil {
					old := *o.Simulation
					o.Simulation.Provisioned = n
					return func() { *o.Simulation = old }
				}
			}
		}
		t.Fatalf("no simulated %s option for %s", plat, comp)
		return nil
	}
	defer set("api", "aws-lambda", 3)()
	defer set("recommender", "gcp-cloud-run", 2)()
	files, err := Build(s, a, Options{Architecture: "multi-cloud"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	if sam := got["aws-lambda/template.yaml"]; !strings.Contains(sam, "ProvisionedConcurrentExecutions: 3") || !strings.Contains(sam, "AutoPublishAlias: live") {
		t.Errorf("SAM template without the provisioned concurrency:\n%s", sam)
	}
	if cr := got["gcp-cloud-run/recommender.yaml"]; !strings.Contains(cr, `autoscaling.knative.dev/minScale: "2"`) {
		t.Errorf("Cloud Run service without the minimum instances:\n%s", cr)
	}
}
