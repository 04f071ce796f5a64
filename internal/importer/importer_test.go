package importer

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture reads every file of testdata/<dir>, sorted, named as the CLI
// names them.
func fixture(t *testing.T, dir string) []Source {
	t.Helper()
	root := filepath.Join("testdata", dir)
	var names []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	var out []Source
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Source{Name: filepath.ToSlash(n), Data: data})
	}
	if len(out) == 0 {
		t.Fatalf("no files in %s", root)
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(p, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/importer -update)", err)
	}
	if string(want) != string(got) {
		w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
		for i := 0; i < len(w) || i < len(g); i++ {
			var a, b string
			if i < len(w) {
				a = w[i]
			}
			if i < len(g) {
				b = g[i]
			}
			if a != b {
				t.Fatalf("%s differs at line %d (rerun with -update after checking):\n  want: %s\n  got:  %s", p, i+1, a, b)
			}
		}
	}
}

// Each input format, written in its real form, gives a golden spec that
// validates.
func TestImportGolden(t *testing.T) {
	for _, tc := range []struct {
		dir                        string
		components, skipped, unknw int
	}{
		{"k8s", 7, 0, 1},
		{"k8s-bad", 1, 4, 1},
		{"serverless", 7, 1, 1},
		{"sam", 7, 2, 3},
		{"terraform", 5, 0, 1},
		{"wrangler", 1, 0, 0},
		{"cloudrun", 1, 0, 0},
		{"ecs", 1, 0, 0},
		{"k8s-list", 1, 0, 0},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			r := Import(fixture(t, tc.dir))
			out := r.Spec(tc.dir)
			golden(t, tc.dir+".yaml", out)
			if _, problems, err := spec.Parse(tc.dir+".yaml", out); err != nil {
				t.Fatalf("the imported spec does not validate: %v %v\n%s", err, problems, out)
			}
			if len(r.Components) != tc.components || len(r.Skipped) != tc.skipped || len(r.Unknown) != tc.unknw {
				t.Errorf("%d components, %d skipped, %d unknown; want %d, %d, %d\nskipped: %v\nunknown: %v",
					len(r.Components), len(r.Skipped), len(r.Unknown), tc.components, tc.skipped, tc.unknw, r.Skipped, r.Unknown)
			}
		})
	}
}

// Bad input names its file and line, and the rest is imported.
func TestImportBadInputNamesFileAndLine(t *testing.T) {
	r := Import(append(fixture(t, "k8s-bad"), fixture(t, "sam")...))
	var got []string
	for _, p := range r.Skipped {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		"testdata/k8s-bad/broken.yaml:26: not YAML",
		"testdata/k8s-bad/broken.yaml:28: Deployment ancient: unknown apiVersion apps/v1beta9",
		"testdata/k8s-bad/notes.yaml:1: not a format fulcrum imports",
		"testdata/sam/template.yaml:64: Fn::GetAtt MissingRole: unresolvable reference",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("no skipped entry %q in:\n%s", want, all)
		}
	}
	names := map[string]bool{}
	for _, c := range r.Components {
		names[c.Name] = true
	}
	if !names["good"] || !names["api-function"] || names["broken-function"] {
		t.Errorf("components %v: want good and api-function imported, broken-function skipped", names)
	}
}

func TestRunsPerMonth(t *testing.T) {
	for expr, want := range map[string]float64{
		"0 2 * * *": 30, "0 */6 * * *": 122, "*/15 * * * *": 2918, "0 3 * * 1": 4, "0 0 1 * *": 1,
		"rate(1 hour)": 730, "rate(5 minutes)": 8760, "rate(1 day)": 30, "cron(0 3 * * ? *)": 30,
	} {
		if got, ok := runsPerMonth(expr); !ok || got != want {
			t.Errorf("runsPerMonth(%q) = %v, %v; want %v", expr, got, ok, want)
		}
	}
	if _, ok := runsPerMonth("@daily please"); ok {
		t.Error("a bad schedule parsed")
	}
}

func TestComponentName(t *testing.T) {
	for in, want := range map[string]string{"createOrder": "create-order", "ApiFunction": "api-function",
		"billing_api.v2": "billing-api-v2", "9lives": "c-9lives", "--x--": "x"} {
		if got := componentName(in); got != want {
			t.Errorf("componentName(%q) = %q, want %q", in, got, want)
		}
	}
}
