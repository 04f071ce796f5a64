package pipeline

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/examples"
	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// TestAnalyseIsAnalyze: the pipeline's JSON is byte for byte what the
// advisor and `analyze -o json` give for the same spec and seed, and its
// progress counts one step per component, then the placement search, in
// order.
func TestAnalyseIsAnalyze(t *testing.T) {
	cat, s, warnings := webhooks(t)
	s.Seed = 7
	var steps []Progress
	res, err := Analyse(cat, s, nil, warnings, func(p Progress) { steps = append(steps, p) })
	if err != nil {
		t.Fatal(err)
	}
	a, err := advisor.Analyze(s, cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := report.AnalysisJSON(a)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(res.JSON, want) {
		t.Errorf("pipeline JSON (%d bytes) differs from the advisor's (%d bytes)", len(res.JSON), len(want))
	}
	n := len(s.Components)
	if len(steps) < n+1 {
		t.Fatalf("%d progress steps, want at least %d: %+v", len(steps), n+1, steps)
	}
	for i, p := range steps {
		want := min(i+1, n+1) // a step per component, then the simulations and the search
		if p.Step != want || p.Of != n+2 {
			t.Errorf("step %d is %d of %d, want %d of %d", i, p.Step, p.Of, want, n+2)
		}
		if i > 0 && p.Fraction < steps[i-1].Fraction {
			t.Errorf("step %d: fraction %g falls back from %g", i, p.Fraction, steps[i-1].Fraction)
		}
	}
	if last := steps[len(steps)-1]; last.Fraction != 0.95 || !strings.HasPrefix(last.Message, "simulated, priced") {
		t.Errorf("last step %+v, want the placement search at 95 %%", last)
	}
	if steps[0].Message != "analysing "+s.Components[0].Name {
		t.Errorf("first step %q", steps[0].Message)
	}
	if res.Catalog != cat || res.Shape == nil || res.Spec != s {
		t.Error("the result does not keep the catalog, shapes and spec the planner needs")
	}
	if gz := res.GzipJSON(); len(gz) == 0 || len(gz) >= len(res.JSON) {
		t.Errorf("gzip %d bytes of %d", len(gz), len(res.JSON))
	}
}

// TestPlannerWithoutGrowth: a spec whose traffic does not grow gets its
// break-even curves and no growth plan; a cancelled context stops before
// the plan.
func TestPlannerWithoutGrowth(t *testing.T) {
	cat, s, _ := webhooks(t)
	for _, c := range s.Components {
		if c.Traffic.GrowthPerMonth != 0 {
			t.Fatalf("%s grows: pick an example that does not", c.Name)
		}
	}
	s.Seed = 1
	res, err := Analyse(cat, s, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	pv, err := Planner(context.Background(), res, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Breakeven) == 0 || pv.Plan != nil {
		t.Errorf("%d break-even curves, plan %v; want curves and no plan", len(pv.Breakeven), pv.Plan != nil)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Planner(ctx, res, nil, nil); err == nil {
		t.Error("a cancelled context: want an error")
	}
}

// webhooks is the catalog and the bundled webhook-processor example, parsed.
func webhooks(t *testing.T) (*catalog.Catalog, *workload.Spec, errs.Problems) {
	t.Helper()
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	data, err := examples.FS.ReadFile("webhook-processor.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, warnings, err := spec.Parse("webhook-processor.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return cat, s, warnings
}
