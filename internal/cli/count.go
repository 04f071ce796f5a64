package cli

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ParseCount reads a count the way people write one: 1500, 1,500, 1_500,
// 40k, 10M, 1.5B (k = thousand, M = million, B or G = billion, T =
// trillion). The suffix rules live in workload.ParseCount, which the spec
// reader uses too.
func ParseCount(s string) (float64, error) { return workload.ParseCount(s) }

// countValue is a float64 flag that also takes suffixed counts.
type countValue struct{ p *float64 }

func (c countValue) String() string { return workload.Num(*c.p) }

func (c countValue) Set(s string) error {
	f, err := workload.ParseCount(s)
	if err != nil {
		return fmt.Errorf("%q is not a count (write e.g. 1500, 40k, 10M or 1.5B)", s)
	}
	*c.p = f
	return nil
}

func (c countValue) Type() string { return "count" }

// countVar defines a count flag: like Float64Var, and 10M works.
func countVar(fs *pflag.FlagSet, p *float64, name string, value float64, usage string) {
	*p = value
	fs.Var(countValue{p}, name, usage+" (suffixes: 40k, 10M, 1.5B)")
}
