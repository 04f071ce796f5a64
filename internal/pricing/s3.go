package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// S3 is a month of S3 Standard: GET-class requests (GET, SELECT and others),
// PUT-class requests (PUT, COPY, POST, LIST) and average storage in GB-months.
type S3 struct {
	Gets, Puts, StorageGB float64
}

// Bill prices the month.
func (x S3) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("s3")
	u.nonNegative("gets", x.Gets)
	u.nonNegative("puts", x.Puts)
	u.nonNegative("storage_gb", x.StorageGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	get := l.Entry("aws.s3.get_requests")
	put := l.Entry("aws.s3.put_requests")
	storage := l.Entry("aws.s3.storage_standard")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("s3", c)
	b.Add("GET requests", Dec(x.Gets), "request", get, HalfUp)
	b.Add("PUT requests", Dec(x.Puts), "request", put, HalfUp)
	b.Add("Storage (Standard)", Dec(x.StorageGB), "GB-month", storage, HalfUp)
	return b, nil
}
