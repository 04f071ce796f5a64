// Package pricing turns usage into bills: one file per priced offering, each
// an input struct with a Bill method that returns line items. Money is
// decimal; every line is rounded to the cent the way the provider's own worked
// examples round, and a bill's total is the sum of its rounded lines.
package pricing

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

func init() {
	// Amounts are JSON numbers, not strings, in every report.
	decimal.MarshalJSONWithoutQuotes = true
}

// Rounding is how a provider rounds a line item to the cent.
type Rounding int

const (
	// HalfUp rounds to the nearest cent, halves away from zero (AWS examples).
	HalfUp Rounding = iota
	// Up rounds any fraction of a cent up.
	Up
	// None keeps full precision (for intermediate or marginal figures).
	None
)

// LineItem is one priced quantity on a bill.
type LineItem struct {
	Name      string          `json:"name"`
	Quantity  decimal.Decimal `json:"quantity"`
	Unit      string          `json:"unit"`
	UnitPrice decimal.Decimal `json:"unit_price"`
	Amount    decimal.Decimal `json:"amount_usd"`
	Source    string          `json:"source,omitempty"`
	// Scope is "account" for a fee or credit charged once per account or
	// team whatever the number of functions (a plan's subscription), so
	// that a system counts it once.
	Scope string `json:"scope,omitempty"`
}

// ScopeAccount marks a line charged once per account or team.
const ScopeAccount = "account"

// MarkAccount marks the last line added as charged once per account.
func (b *Bill) MarkAccount() {
	if n := len(b.LineItems); n > 0 {
		b.LineItems[n-1].Scope = ScopeAccount
	}
}

// Bill is what one offering costs for a month of given usage.
type Bill struct {
	Offering   string          `json:"offering"`
	Currency   string          `json:"currency"`
	LineItems  []LineItem      `json:"line_items"`
	Total      decimal.Decimal `json:"total_usd"`
	PricesAsOf string          `json:"prices_as_of"`
	Sources    []string        `json:"sources"`
	Notes      []string        `json:"notes,omitempty"`
	// Saving is what the lines bought under a purchase option (spot, a
	// savings plan, a reservation) would have cost more on demand: the
	// on-demand figure is Total + Saving. Zero when everything is on demand.
	Saving decimal.Decimal `json:"-"`
}

// OnDemandTotal is the bill as it would be with everything on demand.
func (b *Bill) OnDemandTotal() decimal.Decimal { return b.Total.Add(b.Saving) }

// NewBill starts an empty bill for an offering priced from c.
func NewBill(offering string, c *catalog.Catalog) *Bill {
	return &Bill{Offering: offering, Currency: "USD", PricesAsOf: c.AsOf, LineItems: []LineItem{}, Sources: []string{}}
}

// Add appends a line: quantity × unit price, rounded by r, citing the catalog entry.
func (b *Bill) Add(name string, qty decimal.Decimal, unit string, e catalog.Entry, r Rounding) {
	b.AddPriced(name, qty, unit, e.UnitPrice(), e.Source, r)
}

// AddPriced appends a line with an explicit unit price (for tiered or derived prices).
func (b *Bill) AddPriced(name string, qty decimal.Decimal, unit string, unitPrice decimal.Decimal, source string, r Rounding) {
	amt := RoundMoney(qty.Mul(unitPrice), r)
	b.LineItems = append(b.LineItems, LineItem{Name: name, Quantity: qty, Unit: unit, UnitPrice: unitPrice, Amount: amt, Source: source})
	b.Total = b.Total.Add(amt)
	b.cite(source)
}

// AddBill appends every line of other (used to compose a platform's bill from offerings).
func (b *Bill) AddBill(other *Bill) {
	for _, li := range other.LineItems {
		b.LineItems = append(b.LineItems, li)
		b.Total = b.Total.Add(li.Amount)
		b.cite(li.Source)
	}
	b.Saving = b.Saving.Add(other.Saving)
	b.Notes = append(b.Notes, other.Notes...)
}

// Note records a remark shown with the bill.
func (b *Bill) Note(format string, args ...any) {
	b.Notes = append(b.Notes, fmt.Sprintf(format, args...))
}

func (b *Bill) cite(source string) {
	if source == "" {
		return
	}
	i := sort.SearchStrings(b.Sources, source)
	if i < len(b.Sources) && b.Sources[i] == source {
		return
	}
	b.Sources = append(b.Sources, "")
	copy(b.Sources[i+1:], b.Sources[i:])
	b.Sources[i] = source
}

// RoundMoney rounds an amount to the cent by r.
func RoundMoney(d decimal.Decimal, r Rounding) decimal.Decimal {
	switch r {
	case Up:
		return d.RoundCeil(2)
	case None:
		return d
	default:
		return d.Round(2)
	}
}

// FormatUSD formats an amount as dollars with cents and thousands
// separators: $1,234.50.
func FormatUSD(d decimal.Decimal) string {
	s := d.StringFixed(2)
	if neg := strings.HasPrefix(s, "-"); neg {
		return "-$" + groupThousands(s[1:])
	}
	return "$" + groupThousands(s)
}

// FormatQty formats a quantity for a table or a note: thousands separators,
// at most 4 decimals, trailing zeros dropped.
func FormatQty(d decimal.Decimal) string {
	s := d.Round(4).String()
	if neg := strings.HasPrefix(s, "-"); neg {
		return "-" + groupThousands(s[1:])
	}
	return groupThousands(s)
}

// groupThousands puts commas into the integer part of an unsigned number.
func groupThousands(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// Dec converts a float usage figure (from a spec or simulator) to a decimal.
// Usage quantities may be floats; prices and amounts never are.
func Dec(f float64) decimal.Decimal { return decimal.NewFromFloat(f) }

// Int converts an integer quantity to a decimal.
func Int(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// AddTiered appends one line per tier band that qty reaches (catalog.Entry.Tiered),
// each rounded by r; an untiered entry or a zero quantity gives one line. Band
// lines are named "name (tier N)" when more than one band is used.
func (b *Bill) AddTiered(name string, qty decimal.Decimal, unit string, e catalog.Entry, r Rounding) {
	bands := e.Tiered(qty)
	if len(bands) == 0 {
		b.AddPriced(name, decimal.Zero, unit, e.Tiered(decimal.NewFromInt(1))[0].UnitPrice, e.Source, r)
		return
	}
	for i, band := range bands {
		n := name
		if len(bands) > 1 {
			n = fmt.Sprintf("%s (tier %d)", name, i+1)
		}
		b.AddPriced(n, band.Quantity, unit, band.UnitPrice, e.Source, r)
	}
}
