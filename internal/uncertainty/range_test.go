package uncertainty

import (
	"cmp"
	"math"
	"testing"
)

// TestQuantilesReproduceTheRange: a lognormal range returns its own p10,
// p50 and p90, uniform and triangular their bounds' quantiles, and the
// empirical quantiles of many samples approach them.
func TestQuantilesReproduceTheRange(t *testing.T) {
	for _, r := range []Range{
		{Dist: Lognormal, P10: 5e6, P50: 10e6, P90: 40e6},
		{Dist: Lognormal, P10: 0, P50: 2, P90: 3},
		{Dist: Uniform, Min: 80, Max: 200},
		{Dist: Triangular, Min: 200, Mode: 300, Max: 400},
	} {
		if msg := r.Validate(); msg != "" {
			t.Fatalf("%+v: %s", r, msg)
		}
		xs := make([]float64, 20000)
		rng := SampleRNG(1, 0)
		for i := range xs {
			xs[i] = r.Sample(rng)
		}
		q := Of(xs, cmp.Compare[float64])
		for _, c := range []struct{ got, want float64 }{{q.P10, r.Low()}, {q.P50, r.Median()}, {q.P90, r.High()}} {
			if math.Abs(c.got-c.want) > 0.03*math.Max(c.want, 1) {
				t.Errorf("%+v: sampled quantile %g, want %g", r, c.got, c.want)
			}
		}
	}
	if r := (Range{Dist: Lognormal, P10: 5, P50: 10, P90: 40}); r.Low() != 5 || r.Median() != 10 || r.High() != 40 {
		t.Errorf("lognormal quantiles %g %g %g", r.Low(), r.Median(), r.High())
	}
	if !Fixed(3).Zero() || Spread(3, 0.2).Zero() {
		t.Error("Zero")
	}
}

// TestValidate: the mistakes a spec can make in a range.
func TestValidate(t *testing.T) {
	for _, r := range []Range{
		{Dist: Lognormal, P10: 9, P50: 5, P90: 4},
		{Dist: Lognormal, P10: 1, P50: 9, P90: 4},
		{Dist: Uniform, Min: -1, Max: 4},
		{Dist: Uniform, Min: 5, Max: 4},
		{Dist: Triangular, Min: 1, Mode: 9, Max: 4},
		{Dist: "gaussian", P10: 1, P90: 2},
	} {
		if r.Validate() == "" {
			t.Errorf("%+v: accepted", r)
		}
	}
}

// TestSampleStreams: sample k's stream depends on the seed and k only.
func TestSampleStreams(t *testing.T) {
	a, b := SampleRNG(5, 3).Float64(), SampleRNG(5, 3).Float64()
	if a != b || a == SampleRNG(5, 4).Float64() || a == SampleRNG(6, 3).Float64() {
		t.Error("streams are not per seed and sample")
	}
}
