package traffic

import (
	"errors"
	"fmt"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ErrTrace is returned by FromSpec for a traffic block that replays a trace:
// reading the file is internal/trace's job (this package does no I/O). Build
// the Series there and pass it to WithGrowth.
var ErrTrace = errors.New("traffic replays a trace; load it with internal/trace")

// FromSpec builds the Shape a traffic block describes, with defaults filled
// in (docs/traffic.md lists them). seed drives the random parts (spike
// placement); the same block and seed always give the same shape.
// The block should have passed Validate; FromSpec still returns an error
// rather than a nonsense shape when it has not.
func FromSpec(t workload.Traffic, seed uint64) (Shape, error) {
	if t.Trace != nil {
		return nil, ErrTrace
	}
	base, err := baseFromSpec(t, seed)
	if err != nil {
		return nil, err
	}
	return WithGrowth(base, t), nil
}

// WithGrowth applies the block's month-over-month growth, if any, to s.
func WithGrowth(s Shape, t workload.Traffic) Shape {
	if t.GrowthPerMonth == 0 {
		return s
	}
	g := Growth{PerMonth: t.GrowthPerMonth, Months: t.GrowthMonths}
	if _, flat := s.(Constant); flat {
		return g
	}
	return Product{Shapes: []Shape{s, g}, Norm: 1}
}

func baseFromSpec(t workload.Traffic, seed uint64) (Shape, error) {
	if len(t.Parts) > 0 {
		parts := make([]Shape, len(t.Parts))
		weights := make([]float64, len(t.Parts))
		for i, p := range t.Parts {
			if p.Trace != nil {
				return nil, fmt.Errorf("parts[%d]: a trace cannot be part of a combination", i)
			}
			// Each part gets its own stream so two spiky parts do not burst together.
			s, err := baseFromSpec(p, seed+uint64(i)*0x9e3779b97f4a7c15)
			if err != nil {
				return nil, fmt.Errorf("parts[%d]: %w", i, err)
			}
			parts[i] = s
			weights[i] = p.Weight
			if weights[i] == 0 {
				weights[i] = 1
			}
		}
		switch t.Combine {
		case "", "product":
			return NewProduct(parts...), nil
		case "sum":
			return Sum{Shapes: parts, Weights: weights}, nil
		default:
			return nil, fmt.Errorf("unknown combination %q (valid: product, sum)", t.Combine)
		}
	}
	switch t.Shape {
	case "", workload.ShapeConstant:
		return Constant{}, nil
	case workload.ShapeDiurnal:
		p := or(t.PeakToMean, workload.DefaultPeakToMeanDiurnal)
		h := workload.DefaultPeakHour
		if t.PeakHour != nil {
			h = *t.PeakHour
			if h == 0 {
				h = 24 // Diurnal reads 0 as "unset"; 24 is the same hour of the cycle
			}
		}
		return NewDiurnal(p, h), nil
	case workload.ShapeBusinessHours:
		start, end := workload.DefaultWorkStart, workload.DefaultWorkEnd
		if t.WorkStart != nil {
			start = *t.WorkStart
		}
		if t.WorkEnd != nil {
			end = *t.WorkEnd
		}
		if end <= start {
			return nil, fmt.Errorf("business hours end %g is not after start %g", end, start)
		}
		if t.PeakToMean != 0 {
			return NewBusinessHoursPeak(start, end, t.PeakToMean)
		}
		floor := workload.DefaultFloor
		if t.Floor != nil {
			floor = *t.Floor
		}
		return BusinessHours{Start: start, End: end, Floor: floor}, nil
	case workload.ShapeSpiky:
		s := Spiky{Height: t.BurstHeight, Length: workload.DefaultBurstLength, PerDay: or(t.BurstsPerDay, workload.DefaultBurstsPerDay), Seed: seed}
		if t.BurstLength != "" {
			d, err := time.ParseDuration(t.BurstLength)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("burst_length %q is not a positive duration such as 5m", t.BurstLength)
			}
			s.Length = d
		}
		S := float64(s.slot())
		L := float64(s.Length)
		if L > S {
			return nil, fmt.Errorf("burst_length %s is longer than the %s between bursts", s.Length, s.slot())
		}
		if s.Height == 0 && t.PeakToMean != 0 {
			// Solve p = H·S/(S + (H−1)·L) for H.
			p := t.PeakToMean
			if p*L >= S {
				return nil, fmt.Errorf("peak_to_mean %g is unreachable with %s bursts every %s (at most %.4g)", p, s.Length, s.slot(), S/L)
			}
			s.Height = p * (S - L) / (S - p*L)
		}
		if s.Height == 0 {
			s.Height = workload.DefaultBurstHeight
		}
		return s, nil
	default:
		return nil, fmt.Errorf("unknown shape %q (valid: constant, diurnal, business-hours, spiky)", t.Shape)
	}
}

func or(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
