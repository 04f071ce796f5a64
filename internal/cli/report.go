package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/web"
)

func init() { commands = append(commands, newReportCmd) }

func newReportCmd(st *State) *cobra.Command {
	var out, pricesFile string
	var seed uint64
	var growth planner.Growth
	c := &cobra.Command{
		Use:   "report SPEC",
		Short: "Write the dashboard's views as one self-contained HTML file",
		Long: `Report analyses a spec and writes the dashboard's views (summary,
architectures side by side, architecture diagram, cost per component and
platform stacked by line item, a month of traffic) as one HTML file with its
script, stylesheet and data inlined. It opens offline, fetches nothing, and
can be mailed or attached to a design review. Every number opens its line
items and sources.`,
		Example: `  fulcrum report examples/system.yaml -o html > report.html
  fulcrum report examples/startup-api.yaml --growth 15%/month > startup-plan.html`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "html"); err != nil {
				return err
			}
			res, err := analyseForViews(st, args[0], pricesFile, cmd.Flags().Changed("seed"), seed)
			if err != nil {
				return err
			}
			v, err := web.BuildViews(cmd.Context(), res, nil)
			if err != nil {
				return fmt.Errorf("report %s: %w", args[0], err)
			}
			pv, err := web.PlannerViews(cmd.Context(), res, &growth, nil)
			if err != nil {
				return fmt.Errorf("report %s: %w", args[0], err)
			}
			v.AddPlanner(pv)
			page, err := web.ReportHTML(nil, v, "Fulcrum report: "+res.Analysis.Name)
			if err != nil {
				return err
			}
			_, err = st.Stdout.Write(page)
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "html", "output format: html")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().Uint64Var(&seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
	c.Flags().Var(&growth, "growth", "add a growth plan with every component growing at this rate, like 15%/month or 40%/year (default: each component's traffic.growth_per_month)")
	return c
}

// analyseForViews reads, analyses and keeps the spec for the commands that
// draw it (report, diagram), exactly as analyze does.
func analyseForViews(st *State, name, pricesFile string, seedSet bool, seed uint64) (*web.Result, error) {
	s, warnings, err := loadSpec(st, name)
	for _, w := range warnings {
		warn(st, "%s", w)
	}
	if err != nil {
		return nil, err
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	if seedSet {
		s.Seed = seed
	}
	cat, err := loadCatalog(st, pricesFile)
	if err != nil {
		return nil, err
	}
	shape, err := loadTraces(st, name, s)
	if err != nil {
		return nil, err
	}
	res, err := web.AnalyseSpec(cat, s, shape, warnings, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", name, err)
	}
	return res, nil
}
