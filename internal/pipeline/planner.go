package pipeline

import (
	"context"
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
)

// PlannerResult is the planner's part of the views: every component's (and
// the system's) break-even curve and, when traffic grows, the growth plan.
type PlannerResult struct {
	Breakeven []planner.BreakEven `json:"breakeven,omitempty"`
	Plan      *planner.Plan       `json:"plan,omitempty"`
}

// PlanMonths is the growth plan's horizon on the dashboard and in the
// report (the default of `fulcrum plan`).
const PlanMonths = 36

// Planner computes the break-even curves of every component and of the
// whole system and, when some component's traffic grows
// (traffic.growth_per_month), the growth plan: the views of `fulcrum
// breakeven` and `fulcrum plan`. They take longer than the analysis, so the
// dashboard sends them as an update after its result. growth, when set,
// overrides every component's growth rate (like `fulcrum plan --growth`).
func Planner(ctx context.Context, r *Result, growth *planner.Growth, progress func(Progress)) (*PlannerResult, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	out := &PlannerResult{}
	progress(Progress{Step: 1, Of: 2, Message: "searching the break-even volumes"})
	opts := advisor.Options{Shape: r.Shape}
	be, err := planner.BreakEvens(r.Spec, r.Catalog, "", planner.Config{Options: opts})
	if err != nil {
		return nil, fmt.Errorf("break-even: %w", err)
	}
	out.Breakeven = be
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("growth plan: %w", err)
	}
	grows := growth.IsSet()
	for _, c := range r.Spec.Components {
		grows = grows || c.Traffic.GrowthPerMonth != 0
	}
	if grows {
		progress(Progress{Step: 2, Of: 2, Message: fmt.Sprintf("planning %d months of growth", PlanMonths)})
		p, err := planner.MakePlan(r.Spec, r.Catalog, planner.PlanConfig{Months: PlanMonths, Growth: growth, Options: opts})
		if err != nil {
			return nil, fmt.Errorf("growth plan: %w", err)
		}
		out.Plan = p
	}
	return out, nil
}
