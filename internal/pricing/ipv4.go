package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// PublicIPv4 is a month of public IPv4 addresses (in use or idle), each held
// for Hours.
type PublicIPv4 struct {
	Addresses, Hours float64
}

// Bill prices the month.
func (x PublicIPv4) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("public-ipv4")
	u.nonNegative("addresses", x.Addresses)
	u.nonNegative("hours", x.Hours)
	if err := u.err(); err != nil {
		return nil, err
	}
	e, err := c.Get("aws.ipv4.public_address_hour")
	if err != nil {
		return nil, err
	}
	b := NewBill("public-ipv4", c)
	b.Add("Public IPv4 address hours", Dec(x.Addresses).Mul(Dec(x.Hours)), "address-hour", e, HalfUp)
	return b, nil
}
