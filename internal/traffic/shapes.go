package traffic

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Time origin: t = 0 is Monday 00:00 UTC. Shapes with a weekly pattern
// (BusinessHours) count days from there.

const (
	day  = 24 * time.Hour
	week = 7 * day
	// Month is the length of the month Growth steps by: 730 h, the AWS
	// pricing calculator's month (workload.DefaultHoursPerMonth).
	Month = 730 * time.Hour
)

// Bounder is implemented by shapes that can bound their factor on an
// interval more tightly than Peak; the arrival generator thins against it.
type Bounder interface {
	// PeakIn is an upper bound of Factor(t) for from ≤ t < to.
	PeakIn(from, to time.Duration) float64
}

// PeakIn returns a bound of s on [from, to): s's own if it has one, else Peak.
func PeakIn(s Shape, from, to time.Duration) float64 {
	if b, ok := s.(Bounder); ok {
		return b.PeakIn(from, to)
	}
	return s.Peak()
}

// Floorer is implemented by shapes that can bound their factor from below
// on an interval; the arrival generator accepts a candidate under the floor
// without evaluating Factor (a "squeeze").
type Floorer interface {
	// FloorIn is a lower bound of Factor(t) for from ≤ t < to.
	FloorIn(from, to time.Duration) float64
}

// FloorIn returns a lower bound of s on [from, to): s's own if it has one, else 0.
func FloorIn(s Shape, from, to time.Duration) float64 {
	if f, ok := s.(Floorer); ok {
		return f.FloorIn(from, to)
	}
	return 0
}

// PeakIn implements Bounder.
func (Constant) PeakIn(time.Duration, time.Duration) float64 { return 1 }

// FloorIn implements Floorer.
func (Constant) FloorIn(time.Duration, time.Duration) float64 { return 1 }

// FloorIn implements Floorer: the trough if it falls in the interval, else
// the smaller end.
func (d Diurnal) FloorIn(from, to time.Duration) float64 {
	if to-from >= day {
		return 0
	}
	th := time.Duration(math.Mod(d.peakHour()+12, 24) * float64(time.Hour))
	p := from.Truncate(day) + th
	if p < from {
		p += day
	}
	if p < to {
		return d.Factor(p)
	}
	return math.Min(d.Factor(from), d.Factor(to))
}

// PeakIn implements Bounder: the cycle's maximum if its peak hour falls in
// the interval, else the larger end (the factor is unimodal within a day).
func (d Diurnal) PeakIn(from, to time.Duration) float64 {
	if to-from >= day {
		return d.Peak()
	}
	ph := time.Duration(math.Mod(d.peakHour(), 24) * float64(time.Hour))
	// The first peak at or after from.
	p := from.Truncate(day) + ph
	if p < from {
		p += day
	}
	if p < to {
		return d.Peak()
	}
	return math.Max(d.Factor(from), d.Factor(to))
}

// BusinessHours is full rate during working hours [Start, End) UTC on
// weekdays (Monday to Friday) and Floor × that rate at night and at
// weekends, scaled so that the mean over a week is 1.
type BusinessHours struct {
	Start, End float64 // UTC hours, e.g. 9 and 17
	Floor      float64 // off-hours rate as a share of the working-hours rate, 0..1
}

var _ Shape = BusinessHours{}

// NewBusinessHoursPeak returns business hours whose peak-to-mean is p, by
// solving the floor: peak = 168 / (5h + (168 − 5h)·floor) for h working
// hours a day. It fails when p exceeds 168/(5h), the peak with floor 0.
func NewBusinessHoursPeak(start, end, p float64) (BusinessHours, error) {
	h := end - start
	work := 5 * h
	max := 168 / work
	if p < 1 || p > max+1e-12 {
		return BusinessHours{}, fmt.Errorf("business hours %g–%g can reach a peak-to-mean of 1 to %.4g (floor 0), not %g", start, end, max, p)
	}
	floor := (168/p - work) / (168 - work)
	return BusinessHours{Start: start, End: end, Floor: math.Max(0, math.Min(1, floor))}, nil
}

// level is the working-hours rate as a multiple of the weekly mean.
func (b BusinessHours) level() float64 {
	work := 5 * (b.End - b.Start)
	return 168 / (work + (168-work)*b.Floor)
}

func (b BusinessHours) working(t time.Duration) bool {
	w := t % week
	if w < 0 {
		w += week
	}
	if w >= 5*day {
		return false
	}
	h := (w % day).Hours()
	return h >= b.Start && h < b.End
}

// Factor implements Shape.
func (b BusinessHours) Factor(t time.Duration) float64 {
	if b.working(t) {
		return b.level()
	}
	return b.level() * b.Floor
}

// Peak implements Shape.
func (b BusinessHours) Peak() float64 { return b.level() }

// PeakIn implements Bounder: the working-hours level if any working time
// lies in the interval, else the floor.
func (b BusinessHours) PeakIn(from, to time.Duration) float64 {
	if to-from >= day || b.working(from) {
		return b.Peak()
	}
	// The next working-hours start after from.
	d := from.Truncate(day)
	start := d + time.Duration(b.Start*float64(time.Hour))
	if start <= from {
		d += day
		start = d + time.Duration(b.Start*float64(time.Hour))
	}
	for !b.working(start) && start < to {
		start += day
	}
	if start < to {
		return b.Peak()
	}
	return b.level() * b.Floor
}

// FloorIn implements Floorer.
func (b BusinessHours) FloorIn(from, to time.Duration) float64 {
	if b.PeakIn(from, to) == b.level()*b.Floor {
		return b.level() * b.Floor
	}
	// Working time lies in the interval; it is all working time only if no
	// off-hours minute does, which the next-boundary check below decides.
	if b.working(from) {
		w := from % week
		end := from - (w % day) + time.Duration(b.End*float64(time.Hour))
		if to <= end {
			return b.level()
		}
	}
	return b.level() * b.Floor
}

func (b BusinessHours) String() string {
	return fmt.Sprintf("business-hours (%02.0f:00–%02.0f:00 UTC Mon–Fri, floor %.3g, peak %.3g× mean)", b.Start, b.End, b.Floor, b.Peak())
}

// Spiky is a flat base rate with bursts: the day is cut into 1/PerDay-long
// slots (a slot may span days when PerDay < 1), and each slot holds one burst
// of Length at Height × the base rate, starting at a point drawn uniformly
// from a PCG stream seeded by (Seed, slot index). Bursts never overlap, so
// the factor is scaled by S/(S + (Height−1)·Length) and every slot of length
// S averages exactly 1. Factor stays a pure function of t and the seed.
type Spiky struct {
	Height float64 // burst rate as a multiple of the base rate, ≥ 1
	Length time.Duration
	PerDay float64
	Seed   uint64
}

var _ Shape = Spiky{}

func (s Spiky) slot() time.Duration { return time.Duration(float64(day) / s.PerDay) }

func (s Spiky) scale() float64 {
	S := float64(s.slot())
	return S / (S + (s.Height-1)*float64(s.Length))
}

// burstStart is the start of the burst in slot k: a uniform offset in the
// slot from the SplitMix64 finaliser (Steele, Lea and Flood 2014) of (seed, k),
// a pure and allocation-free hash with PCG-grade equidistribution for this use.
func (s Spiky) burstStart(k int64) time.Duration {
	S := s.slot()
	u := float64(splitmix(s.Seed^splitmix(uint64(k)))>>11) / (1 << 53)
	return time.Duration(k)*S + time.Duration(u*float64(S-s.Length))
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (s Spiky) slotOf(t time.Duration) int64 {
	k := int64(t / s.slot())
	if t < 0 && t%s.slot() != 0 {
		k--
	}
	return k
}

// Factor implements Shape.
func (s Spiky) Factor(t time.Duration) float64 {
	b := s.burstStart(s.slotOf(t))
	if t >= b && t < b+s.Length {
		return s.Height * s.scale()
	}
	return s.scale()
}

// Peak implements Shape.
func (s Spiky) Peak() float64 { return s.Height * s.scale() }

// PeakIn implements Bounder: the burst level if a burst overlaps the interval.
func (s Spiky) PeakIn(from, to time.Duration) float64 {
	k0, k1 := s.slotOf(from), s.slotOf(to)
	if k1-k0 > 2 {
		return s.Peak()
	}
	for k := k0; k <= k1; k++ {
		b := s.burstStart(k)
		if b < to && b+s.Length > from {
			return s.Peak()
		}
	}
	return s.scale()
}

// FloorIn implements Floorer: the base level is the floor everywhere.
func (s Spiky) FloorIn(from, to time.Duration) float64 {
	if s.PeakIn(from, to) == s.scale() {
		return s.scale()
	}
	b := s.burstStart(s.slotOf(from))
	if from >= b && to <= b+s.Length {
		return s.Peak()
	}
	return s.scale()
}

func (s Spiky) String() string {
	return fmt.Sprintf("spiky (%g bursts a day of %s at %g× base, seed %d; peak %.3g× mean)", s.PerDay, s.Length, s.Height, s.Seed, s.Peak())
}

// Growth multiplies the rate by (1+PerMonth) each Month: month m (from 0)
// runs at (1+PerMonth)^m. Unlike the other shapes its mean is not 1: the
// first month averages 1, so a stated monthly volume is the first month's.
// Beyond Months it stays at the last month's level, so Peak is a true bound.
type Growth struct {
	PerMonth float64
	Months   int
}

var _ Shape = Growth{}

func (g Growth) months() int {
	if g.Months <= 0 {
		return 12
	}
	return g.Months
}

func (g Growth) at(m int) float64 {
	if m < 0 {
		m = 0
	}
	if m >= g.months() {
		m = g.months() - 1
	}
	return math.Pow(1+g.PerMonth, float64(m))
}

// Factor implements Shape.
func (g Growth) Factor(t time.Duration) float64 { return g.at(int(t / Month)) }

// Peak implements Shape.
func (g Growth) Peak() float64 { return math.Max(g.at(0), g.at(g.months()-1)) }

// PeakIn implements Bounder (growth is monotone, so an end is the maximum).
func (g Growth) PeakIn(from, to time.Duration) float64 {
	return math.Max(g.Factor(from), g.Factor(to))
}

// FloorIn implements Floorer.
func (g Growth) FloorIn(from, to time.Duration) float64 {
	return math.Min(g.Factor(from), g.Factor(to))
}

func (g Growth) String() string {
	return fmt.Sprintf("growth (%+.3g %% a month over %d months)", 100*g.PerMonth, g.months())
}

// Product multiplies shapes, scaled by Norm (1/mean of the plain product over
// a week, from NewProduct) so that it averages 1 again. Shapes with an
// independent period (a daily cycle times a weekly one) do not average 1
// when multiplied without it.
type Product struct {
	Shapes []Shape
	Norm   float64
}

var _ Shape = Product{}

// NewProduct multiplies shapes and renormalises the product's mean over one
// week (the longest built-in period) to 1, by the midpoint rule at one-minute
// steps. Growth, which is not a periodic shape, should be applied after.
func NewProduct(shapes ...Shape) Product {
	p := Product{Shapes: shapes, Norm: 1}
	p.Norm = 1 / MeanOver(p, 0, week, time.Minute)
	return p
}

// Factor implements Shape.
func (p Product) Factor(t time.Duration) float64 {
	f := p.norm()
	for _, s := range p.Shapes {
		f *= s.Factor(t)
	}
	return f
}

func (p Product) norm() float64 {
	if p.Norm == 0 {
		return 1
	}
	return p.Norm
}

// Peak implements Shape (the product of peaks: an upper bound).
func (p Product) Peak() float64 {
	f := p.norm()
	for _, s := range p.Shapes {
		f *= s.Peak()
	}
	return f
}

// PeakIn implements Bounder.
func (p Product) PeakIn(from, to time.Duration) float64 {
	f := p.norm()
	for _, s := range p.Shapes {
		f *= PeakIn(s, from, to)
	}
	return f
}

// FloorIn implements Floorer (factors are non-negative, so floors multiply).
func (p Product) FloorIn(from, to time.Duration) float64 {
	f := p.norm()
	for _, s := range p.Shapes {
		f *= FloorIn(s, from, to)
	}
	return f
}

func (p Product) String() string { return "product of " + joinShapes(p.Shapes) }

// Sum is a weighted mean of shapes: Σ wᵢ·fᵢ(t) / Σ wᵢ. When every part
// averages 1, so does the sum.
type Sum struct {
	Shapes  []Shape
	Weights []float64 // nil = equal weights
}

var _ Shape = Sum{}

func (s Sum) weight(i int) float64 {
	if s.Weights == nil {
		return 1
	}
	return s.Weights[i]
}

func (s Sum) combine(f func(Shape) float64) float64 {
	var num, den float64
	for i, sh := range s.Shapes {
		w := s.weight(i)
		num += w * f(sh)
		den += w
	}
	if den == 0 {
		return 0
	}
	return num / den
}

// Factor implements Shape.
func (s Sum) Factor(t time.Duration) float64 {
	return s.combine(func(sh Shape) float64 { return sh.Factor(t) })
}

// Peak implements Shape.
func (s Sum) Peak() float64 { return s.combine(Shape.Peak) }

// PeakIn implements Bounder.
func (s Sum) PeakIn(from, to time.Duration) float64 {
	return s.combine(func(sh Shape) float64 { return PeakIn(sh, from, to) })
}

// FloorIn implements Floorer.
func (s Sum) FloorIn(from, to time.Duration) float64 {
	return s.combine(func(sh Shape) float64 { return FloorIn(sh, from, to) })
}

func (s Sum) String() string { return "weighted sum of " + joinShapes(s.Shapes) }

func joinShapes(ss []Shape) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = s.String()
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

// Series replays a recorded rate: Factors[i] is the rate in the i-th Bin as
// a multiple of the series' mean (so Factors average 1). Past the end it
// loops from the start.
type Series struct {
	Bin     time.Duration
	Factors []float64
	peak    float64
}

var _ Shape = Series{}

// NewSeries builds a Series from per-bin counts (any unit: requests per bin).
// It fails when the counts are empty or all zero.
func NewSeries(bin time.Duration, counts []float64) (Series, error) {
	if bin <= 0 {
		return Series{}, fmt.Errorf("series bin %s is not positive", bin)
	}
	var sum float64
	for _, c := range counts {
		if c < 0 || math.IsNaN(c) || math.IsInf(c, 0) {
			return Series{}, fmt.Errorf("series count %g is not a non-negative number", c)
		}
		sum += c
	}
	if len(counts) == 0 || sum == 0 {
		return Series{}, fmt.Errorf("series has no requests")
	}
	mean := sum / float64(len(counts))
	s := Series{Bin: bin, Factors: make([]float64, len(counts))}
	for i, c := range counts {
		s.Factors[i] = c / mean
		s.peak = math.Max(s.peak, s.Factors[i])
	}
	return s, nil
}

func (s Series) index(t time.Duration) int {
	i := int(t/s.Bin) % len(s.Factors)
	if i < 0 {
		i += len(s.Factors)
	}
	return i
}

// Factor implements Shape.
func (s Series) Factor(t time.Duration) float64 { return s.Factors[s.index(t)] }

// Peak implements Shape.
func (s Series) Peak() float64 { return s.peak }

// PeakIn implements Bounder.
func (s Series) PeakIn(from, to time.Duration) float64 {
	n := int((to-from)/s.Bin) + 2
	if n >= len(s.Factors) {
		return s.peak
	}
	var m float64
	for i, j := 0, s.index(from); i < n; i, j = i+1, (j+1)%len(s.Factors) {
		m = math.Max(m, s.Factors[j])
	}
	return m
}

// FloorIn implements Floorer.
func (s Series) FloorIn(from, to time.Duration) float64 {
	n := int((to-from)/s.Bin) + 2
	if n >= len(s.Factors) {
		return 0
	}
	m := math.Inf(1)
	for i, j := 0, s.index(from); i < n; i, j = i+1, (j+1)%len(s.Factors) {
		m = math.Min(m, s.Factors[j])
	}
	return m
}

func (s Series) String() string {
	return fmt.Sprintf("trace (%d bins of %s; peak %.3g× mean)", len(s.Factors), s.Bin, s.peak)
}

// MeanOver is the mean of s.Factor over [from, to) by the midpoint rule with
// the given step.
func MeanOver(s Shape, from, to, step time.Duration) float64 {
	var sum float64
	n := 0
	for t := from + step/2; t < to; t += step {
		sum += s.Factor(t)
		n++
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
