package cli

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func init() {
	// Another test file of this package may define -update too; define it
	// only if it is not there yet (package variables initialise before init).
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// runTraceCLI runs the real command tree with a State over the OS.
func runTraceCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{
		Args: args, Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""),
		ReadFile: os.ReadFile,
		Open:     func(name string) (io.ReadCloser, error) { return os.Open(name) },
		Create:   osCreate,
		Rename:   os.Rename,
		Remove:   os.Remove,
		ReadDir:  osReadDir,
		Now:      func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
		Ctx:      context.Background(),
	}
	code := Main(st)
	return out.String(), errb.String(), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "trace", name)
	if updating() {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file:\n--- want\n%s\n--- got\n%s", name, want, got)
	}
}

func TestTraceStatsGolden(t *testing.T) {
	fixtures := []string{"requests.csv", "counts.csv", "access.log", "alb.log",
		"invocations_per_function_md.anon.d01.csv", "azure2021.csv", "prometheus.json"}
	for _, f := range fixtures {
		for _, o := range []string{"table", "json"} {
			out, errOut, code := runTraceCLI(t, "trace", "stats", filepath.Join("..", "trace", "testdata", f), "-o", o)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", f, code, errOut)
			}
			golden(t, f+"."+o+".golden", out)
		}
	}
}

func TestTraceStatsErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("2026-03-02T09:00:00Z\nnot a time\n2026-03-02T09:00:01Z\n"), 0o644)
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"trace", "stats", bad}, 2, "bad.csv:2: expected a timestamp"},
		{[]string{"trace", "stats", filepath.Join(dir, "missing.log")}, 1, "no such file"},
		{[]string{"trace", "stats", bad, "--format", "xml"}, 2, "valid: csv, csv-counts"},
		{[]string{"trace", "stats", bad, "-o", "yaml"}, 2, "unknown output format"},
		{[]string{"trace", "stats"}, 2, "accepts 1 arg"},
		{[]string{"trace", "synth", "--functions", "0", "--out", dir}, 2, "--functions 0 is out of range"},
		{[]string{"trace", "synth"}, 2, "--out is required"},
	}
	for _, c := range cases {
		_, errOut, code := runTraceCLI(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
	out, _, code := runTraceCLI(t, "trace", "stats", bad, "--skip-bad-lines")
	if code != 0 || !strings.Contains(out, "skipped lines   1") || !strings.Contains(out, "requests        2") {
		t.Errorf("--skip-bad-lines: exit %d\n%s", code, out)
	}
}

// TestTraceSynth: synth writes three files a day, deterministically, and
// stats reads the directory back.
func TestTraceSynth(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, errOut, code := runTraceCLI(t, "trace", "synth", "--functions", "50", "--days", "2", "--seed", "9", "--out", d); code != 0 {
			t.Fatalf("synth: %s", errOut)
		}
	}
	names, _ := osReadDir(a)
	if len(names) != 6 {
		t.Fatalf("wrote %v, want 6 files", names)
	}
	for _, n := range names {
		x, _ := os.ReadFile(filepath.Join(a, n))
		y, _ := os.ReadFile(filepath.Join(b, n))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with seed 9", n)
		}
	}
	out, errOut, code := runTraceCLI(t, "trace", "stats", a, "-o", "json")
	if code != 0 || !strings.Contains(out, `"functions": 50`) || !strings.Contains(out, `"span_seconds": 172800`) || !strings.Contains(out, `"duration_seconds"`) {
		t.Errorf("stats of the synthetic directory: exit %d %s\n%s", code, errOut, out)
	}
}
