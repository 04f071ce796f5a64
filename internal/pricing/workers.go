package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Workers is a month of Cloudflare Workers usage on the Workers Paid plan
// (Standard usage model): a $5 monthly subscription that includes 10M
// requests and 30M CPU milliseconds, then per-million overage. Duration
// (wall-clock time) is not billed.
type Workers struct {
	Requests        float64 // inbound requests to the Worker (static asset requests are free)
	CPUMSPerRequest float64 // mean CPU milliseconds per request
}

// Bill prices the usage.
func (x Workers) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "cloudflare-workers"
	if err := checkInputs(name, field{"requests", x.Requests}, field{"cpu_ms_per_request", x.CPUMSPerRequest}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	var (
		sub, reqs, cpu = l.Entry("cloudflare.workers.subscription"), l.Entry("cloudflare.workers.requests"), l.Entry("cloudflare.workers.cpu_ms")
		inclReq        = l.Entry("cloudflare.workers.included.requests").Value
		inclCPU        = l.Entry("cloudflare.workers.included.cpu_ms").Value
		maxCPU         = l.Float("limits.cloudflare-workers.max_cpu_ms")
		cronCPU        = l.Float("limits.cloudflare-workers.max_cpu_ms_cron")
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	if x.CPUMSPerRequest > cronCPU {
		return nil, invalid(name, "cpu time %v ms per request exceeds the 15 min (%v ms) maximum even for Cron Triggers and Queue consumers", x.CPUMSPerRequest, cronCPU)
	}
	b := NewBill(name, c)
	b.Add("Workers Paid subscription", Int(1), "month", sub, HalfUp)
	b.MarkAccount()
	b.Add("requests beyond included", billable(Dec(x.Requests), inclReq), "requests", reqs, HalfUp)
	b.Add("CPU time beyond included", billable(Dec(x.Requests).Mul(Dec(x.CPUMSPerRequest)), inclCPU), "CPU-ms", cpu, HalfUp)
	b.Note("included each month: %s requests and %s CPU-ms; wall-clock duration is not billed", FormatQty(inclReq), FormatQty(inclCPU))
	if x.CPUMSPerRequest > maxCPU {
		b.Note("%v ms of CPU per request is over the 5 min HTTP limit: only Cron Trigger and Queue consumer invocations may use up to 15 min", x.CPUMSPerRequest)
	}
	return b, nil
}
