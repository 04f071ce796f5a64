package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// GCPLoadBalancer is Cloud Load Balancing forwarding rules and data
// processed for a month (us-central1): the first five forwarding rules cost
// one flat hourly rate together, each further rule its own hourly rate, and
// inbound plus outbound data processed is charged per GiB.
type GCPLoadBalancer struct {
	Rules, Hours, GBProcessed float64
}

// Bill prices the usage.
func (x GCPLoadBalancer) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gcp-load-balancer"
	if err := checkInputs(name, field{"rules", x.Rules}, field{"hours", x.Hours}, field{"gb_processed", x.GBProcessed}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	first, extra, data := l.Entry("gcp.lb.forwarding_rule.first5_hour"), l.Entry("gcp.lb.forwarding_rule.additional_hour"), l.Entry("gcp.lb.data_processed_gib")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	return rulesBill(NewBill(name, c), x.Rules, x.Hours, x.GBProcessed, "forwarding rules", first, extra, data, "GiB"), nil
}

// rulesBill adds the lines shared by GCP and Azure load balancers: a flat
// hourly rate covering the first five rules, an hourly rate per further
// rule, and data processed.
func rulesBill(b *Bill, rules, hours, gb float64, what string, first, extra, data catalog.Entry, gbUnit string) *Bill {
	if rules > 0 {
		b.Add("first 5 "+what, Dec(hours), "hours", first, HalfUp)
	}
	if rules > 5 {
		b.Add("additional "+what, Dec(rules-5).Mul(Dec(hours)), "rule-hours", extra, HalfUp)
	}
	b.Add("data processed", Dec(gb), gbUnit, data, HalfUp)
	return b
}
