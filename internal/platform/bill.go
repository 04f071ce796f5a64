package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// offering is anything the pricing package can bill.
type offering interface {
	Bill(*catalog.Catalog) (*pricing.Bill, error)
}

// builder adds offerings' bills to one bill, keeping the first error.
type builder struct {
	cat *catalog.Catalog
	b   *pricing.Bill
	err error
}

func newBuilder(cat *catalog.Catalog, name string) *builder {
	return &builder{cat: cat, b: pricing.NewBill(name, cat)}
}

func (x *builder) add(o offering) {
	if x.err != nil {
		return
	}
	sub, err := o.Bill(x.cat)
	if err != nil {
		x.err = err
		return
	}
	x.b.AddBill(sub)
}

func (x *builder) done() (*pricing.Bill, error) { return x.b, x.err }

// zero is a bill with a single $0 line saying why nothing is charged.
func zero(cat *catalog.Catalog, name, line, unit, source string) *pricing.Bill {
	b := pricing.NewBill(name, cat)
	b.AddPriced(line, pricing.Dec(0), unit, pricing.Dec(0), source, pricing.HalfUp)
	return b
}
