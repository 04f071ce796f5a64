package cli

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func TestExportWritesDirectoryAtomically(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "deploy")
	stdout, stderr, code := execCLI(t, "export", "examples/system.yaml", "--architecture", "edge-frontend-kubernetes-backend", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote 9 files to "+out) {
		t.Errorf("stdout: %s", stdout)
	}
	for _, f := range []string{"README.md", "kubernetes/eks/api.yaml", "kubernetes/eks/db.yaml", "cloudflare-workers/web/wrangler.toml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	// Nothing but the directory itself is left beside it.
	if es, _ := os.ReadDir(parent); len(es) != 1 {
		t.Errorf("%d entries beside the export: %v", len(es), es)
	}
	// A non-empty directory is refused without --force, before any analysis.
	_, stderr, code = execCLI(t, "export", "examples/system.yaml", "--out", out)
	if code != 2 || !strings.Contains(stderr, "exists and is not empty") || !strings.Contains(stderr, "--force") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	// With --force the old files go and the new ones come.
	_, stderr, code = execCLI(t, "export", "examples/system.yaml", "--architecture", "recommended-on-aws", "--out", out, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "kubernetes/eks/db.yaml")); err == nil {
		t.Error("--force kept a file of the old export")
	}
	if _, err := os.Stat(filepath.Join(out, "aws-lambda/template.yaml")); err != nil {
		t.Error(err)
	}
	if es, _ := os.ReadDir(parent); len(es) != 1 {
		t.Errorf("%d entries beside the export after --force: %v", len(es), es)
	}
}

func TestExportBadArguments(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "examples/system.yaml"}, "export needs --out DIR"},
		{[]string{"export", "examples/system.yaml", "--out", out, "--architecture", "cheapest"}, `unknown architecture "cheapest" (valid: all-serverless`},
		{[]string{"export", "examples/system.yaml", "--out", out, "--architecture", "all-kubernetes"}, "not feasible"},
	} {
		_, stderr, code := execCLI(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %s", tc.args, code, stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("%v left %s behind", tc.args, out)
		}
	}
}

func TestImportCommand(t *testing.T) {
	root, _ := filepath.Abs(filepath.Join("..", "importer", "testdata"))
	spec := filepath.Join(t.TempDir(), "spec.yaml")
	stdout, stderr, code := execCLI(t, "import", filepath.Join(root, "k8s-bad"), filepath.Join(root, "sam"), "--name", "mixed", "--out", spec)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "imported 8 components from 4 files") {
		t.Errorf("stdout: %s", stdout)
	}
	for _, want := range []string{"skipped " + filepath.Join(root, "k8s-bad", "broken.yaml") + ":28: Deployment ancient: unknown apiVersion",
		"not imported: " + filepath.Join(root, "sam", "template.yaml") + ":71: AWS::S3::Bucket ImagesBucket"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr has no %q:\n%s", want, stderr)
		}
	}
	data, err := os.ReadFile(spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "name: mixed") || !strings.Contains(string(data), "# GUESS:") {
		t.Errorf("spec:\n%s", data)
	}
	// The spec it writes validates.
	if _, stderr, code := execCLI(t, "validate", spec); code != 0 {
		t.Errorf("validate: exit %d: %s", code, stderr)
	}
	// Nothing importable: exit 2.
	_, stderr, code = execCLI(t, "import", filepath.Join(root, "k8s-bad", "notes.yaml"))
	if code != 2 || !strings.Contains(stderr, "nothing to import") {
		t.Errorf("nothing importable: exit %d: %s", code, stderr)
	}
	// A missing file: exit 1.
	if _, _, code := execCLI(t, "import", filepath.Join(root, "nope.yaml")); code != 1 {
		t.Errorf("missing file: exit %d", code)
	}
}

// The commands together: export a placement, import the folder, analyse it.
func TestExportThenImportThenAnalyze(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "deploy")
	if _, stderr, code := execCLI(t, "export", "examples/system.yaml", "--architecture", "edge-frontend-kubernetes-backend", "--out", dir); code != 0 {
		t.Fatalf("export: %s", stderr)
	}
	spec := filepath.Join(t.TempDir(), "back.yaml")
	if _, stderr, code := execCLI(t, "import", dir, "--out", spec); code != 0 {
		t.Fatalf("import: %s", stderr)
	}
	if _, stderr, code := execCLI(t, "analyze", spec, "--no-simulate"); code != 0 {
		t.Fatalf("analyze of the imported spec: exit %d: %s", code, stderr)
	}
}

// --traffic fills a component's volume and shape from a trace: three days
// of per-minute counts that follow a daily cycle peaking at 15:00 UTC
// become requests_per_month (the mean rate over 730 hours) and a diurnal
// shape; an unknown component is a usage error naming the imported ones.
func TestImportTraffic(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("timestamp,count\n")
	total := 0
	start := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	for m := 0; m < 3*24*60; m++ {
		at := start.Add(time.Duration(m) * time.Minute)
		h := float64(at.Hour()) + float64(at.Minute())/60
		n := int(math.Round(100 * (1 + 0.8*math.Cos((h-15)/24*2*math.Pi))))
		total += n
		fmt.Fprintf(&b, "%s,%d\n", at.Format(time.RFC3339), n)
	}
	k8s, _ := filepath.Abs(filepath.Join("..", "importer", "testdata", "k8s"))
	trace := filepath.Join(dir, "frontend.csv")
	if err := os.WriteFile(trace, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := execCLI(t, "import", k8s, "--traffic", "frontend="+trace)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	s, _, err := spec.Parse("imported.yaml", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	var fe *workload.Component
	for i := range s.Components {
		if s.Components[i].Name == "frontend" {
			fe = &s.Components[i]
		}
	}
	want := float64(total) / (3 * 86400) * 730 * 3600
	if fe == nil || math.Abs(fe.RequestsPerMonth-want) > 1 || fe.Traffic.Shape != workload.ShapeDiurnal {
		t.Fatalf("frontend %+v, want %.0f requests a month on a diurnal shape", fe, want)
	}
	if ph := fe.Traffic.PeakHour; ph == nil || *ph < 14 || *ph > 16 {
		t.Errorf("peak hour %v, want about 15", ph)
	}
	if !strings.Contains(out, "from trace "+trace) {
		t.Errorf("the spec does not say the volume came from the trace:\n%s", out)
	}
	if _, stderr, code := execCLI(t, "import", k8s, "--traffic", "frontnd="+trace); code != 2 || !strings.Contains(stderr, "imported: frontend") {
		t.Errorf("unknown component: exit %d, %s", code, stderr)
	}
}
