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

// SecondsPerHour converts hours of usage to seconds.
const SecondsPerHour = 3600

// usageCheck collects every problem with an offering's usage figures so that
// Bill reports them all at once (an errs.Invalid error).
type usageCheck struct {
	offering string
	ps       errs.Problems
}

func newUsageCheck(offering string) *usageCheck { return &usageCheck{offering: offering} }

// nonNegative requires a finite value >= 0.
func (u *usageCheck) nonNegative(field string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		u.add(field, fmt.Sprintf("must be a finite number (got %v)", v))
		return
	}
	if v < 0 {
		u.add(field, fmt.Sprintf("must not be negative (got %v)", v))
	}
}

// between requires lo <= v <= hi.
func (u *usageCheck) between(field string, v, lo, hi float64, unit string) {
	if math.IsNaN(v) || v < lo || v > hi {
		u.add(field, fmt.Sprintf("must be between %v and %v %s (got %v)", lo, hi, unit, v))
	}
}

// oneOf requires v to be one of valid.
func (u *usageCheck) oneOf(field, v string, valid ...string) {
	for _, ok := range valid {
		if v == ok {
			return
		}
	}
	u.add(field, fmt.Sprintf("unknown value %q (valid: %s)", v, strings.Join(valid, ", ")))
}

func (u *usageCheck) add(field, msg string) {
	u.ps = append(u.ps, errs.Problem{Position: errs.Position{File: u.offering}, Field: field, Message: msg})
}

func (u *usageCheck) err() error { return u.ps.Err() }

// atLeastZero is max(d, 0).
func atLeastZero(d decimal.Decimal) decimal.Decimal {
	if d.IsNegative() {
		return decimal.Zero
	}
	return d
}

// lessFree subtracts a free allowance (kind free) from qty, floored at zero.
func lessFree(qty decimal.Decimal, free catalog.Entry) decimal.Decimal {
	return atLeastZero(qty.Sub(free.Value))
}

// idsWith lists catalog ids with the given prefix and suffix, sorted, with
// both trimmed (e.g. the EC2 instance types in the catalog).
func idsWith(c *catalog.Catalog, prefix, suffix string) []string {
	var out []string
	for id := range c.Entries {
		if strings.HasPrefix(id, prefix) && strings.HasSuffix(id, suffix) && len(id) > len(prefix)+len(suffix) {
			out = append(out, strings.TrimSuffix(strings.TrimPrefix(id, prefix), suffix))
		}
	}
	sort.Strings(out)
	return out
}
