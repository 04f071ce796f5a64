package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// WorkersLogs is a month of Cloudflare Workers Logs, billed per log event
// (an invocation's log lines count as events) beyond the 20 million a month
// that Workers Paid includes.
type WorkersLogs struct {
	Events float64
}

// Bill prices the month.
func (x WorkersLogs) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "workers-logs", "events", "cloudflare.workers.logs.events", "Workers Logs events", "event", x.Events)
}
