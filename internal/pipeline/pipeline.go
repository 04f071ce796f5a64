// Package pipeline is the analysis every front end runs on a parsed spec:
// advise (simulate, price, size, place), encode the result as `fulcrum
// analyze -o json` does, and, when asked, the planner's break-even curves and
// growth plan. The CLI (analyze's views, report, diagram) and the dashboard
// both call it, so a spec gives the same answer wherever it is analysed. It
// does no I/O of its own: traces come in as a shape function.
package pipeline

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"sync"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ShapeFunc turns a component's traffic block into a shape.
type ShapeFunc = func(t workload.Traffic, seed uint64) (traffic.Shape, error)

// Progress is one step of an analysis: step of of, and what it did.
// Fraction is how much of the whole work is done, from 0 to 1 (steps are
// not equally long: the dashboard's bar and the CLI's follow Fraction).
type Progress struct {
	Step     int     `json:"step"`
	Of       int     `json:"of"`
	Message  string  `json:"message"`
	Fraction float64 `json:"fraction"`
}

// Result is one analysed spec. It is immutable once built, so a cache can
// hand the same Result to every caller asking for the same spec.
type Result struct {
	Spec     *workload.Spec
	Analysis *advisor.Analysis
	// JSON is exactly what `fulcrum analyze -o json` prints for the spec.
	JSON     []byte
	Warnings errs.Problems
	// Catalog is the catalog it was priced with, Shape the traffic shapes
	// it was analysed with (traces included): the planner and the timeline
	// reuse both.
	Catalog *catalog.Catalog
	Shape   ShapeFunc

	gzipOnce sync.Once
	gzipped  []byte
}

// GzipJSON is JSON compressed once (about 15× smaller), for clients that
// accept gzip: a cached answer then costs a copy of a few kilobytes.
func (r *Result) GzipJSON() []byte {
	r.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(r.JSON)
		if zw.Close() == nil {
			r.gzipped = buf.Bytes()
		}
	})
	return r.gzipped
}

// Analyse analyses a parsed, validated spec (its seed already chosen, its
// traces loaded into shape; nil means the built-in shapes only). progress,
// when set, hears one step per component and one when the placements are
// searched, and between them one as each of the simulations finishes (its
// Fraction from 5 % to 95 %: they are most of the time).
func Analyse(cat *catalog.Catalog, s *workload.Spec, shape ShapeFunc, warnings errs.Problems, progress func(Progress)) (*Result, error) {
	return AnalyseUncertain(cat, s, shape, warnings, progress, nil)
}

// AnalyseUncertain is Analyse followed, when u asks for samples, by
// `analyze --uncertainty`'s run (advisor.RunUncertainty, seeded by the
// spec's seed, with the traces' shapes): the result carries
// analysis.uncertainty and its JSON is `fulcrum analyze --uncertainty N -o
// json`'s. The samples take progress from 95 % to 99 %.
func AnalyseUncertain(cat *catalog.Catalog, s *workload.Spec, shape ShapeFunc, warnings errs.Problems, progress func(Progress), u *advisor.UncertaintyOptions) (*Result, error) {
	if shape == nil {
		shape = traffic.FromSpec
	}
	if progress == nil {
		progress = func(Progress) {}
	}
	n := len(s.Components)
	steps := n + 2
	k := 0
	opts := advisor.Options{Shape: func(t workload.Traffic, seed uint64) (traffic.Shape, error) {
		// Analyze builds each component's traffic shape once, in spec order,
		// before simulating and pricing it; that is the finest progress the
		// advisor exposes.
		if k < n {
			progress(Progress{Step: k + 1, Of: steps, Message: "analysing " + s.Components[k].Name, Fraction: 0.05 * float64(k+1) / float64(n)})
		}
		k++
		return shape(t, seed)
	}}
	opts.Progress = func(done, total int) {
		if done < total {
			progress(Progress{Step: n + 1, Of: steps, Message: fmt.Sprintf("simulated %d of %d options", done, total-1), Fraction: 0.05 + 0.9*float64(done)/float64(total)})
		}
	}
	a, err := advisor.Analyze(s, cat, opts)
	if err != nil {
		return nil, errs.E(errs.Internal, fmt.Errorf("analyze: %w", err))
	}
	progress(Progress{Step: n + 1, Of: steps, Message: "simulated, priced, sized the clusters and searched the placements", Fraction: 0.95})
	if u != nil && u.Samples > 0 {
		uo := *u
		uo.Seed = s.Seed
		uo.Analysis = advisor.Options{Shape: shape}
		uo.Progress = func(done, total int) {
			progress(Progress{Step: n + 2, Of: steps, Message: fmt.Sprintf("uncertainty: %d of %d analyses (%d samples)", done, total, uo.Samples), Fraction: 0.95 + 0.04*float64(done)/float64(total)})
		}
		un, err := advisor.RunUncertainty(s, cat, a, uo)
		if err != nil {
			return nil, errs.E(errs.Internal, fmt.Errorf("uncertainty: %w", err))
		}
		a.Uncertainty = un
	}
	js, err := report.AnalysisJSON(a)
	if err != nil {
		return nil, errs.E(errs.Internal, err)
	}
	return &Result{Spec: s, Analysis: a, JSON: js, Warnings: warnings, Catalog: cat, Shape: shape}, nil
}
