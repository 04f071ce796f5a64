package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

func init() { commands = append(commands, newAnalyzeCmd) }

func newAnalyzeCmd(st *State) *cobra.Command {
	var out, pricesFile string
	var details, noSim bool
	var seed uint64
	c := &cobra.Command{
		Use:   "analyze SPEC",
		Short: "Compare serverless and Kubernetes for every component of a system",
		Long: `Analyze reads a workload spec (YAML, version 1), checks which platforms can
run each component and why not, prices every feasible option from the
embedded catalog, sizes the shared Kubernetes clusters, and finds the
cheapest placement of the whole system with shared costs counted once.`,
		Example: `  fulcrum analyze examples/startup-api.yaml
  fulcrum analyze examples/system.yaml -o json > analysis.json
  fulcrum analyze examples/system.yaml -o markdown --details > design-doc-costs.md
  fulcrum analyze spec.yaml --prices negotiated.yaml`,
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
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			shape, err := loadTraces(st, args[0], s)
			if err != nil {
				return err
			}
			a, err := advisor.Analyze(s, cat, advisor.Options{NoSimulation: noSim, Shape: shape})
			if err != nil {
				return fmt.Errorf("analyze %s: %w", args[0], err)
			}
			switch out {
			case "json":
				return report.WriteAnalysisJSON(st.Stdout, a)
			case "markdown":
				_, err = fmt.Fprint(st.Stdout, report.AnalysisMarkdown(a, report.AnalysisOptions{Details: details}))
			default:
				_, err = fmt.Fprint(st.Stdout, report.AnalysisText(a, report.AnalysisOptions{Details: details}))
			}
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().BoolVar(&details, "details", false, "show the line items of every feasible option, not only the recommended one")
	c.Flags().BoolVar(&noSim, "no-simulate", false, "price from average rates only, without the serverless and Kubernetes simulators")
	c.Flags().Uint64Var(&seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
	return c
}
