// Package uncertainty holds the ranges a spec may give instead of a single
// number (a distribution of a numeric field), the seeded sampling of them
// and the quantiles of what the samples cost. It is pure: no I/O, no YAML
// and no pricing; internal/spec decodes ranges and internal/advisor runs
// the samples (docs/uncertainty.md).
package uncertainty

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
)

// Dist names a range's distribution.
type Dist string

// Distributions.
const (
	// Lognormal is fitted to p10, p50 and p90: a two-piece lognormal whose
	// median is p50 and whose spread below and above the median is set by
	// p10 and p90 (so all three are reproduced exactly). When p10 is 0 the
	// lower piece is normal, truncated at 0.
	Lognormal Dist = "lognormal"
	// Uniform spreads evenly between min and max.
	Uniform Dist = "uniform"
	// Triangular rises from min to mode (default: the midpoint) and falls to max.
	Triangular Dist = "triangular"
)

// Dists lists the distributions a spec may name.
var Dists = []Dist{Lognormal, Uniform, Triangular}

// z90 is the standard normal quantile at 0.9.
const z90 = 1.2815515655446004

// Range is one numeric field's distribution. For Lognormal, P10 ≤ P50 ≤ P90;
// for Uniform and Triangular, Min ≤ Mode ≤ Max.
type Range struct {
	Dist Dist    `json:"dist"`
	P10  float64 `json:"p10,omitempty"`
	P50  float64 `json:"p50,omitempty"`
	P90  float64 `json:"p90,omitempty"`
	Min  float64 `json:"min,omitempty"`
	Max  float64 `json:"max,omitempty"`
	Mode float64 `json:"mode,omitempty"`
	// Integer rounds every value to a whole number (a field such as gpu).
	Integer bool `json:"integer,omitempty"`
}

// Fixed is a range of zero spread at v.
func Fixed(v float64) Range { return Range{Dist: Lognormal, P10: v, P50: v, P90: v} }

// Spread is a lognormal range with median v and p10/p90 at v÷(1+f) and
// v×(1+f): the default spread --default-spread gives an unranged field.
func Spread(v, f float64) Range {
	return Range{Dist: Lognormal, P10: v / (1 + f), P50: v, P90: v * (1 + f)}
}

// Validate reports what is wrong with r, or "" when it is usable.
func (r Range) Validate() string {
	for _, x := range []float64{r.P10, r.P50, r.P90, r.Min, r.Max, r.Mode} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return "a bound is not a finite number"
		}
		if x < 0 {
			return fmt.Sprintf("a bound is negative (%s): every range here is of amounts that cannot be below 0", num(x))
		}
	}
	switch r.Dist {
	case Lognormal:
		if r.P10 > r.P90 {
			return fmt.Sprintf("p10 (%s) is above p90 (%s): p10 is the low end", num(r.P10), num(r.P90))
		}
		if r.P50 < r.P10 || r.P50 > r.P90 {
			return fmt.Sprintf("p50 (%s) is outside p10..p90 (%s..%s)", num(r.P50), num(r.P10), num(r.P90))
		}
	case Uniform, Triangular:
		if r.Min > r.Max {
			return fmt.Sprintf("min (%s) is above max (%s)", num(r.Min), num(r.Max))
		}
		if r.Dist == Triangular && (r.Mode < r.Min || r.Mode > r.Max) {
			return fmt.Sprintf("mode (%s) is outside min..max (%s..%s)", num(r.Mode), num(r.Min), num(r.Max))
		}
	default:
		return fmt.Sprintf("unknown distribution %q (valid: lognormal, uniform, triangular)", r.Dist)
	}
	return ""
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// Zero reports a range of no spread.
func (r Range) Zero() bool { return r.Low() == r.High() }

// Low and High are the range's P10 and P90.
func (r Range) Low() float64 { return r.Quantile(0.1) }

// High is the range's P90.
func (r Range) High() float64 { return r.Quantile(0.9) }

// Median is the range's P50: the value the field takes in the one-number
// analysis.
func (r Range) Median() float64 { return r.Quantile(0.5) }

// Quantile is the value below which a share u (0 < u < 1) of the
// distribution lies.
func (r Range) Quantile(u float64) float64 {
	var v float64
	switch r.Dist {
	case Uniform:
		v = r.Min + u*(r.Max-r.Min)
	case Triangular:
		a, b, c := r.Min, r.Max, r.Mode
		if b == a {
			v = a
			break
		}
		if fc := (c - a) / (b - a); u < fc {
			v = a + math.Sqrt(u*(b-a)*(c-a))
		} else {
			v = b - math.Sqrt((1-u)*(b-a)*(b-c))
		}
	default:
		v = r.lognormal(u)
	}
	if r.Integer {
		v = math.Round(v)
	}
	return max(v, 0)
}

func (r Range) lognormal(u float64) float64 {
	switch u {
	case 0.1:
		return r.P10
	case 0.5:
		return r.P50
	case 0.9:
		return r.P90
	}
	z := normalQuantile(u)
	if z >= 0 {
		if r.P50 <= 0 {
			return r.P50 + z/z90*(r.P90-r.P50)
		}
		return r.P50 * math.Exp(z/z90*math.Log(r.P90/r.P50))
	}
	if r.P10 <= 0 {
		return max(0, r.P50+z/z90*(r.P50-r.P10))
	}
	return r.P50 * math.Exp(z/z90*math.Log(r.P50/r.P10))
}

// normalQuantile is the standard normal's inverse CDF.
func normalQuantile(u float64) float64 { return -math.Sqrt2 * math.Erfcinv(2*u) }

// Sample draws one value of r.
func (r Range) Sample(rng *rand.Rand) float64 {
	u := rng.Float64()
	for u == 0 {
		u = rng.Float64()
	}
	return r.Quantile(u)
}

// SampleRNG is the generator of sample k of a run seeded with seed: each
// sample has its own stream, so the samples are the same whatever the
// order or the number of workers that draw them.
func SampleRNG(seed uint64, k int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(k)+1))
}

// Quantiles are a sampled figure's P10, P50 and P90.
type Quantiles[T any] struct {
	P10 T `json:"p10"`
	P50 T `json:"p50"`
	P90 T `json:"p90"`
}

// Of returns the nearest-rank P10, P50 and P90 of xs (which it sorts);
// equal samples give equal quantiles. xs must not be empty.
func Of[T any](xs []T, cmp func(a, b T) int) Quantiles[T] {
	slices.SortStableFunc(xs, cmp)
	return Quantiles[T]{P10: rank(xs, 0.1), P50: rank(xs, 0.5), P90: rank(xs, 0.9)}
}

func rank[T any](xs []T, p float64) T {
	i := int(math.Ceil(p*float64(len(xs)))) - 1
	return xs[min(max(i, 0), len(xs)-1)]
}

// Overlap reports whether the intervals [a.P10, a.P90] and [b.P10, b.P90] meet.
func Overlap(a, b Quantiles[float64]) bool { return a.P10 <= b.P90 && b.P10 <= a.P90 }
