package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
