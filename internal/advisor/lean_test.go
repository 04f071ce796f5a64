package advisor

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func scaledSystem(t *testing.T, factor float64) *workload.Spec {
	t.Helper()
	s := systemSpec(t)
	for i := range s.Components {
		s.Components[i].RequestsPerMonth *= factor
	}
	return s
}

// systemSpec is examples/system.yaml, parsed, with seed 1.
func systemSpec(tb testing.TB) *workload.Spec {
	tb.Helper()
	path := filepath.Join("..", "..", "examples", "system.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	s, _, err := spec.Parse(path, data)
	if err != nil {
		tb.Fatal(err)
	}
	s.Seed = 1
	return s
}

// TestLeanAndHintsKeepTheRecommendation: a lean analysis searched with
// another volume's placement as a hint recommends the same placement at the
// same cost, and prices every option alike, as the full analysis.
func TestLeanAndHintsKeepTheRecommendation(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses the largest example six times")
	}
	t.Parallel()
	cat := testCatalog(t)
	hints := &PlacementHints{}
	for _, f := range []float64{1, 40, 8} { // the hint comes from another volume
		s := scaledSystem(t, f)
		full, err := Analyze(s, cat, Options{})
		if err != nil {
			t.Fatal(err)
		}
		lean, err := Analyze(s, cat, Options{Lean: true, Hints: hints})
		if err != nil {
			t.Fatal(err)
		}
		rec := func(a *Analysis) Architecture {
			for _, x := range a.Architectures {
				if x.Name == "recommended" {
					return x
				}
			}
			t.Fatal("no recommendation")
			return Architecture{}
		}
		fr, lr := rec(full), rec(lean)
		if !slices.Equal(fr.Placement, lr.Placement) || !fr.MonthlyUSD.Equal(*lr.MonthlyUSD) {
			t.Errorf("×%g: lean %v at %s, full %v at %s", f, lr.Placement, lr.MonthlyUSD, fr.Placement, fr.MonthlyUSD)
		}
		for i, c := range full.Components {
			for k, o := range c.Options {
				lo := lean.Components[i].Options[k]
				if o.Feasible != lo.Feasible || (o.MonthlyUSD == nil) != (lo.MonthlyUSD == nil) || (o.MonthlyUSD != nil && !o.MonthlyUSD.Equal(*lo.MonthlyUSD)) {
					t.Errorf("×%g %s on %s: lean %v %v, full %v %v", f, c.Name, o.Platform, lo.Feasible, lo.MonthlyUSD, o.Feasible, o.MonthlyUSD)
				}
			}
		}
		for _, cl := range lean.Clusters {
			if cl.Simulation != nil && cl.Simulation.Timeline != nil {
				t.Errorf("×%g: a lean analysis kept the %s cluster's timeline", f, cl.Platform)
			}
		}
	}
}

// TestGeo: the interpolation between two grid rates.
func TestGeo(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b, t, want float64
	}{
		{1, 4, 0.5, 2},  // geometric midpoint
		{1, 4, 0, 1},    // the lower end
		{1, 4, 1, 4},    // the upper end
		{0, 4, 0.25, 1}, // a zero end: linear
		{3, 3, 0.7, 3},  // flat
	}
	for _, c := range cases {
		if got := geo(c.a, c.b, c.t); got < c.want-1e-12 || got > c.want+1e-12 {
			t.Errorf("geo(%g, %g, %g) = %g, want %g", c.a, c.b, c.t, got, c.want)
		}
	}
}

// TestGridAt: a rate's grid point below it, exact grid rates included.
func TestGridAt(t *testing.T) {
	t.Parallel()
	sm := NewSimMemo(2)
	cases := []struct {
		level int
		rate  float64
		want  int
	}{
		{0, 1, 0},     // 2^0 is its own point
		{0, 1.99, 0},  // below 2
		{0, 2, 1},     // exactly 2^1
		{0, 0.3, -2},  // below one request a second
		{1, 2.9, 3},   // 2^(3/2) = 2.83
		{2, 1024, 40}, // 2^(40/4)
	}
	for _, c := range cases {
		i := sm.gridAt(c.level, c.rate)
		if i != c.want || sm.gridRate(c.level, i) > c.rate || sm.gridRate(c.level, i+1) <= c.rate {
			t.Errorf("gridAt(%d, %g) = %d, want %d", c.level, c.rate, i, c.want)
		}
	}
}
