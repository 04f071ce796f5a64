package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// NATGateway is a month of NAT gateways: Count gateways (one per AZ for high
// availability) running Hours each, plus GBProcessed in total through them in
// either direction. Data transfer out to the internet is billed on top (see
// DataTransferOut).
type NATGateway struct {
	Count, Hours, GBProcessed float64
}

// Bill prices the month.
func (x NATGateway) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("nat-gateway")
	u.nonNegative("count", x.Count)
	u.nonNegative("hours", x.Hours)
	u.nonNegative("gb_processed", x.GBProcessed)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	hour := l.Entry("aws.nat.hour")
	gb := l.Entry("aws.nat.gb_processed")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("nat-gateway", c)
	b.Add("NAT gateway hours", Dec(x.Count).Mul(Dec(x.Hours)), "NAT-gateway-hour", hour, HalfUp)
	b.Add("Data processed", Dec(x.GBProcessed), "GB", gb, HalfUp)
	return b, nil
}
