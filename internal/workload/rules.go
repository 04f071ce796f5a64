package workload

import (
	"fmt"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// Rule is a user's own placement rule: when Forbid evaluates to true for a
// component and an option, the option is infeasible, with Reason.
//
//	rules:
//	  - name: no-gcp-account
//	    forbid: 'option.platform in ["gcp-cloud-run", "gcp-cloud-functions", "gke"]'
//	    reason: we have no Google Cloud account
//	  - name: java-needs-warm
//	    forbid: 'component.runtime == "java" && option.kind == "serverless" && component.latency_slo_p99_ms < 1000'
//
// Built-in limits are catalog data and are overridden with a price file
// (fulcrum analyze --prices), not with rules.
type Rule struct {
	Name   string `yaml:"name" json:"name"`
	Forbid string `yaml:"forbid" json:"forbid"`
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// RuleEnv is what a rule's expression can read.
type RuleEnv struct {
	Component RuleComponent `expr:"component"`
	Option    RuleOption    `expr:"option"`
}

// RuleComponent is a component's figures as rules see them.
type RuleComponent struct {
	Name                 string   `expr:"name"`
	Type                 string   `expr:"type"`
	Runtime              string   `expr:"runtime"`
	RequestsPerMonth     float64  `expr:"requests_per_month"`
	DurationMS           float64  `expr:"duration_ms"`
	DurationP99MS        float64  `expr:"duration_p99_ms"`
	CPUMS                float64  `expr:"cpu_ms"`
	MemoryMB             float64  `expr:"memory_mb"`
	MaxExecutionS        float64  `expr:"max_execution_s"`
	LatencySLOP99MS      float64  `expr:"latency_slo_p99_ms"`
	Stateful             bool     `expr:"stateful"`
	StorageGB            float64  `expr:"storage_gb"`
	GPU                  int      `expr:"gpu"`
	LongLivedConnections bool     `expr:"long_lived_connections"`
	Edge                 bool     `expr:"edge"`
	Compliance           []string `expr:"compliance"`
}

// RuleOption is an option's figures as rules see them. MonthlyUSD is the
// option's own monthly cost (for Kubernetes, a cluster of its own).
type RuleOption struct {
	Platform   string  `expr:"platform"`
	Kind       string  `expr:"kind"`
	MonthlyUSD float64 `expr:"monthly_usd"`
}

// NewRuleComponent exposes c to rules.
func NewRuleComponent(c Component) RuleComponent {
	return RuleComponent{Name: c.Name, Type: string(c.Type), Runtime: string(c.Runtime), RequestsPerMonth: c.RequestsPerMonth,
		DurationMS: c.DurationMS, DurationP99MS: c.DurationP99Millis(), CPUMS: c.CPUMillis(), MemoryMB: c.MemoryMB, MaxExecutionS: c.MaxExecutionS,
		LatencySLOP99MS: c.LatencySLOP99MS, Stateful: c.Stateful, StorageGB: c.StorageGB, GPU: c.GPU,
		LongLivedConnections: c.LongLivedConnections, Edge: c.Edge, Compliance: c.Compliance}
}

// Compile type-checks the rule's expression against RuleEnv.
func (r Rule) Compile() (*vm.Program, error) {
	return expr.Compile(r.Forbid, expr.Env(RuleEnv{}), expr.AsBool())
}

// Eval reports whether the rule forbids the option.
func Eval(p *vm.Program, env RuleEnv) (bool, error) {
	out, err := expr.Run(p, env)
	if err != nil {
		return false, err
	}
	b, _ := out.(bool)
	return b, nil
}

// validateRules compiles every rule and reports each problem.
func (s *Spec) validateRules(v *validator) {
	seen := map[string]bool{}
	for i, r := range s.Rules {
		p := fmt.Sprintf("$.rules[%d]", i)
		if !ComponentNamePattern.MatchString(r.Name) {
			v.add(p+".name", "%q is not a valid rule name (valid: lowercase letters, digits and hyphens)", r.Name)
		} else if seen[r.Name] {
			v.add(p+".name", "rule %q is defined twice", r.Name)
		}
		seen[r.Name] = true
		if strings.TrimSpace(r.Forbid) == "" {
			v.add(p+".forbid", "is required: an expression over component.* and option.* that is true when the option must not be used, e.g. 'option.platform == \"gke\"'")
			continue
		}
		if _, err := r.Compile(); err != nil {
			v.add(p+".forbid", "%s (fields: component.name, .type, .runtime, .requests_per_month, .duration_ms, .duration_p99_ms, .cpu_ms, .memory_mb, .max_execution_s, .latency_slo_p99_ms, .stateful, .storage_gb, .gpu, .long_lived_connections, .edge, .compliance; option.platform, .kind, .monthly_usd)", oneLine(err.Error()))
		}
	}
}

// oneLine folds expr's multi-line error (message, source, caret) into one line.
func oneLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(first)
}
