package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AzureMonitorLogs is a month of Log Analytics ingestion on the Analytics
// table plan, pay-as-you-go (what Application Insights writes for a
// function app). The first 5 GB per billing account and month are free:
// the catalog's first $0 tier.
type AzureMonitorLogs struct {
	IngestGB float64
}

// Bill prices the month.
func (x AzureMonitorLogs) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "azure-monitor-logs", "ingest_gb", "azure.monitor.logs.ingest_gb", "Log ingestion (Analytics logs)", "GB", x.IngestGB)
}
