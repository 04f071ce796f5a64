package planner

import (
	"fmt"
	"math"
	"runtime"
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
	// SavingUSD is, from the move to the horizon, what the component's own
	// cost falls by, less its migrations.
	SavingUSD  decimal.Decimal `json:"saving_usd"`
	Migrations int             `json:"migrations"`
	Reason     string          `json:"reason"`
}

// MakePlan runs the placement for every month of the horizon with each
// component's volume compounding from the spec's, prices keeping today's
// placement alongside, and works out when each move pays off.
func MakePlan(spec *workload.Spec, cat *catalog.Catalog, cfg PlanConfig) (*Plan, error) {
	if cfg.Months < 1 {
		return nil, fmt.Errorf("the horizon must be at least 1 month, not %d", cfg.Months)
	}
	weeks := cfg.MigrationWeeks
	if weeks <= 0 {
		weeks = DefaultMigrationWeeks
	}
	opts := memoOptions(cfg.Options, spec.HoursPerMonth)
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
			s.Components[i] = c
		}
		return &s
	}
	analyses := make([]*advisor.Analysis, cfg.Months+1)
	specs := make([]*workload.Spec, cfg.Months+1)
	// The months are independent: analyse them in parallel.
	errs := make([]error, cfg.Months+1)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for m := 1; m <= cfg.Months; m++ {
		specs[m] = scaled(m)
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			analyses[m], errs[m] = advisor.Analyze(specs[m], cat, opts)
		}()
	}
	wg.Wait()
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
	// price prices any placement in month m exactly: serverless options
	// alone, one shared cluster per Kubernetes platform.
	price := func(m int, pl map[string]string) (decimal.Decimal, error) {
		total := decimal.Zero
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
			o, err := optionCost(analyses[m], i, p)
			if err != nil {
				return decimal.Zero, fmt.Errorf("month %d: %w", m, err)
			}
			total = total.Add(o)
		}
		for _, p := range plats {
			cc, err := clusterCost(m, p, sets[p])
			if err != nil {
				return decimal.Zero, err
			}
			total = total.Add(cc)
		}
		return total, nil
	}
	// ownCost is what component i costs in month m on platform p: the
	// serverless option alone, or what it adds to the cluster of the others
	// that placement pl puts on p.
	ownCost := func(m, i int, p string, pl map[string]string) (decimal.Decimal, error) {
		if !isKube(analyses[m], i, p) {
			return optionCost(analyses[m], i, p)
		}
		var with, without []int
		for j, c := range spec.Components {
			if pl[c.Name] == p || j == i {
				with = append(with, j)
				if j != i {
					without = append(without, j)
				}
			}
		}
		w, err := clusterCost(m, p, with)
		if err != nil {
			return decimal.Zero, err
		}
		wo, err := clusterCost(m, p, without)
		if err != nil {
			return decimal.Zero, err
		}
		return w.Sub(wo), nil
	}

	// Each component: when its recommendation first leaves today's platform,
	// and whether the savings from then on cover the migrations it implies.
	moving := map[string]int{} // component -> move month, for moves that pay back
	for i, c := range spec.Components {
		cp := ComponentPlan{Component: c.Name, GrowthMonthly: growth[i], StartPlatform: start[c.Name], SavingUSD: decimal.Zero}
		cum := decimal.Zero
		migrated := 0
		last := start[c.Name]
		for m := 1; m <= cfg.Months; m++ {
			now := recs[m][c.Name]
			if now == start[c.Name] && cp.MoveMonth == nil {
				continue
			}
			if cp.MoveMonth == nil {
				mm := m
				cp.MoveMonth, cp.MovesTo = &mm, now
			}
			if now != last {
				migrated++
				last = now
			}
			stay, err := ownCost(m, i, start[c.Name], start)
			if err != nil {
				return nil, err
			}
			cost, err := ownCost(m, i, now, recs[m])
			if err != nil {
				return nil, err
			}
			cum = cum.Add(stay.Sub(cost))
			if cp.PaybackMonth == nil && migrated > 0 && cum.GreaterThanOrEqual(migration.Mul(decimal.NewFromInt(int64(migrated)))) {
				mm := m
				cp.PaybackMonth = &mm
			}
		}
		cp.Migrations = migrated
		cp.SavingUSD = cum.Sub(migration.Mul(decimal.NewFromInt(int64(migrated))))
		switch {
		case cp.MoveMonth == nil:
			cp.Reason = fmt.Sprintf("%s stays the cheapest placement for all %d months", start[c.Name], cfg.Months)
		case cp.PaybackMonth == nil || cp.SavingUSD.IsNegative():
			cp.PaybackMonth = nil
			cp.Reason = fmt.Sprintf("%s becomes cheaper in month %d, but the savings do not cover the %s migration within %d months: stay", cp.MovesTo, *cp.MoveMonth, usd(migration), cfg.Months)
		default:
			cp.Reason = fmt.Sprintf("move to %s in month %d; the %s migration has paid for itself by month %d", cp.MovesTo, *cp.MoveMonth, usd(migration), *cp.PaybackMonth)
			moving[c.Name] = *cp.MoveMonth
		}
		if cp.PaybackMonth == nil {
			cp.Migrations = 0
		}
		pl.Components = append(pl.Components, cp)
	}

	// The timeline: the plan follows the recommendation for the components
	// whose move pays back (from their move month) and keeps the others
	// where they are today.
	prev := start
	for m := 1; m <= cfg.Months; m++ {
		rec := recommended(analyses[m])
		row := Month{Month: m, RecommendedUSD: *rec.MonthlyUSD}
		for _, c := range specs[m].Components {
			row.RequestsPerMonth += c.RequestsPerMonth
		}
		row.RequestsPerMonth = math.Round(row.RequestsPerMonth)
		cur := map[string]string{}
		for _, c := range spec.Components {
			cur[c.Name] = start[c.Name]
			if mm, ok := moving[c.Name]; ok && m >= mm {
				cur[c.Name] = recs[m][c.Name]
			}
			row.Placement = append(row.Placement, advisor.Placement{Component: c.Name, Platform: cur[c.Name]})
			if cur[c.Name] != prev[c.Name] {
				row.Moves = append(row.Moves, c.Name)
				pl.MigrationsUSD = pl.MigrationsUSD.Add(migration)
			}
		}
		var err error
		if row.MonthlyUSD, err = price(m, cur); err != nil {
			return nil, err
		}
		if row.StayUSD, err = price(m, start); err != nil {
			return nil, err
		}
		prev = cur
		pl.StayUSD = pl.StayUSD.Add(row.StayUSD)
		pl.PlanUSD = pl.PlanUSD.Add(row.MonthlyUSD)
		pl.Timeline = append(pl.Timeline, row)
	}
	pl.PlanUSD = pl.PlanUSD.Add(pl.MigrationsUSD)
	pl.SavingUSD = pl.StayUSD.Sub(pl.PlanUSD)
	pl.Notes = append(pl.Notes,
		"stay = today's placement (month 1) kept while the volume grows; plan = today's placement, with each component whose move pays back moved from its move month on; migrations are paid in the month they happen",
		"a component's own saving is what it costs alone on a serverless platform, or what it adds to the cluster it shares; the timeline prices whole placements")
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

// optionCost is a component's standalone cost on a platform.
func optionCost(a *advisor.Analysis, i int, platform string) (decimal.Decimal, error) {
	for _, o := range a.Components[i].Options {
		if o.Platform == platform && o.MonthlyUSD != nil {
			return *o.MonthlyUSD, nil
		}
	}
	return decimal.Zero, fmt.Errorf("%s has no priced option on %s", a.Components[i].Name, platform)
}

func usd(d decimal.Decimal) string { return pricing.FormatUSD(d) }
