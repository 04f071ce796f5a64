package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AuroraProvisioned is a month of a provisioned Aurora cluster (Aurora
// Standard): Instances instances (the writer and its readers) of Class,
// storage billed once for the shared cluster volume, I/O requests, and
// backup storage above the free 100 % of the volume.
type AuroraProvisioned struct {
	Class      string
	Instances  int
	Hours      float64
	StorageGB  float64
	IORequests float64
	BackupGB   float64
}

// Bill prices the month.
func (x AuroraProvisioned) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("aurora-provisioned")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("instances", float64(x.Instances))
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("io_requests", x.IORequests)
	u.nonNegative("backup_gb", x.BackupGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	inst := l.Entry("aws.aurora.provisioned." + x.Class + ".hourly")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("aurora-provisioned", c)
	b.Add(x.Class+" instances", Dec(float64(x.Instances)*x.Hours), "instance-hour", inst, HalfUp)
	if err := auroraVolume(c, b, x.StorageGB, x.IORequests, x.BackupGB); err != nil {
		return nil, err
	}
	return b, nil
}
