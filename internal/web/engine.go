package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"fmt"
	"sync"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// SpecName is the file name validation messages use for a spec sent in a
// request body.
const SpecName = "spec.yaml"

// Result is one analysed spec. It is immutable once built, so the cache
// hands the same Result to every request for the same bytes.
type Result struct {
	Spec     *workload.Spec
	Analysis *advisor.Analysis
	// JSON is exactly what `fulcrum analyze -o json` prints for the spec.
	JSON     []byte
	Warnings errs.Problems

	gzipOnce sync.Once
	gzipped  []byte
	cat      *catalog.Catalog // the catalog it was priced with
	shape    ShapeFunc        // the traffic shapes it was analysed with
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

// Progress is one step of an analysis, streamed to the page.
type Progress struct {
	Step    int    `json:"step"`
	Of      int    `json:"of"`
	Message string `json:"message"`
}

// Analyse parses and analyses a spec the way `fulcrum analyze` does (a spec
// without a seed gets seed 1). The error is an errs.Problems for an invalid
// spec. Report and the server share it.
func Analyse(cat *catalog.Catalog, traces []Opener, name string, data []byte, progress func(Progress)) (*Result, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	s, warnings, err := spec.Parse(name, data)
	if err != nil {
		return nil, err
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	shape, notes, err := traceShapes(s, traces)
	if err != nil {
		return nil, err
	}
	return AnalyseSpec(cat, s, shape, append(warnings, notes...), progress)
}

// AnalyseSpec analyses a parsed, validated spec (its seed already chosen,
// its traces loaded into shape; nil means the built-in shapes only).
func AnalyseSpec(cat *catalog.Catalog, s *workload.Spec, shape ShapeFunc, warnings errs.Problems, progress func(Progress)) (*Result, error) {
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
			progress(Progress{Step: k + 1, Of: steps, Message: "analysing " + s.Components[k].Name})
		}
		k++
		return shape(t, seed)
	}}
	a, err := advisor.Analyze(s, cat, opts)
	if err != nil {
		return nil, errs.E(errs.Internal, fmt.Errorf("analyze: %w", err))
	}
	progress(Progress{Step: n + 1, Of: steps, Message: "simulated, priced, sized the clusters and searched the placements"})
	js, err := report.AnalysisJSON(a)
	if err != nil {
		return nil, errs.E(errs.Internal, err)
	}
	return &Result{Spec: s, Analysis: a, JSON: js, Warnings: warnings, cat: cat, shape: shape}, nil
}

// engine runs analyses with a small content-addressed cache: the analysis is
// deterministic (same bytes, same catalog, same seed: same answer), so a
// spec posted again, or by many clients at once, is analysed once.
type engine struct {
	cat    *catalog.Catalog
	traces []Opener
	max    int

	mu       sync.Mutex
	order    *list.List // of [32]byte, most recent first
	entries  map[[32]byte]*cacheEntry
	inflight map[[32]byte]*call
	// sem bounds concurrent analyses to keep the machine responsive.
	sem chan struct{}
}

type cacheEntry struct {
	res *Result
	el  *list.Element
}

type call struct {
	done chan struct{}
	res  *Result
	err  error
}

func newEngine(cat *catalog.Catalog, traces []Opener, max int) *engine {
	if max <= 0 {
		max = 64
	}
	return &engine{cat: cat, traces: traces, max: max, order: list.New(), entries: map[[32]byte]*cacheEntry{},
		inflight: map[[32]byte]*call{}, sem: make(chan struct{}, 4)}
}

// analyse returns the cached result for data or computes it once, however
// many callers ask at the same time. Invalid specs are not cached (parsing
// them again is cheap and keeps the cache for results).
func (e *engine) analyse(ctx context.Context, data []byte, progress func(Progress)) (*Result, error) {
	key := sha256.Sum256(data)
	e.mu.Lock()
	if ent, ok := e.entries[key]; ok {
		e.order.MoveToFront(ent.el)
		e.mu.Unlock()
		if progress != nil {
			progress(Progress{Step: 1, Of: 1, Message: "analysed before: served from the cache"})
		}
		return ent.res, nil
	}
	if c, ok := e.inflight[key]; ok {
		e.mu.Unlock()
		select {
		case <-c.done:
			return c.res, c.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	c := &call{done: make(chan struct{})}
	e.inflight[key] = c
	e.mu.Unlock()

	// The analysis runs to the end even if this caller goes away: others may
	// be waiting for it, and the cache keeps it.
	e.sem <- struct{}{}
	c.res, c.err = Analyse(e.cat, e.traces, SpecName, data, progress)
	<-e.sem

	e.mu.Lock()
	delete(e.inflight, key)
	if c.err == nil {
		e.entries[key] = &cacheEntry{res: c.res, el: e.order.PushFront(key)}
		for e.order.Len() > e.max {
			last := e.order.Back()
			delete(e.entries, last.Value.([32]byte))
			e.order.Remove(last)
		}
	}
	e.mu.Unlock()
	close(c.done)
	return c.res, c.err
}
