package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// CloudSQL is a month of one Cloud SQL Enterprise instance with dedicated
// cores: vCPU-hours and memory GB-hours (HA, a standby in another zone,
// doubles both and the storage), SSD storage and backup storage. A
// shared-core tier (db-f1-micro, db-g1-small) is priced per instance-hour
// instead.
type CloudSQL struct {
	VCPU, MemoryGB float64
	SharedCore     string
	Hours          float64
	HA             bool
	StorageGB      float64
	BackupGB       float64
}

// Bill prices the month.
func (x CloudSQL) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("cloud-sql")
	u.nonNegative("vcpu", x.VCPU)
	u.nonNegative("memory_gb", x.MemoryGB)
	u.nonNegative("hours", x.Hours)
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("backup_gb", x.BackupGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	cpu := l.Entry("gcp.cloudsql.enterprise.vcpu_hour")
	mem := l.Entry("gcp.cloudsql.enterprise.memory_gb_hour")
	ssd := l.Entry("gcp.cloudsql.ssd.gb_month")
	backup := l.Entry("gcp.cloudsql.backup.gb_month")
	var shared catalog.Entry
	if x.SharedCore != "" {
		shared = l.Entry("gcp.cloudsql." + x.SharedCore + ".hourly")
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	copies, zone := 1.0, "zonal"
	if x.HA {
		copies, zone = 2, "HA"
	}
	b := NewBill("cloud-sql", c)
	if x.SharedCore != "" {
		b.Add(x.SharedCore+" instance (shared core)", Dec(x.Hours), "instance-hour", shared, HalfUp)
	} else {
		b.Add("vCPU, "+zone, Dec(x.VCPU*x.Hours*copies), "vCPU-hour", cpu, HalfUp)
		b.Add("Memory, "+zone, Dec(x.MemoryGB*x.Hours*copies), "GB-hour", mem, HalfUp)
	}
	b.Add("SSD storage, "+zone, Dec(x.StorageGB*copies), "GB-month", ssd, HalfUp)
	if x.BackupGB > 0 {
		b.Add("Backup storage", Dec(x.BackupGB), "GB-month", backup, HalfUp)
	}
	return b, nil
}
