package report

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// AnalysisOptions tunes the text and Markdown renderings.
type AnalysisOptions struct {
	// Details shows every feasible option's line items, not only the recommended one's.
	Details bool
}

// AnalysisText renders an analysis for a terminal.
func AnalysisText(a *advisor.Analysis, o AnalysisOptions) string {
	return renderAnalysis(a, o, false)
}

// AnalysisMarkdown renders an analysis for a design doc or a CI comment.
func AnalysisMarkdown(a *advisor.Analysis, o AnalysisOptions) string {
	return renderAnalysis(a, o, true)
}

func renderAnalysis(a *advisor.Analysis, o AnalysisOptions, md bool) string {
	var b strings.Builder
	h := func(level int, s string) {
		if md {
			fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", level), s)
		} else {
			fmt.Fprintf(&b, "%s\n%s\n", strings.ToUpper(s), strings.Repeat("=", len(s)))
		}
	}
	table := func(t Table) {
		if md {
			b.WriteString(t.Markdown())
		} else {
			b.WriteString(t.Text())
		}
		b.WriteString("\n")
	}
	free := "off"
	if a.FreeTier {
		free = "on"
	}
	h(1, fmt.Sprintf("Fulcrum analysis: %s", a.Name))
	fmt.Fprintf(&b, "Region %s, %g hours a month, free tiers %s, prices as of %s, seed %d.\n\n", a.Region, a.HoursPerMonth, free, a.PricesAsOf, a.Seed)

	h(2, "Architectures")
	at := Table{Header: []string{"architecture", "feasible", "monthly", "placement"}, Right: map[int]bool{2: true}}
	for _, arch := range a.Architectures {
		var place []string
		for _, p := range arch.Placement {
			place = append(place, p.Component+"→"+p.Platform)
		}
		note := strings.Join(place, ", ")
		if !arch.Feasible {
			note = strings.Join(arch.Reasons, "; ")
		}
		at.Rows = append(at.Rows, []string{arch.Name, yesNo(arch.Feasible), money(arch.MonthlyUSD), note})
	}
	table(at)
	for _, arch := range a.Architectures {
		if arch.Feasible && len(arch.Reasons) > 0 {
			fmt.Fprintf(&b, "- %s: %s\n", arch.Name, strings.Join(arch.Reasons, "; "))
		}
	}
	b.WriteString("\n")

	for _, c := range a.Components {
		h(2, fmt.Sprintf("Component %s", c.Name))
		fmt.Fprintf(&b, "%s, %s requests a month, mean %s/s, peak %s/s (%s), peak concurrency %s.\n\n",
			c.Type, count(c.RequestsPerMonth), rate(c.MeanRPS), rate(c.PeakRPS), c.Traffic, rate(c.PeakConcurrency))
		t := Table{Header: []string{"platform", "kind", "feasible", "monthly", "on shared cluster", "cold starts", "p99", "SLO", "why"}, Right: map[int]bool{3: true, 4: true, 5: true, 6: true}}
		for _, op := range c.Options {
			why := ""
			if !op.Feasible {
				why = strings.Join(op.Reasons, "; ")
			}
			cold, p99, slo := "-", "-", "-"
			if k := op.Cluster; k != nil {
				p99 = fmt.Sprintf("%.0f ms", k.P99MS)
				if k.SLOP99MS > 0 {
					slo = fmt.Sprintf("%d min over", k.SLOViolationMinutes)
					if k.SLOViolationMinutes == 0 {
						slo = "met"
					}
				}
			}
			if s := op.Simulation; s != nil {
				cold, p99 = fmt.Sprintf("%.2f%%", s.ColdStartFraction*100), fmt.Sprintf("%.0f ms", s.P99MS)
				if s.SLOMet != nil {
					slo = map[bool]string{true: "met", false: "missed"}[*s.SLOMet]
					if !*s.SLOMet && s.Provisioned > 0 {
						slo = fmt.Sprintf("met with %d warm", s.Provisioned)
					}
				}
			}
			t.Rows = append(t.Rows, []string{op.Platform, string(op.Kind), yesNo(op.Feasible), money(op.MonthlyUSD), money(op.MarginalUSD), cold, p99, slo, why})
		}
		table(t)
		r := c.Recommendation
		if r.Platform != "" {
			fmt.Fprintf(&b, "Recommended: %s (%s), %s a month.\n", r.Platform, r.Kind, USD(r.MonthlyUSD))
			for _, why := range r.Reasons {
				fmt.Fprintf(&b, "  - %s\n", why)
			}
			b.WriteString("\n")
		}
		for _, op := range c.Options {
			if !op.Feasible || (!o.Details && op.Platform != r.Platform) {
				continue
			}
			if md {
				fmt.Fprintf(&b, "Line items, %s:\n\n", op.Platform)
			} else {
				fmt.Fprintf(&b, "Line items, %s:\n", op.Platform)
			}
			table(BillTable(&pricing.Bill{LineItems: op.LineItems, Total: *op.MonthlyUSD}))
			for _, why := range op.Reasons {
				fmt.Fprintf(&b, "  - %s\n", why)
			}
			if len(op.Reasons) > 0 {
				b.WriteString("\n")
			}
		}
	}

	if len(a.Clusters) > 0 {
		h(2, "Shared clusters")
		b.WriteString("Each Kubernetes platform's cluster as it would be if it hosted every component able to run there; its fixed costs are shown once here.\n\n")
		for _, cl := range a.Clusters {
			fmt.Fprintf(&b, "%s: %s; %.1f %s nodes on average (peak %d)", cl.Platform, strings.Join(cl.Components, ", "), cl.MeanNodes, cl.NodeType, cl.MaxNodes)
			if cl.GPUNodeType != "" {
				fmt.Fprintf(&b, ", %.0f %s GPU node-hours", cl.GPUNodeHours, cl.GPUNodeType)
			}
			fmt.Fprintf(&b, "; CPU %.0f%% used, %.0f%% requested.\n", cl.CPUUtilization*100, cl.CPURequested*100)
			if sim := cl.Simulation; sim != nil {
				fmt.Fprintf(&b, "Simulated (HPA and cluster autoscaler, %g h scaled to the month, seed %d): %.1f nodes on average, %d at most; the workload used %.0f%% of the nodes' CPU, reserves and daemons %.0f%%, %.0f%% idle",
					sim.HorizonHours, sim.Seed, sim.MeanNodes, sim.MaxNodes, sim.CPUUtilization*100, sim.CPUOverhead*100, sim.IdleFraction*100)
				if sim.MostlyIdle {
					fmt.Fprintf(&b, " (mostly idle: %s of the month's node cost bought CPU nobody used; clusters pay off at 60-70%% busy)", USD(sim.IdleUSD))
				}
				if cl.EstimatedUSD != nil {
					fmt.Fprintf(&b, "; the hour-by-hour estimate was %s", USD(*cl.EstimatedUSD))
				}
				b.WriteString(".\n")
			}
			if md {
				b.WriteString("\n")
			}
			table(BillTable(cl.Bill))
		}
	}
	if len(a.Notes) > 0 {
		h(2, "Notes")
		for _, n := range a.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func money(d *decimal.Decimal) string {
	if d == nil {
		return "-"
	}
	return USD(*d)
}

func count(f float64) string { return Qty(decimal.NewFromFloat(f).Round(0)) }

func rate(f float64) string {
	switch {
	case f >= 100:
		return fmt.Sprintf("%.0f", f)
	case f >= 1:
		return fmt.Sprintf("%.1f", f)
	default:
		return fmt.Sprintf("%.3g", f)
	}
}
