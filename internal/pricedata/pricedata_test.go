package pricedata

import (
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
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

// TestInitTimesCarryTheirRange: every cold-start figure the serverless
// simulator uses (<platform>.init_ms.<runtime>, the typical production figure)
// says how sure it is, and where the catalog gives its range
// (.init_hello_ms, a hello-world lower bound; .init_high_ms, the top of the
// typical production range) the figure lies inside it. Lambda, whose
// hello-world figures are measured (lambda-perf), has the range for every
// runtime, container images included.
func TestInitTimesCarryTheirRange(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, id := range c.IDs() {
		platform, rt, ok := strings.Cut(id, ".init_ms.")
		if !ok {
			continue
		}
		n++
		e := c.Entries[id]
		switch e.Confidence {
		case "O", "S", "U":
		default:
			t.Errorf("%s: confidence %q, want O, S or U", id, e.Confidence)
		}
		if e.Note == "" {
			t.Errorf("%s: no note saying what the figure is", id)
		}
		lo, hasLo := c.Entries[platform+".init_hello_ms."+rt]
		hi, hasHi := c.Entries[platform+".init_high_ms."+rt]
		// A figure nobody measured says so: U means an assumption, and the
		// note names it.
		for _, r := range []struct {
			id  string
			e   catalog.Entry
			has bool
		}{{id, e, true}, {platform + ".init_hello_ms." + rt, lo, hasLo}, {platform + ".init_high_ms." + rt, hi, hasHi}} {
			if r.has && r.e.Confidence == "U" && !strings.Contains(r.e.Note, "assumption:") {
				t.Errorf("%s: confidence U but the note does not say \"assumption: ...\"", r.id)
			}
		}
		if platform == "aws-lambda" && !(hasLo && hasHi) {
			t.Errorf("%s: Lambda needs init_hello_ms and init_high_ms for %s", id, rt)
		}
		if hasLo && lo.Value.GreaterThan(e.Value) {
			t.Errorf("%s = %s ms is below its hello-world lower bound %s ms", id, e.Value, lo.Value)
		}
		if hasHi && hi.Value.LessThan(e.Value) {
			t.Errorf("%s = %s ms is above the top of its range %s ms", id, e.Value, hi.Value)
		}
	}
	if n < 30 {
		t.Errorf("only %d init_ms entries", n)
	}
	// The container-image figure is no longer the assumed 1,000 ms: its lower
	// bound is lambda-perf's image-packaged nodejs22.x median.
	if e := c.Entries["aws-lambda.init_hello_ms.container"]; e.Value.String() != "290" || e.Confidence != "O" {
		t.Errorf("container lower bound %s [%s], want lambda-perf's 290 ms [O]", e.Value, e.Confidence)
	}
}
