package pricedata

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// TestMarshalRoundTrip: a written sheet loads with Override and every
// figure comes back exactly, tiers, per and awkward notes included.
func TestMarshalRoundTrip(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	in := []catalog.Entry{
		{ID: "aws.lambda.duration.x86_64", Kind: catalog.KindPrice, Value: d("0.0000166667"), Unit: "GB-second",
			Tiers:  []catalog.Tier{{UpTo: d("6000000000"), Price: d("0.0000166667")}, {UpTo: decimal.Zero, Price: d("0.0000133334")}},
			Source: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AWSLambda/20261001000000/index.json", Retrieved: "2026-10-01",
			Confidence: "O", Note: "a \"quoted\" note: with a colon\nand a newline"},
		{ID: "aws.lambda.requests", Kind: catalog.KindPrice, Value: d("0.2"), Per: d("1000000"), Unit: "request",
			Source: "file.json", Retrieved: "2026-10-01", Confidence: "O"},
		{ID: "aws.ec2.m5.large.hourly", Kind: catalog.KindPrice, Value: d("0.0960000000123456789"), Unit: "instance-hour",
			Source: "x: y", Retrieved: "2026-10-01", Confidence: "O"},
	}
	b := Marshal(Header{Provider: "aws", Region: "us-east-1", AsOf: "2026-10-01", Currency: "USD", Comment: []string{"made by a test"}}, in)
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := Override(c, "sheet.yaml", b); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	for _, e := range in {
		got := c.Entries[e.ID]
		if !got.Value.Equal(e.Value) || got.Source != e.Source || !got.Overridden {
			t.Errorf("%s: got %s from %q, want %s from %q", e.ID, got.Value, got.Source, e.Value, e.Source)
		}
		if len(got.Tiers) != len(e.Tiers) {
			t.Errorf("%s: %d tiers, want %d", e.ID, len(got.Tiers), len(e.Tiers))
		}
		for i := range e.Tiers {
			if !got.Tiers[i].Price.Equal(e.Tiers[i].Price) || !got.Tiers[i].UpTo.Equal(e.Tiers[i].UpTo) {
				t.Errorf("%s tier %d: %+v, want %+v", e.ID, i, got.Tiers[i], e.Tiers[i])
			}
		}
	}
	if got := c.Entries["aws.lambda.requests"].UnitPrice().String(); got != "0.0000002" {
		t.Errorf("requests unit price %s, want 0.0000002", got)
	}
}
