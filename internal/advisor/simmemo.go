package advisor

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
)

// A growth plan analyses the same spec at dozens of volumes. Everything but
// the two simulators is cheap at any volume; the simulators cost at least
// as much at every volume (a request budget, a simulated week; more above
// a few hundred requests a second), so a plan spent nearly all its time
// re-simulating options whose inputs differ only in their rate. SimMemo
// runs each simulator on a fixed geometric grid of rates instead and
// derives every month's figures from the two grid rates around it
// (docs/breakeven-and-plan.md#speed-of-a-plan).
//
//   - Grid: rates ratio^k requests a second (a cluster: the sum of its
//     members' rates), the same for every spec, so an entry is a pure
//     function of its key and the months may be analysed in any order.
//     SetSpan ends the grid at the plan's lowest and highest rates, which
//     are simulated as they are.
//   - Key: the platform, the component with its volume left out (its
//     shape, duration, memory, runtime, SLO...), the seed and the grid
//     point; for a cluster also its node types and its members' shares of
//     the cluster's rate (quantised to 1/16 of an octave).
//   - Serverless: the month's usage (busy and lifetime instance-seconds,
//     cold requests, billed GB-seconds, per request; the provisioned count)
//     is interpolated geometrically between the two grid rates. When they
//     disagree on anything discrete (feasible or not, instances provisioned
//     or not, the simulated method) the interval is halved, twice, and then
//     the month's own rate is simulated: verdicts never come from
//     interpolation. An interval whose upper end is past the platform's
//     instance ceiling ends at the highest rate the ceiling allows.
//   - Clusters: the ratio of simulated to estimated node-hours, per node
//     type, is interpolated the same way and applied to the month's own
//     hour-by-hour estimate, when both grid rates buy the month's node
//     types; when only one does, its ratio is used alone; when neither
//     does, the month's cluster is simulated.
//   - The SLO's provisioned count at a grid rate is searched from the count
//     at the grid rate below (minProvisioned).
//
// A quantity that is a power of the rate between two grid rates is
// interpolated exactly; the error is the curvature of its logarithm against
// the log of the rate. TestPlanAgreesWithFullAnalysis measures it.
type SimMemo struct {
	ratio    float64
	mu       sync.Mutex
	jobs     map[string]*memoJob
	clusters map[string]*memoCluster
	spans    map[string][2]float64

	// Simulated counts the simulator runs (grid rates and exact fallbacks),
	// Derived the options and clusters priced from the grid.
	Simulated, Derived atomic.Int64
}

// SetSpan tells the memo the lowest and highest mean rates (requests a
// second) component will be analysed at. The grid then ends there: those
// two rates are simulated as they are, so a plan's first and last months
// are exact and no grid rate beyond its range is simulated. The months
// between the last grid rate and the highest then depend on the horizon
// (within the tolerance).
func (sm *SimMemo) SetSpan(component string, lo, hi float64) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	sm.spans[component] = [2]float64{lo, hi}
}

func (sm *SimMemo) span(component string) (float64, float64) {
	sm.mu.Lock()
	defer sm.mu.Unlock()
	if s, ok := sm.spans[component]; ok {
		return s[0], s[1]
	}
	return 0, math.Inf(1)
}

// planWindows is the fewest hourly windows a plan's serverless simulation
// keeps (serverless.Month.MinWindows) when 24 would run past the request
// budget: four windows six hours apart (night, morning, afternoon,
// evening), the midpoint rule on a daily cycle. Above about a thousand
// requests a second every window's warm-up (three cold starts) holds more
// requests than its share of the budget, so 24 windows would simulate up
// to ten times the budget for figures that vary smoothly over the day.
// TestPlanAgreesWithFullAnalysis bounds what it moves.
const planWindows = 4

// planBudget is the requests a plan's serverless simulation runs (simBudget
// for an analysis): a plan reads the grid's figures per request, which
// the months' interpolation averages, and its verdicts where the grid
// disagrees are simulated again at the month's own rate.
const planBudget = 40_000

// DefaultSimGrid is the ratio between neighbouring grid rates: one octave.
const DefaultSimGrid = 2.0

// NewSimMemo returns an empty memo with grid rates ratio apart (≤ 1 means
// DefaultSimGrid).
func NewSimMemo(ratio float64) *SimMemo {
	if !(ratio > 1) {
		ratio = DefaultSimGrid
	}
	return &SimMemo{ratio: ratio, jobs: map[string]*memoJob{}, clusters: map[string]*memoCluster{}, spans: map[string][2]float64{}}
}

type memoJob struct {
	once sync.Once
	out  simOutcome
	ok   bool // false: the grid rate cannot be simulated (a cap, an error)
}

type memoCluster struct {
	once  sync.Once
	ok    bool
	ratio float64 // simulated over estimated node cost
	types string  // the node types the grid's cluster bought (typesOf)
	sim   ClusterSimulation
}

// typesOf names a sized cluster's node types, in order.
func typesOf(r *ClusterResult) string {
	var b strings.Builder
	for _, g := range r.NodeGroups {
		b.WriteString(g.Type)
		b.WriteByte(',')
	}
	return b.String()
}

// grid returns the grid index below rate and the two grid rates around it.
func (sm *SimMemo) grid(rate float64) (int, float64, float64) {
	k := int(math.Floor(math.Log(rate) / math.Log(sm.ratio)))
	lo := math.Pow(sm.ratio, float64(k))
	if lo > rate { // rounding at a grid rate
		k--
		lo = math.Pow(sm.ratio, float64(k))
	}
	return k, lo, math.Pow(sm.ratio, float64(k+1))
}

// volumeFree is a component's description without its volume.
func volumeFree(d demand) string {
	c := d.C
	c.RequestsPerMonth = 0
	b, err := json.Marshal(c)
	if err != nil { // plain data: cannot fail
		return fmt.Sprintf("%+v", c)
	}
	return string(b)
}

// atRate is d at another mean rate (the shape, and so the hourly peak
// factors, do not depend on it).
func atRate(d demand, rate float64) demand {
	d.Rate = rate
	d.C.RequestsPerMonth = rate * d.Hours * 3600
	return d
}

// simLevels is how many times an interval of the grid whose two ends
// disagree on something discrete is halved (on a log scale) before the
// month's own rate is simulated: the finest intervals are ratio^(1/4) wide.
const simLevels = 2

// gridRate is the rate of grid point i at level l: ratio^(i / 2^l).
func (sm *SimMemo) gridRate(l, i int) float64 {
	return math.Pow(sm.ratio, float64(i)/float64(int(1)<<l))
}

// gridAt returns the index below rate at level l.
func (sm *SimMemo) gridAt(l int, rate float64) int {
	i := int(math.Floor(math.Log(rate) / math.Log(sm.ratio) * float64(int(1)<<l)))
	if sm.gridRate(l, i) > rate { // rounding at a grid rate
		i--
	}
	return i
}

// simulateJob runs j's simulation, through the memo when there is one.
func (e env) simulateJob(j *simJob) simOutcome {
	sm := e.opts.Sims
	if sm == nil || !(j.d.Rate > 0) {
		return simulate(e, j)
	}
	rmin, rmax := sm.span(j.d.C.Name)
	for l := 0; l <= simLevels; l++ {
		i := sm.gridAt(l, j.d.Rate)
		lo, hi := sm.gridRate(l, i), sm.gridRate(l, i+1)
		var a, b simOutcome
		var okA, okB bool
		// The grid stops at the rates the plan asks for: the lowest and
		// highest are simulated as they are rather than a grid rate beyond
		// them (up to twice the highest).
		if lo < rmin && rmin <= j.d.Rate {
			lo = rmin
			a, okA = sm.at(e, j, "min", rmin)
		} else {
			a, okA = sm.gridJob(e, j, l, i)
		}
		if hi > rmax && rmax >= j.d.Rate {
			hi = rmax
			b, okB = sm.at(e, j, "max", rmax)
		} else {
			b, okB = sm.gridJob(e, j, l, i+1)
		}
		if hi/lo < 1+1e-9 { // the rate is an end of the span
			if okA {
				sm.Derived.Add(1)
				return a
			}
			break
		}
		if hi == rmax && j.d.Rate/hi > 1-1e-9 { // the highest rate: simulated as it is
			if okB {
				sm.Derived.Add(1)
				return b
			}
			break
		}
		if okA && !okB {
			// hi may be past the option's instance ceiling: the interval
			// then ends at the highest rate the ceiling allows.
			if rc := capRate(e, j, lo, hi); rc > j.d.Rate {
				hi = rc
				b, okB = sm.at(e, j, fmt.Sprintf("cap %d/%d", l, i), rc)
			}
		}
		if okA && okB && outcomeClass(a, j) == outcomeClass(b, j) {
			sm.Derived.Add(1)
			t := math.Log(j.d.Rate/lo) / math.Log(hi/lo)
			return interpolateOutcome(a, b, t, lo, hi, j.d.Rate)
		}
	}
	sm.Simulated.Add(1)
	return simulate(e, j)
}

// capRate is the highest rate in [lo, hi] at which j's platform can still
// raise its instance cap enough (to 1 part in 10⁶), or 0 when lo cannot.
func capRate(e env, j *simJob, lo, hi float64) float64 {
	ok := func(r float64) bool { return instanceCap(e, atRate(j.d, r), j.platform).infeasible.Text == "" }
	if !ok(lo) || ok(hi) {
		return 0
	}
	for hi/lo > 1+1e-6 {
		mid := math.Sqrt(lo * hi)
		if ok(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// gridJob is j simulated at grid point i of level l.
func (sm *SimMemo) gridJob(e env, j *simJob, l, i int) (simOutcome, bool) {
	for l > 0 && i%2 == 0 { // the same point on a coarser level
		l, i = l-1, i/2
	}
	return sm.at(e, j, fmt.Sprintf("%d/%d", l, i), sm.gridRate(l, i))
}

// at is j simulated at rate (point names it in the memo's key).
func (sm *SimMemo) at(e env, j *simJob, point string, rate float64) (simOutcome, bool) {
	key := fmt.Sprintf("%s|%d|%g|%s|%s", j.platform, j.seed, j.d.Hours, point, volumeFree(j.d))
	sm.mu.Lock()
	en := sm.jobs[key]
	if en == nil {
		en = &memoJob{}
		sm.jobs[key] = en
	}
	sm.mu.Unlock()
	en.once.Do(func() {
		d := atRate(j.d, rate)
		cp := instanceCap(e, d, j.platform)
		if cp.infeasible.Text != "" {
			return
		}
		g := &simJob{d: d, platform: j.platform, conc: simConcurrency(d, j.platform), seed: j.seed,
			maxInstances: cp.max, defaultMax: cp.defaultMax}
		// The SLO's provisioned count grows about like the rate: start its
		// search from the grid rate below's, scaled (the grid's points
		// below 1 request a second search from one instance).
		if k := sm.gridAt(0, rate); k > 0 || (k == 0 && rate > 1) {
			if sm.gridRate(0, k) >= rate {
				k--
			}
			if k >= 0 {
				below, ok := sm.gridJob(e, j, 0, k)
				switch {
				case !ok || below.fix == nil:
				case below.fix.Met && below.fix.Provisioned > 0:
					// Scaled like the rate, or by the power of the rate the
					// two grid rates below show.
					pb, exp := float64(below.fix.Provisioned), 1.0
					if k > 0 {
						if b2, ok := sm.gridJob(e, j, 0, k-1); ok && b2.fix != nil && b2.fix.Met && b2.fix.Provisioned > 0 {
							exp = min(max(math.Log(pb/float64(b2.fix.Provisioned))/math.Log(sm.ratio), 0.5), 2)
						}
					}
					g.provisionHint = int(math.Ceil(pb * math.Pow(rate/sm.gridRate(0, k), exp)))
				case !below.fix.Met:
					g.provisionHint = unreachableSLO
				}
			}
		}
		sm.Simulated.Add(1)
		en.out = simulate(e, g)
		en.ok = en.out.err == nil
	})
	return en.out, en.ok
}

// outcomeClass is everything discrete about a simulated option that its
// feasibility or its bill depends on: two grid rates of the same class may
// be interpolated between.
func outcomeClass(o simOutcome, j *simJob) string {
	x := *j
	x.out = o
	feasible := sloInfeasible(&x) == ""
	if simDegraded(o.sim, serviceP99MS(j.d)) != "" && j.d.C.LatencySLOP99MS > 0 && o.fix == nil {
		feasible = false
	}
	method, _, _ := strings.Cut(o.summary.Method, " ")
	if strings.Contains(o.summary.Method, "windows") { // 24 hourly, or fewer (planWindows)
		method = "windows"
	}
	return fmt.Sprintf("%s|%t|%t", method, feasible, feasible && o.fix != nil && o.fix.Provisioned > 0)
}

// geo interpolates geometrically (linearly where either end is not
// positive) at t ∈ [0, 1].
func geo(a, b, t float64) float64 {
	if a > 0 && b > 0 {
		return math.Exp((1-t)*math.Log(a) + t*math.Log(b))
	}
	return a + (b-a)*t
}

// interpolateOutcome derives the outcome at rate from the grid rates lo
// and hi (t is rate's place between them on a log scale): the figures the
// bill reads are interpolated per request and scaled to rate; the rest
// (percentiles, fractions, the method) are those of the nearer grid rate.
func interpolateOutcome(a, b simOutcome, t, lo, hi, rate float64) simOutcome {
	near := a
	if t > 0.5 {
		near = b
	}
	out := near
	sim := *near.sim
	out.sim = &sim
	out.summary = interpolateSummary(a.summary, b.summary, t, lo, hi, rate)
	if near.fix != nil {
		fix := *near.fix
		fix.Summary = interpolateSummary(a.fix.Summary, b.fix.Summary, t, lo, hi, rate)
		fix.Provisioned = int(math.Round(geo(float64(a.fix.Provisioned), float64(b.fix.Provisioned), t)))
		out.fix = &fix
		sim.Provisioned = fix.Provisioned
	}
	s := out.summary
	sim.SimulatedRequests, sim.MeanInstances = s.SimulatedRequests, s.MeanInstances
	return out
}

func interpolateSummary(a, b serverless.Summary, t, lo, hi, rate float64) serverless.Summary {
	near := a
	if t > 0.5 {
		near = b
	}
	out := near
	// per request at each grid rate, interpolated, times the month's requests
	per := func(x, y float64) float64 { return geo(x/lo, y/hi, t) * rate }
	out.BusyInstanceSeconds = per(a.BusyInstanceSeconds, b.BusyInstanceSeconds)
	out.InstanceSeconds = per(a.InstanceSeconds, b.InstanceSeconds)
	out.RequestSeconds = per(a.RequestSeconds, b.RequestSeconds)
	out.BilledOnDemandGBSeconds = per(a.BilledOnDemandGBSeconds, b.BilledOnDemandGBSeconds)
	out.BilledProvisionedGBSeconds = per(a.BilledProvisionedGBSeconds, b.BilledProvisionedGBSeconds)
	out.BilledGBSeconds = out.BilledOnDemandGBSeconds + out.BilledProvisionedGBSeconds
	out.ProvisionedGBSeconds = geo(a.ProvisionedGBSeconds, b.ProvisionedGBSeconds, t)
	out.ColdRequests = int64(math.Round(per(float64(a.ColdRequests), float64(b.ColdRequests))))
	out.ColdStarts = int64(math.Round(per(float64(a.ColdStarts), float64(b.ColdStarts))))
	out.Requests = int64(math.Round(per(float64(a.Requests), float64(b.Requests))))
	out.Served = int64(math.Round(per(float64(a.Served), float64(b.Served))))
	out.MeanInstances = geo(a.MeanInstances, b.MeanInstances, t)
	return out
}

// simulateClusterMemo is simulateCluster through the memo: the ratio of the
// simulated to the estimated node cost, interpolated between the two grid
// rates around the cluster's total rate, applied to every node group of r's
// own estimate.
//
// With verdictsOnly (the shared clusters' latency judging, whose bills a
// plan does not read) the grid's verdicts are enough; otherwise the grid
// clusters must also buy the month's node types, or the month's cluster is
// simulated (the autoscaler's correction depends on the nodes it buys).
func (m *clusterModel) simulateClusterMemo(r *ClusterResult, sm *SimMemo, verdictsOnly bool) error {
	var members []member
	total := 0.0
	for _, name := range r.Components {
		for _, i := range m.memberSet() {
			if mb := m.members[i]; mb.d.C.Name == name {
				members = append(members, mb)
				total += mb.d.Rate
			}
		}
	}
	if !(total > 0) {
		return m.simulateCluster(r)
	}
	k, lo, hi := sm.grid(total)
	// The members' spans bound the cluster's (exact when they grow alike).
	rmin, rmax := 0.0, 0.0
	for _, mb := range members {
		a, b := sm.span(mb.d.C.Name)
		rmin, rmax = rmin+a, rmax+b
	}
	ka, kb := k, k+1
	if lo < rmin && rmin <= total {
		lo, ka = rmin, spanMin
	}
	if hi > rmax && rmax >= total {
		hi, kb = rmax, spanMax
	}
	a, okA := sm.gridCluster(m, members, total, ka, lo)
	b, okB := sm.gridCluster(m, members, total, kb, hi)
	if types := typesOf(r); !verdictsOnly && okA && okB && (a.types == types) != (b.types == types) &&
		degradedSet(a.sim, members) == degradedSet(b.sim, members) {
		// Only one end buys the month's node types: its correction stands
		// for the interval (where the cheapest types change with the
		// volume, the neighbouring months usually buy the larger end's).
		if a.types == types {
			b = a
		} else {
			a = b
		}
	}
	if !okA || !okB || degradedSet(a.sim, members) != degradedSet(b.sim, members) ||
		(!verdictsOnly && (a.types != typesOf(r) || b.types != typesOf(r))) {
		// A member with an SLO degraded at one grid rate and not at the
		// other, or other node types: the cluster's own simulation decides.
		sm.Simulated.Add(1)
		return m.simulateCluster(r)
	}
	sm.Derived.Add(1)
	t := 0.0
	if hi/lo > 1+1e-9 {
		t = math.Log(total/lo) / math.Log(hi/lo)
	}
	near := a
	if t > 0.5 {
		near = b
	}
	sim := near.sim
	ratio := geo(a.ratio, b.ratio, t)
	sim.NodeHours = map[string]float64{}
	for _, g := range r.NodeGroups {
		sim.NodeHours[g.Type] += g.NodeHours * ratio
	}
	sim.EstimatedHours = r.NodeHours + r.GPUNodeHours
	sim.MaxNodes = r.MaxNodes
	sim.Timeline = nil
	sim.Deployments = slices.Clone(sim.Deployments) // the grid's verdicts, the same at both rates
	return m.reprice(r, &sim, members)
}

// degradedSet names the members with a latency SLO that a simulated
// cluster finds degraded: those judgeCluster takes off the cluster (the
// others' verdict only adds a reason, which a plan does not read).
func degradedSet(sim ClusterSimulation, members []member) string {
	var names []string
	for _, d := range sim.Deployments {
		if d.Degraded == "" {
			continue
		}
		for _, mb := range members {
			if mb.d.C.Name == d.Component && mb.d.C.LatencySLOP99MS > 0 {
				names = append(names, d.Component)
			}
		}
	}
	slices.Sort(names)
	return strings.Join(names, ",")
}

// spanMin and spanMax stand for the grid index of a span's ends in a
// cluster's memo key.
const (
	spanMin = math.MinInt32
	spanMax = math.MaxInt32
)

// nodeCost is what r's node groups cost at their hourly prices.
func (m *clusterModel) nodeCost(r *ClusterResult) float64 {
	c := 0.0
	for _, g := range r.NodeGroups {
		c += g.NodeHours * m.nodeTypeNamed(g.Type).hourlyF
	}
	return c
}

// gridCluster sizes and simulates the cluster of members, in their
// quantised shares, at a grid rate, and keeps the ratio of the simulated
// node cost to the estimated one.
func (sm *SimMemo) gridCluster(m *clusterModel, members []member, total float64, k int, rate float64) (*memoCluster, bool) {
	const shareSteps = 16 // per octave
	shares := make([]float64, len(members))
	sum := 0.0
	var key strings.Builder
	fmt.Fprintf(&key, "%s|%d|%d|%g", m.platform, m.e.spec.Seed, k, rate)
	for i, mb := range members {
		q := math.Round(math.Log2(mb.d.Rate/total) * shareSteps)
		shares[i] = math.Exp2(q / shareSteps)
		sum += shares[i]
		fmt.Fprintf(&key, "|%g|%s", q, volumeFree(mb.d))
	}
	sm.mu.Lock()
	en := sm.clusters[key.String()]
	if en == nil {
		en = &memoCluster{}
		sm.clusters[key.String()] = en
	}
	sm.mu.Unlock()
	en.once.Do(func() {
		// A model of its own: every cache that holds members' figures is
		// fresh, so the grid's scaled members never reach m's.
		tmp := *m
		tmp.members, tmp.tuples, tmp.tupleOf, tmp.order, tmp.sized, tmp.used = map[int]member{}, nil, nil, nil, nil, nil
		var set []int
		for i, mb := range members {
			if why := tmp.add(mb.idx, atRate(mb.d, rate*shares[i]/sum)); len(why) > 0 {
				return
			}
			set = append(set, mb.idx)
		}
		est, err := tmp.size(set)
		if err != nil {
			return
		}
		before := tmp.nodeCost(est)
		en.types = typesOf(est)
		sm.Simulated.Add(1)
		if err := tmp.simulateCluster(est); err != nil || before <= 0 {
			return
		}
		en.ratio, en.sim = tmp.nodeCost(est)/before, *est.Simulation
		en.ok = true
	})
	return en, en.ok
}

// unreachableSLO is the provision hint of a rate whose next lower grid
// rate could not meet its SLO at all.
const unreachableSLO = -1

// topFirst tries the unprovisioned month and then the most instances the
// search would try; it returns the search's answer when that settles it
// (the SLO met unprovisioned, or missed even then), else nil.
func topFirst(cfg serverless.Config, m serverless.Month, slo float64, seed uint64) (*serverless.SLOResult, error) {
	eval := func(n int) (serverless.Summary, error) {
		c := cfg
		c.Provisioned = n
		return serverless.MonthSummary(c, m, seed)
	}
	lo := cfg.Provisioned
	s0, err := eval(lo)
	if err != nil {
		return &serverless.SLOResult{}, err
	}
	if s0.Latency.P99 <= slo {
		return &serverless.SLOResult{Provisioned: lo, Met: true, Summary: s0, Evaluations: 1}, nil
	}
	conc := max(cfg.ConcurrencyPerInstance, 1)
	top := max((s0.MaxConcurrency+conc-1)/conc, lo+1)
	if cfg.MaxInstances > 0 && top > cfg.MaxInstances {
		top = cfg.MaxInstances
	}
	if top <= lo {
		return &serverless.SLOResult{Provisioned: lo, Met: false, Summary: s0, Evaluations: 1}, nil
	}
	st, err := eval(top)
	if err != nil {
		return &serverless.SLOResult{}, err
	}
	if st.Latency.P99 > slo {
		return &serverless.SLOResult{Provisioned: top, Met: false, Summary: st, Evaluations: 2}, nil
	}
	return nil, nil
}

// minProvisioned is serverless.MinProvisionedForSLO, or with a hint a
// search that starts there: the hint, then steps of a sixteenth of it,
// doubling, up until the SLO holds or down until it fails,
// then bisection to within 1/32 of the count (a provisioned count at most
// about 3 % above the fewest). A grid rate needs about half the
// simulations the search from one instance does.
//
// The hint unreachableSLO says that a lower rate could not meet the SLO
// with every instance warm: the search then tries that many first, and
// when that fails too, stops there (two simulations instead of a dozen).
func minProvisioned(cfg serverless.Config, m serverless.Month, slo float64, seed uint64, hint int) (serverless.SLOResult, error) {
	if hint == unreachableSLO {
		r, err := topFirst(cfg, m, slo, seed)
		if err != nil || r != nil {
			return *r, err
		}
		hint = 0
	}
	if hint <= 0 {
		return serverless.MinProvisionedForSLO(cfg, m, slo, seed)
	}
	evals := 0
	eval := func(n int) (serverless.Summary, error) {
		evals++
		c := cfg
		c.Provisioned = n
		return serverless.MonthSummary(c, m, seed)
	}
	lo := cfg.Provisioned
	s0, err := eval(lo)
	if err != nil {
		return serverless.SLOResult{}, err
	}
	if s0.Latency.P99 <= slo {
		return serverless.SLOResult{Provisioned: lo, Met: true, Summary: s0, Evaluations: evals}, nil
	}
	conc := max(cfg.ConcurrencyPerInstance, 1)
	top := max((s0.MaxConcurrency+conc-1)/conc, lo+1)
	if cfg.MaxInstances > 0 && top > cfg.MaxInstances {
		top = cfg.MaxInstances
	}
	if top <= lo {
		return serverless.SLOResult{Provisioned: lo, Met: false, Summary: s0, Evaluations: evals}, nil
	}
	hi := min(max(lo+hint, lo+1), top)
	hiSum, err := eval(hi)
	if err != nil {
		return serverless.SLOResult{}, err
	}
	if hiSum.Latency.P99 <= slo {
		// The hint holds: step down by a sixteenth of it, doubling, until
		// a count fails (or the unprovisioned one, which did, is reached).
		floor := lo
		for step := max(hint/16, 1); ; step *= 2 {
			next := hi - step
			if next <= floor {
				break
			}
			s, err := eval(next)
			if err != nil {
				return serverless.SLOResult{}, err
			}
			if s.Latency.P99 > slo {
				lo = next
				break
			}
			hi, hiSum = next, s
		}
	}
	for step := max(hint/16, 1); hiSum.Latency.P99 > slo; step *= 2 {
		if hi == top {
			return serverless.SLOResult{Provisioned: top, Met: false, Summary: hiSum, Evaluations: evals}, nil
		}
		lo, hi = hi, min(hi+step, top)
		if hiSum, err = eval(hi); err != nil {
			return serverless.SLOResult{}, err
		}
	}
	for hi-lo > max(1, hi/32) {
		mid := lo + (hi-lo)/2
		s, err := eval(mid)
		if err != nil {
			return serverless.SLOResult{}, err
		}
		if s.Latency.P99 <= slo {
			hi, hiSum = mid, s
		} else {
			lo = mid
		}
	}
	return serverless.SLOResult{Provisioned: hi, Met: true, Summary: hiSum, Evaluations: evals}, nil
}
