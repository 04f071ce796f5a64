package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// CloudWatchLogs is a month of CloudWatch Logs: GB ingested and average GB
// stored (archived, GB-months). It prices the monitoring overhead of a
// component.
type CloudWatchLogs struct {
	IngestGB, StorageGB float64
}

// Bill prices the month.
func (x CloudWatchLogs) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("cloudwatch-logs")
	u.nonNegative("ingest_gb", x.IngestGB)
	u.nonNegative("storage_gb", x.StorageGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	ingest := l.Entry("aws.cloudwatch.logs.ingest_gb")
	storage := l.Entry("aws.cloudwatch.logs.storage_gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("cloudwatch-logs", c)
	b.Add("Log ingestion", Dec(x.IngestGB), "GB", ingest, HalfUp)
	b.Add("Log storage", Dec(x.StorageGB), "GB-month", storage, HalfUp)
	return b, nil
}
