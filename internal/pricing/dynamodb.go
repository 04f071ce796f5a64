package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// DynamoDB is a month of DynamoDB on-demand capacity: read and write request
// units (1 RRU = one strongly consistent read up to 4 KB, half for
// eventually consistent, two for transactional; 1 WRU = one write up to 1 KB)
// and average table storage in GB-months. FreeTier subtracts the 25 GB of
// free storage.
type DynamoDB struct {
	ReadRequestUnits, WriteRequestUnits, StorageGB float64
	FreeTier                                       bool
}

// Bill prices the month.
func (x DynamoDB) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("dynamodb")
	u.nonNegative("read_request_units", x.ReadRequestUnits)
	u.nonNegative("write_request_units", x.WriteRequestUnits)
	u.nonNegative("storage_gb", x.StorageGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	rru := l.Entry("aws.dynamodb.on_demand.read_request_units")
	wru := l.Entry("aws.dynamodb.on_demand.write_request_units")
	storage := l.Entry("aws.dynamodb.storage")
	free := l.Entry("aws.dynamodb.free.storage_gb")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("dynamodb", c)
	b.Add("Read request units", Dec(x.ReadRequestUnits), "RRU", rru, HalfUp)
	b.Add("Write request units", Dec(x.WriteRequestUnits), "WRU", wru, HalfUp)
	gb := Dec(x.StorageGB)
	if x.FreeTier {
		gb = lessFree(gb, free)
		b.Note("DynamoDB free tier applied: %s GB-month of storage", FormatQty(free.Value))
	}
	b.Add("Storage", gb, "GB-month", storage, HalfUp)
	return b, nil
}
