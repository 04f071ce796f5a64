package planner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// PlanTolerance is how far the fast plan's horizon totals (stay and plan)
// may be from those of the plan that analyses every month in full
// (PlanConfig.Exact), as a fraction; MonthTolerance bounds each month's
// plan, stay and cheapest cost. A month's full analysis is itself one
// seeded sample: an instance-billed option running one or two instances
// (examples/system.yaml's recommender on Cloud Run, a 12 GB GPU service at
// 2–7 requests a second) varies by ±5 % from seed to seed, and the fast
// plan's grid simulations are other samples of the same month
// (docs/breakeven-and-plan.md#the-tolerance-and-how-it-is-tested).
const (
	PlanTolerance  = 0.01
	MonthTolerance = 0.03
)

// planDeviation is the largest relative gap between two plans' money
// figures, month by month and over the horizon, and what each is.
func planDeviation(fast, exact *Plan) (month float64, monthWhat string, horizon float64, horizonWhat string) {
	gap := func(worst *float64, what *string, name string, a, b decimal.Decimal) {
		if b.IsZero() && a.IsZero() {
			return
		}
		d := a.Sub(b).Abs().InexactFloat64() / max(b.Abs().InexactFloat64(), 1)
		if d > *worst {
			*worst, *what = d, fmt.Sprintf("%s: %s against %s", name, a, b)
		}
	}
	for m := range exact.Timeline {
		f, x := fast.Timeline[m], exact.Timeline[m]
		gap(&month, &monthWhat, fmt.Sprintf("month %d plan", x.Month), f.MonthlyUSD, x.MonthlyUSD)
		gap(&month, &monthWhat, fmt.Sprintf("month %d stay", x.Month), f.StayUSD, x.StayUSD)
		gap(&month, &monthWhat, fmt.Sprintf("month %d cheapest", x.Month), f.RecommendedUSD, x.RecommendedUSD)
	}
	gap(&horizon, &horizonWhat, "stay", fast.StayUSD, exact.StayUSD)
	gap(&horizon, &horizonWhat, "plan", fast.PlanUSD, exact.PlanUSD)
	return month, monthWhat, horizon, horizonWhat
}

func loadExample(t testing.TB, name string) *workload.Spec {
	t.Helper()
	path := filepath.Join("..", "..", "examples", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := spec.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	s.Seed = 1
	return s
}

// TestPlanAgreesWithFullAnalysis: the plan derived from the simulation grid
// gives, month by month, the placements and (within PlanTolerance) the
// costs of the plan that simulates every month at its own volume, for the
// largest example growing 30 % a month for 18 months (a 100-fold volume,
// through the SLO and instance-cap changes of its API).
func TestPlanAgreesWithFullAnalysis(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 18 months in full")
	}
	t.Parallel()
	s := loadExample(t, "system.yaml")
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, err := ParseGrowth("30%/month")
	if err != nil {
		t.Fatal(err)
	}
	cfg := PlanConfig{Growth: &g, Months: 18}
	fast, err := MakePlan(context.Background(), s, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Exact = true
	exact, err := MakePlan(context.Background(), s, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkAgreement(t, fast, exact)
}

func checkAgreement(t *testing.T, fast, exact *Plan) {
	t.Helper()
	for m := range exact.Timeline {
		f, x := fast.Timeline[m], exact.Timeline[m]
		if !slices.Equal(f.Placement, x.Placement) {
			t.Errorf("month %d: plan placement %v, the full analysis's %v", x.Month, f.Placement, x.Placement)
		}
		if !slices.Equal(f.CheapestPlacement, x.CheapestPlacement) {
			t.Errorf("month %d: cheapest placement %v, the full analysis's %v", x.Month, f.CheapestPlacement, x.CheapestPlacement)
		}
	}
	for i, c := range exact.Components {
		if f := fast.Components[i]; f.MovesTo != c.MovesTo || (f.MoveMonth == nil) != (c.MoveMonth == nil) || (f.MoveMonth != nil && *f.MoveMonth != *c.MoveMonth) {
			t.Errorf("%s: moves to %q in month %s, the full analysis %q in %s", c.Component, f.MovesTo, monthText(f.MoveMonth), c.MovesTo, monthText(c.MoveMonth))
		}
	}
	dm, mwhat, dh, hwhat := planDeviation(fast, exact)
	t.Logf("largest month gap %.3f%% (%s); horizon %.3f%% (%s)", dm*100, mwhat, dh*100, hwhat)
	if dm > MonthTolerance {
		t.Errorf("largest month gap %.2f%% is above the %.0f%% tolerance: %s", dm*100, MonthTolerance*100, mwhat)
	}
	if dh > PlanTolerance {
		t.Errorf("horizon gap %.2f%% is above the %.0f%% tolerance: %s", dh*100, PlanTolerance*100, hwhat)
	}
}

// TestPlanDeterministicProgressCancel: the fast plan gives the same JSON
// twice (the months run in parallel, in whatever order), reports its
// progress month by month up to (months + 1) of (months + 1), and a
// cancelled context stops it with the context's error.
func TestPlanDeterministicProgressCancel(t *testing.T) {
	t.Parallel()
	s := loadExample(t, "startup-api.yaml")
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	g, _ := ParseGrowth("15%/month")
	var seen []PlanProgress
	cfg := PlanConfig{Growth: &g, Months: 36, Progress: func(p PlanProgress) { seen = append(seen, p) }}
	a, err := MakePlan(context.Background(), s, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Progress = nil
	b, err := MakePlan(context.Background(), s, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if !bytes.Equal(ja, jb) {
		t.Error("two runs of the same plan differ")
	}
	months := 0
	for k, p := range seen {
		if p.Of != 36 || (k > 0 && (p.Fraction < seen[k-1].Fraction || p.Months < seen[k-1].Months)) {
			t.Errorf("progress %d is %+v after %+v", k, p, seen[max(k-1, 0)])
		}
		months = max(months, p.Months)
	}
	if last := seen[len(seen)-1]; months != 36 || last.Fraction != 1 || len(seen) < 37 {
		t.Errorf("%d progress reports, up to %d months, the last %+v; want every month and then 1", len(seen), months, last)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := MakePlan(ctx, s, cat, cfg); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled plan: %v, want context.Canceled", err)
	}
}

func monthText(m *int) string {
	if m == nil {
		return "none"
	}
	return fmt.Sprint(*m)
}
