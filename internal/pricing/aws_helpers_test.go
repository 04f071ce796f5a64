package pricing_test

import (
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

var (
	awsCatOnce sync.Once
	awsCat     *catalog.Catalog
	awsCatErr  error
)

// awsCatalog is the embedded catalog (loaded once; tests must not modify it).
func awsCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	awsCatOnce.Do(func() { awsCat, awsCatErr = pricedata.Load() })
	if awsCatErr != nil {
		t.Fatal(awsCatErr)
	}
	return awsCat
}

// awsBilled is any AWS offering.
type awsBilled interface {
	Bill(c *catalog.Catalog) (*pricing.Bill, error)
}

// awsCheckBill asserts the total and, by line name, each listed line amount
// (lines not listed must not be absent from the bill; extra lines are allowed
// only if want lists them all when exact is set).
func awsCheckBill(t *testing.T, b *pricing.Bill, total string, lines map[string]string, exact bool) {
	t.Helper()
	if got := b.Total.StringFixed(2); got != total {
		t.Errorf("total = %s, want %s; lines: %s", got, total, awsDescribe(b))
	}
	seen := map[string]bool{}
	for _, li := range b.LineItems {
		seen[li.Name] = true
		want, ok := lines[li.Name]
		if !ok {
			if exact {
				t.Errorf("unexpected line %q (%s)", li.Name, li.Amount.StringFixed(2))
			}
			continue
		}
		if got := li.Amount.StringFixed(2); got != want {
			t.Errorf("line %q = %s, want %s (qty %s × %s)", li.Name, got, want, li.Quantity, li.UnitPrice)
		}
	}
	for name := range lines {
		if !seen[name] {
			t.Errorf("missing line %q; lines: %s", name, awsDescribe(b))
		}
	}
	// A bill's total is the sum of its rounded lines.
	sum := b.LineItems[0].Amount.Sub(b.LineItems[0].Amount)
	for _, li := range b.LineItems {
		sum = sum.Add(li.Amount)
		if li.Amount.Exponent() < -2 && !li.Amount.Equal(li.Amount.Round(2)) {
			t.Errorf("line %q amount %s is not rounded to the cent", li.Name, li.Amount)
		}
	}
	if !sum.Equal(b.Total) {
		t.Errorf("total %s != sum of lines %s", b.Total, sum)
	}
}

func awsDescribe(b *pricing.Bill) string {
	s := ""
	for _, li := range b.LineItems {
		s += "[" + li.Name + " " + li.Quantity.String() + " × " + li.UnitPrice.String() + " = " + li.Amount.StringFixed(2) + "] "
	}
	return s
}

func mustDec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
