package cli_test

import (
	"strings"
	"testing"
)

const regionSpec = `version: 1
name: acme
region: %s
kubernetes:
  node_types: [m6i.2xlarge]
components:
  - name: api
    type: http-api
    requests_per_month: 10000000
`

// region: eu-west-1 analyses with eu-west-1's prices; region: mars-1 exits
// 2 at its file:line:column with the regions there are, never falling back
// to us-east-1.
func TestAnalyzeRegion(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"eu.yaml":   strings.Replace(regionSpec, "%s", "eu-west-1", 1),
		"mars.yaml": strings.Replace(regionSpec, "%s", "mars-1", 1),
	}
	out, errOut, code := validateRun(t, files, "", "analyze", "eu.yaml", "--no-simulate", "-o", "json")
	if code != 0 {
		t.Fatalf("eu-west-1: exit %d: %s", code, errOut)
	}
	for _, want := range []string{`"region": "eu-west-1"`, `"gcp": "europe-west1"`, `"azure": "westeurope"`, `"name": "m6i.2xlarge on-demand (Linux)"`, `"unit_price": 0.428`} {
		if !strings.Contains(out, want) {
			t.Errorf("eu-west-1 analysis lacks %s", want)
		}
	}
	_, errOut, code = validateRun(t, files, "", "analyze", "mars.yaml")
	if code != 2 {
		t.Fatalf("mars-1: exit %d, want 2", code)
	}
	if !strings.Contains(errOut, "mars.yaml:3:1: region:") || !strings.Contains(errOut, "valid: eastus, eu-west-1, europe-west1, us-central1, us-east-1, westeurope") {
		t.Errorf("mars-1: stderr %q does not name the position and the valid regions", errOut)
	}
}
