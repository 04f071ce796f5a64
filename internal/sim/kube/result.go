package kube

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
)

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
	CPUUtilization      float64     `json:"cpu_utilization"`
	LatencyMs           Percentiles `json:"latency_ms"`
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
	P99Ms    []float64 `json:"p99_ms"`
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

// latencyAcc accumulates a deployment's latency distribution cheaply per
// step: atoms (the bare service time, the timeout) by value, Erlang C tails
// by their rate in buckets at most 3 % wide (expBucket), and the rare fluid (queue
// growing or draining) segments straight into the sketch.
type latencyAcc struct {
	atomV  []float64
	atomW  []float64
	origin float64
	base   int
	exp    []float64
	sk     *ddsketch.DDSketch
}

// expBucket groups positive rates by their float64 exponent and first five
// mantissa bits: 32 buckets per doubling, each at most 3.1 % wide, with no
// logarithm to compute.
func expBucket(theta float64) int { return int(math.Float64bits(theta) >> 47) }

// expBucketMid is the middle of a bucket (within 1.6 % of any rate in it).
func expBucketMid(i int) float64 { return math.Float64frombits(uint64(i)<<47 | 1<<46) }

func (l *latencyAcc) init() {
	sk, err := ddsketch.LogUnboundedDenseDDSketch(0.01)
	if err != nil {
		panic(err) // constant, valid accuracy
	}
	l.sk = sk
}

func (l *latencyAcc) add(c component) {
	switch c.kind {
	case compAtom:
		for i, v := range l.atomV {
			if v == c.a {
				l.atomW[i] += c.w
				return
			}
		}
		l.atomV = append(l.atomV, c.a)
		l.atomW = append(l.atomW, c.w)
	case compExp:
		l.origin = c.a
		i := expBucket(c.b)
		if len(l.exp) == 0 {
			l.base = i
		}
		if i < l.base {
			grow := make([]float64, l.base-i, l.base-i+len(l.exp))
			l.exp = append(grow, l.exp...)
			l.base = i
		}
		for i-l.base >= len(l.exp) {
			l.exp = append(l.exp, 0)
		}
		l.exp[i-l.base] += c.w
	default:
		const k = 8
		for j := range k {
			v := c.a + (c.b-c.a)*(float64(j)+0.5)/k
			_ = l.sk.AddWithCount(v, c.w/k)
		}
	}
}

// survival levels for discretising an exponential tail: 10^(-j/8).
var expPoints = func() (pts [][2]float64) {
	const k = 40
	prev := 1.0
	for j := 1; j <= k; j++ {
		s := math.Pow(10, -float64(j)/8)
		pts = append(pts, [2]float64{-math.Log(math.Sqrt(prev * s)), prev - s})
		prev = s
	}
	pts = append(pts, [2]float64{-math.Log(prev / 2), prev})
	return pts
}()

// percentiles folds everything into the sketch and reads p50/p95/p99 in ms.
func (l *latencyAcc) percentiles() Percentiles {
	for i, v := range l.atomV {
		if l.atomW[i] > 0 {
			_ = l.sk.AddWithCount(v, l.atomW[i])
		}
	}
	for i, w := range l.exp {
		if w <= 0 {
			continue
		}
		theta := expBucketMid(l.base + i)
		for _, p := range expPoints {
			_ = l.sk.AddWithCount(l.origin+p[0]/theta, w*p[1])
		}
	}
	if l.sk.IsEmpty() {
		return Percentiles{}
	}
	q, err := l.sk.GetValuesAtQuantiles([]float64{0.5, 0.95, 0.99})
	if err != nil {
		return Percentiles{}
	}
	return Percentiles{P50: round3(q[0] * 1000), P95: round3(q[1] * 1000), P99: round3(q[2] * 1000)}
}

// quantileOf solves for the latency below which a fraction p of the weight
// lies, given components and weight dropped (treated as infinitely late).
func quantileOf(comps []component, dropped, total, p, hi float64) float64 {
	if total <= 0 {
		return 0
	}
	target := (1 - p) * total
	if dropped >= target {
		return hi
	}
	tail := func(x float64) float64 {
		t := dropped
		for _, c := range comps {
			t += c.tail(x)
		}
		return t
	}
	lo, up := 0.0, hi
	for range 50 {
		mid := (lo + up) / 2
		if tail(mid) > target {
			lo = mid
		} else {
			up = mid
		}
	}
	return up
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
