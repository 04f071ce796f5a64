package serverless

import (
	"math/rand/v2"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// Arrivals yields request arrival times in seconds from the start of the
// simulation, in non-decreasing order; ok is false when there are no more.
// It is traffic.Arrivals, so the traffic package's generators and trace
// readers plug in directly.
type Arrivals = traffic.Arrivals

// Traffic is a Poisson arrival process: Rate requests per second on average,
// modulated by Shape (nil = constant), whose clock starts at Offset seconds
// into the month (so a simulated window can stand for any hour of it).
type Traffic struct {
	Rate   float64
	Shape  traffic.Shape
	Offset float64
}

// Stream seeds used so that arrivals and service times come from separate
// PCG streams of one seed: changing the platform's settings (provisioned
// count, keep-alive) then keeps the same arrivals and the same sequence of
// service draws (common random numbers), which makes comparisons sharp.
const (
	streamArrivals = 0x9e3779b97f4a7c15
	streamService  = 0xbf58476d1ce4e5b9
)

// NewArrivals returns the arrivals of tr over [0, horizon) seconds, seeded
// from seed: traffic.NewPoisson, a non-homogeneous Poisson process generated
// by windowed thinning (Lewis and Shedler 1979).
func NewArrivals(tr Traffic, horizon float64, seed uint64) Arrivals {
	r := rand.New(rand.NewPCG(seed, streamArrivals))
	var shape traffic.Shape = traffic.Constant{}
	if tr.Shape != nil {
		shape = tr.Shape
	}
	if _, flat := shape.(traffic.Constant); !flat && tr.Offset != 0 {
		shape = offsetShape{s: shape, off: secs(tr.Offset)}
	}
	return traffic.NewPoisson(tr.Rate, shape, secs(horizon), r)
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// offsetShape is s seen from off into the month, keeping s's interval bounds
// (which the generator thins against).
type offsetShape struct {
	s   traffic.Shape
	off time.Duration
}

func (o offsetShape) Factor(t time.Duration) float64 { return o.s.Factor(t + o.off) }
func (o offsetShape) Peak() float64                  { return o.s.Peak() }
func (o offsetShape) String() string                 { return o.s.String() }
func (o offsetShape) PeakIn(from, to time.Duration) float64 {
	return traffic.PeakIn(o.s, from+o.off, to+o.off)
}
func (o offsetShape) FloorIn(from, to time.Duration) float64 {
	return traffic.FloorIn(o.s, from+o.off, to+o.off)
}

// Times replays fixed arrival times (seconds, non-decreasing), as a trace does.
type Times struct {
	T []float64
	i int
}

// Next implements Arrivals.
func (a *Times) Next() (float64, bool) {
	if a.i >= len(a.T) {
		return 0, false
	}
	a.i++
	return a.T[a.i-1], true
}
