package serverless

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// DistKind names a service-time distribution.
type DistKind string

// Service-time distributions.
const (
	Constant    DistKind = "constant"
	Exponential DistKind = "exponential"
	Lognormal   DistKind = "lognormal" // given mean and p99
	Empirical   DistKind = "empirical" // resampled from observed durations
)

// DistKinds lists the distributions a user may name.
var DistKinds = []DistKind{Constant, Exponential, Lognormal, Empirical}

// z99 is the standard normal 0.99 quantile, Φ⁻¹(0.99).
const z99 = 2.3263478740408408

// Dist is a service-time distribution in seconds. Every sample is Offset plus
// a draw from Kind with the given Mean (and P99 for Lognormal), so a cold
// request can be "the warm distribution plus the runtime's initialisation".
type Dist struct {
	Kind    DistKind  `json:"kind"`
	Mean    float64   `json:"mean_s"`
	P99     float64   `json:"p99_s,omitempty"`
	Offset  float64   `json:"offset_s,omitempty"`
	Samples []float64 `json:"-"`
}

// MeanValue is the distribution's expected value including Offset.
func (d Dist) MeanValue() float64 {
	if d.Kind == Empirical {
		s := 0.0
		for _, x := range d.Samples {
			s += x
		}
		if len(d.Samples) == 0 {
			return d.Offset
		}
		return d.Offset + s/float64(len(d.Samples))
	}
	return d.Offset + d.Mean
}

// IsZero reports whether d is unset.
func (d Dist) IsZero() bool { return d.Kind == "" && d.Mean == 0 && len(d.Samples) == 0 }

func (d Dist) String() string {
	switch d.Kind {
	case Lognormal:
		return fmt.Sprintf("lognormal(mean %gs, p99 %gs)+%gs", d.Mean, d.P99, d.Offset)
	case Empirical:
		return fmt.Sprintf("empirical(%d samples)+%gs", len(d.Samples), d.Offset)
	}
	return fmt.Sprintf("%s(mean %gs)+%gs", d.Kind, d.Mean, d.Offset)
}

// validate returns what is wrong with d, in words, prefixed by name.
func (d Dist) validate(name string) []string {
	var out []string
	bad := func(format string, a ...any) { out = append(out, fmt.Sprintf(format, a...)) }
	if d.Offset < 0 || math.IsNaN(d.Offset) || math.IsInf(d.Offset, 0) {
		bad("%s: offset %g must be a finite duration ≥ 0", name, d.Offset)
	}
	switch d.Kind {
	case Constant, Exponential:
		if !(d.Mean > 0) || math.IsInf(d.Mean, 0) {
			bad("%s: mean %gs must be a positive duration", name, d.Mean)
		}
	case Lognormal:
		if !(d.Mean > 0) || math.IsInf(d.Mean, 0) {
			bad("%s: mean %gs must be a positive duration", name, d.Mean)
			break
		}
		if !(d.P99 > d.Mean) || math.IsInf(d.P99, 0) {
			bad("%s: lognormal p99 %gs must be greater than the mean %gs", name, d.P99, d.Mean)
			break
		}
		if math.Log(d.P99/d.Mean) > z99*z99/2 {
			bad("%s: a lognormal cannot have p99/mean = %.3g (at most %.3g)", name, d.P99/d.Mean, math.Exp(z99*z99/2))
		}
	case Empirical:
		if len(d.Samples) == 0 {
			bad("%s: empirical distribution has no samples", name)
		}
		for _, x := range d.Samples {
			if !(x >= 0) || math.IsInf(x, 0) {
				bad("%s: sample %g is not a finite duration ≥ 0", name, x)
				break
			}
		}
	default:
		kinds := make([]string, len(DistKinds))
		for i, k := range DistKinds {
			kinds[i] = string(k)
		}
		bad("%s: unknown distribution %q (valid: %s)", name, d.Kind, strings.Join(kinds, ", "))
	}
	return out
}

// sampler draws from a validated Dist without allocating.
type sampler struct {
	kind    DistKind
	offset  float64
	a, b    float64 // mean, or lognormal μ and σ
	samples []float64
}

func newSampler(d Dist) sampler {
	s := sampler{kind: d.Kind, offset: d.Offset, a: d.Mean, samples: d.Samples}
	if d.Kind == Lognormal {
		// mean = exp(μ + σ²/2) and p99 = exp(μ + z σ): σ solves
		// σ²/2 − zσ + ln(p99/mean) = 0; the smaller root is the one whose
		// p99 lies above the mean.
		l := math.Log(d.P99 / d.Mean)
		sigma := z99 - math.Sqrt(z99*z99-2*l)
		s.a = math.Log(d.Mean) - sigma*sigma/2
		s.b = sigma
	}
	return s
}

func (s *sampler) sample(r *rand.Rand) float64 {
	switch s.kind {
	case Exponential:
		return s.offset + r.ExpFloat64()*s.a
	case Constant:
		return s.offset + s.a
	case Lognormal:
		return s.offset + math.Exp(s.a+s.b*r.NormFloat64())
	default:
		return s.offset + s.samples[r.IntN(len(s.samples))]
	}
}
