package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// USD formats an amount as dollars with cents and thousands separators.
func USD(d decimal.Decimal) string { return pricing.FormatUSD(d) }

// Qty formats a usage quantity compactly (up to 4 decimals, trailing zeros trimmed).
func Qty(d decimal.Decimal) string { return pricing.FormatQty(d) }

// UnitPrice formats a unit price with all its significant digits.
func UnitPrice(d decimal.Decimal) string { return "$" + d.String() }

// BillTable is a bill's line items as a table, with a total row.
func BillTable(b *pricing.Bill) Table {
	t := Table{Header: []string{"line item", "quantity", "unit", "unit price", "amount"}, Right: map[int]bool{1: true, 3: true, 4: true}}
	for _, li := range b.LineItems {
		t.Rows = append(t.Rows, []string{li.Name, Qty(li.Quantity), li.Unit, UnitPrice(li.UnitPrice), USD(li.Amount)})
	}
	t.Rows = append(t.Rows, []string{"total", "", "", "", USD(b.Total)})
	return t
}

// Bill renders a bill with its heading, notes and sources.
func Bill(b *pricing.Bill, markdown bool) string {
	var s strings.Builder
	t := BillTable(b)
	if markdown {
		fmt.Fprintf(&s, "### %s: %s per month\n\n%s\n", b.Offering, USD(b.Total), t.Markdown())
	} else {
		fmt.Fprintf(&s, "%s: %s per month (prices as of %s)\n\n%s", b.Offering, USD(b.Total), b.PricesAsOf, t.Text())
	}
	for _, n := range b.Notes {
		fmt.Fprintf(&s, "\nnote: %s", n)
	}
	if len(b.Notes) > 0 {
		s.WriteString("\n")
	}
	if markdown {
		fmt.Fprintf(&s, "\nPrices as of %s. Sources:\n\n", b.PricesAsOf)
		for _, src := range b.Sources {
			fmt.Fprintf(&s, "- <%s>\n", src)
		}
	} else {
		s.WriteString("\nsources:\n")
		for _, src := range b.Sources {
			fmt.Fprintf(&s, "  %s\n", src)
		}
	}
	return s.String()
}
