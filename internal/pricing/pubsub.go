package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// PubSub is a month of Google Cloud Pub/Sub throughput: the bytes
// published plus the bytes delivered to every subscription, in GiB (each
// publish, push or pull request counts at least 1,000 bytes; the caller
// applies that minimum). The first 10 GiB each month are free.
type PubSub struct{ GiB float64 }

// Bill prices the month.
func (x PubSub) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("pubsub")
	u.nonNegative("gib", x.GiB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	tib := l.Entry("gcp.pubsub.throughput")
	free := l.Entry("gcp.pubsub.free.gib")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("pubsub", c)
	gib := lessFree(Dec(x.GiB), free)
	b.Add("Pub/Sub throughput (beyond the free 10 GiB)", gib.Div(Dec(1024)), "TiB", tib, HalfUp)
	return b, nil
}
