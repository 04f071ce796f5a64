package cli

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPlannerUsageErrors: bad flags of breakeven and plan exit 2 with a
// message naming the flag and what would be valid.
func TestPlannerUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15"}, "missing the % sign"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "abc%/month"}, `"abc" is not a number`},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15%/fortnight"}, "unknown period"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "-120%/month"}, "cannot shrink by 100 %"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15%/month", "--months", "-3"}, "between 1 and 120"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15%/month", "--months", "0"}, "between 1 and 120"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15%/month", "--migration-weeks", "-1"}, "must be 0 or more"},
		{[]string{"plan", "examples/startup-api.yaml"}, "no growth rate"},
		{[]string{"plan", "examples/startup-api.yaml", "--growth", "15%/month", "-o", "yaml"}, "unknown output format"},
		{[]string{"breakeven", "examples/startup-api.yaml", "--component", "nope"}, "valid: api"},
		{[]string{"breakeven"}, "accepts 1 arg"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			_, stderr, code := execCLI(t, c.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr: %s)", code, stderr)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr %q does not mention %q", stderr, c.want)
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace on bad input: %s", stderr)
			}
		})
	}
}

// TestPlannerGolden runs breakeven and plan on bundled examples in every
// output format and compares with the golden files (-update-examples).
func TestPlannerGolden(t *testing.T) {
	runs := []struct {
		name string
		args []string
	}{
		{"breakeven-startup-api", []string{"breakeven", "examples/startup-api.yaml"}},
		{"breakeven-article", []string{"breakeven", "examples/article/breakeven.yaml", "--curves"}},
		{"plan-startup-api", []string{"plan", "examples/startup-api.yaml", "--growth", "15%/month", "--months", "36"}},
		{"plan-article-growth", []string{"plan", "examples/article/growth.yaml", "--growth", "20%/month", "--months", "36"}},
	}
	for _, r := range runs {
		for _, format := range []string{"table", "json", "markdown"} {
			t.Run(r.name+"/"+format, func(t *testing.T) {
				out, stderr, code := execCLI(t, append(r.args, "-o", format)...)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if format == "json" && !json.Valid([]byte(out)) {
					t.Fatalf("invalid JSON:\n%s", out)
				}
				ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
				golden := filepath.Join("testdata", "planner", r.name+"."+ext)
				if *updateExamples {
					if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/cli -run TestPlannerGolden -update-examples)", err)
				}
				if out != string(want) {
					t.Errorf("output differs from %s:\n%s", golden, firstDiff(string(want), out))
				}
			})
		}
	}
}

// TestBreakevenJSONShape checks the JSON contract: one object per
// component and one for the system, with null (and a reason) where the
// lines never cross.
func TestBreakevenJSONShape(t *testing.T) {
	out, stderr, code := execCLI(t, "breakeven", "examples/article/breakeven.yaml", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0]["component"] != "api" || rows[1]["component"] != "(system)" {
		t.Fatalf("rows = %v", rows)
	}
	for _, k := range []string{"component", "serverless_platform", "kubernetes_platform", "breakeven_requests_per_month", "breakeven_requests_per_month_with_people", "curve"} {
		if _, ok := rows[0][k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if rows[0]["serverless_platform"] != "aws-lambda" || rows[0]["kubernetes_platform"] != "eks" {
		t.Errorf("platforms = %v / %v", rows[0]["serverless_platform"], rows[0]["kubernetes_platform"])
	}
	if rows[0]["breakeven_requests_per_month_with_people"] == nil && rows[0]["reason_with_people"] == nil {
		t.Error("a null break-even must come with its reason")
	}
	if c, _ := rows[0]["curve"].([]any); len(c) < 10 {
		t.Errorf("curve has %d points", len(c))
	}
}

// TestPlanSpecGrowth: without --growth the plan uses each component's
// traffic.growth_per_month and, without --months, the spec's horizon
// (growth_months, default 12).
func TestPlanSpecGrowth(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "article", "growth.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	spec := strings.Replace(string(src), "peak_to_mean: 1.5}", "peak_to_mean: 1.5, growth_per_month: 0.2, growth_months: 18}", 1)
	path := filepath.Join(dir, "g.yaml")
	if err := os.WriteFile(path, []byte(spec), 0o644); err != nil {
		t.Fatal(err)
	}
	out, stderr, code := execCLI(t, "plan", path, "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var p struct {
		Months   int      `json:"months"`
		Growth   *float64 `json:"growth_per_month"`
		Timeline []struct {
			RequestsPerMonth float64 `json:"requests_per_month"`
		} `json:"timeline"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	if p.Months != 18 || p.Growth != nil || len(p.Timeline) != 18 {
		t.Fatalf("months %d, growth %v, %d rows; want 18, null, 18", p.Months, p.Growth, len(p.Timeline))
	}
	// 20 M requests growing 20 % a month: month 18 is 20 M × 1.2^17.
	if want := 20e6 * math.Pow(1.2, 17); math.Abs(p.Timeline[17].RequestsPerMonth-want) > 1 {
		t.Errorf("month 18 volume = %g, want %g", p.Timeline[17].RequestsPerMonth, want)
	}
}
