package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// Firestore is a month of Firestore in Native mode: document reads and
// writes and stored GiB. FreeTier subtracts the daily free quota (50,000
// reads and 20,000 writes a day, over 30 days).
type Firestore struct {
	Reads, Writes float64
	StorageGiB    float64
	FreeTier      bool
}

// Bill prices the month.
func (x Firestore) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("firestore")
	u.nonNegative("reads", x.Reads)
	u.nonNegative("writes", x.Writes)
	u.nonNegative("storage_gib", x.StorageGiB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	reads := l.Entry("gcp.firestore.reads")
	writes := l.Entry("gcp.firestore.writes")
	storage := l.Entry("gcp.firestore.storage")
	freeR := l.Entry("gcp.firestore.free.reads")
	freeW := l.Entry("gcp.firestore.free.writes")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("firestore", c)
	r, w := Dec(x.Reads), Dec(x.Writes)
	if x.FreeTier {
		r, w = lessFree(r, freeR), lessFree(w, freeW)
		b.Note("Firestore free quota applied: %s reads and %s writes", FormatQty(freeR.Value), FormatQty(freeW.Value))
	}
	b.Add("Document reads", r, "document read", reads, HalfUp)
	b.Add("Document writes", w, "document write", writes, HalfUp)
	b.Add("Stored data", Dec(x.StorageGiB), "GiB-month", storage, HalfUp)
	return b, nil
}
