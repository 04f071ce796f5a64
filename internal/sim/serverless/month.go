package serverless

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// DefaultBudget is how many requests MonthSummary simulates at most (about
// 20–40 ms on one core); see docs/serverless-simulator.md, "Stopping rule".
const DefaultBudget = 250_000

const day = 86400.0

// Month is a component's traffic over a billing month.
type Month struct {
	Rate    float64       // mean requests per second over the month
	Shape   traffic.Shape // nil: constant
	Seconds float64       // length of the month (hours per month × 3600)
	Budget  int           // requests to simulate at most (0: DefaultBudget)
	// MinWindows, when positive, lets the hourly windows (the third case of
	// MonthSummary) go down from 24 to as few as MinWindows evenly spaced
	// ones, each standing for 24/n consecutive hours, when the warm-up
	// every window needs would take 24 windows past the budget. 0 keeps 24.
	MinWindows int
}

// Summary is a month's result: counts and GB-seconds scaled to the whole
// month; probabilities, means and percentiles as simulated.
type Summary struct {
	Result
	// Method says which part of the month was simulated.
	Method            string  `json:"method"`
	SimulatedRequests int64   `json:"simulated_requests"`
	SimulatedSeconds  float64 `json:"simulated_seconds"`
	Scale             float64 `json:"scale"`
}

// MonthSummary simulates cfg over m within the request budget:
//   - if the whole month fits, the whole month;
//   - else if one day fits, as many whole days as fit (traffic shapes repeat
//     daily), from the start of the month;
//   - else 24 windows, one in the middle of each hour of the first day, each
//     a warm-up (left out) followed by a measured part, their results merged.
//
// Counts and billed GB-seconds are then scaled to m.Seconds.
// cfg.Horizon and cfg.Warmup are set here.
func MonthSummary(cfg Config, m Month, seed uint64) (Summary, error) {
	if !(m.Rate > 0) || math.IsInf(m.Rate, 0) {
		return Summary{}, errs.Errorf(errs.Invalid, "mean rate %g req/s must be positive", m.Rate)
	}
	if !(m.Seconds > 0) || math.IsInf(m.Seconds, 0) {
		return Summary{}, errs.Errorf(errs.Invalid, "month of %g s must be positive", m.Seconds)
	}
	budget := float64(m.Budget)
	if budget <= 0 {
		budget = DefaultBudget
	}
	tr := Traffic{Rate: m.Rate, Shape: m.Shape}
	var s Summary
	switch {
	case m.Rate*m.Seconds <= budget:
		cfg.Horizon, cfg.Warmup = m.Seconds, 0
		r, err := Simulate(cfg, tr, seed)
		if err != nil {
			return Summary{}, err
		}
		s = Summary{Result: r, Method: "whole month"}
	case m.Rate*day <= budget:
		days := math.Min(math.Floor(budget/(m.Rate*day)), math.Floor(m.Seconds/day))
		cfg.Horizon, cfg.Warmup = days*day, 0
		r, err := Simulate(cfg, tr, seed)
		if err != nil {
			return Summary{}, err
		}
		s = Summary{Result: r, Method: fmt.Sprintf("%g whole days", days)}
	default:
		var err error
		s, err = hourlyWindows(cfg, tr, budget, m.MinWindows, seed)
		if err != nil {
			return Summary{}, err
		}
	}
	s.SimulatedRequests = s.Requests
	s.SimulatedSeconds = s.MeasuredSeconds
	s.Scale = m.Seconds / s.MeasuredSeconds
	s.scale(s.Scale, m.Seconds, float64(cfg.Provisioned)*cfg.MemoryMB/1024, len(cfg.ProvisionedSchedule) > 0)
	s.Seed = seed
	return s, nil
}

// hourlyWindows simulates one window per hour of the day, each with a
// warm-up of half its length (at least 3 cold service times) so that the
// instance population has formed before measuring starts. With minWindows
// > 0, fewer windows (a divisor of 24, at least minWindows) are simulated
// when 24 of them would run past the budget, each in the middle of the
// hours it stands for (the midpoint rule).
func hourlyWindows(cfg Config, tr Traffic, budget float64, minWindows int, seed uint64) (Summary, error) {
	span := budget / (24 * tr.Rate)
	cold := cfg.ColdService
	if cold.IsZero() {
		cold = cfg.WarmService
		cold.Offset += cfg.Init
	}
	warm := math.Max(span/2, 3*cold.MeanValue())
	meas := math.Max(span/2, 10*cfg.WarmService.MeanValue())
	n := windowCount(budget/(tr.Rate*(warm+meas)), minWindows)
	hours := 24 / n
	var total Result
	for k := range n {
		h := k * hours
		c := cfg
		c.Warmup, c.Horizon = warm, warm+meas
		c.Offset = float64(h)*3600 + float64(hours)*1800 - (warm+meas)/2
		if c.Offset < 0 {
			c.Offset = 0
		}
		w := tr
		w.Offset = c.Offset
		s := seed + uint64(h)*0x9e3779b9
		r, err := Run(c, NewArrivals(w, c.Horizon, s), s)
		if err != nil {
			return Summary{}, err
		}
		if err := total.merge(r); err != nil {
			return Summary{}, err
		}
	}
	total.finishMerged(cfg.ConcurrencyPerInstance)
	if n < 24 {
		return Summary{Result: total, Method: fmt.Sprintf("%d windows %d hours apart of %.4g s after %.4g s warm-up", n, hours, meas, warm)}, nil
	}
	return Summary{Result: total, Method: fmt.Sprintf("24 hourly windows of %.4g s after %.4g s warm-up", meas, warm)}, nil
}

// windowCount is how many hourly windows to simulate: 24, or with
// minWindows > 0 the most windows (a divisor of 24, at least minWindows)
// that fit within fit windows' worth of the budget.
func windowCount(fit float64, minWindows int) int {
	if minWindows <= 0 || fit >= 24 {
		return 24
	}
	best := 24
	for _, n := range []int{24, 12, 8, 6, 4, 3, 2, 1} {
		if n < minWindows {
			break
		}
		best = n
		if float64(n) <= fit {
			break
		}
	}
	return best
}

// merge adds r's counts, time integrals and sketch to t.
func (t *Result) merge(r Result) error {
	t.Requests += r.Requests
	t.Served += r.Served
	t.ColdStarts += r.ColdStarts
	t.ColdRequests += r.ColdRequests
	t.Rejected += r.Rejected
	t.Queued += r.Queued
	t.MaxInstances = max(t.MaxInstances, r.MaxInstances)
	t.MaxConcurrency = max(t.MaxConcurrency, r.MaxConcurrency)
	t.BilledOnDemandGBSeconds += r.BilledOnDemandGBSeconds
	t.BilledProvisionedGBSeconds += r.BilledProvisionedGBSeconds
	t.ProvisionedGBSeconds += r.ProvisionedGBSeconds
	t.InstanceSeconds += r.InstanceSeconds
	t.BusyInstanceSeconds += r.BusyInstanceSeconds
	t.RequestSeconds += r.RequestSeconds
	t.MeasuredSeconds += r.MeasuredSeconds
	t.latSum += r.Latency.Mean * float64(r.Served)
	t.Latency.Max = max(t.Latency.Max, r.Latency.Max)
	if t.sketch == nil {
		t.sketch = r.sketch.Copy()
		return nil
	}
	if err := t.sketch.MergeWith(r.sketch); err != nil {
		return fmt.Errorf("merge latency sketches: %w", err)
	}
	return nil
}

// finishMerged recomputes the derived figures of a merged result.
func (t *Result) finishMerged(conc int) {
	t.ColdStartProbability, t.RejectionProbability = 0, 0
	if t.Served > 0 {
		t.ColdStartProbability = float64(t.ColdRequests) / float64(t.Served)
	}
	if t.Requests > 0 {
		t.RejectionProbability = float64(t.Rejected) / float64(t.Requests)
	}
	w := t.MeasuredSeconds
	t.MeanInstances = t.InstanceSeconds / w
	t.MeanRunningInstances = t.BusyInstanceSeconds / w
	t.MeanIdleInstances = t.MeanInstances - t.MeanRunningInstances
	t.MeanConcurrency = t.RequestSeconds / w
	t.Utilization = 0
	if t.InstanceSeconds > 0 {
		t.Utilization = t.RequestSeconds / (t.InstanceSeconds * float64(conc))
	}
	t.BilledGBSeconds = t.BilledOnDemandGBSeconds + t.BilledProvisionedGBSeconds
	mx := t.Latency.Max
	t.Latency = latencyOf(t.sketch)
	t.Latency.Max = mx
	if t.Served > 0 {
		t.Latency.Mean = t.latSum / float64(t.Served)
	}
}

// scale multiplies counts and integrals by k (simulated part → month), and
// sets provisioned GB-s exactly for the month.
func (t *Result) scale(k, monthSeconds, provGB float64, scheduled bool) {
	n := func(x int64) int64 { return int64(math.Round(float64(x) * k)) }
	t.Requests, t.Served, t.ColdStarts, t.ColdRequests = n(t.Requests), n(t.Served), n(t.ColdStarts), n(t.ColdRequests)
	t.Rejected, t.Queued = n(t.Rejected), n(t.Queued)
	t.BilledOnDemandGBSeconds *= k
	t.BilledProvisionedGBSeconds *= k
	t.BilledGBSeconds = t.BilledOnDemandGBSeconds + t.BilledProvisionedGBSeconds
	t.InstanceSeconds *= k
	t.BusyInstanceSeconds *= k
	t.RequestSeconds *= k
	t.MeasuredSeconds = monthSeconds
	if scheduled {
		// A daily schedule over whole days or hour-centred windows scales
		// like the other integrals.
		t.ProvisionedGBSeconds *= k
	} else {
		t.ProvisionedGBSeconds = provGB * monthSeconds
	}
}

// SLOResult is the outcome of MinProvisionedForSLO.
type SLOResult struct {
	// Provisioned is the smallest provisioned count (minimum instances) at
	// which the simulated p99 meets the SLO, or the count that removes every
	// cold start when even that does not (then Met is false).
	Provisioned int     `json:"provisioned"`
	Met         bool    `json:"met"`
	Summary     Summary `json:"summary"`
	// Evaluations is how many month simulations the search ran.
	Evaluations int `json:"evaluations"`
}

// MinProvisionedForSLO finds the fewest provisioned instances (on top of
// cfg.Provisioned) for which MonthSummary's p99 latency is at most sloP99ms.
// The search brackets by doubling, up to enough instances to hold the peak
// concurrency of the unprovisioned run (no cold starts), then bisects; the
// same seed is used throughout (common random numbers), so successive
// evaluations differ only by the provisioned count.
func MinProvisionedForSLO(cfg Config, m Month, sloP99ms float64, seed uint64) (SLOResult, error) {
	if !(sloP99ms > 0) {
		return SLOResult{}, errs.Errorf(errs.Invalid, "p99 SLO %g ms must be positive", sloP99ms)
	}
	evals := 0
	eval := func(n int) (Summary, error) {
		evals++
		c := cfg
		c.Provisioned = n
		return MonthSummary(c, m, seed)
	}
	lo := cfg.Provisioned
	s0, err := eval(lo)
	if err != nil {
		return SLOResult{}, err
	}
	if s0.Latency.P99 <= sloP99ms {
		return SLOResult{Provisioned: lo, Met: true, Summary: s0, Evaluations: evals}, nil
	}
	conc := max(cfg.ConcurrencyPerInstance, 1)
	top := max((s0.MaxConcurrency+conc-1)/conc, lo+1)
	if cfg.MaxInstances > 0 && top > cfg.MaxInstances {
		top = cfg.MaxInstances
	}
	if top <= lo {
		return SLOResult{Provisioned: lo, Met: false, Summary: s0, Evaluations: evals}, nil
	}
	// Bracket: double the step until the SLO holds or top is reached.
	var hiSum Summary
	hi, step := lo, 1
	found := false
	for !found {
		next := min(lo+step, top)
		s, err := eval(next)
		if err != nil {
			return SLOResult{}, err
		}
		if s.Latency.P99 <= sloP99ms {
			hi, hiSum, found = next, s, true
			break
		}
		lo = next
		if next == top {
			return SLOResult{Provisioned: top, Met: false, Summary: s, Evaluations: evals}, nil
		}
		step *= 2
	}
	// Bisect (lo fails, hi holds).
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		s, err := eval(mid)
		if err != nil {
			return SLOResult{}, err
		}
		if s.Latency.P99 <= sloP99ms {
			hi, hiSum = mid, s
		} else {
			lo = mid
		}
	}
	return SLOResult{Provisioned: hi, Met: true, Summary: hiSum, Evaluations: evals}, nil
}
