package report

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestMoneyAndQuantities(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"thousands and cents", USD(d("1234.5")), "$1,234.50"},
		{"negative credit", USD(d("-20")), "-$20.00"},
		{"half a cent rounds half-up", USD(d("0.125")), "$0.13"},
		{"zero", USD(decimal.Zero), "$0.00"},
		{"large quantity, four decimals", Qty(d("1234567.123456")), "1,234,567.1235"},
		{"trailing zeros dropped", Qty(d("2190.0000")), "2,190"},
		{"negative quantity", Qty(d("-1500")), "-1,500"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestTableRendering(t *testing.T) {
	t.Parallel()
	tb := Table{Header: []string{"item", "amount"}, Rows: [][]string{{"a|b", "$1.00"}, {"longer name", "$10.00"}}, Right: map[int]bool{1: true}}
	text := tb.Text()
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want header, rule and two rows, got %q", text)
	}
	// Right-aligned amounts end in the same column.
	if len(lines[2]) != len(lines[3]) || !strings.HasSuffix(lines[2], "  $1.00") {
		t.Errorf("amounts not right-aligned:\n%s", text)
	}
	md := tb.Markdown()
	if !strings.Contains(md, `a\|b`) || !strings.Contains(md, "| ---: |") {
		t.Errorf("markdown does not escape pipes or mark the numeric column:\n%s", md)
	}
}
