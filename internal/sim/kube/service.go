package kube

import "math"

// z99 is the standard normal 0.99 quantile, Φ⁻¹(0.99).
const z99 = 2.3263478740408408

// maxP99Ratio is the largest p99 / mean a lognormal can have: exp(z²/2),
// reached at σ = z.
var maxP99Ratio = math.Exp(z99 * z99 / 2)

// minSigma is the spread below which the service time is taken as constant:
// p99 within 0.23 % of the mean, below the 1 % resolution of the reports.
const minSigma = 1e-3

// service is a deployment's service-time distribution: lognormal with the
// given mean and 99th percentile, or constant (σ = 0) when the p99 is zero
// or equal to the mean. Latency is the queueing wait plus an independent
// draw from it (in a FIFO queue a request's wait does not depend on its own
// service time).
type service struct {
	mean  float64 // seconds
	sigma float64 // of ln S; 0: constant
	mu    float64 // of ln S
	cs2   float64 // squared coefficient of variation, exp(σ²) − 1
	// surv[i] is P(S > y) at the start of survival bucket base+i: buckets
	// by the float's bits, keeping the exponent and the first 52 − shift
	// mantissa bits, linear inside a bucket.
	shift uint
	inv   float64 // 2^−shift
	base  int
	surv  []float64
}

// survBuckets is the resolution of the survival table: at least this many
// buckets per σ of ln S (and at least 256 per doubling), so that linear
// interpolation stays within 2e-5 of the normal tail even for narrow spreads.
const survBuckets = 50

// newService builds the distribution for mean and p99 (seconds; p99 = 0
// means constant). Callers validate that mean ≤ p99 ≤ exp(z²/2) × mean.
func newService(mean, p99 float64) *service {
	s := &service{mean: mean}
	if p99 > mean && mean > 0 {
		// mean = exp(μ + σ²/2) and p99 = exp(μ + zσ): σ is the smaller root
		// of σ²/2 − zσ + ln(p99/mean) = 0 (the one with p99 above the mean).
		l := math.Log(p99 / mean)
		sigma := z99 - math.Sqrt(math.Max(0, z99*z99-2*l))
		if sigma >= minSigma {
			s.sigma = sigma
			s.mu = math.Log(mean) - sigma*sigma/2
			s.cs2 = math.Expm1(sigma * sigma)
			s.table()
		}
	}
	return s
}

// constant reports whether every request takes exactly the mean.
func (s *service) constant() bool { return s.sigma == 0 }

// quantile is the service time below which a fraction p of requests fall.
func (s *service) quantile(p float64) float64 {
	if s.constant() {
		return s.mean
	}
	return math.Exp(s.mu + s.sigma*math.Sqrt2*math.Erfinv(2*p-1))
}

// percentiles is the service time's own p50/p95/p99 in ms.
func (s *service) percentiles() Percentiles {
	q := func(p float64) float64 { return round3(s.quantile(p) * 1000) }
	return Percentiles{P50: q(0.5), P95: q(0.95), P99: q(0.99)}
}

// exactSurv is P(S > y) from the normal tail.
func (s *service) exactSurv(y float64) float64 {
	if y <= 0 {
		return 1
	}
	return 0.5 * math.Erfc((math.Log(y)-s.mu)/(s.sigma*math.Sqrt2))
}

// meanMin is E[min(S, t)] = ∫₀ᵗ P(S > y) dy: for a lognormal,
// mean·Φ((ln t − μ − σ²)/σ) + t·P(S > t).
func (s *service) meanMin(t float64) float64 {
	if t <= 0 {
		return 0
	}
	if s.constant() {
		return math.Min(t, s.mean)
	}
	l := math.Log(t)
	return s.mean*0.5*math.Erfc(-(l-s.mu-s.sigma*s.sigma)/(s.sigma*math.Sqrt2)) + t*s.exactSurv(t)
}

// table tabulates the survival function over z ∈ [−8, 8] (survival from
// 1 − 6e-16 down to 6e-16), beyond which it is 1 or 0.
func (s *service) table() {
	bits := min(16, max(8, int(math.Ceil(math.Log2(survBuckets/s.sigma)))))
	s.shift = uint(52 - bits)
	s.inv = 1 / float64(uint64(1)<<s.shift)
	lo := math.Exp(s.mu - 8*s.sigma)
	hi := math.Exp(s.mu + 8*s.sigma)
	s.base = int(math.Float64bits(lo) >> s.shift)
	top := int(math.Float64bits(hi)>>s.shift) + 1
	s.surv = make([]float64, top-s.base+1)
	for i := range s.surv {
		s.surv[i] = s.exactSurv(math.Float64frombits(uint64(s.base+i) << s.shift))
	}
}

// survival is P(S > y): exact for a constant service, else the table with
// linear interpolation inside a bucket (y is linear in the low mantissa
// bits within one).
func (s *service) survival(y float64) float64 {
	if s.constant() {
		if y < s.mean {
			return 1
		}
		return 0
	}
	if y <= 0 {
		return 1
	}
	b := math.Float64bits(y)
	i := int(b>>s.shift) - s.base
	if i < 0 {
		return 1
	}
	if i >= len(s.surv)-1 {
		return 0
	}
	f := float64(b&(1<<s.shift-1)) * s.inv
	return s.surv[i] + (s.surv[i+1]-s.surv[i])*f
}

// waitFactor is the Allen–Cunneen correction of the M/M/c mean wait for a
// general service time, (1 + Cs²)/2 (Cs² = 0: the M/D/c halving; 1: M/M/c).
func (s *service) waitFactor() float64 { return (1 + s.cs2) / 2 }

// waitPoints discretises an exponential wait of rate 1 into survival
// levels: each point is (value, probability), values in units of 1/rate.
// fine has 16 levels a decade down to 10⁻⁶ (the horizon percentiles and SLO
// minutes); coarse has 4 a decade down to 10⁻⁴ (the per-minute p99 series).
var waitPointsFine, waitPointsCoarse = survivalPoints(16, 6), survivalPoints(4, 4)

// survivalPoints cuts Exp(1) at survival 10^(−j/perDecade), j = 1 … n,
// placing each slice's mass at its geometric-mean survival, and the
// remainder at half the last level.
func survivalPoints(perDecade, decades int) [][2]float64 {
	var pts [][2]float64
	prev := 1.0
	for j := 1; j <= perDecade*decades; j++ {
		s := math.Pow(10, -float64(j)/float64(perDecade))
		pts = append(pts, [2]float64{-math.Log(math.Sqrt(prev * s)), prev - s})
		prev = s
	}
	return append(pts, [2]float64{-math.Log(prev / 2), prev})
}

// tailWait is P(W + S > x) for a wait piece c (weighted by c.w) and service
// s. For a constant service it is the piece's own tail at x − S, exactly;
// otherwise atoms are exact, exponentials are discretised at the given
// survival levels (each point shifts S), and a uniform wait on [a, b] is
// exact: (E[min(S, x−a)] − E[min(S, x−b)]) / (b − a).
func tailWait(c component, s *service, x float64, pts [][2]float64) float64 {
	if s.constant() {
		return c.tail(x - s.mean)
	}
	switch c.kind {
	case compAtom:
		return c.w * s.survival(x-c.a)
	case compExp:
		t := 0.0
		for _, p := range pts {
			t += p[1] * s.survival(x-c.a-p[0]/c.b)
		}
		return c.w * t
	default:
		lo, hi := math.Min(c.a, c.b), math.Max(c.a, c.b)
		if hi-lo < 1e-12 {
			return c.w * s.survival(x-lo)
		}
		return c.w * (s.meanMin(x-lo) - s.meanMin(x-hi)) / (hi - lo)
	}
}
