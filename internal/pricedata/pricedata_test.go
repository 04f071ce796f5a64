package pricedata

import (
	"strings"
	"testing"
)

func TestLoadEmbedded(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if c.AsOf == "" {
		t.Fatal("catalog has no as-of date")
	}
	for _, id := range c.IDs() {
		e := c.Entries[id]
		if !strings.HasPrefix(e.Source, "http") {
			t.Errorf("%s: source %q is not a URL", id, e.Source)
		}
		if len(e.Retrieved) != 10 {
			t.Errorf("%s: retrieved %q is not YYYY-MM-DD", id, e.Retrieved)
		}
	}
	e, err := c.Get("aws.lambda.requests")
	if err != nil {
		t.Fatal(err)
	}
	if got := e.UnitPrice().String(); got != "0.0000002" {
		t.Errorf("lambda request unit price = %s, want 0.0000002 ($0.20 per 1M)", got)
	}
}

func TestOverride(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	err = Override(c, "mine.yaml", []byte("entries:\n  - id: aws.lambda.requests\n    value: 0.10\n    per: 1000000\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Entries["aws.lambda.requests"].UnitPrice().String(); got != "0.0000001" {
		t.Errorf("after override = %s, want 0.0000001", got)
	}
	err = Override(c, "mine.yaml", []byte("entries:\n  - id: aws.lambda.requets\n    value: 0.10\n"))
	if err == nil || !strings.Contains(err.Error(), "mine.yaml:2:") {
		t.Errorf("unknown id: want an error at mine.yaml:2:…, got %v", err)
	}
	err = Override(c, "mine.yaml", []byte("entries:\n  - id: aws.lambda.requests\n    valeu: 0.10\n"))
	if err == nil || !strings.Contains(err.Error(), "valeu") {
		t.Errorf("unknown field: want an error naming valeu, got %v", err)
	}
}
