// Package planner answers "when does the answer flip": the monthly request
// volume at which a component's cheapest Kubernetes option costs the same as
// its cheapest serverless option (break-even), and a month-by-month plan for
// a system whose traffic grows. It is pure: a spec and a catalog in, results
// out; the models are the advisor's (internal/advisor). The method and its
// defaults are in docs/breakeven-and-plan.md.
package planner

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// SystemName labels the whole-system break-even.
const SystemName = "(system)"

// Defaults of the break-even search (docs/breakeven-and-plan.md).
const (
	// DefaultMinRequests and DefaultMaxRequests bound the volume range: from
	// a side project (10^4 a month) to about 38,000 requests a second (10^11).
	DefaultMinRequests = 1e4
	DefaultMaxRequests = 1e11
	// DefaultPointsPerDecade is the curve's resolution on the log axis.
	DefaultPointsPerDecade = 4
	// DefaultMaxNodes stops a curve where the cluster would need more nodes
	// at its peak: the cluster model packs pods one by one, so its cost grows
	// with the square of the pod count, and a fleet of that size is far past
	// any break-even the model can inform.
	DefaultMaxNodes = 400
	// tolerance is the relative width at which the bisection stops.
	tolerance = 0.01
)

// Config tunes a break-even search. The zero value means the defaults.
type Config struct {
	MinRequests     float64
	MaxRequests     float64
	PointsPerDecade int
	MaxNodes        int
	Options         advisor.Options
	// Progress, when set, hears how far the searches have got: priced
	// points against an estimate of the points they will price (the grid
	// and a few to narrow each crossing), each finished search counted whole.
	Progress func(done, total int)
	// point is called for each point priced (set per search by BreakEvens),
	// ctx checked before.
	point func()
	ctx   context.Context
}

func (c Config) withDefaults() Config {
	if c.MinRequests <= 0 {
		c.MinRequests = DefaultMinRequests
	}
	if c.MaxRequests <= c.MinRequests {
		c.MaxRequests = DefaultMaxRequests
	}
	if c.PointsPerDecade <= 0 {
		c.PointsPerDecade = DefaultPointsPerDecade
	}
	if c.MaxNodes <= 0 {
		c.MaxNodes = DefaultMaxNodes
	}
	return c
}

// Point is one volume on a break-even curve. Costs are nil where that side
// has no feasible option.
type Point struct {
	RequestsPerMonth   float64 `json:"requests_per_month"`
	ServerlessPlatform string  `json:"serverless_platform,omitempty"`
	// ServerlessUSD is the cheapest serverless option's monthly cost.
	ServerlessUSD      *decimal.Decimal `json:"serverless_usd"`
	KubernetesPlatform string           `json:"kubernetes_platform,omitempty"`
	// KubernetesUSD is the cheapest cluster of its own without the people
	// who run it; KubernetesWithPeopleUSD adds them.
	KubernetesUSD           *decimal.Decimal `json:"kubernetes_usd"`
	KubernetesWithPeopleUSD *decimal.Decimal `json:"kubernetes_with_people_usd"`
	// MaxNodes is the cheapest cluster's node count in its busiest hour.
	MaxNodes int `json:"max_nodes"`

	kube, kubePeople []platformCost // every Kubernetes platform
}

type platformCost struct {
	platform string
	usd      decimal.Decimal
}

// BreakEven is the answer for one component or for the whole system.
type BreakEven struct {
	Component string `json:"component"`
	// RequestsPerMonth is today's volume (the spec's).
	RequestsPerMonth float64 `json:"requests_per_month"`
	// ServerlessPlatform and KubernetesPlatform are the cheapest option of
	// each kind at the break-even (with people when it exists), else at
	// today's volume.
	ServerlessPlatform string `json:"serverless_platform"`
	KubernetesPlatform string `json:"kubernetes_platform"`
	// BreakEvenRequestsPerMonth is the lowest volume from which the cheapest
	// cluster, people left out, costs no more than the cheapest serverless
	// option; nil when the lines do not cross in the range, with Reason.
	BreakEvenRequestsPerMonth *float64 `json:"breakeven_requests_per_month"`
	Reason                    string   `json:"reason,omitempty"`
	// BreakEvenWithPeople counts the engineers a cluster takes.
	BreakEvenWithPeople *float64 `json:"breakeven_requests_per_month_with_people"`
	ReasonWithPeople    string   `json:"reason_with_people,omitempty"`
	// PeopleUSD is the monthly cost of the people a cluster takes.
	PeopleUSD decimal.Decimal `json:"people_usd"`
	// Components and Excluded list, for the system, which components are
	// scaled together and which are left out (no choice to make).
	Components []string `json:"components,omitempty"`
	Excluded   []string `json:"excluded,omitempty"`
	Notes      []string `json:"notes,omitempty"`
	Curve      []Point  `json:"curve"`
}

// evaluator prices one side-by-side point at a volume.
type evaluator func(requests float64) (Point, error)

// BreakEvens computes the break-even of every component of spec (or only of
// the one named only, when not empty) and, unless only is set, of the
// system: every component that can run both ways, scaled by one factor.
// Components are searched in parallel; the result is in spec order, system last.
//
// ctx is checked before every point priced: a cancelled search returns its
// error.
func BreakEvens(ctx context.Context, spec *workload.Spec, cat *catalog.Catalog, only string, cfg Config) ([]BreakEven, error) {
	cfg = cfg.withDefaults()
	cfg.ctx = ctx
	cfg.Options = memoOptions(cfg.Options, spec.HoursPerMonth, false)
	var idx []int
	for i, c := range spec.Components {
		if only == "" || c.Name == only {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("no component named %q", only)
	}
	// The system line needs only to know which components can run both
	// ways (at today's volume; feasibility does not depend on volume), so
	// it runs alongside the components, first because it is the longest.
	var both []bool
	if only == "" {
		both = make([]bool, len(spec.Components))
		for i, c := range spec.Components {
			one := *spec
			one.Components = []workload.Component{c}
			sd, err := advisor.PriceSides(&one, cat, cfg.Options)
			if err != nil {
				return nil, fmt.Errorf("break-even of %s: %w", c.Name, err)
			}
			both[i] = len(sd.Serverless[0]) > 0 && len(sd.Clusters) > 0
		}
	}
	type job struct {
		k   int // result slot; len(idx) = the system
		run func(Config) (BreakEven, error)
	}
	var jobs []job
	if only == "" {
		jobs = append(jobs, job{len(idx), func(cfg Config) (BreakEven, error) { return systemBreakEven(spec, cat, both, cfg) }})
	}
	for k, i := range idx {
		jobs = append(jobs, job{k, func(cfg Config) (BreakEven, error) { return componentBreakEven(spec, cat, i, cfg) }})
	}
	out := make([]BreakEven, len(idx)+1)
	errsOut := make([]error, len(idx)+1)
	// Progress: each search is expected to price its grid and a few points
	// narrowing its crossings.
	perSearch := int(math.Round(math.Log10(cfg.MaxRequests/cfg.MinRequests)*float64(cfg.PointsPerDecade))) + 1 + 8
	var pmu sync.Mutex
	counts := make([]int, len(idx)+1)
	report := func() {
		if cfg.Progress == nil {
			return
		}
		done := 0
		for _, c := range counts {
			done += min(c, perSearch)
		}
		cfg.Progress(done, perSearch*len(jobs))
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			jc := cfg
			jc.point = func() {
				pmu.Lock()
				defer pmu.Unlock()
				counts[j.k] = min(counts[j.k]+1, perSearch-1)
				report()
			}
			out[j.k], errsOut[j.k] = j.run(jc)
			pmu.Lock()
			counts[j.k] = perSearch
			report()
			pmu.Unlock()
		}()
	}
	wg.Wait()
	for k, err := range errsOut {
		if err == nil {
			continue
		}
		if k == len(idx) {
			return nil, fmt.Errorf("break-even of the system: %w", err)
		}
		return nil, fmt.Errorf("break-even of %s: %w", spec.Components[idx[k]].Name, err)
	}
	if only != "" {
		return out[:len(idx)], nil
	}
	return out, nil
}

// peopleCost is, per Kubernetes platform, what the people running a cluster
// add: the cluster priced with the spec's team minus the same cluster
// priced with team.cluster_engineers set to 0 (the operations hours, the
// same for a component on either side, stay in both and cancel).
func peopleCost(spec *workload.Spec, cat *catalog.Catalog, opts advisor.Options) (map[string]decimal.Decimal, *advisor.Sides, error) {
	with, err := advisor.PriceSides(spec, cat, opts)
	if err != nil {
		return nil, nil, err
	}
	noEngineers := *spec
	zero := 0.0
	noEngineers.Team.ClusterEngineers = &zero
	without, err := advisor.PriceSides(&noEngineers, cat, opts)
	if err != nil {
		return nil, nil, err
	}
	out := map[string]decimal.Decimal{}
	for _, a := range with.Clusters {
		for _, b := range without.Clusters {
			if a.Platform == b.Platform {
				out[a.Platform] = a.Bill.Total.Sub(b.Bill.Total)
			}
		}
	}
	return out, with, nil
}

// withoutPeople copies spec with no people on either side: no engineers
// for a cluster (team.cluster_engineers 0) and no operations hours for any
// component (team.ops_hours_per_component 0). The curves are priced so;
// "with people" adds the cluster's engineers back (peopleCost). Operations
// hours are the same for a component on every platform, so leaving them out
// of both sides moves no crossing.
func withoutPeople(spec *workload.Spec) *workload.Spec {
	s := *spec
	zero := 0.0
	// Both kinds of people: the engineers a cluster takes and the
	// operations hours every component takes on either side.
	s.Team.ClusterEngineers = &zero
	s.Team.OpsHoursPerComponent = &zero
	return &s
}

// sidesPoint turns priced sides into a curve point.
func sidesPoint(x float64, sd *advisor.Sides, people map[string]decimal.Decimal) Point {
	p := Point{RequestsPerMonth: x}
	// Serverless: every component on its cheapest option (one component for
	// a component curve).
	total := decimal.Zero
	ok := true
	plats := map[string]bool{}
	var plat string
	acct := accountLines{}
	for _, opts := range sd.Serverless {
		if len(opts) == 0 {
			ok = false
			break
		}
		best := opts[0]
		for _, o := range opts[1:] {
			if o.MonthlyUSD.LessThan(best.MonthlyUSD) {
				best = o
			}
		}
		total = acct.add(total, best.Platform, best.MonthlyUSD, best.LineItems)
		if !plats[best.Platform] {
			plats[best.Platform] = true
			if plat != "" {
				plat += "+"
			}
			plat += best.Platform
		}
	}
	if ok && len(sd.Serverless) > 0 {
		p.ServerlessUSD, p.ServerlessPlatform = &total, plat
	}
	for _, cl := range sd.Clusters {
		t := cl.Bill.Total
		p.kube = append(p.kube, platformCost{cl.Platform, t})
		p.kubePeople = append(p.kubePeople, platformCost{cl.Platform, t.Add(people[cl.Platform])})
		if p.KubernetesUSD == nil || t.LessThan(*p.KubernetesUSD) {
			p.KubernetesUSD, p.KubernetesPlatform, p.MaxNodes = &t, cl.Platform, cl.MaxNodes
		}
	}
	if b, ok := cheapest(p.kubePeople); ok {
		v := b.usd
		p.KubernetesWithPeopleUSD = &v
	}
	return p
}

// accountLines counts account-scoped lines (a plan's subscription, its
// usage credit) once per platform, keeping the largest, as the advisor's
// architecture totals do.
type accountLines map[[2]string]decimal.Decimal

// add adds an option's monthly cost to total, less any account-scoped line
// already counted for its platform.
func (a accountLines) add(total decimal.Decimal, platform string, monthly decimal.Decimal, lines []pricing.LineItem) decimal.Decimal {
	total = total.Add(monthly)
	for _, li := range lines {
		if li.Scope != pricing.ScopeAccount {
			continue
		}
		k := [2]string{platform, li.Name}
		prev, seen := a[k]
		if !seen {
			a[k] = li.Amount
			continue
		}
		drop := li.Amount
		if li.Amount.Abs().GreaterThan(prev.Abs()) {
			drop, a[k] = prev, li.Amount
		}
		total = total.Sub(drop)
	}
	return total
}

func cheapest(cs []platformCost) (platformCost, bool) {
	if len(cs) == 0 {
		return platformCost{}, false
	}
	b := cs[0]
	for _, c := range cs[1:] {
		if c.usd.LessThan(b.usd) {
			b = c
		}
	}
	return b, true
}

// gap is the cheapest cluster's cost minus the cheapest serverless option's
// (people in or out); ok is false when either side is missing.
func (p Point) gap(people bool) (float64, bool) {
	if p.ServerlessUSD == nil || p.KubernetesUSD == nil {
		return 0, false
	}
	k := p.KubernetesUSD
	if people {
		k = p.KubernetesWithPeopleUSD
	}
	return k.Sub(*p.ServerlessUSD).InexactFloat64(), true
}

func componentBreakEven(spec *workload.Spec, cat *catalog.Catalog, i int, cfg Config) (BreakEven, error) {
	c := spec.Components[i]
	one := *spec
	one.Components = []workload.Component{c}
	be := BreakEven{Component: c.Name, RequestsPerMonth: c.RequestsPerMonth}
	people, today, err := peopleCost(&one, cat, cfg.Options)
	if err != nil {
		return be, err
	}
	bare := withoutPeople(&one)
	eval := func(x float64) (Point, error) {
		s := *bare
		cc := c
		cc.RequestsPerMonth = x
		s.Components = []workload.Component{cc}
		sd, err := advisor.PriceSides(&s, cat, cfg.Options)
		if err != nil {
			return Point{}, err
		}
		return sidesPoint(x, sd, people), nil
	}
	if len(today.Serverless[0]) == 0 {
		be.Reason = "no feasible serverless option"
	}
	if len(today.Clusters) == 0 {
		be.Reason = joinReason(be.Reason, "no Kubernetes platform can run it")
		for _, p := range workload.Platforms {
			if why, ok := today.NoCluster[p]; ok {
				be.Reason += " (" + p + ": " + why + ")"
				break
			}
		}
	}
	be.PeopleUSD = maxPeople(people)
	if err := search(&be, eval, c.RequestsPerMonth, cfg); err != nil {
		return be, err
	}
	return be, nil
}

func joinReason(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "; " + b
}

func maxPeople(m map[string]decimal.Decimal) decimal.Decimal {
	out := decimal.Zero
	for _, v := range m {
		if v.GreaterThan(out) {
			out = v
		}
	}
	return out
}

// systemBreakEven scales every component that can run both ways by one
// common factor; the x axis is their total volume.
func systemBreakEven(spec *workload.Spec, cat *catalog.Catalog, both []bool, cfg Config) (BreakEven, error) {
	be := BreakEven{Component: SystemName}
	var sub []workload.Component
	base := 0.0
	for k, c := range spec.Components {
		if !both[k] {
			be.Excluded = append(be.Excluded, c.Name)
			continue
		}
		sub = append(sub, c)
		be.Components = append(be.Components, c.Name)
		base += c.RequestsPerMonth
	}
	be.RequestsPerMonth = base
	if len(sub) == 0 || base <= 0 {
		be.Reason = "no component can run both serverless and on Kubernetes"
		be.ReasonWithPeople = be.Reason
		be.Curve = []Point{}
		return be, nil
	}
	s := *spec
	s.Components = sub
	people, _, err := peopleCost(&s, cat, cfg.Options)
	if err != nil {
		return be, err
	}
	be.PeopleUSD = maxPeople(people)
	bare := withoutPeople(&s)
	eval := func(x float64) (Point, error) {
		f := x / base
		t := *bare
		t.Components = make([]workload.Component, len(sub))
		for k, c := range sub {
			c.RequestsPerMonth *= f
			c.ScaleConnections(f)
			t.Components[k] = c
		}
		sd, err := advisor.PriceSides(&t, cat, cfg.Options)
		if err != nil {
			return Point{}, err
		}
		return sidesPoint(x, sd, people), nil
	}
	if len(be.Excluded) > 0 {
		be.Notes = append(be.Notes, fmt.Sprintf("left out (only one kind of platform can run them): %v", be.Excluded))
	}
	be.Notes = append(be.Notes, "every component keeps its share of the total volume; the Kubernetes side is one shared cluster of them all")
	return be, search(&be, eval, base, cfg)
}

// search samples the curve on the log grid (stopping where the cluster
// would outgrow cfg.MaxNodes), then bisects the first crossing of each gap.
func search(be *BreakEven, eval evaluator, today float64, cfg Config) error {
	if cfg.point != nil || cfg.ctx != nil {
		priced := eval
		eval = func(x float64) (Point, error) {
			if cfg.ctx != nil {
				if err := cfg.ctx.Err(); err != nil {
					return Point{}, err
				}
			}
			if cfg.point != nil {
				cfg.point()
			}
			return priced(x)
		}
	}
	lo, hi := math.Log10(cfg.MinRequests), math.Log10(cfg.MaxRequests)
	n := int(math.Round((hi-lo)*float64(cfg.PointsPerDecade))) + 1
	be.Curve = []Point{}
	truncated := 0.0
	for k := range n {
		x := roundSig(math.Pow(10, lo+float64(k)/float64(cfg.PointsPerDecade)), 6)
		if len(be.Curve) > 0 {
			prev := be.Curve[len(be.Curve)-1]
			if float64(prev.MaxNodes)*x/prev.RequestsPerMonth > float64(cfg.MaxNodes) {
				truncated = prev.RequestsPerMonth
				break
			}
		}
		p, err := eval(x)
		if err != nil {
			return err
		}
		be.Curve = append(be.Curve, p)
	}
	if truncated > 0 {
		be.Notes = append(be.Notes, fmt.Sprintf("the curve stops at %s requests a month: above it the cluster would need more than %d nodes", num(truncated), cfg.MaxNodes))
	}
	top := be.Curve[len(be.Curve)-1].RequestsPerMonth
	var at Point
	base := be.Reason
	for _, people := range []bool{false, true} {
		x, reason, p, err := crossing(be.Curve, eval, people, top)
		if err != nil {
			return err
		}
		if people {
			be.BreakEvenWithPeople, be.ReasonWithPeople = x, joinReason(base, reason)
		} else {
			be.BreakEvenRequestsPerMonth, be.Reason = x, joinReason(base, reason)
		}
		if x != nil {
			at = p
		}
	}
	if at.ServerlessPlatform == "" && at.KubernetesPlatform == "" {
		p, err := eval(today)
		if err != nil {
			return err
		}
		at = p
	}
	be.ServerlessPlatform = at.ServerlessPlatform
	if b, ok := cheapest(at.kubePeople); ok {
		be.KubernetesPlatform = b.platform
	}
	return nil
}

// crossing finds the lowest volume from which the cluster costs no more than
// serverless: the first grid interval where the gap turns from positive to
// not positive, narrowed by bisection on the log axis until its ends are
// within tolerance. It returns the upper end (rounded to three significant
// figures) and the point there, or nil and the reason.
func crossing(curve []Point, eval evaluator, people bool, top float64) (*float64, string, Point, error) {
	first := -1
	for k, p := range curve {
		if _, ok := p.gap(people); ok {
			first = k
			break
		}
	}
	if first < 0 {
		return nil, "", Point{}, nil // the side-missing reason is already set
	}
	if g, _ := curve[first].gap(people); g <= 0 {
		return nil, fmt.Sprintf("Kubernetes is already as cheap at %s requests a month, the bottom of the range", num(curve[first].RequestsPerMonth)), Point{}, nil
	}
	for k := first + 1; k < len(curve); k++ {
		g, ok := curve[k].gap(people)
		if !ok || g > 0 {
			continue
		}
		a, b := curve[k-1], curve[k]
		// One secant round: interpolate the gap linearly on the log axis and
		// price just either side of the guess; when the costs are near linear
		// this brackets the crossing within tolerance at once. Bisection
		// finishes what is left (node counts make the gap step-wise).
		update := func(m Point) {
			if g, ok := m.gap(people); ok && g > 0 {
				a = m
			} else {
				b = m
			}
		}
		ga, _ := a.gap(people)
		la, lb := math.Log(a.RequestsPerMonth), math.Log(b.RequestsPerMonth)
		guess := la + ga/(ga-g)*(lb-la)
		half := 0.45 * math.Log1p(tolerance)
		for _, l := range []float64{guess - half, guess + half} {
			if l <= math.Log(a.RequestsPerMonth) || l >= math.Log(b.RequestsPerMonth) {
				continue
			}
			m, err := eval(math.Exp(l))
			if err != nil {
				return nil, "", Point{}, err
			}
			update(m)
		}
		for b.RequestsPerMonth/a.RequestsPerMonth > 1+tolerance {
			m, err := eval(math.Sqrt(a.RequestsPerMonth * b.RequestsPerMonth))
			if err != nil {
				return nil, "", Point{}, err
			}
			update(m)
		}
		x := roundSig(b.RequestsPerMonth, 3)
		return &x, "", b, nil
	}
	return nil, fmt.Sprintf("serverless stays cheaper up to %s requests a month", num(top)), Point{}, nil
}

// roundSig rounds x to n significant figures (exactly as printed).
func roundSig(x float64, n int) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	if err != nil {
		return x
	}
	return v
}

// num formats a volume the way the reports do (10M, 2.5B).
func num(x float64) string {
	switch {
	case x >= 1e9:
		return trim(x/1e9) + "B"
	case x >= 1e6:
		return trim(x/1e6) + "M"
	case x >= 1e3:
		return trim(x/1e3) + "k"
	}
	return trim(x)
}

func trim(x float64) string { return fmt.Sprintf("%.3g", x) }
