package fleet

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
)

func costModel(t testing.TB) CostModel {
	t.Helper()
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	m := CostModel{Catalog: cat, Node: Nodes["m6i.large"], Utilization: 0.8, MinPodCPU: 0.1, HoursPerMonth: 730}
	if err := m.Prepare(); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestCosts checks both sides by hand. An m6i.large is $0.096/h (catalog),
// $70.08 for 730 h; 2 vCPU, 8 GiB.
func TestCosts(t *testing.T) {
	t.Parallel()
	m := costModel(t)
	cases := []struct {
		name       string
		u          Usage
		lambda     string
		kubernetes string
	}{
		// 1M × 0.2 s at 1,769 MB: 345,507.8 GB-s × $0.0000166667 = $5.76, + 1M requests $0.20.
		// Pod: 0.076 executions in progress → CPU 0.095 < the 0.1 floor → 0.05 of a node;
		// memory 1,769 MB = 1.7275 GiB = 0.2159 of a node → $70.08 × 0.2159 = $15.13.
		{"light, large memory", Usage{1e6, 200, 1769}, "5.96", "15.13"},
		// 1e9 × 0.1 s at 512 MB: 38.05 in progress × 512/1769 vCPU / 0.8 = 13.77 vCPU = 6.883 nodes
		// (memory: 48 pods × 0.5 GiB = 3 nodes) → $70.08 × 6.883 = $482.38.
		// Lambda: 5e7 GB-s × $0.0000166667 = $833.34 (tier 1 covers 6e9 GB-s), + 1e9 requests $200.
		{"heavy", Usage{1e9, 100, 512}, "1033.34", "482.38"},
	}
	for _, c := range cases {
		lam, err := m.Lambda(c.u)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Kubernetes(c.u); !got.Equal(decimal.RequireFromString(c.kubernetes)) {
			t.Errorf("%s: kubernetes $%s, want $%s", c.name, got, c.kubernetes)
		}
		if want := decimal.RequireFromString(c.lambda); lam.Sub(want).Abs().GreaterThan(decimal.RequireFromString("0.01")) {
			t.Errorf("%s: lambda $%s, want $%s", c.name, lam, c.lambda)
		}
	}
}

func fixtureInputs(dir string) Inputs {
	return Inputs{
		Invocations: []string{filepath.Join(dir, "invocations_per_function_md.anon.d01.csv")},
		Durations:   []string{filepath.Join(dir, "function_durations_percentiles.anon.d01.csv")},
		Memory:      []string{filepath.Join(dir, "app_memory_percentiles.anon.d01.csv")},
		Open:        func(n string) (io.ReadCloser, error) { return os.Open(n) },
	}
}

// TestRunFixture: the hand-made Azure 2019 day (internal/trace/testdata):
// a1/f1 fires hourly (24 runs, 2.5 s each): every run is cold at 10 and 20
// minutes; a1/f2 runs 3 times a minute from 09:00 to 17:00: only its first
// run is cold; a2/f3 is one burst of 250 then 5: one cold start.
func TestRunFixture(t *testing.T) {
	t.Parallel()
	cfg := Config{KeepAlive: []time.Duration{10 * time.Minute, 20 * time.Minute}, Seed: 1, Cost: costModel(t)}
	rep, err := Run(context.Background(), cfg, fixtureInputs("../trace/testdata"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"a1/f1": 1, "a1/f2": 1.0 / 1440, "a2/f3": 1.0 / 255}
	if len(rep.Functions) != 3 {
		t.Fatalf("%d functions, want 3", len(rep.Functions))
	}
	for i, f := range rep.Functions {
		key := f.App + "/" + f.Function
		if i == 0 && key != "a1/f1" {
			t.Errorf("first function %s, want a1/f1 (file order)", key)
		}
		for _, ka := range []string{"10m", "20m"} {
			if got := f.ColdStartRate[ka]; got != round6(want[key]) {
				t.Errorf("%s at %s: cold rate %g, want %g", key, ka, got, round6(want[key]))
			}
		}
	}
	// Memory: app a1 averages 210 MB over 2 functions → 105 → Lambda's 128 MB floor; a2: 120 → 128.
	if rep.Functions[0].MemoryMB != 128 || rep.Functions[0].DurationMS != 2500 {
		t.Errorf("a1/f1 memory %g MB duration %g ms, want 128 and 2500", rep.Functions[0].MemoryMB, rep.Functions[0].DurationMS)
	}
	// 24 + 1 + 1 cold of 1,719 invocations at 10 minutes.
	if got, want := rep.Summary.ColdStarts[0].Overall, round6(26.0/1719); got != want {
		t.Errorf("overall cold rate %g, want %g", got, want)
	}
}

// TestRunDeterministic: the same trace and seed give byte-identical JSON
// whatever the number of workers.
func TestRunDeterministic(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s := trace.NewSynth(300, 2, 5)
	for d := range 2 {
		var inv, dur, mem bytes.Buffer
		if err := s.WriteDay(&inv, &dur, &mem, d); err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"invocations_per_function_md": inv.Bytes(), "function_durations_percentiles": dur.Bytes(), "app_memory_percentiles": mem.Bytes()} {
			os.WriteFile(filepath.Join(dir, name+".anon.d0"+string(rune('1'+d))+".csv"), b, 0o644)
		}
	}
	in := Inputs{Open: func(n string) (io.ReadCloser, error) { return os.Open(n) }}
	for d := 1; d <= 2; d++ {
		suf := ".anon.d0" + string(rune('0'+d)) + ".csv"
		in.Invocations = append(in.Invocations, filepath.Join(dir, "invocations_per_function_md"+suf))
		in.Durations = append(in.Durations, filepath.Join(dir, "function_durations_percentiles"+suf))
		in.Memory = append(in.Memory, filepath.Join(dir, "app_memory_percentiles"+suf))
	}
	var outs []string
	for _, w := range []int{1, 3} {
		cfg := Config{KeepAlive: []time.Duration{10 * time.Minute, time.Hour}, Seed: 7, Workers: w, Cost: costModel(t), MaxExact: 8}
		rep, err := Run(context.Background(), cfg, in)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rep)
		outs = append(outs, string(b))
		if rep.Summary.Functions != 300 || rep.Summary.AggregateMinutes == 0 || rep.Summary.ExactMinutes == 0 {
			t.Errorf("%d functions, %d aggregate and %d exact minutes; want 300 and both paths used", rep.Summary.Functions, rep.Summary.AggregateMinutes, rep.Summary.ExactMinutes)
		}
	}
	if outs[0] != outs[1] {
		t.Error("1 and 3 workers gave different reports")
	}
}

func TestRunBadLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	src, _ := os.ReadFile("../trace/testdata/invocations_per_function_md.anon.d01.csv")
	lines := strings.Split(string(src), "\n")
	lines[2] = "o1,a1,f2,http,1,2,3"
	name := filepath.Join(dir, "invocations_per_function_md.anon.d01.csv")
	os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644)
	in := Inputs{Invocations: []string{name}, Open: func(n string) (io.ReadCloser, error) { return os.Open(n) }}
	cfg := Config{KeepAlive: []time.Duration{10 * time.Minute}, Seed: 1, Cost: costModel(t)}
	_, err := Run(context.Background(), cfg, in)
	if err == nil || !strings.Contains(err.Error(), "d01.csv:3: expected 1444 columns") || errs.ExitCode(err) != 2 {
		t.Errorf("error %v, want …d01.csv:3: expected 1444 columns (exit 2)", err)
	}
	cfg.SkipBadLines = true
	rep, err := Run(context.Background(), cfg, in)
	if err != nil || rep.Skipped != 1 || rep.Summary.Functions != 2 {
		t.Errorf("skipping: %v, skipped %d, functions %d; want 1 skipped and 2 functions", err, rep.Skipped, rep.Summary.Functions)
	}
}
