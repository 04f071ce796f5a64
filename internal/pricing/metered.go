package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// metered is the shape shared by the offerings that are one (possibly
// tiered) catalog price times one quantity: a log service's ingestion, a
// cloud's internet egress, an API gateway's calls. Each offering keeps its
// own file and type; this prices it.
func metered(c *catalog.Catalog, offering, field, entryID, line, unit string, qty float64) (*Bill, error) {
	u := newUsageCheck(offering)
	u.nonNegative(field, qty)
	if err := u.err(); err != nil {
		return nil, err
	}
	e, err := c.Get(entryID)
	if err != nil {
		return nil, err
	}
	b := NewBill(offering, c)
	b.AddTiered(line, Dec(qty), unit, e, HalfUp)
	return b, nil
}
