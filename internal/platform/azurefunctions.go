package platform

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AzureFunctions is Azure Functions on the cheaper of the Consumption plan
// (per execution and GB-second, at most 200 instances) and Flex Consumption
// (instance GB-seconds while executing, always-ready instances billed for
// their lifetime, at most 1,000 instances).
type AzureFunctions struct{}

var _ = register(AzureFunctions{})

// Info describes the platform.
func (AzureFunctions) Info() Info {
	return Info{ID: workload.PlatformAzureFunc, Name: "Azure Functions", Cloud: "azure", Kind: Serverless, Billing: PerRequest,
		RegionNote: "runs in one Azure region", Simulated: true, Provisionable: true,
		FrontDoor: "its built-in HTTP trigger endpoint (no charge)",
		Source:    "https://azure.microsoft.com/en-us/pricing/details/functions/"}
}

// Concurrency: the simulator preset's.
func (AzureFunctions) Concurrency(Work) int { return 0 }

// Plans lists the plans that can run w.
func (AzureFunctions) Plans(cat *catalog.Catalog, w Work) []string {
	lk := cat.Lookup()
	var plans []string
	raised := w.Usage.MaxInstances > 0 && w.Usage.DefaultMaxInstances > 0 && w.Usage.MaxInstances > w.Usage.DefaultMaxInstances
	if w.Usage.Provisioned == 0 && !raised &&
		w.C.MemoryMB <= lk.Float("limits.azure-functions.max_memory_mb") && w.C.MaxExecutionS <= lk.Float("limits.azure-functions.max_execution_s") {
		plans = append(plans, "consumption")
	}
	return append(plans, "flex") // always-ready instances and more than 200 instances exist on Flex only
}

// Compute prices the cheaper plan that can run w.
func (a AzureFunctions) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	var best *pricing.Bill
	var bestPlan string
	for _, plan := range a.Plans(cat, w) {
		af := pricing.AzureFunctions{Plan: plan, Executions: w.C.RequestsPerMonth, DurationMS: w.C.DurationMS, MemoryMB: w.C.MemoryMB,
			FreeTier: w.FreeTier, Hours: w.Hours}
		if plan == "flex" {
			af.AlwaysReadyInstances = float64(w.Usage.Provisioned)
		}
		sub, err := af.Bill(cat)
		if err != nil {
			return nil, nil, err
		}
		if best == nil || sub.Total.LessThan(best.Total) {
			best, bestPlan = sub, plan
		}
	}
	best.Note("Azure Functions %s plan (the cheaper plan that can run it)", bestPlan)
	var why []Reason
	if w.Usage.MaxInstances > 0 && w.Usage.DefaultMaxInstances > 0 && w.Usage.MaxInstances > w.Usage.DefaultMaxInstances {
		why = append(why, Reason{Text: fmt.Sprintf("the peak needs about %d instances, above the Consumption plan's %d: Flex Consumption (up to 1,000 per app) is priced",
			w.Usage.MaxInstances, w.Usage.DefaultMaxInstances), Source: "https://learn.microsoft.com/en-us/azure/azure-functions/flex-consumption-plan"})
	}
	return best, why, nil
}

// FrontDoor: the built-in HTTP trigger, or the spec's API gateway.
func (AzureFunctions) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if w.C.HoldsConnections() && w.HTTP() {
		return websocketGatewayAzure(cat, w)
	}
	switch w.C.FrontDoor {
	case workload.FrontDoorAPIGatewayHTTP, workload.FrontDoorAPIGatewayREST:
		b, err := pricing.AzureAPIManagement{Calls: w.C.RequestsPerMonth}.Bill(cat)
		return b, nil, err
	case workload.FrontDoorALB, workload.FrontDoorBuiltIn:
		why := []Reason(nil)
		if w.C.FrontDoor == workload.FrontDoorALB {
			why = append(why, Reason{Text: "a load balancer cannot front a function app; priced with its built-in HTTP endpoint"})
		}
		return zero(cat, "front door", "front door: the built-in HTTP trigger endpoint (no charge)", "request", "https://learn.microsoft.com/en-us/azure/azure-functions/functions-bindings-http-webhook-trigger"), why, nil
	}
	return nil, nil, nil
}
