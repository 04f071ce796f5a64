package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AzureEgress is a month of Azure data transfer out to the internet
// (Microsoft premium global network routing), in GB, on volume tiers; the
// first 100 GB a month are free.
type AzureEgress struct {
	GB float64
}

// Bill prices the month.
func (x AzureEgress) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "azure-egress", "gb", "azure.bandwidth.out_internet", "Data transfer out to the internet", "GB", x.GB)
}
