package trace

import (
	"container/heap"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Summary is what `fulcrum trace stats` reports.
type Summary struct {
	Format       string  `json:"format"`
	Requests     float64 `json:"requests"`
	Functions    int     `json:"functions,omitempty"`
	SkippedLines int     `json:"skipped_lines"`
	// Start and End are RFC 3339 for absolute traces, else seconds from the start.
	Start          string  `json:"start"`
	End            string  `json:"end"`
	SpanSeconds    float64 `json:"span_seconds"`
	ResolutionS    float64 `json:"resolution_seconds"`
	MeanPerSecond  float64 `json:"mean_rate_per_second"`
	MeanPerMinute  float64 `json:"mean_rate_per_minute"`
	PeakPerSecond  float64 `json:"peak_rate_per_second"`
	PeakPerMinute  float64 `json:"peak_rate_per_minute"`
	PeakToMean     float64 `json:"peak_to_mean"`
	PeakToMeanHour float64 `json:"peak_to_mean_hourly"`
	IdleMinutes    float64 `json:"idle_minutes_share"`
	// InterArrival percentiles in seconds (log histogram, 1 % relative accuracy).
	// For interval counts, arrivals are spread evenly inside each minute.
	InterArrival    map[string]float64 `json:"interarrival_seconds"`
	InterArrivalEst bool               `json:"interarrival_estimated"`
	OutOfOrder      int                `json:"out_of_order,omitempty"`
	// Duration is the service time in seconds where the trace records one.
	Duration  map[string]float64 `json:"duration_seconds,omitempty"`
	Resembles Resemblance        `json:"resembles"`
	Notes     []string           `json:"notes,omitempty"`
}

// Resemblance is the built-in shape closest to the trace, with the spec
// parameters that reproduce it, and every candidate's fit error.
type Resemblance struct {
	Shape  string             `json:"shape"`
	Params map[string]any     `json:"params,omitempty"`
	Errors map[string]float64 `json:"fit_errors"`
	Reason string             `json:"reason"`
}

// maxSecondBins bounds the per-second histogram (40 days): beyond that span
// the per-second peak is estimated from the per-minute peak.
const maxSecondBins = 40 * 86400

// Stats accumulates a Summary from records in one pass. Memory grows with
// the trace's span (one float per minute, one per second up to 40 days) and
// the number of distinct functions, never with the number of lines.
type Stats struct {
	info      Info
	requests  float64
	funcs     map[string]struct{}
	first     float64
	last      float64
	have      bool
	minBase   int64
	minutes   []float64
	secBase   int64
	seconds   []float32
	secOff    bool
	res       float64
	interval  bool
	reorder   timeHeap
	prevT     float64
	prevSet   bool
	gaps      *logHist
	durs      *logHist
	durSum    float64
	durN      float64
	outOfOrd  int
	functions bool
}

// NewStats starts an accumulator for a trace described by info.
func NewStats(info Info) *Stats {
	return &Stats{info: info, funcs: map[string]struct{}{}, gaps: newLogHist(0.01), durs: newLogHist(0.01), res: math.Inf(1)}
}

// Add folds one record in.
func (s *Stats) Add(r Record) {
	if r.Count <= 0 && r.Interval == 0 {
		return
	}
	if r.Function != "" {
		s.funcs[r.Function] = struct{}{}
	}
	end := r.Time + r.Interval
	if !s.have {
		s.first, s.last, s.have = r.Time, end, true
		s.minBase = int64(math.Floor(r.Time / 60))
		s.secBase = int64(math.Floor(r.Time))
	}
	s.first = math.Min(s.first, r.Time)
	s.last = math.Max(s.last, end)
	s.requests += r.Count
	if r.Interval > 0 {
		s.interval = true
		s.res = math.Min(s.res, r.Interval)
		s.spread(r.Time, r.Interval, r.Count)
	} else {
		s.res = math.Min(s.res, 1)
		s.addMinute(int64(math.Floor(r.Time/60)), r.Count)
		s.addSecond(int64(math.Floor(r.Time)), r.Count)
		s.reorderPush(r.Time, r.Count)
	}
	if !math.IsNaN(r.Duration) && r.Count > 0 {
		s.durs.add(r.Duration, r.Count)
		s.durSum += r.Duration * r.Count
		s.durN += r.Count
	}
}

// spread adds count evenly over [t, t+interval) to the minute and second bins.
func (s *Stats) spread(t, interval, count float64) {
	if count == 0 {
		s.addMinute(int64(math.Floor(t/60)), 0)
		return
	}
	for a := t; a < t+interval; {
		m := math.Floor(a/60)*60 + 60
		b := math.Min(m, t+interval)
		s.addMinute(int64(math.Floor(a/60)), count*((b-a)/interval))
		a = b
	}
	if interval <= 3600 {
		for a := t; a < t+interval; {
			sec := math.Floor(a) + 1
			b := math.Min(sec, t+interval)
			s.addSecond(int64(math.Floor(a)), count*((b-a)/interval))
			a = b
		}
	}
}

func grow[T float32 | float64](bins []T, base *int64, i int64, limit int) ([]T, int, bool) {
	if i < *base {
		shift := int(*base - i)
		if len(bins)+shift > limit {
			return bins, 0, false
		}
		nb := make([]T, len(bins)+shift, cap(bins)+shift)
		copy(nb[shift:], bins)
		bins, *base = nb, i
	}
	k := int(i - *base)
	if k >= limit {
		return bins, 0, false
	}
	for k >= len(bins) {
		bins = append(bins, 0)
	}
	return bins, k, true
}

func (s *Stats) addMinute(m int64, c float64) {
	bins, k, ok := grow(s.minutes, &s.minBase, m, math.MaxInt32)
	s.minutes = bins
	if ok {
		s.minutes[k] += c
	}
}

func (s *Stats) addSecond(sec int64, c float64) {
	if s.secOff {
		return
	}
	bins, k, ok := grow(s.seconds, &s.secBase, sec, maxSecondBins)
	s.seconds = bins
	if !ok {
		s.secOff, s.seconds = true, nil
		return
	}
	s.seconds[k] += float32(c)
}

// reorderWindow is how many per-request records are held to put slightly
// out-of-order logs (several workers writing one file) back in time order.
const reorderWindow = 4096

type timeHeap []float64

func (h timeHeap) Len() int           { return len(h) }
func (h timeHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h timeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *timeHeap) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *timeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (s *Stats) reorderPush(t, count float64) {
	for range int(math.Round(count)) {
		heap.Push(&s.reorder, t)
		if s.reorder.Len() > reorderWindow {
			s.gap(heap.Pop(&s.reorder).(float64))
		}
	}
}

func (s *Stats) gap(t float64) {
	if s.prevSet {
		g := t - s.prevT
		if g < 0 {
			s.outOfOrd++
			g = 0
		}
		s.gaps.add(g, 1)
	}
	s.prevT, s.prevSet = t, true
}

// Summary finishes the pass; skipped is the reader's count of bad lines.
func (s *Stats) Summary(skipped int) Summary {
	out := Summary{Format: s.info.Format, Requests: s.requests, SkippedLines: skipped,
		InterArrival: map[string]float64{}, Resembles: Resemblance{Shape: "none", Errors: map[string]float64{}}}
	if len(s.funcs) > 0 {
		out.Functions = len(s.funcs)
	}
	if !s.have || s.requests == 0 {
		out.Notes = append(out.Notes, "the trace holds no requests")
		return out
	}
	for s.reorder.Len() > 0 {
		s.gap(heap.Pop(&s.reorder).(float64))
	}
	out.OutOfOrder = s.outOfOrd
	if s.interval {
		s.binGaps()
		out.InterArrivalEst = true
	}
	span := s.last - s.first
	if !s.interval {
		span = math.Max(span, 1) // per-request: at least the one second they fall in
	}
	out.SpanSeconds = span
	out.ResolutionS = s.res
	out.Start, out.End = s.stamp(s.first), s.stamp(s.last)
	out.MeanPerSecond = s.requests / span
	out.MeanPerMinute = out.MeanPerSecond * 60
	for _, c := range s.minutes {
		out.PeakPerMinute = math.Max(out.PeakPerMinute, c)
	}
	if s.secOff || len(s.seconds) == 0 {
		out.PeakPerSecond = out.PeakPerMinute / 60
		out.Notes = append(out.Notes, "peak per second estimated from the busiest minute (span above 40 days)")
	} else {
		for _, c := range s.seconds {
			out.PeakPerSecond = math.Max(out.PeakPerSecond, float64(c))
		}
	}
	if s.res > 1 {
		out.Notes = append(out.Notes, "the trace counts requests per "+fmtSeconds(s.res)+"; rates inside an interval are taken as even, so the per-second peak is a lower bound")
	}
	// Peak-to-mean over whole minutes: the busiest minute against the mean
	// of the calendar minutes the trace touches (so it is at least 1 even
	// for a trace of a few seconds).
	out.PeakToMean = out.PeakPerMinute / (s.requests / float64(len(s.minutes)))
	idle := 0
	for _, c := range s.minutes {
		if c == 0 {
			idle++
		}
	}
	out.IdleMinutes = float64(idle) / float64(len(s.minutes))
	for _, q := range []struct {
		name string
		q    float64
	}{{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}, {"p99.9", 0.999}} {
		if s.gaps.total > 0 {
			out.InterArrival[q.name] = round6(s.gaps.quantile(q.q))
		}
	}
	if s.gaps.total > 0 {
		out.InterArrival["max"] = round6(s.gaps.max)
	}
	if s.durN > 0 {
		out.Duration = map[string]float64{"mean": round6(s.durSum / s.durN)}
		for _, q := range []struct {
			name string
			q    float64
		}{{"p50", 0.5}, {"p99", 0.99}} {
			out.Duration[q.name] = round6(s.durs.quantile(q.q))
		}
	}
	hours := s.hourly()
	out.PeakToMeanHour = peakToMean(hours)
	out.Resembles = resemble(s, hours, out)
	return out
}

// binGaps fills the inter-arrival sketch for interval traces from the
// per-minute bins, placing each minute's n arrivals evenly at (i+½)·60/n.
func (s *Stats) binGaps() {
	prevLast, have := 0.0, false
	for i, c := range s.minutes {
		n := math.Round(c)
		if n < 1 {
			continue
		}
		t0 := float64(s.minBase+int64(i)) * 60
		step := 60 / n
		first := t0 + step/2
		if have {
			s.gaps.add(first-prevLast, 1)
		}
		if n > 1 {
			s.gaps.add(step, n-1)
		}
		prevLast, have = t0+60-step/2, true
	}
}

func (s *Stats) stamp(t float64) string {
	if s.info.Absolute {
		return time.Unix(0, int64(math.Round(t*1e6))*1e3).UTC().Format(time.RFC3339Nano)
	}
	return fmtSeconds(t)
}

func fmtSeconds(x float64) string {
	return (time.Duration(x * 1e9)).String()
}

// hourly sums the minute bins into whole hours of the trace's clock
// (hour-of-day aligned for absolute traces; from the trace start otherwise).
func (s *Stats) hourly() []float64 {
	if len(s.minutes) == 0 {
		return nil
	}
	base := s.minBase / 60
	out := make([]float64, (s.minBase+int64(len(s.minutes))-1)/60-base+1)
	for i, c := range s.minutes {
		out[(s.minBase+int64(i))/60-base] += c
	}
	return out
}

func peakToMean(xs []float64) float64 {
	var sum, mx float64
	for _, x := range xs {
		sum += x
		mx = math.Max(mx, x)
	}
	if sum == 0 {
		return 0
	}
	return mx / (sum / float64(len(xs)))
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// resemble fits each built-in shape to the hourly series and names the
// closest: the one with the smallest root-mean-square error of the hourly
// rate (as a multiple of the mean) against the fitted shape's hourly mean,
// preferring the simpler shape when within 0.05. Spiky is chosen instead when
// the busiest minutes stand far above an otherwise flat hour (minute
// peak-to-mean at least 3 × the hourly one and at least 4).
func resemble(s *Stats, hours []float64, sum Summary) Resemblance {
	res := Resemblance{Errors: map[string]float64{}}
	if len(hours) < 24 {
		res.Shape = "unknown"
		res.Reason = "shorter than a day: too short to tell a daily pattern"
		if sum.PeakToMean >= 4 {
			res.Shape = "spiky"
			res.Reason += "; the busiest minute is " + ftoa(sum.PeakToMean) + "× the mean"
		}
		return res
	}
	var total float64
	for _, h := range hours {
		total += h
	}
	mean := total / float64(len(hours))
	obs := make([]float64, len(hours))
	for i, h := range hours {
		obs[i] = h / mean
	}
	hourBase := s.minBase / 60 // absolute hour index of hours[0]
	fit := func(sh traffic.Shape) float64 {
		var se float64
		for i, o := range obs {
			h := time.Duration(hourBase+int64(i)) * time.Hour
			if s.info.Absolute {
				h -= mondayOffset // traffic.Shape time 0 is a Monday
			}
			f := traffic.MeanOver(sh, h, h+time.Hour, 5*time.Minute)
			se += (o - f) * (o - f)
		}
		return math.Sqrt(se / float64(len(obs)))
	}
	type cand struct {
		name   string
		params map[string]any
		err    float64
	}
	var cands []cand
	cands = append(cands, cand{"constant", nil, fit(traffic.Constant{})})
	// Diurnal: the average day's hourly profile gives the peak hour and height.
	var prof [24]float64
	var cnt [24]float64
	for i, o := range obs {
		hod := (hourBase + int64(i)) % 24
		if !s.info.Absolute {
			hod = int64(i) % 24
		}
		prof[hod] += o
		cnt[hod]++
	}
	best, bestH := 0.0, 0
	for h := range 24 {
		if cnt[h] > 0 {
			prof[h] /= cnt[h]
		}
		if prof[h] > best {
			best, bestH = prof[h], h
		}
	}
	ptm := math.Max(1, math.Min(best, 1000))
	peakHour := float64(bestH) + 0.5
	if !s.info.Absolute {
		// Hours count from the trace start; the shape's clock does too.
		peakHour = math.Mod(peakHour+float64(hourBase%24), 24)
	}
	cands = append(cands, cand{"diurnal", map[string]any{"peak_to_mean": round3(ptm), "peak_hour": round3(peakHour)},
		fit(traffic.NewDiurnal(ptm, peakHour))})
	// Business hours: weekday and hour known only for absolute traces.
	if s.info.Absolute {
		bestErr, bestB := math.Inf(1), traffic.BusinessHours{}
		for start := 0; start < 24; start++ {
			for end := start + 4; end <= 24 && end <= start+14; end++ {
				b := traffic.BusinessHours{Start: float64(start), End: float64(end)}
				var in, off, nin, noff float64
				for i, o := range obs {
					h := time.Duration(hourBase+int64(i))*time.Hour - mondayOffset + 30*time.Minute
					if b.Factor(h) == b.Peak() { // Floor 0: peak only in working hours
						in += o
						nin++
					} else {
						off += o
						noff++
					}
				}
				if nin == 0 || noff == 0 || in == 0 {
					continue
				}
				b.Floor = math.Min(1, (off/noff)/(in/nin))
				if e := fit(b); e < bestErr {
					bestErr, bestB = e, b
				}
			}
		}
		if !math.IsInf(bestErr, 1) {
			cands = append(cands, cand{"business-hours", map[string]any{"work_start": bestB.Start, "work_end": bestB.End, "floor": round3(bestB.Floor)}, bestErr})
		}
	}
	for _, c := range cands {
		res.Errors[c.name] = round3(c.err)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].err < cands[j].err })
	pick := cands[0]
	// Prefer the simpler shape (constant < diurnal < business-hours) within 0.05.
	order := map[string]int{"constant": 0, "diurnal": 1, "business-hours": 2}
	for _, c := range cands[1:] {
		if c.err <= pick.err+0.05 && order[c.name] < order[pick.name] {
			pick = c
		}
	}
	res.Shape, res.Params = pick.name, pick.params
	res.Reason = "smallest hourly fit error"
	if sum.PeakToMean >= 4 && sum.PeakToMean >= 3*sum.PeakToMeanHour {
		res.Shape = "spiky"
		res.Params = spikyParams(s, sum)
		res.Reason = "the busiest minute is " + ftoa(sum.PeakToMean) + "× the mean while the busiest hour is " + ftoa(sum.PeakToMeanHour) + "×"
	}
	return res
}

// mondayOffset shifts Unix time (1970-01-01 was a Thursday) so that the
// shapes' t = 0 falls on a Monday 00:00 UTC: 1970-01-05 is the first Monday.
const mondayOffset = 4 * 24 * time.Hour

// spikyParams estimates burst height, length and frequency from the minute
// bins: a burst minute is above 3 × the median non-idle minute.
func spikyParams(s *Stats, sum Summary) map[string]any {
	var nz []float64
	for _, c := range s.minutes {
		if c > 0 {
			nz = append(nz, c)
		}
	}
	if len(nz) == 0 {
		return nil
	}
	sorted := append([]float64(nil), nz...)
	sort.Float64s(sorted)
	base := sorted[len(sorted)/2]
	thr := 3 * base
	runs, runMin, inRun := 0, 0, false
	var burstSum float64
	for _, c := range s.minutes {
		if c > thr {
			runMin++
			burstSum += c
			if !inRun {
				runs++
			}
			inRun = true
		} else {
			inRun = false
		}
	}
	if runs == 0 || base == 0 {
		return nil
	}
	days := math.Max(sum.SpanSeconds/86400, 1.0/24)
	return map[string]any{
		"burst_height":   round3(burstSum / float64(runMin) / base),
		"burst_length":   time.Duration(float64(runMin) / float64(runs) * float64(time.Minute)).Round(time.Second).String(),
		"bursts_per_day": round3(float64(runs) / days),
	}
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func ftoa(x float64) string {
	return strconv.FormatFloat(math.Round(x*10)/10, 'g', -1, 64)
}

// Summarize reads r to the end and returns its summary. When function is not
// empty only that function's records count (multi-function traces).
func Summarize(r Reader, function string) (Summary, error) {
	s := NewStats(r.Info())
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return s.Summary(r.Skipped()), nil
		}
		if err != nil {
			return Summary{}, err
		}
		if function != "" && rec.Function != function {
			continue
		}
		s.Add(rec)
	}
}

// Shape reads r to the end and returns its per-minute rate as a replayable
// traffic.Series (a shape whose factor is the minute's rate over the mean,
// looping past the end), with the trace's summary: MeanPerSecond × the
// series' factor is the trace's rate. A spec's `trace: {path, format, scale}`
// block becomes this (scale is applied by the reader's Options).
func Shape(r Reader, function string) (traffic.Series, Summary, error) {
	s := NewStats(r.Info())
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return traffic.Series{}, Summary{}, err
		}
		if function != "" && rec.Function != function {
			continue
		}
		s.Add(rec)
	}
	sum := s.Summary(r.Skipped())
	series, err := traffic.NewSeries(time.Minute, s.minutes)
	if err != nil {
		return traffic.Series{}, sum, fmt.Errorf("trace has no requests to replay: %w", err)
	}
	return series, sum, nil
}

// LoadRef replays a spec's `trace: {path, format, scale}` block: it opens the
// file through open, reads it with the given format (detected when empty)
// and scale, and returns Shape's series and summary. Callers apply the
// block's growth with traffic.WithGrowth.
func LoadRef(ref workload.TraceRef, open func(name string) (io.ReadCloser, error)) (traffic.Series, Summary, error) {
	f, err := open(ref.Path)
	if err != nil {
		return traffic.Series{}, Summary{}, fmt.Errorf("open trace %s: %w", ref.Path, err)
	}
	defer f.Close()
	r, err := Open(ref.Format, ref.Path, f, Options{Scale: ref.Scale})
	if err != nil {
		return traffic.Series{}, Summary{}, err
	}
	return Shape(r, "")
}

// ShapesFor replays every trace a spec's components name and returns the
// shape function an analysis uses (traffic.FromSpec for the rest), setting
// each replayed component's requests_per_month to the trace's volume over
// the spec's month. notes says where that volume differs from the spec's.
// open resolves a trace path (relative paths are the caller's business).
func ShapesFor(s *workload.Spec, open func(name string) (io.ReadCloser, error)) (func(workload.Traffic, uint64) (traffic.Shape, error), []string, error) {
	shapes := map[*workload.TraceRef]traffic.Shape{}
	var notes []string
	for i := range s.Components {
		c := &s.Components[i]
		ref := c.Traffic.Trace
		if ref == nil {
			continue
		}
		series, sum, err := LoadRef(*ref, open)
		if err != nil {
			return nil, nil, fmt.Errorf("component %s: replay trace %s: %w", c.Name, ref.Path, err)
		}
		vol := sum.MeanPerSecond * s.HoursPerMonth * 3600
		if c.RequestsPerMonth > 0 && (vol < 0.99*c.RequestsPerMonth || vol > 1.01*c.RequestsPerMonth) {
			notes = append(notes, fmt.Sprintf("component %s replays %s: %.0f requests a month at the trace's rate, not the spec's %.0f", c.Name, ref.Path, vol, c.RequestsPerMonth))
		}
		c.RequestsPerMonth = vol
		shapes[ref] = traffic.WithGrowth(series, c.Traffic)
	}
	return func(t workload.Traffic, seed uint64) (traffic.Shape, error) {
		if t.Trace != nil {
			if sh, ok := shapes[t.Trace]; ok {
				return sh, nil
			}
		}
		return traffic.FromSpec(t, seed)
	}, notes, nil
}
