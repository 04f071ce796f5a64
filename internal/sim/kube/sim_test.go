package kube

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func simulate(t *testing.T, cl Cluster, deps []Deployment, horizon time.Duration, opt Options) *Result {
	t.Helper()
	r, err := SimulateWith(cl, deps, horizon, 1, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConstantLoadSteadyState: at a constant 520 rps with 8 × 50 ms per pod
// (160 rps) and a 70 % CPU target, the HPA settles on
// ceil(520 / (160 × 0.7)) = ceil(4.64) = 5 replicas and stays there: at 5
// the ratio is 0.93, inside the 0.1 tolerance; 4 would be 1.16 and 6 0.77,
// both outside, so neither is a resting point. (Where ceil(x) − 1 or
// ceil(x) + 1 also falls inside the tolerance band, the HPA rests wherever
// it arrives first — the real controller does the same; see the docs.) The
// run starts at 100 rps so the autoscaler has to find 5 itself.
func TestConstantLoadSteadyState(t *testing.T) {
	t.Parallel()
	d := testDeployment("api", func(t time.Duration) float64 {
		if t < time.Minute {
			return 100
		}
		return 520
	})
	if got := d.SteadyReplicas(520); got != 5 {
		t.Fatalf("SteadyReplicas(520) = %d, want 5", got)
	}
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	r := simulate(t, cl, []Deployment{d}, 12*time.Hour, Options{Series: true})
	s := r.Deployments[0].Series
	for m := 30; m < len(s.Replicas); m++ {
		if s.Replicas[m] != 5 {
			t.Fatalf("minute %d: %d replicas, want a steady 5 (series from 30: %v)", m, s.Replicas[m], s.Replicas[30:60])
		}
	}
	// Once settled nothing changes: the only scale events are the climb.
	if e := r.Deployments[0].ScaleEvents; e > 6 {
		t.Errorf("%d HPA scale events: flapping", e)
	}
}

// TestStepUpAndDown: 200 → 800 rps at 1 h, back to 200 at 3 h.
func TestStepUpAndDown(t *testing.T) {
	t.Parallel()
	up, down := 60, 180 // minutes
	d := testDeployment("api", func(t time.Duration) float64 {
		if m := int(t / time.Minute); m >= up && m < down {
			return 800
		}
		return 200
	})
	h := testDefaults()
	cl := h.Cluster([]NodeType{m6iLarge}, 3)
	var maxRatio float64
	prev := -1
	var prevAt time.Duration
	opt := Options{Series: true, check: func(s *sim) {
		// Replicas never grow faster than the default policies allow in
		// one 15 s sync: max(2×, +4).
		n := s.deps[0].replicas
		if prev > 0 && s.now-prevAt == 15*time.Second && n > max(2*prev, prev+4) {
			t.Errorf("t=%v: %d → %d replicas in one sync", s.now, prev, n)
		}
		if prev > 0 {
			maxRatio = max(maxRatio, float64(n)/float64(prev))
		}
		prev, prevAt = n, s.now
	}}
	r := simulate(t, cl, []Deployment{d}, 5*time.Hour, opt)
	s := r.Deployments[0].Series
	nodes := r.Series.Nodes["m6i.large"]
	before := s.Replicas[up-1]
	if before != d.SteadyReplicas(200) {
		t.Errorf("before the step: %d replicas, want %d", before, d.SteadyReplicas(200))
	}
	// Latency rises while pods and nodes start …
	if s.P99Ms[up] <= s.P99Ms[up-1] {
		t.Errorf("p99 did not rise at the step: %v → %v", s.P99Ms[up-1], s.P99Ms[up])
	}
	// … and recovers.
	if s.P99Ms[up+30] > 1.5*s.P99Ms[up-1] {
		t.Errorf("p99 30 minutes after the step %v ms, before %v ms: not recovered", s.P99Ms[up+30], s.P99Ms[up-1])
	}
	high := s.Replicas[down-1]
	if high != d.SteadyReplicas(800) {
		t.Errorf("at 800 rps: %d replicas, want %d", high, d.SteadyReplicas(800))
	}
	if nodes[up+30] <= nodes[up-1] {
		t.Errorf("the cluster autoscaler did not add nodes: %d → %d", nodes[up-1], nodes[up+30])
	}
	// Step down: nothing removed before the 300 s stabilisation window.
	for m := down; m < down+4; m++ {
		if s.Replicas[m] != high {
			t.Errorf("minute %d after the drop: %d replicas, want %d until the 5-minute window passes", m-down, s.Replicas[m], high)
		}
	}
	if s.Replicas[down+10] >= high {
		t.Errorf("replicas did not come down after the window: %d", s.Replicas[down+10])
	}
	// No node goes before 5 min (window) + 10 min (unneeded time).
	for m := down; m < down+15; m++ {
		if nodes[m] < nodes[down-1] {
			t.Errorf("minute %d after the drop: %d nodes, below %d before the scale-down delay", m-down, nodes[m], nodes[down-1])
		}
	}
	if nodes[len(nodes)-1] >= nodes[down-1] {
		t.Errorf("nodes never scaled down: %d at the end, %d at 800 rps", nodes[len(nodes)-1], nodes[down-1])
	}
}

// checkPacking verifies that no node is over-committed and that its
// accounting matches the pods bound to it.
func checkPacking(t *testing.T, s *sim) {
	for _, i := range s.active {
		n := s.nodes[i]
		sum := s.daemon[n.typ]
		for _, p := range n.pods {
			req := s.podRequest(p)
			if (req.GPUs > 0) != n.gpu {
				t.Fatalf("t=%v: pod with %d GPUs on a node with GPU=%v", s.now, req.GPUs, n.gpu)
			}
			if p.node != i {
				t.Fatalf("pod says node %d, sits on %d", p.node, i)
			}
			sum = sum.add(req)
		}
		if sum != n.used {
			t.Fatalf("t=%v node %d: used %+v, pods add up to %+v", s.now, i, n.used, sum)
		}
		if !n.used.fits(n.alloc) {
			t.Fatalf("t=%v node %d (%s): requests %+v exceed allocatable %+v", s.now, i, s.cl.NodeTypes[n.typ].Name, n.used, n.alloc)
		}
	}
	for di, d := range s.deps {
		var ready, starting, pending int
		for _, p := range d.pods {
			switch p.state {
			case podReady:
				ready++
			case podStarting:
				starting++
			default:
				pending++
			}
			if p.state != podPending && !s.nodes[p.node].alive {
				t.Fatalf("deployment %d: pod on a removed node", di)
			}
		}
		if ready != d.ready || starting != d.starting || pending != d.pending || len(d.pods) != d.replicas {
			t.Fatalf("deployment %d counts: ready %d/%d starting %d/%d pending %d/%d pods %d replicas %d",
				di, ready, d.ready, starting, d.starting, pending, d.pending, len(d.pods), d.replicas)
		}
	}
}

// TestBinPackingNeverOvercommits is a property test: random pods, node
// types and traffic; after every step every node's requests fit.
func TestBinPackingNeverOvercommits(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(42, 42))
	types := []NodeType{m6iLarge, {Name: "t3.medium", VCPU: 2, MemoryGiB: 4, MaxPods: 17},
		{Name: "m5.xlarge", VCPU: 4, MemoryGiB: 16, MaxPods: 58}, g4dnXLarge}
	for trial := range 12 {
		var nts []NodeType
		for _, nt := range types {
			if r.IntN(2) == 0 || nt.Name == "m5.xlarge" || nt.GPUs > 0 {
				nts = append(nts, nt)
			}
		}
		cl := testDefaults().Cluster(nts, r.IntN(4))
		if r.IntN(2) == 0 {
			cl.Scoring = LeastAllocated
		}
		var deps []Deployment
		for i := range 1 + r.IntN(6) {
			mean := 5 + r.Float64()*400
			d := testDeployment(fmt.Sprintf("d%d", i), diurnal(mean, 1+3*r.Float64()))
			d.CPUm = 50 + r.Int64N(1500)
			d.Memory = (64 + r.Int64N(4000)) * MiB
			if r.IntN(5) == 0 {
				d.GPUs = 1
			}
			d.MinReplicas = 1 + r.IntN(3)
			d.Concurrency = 1 + r.IntN(16)
			d.StartupTime = time.Duration(r.IntN(120)) * time.Second
			deps = append(deps, d)
		}
		if err := Validate(cl, deps); err != nil {
			continue // a pod too big for every type: the validation test's business
		}
		steps := 0
		_, err := SimulateWith(cl, deps, 12*time.Hour, uint64(trial), Options{check: func(s *sim) {
			steps++
			checkPacking(t, s)
		}})
		if err != nil {
			t.Fatal(err)
		}
		if steps != 12*240 {
			t.Fatalf("checked %d steps", steps)
		}
	}
}

// TestSharedCluster: two small services on one cluster buy fewer node-hours
// than on two clusters, because the minimum nodes and daemon sets are paid
// once.
func TestSharedCluster(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	a := testDeployment("a", diurnal(100, 3))
	b := testDeployment("b", diurnal(60, 2))
	one := simulate(t, cl, []Deployment{a, b}, 48*time.Hour, Options{})
	sa := simulate(t, cl, []Deployment{a}, 48*time.Hour, Options{})
	sb := simulate(t, cl, []Deployment{b}, 48*time.Hour, Options{})
	shared, apart := one.NodeHours["m6i.large"], sa.NodeHours["m6i.large"]+sb.NodeHours["m6i.large"]
	if shared >= apart {
		t.Errorf("shared cluster %.1f node-hours, separate %.1f", shared, apart)
	}
	if one.CPUUtilization <= sa.CPUUtilization {
		t.Errorf("sharing should raise utilisation: %.3f vs %.3f", one.CPUUtilization, sa.CPUUtilization)
	}
}

// TestGPUNodeGroup: a GPU deployment gets GPU nodes; the general pods stay
// off them (checked by checkPacking).
func TestGPUNodeGroup(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge, g4dnXLarge}, 2)
	web := testDeployment("web", constRate(100))
	gpu := testDeployment("infer", constRate(30))
	gpu.GPUs, gpu.CPUm, gpu.Memory, gpu.Concurrency, gpu.ServiceTime, gpu.MinReplicas = 1, 2000, 8*GiB, 4, 100*time.Millisecond, 1
	r := simulate(t, cl, []Deployment{web, gpu}, 3*time.Hour, Options{check: func(s *sim) { checkPacking(t, s) }})
	want := gpu.SteadyReplicas(30) // ceil(30 / (40 × 0.7)) = 2 → 2 g4dn nodes
	if want != 2 {
		t.Fatalf("steady GPU replicas %d", want)
	}
	if got := r.NodesByType["g4dn.xlarge"]; got.Max != want || got.Mean != float64(want) {
		t.Errorf("g4dn.xlarge nodes %+v, want %d (one GPU per pod)", got, want)
	}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	deps := []Deployment{testDeployment("api", diurnal(200, 3))}
	a, _ := json.Marshal(simulate(t, cl, deps, 24*time.Hour, Options{Series: true}))
	b, _ := json.Marshal(simulate(t, cl, deps, 24*time.Hour, Options{Series: true}))
	if string(a) != string(b) {
		t.Error("same seed, different output")
	}
	r2, err := SimulateWith(cl, deps, 24*time.Hour, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r1 := simulate(t, cl, deps, 24*time.Hour, Options{})
	if r1.Deployments[0].Requests == r2.Deployments[0].Requests {
		t.Error("seed 2 drew the same arrivals as seed 1")
	}
	if r2.Seed != 2 {
		t.Errorf("seed reported %d", r2.Seed)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	big := testDeployment("big", constRate(1))
	big.CPUm = 4000
	swapped := testDeployment("swapped", constRate(1))
	swapped.MinReplicas, swapped.MaxReplicas = 10, 2
	gpu := testDeployment("gpu", constRate(1))
	gpu.GPUs = 1
	err := Validate(cl, []Deployment{big, swapped, gpu})
	if err == nil {
		t.Fatal("want problems")
	}
	for _, want := range []string{"big: requests", "4000m", "m6i.large has room for 1105m", "min replicas 10 is above max replicas 2", "no GPU node type"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

// TestCPUPerRequest: an I/O-bound service burns 10 ms of CPU per 100 ms
// request. At 100 rps it uses 1 core; with 250m requests and a 70 % target
// the HPA settles on ceil(1 / (0.25 × 0.7)) = ceil(5.71) = 6 (5 would be a
// ratio of 1.14, 7 of 0.82: both outside the tolerance).
func TestCPUPerRequest(t *testing.T) {
	t.Parallel()
	d := testDeployment("io", constRate(100))
	d.CPUm, d.ServiceTime, d.CPUPerRequest, d.MinReplicas = 250, 100*time.Millisecond, 10*time.Millisecond, 1
	d.Rate = func(t time.Duration) float64 {
		if t < time.Minute {
			return 10
		}
		return 100
	}
	if got := d.SteadyReplicas(100); got != 6 {
		t.Fatalf("SteadyReplicas = %d, want 6", got)
	}
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	r := simulate(t, cl, []Deployment{d}, 4*time.Hour, Options{Series: true})
	s := r.Deployments[0].Series
	for m := 30; m < len(s.Replicas); m++ {
		if s.Replicas[m] != 6 {
			t.Fatalf("minute %d: %d replicas, want 6", m, s.Replicas[m])
		}
	}
	// Pod CPU utilisation ≈ 1 core / (6 × 250m) = 0.67 once settled.
	if u := r.Deployments[0].CPUUtilization; u < 0.6 || u > 0.72 {
		t.Errorf("pod CPU utilisation %.3f, want about 0.67", u)
	}
}

// TestPriceExpander: g4dn.xlarge and g5.xlarge have the same 4 vCPU and
// 16 GiB, but g5's 58 pods reserve more memory (255 + 11 × 58 Mi), so an
// 8 GiB pod wastes less of it and least-waste picks g5; the price expander
// picks the cheaper g4dn ($0.526 vs $1.006 an hour, aws-us-east-1.yaml).
func TestPriceExpander(t *testing.T) {
	t.Parallel()
	g4 := g4dnXLarge
	g4.HourlyUSD = 0.526
	g5 := NodeType{Name: "g5.xlarge", VCPU: 4, MemoryGiB: 16, GPUs: 1, MaxPods: 58, HourlyUSD: 1.006}
	gpu := testDeployment("infer", constRate(30))
	gpu.GPUs, gpu.CPUm, gpu.Memory, gpu.Concurrency, gpu.ServiceTime, gpu.MinReplicas = 1, 2000, 8*GiB, 4, 100*time.Millisecond, 1
	for _, c := range []struct {
		exp  Expander
		want string
	}{{LeastWaste, "g5.xlarge"}, {Price, "g4dn.xlarge"}} {
		cl := testDefaults().Cluster([]NodeType{m6iLarge, g4, g5}, 2)
		cl.CA.Expander = c.exp
		r := simulate(t, cl, []Deployment{gpu}, time.Hour, Options{})
		if _, ok := r.NodeHours[c.want]; !ok || len(r.NodeHours) != 2 {
			t.Errorf("expander %d: node hours %v, want %s", c.exp, r.NodeHours, c.want)
		}
	}
}

// TestNoLatencySeries: leaving the per-minute p99 out changes nothing else
// (the same arrivals, replicas, nodes and horizon percentiles, byte for
// byte once the p99 series is removed), and the series then has no p99.
func TestNoLatencySeries(t *testing.T) {
	t.Parallel()
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 3)
	deps := []Deployment{testDeployment("api", diurnal(200, 3))}
	full := simulate(t, cl, deps, 24*time.Hour, Options{Series: true})
	lean := simulate(t, cl, deps, 24*time.Hour, Options{Series: true, NoLatencySeries: true})
	if lean.Deployments[0].Series.P99Ms != nil {
		t.Fatalf("p99 series recorded: %d points", len(lean.Deployments[0].Series.P99Ms))
	}
	if len(full.Deployments[0].Series.P99Ms) == 0 {
		t.Fatal("the full run has no p99 series")
	}
	full.Deployments[0].Series.P99Ms = nil
	a, _ := json.Marshal(full)
	b, _ := json.Marshal(lean)
	if string(a) != string(b) {
		t.Error("leaving the p99 series out changed the rest of the result")
	}
}
