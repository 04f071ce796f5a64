package kube

import (
	"math"
	"math/rand/v2"
)

// The request model is aggregate: per step (15 s), a deployment's arrivals
// are one Poisson count, its ready pods are c = ready × concurrency servers
// whose service time S has mean s (lognormal, or constant), and requests
// wait in one FIFO queue. In a step that starts with an empty queue and
// offered load below capacity the queue is taken as stationary M/G/c: the
// probability of waiting is Erlang C, and the wait given a wait is
// exponential with the M/M/c mean scaled by Allen–Cunneen's (1 + Cs²)/2
// (Cs² = 0, constant service: the M/D/c halving). When the step begins with a
// backlog or its arrivals exceed what the free servers and the step's
// capacity can take, the queue is a fluid that grows or drains linearly and
// carries over to the next step. Requests that would wait longer than the
// timeout are dropped (timed out). The pieces below describe the wait; a
// request's latency is its wait plus an independent draw of S (service.go).
// docs/kubernetes-simulator.md explains why this is exact enough.

// erlangC is the probability that an arrival waits in an M/M/c queue with
// offered load a Erlangs (Erlang C), by the stable Erlang B recursion
// 1/B(k) = 1 + (k/a)/B(k−1).
//
// Below k ≈ a the recursion contracts: an error in 1/B(k−1) reaches 1/B(k)
// multiplied by less than k/a in relative terms. So for a large load it
// starts at k₀ = a − 10√a from the fluid estimate 1/B(k₀) ≈ a/(a−k₀)
// instead of at k = 0: whatever that estimate's error, the steps up to a
// shrink it by ∏ k/a ≤ exp(−(a−k₀)²/2a) = e⁻⁵⁰, below a double's
// precision, and a large cluster's judging costs O(√a) steps, not O(a).
func erlangC(c int, a float64) float64 {
	if a <= 0 || c <= 0 {
		if c <= 0 {
			return 1
		}
		return 0
	}
	if a >= float64(c) {
		return 1
	}
	// With c at or above the load, P(N ≤ c) ≥ 1/2 for N ~ Poisson(a), so
	// B(c) = P(N = c) / P(N ≤ c) ≤ 2 P(N = c): when that is below 1e-18
	// the recursion would end on its threshold, and its answer is known
	// from one log-gamma.
	if c >= 64 && float64(c) >= a+1 {
		lg, _ := math.Lgamma(float64(c) + 1)
		if -a+float64(c)*math.Log(a)-lg < math.Log(0.5e-18) {
			return 0
		}
	}
	invB, k0 := 1.0, 0
	if a > 400 {
		k0 = int(a - 10*math.Sqrt(a))
		invB = a / (a - float64(k0))
	}
	ia := 1 / a
	// Two steps at a time, x(k+1) = 1 + p + p·(k/a)·x(k−1) with p = (k+1)/a,
	// so that the chain each step waits on is one multiply and one add.
	k := k0 + 1
	for ; k < c; k += 2 {
		r := float64(k) * ia
		p := r + ia
		invB = (1 + p) + p*r*invB
		if invB > 1e18 {
			return 0 // B(c) < 1e-18: nobody waits
		}
	}
	if k == c {
		invB = 1 + float64(k)*ia*invB
		if invB > 1e18 {
			return 0
		}
	}
	b := 1 / invB
	rho := a / float64(c)
	return b / (1 - rho*(1-b))
}

// poisson draws a Poisson count with the given mean: inversion by sequential
// search below 30, a rounded normal approximation above (its error is below
// the step-to-step variation of the rate itself).
func poisson(r *rand.Rand, mean float64) float64 {
	if mean <= 0 {
		return 0
	}
	if mean < 30 {
		u := r.Float64()
		p := math.Exp(-mean)
		f := p
		k := 0
		for u > f && k < 1000 {
			k++
			p *= mean / float64(k)
			f += p
		}
		return float64(k)
	}
	x := math.Round(mean + math.Sqrt(mean)*r.NormFloat64())
	return math.Max(0, x)
}

// wait components of one step: the distribution of the queueing wait of the
// requests served, as weighted pieces (latency = wait + service time).
type component struct {
	kind int // compAtom, compExp, compUniform
	w    float64
	a, b float64 // atom: value a; exp: origin a, rate b; uniform: from a to b
}

const (
	compAtom = iota
	compExp
	compUniform
)

// tail is the weight of the component above x.
func (c component) tail(x float64) float64 {
	switch c.kind {
	case compAtom:
		if c.a > x {
			return c.w
		}
		return 0
	case compExp:
		if x <= c.a {
			return c.w
		}
		return c.w * math.Exp(-c.b*(x-c.a))
	default:
		if x <= c.a {
			return c.w
		}
		if x >= c.b {
			return 0
		}
		return c.w * (c.b - x) / (c.b - c.a)
	}
}

// stepOutcome is one step of one deployment's queue.
type stepOutcome struct {
	arrived, served, dropped float64
	busy                     float64 // mean busy servers (requests in service)
	comps                    [4]component
	n                        int
}

func (o *stepOutcome) add(c component) {
	if c.w > 0 {
		o.comps[o.n] = c
		o.n++
	}
}

// queue is one deployment's request queue across steps.
type queue struct {
	backlog float64
	// inService is the mean number of requests in service: each step's
	// served work (served × s / dt servers) enters it and it decays with
	// the service time, so a request longer than a step keeps its server
	// (and its CPU) busy for its whole duration rather than for the step it
	// started in. decay is exp(−dt/s), 0 for services far shorter than a step.
	inService float64
	decay     float64
	// memo of the last Erlang C evaluation
	lastC    int
	lastA    float64
	lastProb float64
}

// step advances the queue by dt seconds with n arrivals drawn at rate
// (per second), c servers, service time sv (mean s) and timeout T (all
// seconds). The stationary part uses the rate, the fluid part the realised
// count.
func (q *queue) step(o *stepOutcome, n, rate float64, c int, sv *service, dt, timeout float64) {
	q.advance(o, n, rate, c, sv, dt, timeout)
	s := sv.mean
	q.inService = q.inService*q.decay + o.served*s/dt*(1-q.decay)
	o.busy = math.Min(q.inService, float64(c))
}

func (q *queue) advance(o *stepOutcome, n, rate float64, c int, sv *service, dt, timeout float64) {
	*o = stepOutcome{arrived: n}
	s := sv.mean
	capRate := float64(c) / s // requests per second at full occupancy
	qmax := capRate * timeout
	if q.backlog > qmax {
		o.dropped += q.backlog - qmax
		q.backlog = qmax
	}
	lam := n / dt
	// Stationary unless the step's arrivals are more than the servers can
	// start at once plus what they complete in the step: with a service far
	// longer than the step (a job), one arrival in 15 s is not an overload of
	// an idle server, although its "rate" n/dt is above c/s.
	if q.backlog == 0 && rate < capRate && n <= capRate*dt+float64(c) {
		q.stationary(o, n, rate, c, sv, capRate)
		o.served = n
		return
	}
	if capRate == 0 {
		o.dropped += n
		return
	}
	q0 := q.backlog
	if lam >= capRate {
		g := lam - capRate
		t1 := dt
		if g > 0 && (qmax-q0)/g < dt {
			t1 = (qmax - q0) / g
		}
		q1 := q0 + g*t1
		acc1 := lam * t1
		o.add(component{kind: compUniform, w: acc1, a: q0 / capRate, b: q1 / capRate})
		t2 := dt - t1
		if t2 > 0 {
			o.add(component{kind: compAtom, w: capRate * t2, a: timeout})
			o.dropped += g * t2
		}
		q.backlog = q1
		o.served = capRate * dt
		return
	}
	// Draining: the backlog shrinks at capRate-lam until empty.
	g := capRate - lam
	t1 := math.Min(dt, q0/g)
	q1 := q0 - g*t1
	o.add(component{kind: compUniform, w: lam * t1, a: q0 / capRate, b: q1 / capRate})
	rest := dt - t1
	if rest > 0 {
		q.stationary(o, lam*rest, lam, c, sv, capRate)
	}
	o.served = capRate*t1 + lam*rest
	q.backlog = q1
	if q.backlog < 1e-9 {
		q.backlog = 0
	}
}

// stationary adds the M/G/c waits of n requests arriving at rate lam.
func (q *queue) stationary(o *stepOutcome, n, lam float64, c int, sv *service, capRate float64) {
	if n <= 0 {
		return
	}
	a := lam * sv.mean
	var pw float64
	if c == q.lastC && a == q.lastA {
		pw = q.lastProb
	} else {
		pw = erlangC(c, a)
		q.lastC, q.lastA, q.lastProb = c, a, pw
	}
	o.add(component{kind: compAtom, w: n * (1 - pw), a: 0})
	if pw > 1e-12 {
		// Waiting time given a wait is exponential with rate cμ−λ for M/M/c;
		// Allen–Cunneen scales its mean by (1 + Cs²)/2 for a general service.
		o.add(component{kind: compExp, w: n * pw, a: 0, b: (capRate - lam) / sv.waitFactor()})
	}
}
