package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// CloudRun is Google Cloud Run: request-based billing of busy instance time
// (plus a request fee) by default; GPU services use instance-based billing,
// which charges every instance's whole lifetime, idle time and the
// scale-down delay included.
type CloudRun struct{}

var _ = register(CloudRun{})

// Info describes the platform.
func (CloudRun) Info() Info {
	return Info{ID: workload.PlatformCloudRun, Name: "Cloud Run", Cloud: "gcp", Kind: Serverless, Billing: BusyInstance,
		RegionNote: "runs in one Google Cloud region", Simulated: true, Provisionable: true,
		FrontDoor: "its built-in HTTPS endpoint (no per-request fee beyond Cloud Run's own)",
		Source:    "https://cloud.google.com/run/pricing"}
}

// Concurrency: the derived per-instance concurrency (CloudRunShape).
func (CloudRun) Concurrency(w Work) int {
	_, conc := CloudRunShape(w)
	return conc
}

// Compute prices instance time and requests.
func (CloudRun) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	vcpu, conc := CloudRunShape(w)
	mem := w.C.MemoryMB
	active := w.Usage.BusyInstanceSeconds
	if active == 0 {
		active = ActiveInstanceSeconds(w, conc, 0.1)
	}
	cr := pricing.CloudRun{Requests: w.C.RequestsPerMonth, DurationMS: w.C.DurationMS, VCPU: vcpu, MemoryMB: mem, Concurrency: conc,
		FreeTier: w.FreeTier, Hours: w.Hours, ActiveInstanceSeconds: active, MinInstances: float64(w.Usage.Provisioned)}
	var why []Reason
	if w.C.HoldsConnections() {
		var r Reason
		cr.ActiveInstanceSeconds, cr.Requests, conc, r = cloudRunConnections(w, active)
		cr.Concurrency = conc // each open connection is a request in flight
		why = append(why, r)
	}
	if w.C.GPU > 0 {
		// GPU services use instance-based billing (their whole lifetime) and
		// at least 4 vCPU and 16 GiB per instance.
		cr.GPUs, cr.InstanceBased = float64(w.C.GPU), true
		cr.VCPU, cr.MemoryMB = math.Max(vcpu, 4), math.Max(mem, 16384)
		cr.MinInstances = 0 // instance-based billing charges warm instances' lifetime already
		life := w.Usage.InstanceSeconds
		basis := "the simulated instance lifetime, idle time and scale-down included"
		if life == 0 {
			life = ActiveInstanceSeconds(w, conc, 0.1) + float64(w.Usage.Provisioned)*w.Hours*3600
			basis = "busy instance time (not simulated: idle time before scale-down would come on top)"
		}
		cr.ActiveInstanceSeconds = math.Max(life, active)
		why = append(why, Reason{Text: fmt.Sprintf("GPU instances are billed for their whole lifetime (instance-based), at least 4 vCPU and 16 GiB each: %.0f instance-hours from %s", cr.ActiveInstanceSeconds/3600, basis),
			Source: "https://cloud.google.com/run/docs/configuring/services/gpu"})
	}
	if w.Usage.MaxInstances > 0 && w.Usage.DefaultMaxInstances > 0 && w.Usage.MaxInstances > w.Usage.DefaultMaxInstances {
		why = append(why, capRaised(w, "max instances"))
	}
	b, err := cr.Bill(cat)
	if w.C.HoldsConnections() && w.C.GPU == 0 && err == nil {
		// Instances held by connections are busy all their life: instance-
		// based billing (lower rates, no request fee) may be cheaper.
		ib := cr
		ib.InstanceBased, ib.MinInstances = true, 0
		if alt, aerr := ib.Bill(cat); aerr == nil && alt.Total.LessThan(b.Total) {
			b = alt
			why = append(why, Reason{Text: "instance-based billing is priced: it costs less than request-based billing for instances kept busy by open connections",
				Source: "https://cloud.google.com/run/docs/configuring/billing-settings"})
		}
	}
	why = append(why, Reason{Text: fmt.Sprintf("Cloud Run instances of %g vCPU serve %d requests at once; billed instance time follows from Poisson occupancy, rounded to 100 ms", cr.VCPU, conc)})
	return b, why, err
}

// FrontDoor: the built-in HTTPS endpoint, or the spec's API gateway or load balancer.
func (CloudRun) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	return gcpFrontDoor(cat, w, "Cloud Run's built-in HTTPS endpoint", "https://cloud.google.com/run/docs/triggering/https-request")
}

// gcpFrontDoor is the entry of a Google serverless service.
func gcpFrontDoor(cat *catalog.Catalog, w Work, builtIn, source string) (*pricing.Bill, []Reason, error) {
	x := newBuilder(cat, "front door")
	switch w.C.FrontDoor {
	case workload.FrontDoorAPIGatewayHTTP, workload.FrontDoorAPIGatewayREST:
		x.add(pricing.GoogleAPIGateway{Calls: w.C.RequestsPerMonth})
	case workload.FrontDoorALB:
		x.add(pricing.GCPLoadBalancer{Rules: 1, Hours: w.Hours, GBProcessed: w.C.RequestsPerMonth * (w.C.ResponseKB + 1) / 1e6})
	case workload.FrontDoorBuiltIn:
		return zero(cat, "front door", "front door: "+builtIn+" (no charge)", "request", source), nil, nil
	default:
		return nil, nil, nil
	}
	b, err := x.done()
	return b, nil, err
}

// capRaised says that an option is priced with its instance cap raised.
func capRaised(w Work, what string) Reason {
	return Reason{Text: fmt.Sprintf("the peak needs about %d instances, above the default %s of %d: priced with %s raised to %d (a setting, and above the default quota a quota request)",
		w.Usage.MaxInstances, what, w.Usage.DefaultMaxInstances, what, w.Usage.MaxInstances)}
}

// CloudRunShape picks a Cloud Run instance: 1 vCPU (more when memory needs
// it: above 4, 8, 16 and 24 GiB Cloud Run requires 2, 4, 6 and 8 vCPU) and a
// concurrency that keeps the vCPU at most 80 % busy, capped at Cloud Run's
// default of 80.
func CloudRunShape(w Work) (vcpu float64, conc int) {
	gib := w.C.MemoryMB / 1024
	switch {
	case gib > 24:
		vcpu = 8
	case gib > 16:
		vcpu = 6
	case gib > 8:
		vcpu = 4
	case gib > 4:
		vcpu = 2
	default:
		vcpu = 1
	}
	return vcpu, MultiConcurrency(w, vcpu)
}
