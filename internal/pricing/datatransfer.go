package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// DataTransferOut is a month of data transfer from AWS to the internet, in
// GB. The first 100 GB per month are free for every account, always (AWS's
// always-free allowance, summed over all services and regions), so they are
// the catalog's first $0 tier and are not behind a FreeTier switch; the rest
// is priced on volume tiers (1 TB = 1,024 GB).
type DataTransferOut struct {
	GB float64
}

// Bill prices the month.
func (x DataTransferOut) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("data-transfer-out")
	u.nonNegative("gb", x.GB)
	if err := u.err(); err != nil {
		return nil, err
	}
	e, err := c.Get("aws.data_transfer.out_internet")
	if err != nil {
		return nil, err
	}
	b := NewBill("data-transfer-out", c)
	b.AddTiered("Data transfer out to the internet", Dec(x.GB), "GB", e, HalfUp)
	return b, nil
}
