package kube

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// lognormalParams solves mean = exp(μ + σ²/2), p99 = exp(μ + zσ) by
// bisection on σ ∈ (0, z], independently of newService's closed form.
func lognormalParams(mean, p99 float64) (mu, sigma float64) {
	lo, hi := 0.0, z99
	for range 200 {
		s := (lo + hi) / 2
		if math.Exp(z99*s-s*s/2) < p99/mean {
			lo = s
		} else {
			hi = s
		}
	}
	sigma = (lo + hi) / 2
	return math.Log(mean) - sigma*sigma/2, sigma
}

// TestServiceLognormal: the distribution has the mean and p99 it was given,
// and its tabulated survival function matches the normal tail.
func TestServiceLognormal(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ mean, p99 float64 }{
		{0.05, 0.15},    // the spec's default spread, 3 × the mean
		{0.2, 0.21},     // narrow
		{1800, 5400},    // a 30-minute job
		{0.01, 0.1496},  // near the lognormal's largest p99/mean, 14.97
		{0.05, 0.05002}, // σ ≈ 4e-4: constant (below minSigma)
	} {
		sv := newService(tc.mean, tc.p99)
		mu, sigma := lognormalParams(tc.mean, tc.p99)
		if sigma < minSigma {
			if !sv.constant() || sv.quantile(0.99) != tc.mean {
				t.Errorf("mean %g p99 %g: σ %.2g should be constant", tc.mean, tc.p99, sigma)
			}
			continue
		}
		if math.Abs(sv.sigma-sigma) > 1e-9 || math.Abs(sv.mu-mu) > 1e-9 {
			t.Errorf("mean %g p99 %g: μ, σ = %g, %g, want %g, %g", tc.mean, tc.p99, sv.mu, sv.sigma, mu, sigma)
		}
		if got := sv.quantile(0.99); math.Abs(got-tc.p99)/tc.p99 > 1e-9 {
			t.Errorf("mean %g: p99 %g, want %g", tc.mean, got, tc.p99)
		}
		if want := math.Expm1(sigma * sigma); math.Abs(sv.cs2-want) > 1e-9*math.Max(1, want) {
			t.Errorf("mean %g p99 %g: Cs² %g, want exp(σ²) − 1 = %g", tc.mean, tc.p99, sv.cs2, want)
		}
		// E[S] = ∫ P(S > y) dy, by the trapezium rule on a fine log grid.
		integral, prev, prevY := 0.0, 1.0, 0.0
		for z := -9.0; z <= 9; z += 0.001 {
			y := math.Exp(mu + sigma*z)
			q := sv.survival(y)
			integral += (prev + q) / 2 * (y - prevY)
			prev, prevY = q, y
		}
		if math.Abs(integral-tc.mean)/tc.mean > 2e-3 {
			t.Errorf("mean %g p99 %g: ∫ survival = %g", tc.mean, tc.p99, integral)
		}
		for z := -6.0; z <= 6; z += 0.37 {
			y := math.Exp(mu + sigma*z)
			want := 0.5 * math.Erfc(z/math.Sqrt2)
			if got := sv.survival(y); math.Abs(got-want) > 2e-5 {
				t.Errorf("mean %g p99 %g: survival at z=%.2f is %g, want %g", tc.mean, tc.p99, z, got, want)
			}
		}
	}
}

// TestAllenCunneen: a stationary step's mean wait is the M/M/c mean wait,
// C(c, a) / (cμ − λ), times (1 + Cs²)/2 (Allen–Cunneen), with Cs² of the
// lognormal exp(σ²) − 1.
func TestAllenCunneen(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		c       int
		rho     float64
		p99Mult float64 // p99 / mean; 1 = constant
		factor  float64 // expected (1 + Cs²)/2, from an independent σ
	}{
		{"constant: the M/D/c halving", 16, 0.7, 1, 0.5},
		{"Cs² = 1: plain M/M/c", 8, 0.85, math.Exp(z99*math.Sqrt(math.Ln2) - math.Ln2/2), 1},
		{"default spread (3 × mean)", 16, 0.7, 3, 0},
		{"wide spread (8 × mean)", 4, 0.5, 8, 0},
		{"many servers, heavy load", 64, 0.9, 3, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const s = 0.05
			p99 := 0.0
			if tc.p99Mult > 1 {
				p99 = tc.p99Mult * s
			}
			sv := newService(s, p99)
			want := tc.factor
			if want == 0 {
				_, sigma := lognormalParams(s, p99)
				want = (1 + math.Expm1(sigma*sigma)) / 2
			}
			if math.Abs(sv.waitFactor()-want) > 1e-6 {
				t.Errorf("(1 + Cs²)/2 = %g, want %g", sv.waitFactor(), want)
			}
			capRate := float64(tc.c) / s
			lam := tc.rho * capRate
			var q queue
			var o stepOutcome
			n := lam * 15
			q.step(&o, n, lam, tc.c, sv, 15, 60)
			meanWait := 0.0
			for _, comp := range o.comps[:o.n] {
				switch comp.kind {
				case compExp:
					meanWait += comp.w / comp.b
				case compAtom:
					meanWait += comp.w * comp.a
				default:
					t.Fatalf("a fluid piece in a stationary step")
				}
			}
			meanWait /= n
			mmc := erlangC(tc.c, lam*s) / (capRate - lam)
			if math.Abs(meanWait-mmc*want)/(mmc*want) > 1e-9 {
				t.Errorf("mean wait %.6g s, want Wq(M/M/c) %.6g × %.4g = %.6g", meanWait, mmc, want, mmc*want)
			}
		})
	}
}

// mgcP99 simulates an M/G/c FIFO queue request by request and returns the
// 99th percentile of latency (wait + service) and the mean wait.
func mgcP99(lam float64, c int, draw func(*rand.Rand) float64, n int, seed uint64) (p99, meanWait float64) {
	r := rand.New(rand.NewPCG(seed, 9))
	free := make(floatHeap, c)
	heap.Init(&free)
	lat := make([]float64, 0, n)
	t, waits := 0.0, 0.0
	for i := range n {
		t += r.ExpFloat64() / lam
		start := math.Max(t, free[0])
		heap.Pop(&free)
		s := draw(r)
		heap.Push(&free, start+s)
		lat = append(lat, start+s-t)
		if i >= n/10 {
			waits += start - t
		}
	}
	lat = lat[n/10:] // drop the warm-up
	sort.Float64s(lat)
	return lat[int(0.99*float64(len(lat)))], waits / float64(len(lat))
}

// TestMGcMatchesRequestLevel compares the aggregate model's p99 with a
// request-by-request M/G/c simulation with lognormal service times
// (docs/kubernetes-simulator.md quotes these errors).
func TestMGcMatchesRequestLevel(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("request-level reference simulation")
	}
	for _, tc := range []struct {
		servers int
		rho     float64
		mult    float64 // p99 / mean
		tol     float64
	}{
		{16, 0.7, 3, 0.05}, {8, 0.85, 3, 0.10}, {64, 0.9, 3, 0.05}, {4, 0.5, 3, 0.05},
		{16, 0.7, 6, 0.10}, {1, 0.5, 3, 0.10}, {8, 0.85, 6, 0.15},
	} {
		s := 0.05
		sv := newService(s, tc.mult*s)
		lam := tc.rho * float64(tc.servers) / s
		want, _ := mgcP99(lam, tc.servers, func(r *rand.Rand) float64 { return math.Exp(sv.mu + sv.sigma*r.NormFloat64()) }, 400000, 1)
		var q queue
		var acc latencyAcc
		rng := rand.New(rand.NewPCG(3, 4))
		for range 2000 {
			n := poisson(rng, lam*15)
			var o stepOutcome
			q.step(&o, n, lam, tc.servers, sv, 15, 60)
			for _, comp := range o.comps[:o.n] {
				acc.add(comp)
			}
		}
		got := acc.percentiles(sv, 60+sv.quantile(1-1e-9)).P99 / 1000
		if math.Abs(got-want)/want > tc.tol {
			t.Errorf("c=%d ρ=%.2f p99/mean=%g: aggregate p99 %.2f ms, request-level %.2f ms (tolerance %.0f %%)", tc.servers, tc.rho, tc.mult, got*1000, want*1000, tc.tol*100)
		}
		t.Logf("c=%d ρ=%.2f p99/mean=%g: aggregate p99 %.2f ms, request-level %.2f ms (%+.1f %%)", tc.servers, tc.rho, tc.mult, got*1000, want*1000, (got-want)/want*100)
	}
}

// TestLognormalLowLoad: with plenty of pods nobody waits, so the simulated
// percentiles are the service time's own: p99 = the given p99 and p50 = the
// lognormal median exp(μ), both above or below the mean as a lognormal's are.
func TestLognormalLowLoad(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	for _, tc := range []struct {
		name     string
		mean     time.Duration
		p99      time.Duration
		wantP50  float64 // ms
		wantP99  float64 // ms
		relative float64
	}{
		{"constant", 50 * time.Millisecond, 0, 50, 50, 1e-6},
		{"default spread", 50 * time.Millisecond, 150 * time.Millisecond, 50 * math.Exp(-0.5333978318706414*0.5333978318706414/2), 150, 0.02},
		{"wide spread", 40 * time.Millisecond, 320 * time.Millisecond, 0, 320, 0.02},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := testDeployment("api", constRate(2)) // 0.1 of one pod's 8 slots busy
			d.ServiceTime, d.ServiceP99 = tc.mean, tc.p99
			d.MinReplicas = 4
			res, err := Simulate(cl, []Deployment{d}, 6*time.Hour, 1)
			if err != nil {
				t.Fatal(err)
			}
			lat := res.Deployments[0].LatencyMs
			mean := float64(tc.mean) / float64(time.Millisecond)
			if tc.wantP50 == 0 {
				mu, _ := lognormalParams(mean, float64(tc.p99)/float64(time.Millisecond))
				tc.wantP50 = math.Exp(mu)
			}
			if math.Abs(lat.P99-tc.wantP99)/tc.wantP99 > tc.relative || math.Abs(lat.P50-tc.wantP50)/tc.wantP50 > tc.relative {
				t.Errorf("p50 %.3f ms, p99 %.3f ms; want %.3f and %.3f (±%g %%)", lat.P50, lat.P99, tc.wantP50, tc.wantP99, tc.relative*100)
			}
			if tc.p99 > tc.mean && !(lat.P99 > mean && lat.P50 < mean) {
				t.Errorf("p50 %.3f, p99 %.3f ms: a lognormal's median is below its mean %g and its p99 above", lat.P50, lat.P99, mean)
			}
		})
	}
}

// TestLongJobIsNotAnOverload: a 30-minute job arriving about once a day on
// one idle replica starts at once. It used to be treated as an overload (one
// arrival in 15 s is a "rate" above 1/1800 s) and mostly dropped at the
// 60 s timeout, with an empty latency histogram read as −0 ms.
func TestLongJobIsNotAnOverload(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	d := testDeployment("nightly", constRate(1.0/86400))
	d.Concurrency, d.MinReplicas, d.MaxReplicas = 1, 1, 3
	d.ServiceTime, d.ServiceP99 = 30*time.Minute, 90*time.Minute
	d.SLOp99 = 0
	res, err := Simulate(cl, []Deployment{d}, 14*24*time.Hour, 7)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Deployments[0]
	if r.Requests == 0 {
		t.Fatal("no job arrived in two weeks; pick another seed")
	}
	if r.Dropped != 0 {
		t.Errorf("%g of %g jobs dropped", r.Dropped, r.Requests)
	}
	if !(r.LatencyMs.P50 > 0.5*1800e3 && r.LatencyMs.P99 >= 0.99*5400e3) {
		t.Errorf("latency %+v ms: want the job's own duration (median about 1,560 s, p99 5,400 s)", r.LatencyMs)
	}
}

// TestMinuteQuantile: the per-minute p99 (coarse discretisation, merged
// pieces, the low-wait shortcut) agrees with a fine reference solved from
// the exact normal tail.
func TestMinuteQuantile(t *testing.T) {
	t.Parallel()
	sv := newService(0.05, 0.15)
	ref := func(comps []component, dropped, total float64) float64 {
		tail := func(x float64) float64 {
			t := dropped
			for _, c := range comps {
				switch c.kind {
				case compAtom:
					t += c.w * sv.exactSurv(x-c.a)
				case compExp:
					for _, p := range survivalPoints(64, 9) {
						t += c.w * p[1] * sv.exactSurv(x-c.a-p[0]/c.b)
					}
				default:
					for j := range 1000 {
						t += c.w / 1000 * sv.exactSurv(x-(c.a+(c.b-c.a)*(float64(j)+0.5)/1000))
					}
				}
			}
			return t
		}
		lo, hi := 0.0, 100.0
		for range 100 {
			m := (lo + hi) / 2
			if tail(m) > 0.01*total {
				lo = m
			} else {
				hi = m
			}
		}
		return hi
	}
	for _, tc := range []struct {
		name    string
		comps   []component
		dropped float64
	}{
		{"nobody waits", []component{{kind: compAtom, w: 1000}}, 0},
		{"a few wait (shortcut)", []component{{kind: compAtom, w: 1000}, {kind: compExp, w: 0.001, b: 50}}, 0},
		{"Erlang C waits over 4 steps", []component{
			{kind: compAtom, w: 800}, {kind: compExp, w: 200, b: 20}, {kind: compAtom, w: 790}, {kind: compExp, w: 210, b: 20.1},
			{kind: compAtom, w: 810}, {kind: compExp, w: 190, b: 19.9}, {kind: compAtom, w: 805}, {kind: compExp, w: 195, b: 20.05}}, 0},
		{"a draining backlog", []component{{kind: compUniform, w: 300, a: 0.5, b: 0}, {kind: compAtom, w: 700}}, 0},
		{"dropped requests", []component{{kind: compUniform, w: 300, a: 2, b: 5}, {kind: compAtom, w: 690}}, 5},
	} {
		total := tc.dropped
		for _, c := range tc.comps {
			total += c.w
		}
		got := quantileOf(tc.comps, sv, tc.dropped, total, 0.99, 60)
		want := ref(tc.comps, tc.dropped, total)
		if math.Abs(got-want)/want > 0.02 {
			t.Errorf("%s: p99 %.2f ms, reference %.2f ms", tc.name, got*1000, want*1000)
		}
	}
}

// TestMeanMin: E[min(S, t)] from the closed form equals ∫₀ᵗ P(S > y) dy.
func TestMeanMin(t *testing.T) {
	t.Parallel()
	sv := newService(0.05, 0.15)
	for _, x := range []float64{0.001, 0.02, 0.043, 0.05, 0.1, 0.3, 2} {
		integral, prev := 0.0, 1.0
		const n = 200000
		for i := 1; i <= n; i++ {
			q := sv.exactSurv(x * float64(i) / n)
			integral += (prev + q) / 2 * x / n
			prev = q
		}
		if got := sv.meanMin(x); math.Abs(got-integral) > 1e-7 {
			t.Errorf("E[min(S, %g)] = %.9g, ∫ survival = %.9g", x, got, integral)
		}
	}
	if got := sv.meanMin(1e6); math.Abs(got-0.05) > 1e-12 {
		t.Errorf("E[min(S, ∞)] = %g, want the mean 0.05", got)
	}
}
