package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func init() { commands = append(commands, newAnalyzeCmd) }

// outputFormats are the -o values of analyze and diff.
var outputFormats = []string{"table", "json", "yaml", "markdown"}

// analysisFlags are what analyze and diff share to run an analysis.
type analysisFlags struct {
	pricesFile string
	noSim      bool
	seed       uint64
	seedSet    bool
	// uncertainty is analyze --uncertainty's sample count (0: off).
	uncertainty   int
	defaultSpread float64
	tieMargin     float64
	catalogSpread float64
}

func (f *analysisFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().BoolVar(&f.noSim, "no-simulate", false, "price from average rates only, without the serverless and Kubernetes simulators")
	c.Flags().Uint64Var(&f.seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
}

// analyse reads a spec and analyses it.
func (f *analysisFlags) analyse(st *State, name string) (*advisor.Analysis, error) {
	a, _, _, err := f.analyseSpec(st, name)
	return a, err
}

// analyseSpec is analyse that also returns the spec it read and the
// traffic shapes it used (export sizes replicas from both).
func (f *analysisFlags) analyseSpec(st *State, name string) (*advisor.Analysis, *workload.Spec, shapeFunc, error) {
	s, err := readSpec(st, name)
	if err != nil {
		return nil, nil, nil, err
	}
	if f.seedSet {
		s.Seed = f.seed
	}
	cat, err := loadCatalog(st, f.pricesFile)
	if err != nil {
		return nil, nil, nil, err
	}
	shape, err := loadTraces(st, name, s)
	if err != nil {
		return nil, nil, nil, err
	}
	a, err := f.run(st, name, s, cat, shape)
	return a, s, shape, err
}

// shapeFunc turns a traffic block into a shape (advisor.Options.Shape).
type shapeFunc = func(t workload.Traffic, seed uint64) (traffic.Shape, error)

func (f *analysisFlags) run(st *State, name string, s *workload.Spec, cat *catalog.Catalog, shape shapeFunc) (*advisor.Analysis, error) {
	bar := startProgress(st, "analysing "+s.Name)
	a, err := advisor.Analyze(s, cat, advisor.Options{NoSimulation: f.noSim, Shape: shape, Progress: bar.steps()})
	if err == nil {
		err = stopped(st)
	}
	bar.finish(err)
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", name, err)
	}
	if f.uncertainty > 0 {
		ubar := startProgress(st, fmt.Sprintf("sampling %d × %s", f.uncertainty, s.Name))
		u, err := advisor.RunUncertainty(s, cat, a, advisor.UncertaintyOptions{Samples: f.uncertainty, Seed: s.Seed,
			DefaultSpread: f.defaultSpread, TieMargin: f.tieMargin, CatalogSpread: f.catalogSpread, Analysis: advisor.Options{Shape: shape}, Progress: ubar.steps()})
		if err == nil {
			err = stopped(st)
		}
		ubar.finish(err)
		if err != nil {
			return nil, fmt.Errorf("analyze %s: uncertainty: %w", name, err)
		}
		a.Uncertainty = u
	}
	return a, nil
}

func newAnalyzeCmd(st *State) *cobra.Command {
	var out, component, outFile string
	var details bool
	var af analysisFlags
	var failAbove usdFlag
	c := &cobra.Command{
		Use:   "analyze SPEC",
		Short: "Compare serverless and Kubernetes for every component of a system",
		Long: `Analyze reads a workload spec (YAML, version 1), checks which platforms can
run each component and why not, prices every feasible option from the
embedded catalog, sizes the shared Kubernetes clusters, and finds the
cheapest placement of the whole system with shared costs counted once.

The table is a summary that fits 100 columns: the architectures, one line
per component (platform, monthly cost, runner-up and gap, and the reason
that decided it) and the notes. --details shows everything; --component
shows one component whole. Sources are numbered footnotes.

--fail-above makes a CI job fail (exit 3) when the recommended
architecture costs more than the amount a month; the output is written
first.`,
		Example: `  fulcrum analyze examples/startup-api.yaml
  fulcrum analyze examples/system.yaml --component db
  fulcrum analyze examples/system.yaml --details
  fulcrum analyze examples/system.yaml -o json > analysis.json
  fulcrum analyze examples/system.yaml -o yaml --out-file analysis.yaml
  fulcrum analyze examples/system.yaml -o markdown --details > design-doc-costs.md
  fulcrum analyze examples/system.yaml --fail-above 2500
  fulcrum analyze spec.yaml --prices negotiated.yaml`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, outputFormats...); err != nil {
				return err
			}
			if component != "" && details {
				return errs.Errorf(errs.Usage, "give --component or --details, not both")
			}
			af.seedSet = cmd.Flags().Changed("seed")
			if cmd.Flags().Changed("uncertainty") && af.uncertainty <= 0 {
				return errs.Errorf(errs.Usage, "--uncertainty takes a number of samples above 0 (default %d)", advisor.DefaultUncertaintySamples)
			}
			if af.uncertainty > maxUncertaintySamples {
				return errs.Errorf(errs.Usage, "--uncertainty %d is too many samples (at most %d)", af.uncertainty, maxUncertaintySamples)
			}
			if af.catalogSpread < 0 || af.catalogSpread > 10 {
				return errs.Errorf(errs.Usage, "--catalog-spread takes 0 to 10 (0.15 = ÷/× 1.15 at P10/P90 for a price tagged U; 0: the catalog as listed)")
			}
			if af.defaultSpread < 0 || af.defaultSpread > 10 || af.tieMargin < 0 || af.tieMargin >= 1 {
				return errs.Errorf(errs.Usage, "--default-spread takes 0 to 10 (0.2 = ÷/× 1.2 at P10/P90) and --tie-margin 0 to below 1 (0.05 = 5 %%)")
			}
			a, err := af.analyse(st, args[0])
			if err != nil {
				return err
			}
			if component != "" {
				var names []string
				found := false
				for _, c := range a.Components {
					names = append(names, c.Name)
					found = found || c.Name == component
				}
				if !found {
					return unknownName("component", component, names)
				}
			}
			data, err := renderAnalysis(a, out, report.AnalysisOptions{Details: details, Component: component, Color: st.Color && outFile == ""})
			if err != nil {
				return err
			}
			if err := writeResult(st, outFile, data); err != nil {
				return err
			}
			if failAbove.set {
				if rec := recommendedTotal(a); rec != nil && rec.GreaterThan(failAbove.v) {
					return errs.Errorf(errs.Threshold, "the recommended architecture costs %s a month, above --fail-above %s by %s",
						report.USD(*rec), report.USD(failAbove.v), report.USD(rec.Sub(failAbove.v)))
				}
			}
			return nil
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json, yaml or markdown")
	c.Flags().BoolVar(&details, "details", false, "show the whole analysis: every option, its reasons and line items, and the shared clusters")
	c.Flags().StringVar(&component, "component", "", "show one component whole (its name in the spec)")
	c.Flags().Var(&failAbove, "fail-above", "exit 3 when the recommended architecture costs more than this many dollars a month")
	addOutFile(c, &outFile)
	af.add(c)
	c.Flags().IntVar(&af.uncertainty, "uncertainty", 0, fmt.Sprintf("sample the spec's ranges this many times (%d is a good number; docs/uncertainty.md) and report P10/P50/P90 costs, the probability each option is the cheapest, ties, a tornado of inputs and flip points", advisor.DefaultUncertaintySamples))
	c.Flags().Float64Var(&af.defaultSpread, "default-spread", 0, "with --uncertainty, give every unranged requests_per_month and duration_ms a lognormal range with P10/P90 at ÷/× (1 + this), e.g. 0.2")
	c.Flags().Float64Var(&af.catalogSpread, "catalog-spread", advisor.DefaultCatalogSpread, "with --uncertainty, give every catalog price tagged U (unverified) a lognormal range with P10/P90 at ÷/× (1 + this), and every price tagged S a third of it; 0: the catalog as listed")
	c.Flags().Float64Var(&af.tieMargin, "tie-margin", advisor.DefaultTieMargin, "with --uncertainty, options within this share of the recommended one's cost are a tie")
	return c
}

// maxUncertaintySamples bounds --uncertainty.
const maxUncertaintySamples = 100000

// renderAnalysis renders a in one of outputFormats.
func renderAnalysis(a *advisor.Analysis, out string, o report.AnalysisOptions) ([]byte, error) {
	switch out {
	case "json":
		return report.AnalysisJSON(a)
	case "yaml":
		return toYAML(a)
	case "markdown":
		return []byte(report.AnalysisMarkdown(a, o)), nil
	default:
		return []byte(report.AnalysisText(a, o)), nil
	}
}
