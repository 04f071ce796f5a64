package advisor

import (
	"slices"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// oneUnverified is the bundled catalog with every tag cleared but id's,
// which is U and cites a source of its own.
func oneUnverified(t *testing.T, id string) *catalog.Catalog {
	t.Helper()
	cat := testCatalog(t)
	out := catalog.New(cat.AsOf)
	out.Regions = cat.Regions
	for k, e := range cat.Entries {
		e.Confidence = "O"
		if k == id {
			e.Confidence, e.Source = "U", "test:"+id
		}
		out.Entries[k] = e
	}
	if _, ok := out.Entries[id]; !ok {
		t.Fatalf("no entry %s", id)
	}
	return out
}

// TestCatalogSpreadMovesReaders: a U price's range moves exactly the
// options whose bills read it; every other option keeps P10 = P50 = P90 =
// the report's figure.
func TestCatalogSpreadMovesReaders(t *testing.T) {
	const id = "gcp.memorystore.redis.basic.m1.gb_hour"
	s := systemSpec(t)
	s.Ranges = nil
	cat := oneUnverified(t, id)
	base, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 20, Seed: 5, CatalogSpread: 0.15})
	if err != nil {
		t.Fatal(err)
	}
	if u.Catalog == nil || u.Catalog.Varied != 1 || u.Catalog.Unverified != 1 {
		t.Fatalf("catalog spread %+v, want one U price varied", u.Catalog)
	}
	moved := 0
	for i, cs := range u.Components {
		for _, o := range cs.Options {
			bo := base.Components[i].option(o.Platform)
			reads := bo.bill != nil && slices.Contains(bo.bill.Sources, "test:"+id)
			q := o.MonthlyUSD
			spread := !q.P10.Equal(q.P90)
			if reads != spread {
				t.Errorf("%s on %s: reads %s %v, P10..P90 %v..%v", cs.Name, o.Platform, id, reads, q.P10, q.P90)
			}
			if !spread && !q.P50.Equal(*bo.MonthlyUSD) {
				t.Errorf("%s on %s: P50 %v, want %v", cs.Name, o.Platform, q.P50, bo.MonthlyUSD)
			}
			if spread {
				moved++
				if !q.P10.LessThan(*bo.MonthlyUSD) || !q.P90.GreaterThan(*bo.MonthlyUSD) {
					t.Errorf("%s on %s: %v..%v does not bracket %v", cs.Name, o.Platform, q.P10, q.P90, bo.MonthlyUSD)
				}
			}
		}
	}
	if moved == 0 {
		t.Errorf("no option read %s", id)
	}
	// The tornado finds it, if the recommendation reads it.
	if rec := archNamed(base, "recommended"); rec != nil && slices.ContainsFunc(rec.Placement, func(p Placement) bool { return strings.Contains(p.Platform, "memorystore") }) {
		if len(u.Tornado) != 1 || u.Tornado[0].Input != catalogPrefix+id || u.Tornado[0].SwingUSD.IsZero() {
			t.Errorf("tornado %+v, want one bar for %s", u.Tornado, id)
		}
	}
}

// TestCatalogSpreadZero: --catalog-spread 0 varies nothing.
func TestCatalogSpreadZero(t *testing.T) {
	s := systemSpec(t)
	s.Ranges = nil
	cat := testCatalog(t)
	base, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	u, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 4, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if u.Catalog.Varied != 0 || len(u.Tornado) != 0 {
		t.Errorf("catalog %+v, tornado %+v: want nothing varied", u.Catalog, u.Tornado)
	}
	rec := archNamed(base, "recommended").MonthlyUSD
	if q := u.Recommendation.MonthlyUSD; !q.P10.Equal(*rec) || !q.P90.Equal(*rec) {
		t.Errorf("recommendation %v, want %v", q, rec)
	}
}
