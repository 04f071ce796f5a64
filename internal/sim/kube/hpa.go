package kube

import (
	"math"
	"time"
)

// This file is the Horizontal Pod Autoscaler as kube-controller-manager
// implements it (pkg/controller/podautoscaler: replica_calculator.go and
// horizontal.go, autoscaling/v2 behaviour). Names follow the Go source so the
// two can be read side by side. Sources: docs/kubernetes-simulator.md.

// Metric is what the HPA scales on.
type Metric int

// Metrics.
const (
	// MetricCPU is average CPU utilisation as a fraction of the pods' CPU request.
	MetricCPU Metric = iota
	// MetricRPS is average requests per second per pod (a Pods metric with an
	// AverageValue target).
	MetricRPS
)

// PolicyType is how a scaling policy limits change.
type PolicyType int

// Policy types (autoscaling/v2 HPAScalingPolicyType).
const (
	PodsPolicy PolicyType = iota
	PercentPolicy
)

// Policy limits the change in one period: at most Value pods, or Value percent.
type Policy struct {
	Type   PolicyType
	Value  int
	Period time.Duration
}

// SelectPolicy chooses among several policies.
type SelectPolicy int

// Select policies (autoscaling/v2 ScalingPolicySelect).
const (
	SelectMax      SelectPolicy = iota // the policy that allows the biggest change
	SelectMin                          // the one that allows the smallest change
	SelectDisabled                     // no scaling in this direction
)

// Rules are one direction's behaviour (HPAScalingRules).
type Rules struct {
	StabilizationWindow time.Duration
	SelectPolicy        SelectPolicy
	Policies            []Policy
}

// HPA is one autoscaler's specification and the controller flags it runs with.
type HPA struct {
	Metric Metric
	// Target is the utilisation fraction (MetricCPU, 0.7 = 70 %) or the
	// requests per second per pod (MetricRPS).
	Target float64
	// SyncPeriod is --horizontal-pod-autoscaler-sync-period (15 s).
	SyncPeriod time.Duration
	// Tolerance is --horizontal-pod-autoscaler-tolerance (0.1).
	Tolerance float64
	ScaleUp   Rules
	ScaleDown Rules
}

// DefaultScaleUp is the autoscaling/v2 default: no stabilisation, at most
// double or +4 pods (whichever is more) every 15 s.
// Source: kubernetes/kubernetes pkg/apis/autoscaling/v2/defaults.go.
func DefaultScaleUp() Rules {
	return Rules{SelectPolicy: SelectMax, Policies: []Policy{
		{Type: PercentPolicy, Value: 100, Period: 15 * time.Second},
		{Type: PodsPolicy, Value: 4, Period: 15 * time.Second},
	}}
}

// DefaultScaleDown is the autoscaling/v2 default: a 300 s stabilisation
// window (the controller's --horizontal-pod-autoscaler-downscale-stabilization)
// and at most 100 % removed every 15 s.
func DefaultScaleDown() Rules {
	return Rules{StabilizationWindow: 300 * time.Second, SelectPolicy: SelectMax, Policies: []Policy{
		{Type: PercentPolicy, Value: 100, Period: 15 * time.Second},
	}}
}

// DefaultHPA is a CPU autoscaler with the given target and Kubernetes' defaults.
func DefaultHPA(target float64) HPA {
	return HPA{Metric: MetricCPU, Target: target, SyncPeriod: 15 * time.Second, Tolerance: 0.1,
		ScaleUp: DefaultScaleUp(), ScaleDown: DefaultScaleDown()}
}

// Observation is what the metrics pipeline tells the HPA at one sync.
type Observation struct {
	// Current is the scale target's spec.replicas.
	Current int
	// Ready is the number of ready pods that report the metric.
	Ready int
	// NotReady is the number of pods that exist but are not ready yet
	// (pending or starting).
	NotReady int
	// Value is the average metric over ready pods: utilisation fraction of
	// the request (MetricCPU) or requests per second per pod (MetricRPS).
	Value float64
}

// ReplicasForMetric is the replica calculator (GetResourceReplicas /
// calcPlainMetricReplicas): the raw recommendation before behaviour.
// For CPU, pods that are not ready are left out on a scale-down and count as
// 0 % on a scale-up; for a Pods metric, pods without a sample count as
// using the target on a scale-down and 0 on a scale-up.
func (h *HPA) ReplicasForMetric(o Observation) int {
	if o.Ready == 0 {
		return o.Current // no metrics for any ready pod: the controller keeps the scale
	}
	ratio := o.Value / h.Target
	if o.NotReady == 0 {
		if math.Abs(1-ratio) <= h.Tolerance {
			return o.Current
		}
		return int(math.Ceil(ratio * float64(o.Ready)))
	}
	n := o.Ready
	sum := o.Value * float64(o.Ready)
	switch {
	case ratio < 1 && h.Metric == MetricRPS:
		sum += h.Target * float64(o.NotReady) // missing pods at 100 % of target
		n += o.NotReady
	case ratio > 1:
		n += o.NotReady // unready or missing pods at 0
	}
	newRatio := sum / float64(n) / h.Target
	if math.Abs(1-newRatio) <= h.Tolerance || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1) {
		return o.Current
	}
	r := int(math.Ceil(newRatio * float64(n)))
	if (newRatio < 1 && r > o.Current) || (newRatio > 1 && r < o.Current) {
		return o.Current
	}
	return r
}

type recommendation struct {
	at       time.Duration
	replicas int
}

// window is a monotonic deque over recent recommendations: the front holds
// the extreme (lowest for scale-up, highest for scale-down) of those made
// after the cut-off, in O(1) amortised per sync.
type window struct {
	recs   []recommendation
	higher bool // keep the maximum (scale-down) rather than the minimum
}

func (w *window) push(r recommendation) {
	for len(w.recs) > 0 {
		b := w.recs[len(w.recs)-1]
		if (w.higher && b.replicas <= r.replicas) || (!w.higher && b.replicas >= r.replicas) {
			w.recs = w.recs[:len(w.recs)-1]
			continue
		}
		break
	}
	w.recs = append(w.recs, r)
}

// extreme is the extreme recommendation made after cut (the latest push is
// always inside).
func (w *window) extreme(cut time.Duration) int {
	i := 0
	for i < len(w.recs)-1 && w.recs[i].at <= cut {
		i++
	}
	if i > 0 {
		w.recs = append(w.recs[:0], w.recs[i:]...)
	}
	return w.recs[0].replicas
}

type scaleEvent struct {
	at     time.Duration
	change int
}

// Controller is one HPA's state between syncs: the recent recommendations
// (for stabilisation) and scale events (for the policies' periods).
type Controller struct {
	HPA         HPA
	MinReplicas int
	MaxReplicas int
	upWin       window
	downWin     window
	up, down    []scaleEvent
}

// NewController returns a controller for h scaling between min and max.
func NewController(h HPA, minReplicas, maxReplicas int) *Controller {
	return &Controller{HPA: h, MinReplicas: minReplicas, MaxReplicas: maxReplicas, downWin: window{higher: true}}
}

// Sync runs one reconcile at time now and returns the new spec.replicas.
func (c *Controller) Sync(now time.Duration, o Observation) int {
	desired := c.HPA.ReplicasForMetric(o)
	return c.Normalize(now, o.Current, desired)
}

// Normalize applies min/max, stabilisation and the scaling policies to a
// raw recommendation (normalizeDesiredReplicasWithBehaviors) and records the
// resulting scale event.
func (c *Controller) Normalize(now time.Duration, current, desired int) int {
	// Replica bounds first (the controller clamps the metric recommendation).
	if desired > c.MaxReplicas {
		desired = c.MaxReplicas
	}
	if desired < c.MinReplicas {
		desired = c.MinReplicas
	}
	stab := c.stabilize(now, current, desired)
	next := c.rateLimit(now, current, stab)
	if next != current {
		if next > current {
			c.up = append(c.up, scaleEvent{now, next - current})
		} else {
			c.down = append(c.down, scaleEvent{now, current - next})
		}
	}
	return next
}

// stabilize is stabilizeRecommendationWithBehaviors: the scale-up
// recommendation is the lowest in its window, the scale-down one the highest
// in its window, and the result moves from current only as far as both allow.
func (c *Controller) stabilize(now time.Duration, current, desired int) int {
	r := recommendation{now, desired}
	c.upWin.push(r)
	c.downWin.push(r)
	upRec := c.upWin.extreme(now - c.HPA.ScaleUp.StabilizationWindow)
	downRec := c.downWin.extreme(now - c.HPA.ScaleDown.StabilizationWindow)
	rec := current
	if rec < upRec {
		rec = upRec
	}
	if rec > downRec {
		rec = downRec
	}
	return rec
}

// rateLimit is convertDesiredReplicasWithBehaviorRate.
func (c *Controller) rateLimit(now time.Duration, current, desired int) int {
	switch {
	case desired > current:
		limit := c.scaleUpLimit(now, current)
		if limit < current {
			limit = current
		}
		maxAllowed := min(limit, c.MaxReplicas)
		return min(desired, maxAllowed)
	case desired < current:
		limit := c.scaleDownLimit(now, current)
		if limit > current {
			limit = current
		}
		minAllowed := max(limit, c.MinReplicas)
		return max(desired, minAllowed)
	}
	return current
}

// changeInPeriod sums the events newer than now-period
// (getReplicasChangePerPeriod) and forgets events older than the longest
// period of either direction.
func changeInPeriod(events []scaleEvent, now, period time.Duration) int {
	cut := now - period
	n := 0
	for _, e := range events {
		if e.at > cut {
			n += e.change
		}
	}
	return n
}

func (c *Controller) prune(now time.Duration) {
	longest := time.Duration(0)
	for _, r := range [][]Policy{c.HPA.ScaleUp.Policies, c.HPA.ScaleDown.Policies} {
		for _, p := range r {
			longest = max(longest, p.Period)
		}
	}
	cut := now - longest
	pr := func(ev []scaleEvent) []scaleEvent {
		k := ev[:0]
		for _, e := range ev {
			if e.at > cut {
				k = append(k, e)
			}
		}
		return k
	}
	c.up, c.down = pr(c.up), pr(c.down)
}

// scaleUpLimit is calculateScaleUpLimitWithScalingRules.
func (c *Controller) scaleUpLimit(now time.Duration, current int) int {
	c.prune(now)
	r := c.HPA.ScaleUp
	if r.SelectPolicy == SelectDisabled {
		return current
	}
	result := math.MinInt
	pick := func(a, b int) int { return max(a, b) }
	if r.SelectPolicy == SelectMin {
		result = math.MaxInt
		pick = func(a, b int) int { return min(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeInPeriod(c.up, now, p.Period) + changeInPeriod(c.down, now, p.Period)
		var proposed int
		if p.Type == PodsPolicy {
			proposed = start + p.Value
		} else {
			proposed = int(math.Ceil(float64(start) * (1 + float64(p.Value)/100)))
		}
		result = pick(result, proposed)
	}
	return result
}

// scaleDownLimit is calculateScaleDownLimitWithBehaviors. Note the Percent
// policy truncates (72 × 0.9 = 64.8 → 64), so a 10 % policy removes 8 pods
// from 72, as the Kubernetes documentation's example says.
func (c *Controller) scaleDownLimit(now time.Duration, current int) int {
	c.prune(now)
	r := c.HPA.ScaleDown
	if r.SelectPolicy == SelectDisabled {
		return current
	}
	result := math.MaxInt
	pick := func(a, b int) int { return min(a, b) }
	if r.SelectPolicy == SelectMin {
		result = math.MinInt
		pick = func(a, b int) int { return max(a, b) }
	}
	for _, p := range r.Policies {
		start := current - changeInPeriod(c.up, now, p.Period) + changeInPeriod(c.down, now, p.Period)
		var proposed int
		if p.Type == PodsPolicy {
			proposed = start - p.Value
		} else {
			proposed = int(float64(start) * (1 - float64(p.Value)/100))
		}
		result = pick(result, proposed)
	}
	return result
}
