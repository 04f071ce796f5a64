package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// CloudFunctions is Google Cloud Functions (1st gen pricing): invocations
// and GB-/GHz-seconds of each invocation rounded up to 100 ms, one request
// per instance.
type CloudFunctions struct{}

var _ = register(CloudFunctions{})

// Info describes the platform.
func (CloudFunctions) Info() Info {
	return Info{ID: workload.PlatformCloudFunc, Name: "Cloud Functions", Cloud: "gcp", Kind: Serverless, Billing: PerRequest,
		RegionNote: "runs in one Google Cloud region", Simulated: true,
		FrontDoor: "its built-in HTTPS trigger (no charge)", Source: "https://cloud.google.com/functions/pricing-1stgen"}
}

// Concurrency: one request per instance.
func (CloudFunctions) Concurrency(Work) int { return 1 }

// Compute prices invocations and compute time.
func (CloudFunctions) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	var why []Reason
	if w.Usage.MaxInstances > 0 && w.Usage.DefaultMaxInstances > 0 && w.Usage.MaxInstances > w.Usage.DefaultMaxInstances {
		why = append(why, capRaised(w, "max instances"))
	}
	b, err := pricing.CloudFunctions{Invocations: w.C.RequestsPerMonth, DurationMS: w.C.DurationMS, MemoryMB: w.C.MemoryMB, FreeTier: w.FreeTier}.Bill(cat)
	return b, why, err
}

// FrontDoor: the built-in HTTPS trigger, or the spec's API gateway or load balancer.
func (CloudFunctions) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	return gcpFrontDoor(cat, w, "the built-in HTTPS trigger", "https://cloud.google.com/functions/docs/calling/http")
}
