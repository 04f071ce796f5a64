package traffic

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestPoissonCounts: the number of arrivals of an NHPP over [0,T) is Poisson
// with mean λ∫f, and the count in each hour of the day follows the shape.
// Tolerances are 5 standard deviations (√mean), so a correct generator fails
// with probability below 1e-6 per check.
func TestPoissonCounts(t *testing.T) {
	t.Parallel()
	shapes := []Shape{
		Constant{},
		NewDiurnal(3, 14),
		BusinessHours{Start: 9, End: 17, Floor: 0.1},
		Spiky{Height: 30, Length: 3 * time.Minute, PerDay: 8, Seed: 11},
	}
	const rate = 2.0 // per second
	horizon := week
	for _, s := range shapes {
		t.Run(s.String(), func(t *testing.T) {
			t.Parallel()
			a := NewPoisson(rate, s, horizon, rand.New(rand.NewPCG(1, 1)))
			hours := make([]float64, int(horizon/time.Hour))
			n := 0
			last := -1.0
			for {
				x, ok := a.Next()
				if !ok {
					break
				}
				if x <= last || x >= horizon.Seconds() {
					t.Fatalf("arrival %.6f out of order or past the horizon (last %.6f)", x, last)
				}
				last = x
				hours[int(x/3600)]++
				n++
			}
			want := rate * horizon.Seconds() * MeanOver(s, 0, horizon, time.Second)
			if math.Abs(float64(n)-want) > 5*math.Sqrt(want) {
				t.Errorf("%d arrivals, want %.0f ± %.0f", n, want, 5*math.Sqrt(want))
			}
			for h, got := range hours {
				from := time.Duration(h) * time.Hour
				exp := rate * 3600 * MeanOver(s, from, from+time.Hour, time.Second)
				if math.Abs(got-exp) > 5*math.Sqrt(exp)+1 {
					t.Errorf("hour %d: %.0f arrivals, want %.0f", h, got, exp)
				}
			}
		})
	}
}

func TestPoissonDeterministic(t *testing.T) {
	t.Parallel()
	s := Spiky{Height: 10, Length: 5 * time.Minute, PerDay: 4, Seed: 3}
	a := NewPoisson(1, s, day, rand.New(rand.NewPCG(5, 6)))
	b := NewPoisson(1, s, day, rand.New(rand.NewPCG(5, 6)))
	for {
		x, okx := a.Next()
		y, oky := b.Next()
		if x != y || okx != oky {
			t.Fatalf("same seed diverged: %v/%v vs %v/%v", x, okx, y, oky)
		}
		if !okx {
			break
		}
	}
}

func TestPoissonZeroRate(t *testing.T) {
	t.Parallel()
	if _, ok := NewPoisson(0, Constant{}, day, rand.New(rand.NewPCG(1, 1))).Next(); ok {
		t.Error("zero rate produced an arrival")
	}
}

func TestPoissonNoAlloc(t *testing.T) {
	a := NewPoisson(1000, NewDiurnal(3, 14), 1000*day, rand.New(rand.NewPCG(1, 1)))
	if n := testing.AllocsPerRun(10000, func() { a.Next() }); n != 0 {
		t.Errorf("Next allocates %.1f times per call, want 0", n)
	}
}

func benchArrivals(b *testing.B, s Shape) {
	a := NewPoisson(20, s, 1e5*day, rand.New(rand.NewPCG(1, 1)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := a.Next(); !ok {
			b.Fatal("horizon reached")
		}
	}
}

func BenchmarkArrivalsConstant(b *testing.B) { benchArrivals(b, Constant{}) }
func BenchmarkArrivalsDiurnal(b *testing.B)  { benchArrivals(b, NewDiurnal(3, 14)) }
func BenchmarkArrivalsBusiness(b *testing.B) {
	benchArrivals(b, BusinessHours{Start: 9, End: 17, Floor: 0.1})
}
func BenchmarkArrivalsSpiky(b *testing.B) {
	benchArrivals(b, Spiky{Height: 30, Length: 5 * time.Minute, PerDay: 4, Seed: 1})
}
