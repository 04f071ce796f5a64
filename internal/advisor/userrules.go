package advisor

import (
	"fmt"

	"github.com/expr-lang/expr/vm"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// userRules are the spec's own rules, compiled once per analysis.
type userRules []struct {
	rule workload.Rule
	prog *vm.Program
}

func compileRules(rs []workload.Rule) (userRules, error) {
	out := make(userRules, len(rs))
	for i, r := range rs {
		p, err := r.Compile()
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.Name, err)
		}
		out[i].rule, out[i].prog = r, p
	}
	return out, nil
}

// check returns the reasons the user's rules forbid an option.
func (ur userRules) check(c workload.Component, platform string, kind Kind, monthly float64) ([]string, error) {
	if len(ur) == 0 {
		return nil, nil
	}
	env := workload.RuleEnv{Component: workload.NewRuleComponent(c), Option: workload.RuleOption{Platform: platform, Kind: string(kind), MonthlyUSD: monthly}}
	var why []string
	for _, r := range ur {
		forbid, err := workload.Eval(r.prog, env)
		if err != nil {
			return nil, fmt.Errorf("rule %s on %s/%s: %w", r.rule.Name, c.Name, platform, err)
		}
		if forbid {
			msg := fmt.Sprintf("forbidden by the spec's rule %s", r.rule.Name)
			if r.rule.Reason != "" {
				msg += ": " + r.rule.Reason
			}
			why = append(why, msg)
		}
	}
	return why, nil
}
