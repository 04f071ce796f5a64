package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AzureRedis is a month of an Azure Cache for Redis instance of one size
// (C0 to C5): Basic (one node) or Standard (a primary and a replica, in
// the price).
type AzureRedis struct {
	Standard bool
	Size     string // "C0" … "C5"
	Hours    float64
}

// Bill prices the month.
func (x AzureRedis) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("azure-cache-for-redis")
	u.nonNegative("hours", x.Hours)
	u.oneOf("size", x.Size, "C0", "C1", "C2", "C3", "C4", "C5")
	if err := u.err(); err != nil {
		return nil, err
	}
	tier, name := "basic", "Basic"
	if x.Standard {
		tier, name = "standard", "Standard"
	}
	l := c.Lookup()
	h := l.Entry("azure.redis." + tier + "." + x.Size + ".hourly")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("azure-cache-for-redis", c)
	b.Add("Azure Cache for Redis "+name+" "+x.Size, Dec(x.Hours), "cache-hour", h, HalfUp)
	return b, nil
}
