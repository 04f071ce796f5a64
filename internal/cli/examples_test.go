package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var updateExamples = flag.Bool("update-examples", false, "rewrite the examples' golden outputs")

// fixedNow is the clock the golden tests run at: inside the catalog's
// freshness window, so no staleness warning appears.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// testState is a State over the repository root with a fixed clock,
// capturing stdout (returned) and stderr (st.Stderr).
func testState() (*State, *bytes.Buffer) {
	var out, errb bytes.Buffer
	root := filepath.Join("..", "..")
	abs := func(name string) string {
		if !filepath.IsAbs(name) {
			return filepath.Join(root, name)
		}
		return name
	}
	st := &State{
		Stdout:   &out,
		Stderr:   &errb,
		Stdin:    strings.NewReader(""),
		ReadFile: func(name string) ([]byte, error) { return os.ReadFile(abs(name)) },
		Open:     func(name string) (io.ReadCloser, error) { return os.Open(abs(name)) },
		WriteFile: func(name string, data []byte) error {
			return writeFileAtomic(abs(name), data)
		},
		Now: func() time.Time { return fixedNow },
		Ctx: context.Background(),
	}
	return st, &out
}

// execCLI runs the real command tree in-process from the repository root.
func execCLI(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	st, out := testState()
	st.Args = args
	code = Main(st)
	return out.String(), st.Stderr.(*bytes.Buffer).String(), code
}

// TestExamplesGolden runs every bundled example the way the README does, in
// every output format, and compares with the golden files.
func TestExamplesGolden(t *testing.T) {
	specs, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(specs) < 8 {
		t.Fatalf("want at least 8 examples, found %d (%v)", len(specs), err)
	}
	for _, spec := range specs {
		name := strings.TrimSuffix(filepath.Base(spec), ".yaml")
		for _, format := range []string{"table", "json", "markdown"} {
			t.Run(name+"/"+format, func(t *testing.T) {
				out, stderr, code := execCLI(t, "analyze", filepath.Join("examples", name+".yaml"), "-o", format)
				if code != 0 {
					t.Fatalf("exit %d: %s", code, stderr)
				}
				if format == "table" {
					checkWidth(t, out, 100)
				}
				ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
				golden := filepath.Join("testdata", "examples", name+"."+ext)
				if *updateExamples || updating() {
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
					t.Fatalf("%v (run go test ./internal/cli -run TestExamplesGolden -update)", err)
				}
				if out != string(want) {
					t.Errorf("output differs from %s (rerun with -update after checking the change):\n%s", golden, firstDiff(string(want), out))
				}
			})
		}
	}
}

// checkWidth fails t for every line of out wider than width columns.
func checkWidth(t *testing.T, out string, width int) {
	t.Helper()
	for i, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("line %d is %d columns wide, more than %d:\n%s", i+1, n, width, l)
		}
	}
}

// firstDiff shows the first differing line of two texts.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n- " + w + "\n+ " + g
		}
	}
	return ""
}
