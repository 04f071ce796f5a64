package planner

import (
	"context"
	"math"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
)

// TestFlipPointIsTheBreakEven: for a component with two options (Lambda
// and EKS), the volume at which analyze --uncertainty's flip-point search
// moves the recommendation is the break-even fulcrum breakeven computes
// by its own search, with the people left out (team.cluster_engineers: 0).
func TestFlipPointIsTheBreakEven(t *testing.T) {
	if testing.Short() {
		t.Skip("two searches of about 40 analyses each")
	}
	cat := testCatalog(t)
	s := loadArticle(t, "breakeven")
	zero := 0.0
	s.Team.ClusterEngineers = &zero // the people would put the crossing at 90 billion
	s.Ranges = map[string]uncertainty.Range{"components[0].requests_per_month": {Dist: uncertainty.Lognormal, P10: 5e6, P50: 10e6, P90: 400e6}}
	fast := advisor.Options{NoSimulation: true}
	res, err := BreakEvens(context.Background(), s, cat, "api", Config{Options: fast})
	if err != nil {
		t.Fatal(err)
	}
	want := res[0].BreakEvenWithPeople
	if want == nil {
		t.Fatalf("no break-even with people: %s", res[0].ReasonWithPeople)
	}
	base, err := advisor.Analyze(s, cat, fast)
	if err != nil {
		t.Fatal(err)
	}
	u, err := advisor.RunUncertainty(s, cat, base, advisor.UncertaintyOptions{Samples: 4, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(u.FlipPoints) != 1 || u.FlipPoints[0].Above == nil {
		t.Fatalf("flip points %+v, want one above 10M (break-even %.0f)", u.FlipPoints, *want)
	}
	got := *u.FlipPoints[0].Above
	t.Logf("flip point %.0f, break-even %.0f", got, *want)
	if rel := math.Abs(got-*want) / *want; rel > 0.02 {
		t.Errorf("flip point %.0f, break-even %.0f (%.1f %% apart)", got, *want, rel*100)
	}
	if f := u.FlipPoints[0]; f.From != "aws-lambda" || f.AboveTo != "eks" {
		t.Errorf("flip %s → %s, want aws-lambda → eks", f.From, f.AboveTo)
	}
}
