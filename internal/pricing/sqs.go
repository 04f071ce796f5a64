package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// SQS is a month of SQS requests (every API action counts, and each 64 KB
// chunk of a payload is one request). Standard queues are tiered; FIFO is
// charged at its first-tier rate. FreeTier subtracts the 1M free requests.
type SQS struct {
	Requests float64
	FIFO     bool
	FreeTier bool
}

// Bill prices the month.
func (x SQS) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("sqs")
	u.nonNegative("requests", x.Requests)
	if err := u.err(); err != nil {
		return nil, err
	}
	id, name := "aws.sqs.standard_requests", "Standard queue requests"
	if x.FIFO {
		id, name = "aws.sqs.fifo_requests", "FIFO queue requests"
	}
	l := c.Lookup()
	price := l.Entry(id)
	free := l.Entry("aws.sqs.free.requests")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("sqs", c)
	qty := Dec(x.Requests)
	if x.FreeTier {
		qty = lessFree(qty, free)
		b.Note("SQS free tier applied: %s requests", FormatQty(free.Value))
	}
	b.AddTiered(name, qty, "request", price, HalfUp)
	return b, nil
}
