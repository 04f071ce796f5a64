package trace

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// sliceReader replays records (for tests of the accumulator).
type sliceReader struct {
	recs []Record
	info Info
	i    int
}

func (s *sliceReader) Next() (Record, error) {
	if s.i >= len(s.recs) {
		return Record{}, io.EOF
	}
	s.i++
	return s.recs[s.i-1], nil
}
func (s *sliceReader) Skipped() int { return 0 }
func (s *sliceReader) Info() Info   { return s.info }

// monday is 2026-03-02T00:00:00Z, a Monday.
var monday = unix("2026-03-02T00:00:00Z")

// TestStatsFixture checks the fixture's figures, counted by hand:
// 12 requests from 09:00:00 to 09:05:00 (300 s); per minute 5,2,0,1,2,2;
// the busiest second (09:00:00) holds 2.
func TestStatsFixture(t *testing.T) {
	t.Parallel()
	f, _ := os.Open("testdata/requests.csv")
	defer f.Close()
	r, _ := Open("", "requests.csv", f, Options{})
	s, err := Summarize(r, "")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"requests", s.Requests, 12},
		{"span", s.SpanSeconds, 300},
		{"mean/s", s.MeanPerSecond, 0.04},
		{"mean/min", s.MeanPerMinute, 2.4},
		{"peak/min", s.PeakPerMinute, 5},
		{"peak/s", s.PeakPerSecond, 2},
		{"peak-to-mean", s.PeakToMean, 5 / 2.0}, // 12 requests over 6 calendar minutes
		{"idle share", s.IdleMinutes, 1.0 / 6},
		// Sorted gaps: 0 (09:05 twice), .25, .5, .5, .75, 2, 4, 53, 59.5, 60, 119.5 → median 2
		// (11 gaps, rank 5), within the histogram's 1 %.
		{"interarrival p50", s.InterArrival["p50"], 2},
		{"interarrival max", s.InterArrival["max"], 119.5},
		{"duration mean", s.Duration["mean"], (0.12 + 0.08 + 0.095 + 0.11 + 0.1 + 0.1 + 0.3 + 0.05 + 0.05 + 0.06 + 0.07) / 11},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 0.011*math.Abs(c.want)+1e-9 {
			t.Errorf("%s = %g, want %g", c.name, c.got, c.want)
		}
	}
}

// TestStatsPoisson: for a homogeneous Poisson stream the inter-arrival times
// are exponential: median ln2/λ, p90 ln10/λ, p99 ln100/λ.
func TestStatsPoisson(t *testing.T) {
	t.Parallel()
	const rate = 5.0
	a := traffic.NewPoisson(rate, traffic.Constant{}, 2*24*time.Hour, rand.New(rand.NewPCG(1, 2)))
	var recs []Record
	for {
		x, ok := a.Next()
		if !ok {
			break
		}
		recs = append(recs, Record{Time: monday + x, Count: 1, Duration: math.NaN()})
	}
	s, err := Summarize(&sliceReader{recs: recs, info: Info{Format: "csv", Absolute: true}}, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		name string
		want float64
	}{{"p50", math.Ln2 / rate}, {"p90", math.Log(10) / rate}, {"p99", math.Log(100) / rate}} {
		if got := s.InterArrival[q.name]; math.Abs(got-q.want) > 0.03*q.want {
			t.Errorf("inter-arrival %s = %.5f, want %.5f", q.name, got, q.want)
		}
	}
	if math.Abs(s.MeanPerSecond-rate) > 0.02*rate {
		t.Errorf("mean rate %.3f, want %.1f", s.MeanPerSecond, rate)
	}
	if s.Resembles.Shape != "constant" {
		t.Errorf("resembles %s (%v), want constant", s.Resembles.Shape, s.Resembles.Errors)
	}
}

// countsOf renders a shape as exact per-minute counts (rate × factor).
func countsOf(sh traffic.Shape, perMin float64, days int) []Record {
	var recs []Record
	for m := 0; m < days*1440; m++ {
		at := time.Duration(m) * time.Minute
		c := perMin * traffic.MeanOver(sh, at, at+time.Minute, 10*time.Second)
		recs = append(recs, Record{Time: monday + float64(m*60), Count: math.Round(c), Interval: 60, Duration: math.NaN()})
	}
	return recs
}

// TestResembles: a trace drawn from each built-in shape resembles it, with
// the parameters it was drawn with.
func TestResembles(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		shape  traffic.Shape
		want   string
		params map[string]float64
	}{
		{"flat", traffic.Constant{}, "constant", nil},
		{"diurnal 3 at 14:00", traffic.NewDiurnal(3, 14.5), "diurnal", map[string]float64{"peak_to_mean": 3, "peak_hour": 14.5}},
		{"business 9-17", traffic.BusinessHours{Start: 9, End: 17, Floor: 0.1}, "business-hours", map[string]float64{"work_start": 9, "work_end": 17, "floor": 0.1}},
		{"spiky", traffic.Spiky{Height: 20, Length: 10 * time.Minute, PerDay: 3, Seed: 1}, "spiky", map[string]float64{"bursts_per_day": 3}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, err := Summarize(&sliceReader{recs: countsOf(c.shape, 600, 14), info: Info{Format: "csv-counts", Absolute: true}}, "")
			if err != nil {
				t.Fatal(err)
			}
			if s.Resembles.Shape != c.want {
				t.Fatalf("resembles %s (%s; errors %v), want %s", s.Resembles.Shape, s.Resembles.Reason, s.Resembles.Errors, c.want)
			}
			for k, w := range c.params {
				got := fmt.Sprint(s.Resembles.Params[k])
				var g float64
				fmt.Sscan(got, &g)
				if math.Abs(g-w) > 0.1*w+0.01 {
					t.Errorf("%s = %s, want %g", k, got, w)
				}
			}
		})
	}
}

// TestStatsAzureFixture: the Azure 2019 fixture has 24 + 1440 + 255 = 1719
// invocations in one day; the busiest minute is minute 101 (250 + 3).
func TestStatsAzureFixture(t *testing.T) {
	t.Parallel()
	f, _ := os.Open("testdata/invocations_per_function_md.anon.d01.csv")
	defer f.Close()
	r, _ := Open("", "invocations_per_function_md.anon.d01.csv", f, Options{})
	s, err := Summarize(r, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.Requests != 1719 || s.Functions != 3 || s.PeakPerMinute != 250 || s.SpanSeconds != 86400 {
		t.Errorf("requests %g functions %d peak/min %g span %g, want 1719, 3, 250, 86400", s.Requests, s.Functions, s.PeakPerMinute, s.SpanSeconds)
	}
	// Non-idle minutes: 24 hourly + 480 working (minutes 540–1019; 600, 660 … overlap the
	// hourly ones: 8 of them) + minutes 100, 101 → 24 + 480 − 8 + 2 = 498.
	if want := 1 - 498.0/1440; math.Abs(s.IdleMinutes-want) > 1e-9 {
		t.Errorf("idle share %.5f, want %.5f", s.IdleMinutes, want)
	}
	one, _ := os.Open("testdata/invocations_per_function_md.anon.d01.csv")
	defer one.Close()
	r, _ = Open("", "invocations_per_function_md.anon.d01.csv", one, Options{})
	s, _ = Summarize(r, "a1/f1")
	if s.Requests != 24 {
		t.Errorf("function a1/f1: %g requests, want 24", s.Requests)
	}
	if !strings.Contains(strings.Join(s.Notes, " "), "1m0s") {
		t.Errorf("notes %v should say the trace counts per minute", s.Notes)
	}
}
