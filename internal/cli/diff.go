package cli

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

func init() { commands = append(commands, newDiffCmd) }

func newDiffCmd(st *State) *cobra.Command {
	var out, outFile string
	var af analysisFlags
	var failAbove usdFlag
	var failIncrease percentFlag
	c := &cobra.Command{
		Use:   "diff OLD NEW",
		Short: "Show what changed between two versions of a system: moves, costs, feasibility",
		Long: `Diff compares two analyses of a system, per component and per
architecture: platform moves, monthly cost deltas and platforms that can
now, or can no longer, run a component. OLD and NEW are each a spec or a
saved 'fulcrum analyze -o json' output (told apart by their content).
-o markdown makes a pull-request comment.

In CI, --fail-on-increase PERCENT exits 3 when the recommended
architecture's monthly cost rises by more than PERCENT, and --fail-above
USD when it costs more than USD a month; the diff is written first.`,
		Example: `  fulcrum diff main.yaml branch.yaml
  fulcrum analyze spec.yaml -o json > before.json   # on main
  fulcrum diff before.json spec.yaml -o markdown --out-file comment.md
  fulcrum diff before.json after.json --fail-on-increase 10%
  fulcrum diff before.json after.json --fail-above 2500 -o json`,
		Args: usageArgs(cobra.ExactArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, outputFormats...); err != nil {
				return err
			}
			af.seedSet = cmd.Flags().Changed("seed")
			old, err := loadAnalysis(st, &af, args[0])
			if err != nil {
				return err
			}
			new, err := loadAnalysis(st, &af, args[1])
			if err != nil {
				return err
			}
			d := report.CompareAnalyses(args[0], old, args[1], new)
			var data []byte
			switch out {
			case "json":
				data, err = toJSON(d)
			case "yaml":
				data, err = toYAML(d)
			case "markdown":
				data = []byte(report.DiffMarkdown(d))
			default:
				data = []byte(report.DiffText(d, st.Color && outFile == ""))
			}
			if err != nil {
				return err
			}
			if err := writeResult(st, outFile, data); err != nil {
				return err
			}
			return diffThresholds(d, failAbove, failIncrease)
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json, yaml or markdown")
	c.Flags().Var(&failAbove, "fail-above", "exit 3 when the new recommended architecture costs more than this many dollars a month")
	c.Flags().Var(&failIncrease, "fail-on-increase", "exit 3 when the recommended architecture's monthly cost rises by more than this percentage (e.g. 10%)")
	addOutFile(c, &outFile)
	af.add(c)
	return c
}

// diffThresholds is the Threshold error of a crossed CI threshold, or nil.
func diffThresholds(d *report.Diff, above usdFlag, increase percentFlag) error {
	rc := d.Recommended
	if above.set && rc.NewUSD != nil && rc.NewUSD.GreaterThan(above.v) {
		return errs.Errorf(errs.Threshold, "the recommended architecture now costs %s a month, above --fail-above %s by %s",
			report.USD(*rc.NewUSD), report.USD(above.v), report.USD(rc.NewUSD.Sub(above.v)))
	}
	if increase.set && rc.DeltaUSD != nil && rc.DeltaUSD.IsPositive() {
		if rc.DeltaPercent == nil || *rc.DeltaPercent > increase.v {
			return errs.Errorf(errs.Threshold, "the recommended architecture's monthly cost rose by %s (%s to %s), more than --fail-on-increase %s",
				fmtPercent(rc.DeltaPercent), report.USD(*rc.OldUSD), report.USD(*rc.NewUSD), increase.String())
		}
	}
	return nil
}

func fmtPercent(p *float64) string {
	if p == nil {
		return "an amount from $0"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

// recommendedTotal is the monthly cost of a's recommended architecture.
func recommendedTotal(a *advisor.Analysis) *decimal.Decimal {
	for _, arch := range a.Architectures {
		if arch.Name == "recommended" {
			return arch.MonthlyUSD
		}
	}
	return nil
}

// loadAnalysis reads a saved analysis (analyze -o json) or analyses a spec.
func loadAnalysis(st *State, af *analysisFlags, name string) (*advisor.Analysis, error) {
	b, err := readUserFile(st, name)
	if err != nil {
		return nil, err
	}
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '{' {
		var probe map[string]json.RawMessage
		if json.Unmarshal(t, &probe) == nil {
			_, hasPrices := probe["prices_as_of"]
			_, hasArch := probe["architectures"]
			if hasPrices && hasArch {
				var a advisor.Analysis
				if err := json.Unmarshal(t, &a); err != nil {
					return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: not an analysis: %w", name, err))
				}
				if a.Version != advisor.ReportVersion {
					return nil, errs.Errorf(errs.Invalid, "read %s: analysis version %d (valid: %d; re-run fulcrum analyze -o json)", name, a.Version, advisor.ReportVersion)
				}
				return &a, nil
			}
		}
	}
	return af.analyse(st, name)
}
