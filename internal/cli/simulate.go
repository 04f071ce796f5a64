package cli

import "github.com/spf13/cobra"

func init() { commands = append(commands, newSimulateCmd) }

// simulateCommands are the subcommands of 'fulcrum simulate'; each simulator's
// file appends its constructor.
var simulateCommands []func(*State) *cobra.Command

func newSimulateCmd(st *State) *cobra.Command {
	c := &cobra.Command{
		Use:   "simulate",
		Short: "Simulate one workload on a serverless platform or a Kubernetes cluster",
		Args:  usageArgs(cobra.NoArgs),
	}
	for _, add := range simulateCommands {
		c.AddCommand(add(st))
	}
	return c
}
