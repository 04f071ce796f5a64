// Package kube simulates a month of one Kubernetes cluster: the Horizontal
// Pod Autoscaler of each deployment, the scheduler packing pods onto nodes,
// and the cluster autoscaler adding and removing nodes, with requests served
// in aggregate per 15-second step. It is pure: no I/O, no clock, randomness
// only from the seed it is given. docs/kubernetes-simulator.md describes the
// model and the source of every default.
package kube

import (
	"fmt"
	"math"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// RateFunc is the arrival rate in requests per second at elapsed time t. A
// shape (ShapeRate) or a replayed trace both fit.
type RateFunc func(t time.Duration) float64

// ShapeRate is mean × shape.Factor(t).
func ShapeRate(mean float64, s traffic.Shape) RateFunc {
	return func(t time.Duration) float64 { return mean * s.Factor(t) }
}

// Scoring is how the scheduler ranks nodes that fit a pod.
type Scoring int

// Scoring strategies (kube-scheduler NodeResourcesFit scoringStrategy).
const (
	// MostAllocated packs pods onto the fullest node that fits (bin packing).
	MostAllocated Scoring = iota
	// LeastAllocated spreads pods onto the emptiest node (the kube-scheduler default).
	LeastAllocated
)

// Expander is how the cluster autoscaler picks a node type for a scale-up.
type Expander int

// Expanders (cluster-autoscaler --expander).
const (
	// LeastWaste picks the type that leaves the least idle CPU and memory.
	LeastWaste Expander = iota
	// Price picks the type whose new nodes cost least per hour (ties: least waste).
	Price
)

// Autoscaler holds the cluster autoscaler's parameters.
type Autoscaler struct {
	// NodeProvision is the time from the scale-up decision to a Ready node.
	NodeProvision time.Duration
	// ScaleDownUtilization: a node whose requested CPU and memory are both
	// below this fraction of allocatable is a scale-down candidate (0.5).
	ScaleDownUtilization float64
	// ScaleDownUnneeded is how long a node must stay unneeded (10 min).
	ScaleDownUnneeded time.Duration
	// ScaleDownDelayAfterAdd pauses scale-down after a scale-up (10 min).
	ScaleDownDelayAfterAdd time.Duration
	// MaxEmptyBulkDelete is how many empty nodes go at once (10).
	MaxEmptyBulkDelete int
	// SkipNodesWithSystemPods keeps nodes that run kube-system pods (true).
	SkipNodesWithSystemPods bool
	// Expander chooses among node types (least-waste by default).
	Expander Expander
}

// Cluster is the shared infrastructure that deployments run on.
type Cluster struct {
	// NodeTypes the autoscaler may launch; GPU types form GPU node groups,
	// tainted so that only pods asking for GPUs land there.
	NodeTypes []NodeType
	// MinNodes is the minimum size of the general-purpose node group (kept for
	// availability, e.g. one node per zone).
	MinNodes int
	// MaxNodes caps the whole cluster (0: 1000).
	MaxNodes   int
	Reserve    Reserve
	DaemonSets []DaemonSet
	SystemPods []SystemPod
	CA         Autoscaler
	Scoring    Scoring
}

// Deployment is one service on the cluster with its autoscaler and traffic.
type Deployment struct {
	Name string
	// Requests per pod.
	CPUm   int64
	Memory int64 // bytes
	GPUs   int
	// Concurrency is how many requests one pod serves at once.
	Concurrency int
	// ServiceTime is the mean time one request takes once a pod picks it up.
	ServiceTime time.Duration
	// ServiceP99 is the 99th percentile of that time: service times are
	// lognormal with mean ServiceTime and this p99. Zero (or ServiceTime)
	// means every request takes exactly ServiceTime.
	ServiceP99 time.Duration
	// CPUPerRequest is the CPU time one request burns. Zero means a pod at
	// full concurrency uses exactly its CPU request:
	// ServiceTime × request / Concurrency.
	CPUPerRequest time.Duration
	// StartupTime is image pull plus readiness: from scheduling to Ready.
	StartupTime time.Duration
	// Timeout drops a request that would wait longer than this in the queue.
	Timeout     time.Duration
	MinReplicas int
	MaxReplicas int
	HPA         HPA
	Rate        RateFunc
	// SLOp99 is the latency the 99th percentile should stay under, per minute.
	SLOp99 time.Duration
}

// Options tune a run without changing the model.
type Options struct {
	// Step is the simulation step (default 15 s, the HPA sync period).
	Step time.Duration
	// Series records one point per minute (memory grows with the horizon).
	Series bool
	// NoLatencySeries leaves the per-minute p99 out of the series: it is the
	// costliest part of a run (a quantile solve per deployment-minute), and
	// a caller that reads only rates, replicas and nodes (the advisor) need
	// not pay for it. The horizon's percentiles are computed either way.
	NoLatencySeries bool
	// check, when set (tests only), sees the state after every step.
	check func(s *sim)
}

func (d Deployment) request() Resources {
	return Resources{CPUm: d.CPUm, Memory: d.Memory, GPUs: d.GPUs, Pods: 1}
}

// cpuSeconds is the CPU time per request in seconds.
func (d Deployment) cpuSeconds() float64 {
	if d.CPUPerRequest > 0 {
		return d.CPUPerRequest.Seconds()
	}
	return d.ServiceTime.Seconds() * float64(d.CPUm) / 1000 / float64(d.Concurrency)
}

// SteadyReplicas is the replica count the HPA settles on for a constant
// rate: for CPU, ceil(rate × CPU per request / (request × target)), which
// is ceil(rate / (capacity per pod × target)) when a pod at full concurrency
// uses its whole request; for requests per second, ceil(rate / target);
// within min and max.
func (d Deployment) SteadyReplicas(rate float64) int {
	var r float64
	if d.HPA.Metric == MetricRPS {
		r = rate / d.HPA.Target
	} else {
		r = rate * d.cpuSeconds() / (float64(d.CPUm) / 1000 * d.HPA.Target)
	}
	n := int(math.Ceil(r - 1e-9))
	return min(max(n, d.MinReplicas), d.MaxReplicas)
}

func (cl Cluster) maxNodes() int {
	if cl.MaxNodes <= 0 {
		return 1000
	}
	return cl.MaxNodes
}

// daemonOverhead is what the per-node daemons request on a node of type nt.
func (cl Cluster) daemonOverhead(nt NodeType) Resources {
	var r Resources
	for _, d := range cl.DaemonSets {
		if d.GPUOnly && nt.GPUs == 0 {
			continue
		}
		r = r.add(Resources{CPUm: d.CPUm, Memory: int64(d.MemoryMi * MiB), Pods: 1})
	}
	return r
}

// PodRoom is what a pod may request on an empty node of type nt: allocatable
// minus the daemon sets.
func (cl Cluster) PodRoom(nt NodeType) Resources {
	return cl.Reserve.Allocatable(nt).sub(cl.daemonOverhead(nt))
}

// Validate reports every problem with the cluster and deployments at once.
func Validate(cl Cluster, deps []Deployment) error {
	var ps errs.Problems
	add := func(field, format string, a ...any) {
		ps = append(ps, errs.Problem{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	if len(cl.NodeTypes) == 0 {
		add("node types", "at least one node type is required")
	}
	general := 0
	for _, nt := range cl.NodeTypes {
		if nt.VCPU <= 0 || nt.MemoryGiB <= 0 || nt.MaxPods <= 0 {
			add("node type "+nt.Name, "vCPU, memory and max pods must be more than zero")
			continue
		}
		room := cl.PodRoom(nt)
		if room.CPUm <= 0 || room.Memory <= 0 || room.Pods <= 0 {
			add("node type "+nt.Name, "the daemon sets and reserves leave no room for pods")
		}
		if nt.GPUs == 0 {
			general++
		}
	}
	if cl.MinNodes < 0 {
		add("min nodes", "%d is negative", cl.MinNodes)
	}
	if cl.MinNodes > cl.maxNodes() {
		add("min nodes", "%d is above the cluster's maximum of %d nodes", cl.MinNodes, cl.maxNodes())
	}
	if len(cl.NodeTypes) > 0 && general == 0 && (cl.MinNodes > 0 || len(cl.SystemPods) > 0) {
		add("node types", "the system pods and minimum nodes need at least one node type without GPUs")
	}
	if cl.CA.ScaleDownUtilization < 0 || cl.CA.ScaleDownUtilization > 1 {
		add("scale-down utilisation", "%g is outside 0 to 1", cl.CA.ScaleDownUtilization)
	}
	if len(deps) == 0 {
		add("deployments", "at least one deployment is required")
	}
	names := map[string]bool{}
	for i, d := range deps {
		f := d.Name
		if f == "" {
			f = fmt.Sprintf("deployment %d", i+1)
		}
		if names[d.Name] {
			add(f, "duplicate deployment name")
		}
		names[d.Name] = true
		if d.CPUm <= 0 {
			add(f+": cpu", "the CPU request must be more than zero")
		}
		if d.Memory <= 0 {
			add(f+": memory", "the memory request must be more than zero")
		}
		if d.GPUs < 0 {
			add(f+": gpus", "%d is negative", d.GPUs)
		}
		if d.Concurrency < 1 {
			add(f+": concurrency", "%d is below 1", d.Concurrency)
		}
		if d.ServiceTime <= 0 {
			add(f+": service time", "must be more than zero")
		}
		if d.ServiceP99 != 0 && d.ServiceTime > 0 && (d.ServiceP99 < d.ServiceTime || d.ServiceP99.Seconds() > maxP99Ratio*d.ServiceTime.Seconds()) {
			add(f+": service p99", "%s is outside %s to %.4g × the mean service time (a lognormal's p99 lies between its mean and exp(z²/2) ≈ 14.97 × its mean)",
				d.ServiceP99, d.ServiceTime, maxP99Ratio)
		}
		if d.CPUPerRequest < 0 {
			add(f+": cpu per request", "must not be negative")
		}
		if d.StartupTime < 0 || d.Timeout <= 0 {
			add(f+": startup/timeout", "startup must not be negative and timeout must be more than zero")
		}
		if d.MinReplicas < 1 {
			add(f+": min replicas", "%d is below 1", d.MinReplicas)
		}
		if d.MinReplicas > d.MaxReplicas {
			add(f+": replicas", "min replicas %d is above max replicas %d", d.MinReplicas, d.MaxReplicas)
		}
		if d.Rate == nil {
			add(f+": traffic", "an arrival rate is required")
		}
		if d.HPA.Target <= 0 || (d.HPA.Metric == MetricCPU && d.HPA.Target > 1) {
			add(f+": hpa target", "%g is out of range (CPU: above 0 %% up to 100 %%; requests per second: above 0)", d.HPA.Target)
		}
		if d.HPA.Tolerance < 0 || d.HPA.SyncPeriod <= 0 {
			add(f+": hpa", "tolerance must not be negative and the sync period must be positive")
		}
		if d.CPUm > 0 && d.Memory > 0 && !fitsSomeType(cl, d) {
			add(f+": requests", "a pod asking for %s CPU, %s memory%s fits no node type after reserves and daemon sets (%s)",
				fmtCPU(d.CPUm), fmtMem(d.Memory), gpuText(d.GPUs), roomText(cl, d.GPUs > 0))
		}
	}
	return ps.Err()
}

func fitsSomeType(cl Cluster, d Deployment) bool {
	for _, nt := range cl.NodeTypes {
		if (nt.GPUs > 0) != (d.GPUs > 0) {
			continue
		}
		if d.request().fits(cl.PodRoom(nt)) {
			return true
		}
	}
	return false
}

func gpuText(g int) string {
	if g == 0 {
		return ""
	}
	return fmt.Sprintf(", %d GPU", g)
}

func roomText(cl Cluster, gpu bool) string {
	s := ""
	for _, nt := range cl.NodeTypes {
		if (nt.GPUs > 0) != gpu {
			continue
		}
		r := cl.PodRoom(nt)
		if s != "" {
			s += "; "
		}
		s += fmt.Sprintf("%s has room for %s CPU, %s", nt.Name, fmtCPU(r.CPUm), fmtMem(r.Memory))
		if gpu {
			s += fmt.Sprintf(", %d GPU", r.GPUs)
		}
	}
	if s == "" {
		if gpu {
			return "the cluster has no GPU node type"
		}
		return "the cluster has no node type without GPUs"
	}
	return s
}

func fmtCPU(m int64) string { return fmt.Sprintf("%dm", m) }

func fmtMem(b int64) string {
	if b >= GiB && b%GiB == 0 {
		return fmt.Sprintf("%dGi", b/GiB)
	}
	return fmt.Sprintf("%.0fMi", float64(b)/MiB)
}
