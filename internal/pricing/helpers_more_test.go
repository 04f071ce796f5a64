package pricing

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
)

// moreCatalog loads the embedded catalog once per test.
func moreCatalog(tb testing.TB) *catalog.Catalog {
	tb.Helper()
	c, err := pricedata.Load()
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// moreCheck asserts a bill's total and the amount of the named lines.
func moreCheck(tb testing.TB, b *Bill, total string, lines map[string]string) {
	tb.Helper()
	if !b.Total.Equal(decimal.RequireFromString(total)) {
		tb.Errorf("%s total = %s, want %s; lines: %s", b.Offering, b.Total.StringFixed(2), total, moreLines(b))
	}
	sum := decimal.Zero
	for _, li := range b.LineItems {
		sum = sum.Add(li.Amount)
	}
	if !sum.Equal(b.Total) {
		tb.Errorf("total %s is not the sum of the lines %s", b.Total, sum)
	}
	for name, want := range lines {
		li, ok := moreLine(b, name)
		if !ok {
			tb.Errorf("%s: no line %q; lines: %s", b.Offering, name, moreLines(b))
			continue
		}
		if !li.Amount.Equal(decimal.RequireFromString(want)) {
			tb.Errorf("%s line %q = %s, want %s (qty %s × %s)", b.Offering, name, li.Amount.StringFixed(2), want, li.Quantity, li.UnitPrice)
		}
	}
}

func moreLine(b *Bill, name string) (LineItem, bool) {
	for _, li := range b.LineItems {
		if li.Name == name {
			return li, true
		}
	}
	return LineItem{}, false
}

func moreLines(b *Bill) string {
	s := ""
	for _, li := range b.LineItems {
		s += "[" + li.Name + " " + li.Quantity.String() + " × " + li.UnitPrice.String() + " = " + li.Amount.StringFixed(2) + "] "
	}
	return s
}

// moreInvalid asserts err is an invalid-input error (exit code 2).
func moreInvalid(tb testing.TB, err error) {
	tb.Helper()
	if err == nil {
		tb.Fatal("want an error, got nil")
	}
	if errs.KindOf(err) != errs.Invalid {
		tb.Errorf("error %q: kind %v, want Invalid", err, errs.KindOf(err))
	}
}

func TestBillableAndCeilStep(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	if got := billable(d("10"), d("4")); !got.Equal(d("6")) {
		t.Errorf("billable(10,4) = %s", got)
	}
	if got := billable(d("3"), d("4")); !got.IsZero() {
		t.Errorf("billable(3,4) = %s, want 0", got)
	}
	for _, tc := range []struct {
		ms   float64
		want string
	}{
		{260, "300"}, // Cloud Functions page: "a function executing for 260ms would be billed as 300ms"
		{300, "300"},
		{0, "0"},
		{0.5, "100"},
	} {
		if got := ceilStep(tc.ms, d("100")); !got.Equal(d(tc.want)) {
			t.Errorf("ceilStep(%v, 100) = %s, want %s", tc.ms, got, tc.want)
		}
	}
}

func TestCheckInputsReportsEveryBadField(t *testing.T) {
	t.Parallel()
	err := checkInputs("x", field{"a", -1}, field{"b", 2}, field{"c", -3})
	moreInvalid(t, err)
	if want := "x: a = -1, c = -3: must be a finite number >= 0"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
}
