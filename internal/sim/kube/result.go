package kube

import "math"

// Stats summarises a quantity over the horizon.
type Stats struct {
	Mean float64 `json:"mean"`
	Min  float64 `json:"min"`
	Max  float64 `json:"max"`
}

// NodeStats is one node type's count over the horizon and the hours bought.
type NodeStats struct {
	Mean  float64 `json:"mean"`
	Max   int     `json:"max"`
	Hours float64 `json:"hours"`
}

// Percentiles of request latency, in milliseconds.
type Percentiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
}

// DeploymentResult is what one deployment saw.
type DeploymentResult struct {
	Name string `json:"name"`
	// Replicas is spec.replicas as the HPA set it; ReadyMean counts ready pods.
	Replicas  Stats   `json:"replicas"`
	ReadyMean float64 `json:"ready_mean"`
	// CPUUtilization is the mean CPU used over CPU requested by ready pods
	// (the HPA's metric; it can pass 1 when CPUPerRequest exceeds the request).
	CPUUtilization float64     `json:"cpu_utilization"`
	LatencyMs      Percentiles `json:"latency_ms"`
	// ServiceMs is the service time's own percentiles: what a request takes
	// once a replica starts it, without the wait (a job's run time).
	ServiceMs           Percentiles `json:"service_ms"`
	SLOp99Ms            float64     `json:"slo_p99_ms"`
	SLOViolationMinutes int         `json:"slo_violation_minutes"`
	Requests            float64     `json:"requests"`
	Served              float64     `json:"served"`
	// Dropped requests would have waited longer than the timeout.
	Dropped     float64           `json:"dropped_requests"`
	ScaleEvents int               `json:"scale_events"`
	Series      *DeploymentSeries `json:"series,omitempty"`
}

// DeploymentSeries has one point per minute.
type DeploymentSeries struct {
	RPS      []float64 `json:"rps"`
	Replicas []int     `json:"replicas"`
	Ready    []int     `json:"ready"`
	P99Ms    []float64 `json:"p99_ms,omitempty"`
	Dropped  []float64 `json:"dropped"`
}

// ClusterSeries has one point per minute.
type ClusterSeries struct {
	Minute         []int            `json:"minute"`
	Nodes          map[string][]int `json:"nodes"`
	CPUUtilization []float64        `json:"cpu_utilization"`
}

// Result is one simulated horizon of a cluster.
type Result struct {
	Seed         uint64  `json:"seed"`
	HorizonHours float64 `json:"horizon_hours"`
	StepSeconds  float64 `json:"step_seconds"`
	// Nodes counts every launched node (provisioning ones too: they are billed).
	Nodes       Stats                `json:"nodes"`
	NodesByType map[string]NodeStats `json:"nodes_by_type"`
	NodeHours   map[string]float64   `json:"node_hours"`
	// CPUUtilization is the CPU the deployments' pods use (their busy share
	// of their requests) over the nodes' vCPUs, provisioning nodes included.
	CPUUtilization float64 `json:"cpu_utilization"`
	// CPUOverhead is the kubelet's reserve, the daemon sets and the system
	// pods (at their requests) over the same vCPUs.
	CPUOverhead float64 `json:"cpu_overhead"`
	// MemoryUtilization is memory requested over the nodes' memory.
	MemoryUtilization float64 `json:"memory_utilization"`
	// CPURequested and MemoryRequested are requests over allocatable (the
	// cluster autoscaler's view).
	CPURequested    float64 `json:"cpu_requested"`
	MemoryRequested float64 `json:"memory_requested"`
	// IdleFraction is 1 − CPUUtilization − CPUOverhead: the share of bought
	// CPU that did nothing.
	IdleFraction   float64            `json:"idle_fraction"`
	NodeScaleUps   int                `json:"node_scale_ups"`
	NodeScaleDowns int                `json:"node_scale_downs"`
	Evictions      int                `json:"evictions"`
	ScaleEvents    int                `json:"scale_events"`
	Deployments    []DeploymentResult `json:"deployments"`
	Series         *ClusterSeries     `json:"series,omitempty"`
}

// MostlyIdle reports whether the workload used less than half of the nodes'
// CPU, well short of the 60–70 % at which the article says a cluster pays off.
func (r *Result) MostlyIdle() bool { return r.CPUUtilization < 0.5 }

// latencyAcc accumulates a deployment's wait distribution cheaply per step
// — atoms (no wait, the timeout) by value, Erlang C tails by their rate in
// buckets at most 3 % wide (expBucket), fluid segments at 32 points into a
// histogram of waits by value (the same buckets) — and at the end solves for
// the percentiles of wait + service time, the two independent.
type latencyAcc struct {
	atomV []float64
	atomW []float64
	base  int
	exp   []float64 // by rate bucket; every exponential wait starts at 0
	hbase int
	hist  []float64 // by value bucket
}

// expBucket groups positive rates (or waits) by their float64 exponent and
// first five mantissa bits: 32 buckets per doubling, each at most 3.1 %
// wide, with no logarithm to compute.
func expBucket(theta float64) int { return int(math.Float64bits(theta) >> 47) }

// expBucketMid is the middle of a bucket (within 1.6 % of any value in it).
func expBucketMid(i int) float64 { return math.Float64frombits(uint64(i)<<47 | 1<<46) }

// minWait is the wait below which a request counts as not waiting (1 ns).
const minWait = 1e-9

// bump adds w to the bucket of i in a dense slice starting at *base.
func bump(xs *[]float64, base *int, i int, w float64) {
	if len(*xs) == 0 {
		*base = i
	}
	if i < *base {
		grow := make([]float64, *base-i, *base-i+len(*xs))
		*xs = append(grow, *xs...)
		*base = i
	}
	for i-*base >= len(*xs) {
		*xs = append(*xs, 0)
	}
	(*xs)[i-*base] += w
}

func (l *latencyAcc) addAtom(v, w float64) {
	for i, x := range l.atomV {
		if x == v {
			l.atomW[i] += w
			return
		}
	}
	l.atomV = append(l.atomV, v)
	l.atomW = append(l.atomW, w)
}

func (l *latencyAcc) addWait(v, w float64) {
	if v < minWait {
		l.addAtom(0, w)
		return
	}
	bump(&l.hist, &l.hbase, expBucket(v), w)
}

func (l *latencyAcc) add(c component) {
	switch c.kind {
	case compAtom:
		l.addAtom(c.a, c.w)
	case compExp:
		bump(&l.exp, &l.base, expBucket(c.b), c.w)
	default:
		const k = 32
		for j := range k {
			l.addWait(c.a+(c.b-c.a)*(float64(j)+0.5)/k, c.w/k)
		}
	}
}

// percentiles folds the exponential tails into the wait histogram and reads
// p50/p95/p99 of wait + service in ms, each solved from
// Σ weight × P(S > x − wait) = (1 − p) × total.
func (l *latencyAcc) percentiles(sv *service, hi float64) Percentiles {
	for i, w := range l.exp {
		if w <= 0 {
			continue
		}
		theta := expBucketMid(l.base + i)
		for _, p := range waitPointsFine {
			l.addWait(p[0]/theta, w*p[1])
		}
	}
	l.exp = l.exp[:0]
	var vs, ws []float64
	total := 0.0
	for i, w := range l.atomW {
		if w > 0 {
			vs, ws = append(vs, l.atomV[i]), append(ws, w)
			total += w
		}
	}
	for i, w := range l.hist {
		if w > 0 {
			vs, ws = append(vs, expBucketMid(l.hbase+i)), append(ws, w)
			total += w
		}
	}
	if total <= 0 {
		return Percentiles{}
	}
	tail := func(x float64) float64 {
		t := 0.0
		for i, v := range vs {
			t += ws[i] * sv.survival(x-v)
		}
		return t
	}
	q := func(p float64) float64 {
		return round3(solveQuantile(tail, 0, (1-p)*total, sv.quantile(p), hi, 48) * 1000)
	}
	return Percentiles{P50: q(0.5), P95: q(0.95), P99: q(0.99)}
}

// solveQuantile finds the latency x at which tail(x) + dropped falls to
// target, by bisection on log x between lo and hi: lo is a lower bound (the
// service time's own quantile: waits only add), hi an upper one (timeout
// plus the longest service). Dropped requests count as later than hi.
func solveQuantile(tail func(float64) float64, dropped, target, lo, hi float64, iters int) float64 {
	if dropped >= target {
		return hi
	}
	if lo <= 0 || !(lo < hi) {
		lo = math.Min(hi, 1e-9)
	}
	if dropped+tail(lo) <= target {
		return lo
	}
	a, b := math.Log(lo), math.Log(hi)
	for range iters {
		m := (a + b) / 2
		if dropped+tail(math.Exp(m)) > target {
			a = m
		} else {
			b = m
		}
	}
	return math.Exp(b)
}

// quantileOf is the latency below which a fraction p of the weight lies,
// given the wait components, the service time and weight dropped (treated
// as infinitely late): the per-minute p99, with the coarse discretisation.
// For a variable service time the minute's exponential waits are merged by
// rate bucket first, and a minute whose waiting requests are too few to
// move the quantile (under 0.1 % of the tail weight) reads it straight from
// the service time's distribution.
func quantileOf(comps []component, sv *service, dropped, total, p, hi float64) float64 {
	if total <= 0 {
		return 0
	}
	target := (1 - p) * total
	if dropped >= target {
		return hi
	}
	if !sv.constant() {
		var buf [16]component
		merged := buf[:0]
		zero, waiting := 0.0, 0.0
	next:
		for _, c := range comps {
			switch {
			case c.kind == compAtom && c.a == 0:
				zero += c.w
				continue
			case c.kind == compExp:
				for k := range merged {
					if m := &merged[k]; m.kind == compExp && m.a == c.a && expBucket(m.b) == expBucket(c.b) {
						m.w += c.w
						waiting += c.w
						continue next
					}
				}
			}
			merged = append(merged, c)
			waiting += c.w
		}
		if level := (target - dropped) / zero; zero > 0 && waiting <= 1e-3*(target-dropped) && level < 1 {
			return sv.quantile(1 - level)
		}
		if zero > 0 {
			merged = append(merged, component{kind: compAtom, w: zero})
		}
		comps = merged
	}
	tail := func(x float64) float64 {
		t := 0.0
		for _, c := range comps {
			t += tailWait(c, sv, x, waitPointsCoarse)
		}
		return t
	}
	return solveQuantile(tail, dropped, target, sv.quantile(p), hi, 24)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
