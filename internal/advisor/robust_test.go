package advisor

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
)

// TestUncertaintyZeroSpread: a spec without ranges gives P10 = P50 = P90
// equal to the report's figure, for every option and architecture, and the
// recommendation is certain.
func TestUncertaintyZeroSpread(t *testing.T) {
	s := systemSpec(t)
	s.Ranges = nil
	cat := testCatalog(t)
	for _, opts := range []Options{{NoSimulation: true}, {}} {
		base, err := Analyze(s, cat, opts)
		if err != nil {
			t.Fatal(err)
		}
		u, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 6, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		for i, cs := range u.Components {
			for _, o := range cs.Options {
				want := base.Components[i].option(o.Platform).MonthlyUSD
				q := o.MonthlyUSD
				if want == nil || !q.P10.Equal(*want) || !q.P50.Equal(*want) || !q.P90.Equal(*want) {
					t.Errorf("sim=%v %s on %s: %v, want %v", !opts.NoSimulation, cs.Name, o.Platform, q, want)
				}
			}
		}
		for _, as := range u.Architectures {
			want := archNamed(base, as.Name).MonthlyUSD
			if (want == nil) != (as.MonthlyUSD == nil) {
				t.Errorf("%s: %v, want %v", as.Name, as.MonthlyUSD, want)
				continue
			}
			if want != nil && (!as.MonthlyUSD.P10.Equal(*want) || !as.MonthlyUSD.P90.Equal(*want)) {
				t.Errorf("sim=%v %s: %v, want %v", !opts.NoSimulation, as.Name, as.MonthlyUSD, want)
			}
		}
		rec := archNamed(base, "recommended").MonthlyUSD
		if q := u.Recommendation.MonthlyUSD; !q.P10.Equal(*rec) || !q.P90.Equal(*rec) || u.Recommendation.ProbabilityCheapest != 1 {
			t.Errorf("recommendation %v at %v, want %v at 1", q, u.Recommendation.ProbabilityCheapest, rec)
		}
		if len(u.Inputs) != 0 || len(u.Tornado) != 0 || len(u.FlipPoints) != 0 {
			t.Errorf("inputs %v, tornado %v, flips %v: want none", u.Inputs, u.Tornado, u.FlipPoints)
		}
	}
}

// TestUncertaintyMonotone: more requests never cost less, and the tornado
// brackets the median's cost.
func TestUncertaintyMonotone(t *testing.T) {
	s := newSpec(api("api", 10e6))
	s.Ranges = map[string]uncertainty.Range{"components[0].requests_per_month": {Dist: uncertainty.Lognormal, P10: 1e6, P50: s.Components[0].RequestsPerMonth, P90: 200e6}}
	cat := testCatalog(t)
	base, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	r := &runner{spec: s, cat: cat, base: base, hints: &PlacementHints{}, opts: Options{NoSimulation: true, Lean: true}}
	if r.fast, err = Analyze(s, cat, r.opts); err != nil {
		t.Fatal(err)
	}
	r.anchor()
	prev := -1.0
	for v := 1e5; v <= 1e10; v *= 2.5 {
		res, err := r.run(map[string]float64{"components[0].requests_per_month": v}, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := res.recUSD.InexactFloat64()
		if got < prev {
			t.Errorf("%g requests cost %v, less than %v at fewer", v, got, prev)
		}
		prev = got
	}
	u, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	b := u.Tornado[0]
	if !(b.LowUSD.LessThan(b.HighUSD)) || b.LowUSD.GreaterThan(u.Recommendation.MonthlyUSD.P50) && b.HighUSD.LessThan(u.Recommendation.MonthlyUSD.P50) {
		t.Errorf("tornado %+v does not bracket P50 %v", b, u.Recommendation.MonthlyUSD.P50)
	}
	if q := u.Recommendation.MonthlyUSD; !q.P10.LessThan(q.P50) || !q.P50.LessThan(q.P90) {
		t.Errorf("quantiles %v not increasing", q)
	}
}

// TestUncertaintyDeterministic: the same seed gives byte-identical JSON,
// whatever the number of workers; another seed gives other samples.
func TestUncertaintyDeterministic(t *testing.T) {
	s := systemSpec(t)
	cat := testCatalog(t)
	base, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	run := func(seed uint64, workers int) []byte {
		u, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 12, Seed: seed, Workers: workers, CatalogSpread: DefaultCatalogSpread})
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(u)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := run(7, 1), run(7, 3)
	if !bytes.Equal(a, b) {
		t.Errorf("seed 7 gave different JSON with 1 and 3 workers")
	}
	if bytes.Equal(a, run(8, 2)) {
		t.Errorf("seeds 7 and 8 gave the same samples")
	}
}
