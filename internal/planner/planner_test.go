package planner

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lambdaVsEKS is one event processor that may run on Lambda or EKS only:
// 1 GB for 1 s per request, 10 ms of CPU, constant traffic, no front door.
func lambdaVsEKS(requests float64, engineers *float64) *workload.Spec {
	s := &workload.Spec{Version: 1, Name: "analytic", Seed: 1,
		Platforms: []string{workload.PlatformLambda, workload.PlatformEKS},
		Team:      workload.Team{ClusterEngineers: engineers},
		Components: []workload.Component{{
			Name: "worker", Type: workload.TypeEventProcessor, Runtime: workload.RuntimeGo,
			RequestsPerMonth: requests, DurationMS: 1000, CPUMS: ptr(10.0), MemoryMB: 1024,
			Traffic: workload.Traffic{Shape: workload.ShapeConstant}, MaxExecutionS: 30,
			FrontDoor: workload.FrontDoorNone,
		}},
	}
	s.ApplyDefaults()
	return s
}

func ptr[T any](v T) *T { return &v }

// TestBreakEvenAnalytic checks the bisection against a crossing computed by
// hand. Below a few hundred million requests the EKS cluster stays at its
// three-node floor, so its cost is flat except for the log ingestion, which
// Lambda pays identically per request; Lambda's cost rises by its request
// and duration prices. So the gap closes linearly:
//
//	gap(r) = gap(r1) − s·(r − r1),  s = $0.20/1M + 1 GB-s × $0.0000166667
//
// (AWS Lambda pricing page, us-east-1 x86), and the crossing is at
// r* = r1 + gap(r1)/s.
func TestBreakEvenAnalytic(t *testing.T) {
	cat := testCatalog(t)
	const r1 = 1e6
	sd, err := advisor.PriceSides(lambdaVsEKS(r1, ptr(0.0)), cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.Serverless[0]) != 1 || len(sd.Clusters) != 1 {
		t.Fatalf("want one Lambda option and one EKS cluster, got %+v", sd)
	}
	gap1 := sd.Clusters[0].Bill.Total.Sub(sd.Serverless[0][0].MonthlyUSD).InexactFloat64()
	slope := 0.20/1e6 + 1.0*0.0000166667
	want := r1 + gap1/slope

	res, err := BreakEvens(context.Background(), lambdaVsEKS(r1, nil), cat, "", Config{})
	if err != nil {
		t.Fatal(err)
	}
	got := res[0].BreakEvenRequestsPerMonth
	if got == nil {
		t.Fatalf("no crossing: %s", res[0].Reason)
	}
	// Bisection tolerance 1 %, three significant figures, cent rounding.
	t.Logf("break-even %.5g, hand computed %.5g", *got, want)
	if rel := math.Abs(*got-want) / want; rel > 0.015 {
		t.Errorf("break-even without people = %.4g, want %.4g (hand computed; off by %.2f%%)", *got, want, rel*100)
	}
	if res[0].ServerlessPlatform != workload.PlatformLambda || res[0].KubernetesPlatform != workload.PlatformEKS {
		t.Errorf("platforms = %s / %s", res[0].ServerlessPlatform, res[0].KubernetesPlatform)
	}
	// With one engineer at the default $180,000 a year the cluster costs
	// $15,000 a month more: the crossing moves out by 15000/s.
	if !res[0].PeopleUSD.Equal(pricingDec(15000)) {
		t.Errorf("people = %s, want 15000 (1 engineer × $180,000 / 12)", res[0].PeopleUSD)
	}
	// The flat-cluster assumption must hold at the crossing: three nodes.
	for _, p := range res[0].Curve {
		if p.RequestsPerMonth <= *got && p.MaxNodes != 3 {
			t.Errorf("at %g requests the cluster has %d nodes; the analytic case assumes the 3-node floor", p.RequestsPerMonth, p.MaxNodes)
		}
	}
	if wp := res[0].BreakEvenWithPeople; wp == nil || *wp <= *got {
		t.Errorf("with people the crossing must come later than %g, got %v (%s)", *got, wp, res[0].ReasonWithPeople)
	}
	// The system line of a one-component system is the component's.
	if sys := res[len(res)-1]; sys.Component != SystemName || sys.BreakEvenRequestsPerMonth == nil || math.Abs(*sys.BreakEvenRequestsPerMonth-*got)/(*got) > 0.015 {
		t.Errorf("system break-even = %+v, want about %g", sys.BreakEvenRequestsPerMonth, *got)
	}
}

// TestBreakEvenNoServerless: a stateful component has no serverless side.
func TestBreakEvenNoServerless(t *testing.T) {
	s := lambdaVsEKS(1e6, nil)
	s.Components[0].Stateful = true
	s.Components[0].StorageGB = 10
	res, err := BreakEvens(context.Background(), s, testCatalog(t), "worker", Config{})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].BreakEvenRequestsPerMonth != nil || res[0].Reason != "no feasible serverless option" {
		t.Errorf("got %v / %q, want null with the reason", res[0].BreakEvenRequestsPerMonth, res[0].Reason)
	}
	if len(res) != 1 {
		t.Errorf("--component gives one result, got %d", len(res))
	}
}

// TestBreakEvenNeverCrosses: a component that is cheap on Lambda at every
// volume the range allows (tiny, fast requests) with a cluster that cannot
// get cheaper than its floor.
func TestBreakEvenNeverCrosses(t *testing.T) {
	s := lambdaVsEKS(1e6, nil)
	s.Components[0].DurationMS, s.Components[0].MemoryMB, s.Components[0].CPUMS = 1, 128, ptr(1.0)
	res, err := BreakEvens(context.Background(), s, testCatalog(t), "worker", Config{MaxRequests: 1e7})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].BreakEvenWithPeople != nil || res[0].ReasonWithPeople != "serverless stays cheaper up to 10M requests a month" {
		t.Errorf("got %v / %q", res[0].BreakEvenWithPeople, res[0].ReasonWithPeople)
	}
}

func TestParseGrowth(t *testing.T) {
	good := map[string]float64{"15%/month": 0.15, "15 %/month": 0.15, "0.5%/mo": 0.005, "-5%/month": -0.05,
		"40%/year": math.Pow(1.4, 1.0/12) - 1, "10%per month": 0.10}
	for in, want := range good {
		g, err := ParseGrowth(in)
		if err != nil || math.Abs(g.Monthly-want) > 1e-12 {
			t.Errorf("ParseGrowth(%q) = %v, %v; want %v", in, g.Monthly, err, want)
		}
	}
	for _, in := range []string{"15", "abc%/month", "15%", "15%/fortnight", "-100%/month", "%/month", "NaN%/month", "5000%/month"} {
		if _, err := ParseGrowth(in); err == nil {
			t.Errorf("ParseGrowth(%q) accepted", in)
		}
	}
}

func pricingDec(f float64) decimal.Decimal { return decimal.NewFromFloat(f) }

// TestPlanFlipMonth grows the analytic Lambda-or-EKS component by 10 % a
// month from 5.5 months' growth below its break-even: volume
// r0·1.1^(m−1) reaches r* when m − 1 ≥ 5.5, so the recommendation must move
// to EKS in month 7, not before.
func TestPlanFlipMonth(t *testing.T) {
	cat := testCatalog(t)
	zero := ptr(0.0)
	be, err := BreakEvens(context.Background(), lambdaVsEKS(1e6, zero), cat, "worker", Config{})
	if err != nil || be[0].BreakEvenRequestsPerMonth == nil {
		t.Fatalf("break-even: %v %+v", err, be)
	}
	rstar := *be[0].BreakEvenRequestsPerMonth
	r0 := rstar / math.Pow(1.1, 5.5)
	g, _ := ParseGrowth("10%/month")
	// Exact: stay is compared below with each month's own analysis to 0.01 %,
	// closer than the fast plan's tolerance (TestPlanAgreesWithFullAnalysis).
	p, err := MakePlan(context.Background(), lambdaVsEKS(r0, zero), cat, PlanConfig{Growth: &g, Months: 36, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	c := p.Components[0]
	if c.StartPlatform != workload.PlatformLambda || c.MovesTo != workload.PlatformEKS || c.MoveMonth == nil || *c.MoveMonth != 7 {
		t.Fatalf("component plan = %+v, want a move from Lambda to EKS in month 7", c)
	}
	// Migration: 2 engineer-weeks at $180,000 / 52 a week.
	if !p.MigrationUSD.Equal(pricingDec(6923.08)) {
		t.Errorf("migration = %s, want 6923.08", p.MigrationUSD)
	}
	for _, m := range p.Timeline {
		// Stay prices Lambda at the month's volume, simulated cold starts
		// (billed INIT) included, as the analysis of that month does: with
		// the plan's memoised traffic shapes, since another arrival stream
		// samples other cold starts (a sampling difference of the billed
		// INIT that grows with the init time, not a pricing one).
		a, err := advisor.Analyze(lambdaVsEKS(m.RequestsPerMonth, zero), cat, memoOptions(advisor.Options{}, 730, false))
		if err != nil {
			t.Fatal(err)
		}
		lambda := *a.Components[0].Options[0].MonthlyUSD
		// The simulated INIT moves with the exact volume, which the timeline
		// rounds: allow 0.01 % on top of 5 cents.
		if d := m.StayUSD.Sub(lambda).Abs(); d.GreaterThan(pricingDec(0.05).Add(lambda.Mul(pricingDec(1e-4)))) {
			t.Errorf("month %d: stay = %s, Lambda alone = %s", m.Month, m.StayUSD, lambda)
		}
	}
	if c.PaybackMonth != nil {
		// The plan moves it: from the move month on it runs on EKS and the
		// horizon's saving is stay − plan, migration included.
		if *c.PaybackMonth < 7 {
			t.Errorf("payback month %d before the move", *c.PaybackMonth)
		}
		if got := p.Timeline[6].Moves; len(got) != 1 {
			t.Errorf("month 7 moves = %v", got)
		}
		if !p.SavingUSD.Equal(p.StayUSD.Sub(p.PlanUSD)) || !p.MigrationsUSD.Equal(p.MigrationUSD) {
			t.Errorf("totals inconsistent: %+v", p)
		}
		if !p.SavingUSD.IsPositive() {
			t.Errorf("a move that pays back must save money, saving = %s", p.SavingUSD)
		}
	} else if !p.SavingUSD.IsZero() {
		t.Errorf("no move, yet saving %s", p.SavingUSD)
	}
	// Before month 7 nothing moves.
	for _, m := range p.Timeline[:6] {
		if len(m.Moves) > 0 || m.Placement[0].Platform != workload.PlatformLambda {
			t.Errorf("month %d: %+v", m.Month, m)
		}
	}
}

func TestPlanBadHorizon(t *testing.T) {
	g, _ := ParseGrowth("10%/month")
	if _, err := MakePlan(context.Background(), lambdaVsEKS(1e6, nil), testCatalog(t), PlanConfig{Growth: &g, Months: 0}); err == nil {
		t.Error("a zero-month horizon was accepted")
	}
}

// TestPlanPaybackArithmetic: on the article's growth scenario the plan's
// payback month and saving must follow from its own timeline: the month's
// saving is stay − plan, the migration is paid in the move month, payback is
// the first month the running total is no longer negative.
func TestPlanPaybackArithmetic(t *testing.T) {
	cat := testCatalog(t)
	// The analytic Lambda-or-EKS component from 5.5 months' growth below
	// its break-even (TestPlanFlipMonth). The article's growth example no
	// longer moves within 36 months: on equal footing EKS pays the API
	// Gateway too and packs 1-vCPU pods one per t3.medium (docs/cost-model.md).
	s := growingAnalytic(t, cat)
	g, _ := ParseGrowth("10%/month")
	p, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: 36})
	if err != nil {
		t.Fatal(err)
	}
	c := p.Components[0]
	if c.MoveMonth == nil || c.PaybackMonth == nil {
		t.Fatalf("want a move that pays back, got %+v", c)
	}
	cum := decimal.Zero
	payback := 0
	for _, m := range p.Timeline {
		cum = cum.Add(m.StayUSD.Sub(m.MonthlyUSD))
		if len(m.Moves) > 0 {
			if m.Month != *c.MoveMonth {
				t.Errorf("moves in month %d, component says %d", m.Month, *c.MoveMonth)
			}
			cum = cum.Sub(p.MigrationUSD)
		}
		if payback == 0 && m.Month >= *c.MoveMonth && !cum.IsNegative() {
			payback = m.Month
		}
		if m.Month < *c.MoveMonth && !m.MonthlyUSD.Equal(m.StayUSD) {
			t.Errorf("month %d: plan %s differs from stay %s before the move", m.Month, m.MonthlyUSD, m.StayUSD)
		}
	}
	if payback != *c.PaybackMonth {
		t.Errorf("payback month = %d, the timeline says %d", *c.PaybackMonth, payback)
	}
	if !cum.Equal(p.SavingUSD) || !c.SavingUSD.Equal(p.SavingUSD) {
		t.Errorf("saving: timeline %s, plan %s, component %s", cum, p.SavingUSD, c.SavingUSD)
	}
	// The move month is the first month EKS is the cheapest placement.
	for _, m := range p.Timeline {
		cheaper := m.RecommendedUSD.LessThan(m.StayUSD)
		if m.Month < *c.MoveMonth && cheaper {
			t.Errorf("month %d: the recommendation was already cheaper", m.Month)
		}
	}
}

// TestPlanMoveThatNeverPays: the growth scenario's move to EKS pays back
// in month 34 over 36 months (TestPlanPaybackArithmetic); with the horizon
// cut to 33 months the three months of savings after the move do not cover
// the migration, so the plan must keep Lambda and report what moving would
// have cost.
func TestPlanMoveThatNeverPays(t *testing.T) {
	cat := testCatalog(t)
	// The analytic Lambda-or-EKS component from 5.5 months' growth below
	// its break-even (TestPlanFlipMonth). The article's growth example no
	// longer moves within 36 months: on equal footing EKS pays the API
	// Gateway too and packs 1-vCPU pods one per t3.medium (docs/cost-model.md).
	s := growingAnalytic(t, cat)
	g, _ := ParseGrowth("10%/month")
	// Exact: the fast plan's last months come from the two rates around
	// them, which depend on the horizon (within PlanTolerance); this test
	// checks the payback arithmetic to the cent.
	full, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: 36, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	move := *full.Components[0].MoveMonth
	if *full.Components[0].PaybackMonth <= move {
		t.Skipf("the move pays back in its own month; no shorter horizon to test")
	}
	short := *full.Components[0].PaybackMonth - 1
	p, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: short, Exact: true})
	if err != nil {
		t.Fatal(err)
	}
	c := p.Components[0]
	if c.MoveMonth == nil || *c.MoveMonth != move {
		t.Fatalf("move month = %v, want %d", c.MoveMonth, move)
	}
	if c.PaybackMonth != nil || !c.SavingUSD.IsNegative() {
		t.Errorf("component = %+v, want no payback and a negative saving", c)
	}
	for _, m := range p.Timeline {
		if len(m.Moves) > 0 || !m.MonthlyUSD.Equal(m.StayUSD) {
			t.Errorf("month %d: the plan moved (%v) or differs from stay", m.Month, m.Moves)
		}
	}
	if !p.SavingUSD.IsZero() || !p.MigrationsUSD.IsZero() {
		t.Errorf("saving %s, migrations %s; want 0", p.SavingUSD, p.MigrationsUSD)
	}
	// What moving would have saved: the 36-month timeline's months up to
	// the short horizon, less the migration.
	want := decimal.Zero.Sub(full.MigrationUSD)
	for _, m := range full.Timeline[:short] {
		want = want.Add(m.StayUSD.Sub(m.MonthlyUSD))
	}
	if !c.SavingUSD.Equal(want) {
		t.Errorf("saving if moved = %s, want %s", c.SavingUSD, want)
	}
}

// TestPlanPricesLikeAnalyze: in month 1 the plan keeps today's placement,
// which is the analysis's recommendation; pricing it again (serverless
// options with plan fees counted once per platform, the cluster re-sized
// through PriceSides) must give the analysis's own total to the cent.
func TestPlanPricesLikeAnalyze(t *testing.T) {
	cat := testCatalog(t)
	g, _ := ParseGrowth("0%/month")
	for _, name := range []string{"startup-api", "system", "edge-frontend", "webhook-processor", "stateful-database"} {
		path := filepath.Join("..", "..", "examples", name+".yaml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := spec.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		s.Seed = 1
		p, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: 1})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := p.Timeline[0]
		// The analysis bills its recommended cluster from the Kubernetes
		// simulator; the plan prices clusters from the hour-by-hour estimate.
		// They may differ by exactly that gap.
		gap := decimal.Zero
		if a, err := advisor.Analyze(s, cat, advisor.Options{}); err == nil {
			for _, cl := range a.Clusters {
				if cl.EstimatedUSD != nil {
					gap = gap.Add(cl.Bill.Total.Sub(*cl.EstimatedUSD).Abs())
				}
			}
		}
		if m.StayUSD.Sub(m.RecommendedUSD).Abs().GreaterThan(gap) || !m.MonthlyUSD.Equal(m.StayUSD) {
			t.Errorf("%s: stay %s, plan %s, analysis %s", name, m.StayUSD, m.MonthlyUSD, m.RecommendedUSD)
		}
	}
}

// growingAnalytic is lambdaVsEKS 5.5 months of 10 % growth below its break-even.
func growingAnalytic(t *testing.T, cat *catalog.Catalog) *workload.Spec {
	t.Helper()
	be, err := BreakEvens(context.Background(), lambdaVsEKS(1e6, ptr(0.0)), cat, "worker", Config{})
	if err != nil || be[0].BreakEvenRequestsPerMonth == nil {
		t.Fatalf("break-even: %v %+v", err, be)
	}
	return lambdaVsEKS(*be[0].BreakEvenRequestsPerMonth/math.Pow(1.1, 5.5), ptr(0.0))
}

// TestBreakEvenWithoutPeopleHasNoOperations: the curves leave people out of
// both sides, the cluster's engineers and every component's operations
// hours alike. At today's volume the curve's serverless figure is the
// analysis' Lambda bill less its operations line (2 engineer-hours), and
// the cluster's is its bill less the engineers and the same hours.
func TestBreakEvenWithoutPeopleHasNoOperations(t *testing.T) {
	cat := testCatalog(t)
	const r1 = 1e6
	spec := lambdaVsEKS(r1, nil)
	res, err := BreakEvens(context.Background(), spec, cat, "", Config{})
	if err != nil {
		t.Fatal(err)
	}
	var today *Point
	for i, p := range res[0].Curve {
		if p.RequestsPerMonth == r1 {
			today = &res[0].Curve[i]
		}
	}
	if today == nil || today.ServerlessUSD == nil || today.KubernetesUSD == nil {
		t.Fatalf("no curve point at today's %g requests: %+v", r1, res[0].Curve)
	}
	sd, err := advisor.PriceSides(spec, cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ops := func(items []pricing.LineItem) decimal.Decimal {
		sum := decimal.Zero
		for _, li := range items {
			if strings.HasPrefix(li.Name, "operations") || strings.HasPrefix(li.Name, "platform engineering") {
				sum = sum.Add(li.Amount)
			}
		}
		return sum
	}
	lam := sd.Serverless[0][0]
	wantS := lam.MonthlyUSD.Sub(ops(lam.LineItems))
	if ops(lam.LineItems).IsZero() {
		t.Fatal("the analysis' Lambda bill has no operations line to take out")
	}
	if !today.ServerlessUSD.Equal(wantS) {
		t.Errorf("curve serverless %s, want %s (the bill %s less operations %s)", today.ServerlessUSD, wantS, lam.MonthlyUSD, ops(lam.LineItems))
	}
	cl := sd.Clusters[0]
	wantK := cl.Bill.Total.Sub(ops(cl.Bill.LineItems))
	if !today.KubernetesUSD.Equal(wantK) {
		t.Errorf("curve cluster %s, want %s (the bill %s less people %s)", today.KubernetesUSD, wantK, cl.Bill.Total, ops(cl.Bill.LineItems))
	}
}

// A write-only database on RDS outgrows RDS's largest class (read replicas
// cannot carry writes) while it grows: the plan still prices every month,
// keeping the component on the cheapest option that holds the load, and
// says so in its notes.
func TestPlanManagedOutgrown(t *testing.T) {
	cat := testCatalog(t)
	zero, writes := 0.0, 500.0
	s := &workload.Spec{Version: 1, Name: "outgrown", Seed: 1,
		Platforms: []string{workload.PlatformRDS, workload.PlatformAuroraServerless},
		Components: []workload.Component{{
			Name: "db", Type: workload.TypeDatabase, Runtime: workload.RuntimeContainer,
			RequestsPerMonth: 500 * 730 * 3600, DurationMS: 4, CPUMS: ptr(2.0), MemoryMB: 4096,
			Stateful: true, StorageGB: 100, Traffic: workload.Traffic{Shape: workload.ShapeConstant},
			FrontDoor: workload.FrontDoorNone,
			Data:      &workload.Data{ReadsPerSecond: &zero, WritesPerSecond: &writes},
		}},
	}
	s.ApplyDefaults()
	g, _ := ParseGrowth("15%/month")
	p, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: 26})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Timeline {
		want := workload.PlatformRDS
		if m.Month >= 24 { // 500 × 1.15^23 writes a second of 2 ms: 24.9 cores, 35.6 vCPU at 70 % (> 32); month 23: 30.9 vCPU
			want = workload.PlatformAuroraServerless
		}
		if got := m.Placement[0].Platform; got != want {
			t.Errorf("month %d: db on %s, want %s", m.Month, got, want)
		}
	}
	if !p.MigrationsUSD.Equal(p.MigrationUSD) {
		t.Errorf("migrations %s, want the one forced move's %s", p.MigrationsUSD, p.MigrationUSD)
	}
	notes := strings.Join(p.Notes, "\n")
	if !strings.Contains(notes, "db on aws-rds cannot hold the load from month 24") || !strings.Contains(p.Components[0].Reason, "must move to aws-aurora-serverless") {
		t.Errorf("notes %q, reason %q; want the forced move explained", notes, p.Components[0].Reason)
	}
}
