package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/fleet"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
)

func init() { commands = append(commands, newFleetCmd) }

func newFleetCmd(st *State) *cobra.Command {
	var keep []string
	var out, node, pricesFile string
	var seed uint64
	var util, minCPU, cpuPerReq float64
	var workers int
	var skipBad bool
	c := &cobra.Command{
		Use:   "fleet DIR",
		Short: "Cold starts, Lambda and Kubernetes cost, and placement for every function of an Azure 2019 trace",
		Long: `Reads every day of an Azure Functions 2019 trace in DIR
(invocations_per_function_md.anon.dNN.csv, with the durations and memory files
when present) and, for every function, simulates its cold starts under each
keep-alive, prices a month of it on AWS Lambda and as a share of a Kubernetes
node, and says which is cheaper. Then the fleet: the share of functions and of
invocations cheaper on Kubernetes, and the distribution of cold-start rates.

Uses all cores; the output is the same for any number of them. The model and
its sources are in docs/traffic.md.`,
		Example: `  fulcrum trace synth --functions 1000 --days 14 --out trace/
  fulcrum fleet trace/ --keep-alive 10m,20m,60m
  fulcrum fleet trace/ -o json > fleet.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "json"); err != nil {
				return err
			}
			var kas []time.Duration
			for _, k := range keep {
				d, err := time.ParseDuration(strings.TrimSpace(k))
				if err != nil || d <= 0 {
					return errs.Errorf(errs.Usage, "--keep-alive %q is not a positive duration (valid: e.g. 10m,20m,60m)", k)
				}
				kas = append(kas, d)
			}
			if len(kas) == 0 {
				return errs.Errorf(errs.Usage, "--keep-alive needs at least one duration (e.g. 10m)")
			}
			n, ok := fleet.Nodes[node]
			if !ok {
				names := make([]string, 0, len(fleet.Nodes))
				for k := range fleet.Nodes {
					names = append(names, k)
				}
				sort.Strings(names)
				return errs.Errorf(errs.Usage, "--node-type %q is unknown (valid: %s)", node, strings.Join(names, ", "))
			}
			if !(util > 0 && util <= 1) {
				return errs.Errorf(errs.Usage, "--utilization %g is out of range (valid: above 0 and at most 1)", util)
			}
			if minCPU < 0 || minCPU > n.VCPU {
				return errs.Errorf(errs.Usage, "--min-pod-cpu %g is out of range (valid: 0 to the node's %g vCPU)", minCPU, n.VCPU)
			}
			if cpuPerReq < 0 || cpuPerReq > n.VCPU {
				return errs.Errorf(errs.Usage, "--cpu-per-request %g is out of range (valid: 0 for Lambda's memory-proportional share, or up to the node's %g vCPU)", cpuPerReq, n.VCPU)
			}
			if workers < 0 {
				return errs.Errorf(errs.Usage, "--workers %d is negative (valid: 0 for all cores, or a count)", workers)
			}
			in, err := fleetInputs(st, args[0])
			if err != nil {
				return err
			}
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			cost := fleet.CostModel{Catalog: cat, Node: n, Utilization: util, MinPodCPU: minCPU, HoursPerMonth: 730, CPUPerRequest: cpuPerReq}
			if err := cost.Prepare(); err != nil {
				return errs.E(errs.Invalid, err)
			}
			bar := startProgress(st, "replaying the trace")
			rep, err := fleet.Run(cmd.Context(), fleet.Config{KeepAlive: kas, Seed: seed, Workers: workers, SkipBadLines: skipBad, Cost: cost, Progress: bar.steps()}, in)
			bar.finish(err)
			if err != nil {
				if stopped(st) != nil {
					return err
				}
				return classifyTraceErr(err)
			}
			if out == "json" {
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(rep)
			}
			_, err = io.WriteString(st.Stdout, renderFleet(rep))
			return err
		},
	}
	c.Flags().StringSliceVar(&keep, "keep-alive", []string{"10m", "20m", "60m"}, "keep-alive durations to compare (AWS is reported as about 10 min, Azure 20 min)")
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table or json")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed for placing invocations inside each minute")
	c.Flags().StringVar(&node, "node-type", "m6i.large", "Kubernetes worker node type")
	c.Flags().Float64Var(&util, "utilization", 0.8, "CPU utilisation target of a pod (the HPA default is 80 %)")
	c.Flags().Float64Var(&minCPU, "min-pod-cpu", 0.1, "CPU request (vCPU) of the one pod kept for an idle function")
	c.Flags().Float64Var(&cpuPerReq, "cpu-per-request", 0, "vCPU an execution keeps busy on a pod (0 = Lambda's share for its memory, MB/1769)")
	c.Flags().IntVar(&workers, "workers", 0, "parallel workers (0 = all cores)")
	c.Flags().BoolVar(&skipBad, "skip-bad-lines", false, "skip malformed lines and count them instead of failing")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	return c
}

// fleetInputs lists an Azure 2019 directory's files by kind and day.
func fleetInputs(st *State, dir string) (fleet.Inputs, error) {
	names, err := st.ReadDir(dir)
	if err != nil {
		return fleet.Inputs{}, openErr(dir, err)
	}
	in := fleet.Inputs{Open: st.Open}
	for _, n := range names {
		if !strings.HasSuffix(n, ".csv") {
			continue
		}
		p := path.Join(dir, n)
		switch {
		case strings.HasPrefix(n, "invocations_per_function"):
			in.Invocations = append(in.Invocations, p)
		case strings.HasPrefix(n, "function_durations_percentiles"):
			in.Durations = append(in.Durations, p)
		case strings.HasPrefix(n, "app_memory_percentiles"):
			in.Memory = append(in.Memory, p)
		}
	}
	byDay := func(xs []string) {
		sort.SliceStable(xs, func(i, j int) bool { return trace.DayOf(xs[i]) < trace.DayOf(xs[j]) })
	}
	byDay(in.Invocations)
	byDay(in.Durations)
	byDay(in.Memory)
	if len(in.Invocations) == 0 {
		return in, errs.WithHint(errs.Errorf(errs.Invalid, "%s holds no invocations_per_function_md.anon.dNN.csv files (an Azure Functions 2019 trace)", dir),
			"write a synthetic one with 'fulcrum trace synth --out DIR'")
	}
	return in, nil
}

func renderFleet(r *fleet.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-34s %-13s %12s %9s", "function (app/function)", "trigger", "invocations", "dur ms")
	for _, k := range r.KeepAlive {
		fmt.Fprintf(&b, " %9s", "cold "+k)
	}
	fmt.Fprintf(&b, " %11s %11s  %s\n", "lambda $/mo", "k8s $/mo", "placement")
	for _, f := range r.Functions {
		name := short(f.App) + "/" + short(f.Function)
		fmt.Fprintf(&b, "%-34s %-13s %12d %9s", name, f.Trigger, f.Invocations, num(f.DurationMS))
		for _, k := range r.KeepAlive {
			fmt.Fprintf(&b, " %8.2f%%", 100*f.ColdStartRate[k])
		}
		fmt.Fprintf(&b, " %11s %11s  %s\n", f.LambdaUSD.StringFixed(2), f.KubeUSD.StringFixed(2), f.Placement)
	}
	s := r.Summary
	fmt.Fprintf(&b, "\nfleet: %d functions, %d invocations over %d day%s (seed %d, prices as of %s)\n", s.Functions, s.Invocations, r.Days, plural(r.Days), r.Seed, r.PricesAsOf)
	fmt.Fprintf(&b, "cheaper on Kubernetes: %.1f %% of functions, %.1f %% of invocations\n", 100*s.ShareFunctionsK8s, 100*s.ShareInvocsK8s)
	fmt.Fprintf(&b, "monthly: all Lambda $%s, all Kubernetes $%s, each where cheaper $%s\n", s.AllLambdaUSD.StringFixed(2), s.AllKubeUSD.StringFixed(2), s.BestUSD.StringFixed(2))
	for _, c := range s.ColdStarts {
		fmt.Fprintf(&b, "cold starts, keep-alive %s: %.3f %% of invocations; per function p50 %.2f %%, p90 %.2f %%, p99 %.2f %%; functions by rate:",
			c.KeepAlive, 100*c.Overall, 100*c.P50, 100*c.P90, 100*c.P99)
		for _, bk := range c.Buckets {
			fmt.Fprintf(&b, " [%g,%g) %.1f %%", 100*bk.From, 100*bk.To, 100*bk.Share)
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "simulated %d minutes invocation by invocation and %d in aggregate\n", s.ExactMinutes, s.AggregateMinutes)
	if r.Skipped > 0 {
		fmt.Fprintf(&b, "skipped %d malformed lines\n", r.Skipped)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
