package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/web"
)

func init() { commands = append(commands, newReportCmd) }

func newReportCmd(st *State) *cobra.Command {
	var out, pricesFile string
	var seed uint64
	var growth planner.Growth
	var samples int
	var catalogSpread float64
	c := &cobra.Command{
		Use:   "report SPEC",
		Short: "Write the dashboard's views as one self-contained HTML file",
		Long: `Report analyses a spec and writes the dashboard's views (summary,
architectures side by side, architecture diagram, cost per component and
platform stacked by line item, a month of traffic) as one HTML file with its
script, stylesheet and data inlined. It opens offline, fetches nothing, and
can be mailed or attached to a design review. Every number opens its line
items and sources.

--uncertainty N adds analyze --uncertainty's section (docs/uncertainty.md):
the architectures with P10–P90 error bars, each component's options with
P10/P50/P90, the ties and what decides them, the tornado and the flip
points.`,
		Example: `  fulcrum report examples/system.yaml -o html > report.html
  fulcrum report examples/startup-api.yaml --growth 15%/month > startup-plan.html
  fulcrum report examples/system.yaml --uncertainty 200 > system-ranges.html`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "html"); err != nil {
				return err
			}
			if cmd.Flags().Changed("uncertainty") && (samples <= 0 || samples > maxUncertaintySamples) {
				return errs.Errorf(errs.Usage, "--uncertainty takes a number of samples from 1 to %d (%d is a good number)", maxUncertaintySamples, advisor.DefaultUncertaintySamples)
			}
			if catalogSpread < 0 || catalogSpread > 10 {
				return errs.Errorf(errs.Usage, "--catalog-spread takes 0 to 10 (0.15 = ÷/× 1.15 at P10/P90 for a price tagged U; 0: the catalog as listed)")
			}
			var uo *advisor.UncertaintyOptions
			if samples > 0 {
				uo = &advisor.UncertaintyOptions{Samples: samples, CatalogSpread: catalogSpread, TieMargin: advisor.DefaultTieMargin}
			}
			// The analysis is about a third of the time, the planner the rest.
			const analysisShare = 0.3
			bar := startProgress(st, "building the report")
			page, err := func() ([]byte, error) {
				res, err := analyseForViewsUncertain(st, args[0], pricesFile, cmd.Flags().Changed("seed"), seed, func(p pipeline.Progress) { bar.set(analysisShare * p.Fraction) }, uo)
				if err == nil {
					err = stopped(st)
				}
				if err != nil {
					return nil, err
				}
				v, err := web.BuildViews(cmd.Context(), res, nil)
				if err != nil {
					return nil, fmt.Errorf("report %s: %w", args[0], err)
				}
				pv, err := pipeline.Planner(cmd.Context(), res, &growth, func(p pipeline.Progress) { bar.set(analysisShare + (1-analysisShare)*p.Fraction) })
				if err != nil {
					return nil, fmt.Errorf("report %s: %w", args[0], err)
				}
				v.AddPlanner(pv)
				return web.ReportHTML(nil, v, "Fulcrum report: "+res.Analysis.Name)
			}()
			bar.finish(err)
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
	c.Flags().IntVar(&samples, "uncertainty", 0, "add analyze --uncertainty's section with this many samples (docs/uncertainty.md)")
	c.Flags().Float64Var(&catalogSpread, "catalog-spread", advisor.DefaultCatalogSpread, "with --uncertainty, the spread of the catalog's prices tagged U (S: a third of it; 0: the catalog as listed)")
	c.Flags().Var(&growth, "growth", "add a growth plan with every component growing at this rate, like 15%/month or 40%/year (default: each component's traffic.growth_per_month)")
	return c
}

// analyseForViews reads, analyses and keeps the spec for the commands that
// draw it (report, diagram), exactly as analyze does.
func analyseForViews(st *State, name, pricesFile string, seedSet bool, seed uint64, progress func(pipeline.Progress)) (*pipeline.Result, error) {
	return analyseForViewsUncertain(st, name, pricesFile, seedSet, seed, progress, nil)
}

// analyseForViewsUncertain is analyseForViews with analyze --uncertainty's
// run when u is set.
func analyseForViewsUncertain(st *State, name, pricesFile string, seedSet bool, seed uint64, progress func(pipeline.Progress), u *advisor.UncertaintyOptions) (*pipeline.Result, error) {
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
	res, err := pipeline.AnalyseUncertain(cat, s, shape, warnings, progress, u)
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", name, err)
	}
	return res, nil
}
