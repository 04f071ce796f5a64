package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// DynamoDBProvisioned is a month of a DynamoDB table in provisioned
// capacity mode: the read and write capacity units held each hour (as auto
// scaling sets them), the table's storage and its point-in-time recovery
// backups. FreeTier subtracts the 25 GB of free storage.
type DynamoDBProvisioned struct {
	RCUHours, WCUHours float64
	StorageGB          float64
	BackupGB           float64
	FreeTier           bool
}

// Bill prices the month.
func (x DynamoDBProvisioned) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("dynamodb-provisioned")
	u.nonNegative("rcu_hours", x.RCUHours)
	u.nonNegative("wcu_hours", x.WCUHours)
	u.nonNegative("storage_gb", x.StorageGB)
	u.nonNegative("backup_gb", x.BackupGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	rcu := l.Entry("aws.dynamodb.provisioned.rcu_hour")
	wcu := l.Entry("aws.dynamodb.provisioned.wcu_hour")
	storage := l.Entry("aws.dynamodb.storage")
	free := l.Entry("aws.dynamodb.free.storage_gb")
	pitr := l.Entry("aws.dynamodb.pitr.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("dynamodb-provisioned", c)
	b.Add("Read capacity", Dec(x.RCUHours), "RCU-hour", rcu, HalfUp)
	b.Add("Write capacity", Dec(x.WCUHours), "WCU-hour", wcu, HalfUp)
	gb := Dec(x.StorageGB)
	if x.FreeTier {
		gb = lessFree(gb, free)
		b.Note("DynamoDB free tier applied: %s GB-month of storage", FormatQty(free.Value))
	}
	b.Add("Storage", gb, "GB-month", storage, HalfUp)
	if x.BackupGB > 0 {
		b.Add("Point-in-time recovery", Dec(x.BackupGB), "GB-month", pitr, HalfUp)
	}
	return b, nil
}

// DynamoDBBackup is a month of point-in-time recovery for an on-demand
// table (the provisioned offering prices its own).
type DynamoDBBackup struct{ GB float64 }

// Bill prices the month.
func (x DynamoDBBackup) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("dynamodb-pitr")
	u.nonNegative("gb", x.GB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	pitr := l.Entry("aws.dynamodb.pitr.gb_month")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("dynamodb-pitr", c)
	b.Add("Point-in-time recovery", Dec(x.GB), "GB-month", pitr, HalfUp)
	return b, nil
}
