package planner

import (
	"context"
	"fmt"
	"maps"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// DefaultMigrationWeeks is the one-off engineer time to move one component
// between platforms (docs/breakeven-and-plan.md#migration-cost).
const DefaultMigrationWeeks = 2.0

// weeksPerYear converts the team's yearly cost into a weekly one.
const weeksPerYear = 52.0

// PlanConfig tunes a growth plan.
type PlanConfig struct {
	// Growth overrides every component's traffic.growth_per_month when set.
	Growth *Growth
	// Months is the horizon (month 1 is today's volume).
	Months int
	// MigrationWeeks is the one-off engineer-weeks per component moved
	// (0 = DefaultMigrationWeeks).
	MigrationWeeks float64
	Options        advisor.Options
	// Exact analyses every month in full, each option and cluster simulated
	// at its own rate (the reference the default is tested against); by
	// default the simulators run on a grid of rates SimGrid apart and the
	// months are derived from it (advisor.SimMemo).
	Exact   bool
	SimGrid float64
	// Progress hears how far the plan has got (see MakePlan).
	Progress func(PlanProgress)
}

// PlanProgress is how far a plan has got: months analysed of the horizon,
// and the fraction of the whole work done (each month, weighed by its
// volume, counts its own simulations as they finish; judging the moves is
// the last 5 %).
type PlanProgress struct {
	Months, Of int
	Fraction   float64
}

// Plan is a month-by-month recommendation for a growing system.
type Plan struct {
	Name   string `json:"name"`
	Months int    `json:"months"`
	// Growth is the monthly rate applied to every component, or nil when
	// each component grows at its own traffic.growth_per_month.
	Growth *float64 `json:"growth_per_month"`
	// MigrationWeeks and MigrationUSD are the one-off cost of moving one
	// component (engineer-weeks at the team's cost).
	MigrationWeeks float64         `json:"migration_weeks"`
	MigrationUSD   decimal.Decimal `json:"migration_usd"`
	Components     []ComponentPlan `json:"components"`
	Timeline       []Month         `json:"timeline"`
	// StayUSD is the horizon's cost of keeping today's placement; PlanUSD
	// follows the monthly recommendation and pays every migration.
	StayUSD       decimal.Decimal `json:"stay_usd"`
	PlanUSD       decimal.Decimal `json:"plan_usd"`
	MigrationsUSD decimal.Decimal `json:"migrations_usd"`
	SavingUSD     decimal.Decimal `json:"saving_usd"`
	Notes         []string        `json:"notes,omitempty"`
}

// Month is one month of the plan.
type Month struct {
	Month            int                 `json:"month"`
	RequestsPerMonth float64             `json:"requests_per_month"`
	Placement        []advisor.Placement `json:"placement"`
	// MonthlyUSD is the plan's placement's cost; StayUSD today's
	// placement's cost at this month's volumes; RecommendedUSD the cheapest
	// placement of this month alone (no migration cost counted).
	MonthlyUSD     decimal.Decimal `json:"monthly_usd"`
	StayUSD        decimal.Decimal `json:"stay_usd"`
	RecommendedUSD decimal.Decimal `json:"recommended_usd"`
	// CheapestPlacement is this month's own cheapest placement (the one
	// RecommendedUSD prices), migrations not counted.
	CheapestPlacement []advisor.Placement `json:"cheapest_placement"`
	// Moves are the components whose platform changes this month.
	Moves []string `json:"moves,omitempty"`
}

// ComponentPlan is one component's story over the horizon.
type ComponentPlan struct {
	Component     string  `json:"component"`
	GrowthMonthly float64 `json:"growth_per_month"`
	StartPlatform string  `json:"start_platform"`
	// MovesTo and MoveMonth: the first month the recommendation differs from
	// today's platform, and where to. Nil when it never does.
	MovesTo   string `json:"moves_to,omitempty"`
	MoveMonth *int   `json:"move_month"`
	// PaybackMonth is the month in which the savings since the move first
	// cover its one-off cost; nil when they do not within the horizon.
	PaybackMonth *int `json:"payback_month"`
	// SavingUSD is what making the move (with MovesWith) saves over the
	// horizon, migrations included: realised when it pays, else what it
	// would have cost (negative).
	SavingUSD decimal.Decimal `json:"saving_usd"`
	// MovesWith lists the components judged together with this one.
	MovesWith []string `json:"moves_with,omitempty"`
	Reason    string   `json:"reason"`
}

// MakePlan runs the placement for every month of the horizon with each
// component's volume compounding from the spec's, prices keeping today's
// placement alongside, and works out when each move pays off.
//
// Progress, when set in cfg, hears how far the plan has got as the months'
// simulations finish, after each month, and once the moves are judged (a
// Fraction of 1); ctx is checked between months and between the judged
// moves.
func MakePlan(ctx context.Context, spec *workload.Spec, cat *catalog.Catalog, cfg PlanConfig) (*Plan, error) {
	if cfg.Months < 1 {
		return nil, fmt.Errorf("the horizon must be at least 1 month, not %d", cfg.Months)
	}
	progress := cfg.Progress
	if progress == nil {
		progress = func(PlanProgress) {}
	}
	// The month analyses allocate briskly and little survives one:
	// collecting less often saves about a tenth of a plan's CPU
	// (docs/breakeven-and-plan.md#speed-of-a-plan).
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	weeks := cfg.MigrationWeeks
	if weeks <= 0 {
		weeks = DefaultMigrationWeeks
	}
	opts := memoOptions(cfg.Options, spec.HoursPerMonth, false)
	monthOpts := opts
	if !cfg.Exact {
		monthOpts = memoOptions(cfg.Options, spec.HoursPerMonth, true)
		monthOpts.Lean, monthOpts.Sims = true, advisor.NewSimMemo(cfg.SimGrid)
		// The placement search starts from another month's placement
		// (the months run in parallel: whichever has finished last).
		monthOpts.Hints = &advisor.PlacementHints{}
	}
	n := len(spec.Components)
	growth := make([]float64, n)
	for i, c := range spec.Components {
		growth[i] = c.Traffic.GrowthPerMonth
		if cfg.Growth != nil && cfg.Growth.IsSet() {
			growth[i] = cfg.Growth.Monthly
		}
	}
	migration := pricing.Dec(weeks * spec.Team.EngineerCostPerYear / weeksPerYear).Round(2)
	pl := &Plan{Name: spec.Name, Months: cfg.Months, MigrationWeeks: weeks, MigrationUSD: migration,
		StayUSD: decimal.Zero, PlanUSD: decimal.Zero, MigrationsUSD: decimal.Zero}
	if cfg.Growth != nil && cfg.Growth.IsSet() {
		g := cfg.Growth.Monthly
		pl.Growth = &g
	}

	scaled := func(m int) *workload.Spec {
		s := *spec
		s.Components = make([]workload.Component, n)
		for i, c := range spec.Components {
			c.RequestsPerMonth *= math.Pow(1+growth[i], float64(m-1))
			c.ScaleConnections(math.Pow(1+growth[i], float64(m-1)))
			s.Components[i] = c
		}
		s.DeriveLoads() // a called component grows with its callers
		return &s
	}
	analyses := make([]*advisor.Analysis, cfg.Months+1)
	specs := make([]*workload.Spec, cfg.Months+1)
	for m := 1; m <= cfg.Months; m++ {
		specs[m] = scaled(m)
	}
	if sm := monthOpts.Sims; sm != nil {
		sec := spec.HoursPerMonth * 3600
		for i, c := range spec.Components {
			a, b := specs[1].Components[i].RequestsPerMonth/sec, specs[cfg.Months].Components[i].RequestsPerMonth/sec
			sm.SetSpan(c.Name, min(a, b), max(a, b))
		}
	}
	// The months are independent: analyse them in parallel, the largest
	// first (their simulations take longest), more workers than cores so
	// that one waiting for a simulation another month has started does not
	// leave a core idle. Cancelling ctx stops handing out months.
	errs := make([]error, cfg.Months+1)
	months := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, stopped := 0, false
	// Progress weighs each month by its volume: above a few hundred
	// requests a second the simulations cost in proportion to the rate, and
	// the months share the grid's simulations, so the largest months take
	// nearly all the time and the small ones follow at once.
	part := make([]float64, cfg.Months+1) // each month's share done
	weight := make([]float64, cfg.Months+1)
	sum, total := 0.0, 0.0
	for m := 1; m <= cfg.Months; m++ {
		for _, c := range specs[m].Components {
			weight[m] += c.RequestsPerMonth
		}
		weight[m] = max(weight[m], 1)
		total += weight[m]
	}
	report := func(m int, f float64) { // under mu
		sum += (f - part[m]) * weight[m]
		part[m] = f
		if !stopped {
			progress(PlanProgress{Months: done, Of: cfg.Months, Fraction: min(0.95*sum/total, 0.95)})
		}
	}
	for range min(cfg.Months, 2*runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for m := range months {
				o := monthOpts
				o.Progress = func(d, total int) {
					mu.Lock()
					defer mu.Unlock()
					if f := float64(d) / float64(total); f < 1 && f > part[m] {
						report(m, f)
					}
				}
				a, err := advisor.Analyze(specs[m], cat, o)
				mu.Lock()
				analyses[m], errs[m] = a, err
				done++
				report(m, 1)
				mu.Unlock()
			}
		}()
	}
	go func() {
		defer close(months)
		for m := cfg.Months; m >= 1; m-- {
			select {
			case months <- m:
			case <-ctx.Done():
				return
			}
		}
	}()
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		// Stop at once: the months being analysed finish in the background
		// and are thrown away.
		mu.Lock()
		stopped = true
		mu.Unlock()
		return nil, fmt.Errorf("growth plan: %w", ctx.Err())
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("growth plan: %w", err)
	}
	for m := 1; m <= cfg.Months; m++ {
		if errs[m] != nil {
			return nil, fmt.Errorf("month %d: %w", m, errs[m])
		}
		if rec := recommended(analyses[m]); rec == nil || !rec.Feasible {
			return nil, fmt.Errorf("month %d: no feasible placement (some component has no feasible option)", m)
		}
	}
	start := placementMap(recommended(analyses[1]))
	recs := make([]map[string]string, cfg.Months+1)
	for m := 1; m <= cfg.Months; m++ {
		recs[m] = placementMap(recommended(analyses[m]))
	}
	// clusterCost prices one cluster on platform holding set in month m.
	clusterCost := func(m int, platform string, set []int) (decimal.Decimal, error) {
		if len(set) == 0 {
			return decimal.Zero, nil
		}
		s := *specs[m]
		s.Platforms = []string{platform}
		s.Components = nil
		for _, i := range set {
			s.Components = append(s.Components, specs[m].Components[i])
		}
		sd, err := advisor.PriceSides(&s, cat, opts)
		if err != nil {
			return decimal.Zero, err
		}
		if len(sd.Clusters) == 0 {
			return decimal.Zero, fmt.Errorf("month %d: a cluster on %s cannot hold %d components", m, platform, len(set))
		}
		return sd.Clusters[0].Bill.Total, nil
	}
	// infeasible records, per component and platform kept, the first month
	// whose analysis no longer finds the option feasible.
	var infeasMu sync.Mutex
	infeasible := map[string]int{}
	noteInfeasible := func(m int, comp, p string) {
		infeasMu.Lock()
		defer infeasMu.Unlock()
		k := comp + " on " + p
		if first, ok := infeasible[k]; !ok || m < first {
			infeasible[k] = m
		}
	}
	// forcedTo is where component i must be in month m when no size of
	// platform p holds the load any more (a managed service whose largest
	// instance, with read replicas, is too small; no average-rate price
	// either): the cheapest option outside a cluster that can, or "" when p
	// still holds it. A plan that keeps i on p moves it there, and pays the
	// migration. outgrown records the first month, for the notes.
	forced := map[[3]string]string{}
	outgrown := map[string]int{}
	outgrownTo := map[string]string{}
	forcedTo := func(m, i int, p string) string {
		k := [3]string{fmt.Sprint(m), fmt.Sprint(i), p}
		if alt, ok := forced[k]; ok {
			return alt
		}
		alt := ""
		if !isKube(analyses[m], i, p) {
			if _, err := option(analyses[m], i, p); err != nil {
				if _, _, ferr := averageRate(specs[m], cat, i, p); ferr != nil {
					if o := cheapestAlone(analyses[m], i); o != nil {
						alt = o.Platform
						key := spec.Components[i].Name + " on " + p
						if first, ok := outgrown[key]; !ok || m < first {
							outgrown[key], outgrownTo[key] = m, alt
						}
					}
				}
			}
		}
		forced[k] = alt
		return alt
	}
	// price prices any placement in month m exactly: serverless options
	// alone, one shared cluster per Kubernetes platform.
	price := func(m int, pl map[string]string) (decimal.Decimal, error) {
		total := decimal.Zero
		acct := accountLines{}
		sets := map[string][]int{}
		var plats []string
		for i, c := range spec.Components {
			p := pl[c.Name]
			if isKube(analyses[m], i, p) {
				if _, ok := sets[p]; !ok {
					plats = append(plats, p)
				}
				sets[p] = append(sets[p], i)
				continue
			}
			o, err := option(analyses[m], i, p)
			if err != nil {
				// The option stopped being feasible as the volume grew (its
				// simulated p99 misses the SLO, say): keeping it is priced at
				// its average rate, and the plan says so.
				cost, lines, ferr := averageRate(specs[m], cat, i, p)
				if ferr != nil {
					return decimal.Zero, fmt.Errorf("month %d: %w", m, err)
				}
				noteInfeasible(m, c.Name, p)
				total = acct.add(total, p, cost, lines)
				continue
			}
			total = acct.add(total, p, *o.MonthlyUSD, o.LineItems)
		}
		for _, p := range plats {
			cc, err := clusterCost(m, p, sets[p])
			if err != nil {
				return decimal.Zero, err
			}
			total = total.Add(cc)
		}
		// The calls' traffic between the components' platforms.
		vec := make([]string, len(spec.Components))
		for i, c := range spec.Components {
			vec[i] = pl[c.Name]
		}
		calls, err := analyses[m].CallsCost(vec)
		if err != nil {
			return decimal.Zero, fmt.Errorf("month %d: %w", m, err)
		}
		return total.Add(calls), nil
	}
	// Prices are cached: candidate plans share most of their months.
	priceCache := map[string]decimal.Decimal{}
	cachedPrice := func(m int, pl map[string]string) (decimal.Decimal, error) {
		key := fmt.Sprint(m)
		for _, c := range spec.Components {
			key += "|" + pl[c.Name]
		}
		if v, ok := priceCache[key]; ok {
			return v, nil
		}
		v, err := price(m, pl)
		if err == nil {
			priceCache[key] = v
		}
		return v, err
	}
	// placementAt is a plan's placement in month m: each component in moved
	// follows the recommendation from its move month on, the rest stay.
	placementAt := func(moved map[int]int, m int) map[string]string {
		pl := map[string]string{}
		for i, c := range spec.Components {
			pl[c.Name] = start[c.Name]
			if mm, ok := moved[i]; ok && m >= mm {
				pl[c.Name] = recs[m][c.Name]
			}
			if alt := forcedTo(m, i, pl[c.Name]); alt != "" {
				pl[c.Name] = alt
			}
		}
		return pl
	}
	// evalPlan prices a plan month by month: the placement's cost plus the
	// migrations made that month.
	type planCost struct {
		monthly, migrations []decimal.Decimal // index 1..Months
		total               decimal.Decimal
	}
	evalPlan := func(moved map[int]int) (planCost, error) {
		pc := planCost{monthly: make([]decimal.Decimal, cfg.Months+1), migrations: make([]decimal.Decimal, cfg.Months+1), total: decimal.Zero}
		prev := start
		for m := 1; m <= cfg.Months; m++ {
			pl := placementAt(moved, m)
			v, err := cachedPrice(m, pl)
			if err != nil {
				return pc, err
			}
			pc.monthly[m], pc.migrations[m] = v, decimal.Zero
			for _, c := range spec.Components {
				if pl[c.Name] != prev[c.Name] {
					pc.migrations[m] = pc.migrations[m].Add(migration)
				}
			}
			pc.total = pc.total.Add(v).Add(pc.migrations[m])
			prev = pl
		}
		return pc, nil
	}

	// Moves: each component's first month away from today's platform,
	// grouped by month and destination (components that the placement moves
	// together share the cluster's fixed costs, so they are judged together).
	type group struct {
		month int
		to    string
		comps []int
	}
	var groups []*group
	cps := make([]ComponentPlan, n)
	for i, c := range spec.Components {
		cps[i] = ComponentPlan{Component: c.Name, GrowthMonthly: growth[i], StartPlatform: start[c.Name], SavingUSD: decimal.Zero}
		for m := 2; m <= cfg.Months; m++ {
			if now := recs[m][c.Name]; now != start[c.Name] {
				mm := m
				cps[i].MoveMonth, cps[i].MovesTo = &mm, now
				found := false
				for _, g := range groups {
					if g.month == m && g.to == now {
						g.comps, found = append(g.comps, i), true
					}
				}
				if !found {
					groups = append(groups, &group{month: m, to: now, comps: []int{i}})
				}
				break
			}
		}
	}
	slices.SortStableFunc(groups, func(a, b *group) int { return a.month - b.month })

	// Greedy, in move order: make a group's move when the whole horizon
	// costs less with it (migrations included); if the group does not pay
	// as a whole, try its components one at a time.
	accepted := map[int]int{}
	base, err := evalPlan(accepted)
	if err != nil {
		return nil, err
	}
	stayCost := base
	judged := map[int]bool{}
	// judge tries moving comps from month mm on; it records the outcome in cps.
	judge := func(comps []int, mm int) (bool, error) {
		cand := maps.Clone(accepted)
		for _, i := range comps {
			cand[i] = mm
		}
		pc, err := evalPlan(cand)
		if err != nil {
			return false, err
		}
		saving := base.total.Sub(pc.total)
		var payback *int
		cum := decimal.Zero
		for m := 1; m <= cfg.Months; m++ {
			cum = cum.Add(base.monthly[m].Add(base.migrations[m])).Sub(pc.monthly[m].Add(pc.migrations[m]))
			if payback == nil && m >= mm && !cum.IsNegative() {
				mmm := m
				payback = &mmm
			}
		}
		var names []string
		for _, i := range comps {
			names = append(names, spec.Components[i].Name)
		}
		ok := saving.IsPositive()
		for _, i := range comps {
			cp := &cps[i]
			if !ok && judged[i] && !saving.GreaterThan(cp.SavingUSD) {
				continue // keep the better of the group's and its own figure
			}
			judged[i] = true
			cp.SavingUSD = saving
			cp.MovesWith = nil
			for _, nm := range names {
				if nm != cp.Component {
					cp.MovesWith = append(cp.MovesWith, nm)
				}
			}
			if ok {
				cp.PaybackMonth = payback
			}
		}
		if ok {
			accepted, base = cand, pc
		}
		return ok, nil
	}
	for _, g := range groups {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("growth plan: %w", err)
		}
		ok, err := judge(g.comps, g.month)
		if err != nil {
			return nil, err
		}
		if ok || len(g.comps) == 1 {
			continue
		}
		for _, i := range g.comps {
			if _, err := judge([]int{i}, g.month); err != nil {
				return nil, err
			}
		}
	}
	for i := range cps {
		cp := &cps[i]
		_, moved := accepted[i]
		fm, forcedMove := outgrown[cp.Component+" on "+start[cp.Component]]
		switch {
		case forcedMove && !moved:
			cp.PaybackMonth = nil
			cp.Reason = fmt.Sprintf("%s cannot hold the load from month %d: it must move to %s then (stay and plan both pay that migration)", start[cp.Component], fm, outgrownTo[cp.Component+" on "+start[cp.Component]])
		case cp.MoveMonth == nil:
			cp.Reason = fmt.Sprintf("%s stays the cheapest placement for all %d months", start[cp.Component], cfg.Months)
		case !moved:
			cp.PaybackMonth = nil
			cp.Reason = fmt.Sprintf("%s becomes cheaper in month %d, but over %d months moving costs more than it saves once the %s migration is counted: stay", cp.MovesTo, *cp.MoveMonth, cfg.Months, usd(migration))
		default:
			with := ""
			if len(cp.MovesWith) > 0 {
				with = " (with " + strings.Join(cp.MovesWith, ", ") + ")"
			}
			pb := "within the horizon"
			if cp.PaybackMonth != nil {
				pb = fmt.Sprintf("by month %d", *cp.PaybackMonth)
			}
			cp.Reason = fmt.Sprintf("move to %s in month %d%s; the migration has paid for itself %s", cp.MovesTo, *cp.MoveMonth, with, pb)
		}
	}
	pl.Components = cps
	progress(PlanProgress{Months: cfg.Months, Of: cfg.Months, Fraction: 1})

	// The timeline of the chosen plan.
	prev := start
	for m := 1; m <= cfg.Months; m++ {
		rec := recommended(analyses[m])
		row := Month{Month: m, RecommendedUSD: *rec.MonthlyUSD, CheapestPlacement: rec.Placement, MonthlyUSD: base.monthly[m], StayUSD: stayCost.monthly[m]}
		for _, c := range specs[m].Components {
			row.RequestsPerMonth += c.RequestsPerMonth
		}
		row.RequestsPerMonth = math.Round(row.RequestsPerMonth)
		cur := placementAt(accepted, m)
		for _, c := range spec.Components {
			row.Placement = append(row.Placement, advisor.Placement{Component: c.Name, Platform: cur[c.Name]})
			if cur[c.Name] != prev[c.Name] {
				row.Moves = append(row.Moves, c.Name)
			}
		}
		prev = cur
		pl.MigrationsUSD = pl.MigrationsUSD.Add(base.migrations[m])
		pl.StayUSD = pl.StayUSD.Add(row.StayUSD)
		pl.PlanUSD = pl.PlanUSD.Add(row.MonthlyUSD)
		pl.Timeline = append(pl.Timeline, row)
	}
	pl.PlanUSD = pl.PlanUSD.Add(pl.MigrationsUSD)
	pl.SavingUSD = pl.StayUSD.Sub(pl.PlanUSD)
	for _, k := range slices.Sorted(maps.Keys(infeasible)) {
		pl.Notes = append(pl.Notes, fmt.Sprintf("%s is no longer feasible from month %d (the simulated month misses a limit or the SLO); where a placement keeps it, it is priced at its average rate", k, infeasible[k]))
	}
	for _, k := range slices.Sorted(maps.Keys(outgrown)) {
		pl.Notes = append(pl.Notes, fmt.Sprintf("%s cannot hold the load from month %d (its largest size, with read replicas, is too small); a placement that keeps it moves it then to %s, the cheapest option outside a cluster that can, and pays the migration", k, outgrown[k], outgrownTo[k]))
	}
	pl.Notes = append(pl.Notes,
		"stay = today's placement (month 1) kept while the volume grows; plan = today's placement plus the moves that pay back over the horizon, each made in the first month the cheapest placement makes it, migrations paid in the month they happen",
		"components that the cheapest placement moves in the same month to the same platform are judged together (they share the cluster's fixed costs), then one by one if the group does not pay")
	return pl, nil
}

func recommended(a *advisor.Analysis) *advisor.Architecture {
	for k := range a.Architectures {
		if a.Architectures[k].Name == "recommended" {
			return &a.Architectures[k]
		}
	}
	return nil
}

func placementMap(a *advisor.Architecture) map[string]string {
	out := map[string]string{}
	for _, p := range a.Placement {
		out[p.Component] = p.Platform
	}
	return out
}

func isKube(a *advisor.Analysis, i int, platform string) bool {
	for _, o := range a.Components[i].Options {
		if o.Platform == platform {
			return o.Kind == advisor.Kubernetes
		}
	}
	return false
}

// option is a component's priced option on a platform.
func option(a *advisor.Analysis, i int, platform string) (*advisor.Option, error) {
	for k, o := range a.Components[i].Options {
		if o.Platform == platform && o.MonthlyUSD != nil {
			return &a.Components[i].Options[k], nil
		}
	}
	return nil, fmt.Errorf("%s has no priced option on %s", a.Components[i].Name, platform)
}

// cheapestAlone is component i's cheapest feasible option that is priced
// on its own (not a cluster member), or nil.
func cheapestAlone(a *advisor.Analysis, i int) *advisor.Option {
	var best *advisor.Option
	for k, o := range a.Components[i].Options {
		if o.Kind == advisor.Kubernetes || !o.Feasible || o.MonthlyUSD == nil {
			continue
		}
		if best == nil || o.MonthlyUSD.LessThan(*best.MonthlyUSD) {
			best = &a.Components[i].Options[k]
		}
	}
	return best
}

func usd(d decimal.Decimal) string { return pricing.FormatUSD(d) }

// averageRate prices component i of s on a serverless platform from average
// rates alone (no simulation, so no SLO verdict).
func averageRate(s *workload.Spec, cat *catalog.Catalog, i int, platform string) (decimal.Decimal, []pricing.LineItem, error) {
	one := *s
	one.Components = []workload.Component{s.Components[i]}
	one.Platforms = []string{platform}
	sd, err := advisor.PriceSides(&one, cat, advisor.Options{})
	if err != nil {
		return decimal.Zero, nil, err
	}
	for _, o := range sd.Serverless[0] {
		if o.Platform == platform {
			return o.MonthlyUSD, o.LineItems, nil
		}
	}
	return decimal.Zero, nil, fmt.Errorf("%s cannot run on %s", s.Components[i].Name, platform)
}
