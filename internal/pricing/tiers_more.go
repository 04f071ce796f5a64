package pricing

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Helpers shared by the GCP, Azure, Cloudflare and Vercel offerings.

var (
	thousand   = decimal.NewFromInt(1000)
	secPerHour = decimal.NewFromInt(3600)
	msPerHour  = decimal.NewFromInt(3_600_000)
	mibPerGiB  = decimal.NewFromInt(1024)
)

// billable is what is left of used after a free allowance: max(0, used-free).
func billable(used, free decimal.Decimal) decimal.Decimal {
	d := used.Sub(free)
	if d.IsNegative() {
		return decimal.Zero
	}
	return d
}

// minDec returns the smaller of a and b.
func minDec(a, b decimal.Decimal) decimal.Decimal {
	if a.LessThan(b) {
		return a
	}
	return b
}

// ceilStep rounds ms up to a whole multiple of step (billing increments).
func ceilStep(ms float64, step decimal.Decimal) decimal.Decimal {
	if step.IsZero() {
		return Dec(ms)
	}
	return Dec(ms).Div(step).Ceil().Mul(step)
}

// field is one named numeric input, for validation messages.
type field struct {
	name string
	v    float64
}

// checkInputs reports every negative, NaN or infinite input at once, as an
// invalid-input error naming the offering and the fields.
func checkInputs(offering string, fs ...field) error {
	var bad []string
	for _, f := range fs {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) || f.v < 0 {
			bad = append(bad, fmt.Sprintf("%s = %v", f.name, f.v))
		}
	}
	if len(bad) > 0 {
		return errs.Errorf(errs.Invalid, "%s: %s: must be a finite number >= 0", offering, strings.Join(bad, ", "))
	}
	return nil
}

// invalid builds an invalid-input error for an offering.
func invalid(offering, format string, args ...any) error {
	return errs.Errorf(errs.Invalid, "%s: %s", offering, fmt.Sprintf(format, args...))
}

// catalogErr wraps a missing catalog entry for an offering.
func catalogErr(offering string, err error) error {
	return fmt.Errorf("price %s: %w", offering, err)
}

// NodeShape is a VM type's capacity as a Kubernetes node, from the catalog.
type NodeShape struct {
	Type      string
	VCPU      float64
	MemoryGiB float64
	GPUs      float64
	MaxPods   float64
	Hourly    decimal.Decimal
	Source    string
}

// nodeTypes lists the machine types with an hourly price under prefix
// (for example "gcp.gce."), sorted.
func nodeTypes(c *catalog.Catalog, prefix string) []string {
	var out []string
	for id := range c.Entries {
		if strings.HasPrefix(id, prefix) && strings.HasSuffix(id, ".hourly") {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(id, prefix), ".hourly"))
		}
	}
	sort.Strings(out)
	return out
}

// nodeShape reads a node type's price and specs under prefix.
func nodeShape(c *catalog.Catalog, offering, prefix, typ string) (NodeShape, error) {
	if _, ok := c.Entries[prefix+typ+".hourly"]; !ok {
		return NodeShape{}, invalid(offering, "unknown type %q (%s)", typ, validTypes(typ, nodeTypes(c, prefix)))
	}
	l := c.Lookup()
	price := l.Entry(prefix + typ + ".hourly")
	s := NodeShape{
		Type:      typ,
		VCPU:      l.Float(prefix + typ + ".vcpu"),
		MemoryGiB: l.Float(prefix + typ + ".memory_gib"),
		GPUs:      l.Float(prefix + typ + ".gpus"),
		MaxPods:   l.Float(prefix + typ + ".max_pods"),
		Hourly:    price.UnitPrice(),
		Source:    price.Source,
	}
	if err := l.Err(); err != nil {
		return NodeShape{}, catalogErr(offering, err)
	}
	return s, nil
}
