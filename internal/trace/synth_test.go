package trace

import (
	"bytes"
	"io"
	"math"
	"sort"
	"testing"
)

// TestSynthDistributions checks the generated functions against the
// published figures the generator is fitted to (Shahrad et al. 2020; see
// synth.go): the trigger mix of functions and of invocations, the share of
// functions invoked at most hourly and at most every minute, and the median
// execution time (log-normal μ = −0.38 → e^−0.38 s = 684 ms).
func TestSynthDistributions(t *testing.T) {
	t.Parallel()
	s := NewSynth(20000, 1, 42)
	byFn := map[string]float64{}
	byInv := map[string]float64{}
	var total float64
	hourly, minute := 0, 0
	durs := make([]float64, 0, len(s.Functions))
	for _, f := range s.Functions {
		byFn[f.Trigger]++
		byInv[f.Trigger] += f.PerMinute
		total += f.PerMinute
		if f.PerMinute <= 1.0/60+1e-12 {
			hourly++
		}
		if f.PerMinute <= 1+1e-12 {
			minute++
		}
		durs = append(durs, f.AvgMS)
	}
	n := float64(len(s.Functions))
	for _, tr := range synthTriggers {
		if got := byFn[tr.name] / n; math.Abs(got-tr.functions) > 0.015 {
			t.Errorf("%s: %.3f of functions, want %.2f", tr.name, got, tr.functions)
		}
	}
	// Invocation shares are dominated by a few heavy functions: check the
	// ordering the paper reports (http and queue lead, timer/orchestration/others trail).
	if byInv["timer"]/total > 0.05 || byInv["others"]/total > 0.05 {
		t.Errorf("timer %.3f / others %.3f of invocations, want a few %%", byInv["timer"]/total, byInv["others"]/total)
	}
	// Timers are snapped to cron periods, which moves a few across the line.
	if got := float64(hourly) / n; math.Abs(got-0.45) > 0.04 {
		t.Errorf("%.3f invoked at most hourly, want 0.45", got)
	}
	if got := float64(minute) / n; math.Abs(got-0.81) > 0.03 {
		t.Errorf("%.3f invoked at most once a minute, want 0.81", got)
	}
	sort.Float64s(durs)
	if med := durs[len(durs)/2]; math.Abs(med-684) > 60 {
		t.Errorf("median average duration %.0f ms, want ≈ 684", med)
	}
	var mx float64
	for _, f := range s.Functions {
		mx = math.Max(mx, f.PerMinute)
	}
	if mx < 1000 {
		t.Errorf("heaviest function %.0f a minute, want thousands (heavy tail)", mx)
	}
}

// TestSynthRoundTrip: the written files read back with the Azure 2019
// readers, deterministically, and the counts match the functions' rates.
func TestSynthRoundTrip(t *testing.T) {
	t.Parallel()
	s := NewSynth(300, 2, 7)
	var a, b bytes.Buffer
	if err := s.WriteInvocations(&a, 1); err != nil {
		t.Fatal(err)
	}
	if err := NewSynth(300, 2, 7).WriteInvocations(&b, 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("same seed wrote different files")
	}
	r := NewAzure2019("invocations_per_function_md.anon.d02.csv", &a, Options{})
	var row Azure2019Row
	rows := 0
	var got, want float64
	for {
		err := r.NextRow(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range row.Counts {
			got += float64(c)
		}
		want += s.Functions[rows].PerMinute * 1440
		rows++
	}
	if rows != 300 || r.Day != 1 {
		t.Fatalf("%d rows on day %d, want 300 on day 1", rows, r.Day)
	}
	if math.Abs(got-want) > 0.05*want {
		t.Errorf("%.0f invocations, want ≈ %.0f", got, want)
	}
	var d, m bytes.Buffer
	s.WriteDurations(&d, 0)
	s.WriteMemory(&m, 0)
	dm := map[string]Durations{}
	if _, err := ReadDurations("d", &d, Options{}, dm); err != nil || len(dm) == 0 {
		t.Fatalf("durations: %v (%d rows)", err, len(dm))
	}
	mm := map[string]Memory{}
	if _, err := ReadMemory("m", &m, Options{}, mm); err != nil || len(mm) == 0 {
		t.Fatalf("memory: %v (%d rows)", err, len(mm))
	}
}
