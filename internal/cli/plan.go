package cli

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

func init() { commands = append(commands, newPlanCmd) }

// maxPlanMonths bounds the horizon: ten years of monthly placements.
const maxPlanMonths = 120

func newPlanCmd(st *State) *cobra.Command {
	var out, pricesFile string
	var growth planner.Growth
	var months int
	var weeks float64
	var seed uint64
	var exact bool
	c := &cobra.Command{
		Use:   "plan SPEC",
		Short: "Plan placements month by month as traffic grows, with migration payback",
		Long: `Plan compounds every component's volume month by month (--growth, or each
component's traffic.growth_per_month), runs the placement for each month,
prices keeping today's placement alongside, and reports when moving each
component pays for its one-off migration (engineer-weeks at the team's cost)
and what following the plan saves over the horizon. The method is in
docs/breakeven-and-plan.md.`,
		Example: `  fulcrum plan examples/startup-api.yaml --growth 15%/month --months 36
  fulcrum plan spec.yaml --growth 40%/year --months 24 --migration-weeks 4 -o json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "json", "markdown"); err != nil {
				return err
			}
			if months < 1 || months > maxPlanMonths {
				return errs.WithHint(errs.Errorf(errs.Usage, "--months %d: the horizon must be between 1 and %d months", months, maxPlanMonths), "see 'fulcrum plan --help'")
			}
			if weeks < 0 {
				return errs.Errorf(errs.Usage, "--migration-weeks %g: must be 0 or more (0 = the default %g)", weeks, planner.DefaultMigrationWeeks)
			}
			s, err := readSpec(st, args[0])
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("seed") {
				s.Seed = seed
			}
			if !growth.IsSet() {
				any := false
				for _, c := range s.Components {
					any = any || c.Traffic.GrowthPerMonth != 0
				}
				if !any {
					return errs.WithHint(errs.Errorf(errs.Usage, "no growth rate: give --growth (like 15%%/month) or traffic.growth_per_month in %s", args[0]), "see 'fulcrum plan --help'")
				}
				if !cmd.Flags().Changed("months") {
					// The spec's own horizon: the longest growth_months (default 12).
					months = 0
					for _, c := range s.Components {
						gm := c.Traffic.GrowthMonths
						if gm == 0 {
							gm = 12
						}
						months = max(months, gm)
					}
				}
			}
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			bar := startProgress(st, fmt.Sprintf("planning %d months", months))
			p, err := planner.MakePlan(cmd.Context(), s, cat, planner.PlanConfig{Growth: &growth, Months: months, MigrationWeeks: weeks, Progress: func(p planner.PlanProgress) { bar.set(p.Fraction) }, Exact: exact})
			if err == nil {
				err = stopped(st)
			}
			bar.finish(err)
			if err != nil {
				return fmt.Errorf("plan %s: %w", args[0], err)
			}
			switch out {
			case "json":
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			case "markdown":
				_, err = fmt.Fprint(st.Stdout, planReport(p, true))
			default:
				_, err = fmt.Fprint(st.Stdout, planReport(p, false))
			}
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().Var(&growth, "growth", "compound growth of every component's volume, like 15%/month or 40%/year")
	c.Flags().IntVar(&months, "months", 36, "horizon in months, month 1 being the spec's volume (without --growth and without this flag: the spec's longest traffic.growth_months, 12 if unset)")
	c.Flags().Float64Var(&weeks, "migration-weeks", planner.DefaultMigrationWeeks, "one-off engineer-weeks to move one component")
	c.Flags().Uint64Var(&seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
	c.Flags().BoolVar(&exact, "exact", false, "simulate every month at its own volume instead of deriving the months from a grid of simulated volumes (slower; the default agrees within 1 %)")
	return c
}

func planReport(p *planner.Plan, md bool) string {
	var b strings.Builder
	render := func(t report.Table) string {
		if md {
			return t.Markdown()
		}
		return t.Text()
	}
	growth := "each component's traffic.growth_per_month"
	if p.Growth != nil {
		growth = fmt.Sprintf("%.3g%% a month", *p.Growth*100)
	}
	head := fmt.Sprintf("%s: %d months at %s; moving a component costs %s (%g engineer-weeks)", p.Name, p.Months, growth, pricing.FormatUSD(p.MigrationUSD), p.MigrationWeeks)
	if md {
		fmt.Fprintf(&b, "## Growth plan\n\n%s.\n\n", head)
	} else {
		fmt.Fprintf(&b, "%s\n\n", head)
	}
	ct := report.Table{Header: []string{"component", "today", "moves to", "in month", "paid back by", "saving if moved", "why"}, Right: map[int]bool{3: true, 4: true, 5: true}}
	for _, c := range p.Components {
		ct.Rows = append(ct.Rows, []string{c.Component, c.StartPlatform, dash(c.MovesTo), monthPtr(c.MoveMonth), monthPtr(c.PaybackMonth), pricing.FormatUSD(c.SavingUSD), c.Reason})
	}
	b.WriteString(render(ct))
	b.WriteString("\n")
	tt := report.Table{Header: []string{"month", "requests", "plan", "stay", "cheapest", "moves"}, Right: map[int]bool{0: true, 1: true, 2: true, 3: true, 4: true}}
	for _, m := range p.Timeline {
		tt.Rows = append(tt.Rows, []string{fmt.Sprint(m.Month), volume(m.RequestsPerMonth), pricing.FormatUSD(m.MonthlyUSD), pricing.FormatUSD(m.StayUSD), pricing.FormatUSD(m.RecommendedUSD), movesText(m)})
	}
	b.WriteString(render(tt))
	fmt.Fprintf(&b, "\n(plan: today's placement with the moves that pay back; stay: today's placement; cheapest: the month's own best placement, migrations not counted)\nOver %d months: keeping today's placement costs %s; following the plan costs %s including %s of migrations; saving %s.\n",
		p.Months, pricing.FormatUSD(p.StayUSD), pricing.FormatUSD(p.PlanUSD), pricing.FormatUSD(p.MigrationsUSD), pricing.FormatUSD(p.SavingUSD))
	for _, n := range p.Notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	return b.String()
}

func movesText(m planner.Month) string {
	if len(m.Moves) == 0 {
		return ""
	}
	var parts []string
	for _, name := range m.Moves {
		for _, pl := range m.Placement {
			if pl.Component == name {
				parts = append(parts, name+" → "+pl.Platform)
			}
		}
	}
	return strings.Join(parts, ", ")
}

func monthPtr(m *int) string {
	if m == nil {
		return "—"
	}
	return fmt.Sprint(*m)
}
