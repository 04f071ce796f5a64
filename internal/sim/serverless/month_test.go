package serverless

import (
	"math"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

func TestLoadPresetLambda(t *testing.T) {
	t.Parallel()
	c, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := LoadPreset(c, "aws-lambda", "python", 512)
	if err != nil {
		t.Fatal(err)
	}
	// Typical production init 321 ms: the python3.13 x86_64 hello-world
	// median 85.7 ms (maxday/lambda-perf, via prices-2026.md §3.1, the lower
	// bound) plus 235 ms of SDK clients and a first HTTPS call (the speedrun
	// Node 22 measurement), up to AWS's "over 1 s"; 1,000 per 10 s
	// (scaling-behavior.html); account concurrency 1,000
	// (lambda-concurrency.html); INIT billed since 2025-08-01.
	want := Preset{Platform: "aws-lambda", Runtime: "python", MemoryMB: 512, Init: 0.321, InitLow: 0.0857, InitHigh: 1, KeepAlive: 600,
		ConcurrencyPerInstance: 1, MaxInstances: 1000, ScaleBurst: 1000, ScalePerSecond: 100,
		Overflow: Reject, Billing: PerRequest, BillingGranularity: 0.001, BillsInit: true}
	got := p
	got.IDs = nil
	if math.Abs(got.Init-want.Init) > 1e-12 || math.Abs(got.InitLow-want.InitLow) > 1e-12 || got.InitHigh != want.InitHigh {
		t.Errorf("init %g (range %g–%g), want %g (%g–%g)", got.Init, got.InitLow, got.InitHigh, want.Init, want.InitLow, want.InitHigh)
	}
	got.Init = want.Init
	if got.Platform != want.Platform || got.KeepAlive != want.KeepAlive || got.ConcurrencyPerInstance != 1 ||
		got.MaxInstances != 1000 || got.ScaleBurst != 1000 || got.ScalePerSecond != 100 || !got.BillsInit || got.Overflow != Reject {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	// Every platform has every id it needs for nodejs.
	for _, pl := range Platforms() {
		if _, err := LoadPreset(c, pl, "nodejs", 1024); err != nil {
			t.Errorf("%s: %v", pl, err)
		}
	}
	if _, err := LoadPreset(c, "aws-lamda", "nodejs", 512); err == nil || !strings.Contains(err.Error(), "aws-lambda") {
		t.Errorf("unknown platform: %v", err)
	}
	if _, err := LoadPreset(c, "cloudflare-workers", "java", 128); err == nil || !strings.Contains(err.Error(), "nodejs") {
		t.Errorf("unknown runtime: %v", err)
	}
}

func lambdaLike(warm float64) Config {
	return Config{WarmService: Dist{Kind: Exponential, Mean: warm}, Init: 0.2, KeepAlive: 600,
		ConcurrencyPerInstance: 1, Overflow: Reject, MemoryMB: 1024, Billing: PerRequest, BillsInit: true}
}

// The month's request count follows from the rate whichever part of the
// month is simulated.
func TestMonthSummaryMethods(t *testing.T) {
	t.Parallel()
	month := 730 * 3600.0
	for _, tc := range []struct {
		rate   float64
		method string
	}{
		{0.05, "whole month"},
		{1, "whole days"},
		{50, "hourly windows"},
	} {
		s, err := MonthSummary(lambdaLike(0.1), Month{Rate: tc.rate, Shape: traffic.NewDiurnal(2, 0), Seconds: month}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(s.Method, tc.method) {
			t.Errorf("rate %g: method %q, want %s", tc.rate, s.Method, tc.method)
		}
		want := tc.rate * month
		if d := math.Abs(float64(s.Requests)-want) / want; d > 0.01 {
			t.Errorf("rate %g (%s): %d requests in the month, want %.0f", tc.rate, s.Method, s.Requests, want)
		}
		if s.SimulatedRequests > 2*DefaultBudget {
			t.Errorf("rate %g: simulated %d requests, budget %d", tc.rate, s.SimulatedRequests, DefaultBudget)
		}
		// Little's law on the sample, scaled or not.
		if got, want := s.MeanConcurrency, tc.rate*(0.1+s.ColdStartProbability*0.2); math.Abs(got-want) > 0.05*want {
			t.Errorf("rate %g: mean concurrency %g, want %g", tc.rate, got, want)
		}
	}
}

// The hourly-window estimate agrees with simulating a whole day.
func TestHourlyWindowsMatchWholeDay(t *testing.T) {
	t.Parallel()
	cfg := lambdaLike(0.3)
	cfg.WarmService = Dist{Kind: Lognormal, Mean: 0.3, P99: 2}
	m := Month{Rate: 20, Shape: traffic.NewDiurnal(3, 0), Seconds: day, Budget: 2_000_000}
	full, err := MonthSummary(cfg, m, 5)
	if err != nil {
		t.Fatal(err)
	}
	if full.Method != "whole month" {
		t.Fatalf("method %q", full.Method)
	}
	m.Budget = 150_000
	win, err := MonthSummary(cfg, m, 5)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(win.Method, "hourly") {
		t.Fatalf("method %q", win.Method)
	}
	for _, c := range []struct {
		name      string
		got, want float64
		tol       float64
	}{
		{"p50", win.Latency.P50, full.Latency.P50, 0.03},
		{"p99", win.Latency.P99, full.Latency.P99, 0.05},
		{"mean running", win.MeanRunningInstances, full.MeanRunningInstances, 0.05},
		{"mean instances", win.MeanInstances, full.MeanInstances, 0.10},
		{"billed GB-s", win.BilledGBSeconds, full.BilledGBSeconds, 0.05},
	} {
		if math.Abs(c.got-c.want) > c.tol*c.want {
			t.Errorf("%s: windows %g, whole day %g (tolerance %g%%)", c.name, c.got, c.want, 100*c.tol)
		}
	}
}

func TestMinProvisionedForSLO(t *testing.T) {
	t.Parallel()
	month := 730 * 3600.0
	// One request every 15 min on average against a 10 min keep-alive: half
	// the requests are cold (e^(−600/900) ≈ 0.51) and take 2 s of init, so
	// p99 ≈ 2 s. One provisioned instance makes every request warm (overlaps
	// have probability λ·S < 1e-4).
	cfg := Config{WarmService: Dist{Kind: Constant, Mean: 0.05}, Init: 2, KeepAlive: 600,
		ConcurrencyPerInstance: 1, Overflow: Reject, MemoryMB: 512, Billing: PerRequest}
	r, err := MinProvisionedForSLO(cfg, Month{Rate: 1.0 / 900, Seconds: month}, 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Met || r.Provisioned != 1 || r.Summary.Latency.P99 > 51 {
		t.Errorf("got provisioned %d met %v p99 %g ms, want 1, true, ≈50 ms", r.Provisioned, r.Met, r.Summary.Latency.P99)
	}
	if want := 0.5 * month; math.Abs(r.Summary.ProvisionedGBSeconds-want) > 1e-6 {
		t.Errorf("provisioned GB-s %g, want %g", r.Summary.ProvisionedGBSeconds, want)
	}
	// An SLO below the warm service time cannot be met by provisioning.
	r, err = MinProvisionedForSLO(cfg, Month{Rate: 1.0 / 900, Seconds: month}, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Met {
		t.Errorf("SLO 20 ms with 50 ms requests reported met with %d", r.Provisioned)
	}
	// A busier function: the answer is minimal (one fewer misses the SLO).
	cfg = lambdaLike(0.2)
	cfg.Init, cfg.KeepAlive = 3, 30
	m := Month{Rate: 2, Shape: traffic.NewDiurnal(4, 0), Seconds: month}
	slo := 1000.0
	r, err = MinProvisionedForSLO(cfg, m, slo, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Met || r.Provisioned < 1 || r.Summary.Latency.P99 > slo {
		t.Fatalf("got %d met %v p99 %g", r.Provisioned, r.Met, r.Summary.Latency.P99)
	}
	cfg.Provisioned = r.Provisioned - 1
	below, err := MonthSummary(cfg, m, 2)
	if err != nil {
		t.Fatal(err)
	}
	if below.Latency.P99 <= slo {
		t.Errorf("provisioned %d also meets the SLO (p99 %g ms)", cfg.Provisioned, below.Latency.P99)
	}
	t.Logf("busy case: provisioned %d after %d evaluations, p99 %g ms (vs %g ms with one fewer)", r.Provisioned, r.Evaluations, r.Summary.Latency.P99, below.Latency.P99)
}

// BenchmarkMonthSummary is one component-month as analyze runs it (diurnal
// traffic, 10 M requests a month, Lambda-like settings).
func BenchmarkMonthSummary(b *testing.B) {
	m := Month{Rate: 10e6 / (730 * 3600), Shape: traffic.NewDiurnal(3, 0), Seconds: 730 * 3600}
	defer reportCPU(b)()
	for b.Loop() {
		if _, err := MonthSummary(lambdaLike(0.1), m, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// A window's offset moves it along the shape: at the diurnal peak (14:00,
// factor 2 for peak-to-mean 2) a minute at 10 req/s brings about 1,200
// requests; at the trough twelve hours away (factor 0), none.
func TestArrivalsOffset(t *testing.T) {
	t.Parallel()
	count := func(offsetH float64) int {
		a := NewArrivals(Traffic{Rate: 10, Shape: traffic.NewDiurnal(2, 0), Offset: offsetH * 3600}, 60, 1)
		n := 0
		for {
			if _, ok := a.Next(); !ok {
				return n
			}
			n++
		}
	}
	// Poisson count with mean ≈ 1,200: sd ≈ 35.
	if n := count(14); math.Abs(float64(n)-1200) > 140 {
		t.Errorf("at the peak: %d arrivals in a minute, want ≈ 1200", n)
	}
	if n := count(2); n > 2 {
		t.Errorf("at the trough: %d arrivals in a minute, want ≈ 0", n)
	}
}

// A daily schedule's provisioned GB-s over the month is its daily integral
// times the days, whichever part of the month is simulated.
func TestMonthSummarySchedule(t *testing.T) {
	t.Parallel()
	month := 730 * 3600.0
	cfg := lambdaLike(0.1)
	cfg.MemoryMB = 2048
	cfg.ProvisionedSchedule = []Step{{0, 2}, {8 * 3600, 6}, {20 * 3600, 2}}
	want := 96 * 3600.0 * 2 * month / day // 96 instance-hours a day at 2 GB
	for _, rate := range []float64{0.05, 1, 50} {
		s, err := MonthSummary(cfg, Month{Rate: rate, Shape: traffic.NewDiurnal(2, 0), Seconds: month}, 1)
		if err != nil {
			t.Fatal(err)
		}
		if d := math.Abs(s.ProvisionedGBSeconds-want) / want; d > 0.01 {
			t.Errorf("rate %g (%s): provisioned GB-s %.6g, want %.6g", rate, s.Method, s.ProvisionedGBSeconds, want)
		}
	}
}

// BenchmarkMinProvisionedForSLO is the SLO search for one component-month
// (2 M requests a month, diurnal ×4, 3 s init against a 1 s p99 SLO).
func BenchmarkMinProvisionedForSLO(b *testing.B) {
	cfg := lambdaLike(0.2)
	cfg.Init, cfg.KeepAlive = 3, 30
	m := Month{Rate: 2e6 / (730 * 3600), Shape: traffic.NewDiurnal(4, 0), Seconds: 730 * 3600}
	defer reportCPU(b)()
	for b.Loop() {
		r, err := MinProvisionedForSLO(cfg, m, 1000, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(r.Evaluations), "evaluations")
		b.ReportMetric(float64(r.Provisioned), "provisioned")
	}
}

// reportCPU adds a cpu-ms/op metric (CPU time per iteration), which a shared,
// loaded machine distorts less than wall time.
func reportCPU(b *testing.B) func() {
	c0, ok0 := cpuSeconds()
	return func() {
		if c1, ok := cpuSeconds(); ok && ok0 && b.N > 0 {
			b.ReportMetric((c1-c0)*1000/float64(b.N), "cpu-ms/op")
		}
	}
}
