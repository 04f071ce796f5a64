package fleet

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }

// TestWarmIsolatedMinutes: busy minutes further apart than the keep-alive
// plus a minute each start exactly one cold instance, on both paths.
func TestWarmIsolatedMinutes(t *testing.T) {
	t.Parallel()
	ka := []float64{600, 1200}
	for _, path := range []string{"exact", "aggregate"} {
		w := NewWarm(ka, 0.2, rng(1))
		for i := range 50 {
			start := float64(i) * 1500 // 25 min apart: > 20 min + 1 min
			if path == "exact" {
				w.Exact(start, 500)
			} else {
				w.Aggregate(start, 500)
			}
		}
		if w.Cold[0] != 50 || w.Cold[1] != 50 || w.Invocations != 25000 {
			t.Errorf("%s: cold %v of %d, want 50 each of 25000", path, w.Cold, w.Invocations)
		}
	}
}

// TestWarmPathsAgree: where both apply (keep-alives ≥ 60 s), the exact and
// aggregate paths give the same expected cold starts. Busy minutes are
// placed so that whether the next one is cold depends on where inside the
// minutes the arrivals fall; the means over 4,000 seeds must agree within
// 5 standard errors.
func TestWarmPathsAgree(t *testing.T) {
	t.Parallel()
	ka := []float64{600, 630}
	pattern := []struct {
		minute int
		n      uint32
	}{{0, 3}, {10, 2}, {20, 1}, {31, 5}, {41, 200}, {52, 1}, {62, 40}}
	run := func(aggregate bool, seed uint64) [2]float64 {
		w := NewWarm(ka, 0.5, rng(seed))
		for _, p := range pattern {
			if aggregate {
				w.Aggregate(float64(p.minute*60), p.n)
			} else {
				w.Exact(float64(p.minute*60), p.n)
			}
		}
		return [2]float64{float64(w.Cold[0]), float64(w.Cold[1])}
	}
	const n = 4000
	for k := range 2 {
		var s1, s2, q1, q2 float64
		for seed := range uint64(n) {
			a, b := run(false, seed)[k], run(true, seed+1e6)[k]
			s1, s2, q1, q2 = s1+a, s2+b, q1+a*a, q2+b*b
		}
		m1, m2 := s1/n, s2/n
		se := math.Sqrt((q1/n-m1*m1)/n + (q2/n-m2*m2)/n)
		if math.Abs(m1-m2) > 5*se+1e-9 {
			t.Errorf("keep-alive %gs: exact %.4f vs aggregate %.4f cold starts (se %.4f)", ka[k], m1, m2, se)
		}
		if m1 <= 1 || m1 >= float64(len(pattern)) {
			t.Errorf("keep-alive %gs: %.3f cold starts: the pattern does not exercise the boundary", ka[k], m1)
		}
	}
}

// TestWarmPoisson: for Poisson arrivals at rate λ with instantaneous
// executions, a request is cold when the gap before it exceeds the
// keep-alive K, with probability e^(−λK). Binning the arrivals into minutes
// and replaying them uniformly inside each minute keeps them Poisson.
func TestWarmPoisson(t *testing.T) {
	t.Parallel()
	const lambda = 1.0 / 600 // per second
	ka := []float64{300, 600, 1200}
	days := 60
	a := traffic.NewPoisson(lambda, traffic.Constant{}, time.Duration(days)*24*time.Hour, rng(3))
	counts := make([]uint32, days*1440)
	for {
		x, ok := a.Next()
		if !ok {
			break
		}
		counts[int(x/60)]++
	}
	w := NewWarm(ka, 0, rng(4))
	for m, c := range counts {
		w.Minute(float64(m*60), c)
	}
	for k, K := range ka {
		want := math.Exp(-lambda * K)
		got := float64(w.Cold[k]) / float64(w.Invocations)
		se := math.Sqrt(want * (1 - want) / float64(w.Invocations))
		if math.Abs(got-want) > 5*se {
			t.Errorf("K=%gs: cold rate %.4f, want e^(−λK) = %.4f ± %.4f", K, got, want, 5*se)
		}
	}
}

// sliceArrivals replays fixed arrival times.
type sliceArrivals struct {
	ts []float64
	i  int
}

func (s *sliceArrivals) Next() (float64, bool) {
	if s.i >= len(s.ts) {
		return 0, false
	}
	s.i++
	return s.ts[s.i-1], true
}

// TestWarmMatchesServerlessSimulator: on the same arrivals, when executions
// never overlap, the keep-alive model counts exactly the cold starts of the
// discrete-event serverless simulator (internal/sim/serverless) with one
// request per instance and the same keep-alive.
func TestWarmMatchesServerlessSimulator(t *testing.T) {
	t.Parallel()
	const dur = 0.05
	r := rng(9)
	var ts []float64
	x := 0.0
	for len(ts) < 5000 {
		x += 0.1 + r.ExpFloat64()*400 // gaps above the duration: no overlap
		ts = append(ts, x)
	}
	for _, K := range []float64{60, 300, 600} {
		w := NewWarm([]float64{K}, dur, rng(1))
		for _, a := range ts {
			w.Arrive(a)
		}
		res, err := serverless.Run(serverless.Config{
			WarmService:            serverless.Dist{Kind: serverless.Constant, Mean: dur},
			KeepAlive:              K,
			ConcurrencyPerInstance: 1,
			MemoryMB:               128,
			Horizon:                x + 1,
		}, &sliceArrivals{ts: ts}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.ColdStarts != w.Cold[0] || res.Requests != w.Invocations {
			t.Errorf("K=%gs: simulator %d cold of %d, keep-alive model %d of %d", K, res.ColdStarts, res.Requests, w.Cold[0], w.Invocations)
		}
	}
}

func BenchmarkWarmAggregate(b *testing.B) {
	w := NewWarm([]float64{600, 1200, 3600}, 0.1, rng(1))
	i := 0
	for b.Loop() {
		w.Minute(float64(i*60), 5000)
		i++
	}
}

func BenchmarkWarmExact(b *testing.B) {
	w := NewWarm([]float64{600, 1200, 3600}, 0.1, rng(1))
	i := 0
	for b.Loop() {
		w.Minute(float64(i*60), 40)
		i++
	}
}
