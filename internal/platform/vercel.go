package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Vercel is Vercel Functions with Fluid compute on the Pro plan: active CPU
// while code runs, provisioned memory for the instances' whole lifetime,
// invocations, and the network's Edge Requests and Fast Data Transfer.
// Functions run in one region (iad1 by default).
type Vercel struct{}

var _ = register(Vercel{})

// Info describes the platform.
func (Vercel) Info() Info {
	return Info{ID: workload.PlatformVercel, Name: "Vercel Functions", Cloud: "vercel", Kind: Serverless, Billing: InstanceLifetime,
		RegionNote: "Vercel Functions run in one region (iad1 by default); only static assets are served from the CDN's many locations",
		Simulated:  true, FrontDoor: "Vercel's CDN, billed as Edge Requests",
		Source: "https://vercel.com/docs/functions/usage-and-pricing"}
}

// Concurrency: in-function concurrency under Fluid compute.
func (Vercel) Concurrency(w Work) int { return MultiConcurrency(w, 1) }

// Compute prices active CPU, provisioned memory (the simulated instance
// lifetime when there is one) and invocations.
func (v Vercel) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	b, err := pricing.Vercel{Invocations: w.C.RequestsPerMonth, ActiveCPUMSPerInvocation: w.C.CPUMillis(), DurationMS: w.C.DurationMS,
		MemoryMB: w.C.MemoryMB, Concurrency: float64(v.Concurrency(w)), Plan: "pro", InstanceSeconds: w.Usage.InstanceSeconds}.Bill(cat)
	var why []Reason
	if w.Usage.InstanceSeconds > 0 {
		why = append(why, Reason{Text: "provisioned memory is billed for the simulated instance lifetime, idle time included", Source: "https://vercel.com/docs/functions/usage-and-pricing"})
	}
	return b, why, err
}

// FrontDoor: every request is an Edge Request.
func (Vercel) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if !w.HTTP() {
		return nil, nil, nil
	}
	b, err := pricing.VercelNetwork{EdgeRequests: w.C.RequestsPerMonth}.Bill(cat)
	return b, nil, err
}
