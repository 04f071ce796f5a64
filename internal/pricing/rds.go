package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// RDS is a month of one Amazon RDS for PostgreSQL instance: its class's
// instance-hours (twice for Multi-AZ, whose standby is billed like the
// primary), gp3 storage (twice for Multi-AZ), provisioned IOPS above the
// baseline, and backup storage above the free 100 % of the storage.
type RDS struct {
	Class        string // e.g. db.m6g.large
	Hours        float64
	MultiAZ      bool
	ReadReplicas int
	StorageGB    float64
	ExtraIOPS    float64
	BackupGB     float64 // total backup storage; the first StorageGB is free
}

// Bill prices the month.
func (x RDS) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("rds")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("extra_iops", x.ExtraIOPS)
	u.nonNegative("backup_gb", x.BackupGB)
	u.nonNegative("read_replicas", float64(x.ReadReplicas))
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	inst := l.Entry("aws.rds.postgres." + x.Class + ".hourly")
	gp3 := l.Entry("aws.rds.gp3.gb_month")
	iops := l.Entry("aws.rds.gp3.iops_month")
	backup := l.Entry("aws.rds.backup.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	copies := 1.0
	name := x.Class + " instance, Single-AZ"
	if x.MultiAZ {
		copies, name = 2, x.Class+" instance, Multi-AZ (primary and standby)"
	}
	b := NewBill("rds", c)
	b.Add(name, Dec(x.Hours*copies), "instance-hour", inst, HalfUp)
	if x.ReadReplicas > 0 {
		b.Add(x.Class+" read replicas", Dec(x.Hours*float64(x.ReadReplicas)), "instance-hour", inst, HalfUp)
	}
	b.Add("gp3 storage", Dec(x.StorageGB*(copies+float64(x.ReadReplicas))), "GB-month", gp3, HalfUp)
	if x.ExtraIOPS > 0 {
		b.Add("Provisioned IOPS above the gp3 baseline", Dec(x.ExtraIOPS*copies), "IOPS-month", iops, HalfUp)
	}
	if extra := x.BackupGB - x.StorageGB; extra > 0 {
		b.Add("Backup storage above the free 100 % of storage", Dec(extra), "GB-month", backup, HalfUp)
	}
	return b, nil
}
