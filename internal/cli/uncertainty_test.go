package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAnalyzeUncertainty: analyze --uncertainty on examples/system.yaml
// names ties and gives the recommendation's P10/P50/P90 and its probability
// of being the cheapest, in the table and the JSON (goldens), the same
// bytes for the same seed.
func TestAnalyzeUncertainty(t *testing.T) {
	if testing.Short() {
		t.Skip("about 150 analyses")
	}
	out, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "50", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"uncertainty": {`, `"probability_cheapest"`, `"ties": [`, `"decided_by": "single-cloud"`, `"tornado": [`, `"flip_points": [`} {
		if !strings.Contains(out, want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
	goldenFile(t, "analyze/system-uncertainty.json", out)
	again, _, _ := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "50", "-o", "json")
	if again != out {
		t.Error("the same seed gave different JSON")
	}
	table, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "50")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	checkWidth(t, table, 100)
	for _, want := range []string{"UNCERTAINTY", "Recommended architecture: P10 $", "ties with", "Tornado", "Flip points"} {
		if !strings.Contains(strings.Join(strings.Fields(table), " "), want) {
			t.Errorf("table lacks %q", want)
		}
	}
	goldenFile(t, "analyze/system-uncertainty.txt", table)
	plain, _, _ := execCLI(t, "analyze", "examples/system.yaml", "--no-simulate", "-o", "json")
	if strings.Contains(plain, `"uncertainty"`) {
		t.Error("the JSON without --uncertainty has an uncertainty field")
	}
}

// TestAnalyzeUncertaintyBadRanges: a range with p10 > p90, a negative
// bound or an unknown distribution exits 2 at file:line:column.
func TestAnalyzeUncertaintyBadRanges(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.yaml")
	spec := `version: 1
name: bad
components:
  - name: api
    type: http-api
    requests_per_month: {p10: 40M, p50: 10M, p90: 5M}
    duration_ms: {min: -1, max: 200}
    memory_mb: {min: 128, max: 512, dist: gaussian}
`
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := execCLI(t, "analyze", path, "--uncertainty", "10")
	if code != 2 {
		t.Fatalf("exit %d, want 2: %s", code, stderr)
	}
	for _, want := range []string{"bad.yaml:6:25: components[0].requests_per_month: p10 (40000000) is above p90",
		"bad.yaml:7:18: components[0].duration_ms: a bound is negative", "bad.yaml:8:43: components[0].memory_mb.dist: unknown distribution \"gaussian\""} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "0"); code != 2 || !strings.Contains(stderr, "--uncertainty takes") {
		t.Errorf("--uncertainty 0: exit %d, %s", code, stderr)
	}
}

// TestAnalyzeCatalogSpread: the report says how many catalog prices were
// varied; --catalog-spread 0 varies none and keeps the catalog out of the
// tornado; a negative spread is a usage error.
func TestAnalyzeCatalogSpread(t *testing.T) {
	t.Parallel()
	on, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "8")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`The catalog's prices varied too: [1-9][0-9,]* prices \([1-9][0-9,]* tagged U`).MatchString(on) {
		t.Errorf("the table does not say how many catalog prices were varied:\n%s", on)
	}
	off, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "8", "--catalog-spread", "0", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(off, `"varied": 0`) || strings.Contains(off, `"input": "catalog:`) {
		t.Errorf("--catalog-spread 0 still varies the catalog")
	}
	if _, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--uncertainty", "8", "--catalog-spread", "-1"); code != 2 || !strings.Contains(stderr, "--catalog-spread takes") {
		t.Errorf("--catalog-spread -1: exit %d, %s", code, stderr)
	}
}
