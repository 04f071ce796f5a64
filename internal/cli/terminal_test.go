package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/report"
)

// goldenFile compares got with testdata/name, or rewrites it under -update.
func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update after checking the change):\n%s", p, firstDiff(string(want), got))
	}
}

const systemV2 = "internal/cli/testdata/diff/system-v2.yaml"

// saved runs analyze -o json once on examples/system.yaml and its next
// version and keeps both in a temporary directory, for the diff tests.
func saved(t *testing.T) (old, new string) {
	t.Helper()
	savedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "fulcrum-diff-")
		if err != nil {
			savedErr = err
			return
		}
		for name, spec := range map[string]string{"old.json": "examples/system.yaml", "new.json": systemV2} {
			out, stderr, code := execCLI(t, "analyze", spec, "-o", "json")
			if code != 0 {
				savedErr = fmt.Errorf("analyze %s: exit %d: %s", spec, code, stderr)
				return
			}
			if err := os.WriteFile(filepath.Join(dir, name), []byte(out), 0o644); err != nil {
				savedErr = err
				return
			}
		}
		savedDir = dir
	})
	if savedErr != nil {
		t.Fatal(savedErr)
	}
	return filepath.Join(savedDir, "old.json"), filepath.Join(savedDir, "new.json")
}

var (
	savedOnce sync.Once
	savedDir  string
	savedErr  error
)

// TestDiffGolden diffs two versions of examples/system.yaml: the API more
// expensive, the webhook processor moved off Azure Functions.
func TestDiffGolden(t *testing.T) {
	old, new := saved(t)
	rename := func(s string) string {
		return strings.NewReplacer(old, "examples/system.yaml", new, systemV2).Replace(s)
	}
	for _, format := range []string{"table", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			out, stderr, code := execCLI(t, "diff", old, new, "-o", format)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			out = rename(out)
			if format == "table" {
				checkWidth(t, out, 100)
			}
			ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
			goldenFile(t, "diff/system."+ext, out)
			if format != "json" {
				return
			}
			var d report.Diff
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			moved := map[string]bool{}
			for _, c := range d.Components {
				if c.Moved {
					moved[c.Name] = true
				}
				if c.Name == "api" && (c.DeltaUSD == nil || !c.DeltaUSD.IsPositive()) {
					t.Errorf("api should cost more in the new version: %+v", c.Change)
				}
			}
			// webhooks needs 12 GB in the new version: Cloud Functions (8 GB
			// at most) can no longer run it, so it moves to Cloud Run. The
			// rest stays: the recommended placement is all on Google Cloud,
			// with no cluster for a component to join.
			if len(moved) != 1 || !moved["webhooks"] {
				t.Errorf("want webhooks moved, got %v", moved)
			}
		})
	}
	// Two specs give the same diff as the two saved analyses.
	t.Run("specs", func(t *testing.T) {
		out, stderr, code := execCLI(t, "diff", "examples/system.yaml", systemV2, "-o", "json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want, _, _ := execCLI(t, "diff", old, new, "-o", "json")
		if out != rename(want) {
			t.Errorf("diff of the specs differs from the diff of their analyses:\n%s", firstDiff(rename(want), out))
		}
	})
}

func TestDiffThresholds(t *testing.T) {
	old, new := saved(t)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		// The recommended architecture rises by about 2.2 % (AWS, the api on the EKS cluster).
		{"IncreaseAboveLimit", []string{"--fail-on-increase", "1%"}, 3, "more than --fail-on-increase 1%"},
		{"IncreaseWithinLimit", []string{"--fail-on-increase", "50"}, 0, ""},
		{"AboveBudget", []string{"--fail-above", "1000"}, 3, "above --fail-above $1,000.00"},
		{"WithinBudget", []string{"--fail-above", "$1M"}, 0, ""},
		// A saving never fails --fail-on-increase.
		{"Saving", []string{"--fail-on-increase", "0", "--swap"}, 0, ""},
		{"ErrBadPercent", []string{"--fail-on-increase", "ten"}, 2, "not a percentage (write e.g. 10 or 10%"},
		{"ErrBadAmount", []string{"--fail-above", "lots"}, 2, "not an amount of dollars (write e.g. 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, b := old, new
			args := c.args
			if args[len(args)-1] == "--swap" {
				a, b, args = new, old, args[:len(args)-1]
			}
			out, stderr, code := execCLI(t, append([]string{"diff", a, b}, args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, stderr)
			}
			if !strings.Contains(stderr, c.msg) {
				t.Errorf("stderr %q does not say %q", stderr, c.msg)
			}
			if c.code == 3 && !strings.Contains(out, "FULCRUM DIFF") {
				t.Errorf("the diff should be printed before failing:\n%s", out)
			}
		})
	}
}

func TestDiffBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "v9.json")
	if err := os.WriteFile(bad, []byte(`{"version": 9, "prices_as_of": "x", "architectures": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := execCLI(t, "diff", bad, bad)
	if code != 2 || !strings.Contains(stderr, "analysis version 9 (valid: 1") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = execCLI(t, "diff", "examples/system.yaml")
	if code != 2 || !strings.Contains(stderr, "accepts 2 arg") {
		t.Errorf("one argument: exit %d, stderr %q", code, stderr)
	}
}

// TestAnalyzeViews covers --component, --details and their errors.
func TestAnalyzeViews(t *testing.T) {
	t.Run("Component", func(t *testing.T) {
		out, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--component", "db")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		checkWidth(t, out, 100)
		if strings.Contains(out, "COMPONENT API") || !strings.Contains(out, "COMPONENT DB") {
			t.Errorf("--component db should show db alone:\n%s", out)
		}
		if strings.Contains(out, "(source: http") {
			t.Errorf("sources should be footnotes, not inline:\n%s", out)
		}
		goldenFile(t, "analyze/system-component-db.txt", out)
	})
	t.Run("Details", func(t *testing.T) {
		out, stderr, code := execCLI(t, "analyze", "examples/system.yaml", "--details")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		checkWidth(t, out, 100)
		for _, want := range []string{"SHARED CLUSTERS", "COMPONENT NIGHTLY-REPORT", "Line items, gke", "SOURCES"} {
			if !strings.Contains(out, want) {
				t.Errorf("--details lacks %q", want)
			}
		}
		goldenFile(t, "analyze/system-details.txt", out)
	})
	errCases := []struct {
		name string
		args []string
		msg  string
	}{
		{"ErrUnknownComponent", []string{"--component", "dbb", "--no-simulate"}, `unknown component "dbb": did you mean db? (valid: web, api,`},
		{"ErrBothViews", []string{"--component", "db", "--details"}, "give --component or --details, not both"},
		{"ErrFormat", []string{"-o", "xml"}, `unknown output format "xml" (valid: table, json, yaml, markdown)`},
	}
	for _, c := range errCases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := execCLI(t, append([]string{"analyze", "examples/system.yaml"}, c.args...)...)
			if code != 2 || !strings.Contains(stderr, c.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.msg)
			}
		})
	}
}

func TestAnalyzeFailAbove(t *testing.T) {
	t.Parallel()
	out, stderr, code := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "--fail-above", "1")
	if code != 3 || !strings.Contains(stderr, "above --fail-above $1.00 by") {
		t.Errorf("exit %d, stderr %q; want 3 and the amount", code, stderr)
	}
	if !strings.Contains(out, "COMPONENTS") {
		t.Errorf("the analysis should be printed before failing")
	}
	_, stderr, code = execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "--fail-above", "1M")
	if code != 0 {
		t.Errorf("within budget: exit %d: %s", code, stderr)
	}
}

func TestAnalyzeYAMLMatchesJSON(t *testing.T) {
	t.Parallel()
	j, _, code := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "-o", "json")
	y, stderr, code2 := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "-o", "yaml")
	if code != 0 || code2 != 0 {
		t.Fatalf("exit %d/%d: %s", code, code2, stderr)
	}
	var fromJSON, fromYAML any
	if err := json.Unmarshal([]byte(j), &fromJSON); err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal([]byte(y), &fromYAML); err != nil {
		t.Fatal(err)
	}
	jb, _ := json.Marshal(fromJSON)
	yb, _ := json.Marshal(fromYAML)
	if string(jb) != string(yb) {
		t.Errorf("-o yaml carries a different document from -o json:\n%s", firstDiff(string(jb), string(yb)))
	}
}

func TestOutFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "sub", "analysis.md")
	stdout, stderr, code := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "-o", "markdown", "--out-file", target)
	if code != 0 || stdout != "" {
		t.Fatalf("exit %d, stdout %q: %s", code, stdout, stderr)
	}
	want, _, _ := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate", "-o", "markdown")
	got, err := os.ReadFile(target)
	if err != nil || string(got) != want {
		t.Errorf("the file differs from stdout (%v)", err)
	}
	// A failing run leaves the old file as it was, and no temporary file.
	_, _, code = execCLI(t, "analyze", "examples/nope.yaml", "--out-file", target)
	if code == 0 {
		t.Fatal("a missing spec should fail")
	}
	after, _ := os.ReadFile(target)
	if string(after) != want {
		t.Error("a failed run changed the output file")
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	if len(entries) != 1 {
		t.Errorf("want only the output file, found %d entries", len(entries))
	}
}

func TestColor(t *testing.T) {
	t.Parallel()
	plain, _, _ := execCLI(t, "analyze", "examples/startup-api.yaml", "--no-simulate")
	if strings.Contains(plain, "\x1b[") {
		t.Error("colour codes without a colour terminal")
	}
	st, out := testState()
	st.Color = true
	st.Args = []string{"analyze", "examples/startup-api.yaml", "--no-simulate"}
	if code := Main(st); code != 0 {
		t.Fatalf("exit %d", code)
	}
	col := out.String()
	if !strings.Contains(col, "\x1b[32m") {
		t.Error("no colour on a colour terminal")
	}
	if report.StripANSI(col) != plain {
		t.Errorf("colour changed the text:\n%s", firstDiff(plain, report.StripANSI(col)))
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	out, stderr, code := execCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "fulcrum ") || !strings.Contains(out, "catalog: prices as of 20") {
		t.Errorf("exit %d, out %q, stderr %q", code, out, stderr)
	}
	out, _, _ = execCLI(t, "version", "-o", "json")
	var v versionInfo
	if err := json.Unmarshal([]byte(out), &v); err != nil || v.Version == "" || v.CatalogAsOf == "" {
		t.Errorf("version -o json: %v %+v", err, v)
	}
}

// TestCompletion asks the shell-completion entry point what it offers.
func TestCompletion(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"OutputValues", []string{"__complete", "analyze", "examples/system.yaml", "-o", ""}, []string{"table", "json", "yaml", "markdown"}},
		{"Offerings", []string{"__complete", "price", "aws"}, []string{"aws-lambda"}},
		{"PlatformIDs", []string{"__complete", "simulate", "serverless", "--platform", ""}, []string{"aws-lambda", "gcp-cloud-run", "azure-functions"}},
		{"Components", []string{"__complete", "analyze", "examples/system.yaml", "--component", ""}, []string{"web", "nightly-report"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, stderr, code := execCLI(t, c.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			lines := strings.Split(out, "\n")
			for _, w := range c.want {
				found := false
				for _, l := range lines {
					if l == w || strings.HasPrefix(l, w+"\t") {
						found = true
					}
				}
				if !found {
					t.Errorf("completion lacks %q:\n%s", w, out)
				}
			}
		})
	}
	out, _, code := execCLI(t, "completion", "bash")
	if code != 0 || !strings.Contains(out, "bash completion") {
		t.Errorf("completion bash: exit %d", code)
	}
}

func TestPriceFriendlyErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args []string
		msg  string
	}{
		{"ErrUnknownOffering", []string{"price", "lambda"}, `unknown offering "lambda": did you mean aws-lambda? (valid: aks,`},
		{"ErrFlagOfAnother", []string{"price", "gke", "--tier", "standard"}, "gke has no --tier flag; the offerings that have it: aks"},
		{"ErrBadCount", []string{"price", "aws-lambda", "--requests", "10x"}, `"10x" is not a count (write e.g. 1500, 40k, 10M or 1.5B)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := execCLI(t, c.args...)
			if code != 2 || !strings.Contains(stderr, c.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, c.msg)
			}
		})
	}
	// A suffixed count prices the same as the number written out.
	a, _, _ := execCLI(t, "price", "aws-lambda", "--requests", "3M", "--duration", "120ms", "--memory-mb", "1536", "-o", "json")
	b, _, _ := execCLI(t, "price", "aws-lambda", "--requests", "3000000", "--duration", "120ms", "--memory-mb", "1536", "-o", "json")
	if a != b || a == "" {
		t.Errorf("--requests 3M and 3000000 differ:\n%s", firstDiff(b, a))
	}
}

// TestREADMEListsEveryFlag: each flag of the commands this README section
// covers appears in the README with its dashes.
func TestREADMEListsEveryFlag(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := testState()
	root := NewRoot(st)
	for _, name := range []string{"analyze", "diff", "version"} {
		c, _, err := root.Find([]string{name})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(readme), "fulcrum "+name) {
			t.Errorf("README has no example of fulcrum %s", name)
		}
		c.Flags().VisitAll(func(f *pflag.Flag) {
			if f.Name == "help" {
				return
			}
			if !strings.Contains(string(readme), "--"+f.Name) && !(f.Shorthand != "" && strings.Contains(string(readme), "`-"+f.Shorthand+" ")) {
				t.Errorf("README does not mention %s --%s", name, f.Name)
			}
		})
	}
}

func TestBreakevenComponentSuggestion(t *testing.T) {
	t.Parallel()
	_, stderr, code := execCLI(t, "breakeven", "examples/system.yaml", "--component", "dbb")
	if code != 2 || !strings.Contains(stderr, "did you mean db? (valid: web,") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
