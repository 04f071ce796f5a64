package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AuroraServerless is a month of an Aurora Serverless v2 cluster (Aurora
// Standard): ACU-hours summed over its writer and readers, storage billed
// once for the shared cluster volume, I/O requests, and backup storage
// above the free 100 % of the volume.
type AuroraServerless struct {
	ACUHours   float64
	StorageGB  float64
	IORequests float64
	BackupGB   float64
}

// Bill prices the month.
func (x AuroraServerless) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("aurora-serverless-v2")
	u.nonNegative("acu_hours", x.ACUHours)
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("io_requests", x.IORequests)
	u.nonNegative("backup_gb", x.BackupGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	acu := l.Entry("aws.aurora.serverless_v2.acu_hour")
	storage := l.Entry("aws.aurora.storage.gb_month")
	io := l.Entry("aws.aurora.io_requests")
	backup := l.Entry("aws.aurora.backup.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("aurora-serverless-v2", c)
	b.Add("Aurora Serverless v2 capacity", Dec(x.ACUHours), "ACU-hour", acu, HalfUp)
	b.Add("Aurora storage", Dec(x.StorageGB), "GB-month", storage, HalfUp)
	b.Add("Aurora I/O requests", Dec(x.IORequests), "request", io, HalfUp)
	if extra := x.BackupGB - x.StorageGB; extra > 0 {
		b.Add("Backup storage above the free 100 % of the volume", Dec(extra), "GB-month", backup, HalfUp)
	}
	return b, nil
}
