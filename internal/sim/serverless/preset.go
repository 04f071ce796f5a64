package serverless

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Preset is one platform's behaviour for a runtime and memory size: the
// figures come from the catalog (ids <platform>.init_ms.<runtime>, the
// typical production cold start, with its range in .init_hello_ms.<runtime>
// and .init_high_ms.<runtime>, .keep_alive_s, .concurrency_per_instance, .max_instances, .scale_burst,
// .scale_per_s) and the billing rules from the table below.
type Preset struct {
	Platform string  `json:"platform"`
	Runtime  string  `json:"runtime"`
	MemoryMB float64 `json:"memory_mb"`
	Init     float64 `json:"init_s"`
	// InitLow and InitHigh are the catalog's range around Init, the typical
	// production figure (<platform>.init_hello_ms.<runtime>, a hello-world
	// lower bound, and .init_high_ms.<runtime>); zero where the catalog has
	// none. Informational: the simulator uses Init.
	InitLow                float64  `json:"init_low_s,omitempty"`
	InitHigh               float64  `json:"init_high_s,omitempty"`
	KeepAlive              float64  `json:"keep_alive_s"`
	ConcurrencyPerInstance int      `json:"concurrency_per_instance"`
	MaxInstances           int      `json:"max_instances"`
	ScaleBurst             float64  `json:"scale_burst,omitempty"`
	ScalePerSecond         float64  `json:"scale_per_s,omitempty"`
	Overflow               Overflow `json:"overflow"`
	QueueTimeout           float64  `json:"queue_timeout_s,omitempty"`
	Billing                Billing  `json:"billing"`
	BillingGranularity     float64  `json:"billing_granularity_s"`
	BillsInit              bool     `json:"bills_init"`
	// IDs are the catalog entries the preset read, for the report's sources.
	IDs []string `json:"catalog_ids"`
}

// billingRule is how a platform meters duration and what happens at its
// instance limit. Sources: docs/serverless-simulator.md, "Billing".
type billingRule struct {
	billing   Billing
	gran      float64
	billsInit bool
	overflow  Overflow
	qTimeout  float64 // s; 0 = none
}

var billingRules = map[string]billingRule{
	// Lambda: per request, 1 ms units; INIT billed since 2025-08-01 (AWS
	// Compute Blog "AWS Lambda standardizes billing for INIT Phase"); excess
	// invocations throttled with 429 (scaling-behavior.html).
	"aws-lambda": {PerRequest, 0.001, true, Reject, 0},
	// Cloud Run request-based billing: the instance is billed while it
	// handles at least one request, plus startup and shutdown, rounded up
	// to 100 ms (cloud.google.com/run/pricing); requests over max instances
	// queue (for up to 10 s) before a 429 (about-instance-autoscaling).
	"gcp-cloud-run": {InstanceBusy, 0.1, true, Queue, 10},
	// Cloud Run functions are billed as Cloud Run (pricing-1stgen page).
	"gcp-cloud-functions": {InstanceBusy, 0.1, true, Queue, 10},
	// Workers bill CPU time, not GB-s: the GB-s figure is informational;
	// startup CPU is not a billed request.
	"cloudflare-workers": {PerRequest, 0, false, Reject, 0},
	// Vercel fluid compute bills provisioned memory for the instance's
	// active lifetime, shared by its concurrent invocations.
	"vercel-functions": {InstanceBusy, 0, true, Reject, 0},
	// Azure Functions: per execution GB-s (Consumption rounds to 1 ms with
	// a 100 ms minimum, not modelled); the host queues HTTP requests.
	"azure-functions": {PerRequest, 0.001, false, Queue, 0},
}

// Platforms is every platform id LoadPreset knows.
func Platforms() []string {
	ps := make([]string, 0, len(billingRules))
	for p := range billingRules {
		ps = append(ps, p)
	}
	slices.Sort(ps)
	return ps
}

// LoadPreset reads platform's behaviour for runtime ("" = nodejs) at
// memoryMB from c.
func LoadPreset(c *catalog.Catalog, platform, runtime string, memoryMB float64) (Preset, error) {
	rule, ok := billingRules[platform]
	if !ok {
		return Preset{}, errs.Errorf(errs.Invalid, "unknown serverless platform %q (valid: %s)", platform, strings.Join(Platforms(), ", "))
	}
	if runtime == "" {
		runtime = "nodejs"
	}
	if !(memoryMB > 0) || math.IsInf(memoryMB, 0) {
		return Preset{}, errs.Errorf(errs.Invalid, "memory %g MB must be positive", memoryMB)
	}
	initID := platform + ".init_ms." + runtime
	if _, err := c.Get(initID); err != nil {
		return Preset{}, errs.Errorf(errs.Invalid, "%s has no cold-start figure for runtime %q (runtimes in the catalog: %s)",
			platform, runtime, strings.Join(runtimesOf(c, platform), ", "))
	}
	p := Preset{Platform: platform, Runtime: runtime, MemoryMB: memoryMB,
		Overflow: rule.overflow, QueueTimeout: rule.qTimeout, Billing: rule.billing, BillingGranularity: rule.gran, BillsInit: rule.billsInit}
	l := c.Lookup()
	read := func(suffix string) float64 {
		id := platform + "." + suffix
		p.IDs = append(p.IDs, id)
		return l.Float(id)
	}
	p.Init = read("init_ms."+runtime) / 1000
	p.KeepAlive = read("keep_alive_s")
	p.ConcurrencyPerInstance = int(read("concurrency_per_instance"))
	p.MaxInstances = int(read("max_instances"))
	if err := l.Err(); err != nil {
		return Preset{}, errs.E(errs.Internal, fmt.Errorf("preset %s: %w", platform, err))
	}
	for _, r := range []struct {
		suffix string
		to     *float64
	}{{"init_hello_ms.", &p.InitLow}, {"init_high_ms.", &p.InitHigh}} {
		if _, err := c.Get(platform + "." + r.suffix + runtime); err == nil {
			*r.to = read(r.suffix+runtime) / 1000
		}
	}
	if _, err := c.Get(platform + ".scale_burst"); err == nil {
		p.ScaleBurst = read("scale_burst")
		p.ScalePerSecond = read("scale_per_s")
		if err := l.Err(); err != nil {
			return Preset{}, errs.E(errs.Internal, fmt.Errorf("preset %s: %w", platform, err))
		}
	}
	if p.ConcurrencyPerInstance < 1 {
		p.ConcurrencyPerInstance = 1
	}
	return p, nil
}

func runtimesOf(c *catalog.Catalog, platform string) []string {
	var rts []string
	prefix := platform + ".init_ms."
	for _, id := range c.IDs() {
		if rt, ok := strings.CutPrefix(id, prefix); ok {
			rts = append(rts, rt)
		}
	}
	return rts
}

// Config returns a simulation configuration for p with the given warm
// service-time distribution; a cold request takes the runtime's init plus a
// warm draw. Horizon (and provisioned count) are the caller's to set.
func (p Preset) Config(warm Dist) Config {
	return Config{
		WarmService:            warm,
		Init:                   p.Init,
		KeepAlive:              p.KeepAlive,
		ConcurrencyPerInstance: p.ConcurrencyPerInstance,
		MaxInstances:           p.MaxInstances,
		Overflow:               p.Overflow,
		QueueTimeout:           p.QueueTimeout,
		ScaleBurst:             p.ScaleBurst,
		ScalePerSecond:         p.ScalePerSecond,
		MemoryMB:               p.MemoryMB,
		BillsInit:              p.BillsInit,
		Billing:                p.Billing,
		BillingGranularity:     p.BillingGranularity,
	}
}
