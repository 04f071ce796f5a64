package kube

import (
	"testing"
	"time"
)

// syncs runs a controller at 15-second syncs from current, with the raw
// metric recommendation fixed at desired, and returns spec.replicas after
// each sync.
func syncs(c *Controller, current, desired, n int) []int {
	var out []int
	for i := range n {
		current = c.Normalize(time.Duration(i)*15*time.Second, current, desired)
		out = append(out, current)
	}
	return out
}

// TestScaleDownPoliciesWorkedExample is the Kubernetes documentation's
// example (horizontal-pod-autoscale.md, "Scaling Policies"): scale-down
// policies Pods 4 per 60 s and Percent 10 per 60 s, selectPolicy Max, from
// 80 replicas to a target of 10. "The first step reduces 8 (10 % of 80) …
// at 72 the next step reduces 8 (7.2 rounded up) … below 40 replicas the
// Pods policy's 4 applies."
func TestScaleDownPoliciesWorkedExample(t *testing.T) {
	t.Parallel()
	h := DefaultHPA(0.5)
	h.ScaleDown = Rules{StabilizationWindow: 300 * time.Second, SelectPolicy: SelectMax, Policies: []Policy{
		{Type: PodsPolicy, Value: 4, Period: 60 * time.Second},
		{Type: PercentPolicy, Value: 10, Period: 60 * time.Second},
	}}
	c := NewController(h, 1, 100)
	got := syncs(c, 80, 10, 4*14)
	// One change per 60 s period: at t = 0, 60, 120 … s.
	want := []int{72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16, 12, 10}
	for i, w := range want {
		for j := range 4 {
			k := 4*i + j
			if got[k] != w {
				t.Fatalf("sync %d (t=%ds): %d replicas, want %d; all: %v", k, 15*k, got[k], w, got)
			}
		}
	}
}

// TestDefaultScaleUp: the v2 default allows max(+100 %, +4 pods) per 15 s
// (pkg/apis/autoscaling/v2/defaults.go).
func TestDefaultScaleUp(t *testing.T) {
	t.Parallel()
	c := NewController(DefaultHPA(0.5), 1, 100)
	got := syncs(c, 1, 100, 7)
	want := []int{5, 10, 20, 40, 80, 100, 100}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("scale-up from 1: %v, want %v", got, want)
		}
	}
	c = NewController(DefaultHPA(0.5), 1, 100)
	if got := syncs(c, 3, 6, 1); got[0] != 6 {
		t.Errorf("3 → 6 is within +4: got %d", got[0])
	}
	c = NewController(DefaultHPA(0.5), 1, 100)
	if got := syncs(c, 3, 50, 1); got[0] != 7 {
		t.Errorf("3 → 50 is limited to max(6, 3+4) = 7: got %d", got[0])
	}
}

// TestScaleDownStabilization: the default 300 s window keeps the highest
// recommendation of the last five minutes (horizontal-pod-autoscale.md,
// "Stabilization window").
func TestScaleDownStabilization(t *testing.T) {
	t.Parallel()
	c := NewController(DefaultHPA(0.5), 1, 100)
	if r := c.Normalize(0, 10, 10); r != 10 {
		t.Fatalf("t=0: %d", r)
	}
	for s := 15; s < 300; s += 15 {
		if r := c.Normalize(time.Duration(s)*time.Second, 10, 5); r != 10 {
			t.Fatalf("t=%ds: scaled to %d inside the window", s, r)
		}
	}
	if r := c.Normalize(300*time.Second, 10, 5); r != 5 {
		t.Errorf("t=300s: %d replicas, want 5 once the t=0 recommendation leaves the window", r)
	}
	// A brief dip does not scale down; a brief spike scales up at once.
	c = NewController(DefaultHPA(0.5), 1, 100)
	c.Normalize(0, 10, 10)
	if r := c.Normalize(15*time.Second, 10, 12); r != 12 {
		t.Errorf("scale-up has no window: got %d", r)
	}
}

// TestReplicaCalculator covers the formula, tolerance and readiness rules
// of replica_calculator.go as the documentation states them.
func TestReplicaCalculator(t *testing.T) {
	t.Parallel()
	rps := HPA{Metric: MetricRPS, Target: 100, Tolerance: 0.1}
	cpu := HPA{Metric: MetricCPU, Target: 0.7, Tolerance: 0.1}
	half := HPA{Metric: MetricCPU, Target: 0.5, Tolerance: 0.1}
	for _, c := range []struct {
		name string
		h    HPA
		o    Observation
		want int
	}{
		// "if the current metric value is 200m, and the desired value is 100m,
		// the number of replicas will be doubled … 50m … halved."
		{"doubled", rps, Observation{Current: 2, Ready: 2, Value: 200}, 4},
		{"halved", rps, Observation{Current: 4, Ready: 4, Value: 50}, 2},
		// Tolerance 0.1: ratio 1.09 keeps 10; 1.11 → ceil(11.1) = 12.
		{"inside tolerance", cpu, Observation{Current: 10, Ready: 10, Value: 0.7 * 1.09}, 10},
		{"outside tolerance", cpu, Observation{Current: 10, Ready: 10, Value: 0.7 * 1.11}, 12},
		{"below tolerance", cpu, Observation{Current: 10, Ready: 10, Value: 0.7 * 0.91}, 10},
		{"scale down", cpu, Observation{Current: 10, Ready: 10, Value: 0.7 * 0.85}, 9},
		// Scale-up with 2 unready pods counted at 0 %: 4 pods at 100 % of a
		// 50 % target → ratio 4/6/0.5 = 1.33 over 6 pods → 8 (not 8 from 4×2
		// plus the unready: the dampening the docs describe).
		{"unready on scale-up", half, Observation{Current: 6, Ready: 4, NotReady: 2, Value: 1.0}, 8},
		// 4 ready at 60 % of 50 % target with 4 unready at 0 % → ratio 0.6:
		// direction flips, no change.
		{"unready flips direction", half, Observation{Current: 8, Ready: 4, NotReady: 4, Value: 0.6}, 8},
		// Scale-down of CPU ignores unready pods: 4 ready at 25 % of 50 % → 2.
		{"unready ignored on scale-down", half, Observation{Current: 6, Ready: 4, NotReady: 2, Value: 0.25}, 2},
		// Pods metric: missing pods count as the target on scale-down: 4 at
		// 50 rps + 2 at 100 → 400/6 = 66.7 → ratio 0.667 → ceil(4) = 4.
		{"missing at target on scale-down", rps, Observation{Current: 6, Ready: 4, NotReady: 2, Value: 50}, 4},
		{"no ready pods", cpu, Observation{Current: 3, Ready: 0, NotReady: 3}, 3},
	} {
		if got := c.h.ReplicasForMetric(c.o); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}

func TestMinMaxBounds(t *testing.T) {
	t.Parallel()
	c := NewController(DefaultHPA(0.5), 2, 5)
	if r := c.Normalize(0, 4, 9); r != 5 {
		t.Errorf("max 5: got %d", r)
	}
	c = NewController(DefaultHPA(0.5), 2, 5)
	c.HPA.ScaleDown.StabilizationWindow = 0
	if r := c.Normalize(0, 4, 1); r != 2 {
		t.Errorf("min 2: got %d", r)
	}
}
