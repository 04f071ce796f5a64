// Package advisor decides where each component of a system should run: it
// checks which platforms can run it at all (hard constraints), prices every
// feasible option, sizes the Kubernetes clusters, and searches the placement
// that minimises the system's monthly cost with shared costs counted once.
// It is pure: it reads a workload.Spec and a catalog.Catalog and returns an
// Analysis; rendering lives in internal/report.
package advisor

import (
	"math"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// demand is a component's load in the units the models need.
type demand struct {
	c          workload.Component
	hours      float64       // hours in the month
	rate       float64       // mean requests per second
	shape      traffic.Shape // rate multiplier over time
	durS       float64       // mean wall time per request, seconds
	cpuS       float64       // CPU time per request, seconds
	peakFactor float64
	peaks      []float64 // hourlyPeaks, computed once
}

func newDemand(c workload.Component, hours float64, shape traffic.Shape) demand {
	d := demand{
		c:          c,
		hours:      hours,
		rate:       c.RequestsPerMonth / (hours * 3600),
		shape:      shape,
		durS:       c.DurationMS / 1000,
		cpuS:       c.CPUMillis() / 1000,
		peakFactor: shape.Peak(),
	}
	d.peaks = d.computeHourlyPeaks()
	return d
}

// peakRate is the highest request rate of the traffic shape.
func (d demand) peakRate() float64 { return d.rate * d.peakFactor }

// peakConcurrency is Little's law at the peak: rate × duration.
func (d demand) peakConcurrency() float64 { return d.peakRate() * d.durS }

// meanConcurrency is Little's law at the mean rate.
func (d demand) meanConcurrency() float64 { return d.rate * d.durS }

// hourlyPeaks returns, for each hour of the month, the highest per-minute
// rate factor within that hour: what an autoscaler that follows the traffic
// within the hour must provision for. Sampled each minute.
func (d demand) hourlyPeaks() []float64 { return d.peaks }

func (d demand) computeHourlyPeaks() []float64 {
	n := int(math.Ceil(d.hours))
	out := make([]float64, n)
	for h := range n {
		m := 0.0
		for min := range 60 {
			t := time.Duration(h)*time.Hour + time.Duration(min)*time.Minute + 30*time.Second
			if f := d.shape.Factor(t); f > m {
				m = f
			}
		}
		out[h] = m
	}
	return out
}
