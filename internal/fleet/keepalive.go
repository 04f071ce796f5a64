// Package fleet analyses a whole multi-function trace: for every function,
// its cold-start rate under fixed keep-alive policies, its monthly cost on
// AWS Lambda and as a share of a Kubernetes node, and where it is cheaper;
// then fleet-wide shares and distributions. The model and its sources are in
// docs/traffic.md ("Fleet analysis").
package fleet

import (
	"math"
	"math/rand/v2"
)

// Warm is the keep-alive model of one function: one warm instance that
// lives KeepAlive seconds after the end of its last request (the fixed
// keep-alive policy of Shahrad et al., USENIX ATC 2020, §4: a request is a
// cold start when the time since the previous execution ended exceeds the
// keep-alive). Requests do not queue; overlapping requests share the warm
// state (the policy model counts idle time between executions only).
//
// Per-minute counts become arrivals spread uniformly and independently inside
// each minute (as vHive InVitro samples Azure 2019 minutes), from the
// function's own PCG stream.
//
// Two exact ways to advance a minute of n arrivals:
//   - invocation by invocation: the n sorted uniform times, drawn from
//     normalised exponential spacings (O(n), no sort), each checked against
//     every keep-alive;
//   - in aggregate, when every keep-alive is at least 60 s: inside a minute
//     two arrivals are less than 60 s apart, so only the minute's first
//     arrival can be cold and only its last one sets the next idle period.
//     The pair (first, last) is drawn from its exact joint law: last =
//     U^(1/n), first = last·(1 − V^(1/(n−1))). This costs O(1) per minute
//     whatever n, and has the same distribution of cold starts.
type Warm struct {
	KeepAlive []float64 // seconds, one counter each
	Duration  float64   // seconds per execution (the function's mean)
	// MaxExact is the largest minute simulated invocation by invocation when
	// the aggregate applies (above it the aggregate is used).
	MaxExact int

	Cold        []int64
	Invocations int64
	ExactMins   int64 // minutes simulated invocation by invocation
	AggMins     int64 // minutes advanced in aggregate

	lastEnd float64 // end of the latest execution; -Inf before the first
	minK    float64
	rng     *rand.Rand
	scratch []float64
}

// NewWarm starts a function with no warm instance.
func NewWarm(keepAlive []float64, duration float64, rng *rand.Rand) *Warm {
	w := &Warm{KeepAlive: keepAlive, Duration: duration, MaxExact: 64, Cold: make([]int64, len(keepAlive)),
		lastEnd: math.Inf(-1), minK: math.Inf(1), rng: rng}
	for _, k := range keepAlive {
		w.minK = math.Min(w.minK, k)
	}
	return w
}

// Minute advances n arrivals inside [start, start+60).
func (w *Warm) Minute(start float64, n uint32) {
	if n == 0 {
		return
	}
	w.Invocations += int64(n)
	if int(n) > w.MaxExact && w.minK >= 60 {
		w.aggregate(start, n)
		return
	}
	w.exact(start, n)
}

// Exact forces the invocation-by-invocation path (for tests).
func (w *Warm) Exact(start float64, n uint32) {
	w.Invocations += int64(n)
	w.exact(start, n)
}

// Aggregate forces the per-minute path (for tests; requires keep-alives ≥ 60 s).
func (w *Warm) Aggregate(start float64, n uint32) {
	w.Invocations += int64(n)
	w.aggregate(start, n)
}

func (w *Warm) exact(start float64, n uint32) {
	w.ExactMins++
	if cap(w.scratch) < int(n)+1 {
		w.scratch = make([]float64, int(n)+1)
	}
	e := w.scratch[:n+1]
	var sum float64
	for i := range e {
		sum += w.rng.ExpFloat64()
		e[i] = sum
	}
	scale := 60 / sum
	for i := 0; i < int(n); i++ {
		a := start + e[i]*scale
		w.arrive(a)
	}
}

func (w *Warm) arrive(a float64) {
	idle := a - w.lastEnd
	for k, ka := range w.KeepAlive {
		if idle > ka {
			w.Cold[k]++
		}
	}
	if end := a + w.Duration; end > w.lastEnd {
		w.lastEnd = end
	}
}

func (w *Warm) aggregate(start float64, n uint32) {
	w.AggMins++
	last := math.Pow(w.rng.Float64(), 1/float64(n))
	first := last
	if n > 1 {
		first = last * (1 - math.Pow(w.rng.Float64(), 1/float64(n-1)))
	}
	w.arrive(start + 60*first)
	if end := start + 60*last + w.Duration; end > w.lastEnd {
		w.lastEnd = end
	}
}

// Arrive advances one arrival at time a (seconds); arrivals must come in
// time order. It is the invocation-by-invocation path for callers that
// have exact timestamps.
func (w *Warm) Arrive(a float64) {
	w.Invocations++
	w.arrive(a)
}
