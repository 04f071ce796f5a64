package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// CloudLogging is a month of Google Cloud Logging ingestion (GiB into log
// buckets; 30 days of storage included). The first 50 GiB per project and
// month are free: the catalog's first $0 tier.
type CloudLogging struct {
	IngestGiB float64
}

// Bill prices the month.
func (x CloudLogging) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "cloud-logging", "ingest_gib", "gcp.logging.ingest_gib", "Log ingestion", "GiB", x.IngestGiB)
}
