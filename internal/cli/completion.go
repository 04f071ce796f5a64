package cli

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// outputUsage finds the values listed in an -o flag's usage, as in
// "output format: table, json or markdown".
var outputUsage = regexp.MustCompile(`^output format: (.+)$`)

// flagValues reads the values a flag's usage lists ("a, b or c").
func flagValues(usage string) []string {
	m := outputUsage.FindStringSubmatch(usage)
	if m == nil {
		return nil
	}
	return strings.FieldsFunc(strings.ReplaceAll(m[1], " or ", ", "), func(r rune) bool { return r == ',' || r == ' ' })
}

// addCompletions registers shell completion of flag values on every
// command of the tree: -o values, platform ids, trace formats, component
// names read from the spec argument, and spec files for SPEC arguments.
func addCompletions(st *State, c *cobra.Command) {
	fixed := func(vals ...string) func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return vals, cobra.ShellCompDirectiveNoFileComp
		}
	}
	c.Flags().VisitAll(func(f *pflag.Flag) {
		var fn func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective)
		switch {
		case f.Name == "output":
			if vals := flagValues(f.Usage); len(vals) > 0 {
				fn = fixed(vals...)
			}
		case f.Name == "platform" && strings.HasPrefix(c.CommandPath(), "fulcrum simulate serverless"):
			fn = fixed(serverless.Platforms()...)
		case f.Name == "platform":
			fn = fixed(workload.Platforms...)
		case f.Name == "format" && c.Name() == "stats":
			fn = fixed(trace.Formats...)
		case f.Name == "component":
			fn = func(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
				if len(args) == 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				s, _, err := loadSpec(st, args[0])
				if err != nil || s == nil {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				var names []string
				for _, comp := range s.Components {
					names = append(names, comp.Name)
				}
				return names, cobra.ShellCompDirectiveNoFileComp
			}
		case f.Name == "prices" || f.Name == "out-file":
			fn = func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
				return []string{"yaml", "yml", "json", "md", "txt"}, cobra.ShellCompDirectiveFilterFileExt
			}
		}
		if fn != nil {
			_ = c.RegisterFlagCompletionFunc(f.Name, fn)
		}
	})
	if strings.Contains(c.Use, "SPEC") || strings.HasPrefix(c.Use, "diff ") {
		c.ValidArgsFunction = func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
			return []string{"yaml", "yml", "json"}, cobra.ShellCompDirectiveFilterFileExt
		}
	}
	for _, sub := range c.Commands() {
		addCompletions(st, sub)
	}
}
