package traffic

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func ptr(f float64) *float64 { return &f }

// TestMeanAndPeak checks, for every shape, that the factor averages 1 over
// its period (midpoint rule, 10 s steps) and that its maximum equals the
// peak it states (and the peak-to-mean asked for, where one was).
func TestMeanAndPeak(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		shape    Shape
		period   time.Duration
		wantPeak float64 // analytic peak-to-mean; 0 = only check Peak() == max
	}{
		// Flat: 1 everywhere.
		{"constant", Constant{}, day, 1},
		// Pure cosine, amplitude p-1: peak 1.5.
		{"diurnal 1.5", NewDiurnal(1.5, 14), day, 1.5},
		// Sharpened raised cosine, peak reached exactly.
		{"diurnal 4", NewDiurnal(4, 9), day, 4},
		{"diurnal 20", NewDiurnal(20, 14), day, 20},
		// 9-17 on weekdays = 40 of 168 h; floor 0.1: level 168/(40+128·0.1) = 3.1818…
		{"business 9-17 floor 0.1", BusinessHours{Start: 9, End: 17, Floor: 0.1}, week, 168 / 52.8},
		// Floor 0: all traffic in 40 h, peak 168/40 = 4.2.
		{"business 9-17 floor 0", BusinessHours{Start: 9, End: 17, Floor: 0}, week, 4.2},
		// Floor 1 is flat.
		{"business floor 1", BusinessHours{Start: 8, End: 18, Floor: 1}, week, 1},
		// 4 bursts of 5 min at 10×: slot 6 h = 360 min; scale 360/(360+9·5) = 0.8889, peak 8.889.
		{"spiky 4/day", Spiky{Height: 10, Length: 5 * time.Minute, PerDay: 4, Seed: 7}, day, 10 * 360.0 / 405},
		// One burst every two days: slot 48 h = 2880 min; 1 h at 5×: scale 2880/(2880+4·60).
		{"spiky 0.5/day", Spiky{Height: 5, Length: time.Hour, PerDay: 0.5, Seed: 1}, 2 * day, 5 * 2880.0 / 3120},
		// Product renormalised: diurnal × business hours still averages 1.
		{"product", NewProduct(NewDiurnal(3, 14), BusinessHours{Start: 9, End: 17, Floor: 0.2}), week, 0},
		// Weighted sum of mean-1 shapes averages 1; peak of Sum is a bound, checked below.
		{"sum", Sum{Shapes: []Shape{Constant{}, NewDiurnal(2, 12)}, Weights: []float64{3, 1}}, day, 1.25},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			step := 10 * time.Second
			if m := MeanOver(c.shape, 0, c.period, step); math.Abs(m-1) > 2e-3 {
				t.Errorf("mean over %s = %.5f, want 1", c.period, m)
			}
			max := 0.0
			for x := time.Duration(0); x < c.period; x += step {
				max = math.Max(max, c.shape.Factor(x))
			}
			if max > c.shape.Peak()*(1+1e-9) {
				t.Errorf("factor reaches %.5f above Peak() %.5f", max, c.shape.Peak())
			}
			if c.wantPeak != 0 {
				if math.Abs(c.shape.Peak()-c.wantPeak) > 1e-3*c.wantPeak {
					t.Errorf("Peak() = %.5f, want %.5f", c.shape.Peak(), c.wantPeak)
				}
				if math.Abs(max-c.wantPeak) > 5e-3*c.wantPeak {
					t.Errorf("sampled maximum %.5f, want %.5f", max, c.wantPeak)
				}
			}
		})
	}
}

// TestBusinessHoursCalendar checks the weekly calendar: t=0 is Monday 00:00 UTC.
func TestBusinessHoursCalendar(t *testing.T) {
	t.Parallel()
	b := BusinessHours{Start: 9, End: 17, Floor: 0.25}
	hi, lo := b.Peak(), b.Peak()*0.25
	cases := []struct {
		name string
		at   time.Duration
		want float64
	}{
		{"monday 08:59", 8*time.Hour + 59*time.Minute, lo},
		{"monday 09:00", 9 * time.Hour, hi},
		{"friday 16:59", 4*day + 16*time.Hour + 59*time.Minute, hi},
		{"friday 17:00", 4*day + 17*time.Hour, lo},
		{"saturday noon", 5*day + 12*time.Hour, lo},
		{"sunday noon", 6*day + 12*time.Hour, lo},
		{"next monday noon", week + 12*time.Hour, hi},
	}
	for _, c := range cases {
		if got := b.Factor(c.at); got != c.want {
			t.Errorf("%s: factor %.4f, want %.4f", c.name, got, c.want)
		}
	}
}

func TestNewBusinessHoursPeak(t *testing.T) {
	t.Parallel()
	b, err := NewBusinessHoursPeak(9, 17, 3)
	if err != nil {
		t.Fatal(err)
	}
	// 3 = 168/(40 + 128 f) → f = (56 − 40)/128 = 0.125.
	if math.Abs(b.Floor-0.125) > 1e-12 || math.Abs(b.Peak()-3) > 1e-12 {
		t.Errorf("floor %.6f peak %.6f, want 0.125 and 3", b.Floor, b.Peak())
	}
	if _, err := NewBusinessHoursPeak(9, 17, 5); err == nil {
		t.Error("peak 5 > 168/40 = 4.2 accepted")
	}
}

// TestSpikyDeterministic: the same seed places bursts identically; another
// seed places them elsewhere; every slot holds exactly one burst.
func TestSpikyDeterministic(t *testing.T) {
	t.Parallel()
	a := Spiky{Height: 10, Length: 5 * time.Minute, PerDay: 4, Seed: 42}
	b := a
	c := a
	c.Seed = 43
	differ := false
	for x := time.Duration(0); x < 3*day; x += time.Minute {
		if a.Factor(x) != b.Factor(x) {
			t.Fatalf("same seed differs at %s", x)
		}
		if a.Factor(x) != c.Factor(x) {
			differ = true
		}
	}
	if !differ {
		t.Error("seeds 42 and 43 gave identical bursts")
	}
	for k := range 12 {
		in := 0
		from := time.Duration(k) * 6 * time.Hour
		for x := from; x < from+6*time.Hour; x += 10 * time.Second {
			if a.Factor(x) > a.scale() {
				in++
			}
		}
		if in != 30 { // 5 min / 10 s
			t.Errorf("slot %d: %d ten-second steps in a burst, want 30", k, in)
		}
	}
}

// TestGrowth: month m runs at (1+g)^m, so 5 % a month is 1.05^11 = 1.7103 in month 12.
func TestGrowth(t *testing.T) {
	t.Parallel()
	g := Growth{PerMonth: 0.05, Months: 12}
	if got := g.Factor(Month / 2); got != 1 {
		t.Errorf("first month %.4f, want 1", got)
	}
	if got := g.Factor(11*Month + time.Hour); math.Abs(got-math.Pow(1.05, 11)) > 1e-12 {
		t.Errorf("month 12 %.6f, want 1.05^11", got)
	}
	if got := g.Factor(40 * Month); got != g.Peak() {
		t.Errorf("beyond horizon %.4f, want clamped to Peak %.4f", got, g.Peak())
	}
	d := Growth{PerMonth: -0.1, Months: 6}
	if d.Peak() != 1 {
		t.Errorf("declining growth peak %.4f, want 1 (the first month)", d.Peak())
	}
}

// TestPeakInBounds: PeakIn bounds the factor on random intervals for every shape.
func TestPeakInBounds(t *testing.T) {
	t.Parallel()
	series, err := NewSeries(time.Minute, []float64{0, 1, 5, 2, 0, 0, 9, 3})
	if err != nil {
		t.Fatal(err)
	}
	shapes := []Shape{
		Constant{}, NewDiurnal(1.7, 3), NewDiurnal(6, 14),
		BusinessHours{Start: 9, End: 17, Floor: 0.05}, BusinessHours{Start: 0, End: 1, Floor: 0},
		Spiky{Height: 20, Length: 2 * time.Minute, PerDay: 24, Seed: 3},
		Growth{PerMonth: 0.3, Months: 3}, series,
		NewProduct(NewDiurnal(3, 14), Spiky{Height: 4, Length: time.Minute, PerDay: 48, Seed: 9}),
		Sum{Shapes: []Shape{BusinessHours{Start: 9, End: 17, Floor: 0.1}, NewDiurnal(2, 20)}},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, s := range shapes {
		for range 300 {
			from := time.Duration(r.Int64N(int64(3 * Month)))
			to := from + time.Duration(r.Int64N(int64(2*time.Hour)))
			bound := PeakIn(s, from, to)
			for x := from; x < to; x += 15 * time.Second {
				if f := s.Factor(x); f > bound*(1+1e-9) {
					t.Fatalf("%s: factor %.4f at %s above PeakIn(%s, %s) = %.4f", s, f, x, from, to, bound)
				}
			}
		}
	}
}

func TestFromSpec(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		spec     workload.Traffic
		wantPeak float64
	}{
		{"empty is constant", workload.Traffic{}, 1},
		{"diurnal default peak 2", workload.Traffic{Shape: "diurnal"}, 2},
		{"diurnal 3 at midnight", workload.Traffic{Shape: "diurnal", PeakToMean: 3, PeakHour: ptr(0)}, 3},
		{"business default floor 0.1", workload.Traffic{Shape: "business-hours"}, 168 / 52.8},
		{"business by peak", workload.Traffic{Shape: "business-hours", PeakToMean: 3}, 3},
		// Defaults: 4 bursts a day, 5 min at 10×: 10·360/405.
		{"spiky defaults", workload.Traffic{Shape: "spiky"}, 10 * 360.0 / 405},
		{"spiky by peak", workload.Traffic{Shape: "spiky", PeakToMean: 6, BurstLength: "10m", BurstsPerDay: 2}, 6},
		{"growth on constant", workload.Traffic{GrowthPerMonth: 0.1, GrowthMonths: 3}, 1.21},
	}
	for _, c := range cases {
		s, err := FromSpec(c.spec, 1)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.Abs(s.Peak()-c.wantPeak) > 1e-6*c.wantPeak {
			t.Errorf("%s: %s peak %.6f, want %.6f", c.name, s, s.Peak(), c.wantPeak)
		}
	}
	// A peak at midnight: the factor at 00:00 is the peak.
	s, _ := FromSpec(workload.Traffic{Shape: "diurnal", PeakToMean: 3, PeakHour: ptr(0)}, 1)
	if f := s.Factor(0); math.Abs(f-3) > 1e-9 {
		t.Errorf("midnight peak: factor at 00:00 = %.4f, want 3", f)
	}
	comb := workload.Traffic{Combine: "sum", Parts: []workload.Traffic{{Shape: "diurnal", PeakToMean: 3}, {Shape: "spiky", Weight: 2}}}
	s, err := FromSpec(comb, 5)
	if err != nil {
		t.Fatal(err)
	}
	if m := MeanOver(s, 0, day, 10*time.Second); math.Abs(m-1) > 2e-3 {
		t.Errorf("sum of parts averages %.4f, want 1", m)
	}
	if _, err := FromSpec(workload.Traffic{Trace: &workload.TraceRef{Path: "x"}}, 1); err != ErrTrace {
		t.Errorf("trace block: err %v, want ErrTrace", err)
	}
	if _, err := FromSpec(workload.Traffic{Shape: "spiky", PeakToMean: 500, BurstLength: "1h"}, 1); err == nil {
		t.Error("unreachable spiky peak accepted")
	}
}

func TestSeries(t *testing.T) {
	t.Parallel()
	s, err := NewSeries(time.Minute, []float64{2, 0, 4, 2})
	if err != nil {
		t.Fatal(err)
	}
	// Mean 2: factors 1, 0, 2, 1; loops after 4 minutes.
	want := []float64{1, 0, 2, 1, 1}
	for i, w := range want {
		if got := s.Factor(time.Duration(i)*time.Minute + time.Second); got != w {
			t.Errorf("minute %d: %.2f, want %.2f", i, got, w)
		}
	}
	if s.Peak() != 2 {
		t.Errorf("peak %.2f, want 2", s.Peak())
	}
	if _, err := NewSeries(time.Minute, []float64{0, 0}); err == nil {
		t.Error("all-zero series accepted")
	}
}

// TestFloorInBounds: FloorIn is a lower bound of the factor on random intervals.
func TestFloorInBounds(t *testing.T) {
	t.Parallel()
	series, _ := NewSeries(time.Minute, []float64{0, 1, 5, 2, 0, 0, 9, 3, 4, 4, 4, 4})
	shapes := []Shape{
		Constant{}, NewDiurnal(1.7, 3), NewDiurnal(6, 14),
		BusinessHours{Start: 9, End: 17, Floor: 0.05}, BusinessHours{Start: 0, End: 1, Floor: 0},
		Spiky{Height: 20, Length: 20 * time.Minute, PerDay: 24, Seed: 3},
		Growth{PerMonth: -0.3, Months: 3}, series,
		NewProduct(NewDiurnal(3, 14), Spiky{Height: 4, Length: time.Minute, PerDay: 48, Seed: 9}),
		Sum{Shapes: []Shape{BusinessHours{Start: 9, End: 17, Floor: 0.1}, NewDiurnal(2, 20)}},
	}
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range shapes {
		for range 300 {
			from := time.Duration(r.Int64N(int64(3 * Month)))
			to := from + time.Duration(r.Int64N(int64(2*time.Hour)))
			floor := FloorIn(s, from, to)
			for x := from; x < to; x += 15 * time.Second {
				if f := s.Factor(x); f < floor*(1-1e-9) {
					t.Fatalf("%s: factor %.4f at %s below FloorIn(%s, %s) = %.4f", s, f, x, from, to, floor)
				}
			}
		}
	}
}
