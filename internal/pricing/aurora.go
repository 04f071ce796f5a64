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
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("aurora-serverless-v2", c)
	b.Add("Aurora Serverless v2 capacity", Dec(x.ACUHours), "ACU-hour", acu, HalfUp)
	if err := auroraVolume(c, b, x.StorageGB, x.IORequests, x.BackupGB); err != nil {
		return nil, err
	}
	return b, nil
}

// auroraVolume adds an Aurora cluster's shared volume to b: its storage,
// I/O requests, and backup storage above the free 100 % of the volume.
func auroraVolume(c *catalog.Catalog, b *Bill, storageGB, ioRequests, backupGB float64) error {
	l := c.Lookup()
	storage := l.Entry("aws.aurora.storage.gb_month")
	io := l.Entry("aws.aurora.io_requests")
	backup := l.Entry("aws.aurora.backup.gb_month")
	if err := l.Err(); err != nil {
		return err
	}
	b.Add("Aurora storage", Dec(storageGB), "GB-month", storage, HalfUp)
	b.Add("Aurora I/O requests", Dec(ioRequests), "request", io, HalfUp)
	if extra := backupGB - storageGB; extra > 0 {
		b.Add("Backup storage above the free 100 % of the volume", Dec(extra), "GB-month", backup, HalfUp)
	}
	return nil
}
