package cli

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

var updateServerless = flag.Bool("update-serverless", false, "rewrite testdata/simulate-serverless-*.json")

func runCLI(t *testing.T, tty bool, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{
		Args:       args,
		Stdout:     &out,
		Stderr:     &errb,
		Stdin:      strings.NewReader(""),
		ReadFile:   func(string) ([]byte, error) { return nil, os.ErrNotExist },
		Now:        func() time.Time { return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) },
		IsTerminal: tty,
		Ctx:        context.Background(),
	}
	code = Main(st)
	return code, out.String(), errb.String()
}

// The example with --seed 1, as JSON: same input, same bytes.
func TestSimulateServerlessGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"cli-example", []string{"simulate", "serverless", "--arrival-rate", "0.9", "--warm-service", "1.991s",
			"--cold-service", "2.244s", "--service-dist", "exponential", "--keep-alive", "10m",
			"--horizon", "1000000s", "--seed", "1", "-o", "json"}},
		{"lambda-preset", []string{"simulate", "serverless", "--platform", "aws-lambda", "--runtime", "python",
			"--memory-mb", "1024", "--arrival-rate", "5", "--warm-service", "120ms", "--service-dist", "lognormal",
			"--warm-p99", "600ms", "--shape", "diurnal", "--peak-to-mean", "3", "--horizon", "24h", "--provisioned", "2",
			"--seed", "7", "-o", "json"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, false, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if errOut != "" {
				t.Errorf("stderr not empty: %q", errOut)
			}
			golden := filepath.Join("testdata", "simulate-serverless-"+tc.name+".json")
			if *updateServerless || updating() {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update-serverless to create it)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s (run with -update-serverless after checking):\n%s", golden, out)
			}
			for _, field := range []string{`"requests"`, `"cold_starts"`, `"cold_start_probability"`, `"rejected"`,
				`"rejection_probability"`, `"mean_instances"`, `"mean_running_instances"`, `"mean_idle_instances"`,
				`"max_instances"`, `"utilization"`, `"latency_ms"`, `"p50"`, `"p95"`, `"p99"`, `"p999"`,
				`"billed_gb_seconds"`, `"seed"`} {
				if !strings.Contains(out, field) {
					t.Errorf("JSON lacks %s", field)
				}
			}
		})
	}
}

func TestSimulateServerlessTable(t *testing.T) {
	t.Parallel()
	// A terminal but a short run: no progress bar, just the table.
	code, out, errOut := runCLI(t, true, "simulate", "serverless", "--arrival-rate", "2", "--warm-service", "100ms",
		"--keep-alive", "5m", "--horizon", "1h", "--platform", "gcp-cloud-run", "--runtime", "go")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"cold-start probability", "latency p99 ", " ms\n", "platform: gcp-cloud-run (go", "keep-alive 5.0 min", "80 requests per instance",
		"cost: not priced: Cloud Run does not bill by GB-second alone"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`requests +\d,\d{3}\n`).MatchString(out) {
		t.Errorf("no thousands separator in the request count:\n%s", out)
	}
	if strings.Contains(out, "simulating") {
		t.Errorf("short run shows a progress bar:\n%s", out)
	}
	// AWS Lambda bills requests and GB-seconds: the simulated hour is priced.
	code, out, errOut = runCLI(t, false, "simulate", "serverless", "--arrival-rate", "2", "--warm-service", "100ms",
		"--horizon", "1h", "--platform", "aws-lambda", "--runtime", "go", "--memory-mb", "512")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !regexp.MustCompile(`cost +\$0\.\d\d\n`).MatchString(out) || !strings.Contains(out, "billed GB-s over the 1.0 h simulated") {
		t.Errorf("the simulated hour on AWS Lambda is not priced:\n%s", out)
	}
}

// Piped output of a long run has no progress bar; on a terminal it has one.
func TestSimulateServerlessProgress(t *testing.T) {
	t.Parallel()
	args := []string{"simulate", "serverless", "--arrival-rate", "1000", "--warm-service", "10ms",
		"--keep-alive", "1m", "--horizon", "3000s", "-o", "json"}
	_, piped, _ := runCLI(t, false, args...)
	if !strings.HasPrefix(piped, "{") {
		t.Errorf("piped output does not start with the JSON: %.80q", piped)
	}
	_, tty, _ := runCLI(t, true, args...)
	if !strings.Contains(tty, "simulating") {
		t.Errorf("terminal output has no progress bar: %.200q", tty)
	}
}

func TestSimulateServerlessBadInput(t *testing.T) {
	t.Parallel()
	ok := []string{"simulate", "serverless", "--arrival-rate", "0.9", "--warm-service", "2s", "--keep-alive", "10m", "--horizon", "1h"}
	with := func(extra ...string) []string { return append(append([]string{}, ok...), extra...) }
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"zero rate", with("--arrival-rate", "0"), []string{"--arrival-rate", "positive"}},
		{"negative rate", with("--arrival-rate", "-3"), []string{"--arrival-rate", "-3", "positive"}},
		{"negative duration", with("--warm-service", "-2s"), []string{"--warm-service", "positive duration"}},
		{"zero keep-alive", with("--keep-alive", "0s"), []string{"--keep-alive", "positive"}},
		{"keep-alive not a duration", with("--keep-alive", "ten minutes"), []string{"--keep-alive", `"ten minutes" is not a duration`}},
		{"horizon without unit", with("--horizon", "1000"), []string{"--horizon", "no unit", "1000s"}},
		{"cap below provisioned", with("--max-instances", "3", "--provisioned", "5"), []string{"--provisioned", "5", "cap of 3"}},
		{"several at once", with("--arrival-rate", "-1", "--horizon", "soon", "--keep-alive", "-1m"),
			[]string{"3 problems", "--arrival-rate", "--horizon", "--keep-alive"}},
		{"unknown platform", with("--platform", "aws-lamda"), []string{"--platform", "aws-lambda"}},
		{"unknown runtime", with("--platform", "cloudflare-workers", "--runtime", "cobol"), []string{"cobol", "nodejs"}},
		{"unknown distribution", with("--service-dist", "pareto"), []string{"--service-dist", "pareto", "lognormal"}},
		{"lognormal without p99", with("--service-dist", "lognormal"), []string{"--warm-p99", "required"}},
		{"unknown overflow", with("--overflow", "drop"), []string{"--overflow", "reject, queue"}},
		{"missing keep-alive", []string{"simulate", "serverless", "--arrival-rate", "1", "--warm-service", "1s"}, []string{"--keep-alive", "required"}},
		{"not a number", with("--arrival-rate", "fast"), []string{"arrival-rate", "fast"}},
		{"bad schedule", with("--provisioned-schedule", "8am=3"), []string{"--provisioned-schedule", "HH:MM=COUNT"}},
		{"schedule and count", with("--provisioned-schedule", "00:00=1", "--provisioned", "2"), []string{"not both"}},
		{"negative queue timeout", with("--queue-timeout", "-1s"), []string{"--queue-timeout", "positive"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errOut := runCLI(t, false, tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if out != "" {
				t.Errorf("stdout not empty: %q", out)
			}
			for _, w := range tc.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Errorf("stack trace on bad input: %s", errOut)
			}
		})
	}
}
