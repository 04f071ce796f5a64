package advisor

import (
	"fmt"
	"maps"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Defaults of an uncertainty run (docs/uncertainty.md).
const (
	DefaultUncertaintySamples = 200
	// DefaultTieMargin: options whose monthly costs are within 5 % of the
	// recommended one's are a tie.
	DefaultTieMargin = 0.05
	// flipReach: flip points are searched up to 10 × P90 and down to P10 ÷ 10.
	flipReach = 10.0
	// flipGrid and flipBisections: the steps of the flip-point search on
	// each side of the median, then the bisections of the step where the
	// recommendation changes (2^-12 of a step: well under 0.1 %).
	flipGrid       = 8
	flipBisections = 12
)

// UncertaintyOptions configure RunUncertainty.
type UncertaintyOptions struct {
	// Samples is how many samples to draw (default DefaultUncertaintySamples).
	Samples int
	// Seed seeds the samples (the analysis's seed when 0 is not wanted:
	// the CLI passes the spec's seed).
	Seed uint64
	// Workers is how many analyses run at once (default runtime.NumCPU()).
	Workers int
	// DefaultSpread gives every unranged volume and duration a lognormal
	// range with p10/p90 at ÷/× (1 + DefaultSpread); 0: no spread.
	DefaultSpread float64
	// TieMargin is the relative gap under which options tie (default
	// DefaultTieMargin).
	TieMargin float64
	// CatalogSpread gives every catalog price tagged U a lognormal range
	// with P10/P90 at ÷/× (1 + CatalogSpread) around the listed price, and
	// every price tagged S a third of that (the CLI's default is
	// DefaultCatalogSpread); 0: the catalog is as listed.
	CatalogSpread float64
	// Analysis are the options of each sample's analysis (NoSimulation and
	// Lean are set; Shape is kept).
	Analysis Options
	// Progress, when set, hears how many of the run's analyses are done.
	Progress func(done, total int)
}

// Uncertainty is what the ranges of a spec do to its costs and its
// recommendation (analysis.uncertainty in the JSON).
type Uncertainty struct {
	Samples   int     `json:"samples"`
	Seed      uint64  `json:"seed"`
	TieMargin float64 `json:"tie_margin"`
	// Inputs are the ranged fields, in path order.
	Inputs []Input `json:"inputs"`
	// Catalog is what the run varied of the catalog's prices.
	Catalog        *CatalogSpread       `json:"catalog"`
	Recommendation RecommendationSpread `json:"recommendation"`
	Architectures  []ArchitectureSpread `json:"architectures"`
	Components     []ComponentSpread    `json:"components"`
	Ties           []Tie                `json:"ties"`
	Tornado        []TornadoBar         `json:"tornado"`
	FlipPoints     []FlipPoint          `json:"flip_points"`
	Notes          []string             `json:"notes,omitempty"`
}

// Input is one ranged field of the spec.
type Input struct {
	Path  string            `json:"path"`
	Range uncertainty.Range `json:"range"`
	// Source says where the range comes from: "spec" or "default-spread".
	Source string `json:"source"`
}

// USDQuantiles are a monthly cost's P10, P50 and P90 over the samples.
type USDQuantiles = uncertainty.Quantiles[decimal.Decimal]

// RecommendationSpread is the recommended architecture over the samples.
type RecommendationSpread struct {
	Placement  []Placement  `json:"placement"`
	MonthlyUSD USDQuantiles `json:"monthly_usd"`
	// ProbabilityCheapest is the share of samples whose own recommendation
	// (the cheapest placement under the spec's constraints) is this
	// placement.
	ProbabilityCheapest float64 `json:"probability_cheapest"`
	// Confidence is ProbabilityCheapest in words: high (≥ 90 %), medium
	// (≥ 60 %) or low.
	Confidence string `json:"confidence"`
}

// ArchitectureSpread is one architecture over the samples.
type ArchitectureSpread struct {
	Name       string        `json:"name"`
	MonthlyUSD *USDQuantiles `json:"monthly_usd"`
	// ProbabilityCheapest is the share of samples in which the architecture
	// costs the least of all (architectures within a cent of the least all
	// count: recommended and recommended-on-gcp may both).
	ProbabilityCheapest float64 `json:"probability_cheapest"`
}

// ComponentSpread is one component's options over the samples.
type ComponentSpread struct {
	Name        string `json:"name"`
	Recommended string `json:"recommended"`
	// Confidence is the share of samples recommending the same platform.
	Confidence float64        `json:"confidence"`
	Options    []OptionSpread `json:"options"`
}

// OptionSpread is one feasible option over the samples.
type OptionSpread struct {
	Platform   string        `json:"platform"`
	MonthlyUSD *USDQuantiles `json:"monthly_usd"`
	// ProbabilityCheapest is the share of samples in which this is the
	// component's cheapest feasible option.
	ProbabilityCheapest float64 `json:"probability_cheapest"`
}

// Tie is a component whose recommended option and others are too close
// to call on cost.
type Tie struct {
	Component   string   `json:"component"`
	Recommended string   `json:"recommended"`
	With        []string `json:"with"`
	// GapPct is the largest gap to the recommended option, in % of it (P50).
	GapPct float64 `json:"gap_pct"`
	// DecidedBy is the non-cost factor that decides: single-cloud, team,
	// lock-in or latency; Why says how.
	DecidedBy string `json:"decided_by"`
	Why       string `json:"why"`
}

// TornadoBar is one input swung across its range, the others at P50.
type TornadoBar struct {
	Input    string          `json:"input"`
	Low      float64         `json:"low"`
	High     float64         `json:"high"`
	LowUSD   decimal.Decimal `json:"low_usd"`
	HighUSD  decimal.Decimal `json:"high_usd"`
	SwingUSD decimal.Decimal `json:"swing_usd"`
	// ChangesRecommendation names the components placed elsewhere at
	// either end (empty: the decision stands).
	ChangesRecommendation []string `json:"changes_recommendation,omitempty"`
}

// FlipPoint is where a component's recommended platform changes as one
// of its inputs moves.
type FlipPoint struct {
	Component string `json:"component"`
	Input     string `json:"input"`
	From      string `json:"from"`
	// Above and Below are the nearest values above and below the median
	// at which the recommendation changes (nil: not up to 10 × P90, or down
	// to P10 ÷ 10), with the platform it changes to.
	Above   *float64 `json:"above"`
	AboveTo string   `json:"above_to,omitempty"`
	Below   *float64 `json:"below"`
	BelowTo string   `json:"below_to,omitempty"`
}

// sampleResult is what one analysis contributes.
type sampleResult struct {
	placement  string // the recommendation's placement, as text
	recUSD     decimal.Decimal
	archs      map[string]*decimal.Decimal // name → corrected cost (nil: infeasible)
	options    [][]*decimal.Decimal        // per component, per platform of the base's options
	recomputed []string                    // per component, recommended platform
}

// runner holds what every analysis of a run shares.
type runner struct {
	spec   *workload.Spec
	cat    *catalog.Catalog
	opts   Options
	base   *Analysis // the report's analysis: the figures the samples are anchored to
	fast   *Analysis // the median spec's analysis with the fast model
	hints  *PlacementHints
	varied []pricedVar         // the catalog prices the samples vary
	optFix [][]decimal.Decimal // base − fast per option (the simulators' correction)
	simOut [][]bool            // options the simulators rule out at the median
	archFx map[string]decimal.Decimal
	basePl map[string]string // architecture name → base placement text
}

// RunUncertainty samples s's ranges through the fast average-rate model
// and reports the spread of each option's and architecture's cost, the
// probability each is the cheapest, the ties, the tornado of inputs and the
// flip points. base is the analysis the report shows (simulated or not);
// every sample is corrected by the difference between base and the fast
// model at the median, so a spec of zero spread gives base's figures.
func RunUncertainty(s *workload.Spec, cat *catalog.Catalog, base *Analysis, o UncertaintyOptions) (*Uncertainty, error) {
	if o.Samples <= 0 {
		o.Samples = DefaultUncertaintySamples
	}
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.TieMargin <= 0 {
		o.TieMargin = DefaultTieMargin
	}
	// The analyses allocate briskly and little survives one: collecting
	// less often makes the run about a third faster (docs/uncertainty.md).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	inputs := inputsOf(s, o.DefaultSpread)
	r := &runner{spec: s, cat: cat, base: base, hints: &PlacementHints{}}
	r.opts = o.Analysis
	r.opts.NoSimulation, r.opts.Lean, r.opts.Progress, r.opts.Sims = true, true, nil, nil
	r.opts.Hints = r.hints
	fast, err := Analyze(s, cat, r.opts)
	if err != nil {
		return nil, fmt.Errorf("median: %w", err)
	}
	r.fast = fast
	r.anchor()
	varied, cs, err := variedPrices(cat, s.Region, o.CatalogSpread)
	if err != nil {
		return nil, err
	}
	r.varied = varied

	flipComps := flipInputs(s, inputs)
	total := o.Samples + 2*len(inputs) + len(flipComps)
	if len(varied) > 0 {
		total += len(slices.CompactFunc(slices.Clone(varied), func(a, b pricedVar) bool { return family(a.id) == family(b.id) })) + 10*catalogScreen + catalogBars
	}
	var mu sync.Mutex
	done := 0
	tick := func() {
		if o.Progress == nil {
			return
		}
		mu.Lock()
		if done < total-1 {
			done++
		}
		o.Progress(done, total)
		mu.Unlock()
	}

	// The samples: sample k draws every input from its own stream.
	results := make([]sampleResult, o.Samples)
	err = parallel(o.Samples, o.Workers, func(k int) error {
		rng := uncertainty.SampleRNG(o.Seed, k)
		vals := make(map[string]float64, len(inputs))
		for _, in := range inputs {
			vals[in.Path] = in.Range.Sample(rng)
		}
		res, err := r.run(vals, r.sampleCatalog(o.Seed, k))
		if err != nil {
			return fmt.Errorf("sample %d: %w", k+1, err)
		}
		results[k] = res
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	u := &Uncertainty{Samples: o.Samples, Seed: o.Seed, TieMargin: o.TieMargin, Inputs: inputs, Catalog: cs,
		Ties: []Tie{}, Tornado: []TornadoBar{}, FlipPoints: []FlipPoint{}}
	r.aggregate(u, results)
	r.ties(u, results, o.TieMargin)

	// The tornado: each input at its P10 and P90, the others at P50.
	bars := make([]TornadoBar, len(inputs))
	err = parallel(2*len(inputs), o.Workers, func(j int) error {
		in := inputs[j/2]
		v := in.Range.Low()
		if j%2 == 1 {
			v = in.Range.High()
		}
		res, err := r.run(map[string]float64{in.Path: v}, nil)
		if err != nil {
			return fmt.Errorf("tornado %s: %w", in.Path, err)
		}
		mu.Lock()
		b := &bars[j/2]
		b.Input = in.Path
		if j%2 == 0 {
			b.Low, b.LowUSD = v, res.recUSD
		} else {
			b.High, b.HighUSD = v, res.recUSD
		}
		for i, p := range res.recomputed {
			if p != r.fast.Components[i].Recommendation.Platform && !slices.Contains(b.ChangesRecommendation, r.fast.Components[i].Name) {
				b.ChangesRecommendation = append(b.ChangesRecommendation, r.fast.Components[i].Name)
			}
		}
		mu.Unlock()
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	cbars, err := r.catalogTornado(o.Workers, tick)
	if err != nil {
		return nil, err
	}
	bars = append(bars, cbars...)
	for k := range bars {
		bars[k].SwingUSD = bars[k].HighUSD.Sub(bars[k].LowUSD).Abs()
		slices.SortFunc(bars[k].ChangesRecommendation, func(a, b string) int {
			return slices.IndexFunc(s.Components, func(c workload.Component) bool { return c.Name == a }) -
				slices.IndexFunc(s.Components, func(c workload.Component) bool { return c.Name == b })
		})
	}
	slices.SortStableFunc(bars, func(a, b TornadoBar) int {
		if c := b.SwingUSD.Cmp(a.SwingUSD); c != 0 {
			return c
		}
		return strings.Compare(a.Input, b.Input)
	})
	u.Tornado = bars

	// The flip points, one search per component with a ranged volume.
	flips := make([]FlipPoint, len(flipComps))
	err = parallel(len(flipComps), o.Workers, func(j int) error {
		fp, err := r.flip(flipComps[j])
		if err != nil {
			return err
		}
		flips[j] = fp
		tick()
		return nil
	})
	if err != nil {
		return nil, err
	}
	u.FlipPoints = flips
	if len(inputs) == 0 && len(varied) == 0 {
		u.Notes = append(u.Notes, "the spec gives no ranges: every sample is the same (give a field a range, or pass --default-spread)")
	}
	return u, nil
}

// inputsOf lists the spec's ranges and, with a default spread, a range
// for each unranged volume and duration.
func inputsOf(s *workload.Spec, spread float64) []Input {
	var out []Input
	for _, p := range slices.Sorted(maps.Keys(s.Ranges)) {
		if r := s.Ranges[p]; !r.Zero() {
			out = append(out, Input{Path: p, Range: r, Source: "spec"})
		}
	}
	if spread > 0 {
		for i, c := range s.Components {
			for _, f := range []string{"requests_per_month", "duration_ms"} {
				p := fmt.Sprintf("components[%d].%s", i, f)
				if _, ok := s.Ranges[p]; ok || (f == "requests_per_month" && c.RequestsDerived) {
					continue
				}
				if v := getPath(s, p); v > 0 {
					out = append(out, Input{Path: p, Range: uncertainty.Spread(v, spread), Source: "default-spread"})
				}
			}
		}
		slices.SortStableFunc(out, func(a, b Input) int { return strings.Compare(a.Path, b.Path) })
	}
	return out
}

// flipInputs are the inputs whose flip points are searched: each
// component's ranged requests_per_month.
func flipInputs(s *workload.Spec, inputs []Input) []Input {
	var out []Input
	for _, in := range inputs {
		if strings.HasPrefix(in.Path, "components[") && strings.HasSuffix(in.Path, "].requests_per_month") {
			out = append(out, in)
		}
	}
	return out
}

// anchor records, per option and architecture, what the base analysis
// (the simulators, where they ran) adds to the fast model at the median.
func (r *runner) anchor() {
	r.optFix = make([][]decimal.Decimal, len(r.fast.Components))
	r.simOut = make([][]bool, len(r.fast.Components))
	for i, fc := range r.fast.Components {
		r.optFix[i] = make([]decimal.Decimal, len(fc.Options))
		r.simOut[i] = make([]bool, len(fc.Options))
		for k, fo := range fc.Options {
			if i >= len(r.base.Components) {
				continue
			}
			bo := r.base.Components[i].option(fo.Platform)
			switch {
			case bo == nil:
			case !bo.Feasible && fo.Feasible:
				r.simOut[i][k] = true
			case bo.MonthlyUSD != nil && fo.MonthlyUSD != nil:
				r.optFix[i][k] = bo.MonthlyUSD.Sub(*fo.MonthlyUSD)
			}
		}
	}
	r.archFx, r.basePl = map[string]decimal.Decimal{}, map[string]string{}
	for _, fa := range r.fast.Architectures {
		ba := archNamed(r.base, fa.Name)
		if ba == nil || ba.MonthlyUSD == nil || fa.MonthlyUSD == nil {
			continue
		}
		r.archFx[fa.Name] = ba.MonthlyUSD.Sub(*fa.MonthlyUSD)
		r.basePl[fa.Name] = placementText(ba.Placement)
	}
}

func archNamed(a *Analysis, name string) *Architecture {
	for k := range a.Architectures {
		if a.Architectures[k].Name == name {
			return &a.Architectures[k]
		}
	}
	return nil
}

func placementText(ps []Placement) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Component + "=" + p.Platform
	}
	return strings.Join(parts, ",")
}

// run analyses the spec with values set, priced from cat (nil: the
// catalog as listed), and corrects its figures.
func (r *runner) run(values map[string]float64, cat *catalog.Catalog) (sampleResult, error) {
	if cat == nil {
		cat = r.cat
	}
	s, err := withValues(r.spec, values)
	if err != nil {
		return sampleResult{}, err
	}
	opts := r.opts
	opts.Hints = r.hintsCopy()
	a, err := Analyze(s, cat, opts)
	if err != nil {
		return sampleResult{}, err
	}
	res := sampleResult{archs: map[string]*decimal.Decimal{}}
	res.options = make([][]*decimal.Decimal, len(a.Components))
	res.recomputed = make([]string, len(a.Components))
	for i, c := range a.Components {
		res.options[i] = make([]*decimal.Decimal, len(c.Options))
		res.recomputed[i] = c.Recommendation.Platform
		for k, o := range c.Options {
			if !o.Feasible || o.MonthlyUSD == nil || r.simOut[i][k] {
				continue
			}
			v := o.MonthlyUSD.Add(r.optFix[i][k])
			res.options[i][k] = &v
		}
	}
	for _, x := range a.Architectures {
		if !x.Feasible || x.MonthlyUSD == nil {
			res.archs[x.Name] = nil
			continue
		}
		v := x.MonthlyUSD.Add(r.archFix(a, x))
		res.archs[x.Name] = &v
		if x.Name == "recommended" {
			res.placement, res.recUSD = placementText(x.Placement), v
		}
	}
	return res, nil
}

// archFix is the correction of architecture x of sample a: the exact one
// measured at the median when x places the components as it did there,
// else the sum of its serverless and managed options' corrections.
func (r *runner) archFix(a *Analysis, x Architecture) decimal.Decimal {
	if fx, ok := r.archFx[x.Name]; ok && r.basePl[x.Name] == placementText(x.Placement) {
		return fx
	}
	sum := decimal.Zero
	for _, p := range x.Placement {
		i := slices.IndexFunc(a.Components, func(c ComponentResult) bool { return c.Name == p.Component })
		if i < 0 || kindOf(p.Platform) == Kubernetes {
			continue
		}
		if k := slices.IndexFunc(a.Components[i].Options, func(o Option) bool { return o.Platform == p.Platform }); k >= 0 {
			sum = sum.Add(r.optFix[i][k])
		}
	}
	return sum
}

// hintsCopy gives each analysis its own copy of the median's placement
// hints, so that no analysis depends on which ran before it.
func (r *runner) hintsCopy() *PlacementHints {
	r.hints.mu.Lock()
	defer r.hints.mu.Unlock()
	return &PlacementHints{sets: maps.Clone(r.hints.sets)}
}

// aggregate computes the quantiles and probabilities over the samples.
func (r *runner) aggregate(u *Uncertainty, results []sampleResult) {
	n := float64(len(results))
	cmp := func(a, b decimal.Decimal) int { return a.Cmp(b) }
	basePlace := ""
	if rec := archNamed(r.base, "recommended"); rec != nil {
		basePlace = placementText(rec.Placement)
		u.Recommendation.Placement = rec.Placement
	}
	var recs []decimal.Decimal
	same := 0
	for _, res := range results {
		if res.placement != "" {
			recs = append(recs, res.recUSD)
		}
		if res.placement == basePlace {
			same++
		}
	}
	if len(recs) > 0 {
		u.Recommendation.MonthlyUSD = uncertainty.Of(recs, cmp)
	}
	u.Recommendation.ProbabilityCheapest = share(same, n)
	u.Recommendation.Confidence = confidenceWord(u.Recommendation.ProbabilityCheapest)

	wins := map[string]int{}
	for _, res := range results {
		var least *decimal.Decimal
		for _, v := range res.archs {
			if v != nil && (least == nil || v.LessThan(*least)) {
				least = v
			}
		}
		for name, v := range res.archs {
			if v != nil && least != nil && v.Sub(*least).LessThan(decimal.New(1, -2)) {
				wins[name]++
			}
		}
	}
	for _, fa := range r.fast.Architectures {
		as := ArchitectureSpread{Name: fa.Name, ProbabilityCheapest: share(wins[fa.Name], n)}
		var xs []decimal.Decimal
		for _, res := range results {
			if v := res.archs[fa.Name]; v != nil {
				xs = append(xs, *v)
			}
		}
		if len(xs) > 0 {
			q := uncertainty.Of(xs, cmp)
			as.MonthlyUSD = &q
		}
		u.Architectures = append(u.Architectures, as)
	}

	for i, fc := range r.fast.Components {
		cs := ComponentSpread{Name: fc.Name, Recommended: fc.Recommendation.Platform}
		if i < len(r.base.Components) {
			cs.Recommended = r.base.Components[i].Recommendation.Platform
		}
		agree := 0
		cheapest := make([]int, len(fc.Options))
		for _, res := range results {
			if res.recomputed[i] == cs.Recommended {
				agree++
			}
			best := -1
			for k, v := range res.options[i] {
				if v != nil && (best < 0 || v.LessThan(*res.options[i][best])) {
					best = k
				}
			}
			if best >= 0 {
				cheapest[best]++
			}
		}
		cs.Confidence = share(agree, n)
		for k, fo := range fc.Options {
			var xs []decimal.Decimal
			for _, res := range results {
				if v := res.options[i][k]; v != nil {
					xs = append(xs, *v)
				}
			}
			if len(xs) == 0 {
				continue
			}
			q := uncertainty.Of(xs, cmp)
			cs.Options = append(cs.Options, OptionSpread{Platform: fo.Platform, MonthlyUSD: &q, ProbabilityCheapest: share(cheapest[k], n)})
		}
		u.Components = append(u.Components, cs)
	}
}

func share(k int, n float64) float64 {
	if n == 0 {
		return 0
	}
	return math.Round(float64(k)/n*1e4) / 1e4
}

func confidenceWord(p float64) string {
	switch {
	case p >= 0.9:
		return "high"
	case p >= 0.6:
		return "medium"
	}
	return "low"
}

// ties finds, per component, the options too close to the recommended one
// to call on cost: a P50 within margin of it, or a paired difference whose
// P10–P90 spans zero (the marginal P10–P90 of options driven by the same
// inputs always overlap; the sample-by-sample difference says whether one
// is reliably cheaper).
func (r *runner) ties(u *Uncertainty, results []sampleResult, margin float64) {
	for i, cs := range u.Components {
		ri := slices.IndexFunc(r.fast.Components[i].Options, func(o Option) bool { return o.Platform == cs.Recommended })
		if ri < 0 {
			continue
		}
		rq := slices.IndexFunc(cs.Options, func(o OptionSpread) bool { return o.Platform == cs.Recommended })
		if rq < 0 {
			continue
		}
		recP50 := cs.Options[rq].MonthlyUSD.P50
		var with []string
		gap := 0.0
		for k, fo := range r.fast.Components[i].Options {
			if k == ri {
				continue
			}
			var diffs []float64
			for _, res := range results {
				a, b := res.options[i][k], res.options[i][ri]
				if a != nil && b != nil {
					diffs = append(diffs, a.Sub(*b).InexactFloat64())
				}
			}
			if len(diffs) == 0 {
				continue
			}
			q := slices.IndexFunc(cs.Options, func(o OptionSpread) bool { return o.Platform == fo.Platform })
			p50 := cs.Options[q].MonthlyUSD.P50
			rel := 0.0
			if !recP50.IsZero() {
				rel = math.Abs(p50.Sub(recP50).InexactFloat64() / recP50.InexactFloat64())
			}
			dq := uncertainty.Of(diffs, func(a, b float64) int { return cmpFloat(a, b) })
			spansZero := dq.P10 < 0 && dq.P90 > 0
			if rel <= margin || spansZero {
				with = append(with, fo.Platform)
				gap = max(gap, math.Round(rel*1000)/10)
			}
		}
		if len(with) == 0 {
			continue
		}
		t := Tie{Component: cs.Name, Recommended: cs.Recommended, With: with, GapPct: gap}
		t.DecidedBy, t.Why = r.decider(i, cs.Recommended, with)
		u.Ties = append(u.Ties, t)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// decider names the non-cost factor that settles a tie between the
// recommended option rec and the options with, and says how.
func (r *runner) decider(i int, rec string, with []string) (string, string) {
	c := r.spec.Components[i]
	main := r.mainCloud()
	other := 0
	for _, w := range with {
		if wc := platform.CloudOf(w); slices.Contains(workload.Clouds, wc) && wc != main {
			other++
		}
	}
	if main != "" && other == len(with) {
		return "single-cloud", fmt.Sprintf("%s keeps %s within the recommended architecture's clouds (%s); %s would add another cloud to run for a difference within the margin",
			platform.Name(rec), c.Name, cloudName(main), names(with))
	}
	for _, w := range with {
		if kindOf(w) == Kubernetes && kindOf(rec) != Kubernetes {
			return "team", fmt.Sprintf("%s needs no cluster to run; with %s platform engineer(s) the team's time decides against %s",
				platform.Name(rec), workload.Num(r.spec.Team.PlatformEngineers), platform.Name(w))
		}
		if kindOf(rec) == Kubernetes && kindOf(w) != Kubernetes {
			return "lock-in", fmt.Sprintf("%s runs the same container image on any cloud's Kubernetes, unlike %s", platform.Name(rec), platform.Name(w))
		}
	}
	if c.LatencySLOP99MS > 0 {
		return "latency", fmt.Sprintf("the p99 objective of %s ms: prefer the option with the fewer, shorter cold starts (see its simulation)", workload.Num(c.LatencySLOP99MS))
	}
	if portable(rec) {
		return "lock-in", fmt.Sprintf("%s runs a standard container image that moves to another cloud unchanged", platform.Name(rec))
	}
	return "lock-in", fmt.Sprintf("equal on cost: prefer whichever of %s and %s your code is least tied to", platform.Name(rec), names(with))
}

// mainCloud is the big cloud (aws, gcp, azure) most of the recommended
// architecture runs on, "" when there is none.
func (r *runner) mainCloud() string {
	rec := archNamed(r.base, "recommended")
	if rec == nil {
		return ""
	}
	n := map[string]int{}
	best := ""
	for _, p := range rec.Placement {
		c := platform.CloudOf(p.Platform)
		if !slices.Contains(workload.Clouds, c) {
			continue
		}
		n[c]++
		if best == "" || n[c] > n[best] || n[c] == n[best] && c < best {
			best = c
		}
	}
	return best
}

// portable reports a platform that runs a standard container image.
func portable(id string) bool {
	switch id {
	case workload.PlatformCloudRun, workload.PlatformFargate, workload.PlatformEKS, workload.PlatformGKE, workload.PlatformAKS:
		return true
	}
	return false
}

func names(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = platform.Name(id)
	}
	return strings.Join(out, ", ")
}

func cloudName(c string) string {
	switch c {
	case "aws":
		return "AWS"
	case "gcp":
		return "Google Cloud"
	case "azure":
		return "Microsoft Azure"
	}
	return c
}

// flip searches, for one component's ranged volume, the nearest values
// above and below the median at which its recommended platform changes.
func (r *runner) flip(in Input) (FlipPoint, error) {
	var i int
	fmt.Sscanf(in.Path, "components[%d]", &i)
	c := r.spec.Components[i]
	from := r.fast.Components[i].Recommendation.Platform
	fp := FlipPoint{Component: c.Name, Input: in.Path, From: from}
	med := in.Range.Median()
	if med <= 0 {
		return fp, nil
	}
	at := func(v float64) (string, error) {
		res, err := r.run(map[string]float64{in.Path: v}, nil)
		if err != nil {
			return "", fmt.Errorf("flip point of %s at %g: %w", c.Name, v, err)
		}
		return res.recomputed[i], nil
	}
	search := func(end float64) (*float64, string, error) {
		prev := med
		for g := 1; g <= flipGrid; g++ {
			v := med * math.Pow(end/med, float64(g)/flipGrid)
			p, err := at(v)
			if err != nil {
				return nil, "", err
			}
			if p == from {
				prev = v
				continue
			}
			lo, hi, to := prev, v, p // lo keeps from, hi does not
			for range flipBisections {
				mid := math.Sqrt(lo * hi)
				q, err := at(mid)
				if err != nil {
					return nil, "", err
				}
				if q == from {
					lo = mid
				} else {
					hi, to = mid, q
				}
			}
			x := math.Round(hi)
			return &x, to, nil
		}
		return nil, "", nil
	}
	var err error
	if fp.Above, fp.AboveTo, err = search(in.Range.High() * flipReach); err != nil {
		return fp, err
	}
	if low := in.Range.Low() / flipReach; low > 0 && low < med {
		if fp.Below, fp.BelowTo, err = search(low); err != nil {
			return fp, err
		}
	}
	return fp, nil
}

// parallel runs f(0..n-1) on workers goroutines and returns the first
// error by index (results go into slots indexed by k, so the outcome does
// not depend on the schedule).
func parallel(n, workers int, f func(k int) error) error {
	errs := make([]error, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				errs[k] = f(k)
			}
		}()
	}
	for k := range n {
		next <- k
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
