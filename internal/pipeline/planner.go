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
	grows := growth.IsSet()
	for _, c := range r.Spec.Components {
		grows = grows || c.Traffic.GrowthPerMonth != 0
	}
	// The break-even searches take about a fifth of the time when there is
	// a plan to make as well.
	share := 1.0
	if grows {
		share = 0.2
	}
	const breakeven = "searching the break-even volumes"
	progress(Progress{Step: 1, Of: 2, Message: breakeven})
	opts := advisor.Options{Shape: r.Shape}
	be, err := planner.BreakEvens(ctx, r.Spec, r.Catalog, "", planner.Config{Options: opts, Progress: func(done, total int) {
		progress(Progress{Step: 1, Of: 2, Message: breakeven, Fraction: share * float64(done) / float64(total)})
	}})
	if err != nil {
		return nil, fmt.Errorf("break-even: %w", err)
	}
	out.Breakeven = be
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("growth plan: %w", err)
	}
	if grows {
		progress(Progress{Step: 2, Of: 2, Message: fmt.Sprintf("planning %d months of growth", PlanMonths), Fraction: share})
		p, err := planner.MakePlan(ctx, r.Spec, r.Catalog, planner.PlanConfig{Months: PlanMonths, Growth: growth, Options: opts,
			Progress: func(done, total int) {
				msg := fmt.Sprintf("planning %d months of growth: %d analysed", PlanMonths, min(done, PlanMonths))
				if done > PlanMonths {
					msg = fmt.Sprintf("planning %d months of growth: judging the moves", PlanMonths)
				}
				progress(Progress{Step: 2, Of: 2, Message: msg, Fraction: share + (1-share)*float64(done)/float64(total)})
			}})
		if err != nil {
			return nil, fmt.Errorf("growth plan: %w", err)
		}
		out.Plan = p
	}
	progress(Progress{Step: 2, Of: 2, Message: "planned", Fraction: 1})
	return out, nil
}
