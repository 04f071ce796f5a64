package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/diagram"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

func init() { commands = append(commands, newDiagramCmd) }

func newDiagramCmd(st *State) *cobra.Command {
	var out, pricesFile, arch string
	var seed uint64
	var notice bool
	c := &cobra.Command{
		Use:   "diagram SPEC",
		Short: "Draw the architecture of the recommended placement (SVG or Graphviz DOT)",
		Long: `Diagram analyses a spec and draws an architecture: the edge, the serverless
functions, the Kubernetes cluster with its node pools, the front doors
(API Gateway, load balancers) and the managed services (DynamoDB, S3, SQS)
the components call, each labelled with its monthly cost.

SVG is rendered by Graphviz compiled to WebAssembly and embedded in the
binary (no Graphviz install needed; the output is the same on every
machine). -o dot prints the Graphviz source instead. --notice prints the
licence notice of the embedded Graphviz (Eclipse Public License 1.0).`,
		Example: `  fulcrum diagram examples/system.yaml -o svg > system.svg
  fulcrum diagram examples/system.yaml --architecture all-kubernetes -o dot | dot -Tpng > k8s.png`,
		Args: func(c *cobra.Command, args []string) error {
			if notice {
				return nil
			}
			return usageArgs(cobra.ExactArgs(1))(c, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if notice {
				_, err := io.WriteString(st.Stdout, diagram.Notice)
				return err
			}
			if err := outputFormat(out, "svg", "dot"); err != nil {
				return err
			}
			res, err := analyseForViews(st, args[0], pricesFile, cmd.Flags().Changed("seed"), seed, nil)
			if err != nil {
				return err
			}
			m, err := diagram.Build(res.Analysis, res.Spec, arch)
			if err != nil {
				return errs.E(errs.Usage, err)
			}
			dot := m.DOT()
			if out == "dot" {
				_, err = io.WriteString(st.Stdout, dot)
				return err
			}
			svg, err := diagram.SVG(cmd.Context(), dot)
			if err != nil {
				return fmt.Errorf("diagram %s: %w", args[0], err)
			}
			_, err = st.Stdout.Write(svg)
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "svg", "output format: svg or dot")
	c.Flags().StringVar(&arch, "architecture", diagram.DefaultArchitecture, "which architecture to draw: recommended, all-serverless, all-kubernetes (or any the analysis lists)")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	c.Flags().Uint64Var(&seed, "seed", 1, "seed for every random choice (overrides the spec's seed)")
	c.Flags().BoolVar(&notice, "notice", false, "print the licence notice of the embedded Graphviz and exit")
	return c
}
