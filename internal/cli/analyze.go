package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
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
}

func (f *analysisFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().BoolVar(&f.noSim, "no-simulate", false, "price from average rates only, without the serverless and Kubernetes simulators")
	c.Flags().Uint64Var(&f.seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
}

// analyse reads a spec and analyses it.
func (f *analysisFlags) analyse(st *State, name string) (*advisor.Analysis, error) {
	s, err := readSpec(st, name)
	if err != nil {
		return nil, err
	}
	if f.seedSet {
		s.Seed = f.seed
	}
	cat, err := loadCatalog(st, f.pricesFile)
	if err != nil {
		return nil, err
	}
	shape, err := loadTraces(st, name, s)
	if err != nil {
		return nil, err
	}
	a, err := advisor.Analyze(s, cat, advisor.Options{NoSimulation: f.noSim, Shape: shape})
	if err != nil {
		return nil, fmt.Errorf("analyze %s: %w", name, err)
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
	return c
}

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
