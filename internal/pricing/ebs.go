package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// EBS is a month of gp3 volumes: GBMonths is provisioned GB × months (a
// 100 GB volume for a whole month is 100). The included 3,000 IOPS and
// 125 MB/s are assumed to suffice.
type EBS struct {
	GBMonths float64
}

// Bill prices the month.
func (x EBS) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("ebs")
	u.nonNegative("gb_months", x.GBMonths)
	if err := u.err(); err != nil {
		return nil, err
	}
	e, err := c.Get("aws.ebs.gp3.gb_month")
	if err != nil {
		return nil, err
	}
	b := NewBill("ebs", c)
	b.Add("gp3 storage", Dec(x.GBMonths), "GB-month", e, HalfUp)
	return b, nil
}
