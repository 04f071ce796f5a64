package advisor

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Sides is what the planner (break-even curves, growth plans) needs from an
// analysis, priced without the placement search: every component's feasible
// serverless options, and for each Kubernetes platform one cluster holding
// every component of the spec. It uses the same models as Analyze.
type Sides struct {
	// Serverless holds, per component (spec order), its feasible serverless
	// options with their monthly cost.
	Serverless [][]SideOption
	// Clusters holds, per Kubernetes platform able to run every component,
	// that shared cluster (Bill included).
	Clusters []ClusterResult
	// NoCluster says, per Kubernetes platform that cannot, why not.
	NoCluster map[string]string
}

// SideOption is one priced serverless option.
type SideOption struct {
	Platform   string
	MonthlyUSD decimal.Decimal
	// LineItems lets a caller count account-scoped lines (a plan's
	// subscription) once per platform, as the architecture totals do.
	LineItems []pricing.LineItem
}

// PriceSides prices spec's serverless options and its all-Kubernetes
// clusters (see Sides) from average rates, without the serverless simulator,
// honouring the spec's own rules for serverless options. spec must be
// validated and have its defaults applied.
func PriceSides(spec *workload.Spec, cat *catalog.Catalog, opts Options) (*Sides, error) {
	if opts.Shape == nil {
		opts.Shape = traffic.FromSpec
	}
	cat, err := cat.InRegion(spec.Region)
	if err != nil {
		return nil, fmt.Errorf("region: %w", err)
	}
	e := env{cat: cat, spec: spec, opts: opts}
	rules, err := compileRules(spec.Rules)
	if err != nil {
		return nil, err
	}
	platforms := workload.Platforms
	if len(spec.Platforms) > 0 {
		platforms = spec.Platforms
	}
	out := &Sides{Serverless: make([][]SideOption, len(spec.Components)), NoCluster: map[string]string{}}
	demands := make([]demand, len(spec.Components))
	for i, c := range spec.Components {
		shape, err := opts.Shape(c.Traffic, spec.Seed)
		if err != nil {
			return nil, fmt.Errorf("component %s: %w", c.Name, err)
		}
		demands[i] = platform.NewWork(c, spec.HoursPerMonth, shape, spec.FreeTier)
		for _, p := range platforms {
			if kindOf(p) != Serverless || len(feasibility(cat, c, p)) > 0 {
				continue
			}
			cp := instanceCap(e, demands[i], p)
			if cp.infeasible.Text != "" {
				continue
			}
			d := demands[i]
			d.Usage = simAdjust{MaxInstances: cp.max, DefaultMaxInstances: cp.defaultMax}
			b, _, err := serverlessBill(e, d, p)
			if err != nil {
				return nil, err
			}
			if why, err := rules.check(c, p, Serverless, b.Total.InexactFloat64()); err != nil {
				return nil, err
			} else if len(why) > 0 {
				continue
			}
			out.Serverless[i] = append(out.Serverless[i], SideOption{Platform: p, MonthlyUSD: b.Total, LineItems: b.LineItems})
		}
	}
	for _, p := range platforms {
		if kindOf(p) != Kubernetes {
			continue
		}
		m, err := newClusterModel(e, p)
		if err != nil {
			return nil, err
		}
		var set []int
		for i, c := range spec.Components {
			why := feasibility(cat, c, p)
			if len(why) == 0 {
				why = m.add(i, demands[i])
			}
			if len(why) > 0 {
				out.NoCluster[p] = fmt.Sprintf("%s: %s", c.Name, why[0].Text)
				break
			}
			set = append(set, i)
		}
		if _, bad := out.NoCluster[p]; bad || len(set) == 0 {
			continue
		}
		r, err := m.size(set)
		if err != nil {
			return nil, err
		}
		out.Clusters = append(out.Clusters, *r)
	}
	return out, nil
}
