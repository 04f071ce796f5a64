package catalog

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Lambda's x86 duration tiers (AWS Compute Blog, "Introducing tiered pricing
// for AWS Lambda"): the first 6 billion GB-s at $0.0000166667, the next 9
// billion at $0.000015, the rest at $0.0000133334.
func TestTieredSplitsAcrossBands(t *testing.T) {
	t.Parallel()
	e := Entry{Tiers: []Tier{{UpTo: d("6000000000"), Price: d("0.0000166667")}, {UpTo: d("15000000000"), Price: d("0.000015")}, {Price: d("0.0000133334")}}}
	cases := []struct {
		name string
		qty  string
		want []string // quantity@price per band
	}{
		{"inside the first tier", "1000", []string{"1000@0.0000166667"}},
		{"exactly the first tier", "6000000000", []string{"6000000000@0.0000166667"}},
		{"into the second", "7000000000", []string{"6000000000@0.0000166667", "1000000000@0.000015"}},
		{"into the third", "20000000000", []string{"6000000000@0.0000166667", "9000000000@0.000015", "5000000000@0.0000133334"}},
		{"nothing", "0", nil},
	}
	for _, c := range cases {
		var got []string
		for _, b := range e.Tiered(d(c.qty)) {
			got = append(got, b.Quantity.String()+"@"+b.UnitPrice.String())
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: bands %v, want %v", c.name, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: band %d = %s, want %s", c.name, i, got[i], c.want[i])
			}
		}
	}
}

func TestUnitPriceAndAge(t *testing.T) {
	t.Parallel()
	// $0.20 per 1M requests is $0.0000002 a request.
	if got := (Entry{Value: d("0.20"), Per: d("1000000")}).UnitPrice(); !got.Equal(d("0.0000002")) {
		t.Errorf("unit price %s, want 0.0000002", got)
	}
	c := New("2026-10-01")
	age, err := c.Age(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil || age <= StaleAfter {
		t.Errorf("six months later the catalog must be stale: age %v, err %v", age, err)
	}
	if _, err := New("yesterday").Age(time.Now()); err == nil {
		t.Error("a malformed as-of date must be an error")
	}
	if _, err := c.Get("no.such.id"); err == nil {
		t.Error("a missing id must be an error")
	}
}

// TestScaled: the copy scales the named entries everywhere (tiers and
// overlays too) and leaves the original and every other entry alone.
func TestScaled(t *testing.T) {
	t.Parallel()
	c := New("2026-12-04")
	c.Entries["a"] = Entry{ID: "a", Kind: KindPrice, Value: d("2"), Tiers: []Tier{{UpTo: d("10"), Price: d("2")}, {Price: d("1")}}}
	c.Entries["b"] = Entry{ID: "b", Kind: KindPrice, Value: d("3")}
	c.Regions = &Regions{Overlays: map[string]map[string]Entry{
		"x": {"a": {ID: "a", Value: d("4")}},
		"y": {"b": {ID: "b", Value: d("5")}},
	}}
	s := c.Scaled(map[string]decimal.Decimal{"a": d("1.5")})
	if !s.Entries["a"].Value.Equal(d("3")) || !s.Entries["a"].Tiers[0].Price.Equal(d("3")) || !s.Entries["a"].Tiers[1].Price.Equal(d("1.5")) {
		t.Errorf("scaled a = %+v", s.Entries["a"])
	}
	if !s.Regions.Overlays["x"]["a"].Value.Equal(d("6")) || !s.Regions.Overlays["y"]["b"].Value.Equal(d("5")) || !s.Entries["b"].Value.Equal(d("3")) {
		t.Errorf("overlays %+v, b %+v", s.Regions.Overlays, s.Entries["b"])
	}
	if !c.Entries["a"].Value.Equal(d("2")) || !c.Entries["a"].Tiers[0].Price.Equal(d("2")) || !c.Regions.Overlays["x"]["a"].Value.Equal(d("4")) {
		t.Errorf("the original changed: %+v %+v", c.Entries["a"], c.Regions.Overlays["x"])
	}
}
