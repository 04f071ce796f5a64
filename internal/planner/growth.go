package planner

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Growth is a compound growth rate given as a percentage per period, like
// "15%/month" or "40%/year" (converted to the equivalent monthly rate). It
// implements flag.Value (and pflag.Value) for the CLI.
type Growth struct {
	// Monthly is the month-over-month change: 0.15 = +15 % a month.
	Monthly float64
	text    string
}

// ParseGrowth reads "N%/month", "N%/mo", "N%/year" or "N%/yr" (N may be
// negative or fractional; a shrinking volume must stay above -100 %).
func ParseGrowth(s string) (Growth, error) {
	t := strings.ReplaceAll(strings.TrimSpace(strings.ToLower(s)), " ", "")
	bad := func(why string) (Growth, error) {
		return Growth{}, fmt.Errorf("invalid growth %q: %s (valid: a percentage per month or year, like 15%%/month, 0.5%%/month or 40%%/year)", s, why)
	}
	pct, per, ok := strings.Cut(t, "%")
	if !ok {
		return bad("missing the % sign")
	}
	per = strings.TrimPrefix(per, "/")
	per = strings.TrimPrefix(per, "per")
	if per == "" {
		return bad("missing the period (/month or /year)")
	}
	v, err := strconv.ParseFloat(pct, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return bad(fmt.Sprintf("%q is not a number", pct))
	}
	r := v / 100
	if r <= -1 {
		return bad("a volume cannot shrink by 100 % or more")
	}
	if r > 10 {
		return bad("more than 1000 % per period is not a growth plan")
	}
	switch per {
	case "month", "mo", "m":
	case "year", "yr", "y":
		r = math.Pow(1+r, 1.0/12) - 1
	default:
		return bad(fmt.Sprintf("unknown period %q", per))
	}
	return Growth{Monthly: r, text: s}, nil
}

// String implements flag.Value.
func (g *Growth) String() string {
	if g == nil || g.text == "" {
		return ""
	}
	return g.text
}

// Set implements flag.Value.
func (g *Growth) Set(s string) error {
	p, err := ParseGrowth(s)
	if err != nil {
		return err
	}
	*g = p
	return nil
}

// Type implements pflag.Value.
func (g *Growth) Type() string { return "RATE" }

// IsSet reports whether a rate was given.
func (g *Growth) IsSet() bool { return g != nil && g.text != "" }
