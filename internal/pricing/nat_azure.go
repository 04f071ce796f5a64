package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// AzureNAT is Azure NAT Gateway for a month: per gateway-hour from creation
// to deletion, plus data processed per GB. Its public IP is billed
// separately.
type AzureNAT struct {
	Gateways, Hours, GBProcessed float64
}

// Bill prices the usage.
func (x AzureNAT) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-nat-gateway"
	if err := checkInputs(name, field{"gateways", x.Gateways}, field{"hours", x.Hours}, field{"gb_processed", x.GBProcessed}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	hour, data := l.Entry("azure.nat.gateway_hour"), l.Entry("azure.nat.data_processed_gb")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	b.Add("NAT gateway", Dec(x.Gateways).Mul(Dec(x.Hours)), "gateway-hours", hour, HalfUp)
	b.Add("data processed", Dec(x.GBProcessed), "GB", data, HalfUp)
	return b, nil
}
