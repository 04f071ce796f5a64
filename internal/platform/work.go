package platform

import (
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Work is a component's load in the units every platform's model needs: the
// same work, whatever the platform.
type Work struct {
	C          workload.Component
	Hours      float64       // hours in the month
	Rate       float64       // mean requests per second
	Shape      traffic.Shape // rate multiplier over time
	DurS       float64       // mean wall time per request, seconds
	CPUS       float64       // CPU time per request, seconds (workload.Component.CPUMillis)
	PeakFactor float64
	FreeTier   bool
	// Usage is what the serverless simulator measured, when it ran.
	Usage Usage
	peaks []float64 // HourlyPeaks, computed once
}

// Usage carries simulated figures into a bill.
type Usage struct {
	InitGBSeconds       float64 // Lambda: billed INIT GB-s of the month's cold starts
	BusyInstanceSeconds float64 // instance time with at least one request in flight
	InstanceSeconds     float64 // instance lifetime, idle and scale-down time included
	Provisioned         int     // provisioned concurrency / minimum / always-ready instances
	ProvisionedShare    float64 // share of requests served by provisioned instances
	MaxInstances        int     // the instance cap the option is priced with (0 = default)
	DefaultMaxInstances int     // the platform's default cap, when MaxInstances raises it
}

// NewWork prepares c's load over a month of hours shaped by shape.
func NewWork(c workload.Component, hours float64, shape traffic.Shape, freeTier bool) Work {
	w := Work{
		C:          c,
		Hours:      hours,
		Rate:       c.RequestsPerMonth / (hours * 3600),
		Shape:      shape,
		DurS:       c.DurationMS / 1000,
		CPUS:       c.CPUMillis() / 1000,
		PeakFactor: shape.Peak(),
		FreeTier:   freeTier,
	}
	w.peaks = hourlyPeaks(w)
	return w
}

// peaksKey identifies a month of hourly peaks: a shape of plain values
// (every built-in shape but the products, sums and traces) and the hours.
type peaksKey struct {
	shape traffic.Shape
	hours float64
}

var (
	peaksMu    sync.Mutex
	peaksCache = map[peaksKey][]float64{}
	plainTypes sync.Map // reflect.Type → bool
)

// maxPeaksCache bounds the memo of hourly peaks (a few KB each).
const maxPeaksCache = 256

// hourlyPeaks computes w's hourly peaks once per shape and month: they do
// not depend on the volume, and analyses of samples of one spec (analyze
// --uncertainty, growth plans) share their shapes. Callers never modify
// the slice.
func hourlyPeaks(w Work) []float64 {
	if w.Shape == nil || !plainValue(reflect.TypeOf(w.Shape)) {
		return w.computeHourlyPeaks()
	}
	k := peaksKey{w.Shape, w.Hours}
	peaksMu.Lock()
	p, ok := peaksCache[k]
	peaksMu.Unlock()
	if ok {
		return p
	}
	p = w.computeHourlyPeaks()
	peaksMu.Lock()
	if len(peaksCache) >= maxPeaksCache {
		clear(peaksCache)
	}
	peaksCache[k] = p
	peaksMu.Unlock()
	return p
}

// plainValue reports a struct type of numbers, strings and booleans only
// (safe as a map key, and equal exactly when the values are).
func plainValue(t reflect.Type) bool {
	if v, ok := plainTypes.Load(t); ok {
		return v.(bool)
	}
	ok := t.Kind() == reflect.Struct
	for i := 0; ok && i < t.NumField(); i++ {
		switch t.Field(i).Type.Kind() {
		case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
			reflect.Float32, reflect.Float64, reflect.String:
		default:
			ok = false
		}
	}
	plainTypes.Store(t, ok)
	return ok
}

// PeakRate is the highest request rate of the traffic shape.
func (w Work) PeakRate() float64 { return w.Rate * w.PeakFactor }

// PeakConcurrency is Little's law at the peak: rate × duration.
func (w Work) PeakConcurrency() float64 { return w.PeakRate() * w.DurS }

// MeanConcurrency is Little's law at the mean rate.
func (w Work) MeanConcurrency() float64 { return w.Rate * w.DurS }

// CPUShare is the CPU a request keeps busy while it runs (CPU time over
// wall time), at most 1 core for a single-threaded request.
func (w Work) CPUShare() float64 {
	if w.DurS <= 0 {
		return 1
	}
	return w.CPUS / w.DurS
}

// HourlyPeaks returns, for each hour of the month, the highest per-minute
// rate factor within that hour: what an autoscaler that follows the traffic
// within the hour must provision for. Sampled each minute.
func (w Work) HourlyPeaks() []float64 { return w.peaks }

func (w Work) computeHourlyPeaks() []float64 {
	n := int(math.Ceil(w.Hours))
	out := make([]float64, n)
	for h := range n {
		m := 0.0
		for min := range 60 {
			t := time.Duration(h)*time.Hour + time.Duration(min)*time.Minute + 30*time.Second
			if f := w.Shape.Factor(t); f > m {
				m = f
			}
		}
		out[h] = m
	}
	return out
}

// ResponseGB is the month's response bytes to clients, in GB.
func (w Work) ResponseGB() float64 { return w.C.RequestsPerMonth * w.C.ResponseKB / 1e6 }

// HTTP reports whether the component takes requests over HTTP from outside.
func (w Work) HTTP() bool { return w.C.FrontDoor != workload.FrontDoorNone }
