package report

import (
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// uncertainty writes analyze --uncertainty's section: the spread of the
// recommendation, the architectures and each component's options, the
// ties, the tornado and the flip points (docs/uncertainty.md).
func (r *renderer) uncertainty(full bool) {
	u := r.a.Uncertainty
	if u == nil {
		return
	}
	r.h(2, "Uncertainty")
	rec := u.Recommendation
	r.para(fmt.Sprintf("%d samples of the spec's %s (seed %d; docs/uncertainty.md). Recommended architecture: P10 %s, P50 %s, P90 %s a month; its placement is the cheapest under the spec's constraints in %s of the samples (confidence %s).",
		u.Samples, nOf(len(u.Inputs), "range"), u.Seed, USD(rec.MonthlyUSD.P10), USD(rec.MonthlyUSD.P50), USD(rec.MonthlyUSD.P90), share(rec.ProbabilityCheapest), rec.Confidence))
	if c := u.Catalog; c != nil {
		if c.Varied > 0 {
			r.para(fmt.Sprintf("The catalog's prices varied too: %s (%d tagged U, unverified, ±%s; %d tagged S, secondary sources, ±%s; P10/P90 at ÷/× 1 + spread; --catalog-spread 0 turns it off).",
				nOf(c.Varied, "price"), c.Unverified, spreadPct(c.SpreadUnverified), c.Secondary, spreadPct(c.SpreadSecondary)))
		} else {
			r.para("The catalog's prices are as listed (--catalog-spread 0, or no tagged price in the region).")
		}
	}
	r.b.WriteString("\n")
	for _, n := range u.Notes {
		r.item(n, "")
	}
	if len(u.Notes) > 0 {
		r.b.WriteString("\n")
	}
	t := Table{Header: []string{"architecture", "P10", "P50", "P90", "cheapest"}, Right: map[int]bool{1: true, 2: true, 3: true, 4: true}}
	for _, a := range u.Architectures {
		if a.MonthlyUSD == nil {
			t.Rows = append(t.Rows, []string{a.Name, "-", "-", "-", share(a.ProbabilityCheapest)})
			continue
		}
		t.Rows = append(t.Rows, []string{a.Name, USD(a.MonthlyUSD.P10), USD(a.MonthlyUSD.P50), USD(a.MonthlyUSD.P90), share(a.ProbabilityCheapest)})
	}
	r.table(t)
	t = Table{Header: []string{"component", "platform", "P10", "P50", "P90", "cheapest", "same choice"}, Right: map[int]bool{2: true, 3: true, 4: true, 5: true, 6: true}}
	for _, c := range u.Components {
		for _, o := range c.Options { // the recommended option first
			if o.Platform == c.Recommended {
				t.Rows = append(t.Rows, []string{c.Name, o.Platform, USD(o.MonthlyUSD.P10), USD(o.MonthlyUSD.P50), USD(o.MonthlyUSD.P90), share(o.ProbabilityCheapest), share(c.Confidence)})
			}
		}
		for _, o := range c.Options {
			if o.Platform == c.Recommended || !full && o.ProbabilityCheapest == 0 {
				continue
			}
			t.Rows = append(t.Rows, []string{"", o.Platform, USD(o.MonthlyUSD.P10), USD(o.MonthlyUSD.P50), USD(o.MonthlyUSD.P90), share(o.ProbabilityCheapest), ""})
		}
	}
	r.table(t)
	if !full {
		r.para("Options that are never the cheapest are left out here; --details lists them all.")
		r.b.WriteString("\n")
	}
	if len(u.Ties) > 0 {
		r.para(fmt.Sprintf("Ties (within %s of the recommended option, or not reliably cheaper or dearer across the samples): not a cost decision.", share(u.TieMargin)))
		if r.md {
			r.b.WriteString("\n")
		}
		for _, tie := range u.Ties {
			r.item(fmt.Sprintf("%s: %s ties with %s (gap up to %s %%); decided by %s: %s", tie.Component, tie.Recommended,
				strings.Join(tie.With, ", "), workload.Num(tie.GapPct), tie.DecidedBy, tie.Why), "")
		}
		r.b.WriteString("\n")
	}
	if len(u.Tornado) > 0 {
		r.para("Tornado: each input at its P10 and P90, the others at P50; the recommended architecture's monthly cost. A bar whose P10 and P90 are multiples (×) is one catalog price across its range, the rest as listed.")
		if r.md {
			r.b.WriteString("\n")
		}
		t = Table{Header: []string{"input", "P10", "P90", "at P10", "at P90", "swing", "decision"}, Right: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}, Wrap: map[int]bool{0: true, 6: true}}
		for _, b := range u.Tornado {
			dec := "stands"
			if len(b.ChangesRecommendation) > 0 {
				dec = "moves " + strings.Join(b.ChangesRecommendation, ", ")
			}
			in, lo, hi := b.Input, short(b.Low), short(b.High)
			if id, ok := strings.CutPrefix(b.Input, CatalogInput); ok {
				in, lo, hi = id, "×"+workload.Num(b.Low), "×"+workload.Num(b.High)
			}
			t.Rows = append(t.Rows, []string{in, lo, hi, USD(b.LowUSD), USD(b.HighUSD), USD(b.SwingUSD), dec})
		}
		r.table(t)
	}
	if len(u.FlipPoints) > 0 {
		r.para(fmt.Sprintf("Flip points: where a component's recommended platform changes as its volume moves (searched down to P10 ÷ 10 and up to 10 × P90)."))
		if r.md {
			r.b.WriteString("\n")
		}
		for _, f := range u.FlipPoints {
			var parts []string
			if f.Below != nil {
				parts = append(parts, fmt.Sprintf("below %s requests a month it moves to %s", workload.Num(*f.Below), f.BelowTo))
			}
			if f.Above != nil {
				parts = append(parts, fmt.Sprintf("from %s it moves to %s", workload.Num(*f.Above), f.AboveTo))
			}
			if len(parts) == 0 {
				parts = append(parts, "no flip in the range searched")
			}
			r.item(fmt.Sprintf("%s (%s): %s", f.Component, f.From, strings.Join(parts, "; ")), "")
		}
		r.b.WriteString("\n")
	}
}

// CatalogInput prefixes a catalog price's tornado bar (catalog:<id>).
const CatalogInput = "catalog:"

// spreadPct writes a spread as a percentage.
func spreadPct(f float64) string { return workload.Num(float64(int64(f*1000+0.5))/10) + " %" }

func share(p float64) string { return fmt.Sprintf("%.0f %%", p*100) }

// short writes an input value with at most 4 significant digits' worth.
func short(v float64) string {
	if v >= 100 {
		return workload.Num(float64(int64(v + 0.5)))
	}
	return workload.Num(float64(int64(v*100+0.5)) / 100)
}

func nOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
