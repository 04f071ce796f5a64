//go:build !windows

package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestMain lets a test run the real command line in a child process (the
// test binary itself, with FULCRUM_TEST_MAIN=1): a terminal, pipes and
// signals are then the operating system's, as for the installed binary.
func TestMain(m *testing.M) {
	if os.Getenv("FULCRUM_TEST_MAIN") == "1" {
		os.Exit(Main(OSState()))
	}
	os.Exit(m.Run())
}

// fulcrum is the command line in a child process.
func fulcrum(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), "FULCRUM_TEST_MAIN=1", "TERM=xterm", "NO_COLOR=1")
	return c
}

var planArgs = []string{"plan", "../../examples/startup-api.yaml", "--growth", "15%/month", "--months", "36"}

// runInTerminal runs args on a pseudo-terminal of size (0 columns: a
// terminal that does not say its width) and returns all it wrote.
func runInTerminal(t *testing.T, size *pty.Winsize, args ...string) string {
	t.Helper()
	c := fulcrum(args...)
	f, err := pty.StartWithSize(c, size)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	defer f.Close()
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		_, _ = io.Copy(&out, f) // ends with EIO once the child has exited
		close(done)
	}()
	if err := c.Wait(); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out.String())
	}
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the terminal's output did not end")
	}
	return out.String()
}

// TestPlanProgressOnTerminal: on a terminal that tells its width, plan
// draws a bar with a percentage and the time left, and ends it at 100 %;
// the plan itself follows.
func TestPlanProgressOnTerminal(t *testing.T) {
	t.Parallel()
	out := runInTerminal(t, &pty.Winsize{Rows: 40, Cols: 120}, planArgs...)
	if !regexp.MustCompile(`planning 36 months.*\d+ %`).MatchString(out) {
		t.Errorf("no progress bar with a percentage:\n%q", out)
	}
	if !strings.Contains(out, "100 %") || !strings.Contains(out, "done") {
		t.Errorf("the bar does not end at 100 %% and done:\n%q", out)
	}
	if !strings.Contains(out, "Over 36 months") {
		t.Errorf("no plan after the bar:\n%q", out)
	}
}

// TestPlanProgressPlainTerminal: a terminal of unknown width gets a plain
// line rewritten in place, with the percentage, and no cursor movement.
func TestPlanProgressPlainTerminal(t *testing.T) {
	t.Parallel()
	out := runInTerminal(t, &pty.Winsize{}, planArgs...)
	if !regexp.MustCompile(`\rplanning 36 months +\d+%`).MatchString(out) || !strings.Contains(out, "planning 36 months 100%, done in") {
		t.Errorf("no plain progress line:\n%q", out)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("escape sequences in the plain progress:\n%q", out)
	}
}

// TestPlanPipedHasNoControlCharacters: with stdout and stderr piped there
// is no progress at all, and the output has no control characters but
// newlines.
func TestPlanPipedHasNoControlCharacters(t *testing.T) {
	t.Parallel()
	c := fulcrum(planArgs...)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	for name, b := range map[string][]byte{"stdout": stdout.Bytes(), "stderr": stderr.Bytes()} {
		for i, ch := range b {
			if ch < 0x20 && ch != '\n' || ch == 0x7f {
				t.Fatalf("%s has control character %#x at %d: %q", name, ch, i, b[max(0, i-40):min(len(b), i+40)])
			}
		}
	}
	if !strings.Contains(stdout.String(), "Over 36 months") || strings.Contains(stderr.String(), "planning") {
		t.Errorf("stdout %q\nstderr %q", stdout.String(), stderr.String())
	}
}

// interrupt starts args, sends SIGINT after wait and returns the exit code,
// how long the command took to stop, and its stdout.
func interrupt(t *testing.T, wait time.Duration, args ...string) (int, time.Duration, string) {
	t.Helper()
	c := fulcrum(args...)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(wait)
	sent := time.Now()
	if err := c.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err := c.Wait()
	took := time.Since(sent)
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("%v: want an exit code, got %v (the command finished before the signal?)\n%s", args, err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr %q does not say it was interrupted", stderr.String())
	}
	return ee.ExitCode(), took, stdout.String()
}

// TestPlanInterrupted: Ctrl-C stops a long plan within a couple of
// seconds, with exit 130 and nothing on stdout.
func TestPlanInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a long plan")
	}
	t.Parallel()
	code, took, out := interrupt(t, 1500*time.Millisecond, "plan", "../../examples/system.yaml", "--growth", "20%/month", "--months", "36", "--exact")
	if code != 130 || out != "" {
		t.Errorf("exit %d, stdout %q; want 130 and nothing", code, out)
	}
	if took > 3*time.Second {
		t.Errorf("took %v to stop after Ctrl-C", took)
	}
}

// TestTraceSynthInterrupted: Ctrl-C while a synthetic trace is written
// leaves no file in the output directory (complete or partial).
func TestTraceSynthInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large trace")
	}
	t.Parallel()
	dir := t.TempDir()
	code, took, out := interrupt(t, 700*time.Millisecond, "trace", "synth", "--functions", "200000", "--days", "14", "--out", dir)
	if code != 130 || out != "" {
		t.Errorf("exit %d, stdout %q; want 130 and nothing", code, out)
	}
	if took > 3*time.Second {
		t.Errorf("took %v to stop after Ctrl-C", took)
	}
	left, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	hidden, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(left)+len(hidden) > 0 {
		t.Errorf("files left behind: %v %v", left, hidden)
	}
}
