package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// AzureLoadBalancer is an Azure Standard Load Balancer for a month (East
// US): the first five rules (load-balancing, outbound and inbound NAT) cost
// one flat hourly rate together, each further rule its own hourly rate,
// plus data processed per GB.
type AzureLoadBalancer struct {
	Rules, Hours, GBProcessed float64
}

// Bill prices the usage.
func (x AzureLoadBalancer) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-load-balancer"
	if err := checkInputs(name, field{"rules", x.Rules}, field{"hours", x.Hours}, field{"gb_processed", x.GBProcessed}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	first, extra, data := l.Entry("azure.lb.first5_rules_hour"), l.Entry("azure.lb.additional_rule_hour"), l.Entry("azure.lb.data_processed_gb")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	return rulesBill(NewBill(name, c), x.Rules, x.Hours, x.GBProcessed, "rules", first, extra, data, "GB"), nil
}
