package platform

import (
	"math"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Sizing defaults shared by every platform that runs replicas or
// multi-request instances. Each is explained, with its source, in
// docs/cost-model.md.
const (
	// DefaultTargetUtilization is the CPU utilisation pods and tasks are
	// sized for (the HPA target). The article's rule of thumb: clusters pay
	// off at 60–70 % busy. Override: kubernetes.target_utilization.
	DefaultTargetUtilization = 0.7
	// MaxReplicaCPU caps the CPU request of a replica whose concurrency is a
	// default: one vCPU fits every general-purpose node type with room for
	// system pods, and leaves the HPA fine steps.
	MaxReplicaCPU = 1.0
	// instanceCPUBusy is the share of an instance's vCPU that a
	// multi-request instance keeps busy when its concurrency is derived.
	instanceCPUBusy = 0.8
)

// DefaultPodConcurrency is how many requests one pod (or one multi-request
// serverless instance) serves at once when the spec does not say.
func DefaultPodConcurrency(t workload.Type) int {
	switch t {
	case workload.TypeHTTPAPI, workload.TypeWebsocket, workload.TypeFrontend:
		return 8
	case workload.TypeEventProcessor, workload.TypeQueue:
		return 4
	default: // jobs, ML inference, databases, caches: one unit of work per replica
		return 1
	}
}

// MultiConcurrency is how many requests an instance of vcpu serves at once:
// the spec's concurrency if given, else as many as keep the CPU 80 % busy
// (duration / CPU time × vCPU × 0.8), between 1 and 80.
func MultiConcurrency(w Work, vcpu float64) int {
	if w.C.Concurrency > 0 {
		return w.C.Concurrency
	}
	if w.CPUS <= 0 {
		return 80
	}
	n := int(math.Floor(w.DurS / w.CPUS * vcpu * instanceCPUBusy))
	return max(1, min(80, n))
}

// ActiveInstanceSeconds is the month's billed instance time for a platform
// that bills instances while they serve at least one request, with each
// request's time rounded up to the billing granularity (seconds).
func ActiveInstanceSeconds(w Work, conc int, granularity float64) float64 {
	dur := w.DurS
	if granularity > 0 {
		dur = math.Ceil(dur/granularity-1e-9) * granularity
	}
	total := 0.0
	n := int(math.Ceil(w.Hours))
	for h := range n {
		f := w.Shape.Factor(time.Duration(h)*time.Hour + 30*time.Minute)
		total += ExpectedInstances(w.Rate*f*dur, conc) * 3600
	}
	return total * w.Hours / float64(n)
}

// MinReplicas is the availability floor: two replicas for anything that
// serves traffic, one for jobs, ML inference and single-writer state.
func MinReplicas(c workload.Component) int {
	switch c.Type {
	case workload.TypeScheduledJob, workload.TypeBatchJob, workload.TypeDatabase, workload.TypeCache,
		workload.TypeQueue, workload.TypeMLInference:
		return 1
	}
	return 2
}

// IsJob reports whether the component runs to completion rather than serving.
func IsJob(c workload.Component) bool {
	return c.Type == workload.TypeScheduledJob || c.Type == workload.TypeBatchJob
}

// PodConcurrency is how many requests a replica serves at once: the spec's
// pod_concurrency (or concurrency), else the type's default lowered so that
// a replica needs at most MaxReplicaCPU.
func PodConcurrency(w Work) int {
	if w.C.PodConcurrency > 0 {
		return w.C.PodConcurrency
	}
	if w.C.Concurrency > 0 {
		return w.C.Concurrency
	}
	conc := DefaultPodConcurrency(w.C.Type)
	if w.DurS > 0 && w.CPUS > 0 {
		if fit := int(MaxReplicaCPU / w.CPUShare()); fit < conc {
			conc = max(1, fit)
		}
	}
	return conc
}

// ReplicaCPU is the CPU request of one replica: enough for conc requests at
// once at the component's CPU share, at least 0.1 vCPU, rounded up to 10m.
func ReplicaCPU(w Work, conc int) float64 {
	cpu := float64(conc) * w.CPUShare()
	if w.C.GPU > 0 && cpu < 1 {
		cpu = 1 // a GPU replica needs a host core to feed it
	}
	return math.Max(0.1, math.Ceil(cpu*100-1e-9)/100)
}

// ReplicasAt is how many replicas serve a rate multiplier f: the concurrency
// at that rate over what a replica serves at the target utilisation.
func ReplicasAt(w Work, conc int, util, f float64) int {
	if w.C.Stateful {
		return w.C.DataCopies() // a primary, its standby and read replicas: not scaled with the load
	}
	need := int(math.Ceil(w.Rate*f*w.DurS/(float64(conc)*util) - 1e-9))
	need = max(need, ConnectionReplicas(w, f, w.Connections().PerPod))
	return max(need, MinReplicas(w.C))
}

// ReplicaSchedule is how many replicas run in each hour of the month.
// Services follow the traffic: each hour is sized for its busiest minute at
// the target utilisation, never below the availability floor. Jobs run only
// while they work: their peak number of parallel runs, for as many hours a
// day as the month's run time needs, starting at 02:00 UTC.
func ReplicaSchedule(w Work, conc int, util float64) []int {
	peaks := w.HourlyPeaks()
	reps := make([]int, len(peaks))
	if IsJob(w.C) {
		pods := max(1, int(math.Ceil(w.PeakConcurrency()/float64(conc)-1e-9)))
		hoursPerDay := int(math.Ceil(w.MeanConcurrency()/float64(conc)/float64(pods)*24 - 1e-9))
		for h := range reps {
			if (h%24-2+24)%24 < hoursPerDay {
				reps[h] = pods
			}
		}
		return reps
	}
	for h, f := range peaks {
		reps[h] = ReplicasAt(w, conc, util, f)
	}
	return reps
}
