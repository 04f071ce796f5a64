// Package traffic models request arrivals over a month: shapes that are pure
// functions of time, and (later) real traces. It performs no I/O.
package traffic

import (
	"fmt"
	"math"
	"time"
)

// Shape gives the arrival rate at time t as a multiple of the mean rate.
// Over a whole period (a day, a week) the factor averages to 1, so that
// mean rate × hours gives the monthly volume the user stated.
//
// Implementations are small value types, pure functions of elapsed time.
type Shape interface {
	// Factor is the rate multiplier at elapsed time t from the start of the month.
	Factor(t time.Duration) float64
	// Peak is an upper bound of Factor over all t (used for thinning and sizing).
	Peak() float64
	// String describes the shape in one line.
	String() string
}

// Constant is a flat rate.
type Constant struct{}

var _ Shape = Constant{}

// Factor implements Shape.
func (Constant) Factor(time.Duration) float64 { return 1 }

// Peak implements Shape.
func (Constant) Peak() float64 { return 1 }

func (Constant) String() string { return "constant" }

// Diurnal is a daily sine cycle whose peak is PeakToMean times the mean and
// whose trough is 2-PeakToMean (floored at 0) times the mean; the peak falls at
// PeakHour (UTC hours since the start of the day, default 14).
type Diurnal struct {
	PeakToMean float64
	PeakHour   float64
	k          float64 // cached sharpening power (NewDiurnal); 0 = compute
}

// NewDiurnal builds a Diurnal and precomputes its sharpening power, so that
// Factor costs one math.Pow instead of a bisection (the arrival generator
// calls it millions of times a second).
func NewDiurnal(peakToMean, peakHour float64) Diurnal {
	d := Diurnal{PeakToMean: peakToMean, PeakHour: peakHour}
	if peakToMean > 2 {
		d.k = powerForPeak(peakToMean)
	}
	return d
}

var _ Shape = Diurnal{}

// Factor implements Shape.
func (d Diurnal) Factor(t time.Duration) float64 {
	amp := d.PeakToMean - 1
	if amp > 1 {
		amp = 1 // a pure sine cannot go further without negative rates; see Peak
	}
	if amp < 0 {
		amp = 0 // peak-to-mean below 1 (or unset) is flat, as Peak says
	}
	h := math.Mod(t.Hours(), 24)
	if d.PeakToMean > 2 {
		// Sharpen the cycle so the peak really reaches PeakToMean while the mean
		// stays 1: raise a non-negative raised cosine to a power and renormalise.
		k := d.k
		if k == 0 {
			k = powerForPeak(d.PeakToMean)
		}
		return sharpened(h, d.peakHour(), d.PeakToMean, k)
	}
	return 1 + amp*math.Cos(2*math.Pi*(h-d.peakHour())/24)
}

func (d Diurnal) peakHour() float64 {
	if d.PeakHour == 0 {
		return 14
	}
	return d.PeakHour
}

// sharpened returns c·((1+cos x)/2)^k with k and c chosen so the mean over a
// day is 1 and the maximum is p. For the raised cosine to the power k, the
// mean is Γ(k+1/2)/(√π Γ(k+1)), so c = 1/mean and p = c.
func sharpened(h, peakHour, p, k float64) float64 {
	x := 2 * math.Pi * (h - peakHour) / 24
	base := (1 + math.Cos(x)) / 2
	return p * math.Pow(base, k)
}

// powerForPeak solves √π Γ(k+1)/Γ(k+1/2) = p for k ≥ 0 by bisection.
func powerForPeak(p float64) float64 {
	peak := func(k float64) float64 {
		lg1, _ := math.Lgamma(k + 1)
		lg2, _ := math.Lgamma(k + 0.5)
		return math.Sqrt(math.Pi) * math.Exp(lg1-lg2)
	}
	lo, hi := 0.0, 1.0
	for peak(hi) < p {
		hi *= 2
	}
	for range 60 {
		mid := (lo + hi) / 2
		if peak(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// Peak implements Shape.
func (d Diurnal) Peak() float64 {
	if d.PeakToMean < 1 {
		return 1
	}
	return d.PeakToMean
}

func (d Diurnal) String() string {
	return fmt.Sprintf("diurnal (peak %.3g× mean at %02.0f:00 UTC)", d.Peak(), d.peakHour())
}
