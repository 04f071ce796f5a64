package web

import (
	"container/list"
	"context"
	"crypto/sha256"
	"strconv"
	"sync"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

// SpecName is the file name validation messages use for a spec sent in a
// request body.
const SpecName = "spec.yaml"

// Result is one analysed spec (the pipeline's).
type Result = pipeline.Result

// Progress is one step of an analysis, streamed to the page.
type Progress = pipeline.Progress

// Analyse parses and analyses a spec the way `fulcrum analyze` does (a spec
// without a seed gets seed 1), reading the traces it names through openers.
// The error is an errs.Problems for an invalid spec.
func Analyse(cat *catalog.Catalog, traces []Opener, name string, data []byte, progress func(Progress)) (*Result, error) {
	return analyseUncertain(cat, traces, name, data, progress, 0)
}

// analyseUncertain is Analyse with `analyze --uncertainty samples` (0:
// none), the CLI's defaults for the rest (docs/uncertainty.md).
func analyseUncertain(cat *catalog.Catalog, traces []Opener, name string, data []byte, progress func(Progress), samples int) (*Result, error) {
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
	var u *advisor.UncertaintyOptions
	if samples > 0 {
		u = &advisor.UncertaintyOptions{Samples: samples, CatalogSpread: advisor.DefaultCatalogSpread, TieMargin: advisor.DefaultTieMargin}
	}
	return pipeline.AnalyseUncertain(cat, s, shape, append(warnings, notes...), progress, u)
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

// analyse returns the cached result for data (with samples uncertainty
// samples, 0: none) or computes it once, however many callers ask at the
// same time. Invalid specs are not cached (parsing them again is cheap and
// keeps the cache for results).
func (e *engine) analyse(ctx context.Context, data []byte, samples int, progress func(Progress)) (*Result, error) {
	key := sha256.Sum256(data)
	if samples > 0 {
		key = sha256.Sum256(append(append(key[:], "uncertainty="...), strconv.Itoa(samples)...))
	}
	e.mu.Lock()
	if ent, ok := e.entries[key]; ok {
		e.order.MoveToFront(ent.el)
		e.mu.Unlock()
		if progress != nil {
			progress(Progress{Step: 1, Of: 1, Message: "analysed before: served from the cache", Fraction: 1})
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
	c.res, c.err = analyseUncertain(e.cat, e.traces, SpecName, data, progress, samples)
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
