package web

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/diagram"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// Views is everything the page draws for one spec: the analysis (the CLI's
// JSON, unchanged), the architecture diagrams and the traffic timeline.
// Sections whose data does not exist are left out and the page hides them.
type Views struct {
	Analysis json.RawMessage `json:"analysis"`
	Warnings errs.Problems   `json:"warnings"`
	// Diagrams maps a feasible architecture's name to its SVG diagram.
	Diagrams map[string]string `json:"diagrams"`
	// DiagramOrder lists the diagram names in the analysis' order.
	DiagramOrder []string  `json:"diagram_order"`
	Timeline     *Timeline `json:"timeline,omitempty"`
	// Breakeven holds each component's (and the system's) break-even curve,
	// Plan the growth plan, when the planner ran (AddPlanner).
	Breakeven []planner.BreakEven `json:"breakeven,omitempty"`
	Plan      *planner.Plan       `json:"plan,omitempty"`
}

// AddPlanner adds the planner's views.
func (v *Views) AddPlanner(p *pipeline.PlannerResult) {
	v.Breakeven, v.Plan = p.Breakeven, p.Plan
}

// Timeline is each component's request rate over the month, hour by hour,
// from its traffic shape (the mean and the peak of each hour, sampled every
// minute).
type Timeline struct {
	Hours      int              `json:"hours"`
	StepMinute int              `json:"sample_minutes"`
	Components []TimelineSeries `json:"components"`
}

// TimelineSeries is one component's hourly rate.
type TimelineSeries struct {
	Name    string    `json:"name"`
	Traffic string    `json:"traffic"`
	MeanRPS []float64 `json:"mean_rps"`
	PeakRPS []float64 `json:"peak_rps"`
	// InFlight is the mean number of requests being served each hour, by
	// Little's law (L = λW: the hour's mean rate times the request's
	// duration). Instances or replicas needed are at least this divided by
	// the requests one serves at once.
	InFlight []float64 `json:"in_flight"`
}

// BuildViews derives every view of an analysed spec.
func BuildViews(ctx context.Context, r *Result, progress func(Progress)) (*Views, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	v := &Views{Analysis: r.JSON, Warnings: r.Warnings, Diagrams: map[string]string{}}
	if v.Warnings == nil {
		v.Warnings = errs.Problems{}
	}
	for _, arch := range r.Analysis.Architectures {
		if !arch.Feasible {
			continue
		}
		m, err := diagram.Build(r.Analysis, r.Spec, arch.Name)
		if err != nil {
			return nil, fmt.Errorf("diagram of %s: %w", arch.Name, err)
		}
		svg, err := diagram.SVG(ctx, m.DOT())
		if err != nil {
			return nil, err
		}
		v.Diagrams[arch.Name] = string(svg)
		v.DiagramOrder = append(v.DiagramOrder, arch.Name)
	}
	progress(Progress{Message: "drew the architecture diagrams"})
	tl, err := buildTimeline(r)
	if err != nil {
		return nil, err
	}
	v.Timeline = tl
	return v, nil
}

// buildTimeline samples every component's traffic shape each minute of the
// month and keeps each hour's mean and peak rate.
func buildTimeline(r *Result) (*Timeline, error) {
	hours := int(math.Ceil(r.Spec.HoursPerMonth))
	const step = 1 // minutes
	tl := &Timeline{Hours: hours, StepMinute: step}
	byName := map[string]advisor.ComponentResult{}
	for _, c := range r.Analysis.Components {
		byName[c.Name] = c
	}
	for _, c := range r.Spec.Components {
		shapeOf := r.Shape
		if shapeOf == nil {
			shapeOf = traffic.FromSpec
		}
		shape, err := shapeOf(c.Traffic, r.Spec.Seed)
		if err != nil {
			return nil, fmt.Errorf("timeline of %s: %w", c.Name, err)
		}
		rate := byName[c.Name].MeanRPS
		s := TimelineSeries{Name: c.Name, Traffic: shape.String(), MeanRPS: make([]float64, hours), PeakRPS: make([]float64, hours), InFlight: make([]float64, hours)}
		durS := c.DurationMS / 1000
		for h := range hours {
			sum, peak := 0.0, 0.0
			for m := 0; m < 60; m += step {
				f := shape.Factor(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
				sum += f
				peak = max(peak, f)
			}
			s.MeanRPS[h] = round4(rate * sum / float64(60/step))
			s.InFlight[h] = round4(rate * sum / float64(60/step) * durS)
			s.PeakRPS[h] = round4(rate * peak)
		}
		tl.Components = append(tl.Components, s)
	}
	return tl, nil
}

// round4 keeps four significant digits: enough for a chart, and the JSON
// stays small.
func round4(x float64) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	p := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(x))))
	return math.Round(x*p) / p
}
