package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// VercelNetwork is a month of Vercel's network usage on the Pro plan: Edge
// Requests (every request through Vercel's CDN, function invocations
// included; 10 M a month included) and Fast Data Transfer (bytes from the
// CDN to users; 1 TB included), each priced beyond its allowance.
type VercelNetwork struct {
	EdgeRequests float64
	TransferGB   float64
}

// Bill prices the month.
func (x VercelNetwork) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("vercel-network")
	u.nonNegative("edge_requests", x.EdgeRequests)
	u.nonNegative("transfer_gb", x.TransferGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	req := l.Entry("vercel.network.edge_requests")
	fdt := l.Entry("vercel.network.fast_data_transfer_gb")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("vercel-network", c)
	if x.EdgeRequests > 0 {
		b.AddTiered("Edge Requests", Dec(x.EdgeRequests), "request", req, HalfUp)
	}
	if x.TransferGB > 0 {
		b.AddTiered("Fast Data Transfer", Dec(x.TransferGB), "GB", fdt, HalfUp)
	}
	return b, nil
}
