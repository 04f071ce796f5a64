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
)

var updateExamples = flag.Bool("update-examples", false, "rewrite the examples' golden outputs")

// fixedNow is the clock the golden tests run at: inside the catalog's
// freshness window, so no staleness warning appears.
var fixedNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// execCLI runs the real command tree in-process from the repository root.
func execCLI(t testing.TB, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	root := filepath.Join("..", "..")
	st := &State{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Stdin:  strings.NewReader(""),
		ReadFile: func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(root, name)
			}
			return os.ReadFile(name)
		},
		Open: func(name string) (io.ReadCloser, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(root, name)
			}
			return os.Open(name)
		},
		Now: func() time.Time { return fixedNow },
		Ctx: context.Background(),
	}
	code = Main(st)
	return out.String(), errb.String(), code
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
				ext := map[string]string{"table": "txt", "json": "json", "markdown": "md"}[format]
				golden := filepath.Join("testdata", "examples", name+"."+ext)
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
					t.Fatalf("%v (run go test ./internal/cli -run TestExamplesGolden -update-examples)", err)
				}
				if out != string(want) {
					t.Errorf("output differs from %s (rerun with -update-examples after checking the change):\n%s", golden, firstDiff(string(want), out))
				}
			})
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
