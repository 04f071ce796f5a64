package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// SNS is a month of an Amazon SNS standard topic: publish requests (each
// 64 KB chunk of a payload is one) and HTTP/S deliveries; deliveries to SQS
// queues and Lambda functions are not charged. FreeTier subtracts the 1M
// free publishes.
type SNS struct {
	Publishes      float64
	HTTPDeliveries float64
	FreeTier       bool
}

// Bill prices the month.
func (x SNS) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("sns")
	u.nonNegative("publishes", x.Publishes)
	u.nonNegative("http_deliveries", x.HTTPDeliveries)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	pub := l.Entry("aws.sns.publishes")
	http := l.Entry("aws.sns.http_deliveries")
	free := l.Entry("aws.sns.free.publishes")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("sns", c)
	qty := Dec(x.Publishes)
	if x.FreeTier {
		qty = lessFree(qty, free)
		b.Note("SNS free tier applied: %s publishes", FormatQty(free.Value))
	}
	b.Add("SNS publishes", qty, "request", pub, HalfUp)
	if x.HTTPDeliveries > 0 {
		b.Add("SNS HTTP/S deliveries", Dec(x.HTTPDeliveries), "notification", http, HalfUp)
	}
	return b, nil
}
