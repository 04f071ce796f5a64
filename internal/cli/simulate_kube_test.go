package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updateKube = flag.Bool("update-kube", false, "rewrite testdata/simulate-kubernetes-*.json")

func runKubeCLI(t *testing.T, files map[string]string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Stdin:  strings.NewReader(""),
		ReadFile: func(name string) ([]byte, error) {
			if s, ok := files[name]; ok {
				return []byte(s), nil
			}
			return nil, fs.ErrNotExist
		},
		Open: func(name string) (io.ReadCloser, error) {
			if s, ok := files[name]; ok {
				return io.NopCloser(strings.NewReader(s)), nil
			}
			return nil, fs.ErrNotExist
		},
		Now: func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
		Ctx: context.Background(),
	}
	code := Main(st)
	return out.String(), errb.String(), code
}

// The example command, on a 16-hour horizon (midnight to past the 14:00 peak) so the golden's
// per-minute series stays short.
var kubeExample = []string{"simulate", "kubernetes", "--arrival-rate", "200", "--shape", "diurnal", "--peak-to-mean", "3",
	"--service-time", "50ms", "--pod-cpu", "500m", "--pod-memory", "512Mi", "--pod-concurrency", "8",
	"--hpa-target-cpu", "70%", "--min-replicas", "2", "--max-replicas", "100",
	"--node-type", "m6i.large", "--min-nodes", "3", "--seed", "1"}

func TestSimulateKubeJSONGolden(t *testing.T) {
	t.Parallel()
	args := append(append([]string{}, kubeExample...), "--horizon", "16h", "-o", "json")
	out, errOut, code := runKubeCLI(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	// The fields the issue asks for.
	for _, k := range []string{"replicas", "nodes", "node_hours", "cpu_utilization", "memory_utilization", "latency_ms",
		"slo_violation_minutes", "dropped_requests", "scale_events", "seed", "series"} {
		if _, ok := doc[k]; !ok {
			t.Errorf("JSON has no %q", k)
		}
	}
	if n := len(doc["series"].(map[string]any)["minute"].([]any)); n != 960 {
		t.Errorf("series has %d points, want one per minute (960)", n)
	}
	golden := filepath.Join("testdata", "simulate-kubernetes-16h.json")
	if *updateKube || updating() {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run KubeJSONGolden -update-kube)", err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (rerun with -update-kube if intended):\n%s", golden, kubeFirstDiff(string(want), out))
	}
	// Same input and seed: byte-identical.
	again, _, _ := runKubeCLI(t, nil, args...)
	if again != out {
		t.Error("second run differs")
	}
}

func kubeFirstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n- " + al[i] + "\n+ " + bl[i]
		}
	}
	return "lengths differ"
}

func TestSimulateKubeTable(t *testing.T) {
	t.Parallel()
	args := append(append([]string{}, kubeExample...), "--horizon", "6h")
	out, errOut, code := runKubeCLI(t, nil, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"replicas mean / min / max", "node-hours m6i.large", "latency p50 / p95 / p99", "seed", "a cluster pays off at 60-70%"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestSimulateKubeBadInput(t *testing.T) {
	t.Parallel()
	base := []string{"simulate", "kubernetes", "--arrival-rate", "100", "--horizon", "1h"}
	for _, c := range []struct {
		name  string
		args  []string
		files map[string]string
		want  []string
	}{
		{"malformed cpu", []string{"--pod-cpu", "500mm"}, nil, []string{"--pod-cpu", `"500mm"`, "valid"}},
		{"negative memory", []string{"--pod-memory", "-1Gi"}, nil, []string{"--pod-memory", "negative"}},
		{"min above max", []string{"--min-replicas", "10", "--max-replicas", "2"}, nil, []string{"min replicas 10 is above max replicas 2"}},
		{"unknown node type", []string{"--node-type", "m9z.huge"}, nil, []string{"--node-type", `unknown node type "m9z.huge"`, "m6i.large"}},
		{"request larger than any node", []string{"--pod-cpu", "4", "--node-type", "m6i.large,t3.medium"}, nil, []string{"4000m", "fits no node type", "m6i.large has room for 1105m"}},
		{"gpu pod without gpu nodes", []string{"--pod-gpus", "1"}, nil, []string{"no GPU node type"}},
		{"bad target", []string{"--hpa-target-cpu", "170%"}, nil, []string{"--hpa-target-cpu", "out of range"}},
		{"unknown shape", []string{"--shape", "wobbly"}, nil, []string{`unknown shape "wobbly"`}},
		{"bad peak", []string{"--shape", "diurnal", "--peak-to-mean", "0.5"}, nil, []string{"--peak-to-mean", "out of range"}},
		{"unknown trace format", []string{"--trace", "t.csv", "--trace-format", "xml"}, map[string]string{"t.csv": "0,1\n60,1\n"}, []string{"unknown trace format", "csv-counts"}},
		{"all at once", []string{"--pod-cpu", "x", "--pod-memory", "1gb", "--node-type", "nope"}, nil, []string{"3 problems", "--pod-cpu", "--pod-memory", "--node-type"}},
		{"bad trace", []string{"--trace", "t.csv"}, map[string]string{"t.csv": "timestamp,count\n0,10\n60,ten\n120,5\n90,5\n"}, []string{"t.csv:3", "count", `"ten"`}},
	} {
		args := append(append([]string{}, base...), c.args...)
		if strings.Contains(c.name, "trace") {
			args = append([]string{"simulate", "kubernetes", "--horizon", "1h"}, c.args...)
		}
		out, errOut, code := runKubeCLI(t, c.files, args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (stdout %q, stderr %q)", c.name, code, out, errOut)
			continue
		}
		if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "internal error") {
			t.Errorf("%s: stack trace or internal error: %s", c.name, errOut)
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: stderr %q lacks %q", c.name, errOut, w)
			}
		}
	}
}

func TestSimulateKubeTrace(t *testing.T) {
	t.Parallel()
	// 600 requests per minute for 30 minutes, then 6000: 10 then 100 rps.
	var b strings.Builder
	b.WriteString("timestamp,count\n")
	for m := range 60 {
		n := 600
		if m >= 30 {
			n = 6000
		}
		b.WriteString(strconv.Itoa(m*60) + "," + strconv.Itoa(n) + "\n")
	}
	out, errOut, code := runKubeCLI(t, map[string]string{"trace.csv": b.String()},
		"simulate", "kubernetes", "--trace", "trace.csv", "--horizon", "1h", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Requests float64 `json:"requests"`
		Series   struct {
			RPS []float64 `json:"rps"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Series.RPS[10] != 10 || doc.Series.RPS[40] != 100 {
		t.Errorf("trace rates %v, %v; want 10 and 100", doc.Series.RPS[10], doc.Series.RPS[40])
	}
	// 30 × 600 + 30 × 6000 = 198000 expected arrivals (Poisson: ±5 σ ≈ 2200).
	if doc.Requests < 195800 || doc.Requests > 200200 {
		t.Errorf("%g requests, want about 198000", doc.Requests)
	}
}
