package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A cluster bought under a commitment shows its price beside the on-demand
// one; a Lambda savings plan names itself in the option's reasons.
func TestAnalyzeShowsPurchaseBesideOnDemand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	spec := `version: 1
name: p
purchase: {gke: cud-1y, aws-lambda: compute-savings-plan-1y}
components:
  - name: api
    type: http-api
    requests_per_month: 300000000
    duration_ms: 100
    cpu_ms: 50
    memory_mb: 512
    traffic: {shape: constant}
`
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := execCLI(t, "analyze", path, "--details")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Nodes bought as cud-1y:", "committed use discount 1y, committed", "bought as compute-savings-plan-1y (purchase:)"} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("analyze --details lacks %q", want)
		}
	}
	if strings.Contains(stderr, "not yet priced") {
		t.Errorf("stderr still warns the options are not priced: %s", stderr)
	}
}
