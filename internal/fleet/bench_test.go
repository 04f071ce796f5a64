package fleet

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/trace"
)

// BenchmarkFleet is the speed target: a synthetic Azure 2019 trace of
// 10,000 functions over 14 days (1,000 with -short), analysed under three
// keep-alives with all cores. Generating the trace (about 40 s on 2 cores)
// is outside the timed loop. Peak memory is measured on the CLI with
// /usr/bin/time -v (see docs/traffic.md).
func BenchmarkFleet(b *testing.B) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	dir := b.TempDir()
	s := trace.NewSynth(n, 14, 1)
	in := Inputs{Open: func(n string) (io.ReadCloser, error) { return os.Open(n) }}
	for d := range 14 {
		suf := fmt.Sprintf(".anon.d%02d.csv", d+1)
		names := []string{"invocations_per_function_md" + suf, "function_durations_percentiles" + suf, "app_memory_percentiles" + suf}
		var fs []*os.File
		for _, nm := range names {
			f, err := os.Create(filepath.Join(dir, nm))
			if err != nil {
				b.Fatal(err)
			}
			fs = append(fs, f)
		}
		if err := s.WriteDay(fs[0], fs[1], fs[2], d); err != nil {
			b.Fatal(err)
		}
		for _, f := range fs {
			f.Close()
		}
		in.Invocations = append(in.Invocations, filepath.Join(dir, names[0]))
		in.Durations = append(in.Durations, filepath.Join(dir, names[1]))
		in.Memory = append(in.Memory, filepath.Join(dir, names[2]))
	}
	cfg := Config{KeepAlive: []time.Duration{10 * time.Minute, 20 * time.Minute, time.Hour}, Seed: 1, Cost: costModel(b)}
	b.ResetTimer()
	for b.Loop() {
		rep, err := Run(context.Background(), cfg, in)
		if err != nil {
			b.Fatal(err)
		}
		if rep.Summary.Functions != n {
			b.Fatalf("%d functions, want %d", rep.Summary.Functions, n)
		}
		b.ReportMetric(float64(rep.Summary.Invocations), "invocations")
	}
}
