package planner

import (
	"encoding/json"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// The planner prices the same components at many volumes. A traffic shape
// does not depend on the volume, so its factors at the instants the models
// sample (each minute's midpoint for the hourly peaks, each hour's midpoint
// for instance occupancy) are computed once per shape and looked up after.
// The answers are the shape's own: only the time to get them changes.

// memoShape caches a shape's factors at the sampled instants of a month.
type memoShape struct {
	traffic.Shape
	hours   int
	once    sync.Once
	minutes []float64 // Factor(m minutes + 30 s)
	halves  []float64 // Factor(h hours + 30 min)
	// seconds, for a daily cycle (traffic.Diurnal) in a plan's fast path,
	// holds Factor at every whole second of a day; any other instant is
	// interpolated linearly between the two around it. The cycle is smooth
	// (its relative curvature over one second is below 1e-8), so this moves
	// the simulators' arrivals by less than their rounding, for a tenth of
	// the cost of a cosine and a power per candidate arrival.
	daily   bool
	dayOnce sync.Once
	seconds []float64
}

const daySeconds = 86400

func (m *memoShape) fillDay() {
	m.seconds = make([]float64, daySeconds+1)
	for k := range m.seconds {
		m.seconds[k] = m.Shape.Factor(time.Duration(k) * time.Second)
	}
}

func (m *memoShape) fill() {
	m.minutes = make([]float64, m.hours*60)
	for k := range m.minutes {
		m.minutes[k] = m.Shape.Factor(time.Duration(k)*time.Minute + 30*time.Second)
	}
	m.halves = make([]float64, m.hours)
	for h := range m.halves {
		m.halves[h] = m.Shape.Factor(time.Duration(h)*time.Hour + 30*time.Minute)
	}
}

// Factor implements traffic.Shape. A daily cycle tabulated by the second
// answers from that table at once: at the minutes' and hours' midpoints,
// whole seconds, it holds the same Factor values as the month's tables.
func (m *memoShape) Factor(t time.Duration) float64 {
	if m.daily && t >= 0 {
		m.dayOnce.Do(m.fillDay)
		s := float64(t%(daySeconds*time.Second)) / float64(time.Second)
		k := int(s)
		f := s - float64(k)
		return m.seconds[k] + (m.seconds[k+1]-m.seconds[k])*f
	}
	m.once.Do(m.fill)
	switch {
	case t%time.Minute == 30*time.Second:
		if k := int(t / time.Minute); k >= 0 && k < len(m.minutes) {
			return m.minutes[k]
		}
	case t%time.Hour == 30*time.Minute:
		if h := int(t / time.Hour); h >= 0 && h < len(m.halves) {
			return m.halves[h]
		}
	}
	return m.Shape.Factor(t)
}

// memoOptions wraps opts.Shape so that each distinct traffic block's shape is
// built once and shared (safe for concurrent use). With interpolate, daily
// cycles are tabulated by the second (see memoShape).
func memoOptions(opts advisor.Options, hoursPerMonth float64, interpolate bool) advisor.Options {
	base := opts.Shape
	if base == nil {
		base = traffic.FromSpec
	}
	var mu sync.Mutex
	cache := map[string]traffic.Shape{}
	hours := int(math.Ceil(hoursPerMonth))
	opts.Shape = func(t workload.Traffic, seed uint64) (traffic.Shape, error) {
		key := fmt.Sprintf("%d/%s", seed, trafficKey(t))
		mu.Lock()
		defer mu.Unlock()
		if s, ok := cache[key]; ok {
			return s, nil
		}
		s, err := base(t, seed)
		if err != nil {
			return nil, err
		}
		m := &memoShape{Shape: s, hours: hours}
		if _, ok := s.(traffic.Diurnal); ok && interpolate {
			m.daily = true
		}
		cache[key] = m
		return m, nil
	}
	return opts
}

// trafficKey identifies a traffic block by value (pointers followed).
func trafficKey(t workload.Traffic) string {
	b, err := json.Marshal(t)
	if err != nil { // a plain struct of numbers and strings: cannot fail
		return fmt.Sprintf("%p", &t)
	}
	return string(b)
}
