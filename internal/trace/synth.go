package trace

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// The synthetic trace follows the distributions published for the Azure
// Functions workload; docs/traffic.md cites each one. In brief:
//
//   - trigger mix, share of functions and of invocations per trigger
//     (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020, via the
//     mikhail.io summary): http 55 %/36 %, queue 15 %/34 %, event 2 %/25 %,
//     timer 16 %/2 %, orchestration 7 %/2 %, others 5 %/1 %;
//   - functions per application: 1: 54 %, 2: 16 %, 3: 10 %, 4–5: 8 %,
//     6–10: 7 %, 11+: 5 % (same source);
//   - invocation frequency: log-normal across functions, fitted so that 45 %
//     are invoked at most once an hour on average and 81 % at most once a
//     minute (the paper's §3 figures for applications, applied to functions),
//     giving the paper's range of many orders of magnitude;
//   - average execution time: log-normal, μ = −0.38, σ = 2.36 (ln seconds;
//     the paper's fit), so about half run under a second;
//   - allocated memory per application: Burr XII, c = 11.652, k = 0.221,
//     λ = 107.083 MB (the paper's fit).
//
// Patterns within a day are assumptions (documented as such): HTTP functions
// follow a diurnal cycle, queue/event/storage functions burst, timers fire
// on a fixed period, the rest are Poisson.

// Trigger mix: share of functions and of invocations (ATC 2020, Table/Fig. 2).
var synthTriggers = []struct {
	name            string
	functions, invs float64
}{
	{"http", 0.55, 0.36},
	{"queue", 0.15, 0.34},
	{"event", 0.02, 0.25},
	{"timer", 0.16, 0.02},
	{"orchestration", 0.07, 0.02},
	{"others", 0.05, 0.01},
}

// Functions per application (ATC 2020, Fig. 1(a)): cumulative shares.
var synthAppSizes = []struct {
	lo, hi int
	share  float64
}{
	{1, 1, 0.54}, {2, 2, 0.16}, {3, 3, 0.10}, {4, 5, 0.08}, {6, 10, 0.07}, {11, 50, 0.05},
}

// Published targets for the per-function mean rate (invocations per minute).
const (
	synthShareHourly = 0.45 // invoked at most once an hour on average
	synthShareMinute = 0.81 // invoked at most once a minute on average
	synthDurMu       = -0.38
	synthDurSigma    = 2.36
	synthBurrC       = 11.652
	synthBurrK       = 0.221
	synthBurrLambda  = 107.083
	synthMaxPerMin   = 2e6 // a ceiling far above the heaviest published function
	// synthWithinSigma is the spread (ln) of a function's 30-second average
	// durations around its mean, for the percentile columns: an assumption.
	synthWithinSigma = 0.5
)

// SynthFunction is one generated function.
type SynthFunction struct {
	Owner, App, Function, Trigger string
	PerMinute                     float64 // mean invocations per minute
	AvgMS                         float64
	shape                         traffic.Shape
	period                        int // timers: minutes between firings
	phase                         int
	appIndex                      int
}

// Synth generates a synthetic trace in the Azure 2019 layout.
type Synth struct {
	Seed      uint64
	Days      int
	Functions []SynthFunction
	AppMemMB  []float64
}

// NewSynth draws n functions (grouped into applications) from seed.
func NewSynth(n, days int, seed uint64) *Synth {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	mu, sigma := fitRateLognormal()
	s := &Synth{Seed: seed, Days: days, Functions: make([]SynthFunction, 0, n)}
	app := 0
	for len(s.Functions) < n {
		size := drawAppSize(r)
		owner := hash64(seed, uint64(app), 1)
		appHash := hash64(seed, uint64(app), 2)
		s.AppMemMB = append(s.AppMemMB, burr(r.Float64()))
		for f := 0; f < size && len(s.Functions) < n; f++ {
			i := len(s.Functions)
			trig := drawTrigger(r)
			m := synthTriggers[trig].invs / synthTriggers[trig].functions
			log10r := mu + sigma*r.NormFloat64() + math.Log10(m)
			rate := math.Min(math.Pow(10, log10r), synthMaxPerMin)
			fn := SynthFunction{
				Owner: owner, App: appHash, Function: hash64(seed, uint64(i), 3),
				Trigger: synthTriggers[trig].name, PerMinute: rate, appIndex: app,
				AvgMS: math.Min(math.Max(1000*math.Exp(synthDurMu+synthDurSigma*r.NormFloat64()), 1), 600000),
			}
			switch fn.Trigger {
			case "http":
				fn.shape = traffic.NewDiurnal(1.5+r.Float64(), 9+8*r.Float64())
			case "queue", "event":
				fn.shape = traffic.Spiky{Height: 5 + 15*r.Float64(), Length: time.Duration(5+r.IntN(26)) * time.Minute, PerDay: float64(1 + r.IntN(6)), Seed: r.Uint64()}
			case "timer":
				fn.period = timerPeriod(rate)
				fn.phase = r.IntN(fn.period)
				fn.PerMinute = 1 / float64(fn.period)
				if rate > 1 {
					fn.period, fn.PerMinute = 1, math.Round(rate)
				}
				fn.shape = traffic.Constant{}
			default:
				fn.shape = traffic.Constant{}
			}
			s.Functions = append(s.Functions, fn)
		}
		app++
	}
	return s
}

// fitRateLognormal solves for μ and σ of log10(rate per minute), before the
// per-trigger multipliers, so that the mixture over triggers puts 45 % of
// functions at or below 1/60 per minute and 81 % at or below 1 per minute.
func fitRateLognormal() (mu, sigma float64) {
	cdf := func(x, mu, sigma float64) float64 {
		var p float64
		for _, t := range synthTriggers {
			z := (x - mu - math.Log10(t.invs/t.functions)) / sigma
			p += t.functions * 0.5 * math.Erfc(-z/math.Sqrt2)
		}
		return p
	}
	muFor := func(sigma float64) float64 {
		lo, hi := -10.0, 10.0
		for range 100 {
			m := (lo + hi) / 2
			if cdf(math.Log10(1.0/60), m, sigma) > synthShareHourly {
				lo = m
			} else {
				hi = m
			}
		}
		return (lo + hi) / 2
	}
	lo, hi := 0.1, 6.0
	for range 100 {
		s := (lo + hi) / 2
		if cdf(0, muFor(s), s) > synthShareMinute {
			lo = s // too concentrated: widen
		} else {
			hi = s
		}
	}
	sigma = (lo + hi) / 2
	return muFor(sigma), sigma
}

func drawAppSize(r *rand.Rand) int {
	u := r.Float64()
	for _, a := range synthAppSizes {
		if u < a.share {
			if a.hi == a.lo {
				return a.lo
			}
			// Log-uniform inside the band (heavier toward its low end).
			return int(math.Floor(float64(a.lo) * math.Pow(float64(a.hi+1)/float64(a.lo), r.Float64())))
		}
		u -= a.share
	}
	return 1
}

func drawTrigger(r *rand.Rand) int {
	u := r.Float64()
	for i, t := range synthTriggers {
		if u < t.functions {
			return i
		}
		u -= t.functions
	}
	return 0
}

// timerPeriod picks the cron-like period (minutes) nearest to 1/rate.
func timerPeriod(rate float64) int {
	want := 1 / math.Max(rate, 1.0/1440)
	best := 1
	for _, p := range []int{1, 2, 5, 10, 15, 30, 60, 120, 240, 360, 720, 1440} {
		if math.Abs(math.Log(float64(p)/want)) < math.Abs(math.Log(float64(best)/want)) {
			best = p
		}
	}
	return best
}

// burr is the inverse CDF of Burr XII: λ((1−u)^(−1/k) − 1)^(1/c).
func burr(u float64) float64 {
	return synthBurrLambda * math.Pow(math.Pow(1-u, -1/synthBurrK)-1, 1/synthBurrC)
}

func hash64(seed, i, kind uint64) string {
	var b [32]byte
	x := splitmix64(seed ^ splitmix64(i*8+kind))
	for k := 0; k < 4; k++ {
		x = splitmix64(x)
		binary.BigEndian.PutUint64(b[8*k:], x)
	}
	return hex.EncodeToString(b[:])
}

func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// shifted moves a shape's clock: Factor(t) = s.Factor(t + off).
type shifted struct {
	s   traffic.Shape
	off time.Duration
}

func (h shifted) Factor(t time.Duration) float64 { return h.s.Factor(t + h.off) }
func (h shifted) Peak() float64                  { return h.s.Peak() }
func (h shifted) String() string                 { return h.s.String() }
func (h shifted) PeakIn(a, b time.Duration) float64 {
	return traffic.PeakIn(h.s, a+h.off, b+h.off)
}
func (h shifted) FloorIn(a, b time.Duration) float64 {
	return traffic.FloorIn(h.s, a+h.off, b+h.off)
}

// DayCounts fills counts with function fn's invocations per minute on day d.
// Each (function, day) has its own PCG stream, so days can be generated in
// any order or in parallel with identical results. Light functions (under
// 50 a minute) are drawn arrival by arrival from the NHPP and binned; heavier
// ones minute by minute from a Poisson count with the minute's mean.
func (s *Synth) DayCounts(fn, d int, counts *[MinutesPerDay]uint32) {
	f := &s.Functions[fn]
	*counts = [MinutesPerDay]uint32{}
	r := rand.New(rand.NewPCG(s.Seed^0xa11ce, uint64(fn)<<8|uint64(d)))
	if f.period > 0 {
		for m := 0; m < MinutesPerDay; m++ {
			if (d*MinutesPerDay+m-f.phase)%f.period == 0 {
				counts[m] = uint32(math.Max(1, math.Round(f.PerMinute*float64(f.period))))
			}
		}
		return
	}
	sh := shifted{f.shape, time.Duration(d) * 24 * time.Hour}
	if f.PerMinute < 50 {
		a := traffic.NewPoisson(f.PerMinute/60, sh, 24*time.Hour, r)
		for {
			t, ok := a.Next()
			if !ok {
				return
			}
			counts[min(int(t/60), MinutesPerDay-1)]++
		}
	}
	for m := range MinutesPerDay {
		at := time.Duration(m) * time.Minute
		mean := f.PerMinute * sh.Factor(at+30*time.Second)
		counts[m] = uint32(poisson(r, mean))
	}
}

// poisson draws a Poisson variate: Knuth's product method below 30, else
// the normal approximation N(λ, λ) rounded (relative error of the variance
// under 2 % at λ = 30, shrinking as λ grows).
func poisson(r *rand.Rand, lambda float64) float64 {
	if lambda <= 0 {
		return 0
	}
	if lambda < 30 {
		l := math.Exp(-lambda)
		k, p := 0.0, 1.0
		for {
			p *= r.Float64()
			if p <= l {
				return k
			}
			k++
		}
	}
	return math.Max(0, math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64()))
}

// WriteDay writes day d's three files: invocations, durations and memory.
func (s *Synth) WriteDay(inv, dur, mem io.Writer, d int) error {
	totals, err := s.writeInvocations(inv, d)
	if err != nil {
		return err
	}
	if err := s.writeDurations(dur, totals); err != nil {
		return err
	}
	return s.WriteMemory(mem, d)
}

// WriteInvocations writes day d's invocations_per_function_md file.
func (s *Synth) WriteInvocations(w io.Writer, d int) error {
	_, err := s.writeInvocations(w, d)
	return err
}

// WriteDurations writes day d's function_durations_percentiles file.
func (s *Synth) WriteDurations(w io.Writer, d int) error {
	totals := make([]uint64, len(s.Functions))
	var counts [MinutesPerDay]uint32
	for i := range s.Functions {
		s.DayCounts(i, d, &counts)
		for _, c := range counts {
			totals[i] += uint64(c)
		}
	}
	return s.writeDurations(w, totals)
}

func (s *Synth) writeInvocations(w io.Writer, d int) ([]uint64, error) {
	totals := make([]uint64, len(s.Functions))
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(azureInvHeader)
	for m := 1; m <= MinutesPerDay; m++ {
		bw.WriteByte(',')
		bw.WriteString(strconv.Itoa(m))
	}
	bw.WriteByte('\n')
	var counts [MinutesPerDay]uint32
	buf := make([]byte, 0, 16*MinutesPerDay)
	for i := range s.Functions {
		f := &s.Functions[i]
		s.DayCounts(i, d, &counts)
		for _, c := range counts {
			totals[i] += uint64(c)
		}
		buf = append(buf[:0], f.Owner...)
		buf = append(buf, ',')
		buf = append(buf, f.App...)
		buf = append(buf, ',')
		buf = append(buf, f.Function...)
		buf = append(buf, ',')
		buf = append(buf, f.Trigger...)
		for _, c := range counts {
			buf = append(buf, ',')
			buf = strconv.AppendUint(buf, uint64(c), 10)
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return nil, err
		}
	}
	return totals, bw.Flush()
}

// writeDurations writes a function_durations_percentiles file. The
// percentile columns spread 30-second averages log-normally around the
// function's mean (σ = synthWithinSigma, an assumption); Count is the day's
// invocations, so it matches the invocations file.
func (s *Synth) writeDurations(w io.Writer, totals []uint64) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(azureDurHeader + "\n")
	zs := []float64{-3, -2.326, -0.674, 0, 0.674, 2.326, 3} // p0≈, p1, p25, p50, p75, p99, p100≈
	for i := range s.Functions {
		f := &s.Functions[i]
		n := totals[i]
		if n == 0 {
			continue
		}
		med := f.AvgMS * math.Exp(-synthWithinSigma*synthWithinSigma/2)
		ps := make([]float64, len(zs))
		for k, z := range zs {
			ps[k] = med * math.Exp(synthWithinSigma*z)
		}
		row := []string{f.Owner, f.App, f.Function, fmtMS(f.AvgMS), strconv.FormatUint(n, 10), fmtMS(ps[0]), fmtMS(ps[6])}
		for _, p := range ps {
			row = append(row, fmtMS(p))
		}
		for k, c := range row {
			if k > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(c)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// WriteMemory writes day d's app_memory_percentiles file (one row per app;
// the percentiles spread ±10 % around the app's Burr-drawn average).
func (s *Synth) WriteMemory(w io.Writer, d int) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(azureMemHeader + "\n")
	seen := map[int]bool{}
	for i := range s.Functions {
		f := &s.Functions[i]
		if seen[f.appIndex] {
			continue
		}
		seen[f.appIndex] = true
		avg := s.AppMemMB[f.appIndex]
		row := []string{f.Owner, f.App, "17280", fmtMS(avg)}
		for _, q := range []float64{0.85, 0.88, 0.95, 1.0, 1.04, 1.08, 1.1, 1.12} {
			row = append(row, fmtMS(avg*q))
		}
		for k, c := range row {
			if k > 0 {
				bw.WriteByte(',')
			}
			bw.WriteString(c)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func fmtMS(x float64) string { return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64) }
