package advisor

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
)

// The spreads of the catalog's tagged prices (docs/uncertainty.md#catalog-prices).
const (
	// DefaultCatalogSpread is the spread of a price tagged U (recalled from
	// the provider's page, not re-read): a lognormal with P10/P90 at
	// ÷/× 1.15 around the listed price.
	DefaultCatalogSpread = 0.15
	// secondaryShare: a price tagged S (secondary sources that agree)
	// spreads a third as far as a U one (±5 % by default).
	secondaryShare = 1.0 / 3
	// catalogScreen and catalogBars: the tornado screens the catalog's
	// varied prices by family (aws.rds, gcp.gce...), looks into the
	// catalogScreen families that move the recommended cost most for the
	// prices that do, and shows the catalogBars largest.
	catalogScreen = 5
	catalogBars   = 5
	// catalogPrefix marks a catalog price's tornado bar (catalog:<id>).
	catalogPrefix = "catalog:"
)

// CatalogSpread is what the run varied of the catalog
// (analysis.uncertainty.catalog).
type CatalogSpread struct {
	// SpreadUnverified and SpreadSecondary are the spreads of U and S
	// prices: P10/P90 at ÷/× (1 + spread) around the listed price.
	SpreadUnverified float64 `json:"spread_unverified"`
	SpreadSecondary  float64 `json:"spread_secondary"`
	// Varied counts the price entries the spec's region uses that were
	// varied, Unverified and Secondary by tag.
	Varied     int `json:"varied"`
	Unverified int `json:"unverified"`
	Secondary  int `json:"secondary"`
}

// pricedVar is one catalog price an uncertainty run varies.
type pricedVar struct {
	id     string
	spread float64
	rng    uncertainty.Range // lognormal around 1
}

// variedPrices lists, sorted by id, the prices of cat as the spec's region
// sees them that carry a spread: kind price, tagged U (spread) or S
// (spread × secondaryShare), not pinned by a user's price file.
func variedPrices(cat *catalog.Catalog, region string, spread float64) ([]pricedVar, *CatalogSpread, error) {
	cs := &CatalogSpread{SpreadUnverified: spread, SpreadSecondary: round4(spread * secondaryShare)}
	if spread <= 0 {
		cs.SpreadSecondary = 0
		return nil, cs, nil
	}
	rc, err := cat.InRegion(region)
	if err != nil {
		return nil, nil, fmt.Errorf("region: %w", err)
	}
	var out []pricedVar
	for _, id := range rc.IDs() {
		e := rc.Entries[id]
		if e.Kind != catalog.KindPrice || e.Overridden {
			continue
		}
		f := 0.0
		switch e.Confidence {
		case "U":
			f = spread
			cs.Unverified++
		case "S":
			f = spread * secondaryShare
			cs.Secondary++
		default:
			continue
		}
		out = append(out, pricedVar{id: id, spread: f, rng: uncertainty.Spread(1, f)})
	}
	cs.Varied = len(out)
	return out, cs, nil
}

func round4(f float64) float64 { return float64(int64(f*1e4+0.5)) / 1e4 }

// catalogRNG is sample k's stream for the catalog's prices: apart from the
// spec's inputs' stream, so that varying the catalog leaves their draws
// as they were.
func catalogRNG(seed uint64, k int) *rand.Rand {
	return rand.New(rand.NewPCG(seed^0xda942042e4dd58b5, uint64(k)+1))
}

// factor is a price multiplier as a decimal (six places: a millionth of
// the price, far below a cent on any bill here).
func factor(f float64) decimal.Decimal { return decimal.NewFromFloat(f).Round(6) }

// sampleCatalog is sample k's catalog: every varied price drawn from its
// range, in id order.
func (r *runner) sampleCatalog(seed uint64, k int) *catalog.Catalog {
	if len(r.varied) == 0 {
		return r.cat
	}
	rng := catalogRNG(seed, k)
	fs := make(map[string]decimal.Decimal, len(r.varied))
	for _, v := range r.varied {
		fs[v.id] = factor(v.rng.Sample(rng))
	}
	return r.cat.Scaled(fs)
}

// at is the catalog with the prices vs at their P10 (low) or P90.
func (r *runner) at(vs []pricedVar, low bool) *catalog.Catalog {
	fs := make(map[string]decimal.Decimal, len(vs))
	for _, v := range vs {
		f := v.rng.High()
		if low {
			f = v.rng.Low()
		}
		fs[v.id] = factor(f)
	}
	return r.cat.Scaled(fs)
}

// family is the group a price is screened in: its provider and service
// (aws.rds, gcp.gce, azure.redis).
func family(id string) string {
	parts := strings.SplitN(id, ".", 3)
	if len(parts) < 2 {
		return id
	}
	return parts[0] + "." + parts[1]
}

// mover is a varied price and the recommended architecture's cost with it
// at its P90.
type mover struct {
	v     pricedVar
	high  sampleResult
	delta decimal.Decimal
}

// catalogTornado finds the varied prices that move the recommended
// architecture's cost most and swings each across its range, the rest of
// the catalog and every input at P50. Screening: one analysis per family
// with all its prices at P90, then, in the catalogScreen families that
// move the cost most, a bisection down to the single prices that move it
// (a price no option of the recommendation reads moves nothing), then both
// ends of the catalogBars largest. workers bounds the analyses at once;
// tick counts each.
func (r *runner) catalogTornado(workers int, tick func()) ([]TornadoBar, error) {
	if len(r.varied) == 0 {
		return nil, nil
	}
	ref := r.baseRec()
	fams := map[string][]pricedVar{}
	for _, v := range r.varied {
		fams[family(v.id)] = append(fams[family(v.id)], v)
	}
	names := slices.Sorted(maps.Keys(fams))
	deltas := make([]decimal.Decimal, len(names))
	err := parallel(len(names), workers, func(j int) error {
		res, err := r.run(nil, r.at(fams[names[j]], false))
		if err != nil {
			return fmt.Errorf("catalog %s: %w", names[j], err)
		}
		deltas[j] = res.recUSD.Sub(ref)
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	order := make([]int, len(names))
	for j := range order {
		order[j] = j
	}
	slices.SortStableFunc(order, func(a, b int) int { return deltas[b].Abs().Cmp(deltas[a].Abs()) })
	var top []string
	for _, j := range order {
		if len(top) < catalogScreen && !deltas[j].IsZero() {
			top = append(top, names[j])
		}
	}
	found := make([][]mover, len(top))
	err = parallel(len(top), workers, func(j int) error {
		ms, err := r.bisect(fams[top[j]], tick)
		found[j] = ms
		return err
	})
	if err != nil {
		return nil, err
	}
	var all []mover
	for _, ms := range found {
		all = append(all, ms...)
	}
	slices.SortStableFunc(all, func(a, b mover) int {
		if c := b.delta.Abs().Cmp(a.delta.Abs()); c != 0 {
			return c
		}
		return cmp.Compare(a.v.id, b.v.id)
	})
	all = all[:min(len(all), catalogBars)]
	bars := make([]TornadoBar, len(all))
	err = parallel(len(all), workers, func(j int) error {
		m := all[j]
		low, err := r.run(nil, r.at([]pricedVar{m.v}, true))
		if err != nil {
			return fmt.Errorf("catalog %s: %w", m.v.id, err)
		}
		b := TornadoBar{Input: catalogPrefix + m.v.id, Low: round4(m.v.rng.Low()), High: round4(m.v.rng.High()),
			LowUSD: low.recUSD, HighUSD: m.high.recUSD}
		r.changes(&b, low)
		r.changes(&b, m.high)
		bars[j] = b
		tick()
		return nil
	})
	return bars, err
}

// bisect finds the prices of vs that move the recommended architecture's
// cost, halving the group while it moves it.
func (r *runner) bisect(vs []pricedVar, tick func()) ([]mover, error) {
	res, err := r.run(nil, r.at(vs, false))
	if err != nil {
		return nil, fmt.Errorf("catalog %s: %w", vs[0].id, err)
	}
	tick()
	d := res.recUSD.Sub(r.baseRec())
	if d.IsZero() {
		return nil, nil
	}
	if len(vs) == 1 {
		return []mover{{v: vs[0], high: res, delta: d}}, nil
	}
	lo, err := r.bisect(vs[:len(vs)/2], tick)
	if err != nil {
		return nil, err
	}
	hi, err := r.bisect(vs[len(vs)/2:], tick)
	return append(lo, hi...), err
}

// baseRec is the recommended architecture's cost in the report.
func (r *runner) baseRec() decimal.Decimal {
	if rec := archNamed(r.base, "recommended"); rec != nil && rec.MonthlyUSD != nil {
		return *rec.MonthlyUSD
	}
	return decimal.Zero
}

// changes adds to b the components res places elsewhere than the median.
func (r *runner) changes(b *TornadoBar, res sampleResult) {
	for i, p := range res.recomputed {
		if name := r.fast.Components[i].Name; p != r.fast.Components[i].Recommendation.Platform && !slices.Contains(b.ChangesRecommendation, name) {
			b.ChangesRecommendation = append(b.ChangesRecommendation, name)
		}
	}
}
