package platform

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Workers is Cloudflare Workers: billed per request and per CPU millisecond
// (not wall time), run in every Cloudflare location, no egress charges.
type Workers struct{}

var _ = register(Workers{})

// Info describes the platform.
func (Workers) Info() Info {
	return Info{ID: workload.PlatformWorkers, Name: "Cloudflare Workers", Cloud: "cloudflare", Kind: Serverless, Billing: PerRequest,
		Edge: true, Simulated: true,
		FrontDoor: "Cloudflare's network itself (routes and custom domains at no charge)",
		Source:    "https://developers.cloudflare.com/workers/platform/pricing/"}
}

// Concurrency: the simulator preset's.
func (Workers) Concurrency(Work) int { return 0 }

// Compute prices requests and CPU time.
func (Workers) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if w.C.HoldsConnections() {
		return workersWebSocket(cat, w)
	}
	b, err := pricing.Workers{Requests: w.C.RequestsPerMonth, CPUMSPerRequest: w.C.CPUMillis()}.Bill(cat)
	why := []Reason{{Text: fmt.Sprintf("Workers bill CPU time (%.3g ms per request), not wall time; no egress charges", w.C.CPUMillis())}}
	return b, why, err
}

// FrontDoor: built in.
func (Workers) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if !w.HTTP() {
		return nil, nil, nil
	}
	return zero(cat, "front door", "front door: Cloudflare's network (routes, no charge)", "request", "https://developers.cloudflare.com/workers/configuration/routing/"), nil, nil
}
