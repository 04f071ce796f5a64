package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// GCPEgress is a month of Google Cloud internet egress on the Premium
// network tier from North America, in GiB, on volume tiers.
type GCPEgress struct {
	GiB float64
}

// Bill prices the month.
func (x GCPEgress) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "gcp-egress", "gib", "gcp.network.egress_internet", "Internet egress (Premium tier)", "GiB", x.GiB)
}
