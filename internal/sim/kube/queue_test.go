package kube

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestErlangC(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		c    int
		a    float64
		want float64
	}{
		{1, 0.5, 0.5},            // M/M/1: P(wait) = ρ
		{2, 1, 1.0 / 3},          // M/M/2: 2ρ²/(1+ρ) with ρ = 0.5
		{2, 1.6, 2 * 0.64 / 1.8}, // ρ = 0.8
		{5, 5, 1},                // saturated
		{100, 1, 0},              // nobody waits (below 1e-18)
	} {
		if got := erlangC(c.c, c.a); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("erlangC(%d, %g) = %.15g, want %.15g", c.c, c.a, got, c.want)
		}
	}
}

// TestErlangCLargeLoads: the recursion started near the load (erlangC)
// agrees with the full recursion from k = 0 across large clusters, light
// and heavy, and with the Halfin–Whitt limit.
func TestErlangCLargeLoads(t *testing.T) {
	t.Parallel()
	full := func(c int, a float64) float64 {
		invB := 1.0
		for k := 1; k <= c; k++ {
			invB = 1 + invB*float64(k)/a
			if invB > 1e18 {
				return 0
			}
		}
		b := 1 / invB
		return b / (1 - a/float64(c)*(1-b))
	}
	for _, a := range []float64{50, 401, 500, 1350.5, 5000, 40000} {
		for _, rho := range []float64{0.3, 0.5, 0.7, 0.8, 0.9, 0.97, 0.99, 0.999} {
			c := int(math.Ceil(a / rho))
			got, want := erlangC(c, a), full(c, a)
			if math.Abs(got-want) > 1e-12*max(want, 1e-300) && math.Abs(got-want) > 1e-300 {
				t.Errorf("erlangC(%d, %g) = %.17g, full recursion %.17g", c, a, got, want)
			}
		}
	}
	// Halfin–Whitt: with c = a + β√a servers, P(wait) → [1 + β Φ(β)/φ(β)]⁻¹
	// as a grows (β = 1: 1/(1 + 0.8413/0.2420) = 0.2234).
	a := 40000.0
	c := int(a + math.Sqrt(a))
	if got := erlangC(c, a); math.Abs(got-0.2234) > 0.002 {
		t.Errorf("erlangC(%d, %g) = %.4f, Halfin–Whitt limit 0.2234", c, a, got)
	}
}

func TestPoissonMean(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for _, m := range []float64{0.5, 7, 29, 31, 3000} {
		var sum, sq float64
		const n = 20000
		for range n {
			x := poisson(r, m)
			sum += x
			sq += x * x
		}
		mean := sum / n
		v := sq/n - mean*mean
		// Poisson: mean = variance = m; 5 standard errors.
		if math.Abs(mean-m) > 5*math.Sqrt(m/n) || math.Abs(v-m) > 0.1*m+0.1 {
			t.Errorf("poisson(%g): mean %g, variance %g", m, mean, v)
		}
	}
}

// TestFluidConservation: in overload every arrival is served, dropped or
// still queued, and waits never exceed the timeout.
func TestFluidConservation(t *testing.T) {
	t.Parallel()
	var q queue
	var in, out float64
	sv := newService(0.05, 0)
	rates := []float64{320, 320, 320, 320, 1000, 1000, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50}
	for _, lam := range rates {
		n := lam * 15
		var o stepOutcome
		q.step(&o, n, lam, 8, sv, 15, 30)
		in += n
		out += o.served + o.dropped
		for _, c := range o.comps[:o.n] {
			hi := c.a
			if c.kind == compUniform {
				hi = c.b
			}
			if hi > 30+1e-9 {
				t.Errorf("rate %g: wait %g above the timeout", lam, hi)
			}
		}
	}
	if math.Abs(in-out-q.backlog) > 1e-6 {
		t.Errorf("arrived %g, served+dropped %g, backlog %g: not conserved", in, out, q.backlog)
	}
	if q.backlog != 0 {
		t.Errorf("backlog %g after a long quiet spell", q.backlog)
	}
}

// mdcP99 simulates an M/D/c FIFO queue request by request and returns the
// 99th percentile of latency (wait + service).
func mdcP99(lam float64, c int, s float64, n int, seed uint64) float64 {
	r := rand.New(rand.NewPCG(seed, 9))
	free := make(floatHeap, c)
	heap.Init(&free)
	lat := make([]float64, 0, n)
	t := 0.0
	for range n {
		t += r.ExpFloat64() / lam
		start := math.Max(t, free[0])
		heap.Pop(&free)
		heap.Push(&free, start+s)
		lat = append(lat, start+s-t)
	}
	lat = lat[n/10:] // drop the warm-up
	sort.Float64s(lat)
	return lat[int(0.99*float64(len(lat)))]
}

type floatHeap []float64

func (h floatHeap) Len() int           { return len(h) }
func (h floatHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h floatHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *floatHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *floatHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestAggregateMatchesRequestLevel compares the aggregate model's p99 with a
// request-by-request M/D/c simulation at the utilisations an HPA keeps
// (docs/kubernetes-simulator.md quotes these errors).
func TestAggregateMatchesRequestLevel(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("request-level reference simulation")
	}
	for _, c := range []struct {
		servers int
		rho     float64
		tol     float64
	}{{16, 0.7, 0.05}, {8, 0.85, 0.15}, {64, 0.9, 0.15}, {4, 0.5, 0.05}} {
		s := 0.05
		lam := c.rho * float64(c.servers) / s
		want := mdcP99(lam, c.servers, s, 400000, 1)
		var q queue
		var acc latencyAcc
		sv := newService(s, 0)
		rng := rand.New(rand.NewPCG(3, 4))
		for range 2000 {
			n := poisson(rng, lam*15)
			var o stepOutcome
			q.step(&o, n, lam, c.servers, sv, 15, 60)
			for _, comp := range o.comps[:o.n] {
				acc.add(comp)
			}
		}
		got := acc.percentiles(sv, 60+s).P99 / 1000
		if math.Abs(got-want)/want > c.tol {
			t.Errorf("c=%d ρ=%.2f: aggregate p99 %.2f ms, request-level %.2f ms (tolerance %.0f %%)", c.servers, c.rho, got*1000, want*1000, c.tol*100)
		}
		t.Logf("c=%d ρ=%.2f: aggregate p99 %.2f ms, request-level %.2f ms", c.servers, c.rho, got*1000, want*1000)
	}
}

// BenchmarkErlangC: light and heavy loads on small and large clusters, as
// a month's judging asks for them at every step.
func BenchmarkErlangC(b *testing.B) {
	for b.Loop() {
		for _, a := range []float64{50, 300, 1000, 4000} {
			erlangC(int(a/0.8), a)
			erlangC(int(a+2), a)
		}
	}
}
