package pricing

import (
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// PostgresFlexible is a month of one Azure Database for PostgreSQL Flexible
// Server: its SKU's hours (zone-redundant HA adds a standby at the same
// price), Premium SSD storage (32 GiB at least, twice with HA) and backup
// storage above the free 100 % of the storage.
type PostgresFlexible struct {
	SKU       string // e.g. D2ds_v5
	Hours     float64
	HA        bool
	StorageGB float64
	BackupGB  float64
}

// PostgresFlexibleMinStorageGB is the smallest storage a server can have.
const PostgresFlexibleMinStorageGB = 32

// Bill prices the month.
func (x PostgresFlexible) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("postgres-flexible")
	u.nonNegative("hours", x.Hours)
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("backup_gb", x.BackupGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	inst := l.Entry("azure.pgflex." + x.SKU + ".hourly")
	storage := l.Entry("azure.pgflex.storage.gb_month")
	backup := l.Entry("azure.pgflex.backup.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	copies, name := 1.0, x.SKU+" server"
	if x.HA {
		copies, name = 2, x.SKU+" server, zone-redundant HA (primary and standby)"
	}
	gb := math.Max(x.StorageGB, PostgresFlexibleMinStorageGB)
	b := NewBill("postgres-flexible", c)
	b.Add(name, Dec(x.Hours*copies), "instance-hour", inst, HalfUp)
	b.Add("Premium SSD storage", Dec(gb*copies), "GiB-month", storage, HalfUp)
	if extra := x.BackupGB - gb; extra > 0 {
		b.Add("Backup storage above the free 100 % of storage", Dec(extra), "GB-month", backup, HalfUp)
	}
	return b, nil
}
