package pricing

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Memorystore is a month of a Memorystore for Redis instance: its
// provisioned capacity in GB at the GB-hour rate of its capacity tier (M1
// 1–4 GB, M2 5–10, M3 11–35, M4 36–100), Basic (one node) or Standard (a
// replica in another zone, in the price).
type Memorystore struct {
	Standard bool
	GB       float64
	Hours    float64
}

// MemorystoreTier is the capacity tier (1 to 4) of an instance of gb, or
// 0 when gb is outside 1–100 GB.
func MemorystoreTier(gb float64) int {
	switch {
	case gb < 1 || gb > 100:
		return 0
	case gb <= 4:
		return 1
	case gb <= 10:
		return 2
	case gb <= 35:
		return 3
	}
	return 4
}

// Bill prices the month.
func (x Memorystore) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("memorystore-redis")
	u.between("gb", x.GB, 1, 100, "GB")
	u.nonNegative("hours", x.Hours)
	if err := u.err(); err != nil {
		return nil, err
	}
	tier := "basic"
	if x.Standard {
		tier = "standard"
	}
	m := MemorystoreTier(x.GB)
	l := c.Lookup()
	gbh := l.Entry(fmt.Sprintf("gcp.memorystore.redis.%s.m%d.gb_hour", tier, m))
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("memorystore-redis", c)
	b.Add(fmt.Sprintf("Memorystore for Redis %s, M%d capacity", tier, m), Dec(x.GB*x.Hours), "GB-hour", gbh, HalfUp)
	return b, nil
}
