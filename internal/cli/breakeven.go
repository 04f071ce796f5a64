package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

func init() { commands = append(commands, newBreakevenCmd) }

func newBreakevenCmd(st *State) *cobra.Command {
	var out, pricesFile, component string
	var curves bool
	var seed uint64
	c := &cobra.Command{
		Use:   "breakeven SPEC",
		Short: "Find the monthly volume at which Kubernetes and serverless cost the same",
		Long: `Breakeven varies each component's monthly request volume on a log scale
(10^4 to 10^11), prices its cheapest serverless option and its cheapest
Kubernetes cluster of its own at every point, and finds where the two lines
cross, with and without the engineers who run the cluster. The system line
scales every component that can run both ways by one factor against one
shared cluster. The method is in docs/breakeven-and-plan.md.`,
		Example: `  fulcrum breakeven examples/startup-api.yaml
  fulcrum breakeven examples/system.yaml --component api --curves
  fulcrum breakeven examples/system.yaml -o json > breakeven.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "json", "markdown"); err != nil {
				return err
			}
			s, err := readSpec(st, args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("seed") {
				s.Seed = seed
			}
			if component != "" {
				var names []string
				found := false
				for _, c := range s.Components {
					names = append(names, c.Name)
					found = found || c.Name == component
				}
				if !found {
					mean := ""
					if s := suggest(component, names); s != "" {
						mean = ": did you mean " + s + "?"
					}
					return errs.Errorf(errs.Usage, "--component %q: no such component in %s%s (valid: %s)", component, args[0], mean, strings.Join(names, ", "))
				}
			}
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			res, err := planner.BreakEvens(s, cat, component, planner.Config{})
			if err != nil {
				return fmt.Errorf("breakeven %s: %w", args[0], err)
			}
			switch out {
			case "json":
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			case "markdown":
				_, err = fmt.Fprint(st.Stdout, breakevenReport(res, curves, true))
			default:
				_, err = fmt.Fprint(st.Stdout, breakevenReport(res, curves, false))
			}
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().StringVar(&component, "component", "", "only this component (no system line)")
	c.Flags().BoolVar(&curves, "curves", false, "print each curve (one row per point) after the summary")
	c.Flags().Uint64Var(&seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
	return c
}

func breakevenReport(res []planner.BreakEven, curves, md bool) string {
	var b strings.Builder
	render := func(t report.Table) string {
		if md {
			return t.Markdown()
		}
		return t.Text()
	}
	t := report.Table{Header: []string{"component", "today", "serverless", "kubernetes", "break-even", "with people", "why no crossing"}, Right: map[int]bool{1: true, 4: true, 5: true}}
	for _, r := range res {
		why := r.Reason
		if r.ReasonWithPeople != "" && r.ReasonWithPeople != r.Reason {
			why = joinWhy(why, "with people: "+r.ReasonWithPeople)
		}
		t.Rows = append(t.Rows, []string{r.Component, volume(r.RequestsPerMonth), dash(r.ServerlessPlatform), dash(r.KubernetesPlatform), volumePtr(r.BreakEvenRequestsPerMonth), volumePtr(r.BreakEvenWithPeople), why})
	}
	if md {
		b.WriteString("## Break-even (requests per month)\n\n")
	}
	b.WriteString(render(t))
	var notes []string
	same := true
	for _, r := range res {
		same = same && r.PeopleUSD.Equal(res[0].PeopleUSD)
	}
	if same && !res[0].PeopleUSD.IsZero() {
		notes = append(notes, fmt.Sprintf("the people a cluster takes cost %s a month (the \"with people\" column)", pricing.FormatUSD(res[0].PeopleUSD)))
	}
	for _, r := range res {
		if !same && !r.PeopleUSD.IsZero() {
			notes = append(notes, fmt.Sprintf("%s: the people a cluster takes cost %s a month", r.Component, pricing.FormatUSD(r.PeopleUSD)))
		}
		for _, n := range r.Notes {
			notes = append(notes, r.Component+": "+n)
		}
	}
	if len(notes) > 0 {
		b.WriteString("\n")
		for _, n := range notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
	}
	if !curves {
		return b.String()
	}
	for _, r := range res {
		ct := report.Table{Header: []string{"requests/month", "serverless", "$/month", "kubernetes", "$/month", "+ people"}, Right: map[int]bool{0: true, 2: true, 4: true, 5: true}}
		for _, p := range r.Curve {
			ct.Rows = append(ct.Rows, []string{volume(p.RequestsPerMonth), dash(p.ServerlessPlatform), money(p.ServerlessUSD), dash(p.KubernetesPlatform), money(p.KubernetesUSD), money(p.KubernetesWithPeopleUSD)})
		}
		if md {
			fmt.Fprintf(&b, "\n### %s\n\n", r.Component)
			if ch := curveChart(r.Curve); ch != "" {
				fmt.Fprintf(&b, "```\n%s```\n\n", ch)
			}
		} else {
			fmt.Fprintf(&b, "\n%s\n\n", r.Component)
			if ch := curveChart(r.Curve); ch != "" {
				fmt.Fprintf(&b, "%s\n", ch)
			}
		}
		b.WriteString(render(ct))
	}
	return b.String()
}

func joinWhy(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func money(d *decimal.Decimal) string {
	if d == nil {
		return "—"
	}
	return pricing.FormatUSD(*d)
}

func volumePtr(x *float64) string {
	if x == nil {
		return "none"
	}
	return volume(*x)
}

// volume formats a monthly request count: 52.3M, 1.2B, 30k.
func volume(x float64) string {
	switch {
	case x >= 1e9:
		return fmt.Sprintf("%.3gB", x/1e9)
	case x >= 1e6:
		return fmt.Sprintf("%.3gM", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.3gk", x/1e3)
	}
	return fmt.Sprintf("%.3g", x)
}

// curveChart draws the curve on log–log axes in text: one column per point
// (volume rising to the right), S for the cheapest serverless option, K for
// the cheapest cluster without people, P with them, * where marks meet.
func curveChart(pts []planner.Point) string {
	const rows = 12
	type series struct {
		mark byte
		val  func(planner.Point) *decimal.Decimal
	}
	ss := []series{
		{'S', func(p planner.Point) *decimal.Decimal { return p.ServerlessUSD }},
		{'K', func(p planner.Point) *decimal.Decimal { return p.KubernetesUSD }},
		{'P', func(p planner.Point) *decimal.Decimal { return p.KubernetesWithPeopleUSD }},
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		for _, s := range ss {
			if v := s.val(p); v != nil && v.IsPositive() {
				l := math.Log10(v.InexactFloat64())
				lo, hi = math.Min(lo, l), math.Max(hi, l)
			}
		}
	}
	if math.IsInf(lo, 0) || len(pts) == 0 {
		return ""
	}
	if hi-lo < 1e-9 {
		hi = lo + 1
	}
	grid := make([][]byte, rows)
	for r := range grid {
		grid[r] = []byte(strings.Repeat(" ", len(pts)*2))
	}
	for k, p := range pts {
		for _, s := range ss {
			v := s.val(p)
			if v == nil || !v.IsPositive() {
				continue
			}
			r := rows - 1 - int(math.Round((math.Log10(v.InexactFloat64())-lo)/(hi-lo)*(rows-1)))
			c := &grid[r][k*2]
			if *c == ' ' {
				*c = s.mark
			} else if *c != s.mark {
				*c = '*'
			}
		}
	}
	var b strings.Builder
	for r, line := range grid {
		label := ""
		switch r {
		case 0:
			label = "$" + volume(math.Pow(10, hi))
		case rows - 1:
			label = "$" + volume(math.Pow(10, lo))
		}
		fmt.Fprintf(&b, "%8s │%s\n", label, strings.TrimRight(string(line), " "))
	}
	fmt.Fprintf(&b, "%8s └%s\n", "", strings.Repeat("─", len(pts)*2))
	first, last := volume(pts[0].RequestsPerMonth), volume(pts[len(pts)-1].RequestsPerMonth)
	fmt.Fprintf(&b, "%8s  %s%*s requests/month (log)\n", "", first, len(pts)*2-len(first), last)
	b.WriteString("          S serverless   K Kubernetes   P Kubernetes with people   * overlap (cost, log scale)\n")
	return b.String()
}
