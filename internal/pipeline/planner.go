package pipeline

import (
	"context"
	"fmt"
	"sync"

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
	// The break-even searches and the plan run side by side (each leaves
	// cores idle at times); the searches are about a fifth of the work
	// when there is a plan to make.
	share := 1.0
	if grows {
		share = 0.2
	}
	var mu sync.Mutex
	be, pl := 0.0, 0.0
	report := func(step int, msg string, set func()) {
		mu.Lock()
		defer mu.Unlock()
		set()
		progress(Progress{Step: step, Of: 2, Message: msg, Fraction: share*be + (1-share)*pl})
	}
	const searching = "searching the break-even volumes"
	report(1, searching, func() {})
	opts := advisor.Options{Shape: r.Shape}
	var beErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		out.Breakeven, beErr = planner.BreakEvens(ctx, r.Spec, r.Catalog, "", planner.Config{Options: opts, Progress: func(d, total int) {
			report(1, searching, func() { be = float64(d) / float64(total) })
		}})
	}()
	var planErr error
	if grows {
		out.Plan, planErr = planner.MakePlan(ctx, r.Spec, r.Catalog, planner.PlanConfig{Months: PlanMonths, Growth: growth, Options: opts,
			Progress: func(p planner.PlanProgress) {
				msg := fmt.Sprintf("planning %d months of growth: %d analysed", p.Of, p.Months)
				if p.Fraction == 1 {
					msg = fmt.Sprintf("planning %d months of growth: moves judged", p.Of)
				}
				report(2, msg, func() { pl = p.Fraction })
			}})
	}
	<-done
	if beErr != nil {
		return nil, fmt.Errorf("break-even: %w", beErr)
	}
	if planErr != nil {
		return nil, fmt.Errorf("growth plan: %w", planErr)
	}
	report(2, "planned", func() { be, pl = 1, 1 })
	return out, nil
}
