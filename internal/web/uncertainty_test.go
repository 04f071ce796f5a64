package web

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// TestAnalyzeUncertainty: ?uncertainty=N adds analysis.uncertainty with
// ordered quantiles for the recommendation, the architectures and every
// option, the catalog prices varied and the tornado; the views carry it
// too; a bad N is a 400; the answer is deterministic and cached apart from
// the plain analysis.
func TestAnalyzeUncertainty(t *testing.T) {
	s := newTestServer(t)
	spec := readExample(t, "system.yaml")
	rec := do(t, s, "POST", "/api/analyze?uncertainty=16", spec)
	if rec.Code != 200 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	type q struct{ P10, P50, P90 decimal.Decimal }
	var a struct {
		Uncertainty *struct {
			Samples        int `json:"samples"`
			Recommendation struct {
				MonthlyUSD q `json:"monthly_usd"`
			} `json:"recommendation"`
			Architectures []struct {
				Name       string `json:"name"`
				MonthlyUSD *q     `json:"monthly_usd"`
			} `json:"architectures"`
			Components []struct {
				Options []struct {
					MonthlyUSD *q `json:"monthly_usd"`
				} `json:"options"`
			} `json:"components"`
			Catalog struct {
				Varied int `json:"varied"`
			} `json:"catalog"`
			Tornado []struct {
				Input string `json:"input"`
			} `json:"tornado"`
		} `json:"uncertainty"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		t.Fatal(err)
	}
	u := a.Uncertainty
	if u == nil || u.Samples != 16 {
		t.Fatalf("uncertainty %+v, want 16 samples", u)
	}
	ordered := func(what string, x q) {
		if x.P10.GreaterThan(x.P50) || x.P50.GreaterThan(x.P90) || !x.P90.IsPositive() {
			t.Errorf("%s: %v %v %v not ordered", what, x.P10, x.P50, x.P90)
		}
	}
	ordered("recommendation", u.Recommendation.MonthlyUSD)
	if u.Recommendation.MonthlyUSD.P10.Equal(u.Recommendation.MonthlyUSD.P90) {
		t.Error("the recommendation has no spread, though the spec has ranges")
	}
	for _, x := range u.Architectures {
		if x.MonthlyUSD != nil {
			ordered(x.Name, *x.MonthlyUSD)
		}
	}
	n := 0
	for _, c := range u.Components {
		for _, o := range c.Options {
			ordered("option", *o.MonthlyUSD)
			n++
		}
	}
	if n == 0 || u.Catalog.Varied == 0 || len(u.Tornado) == 0 {
		t.Errorf("%d options, %d catalog prices varied, tornado %v", n, u.Catalog.Varied, u.Tornado)
	}
	catalogBar := false
	for _, b := range u.Tornado {
		catalogBar = catalogBar || strings.HasPrefix(b.Input, "catalog:")
	}
	if !catalogBar {
		t.Errorf("no catalog price in the tornado %v", u.Tornado)
	}
	if again := do(t, s, "POST", "/api/analyze?uncertainty=16", spec); again.Body.String() != rec.Body.String() {
		t.Error("the same request gave another answer")
	}
	plain := do(t, s, "POST", "/api/analyze", spec)
	if strings.Contains(plain.Body.String(), `"uncertainty"`) {
		t.Error("the plain analysis carries uncertainty (cache key ignores ?uncertainty=)")
	}
	views := do(t, s, "POST", "/api/views?uncertainty=16", spec)
	if views.Code != 200 || !strings.Contains(views.Body.String(), `"probability_cheapest"`) {
		t.Errorf("views: %d, uncertainty missing", views.Code)
	}
	for _, bad := range []string{"0", "-3", "x", "100000"} {
		if rec := do(t, s, "POST", "/api/analyze?uncertainty="+bad, spec); rec.Code != 400 {
			t.Errorf("uncertainty=%s: %d, want 400", bad, rec.Code)
		}
	}
}
