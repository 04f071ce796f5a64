package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/planner"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

// Limits of the progress streams.
const (
	maxRuns = 32               // runs kept at once (finished ones expire)
	runTTL  = 2 * time.Minute  // a finished run's events stay readable this long
	runMax  = 90 * time.Second // an analysis that takes longer is abandoned
)

// event is one server-sent event of a run.
type event struct {
	Name string // progress, result, update, done or error
	Data []byte // JSON
}

// run is one analysis streamed to the page: its events are kept so that a
// client that connects late, or reconnects, still sees them all.
type run struct {
	mu       sync.Mutex
	events   []event
	done     bool
	finished time.Time
	notify   chan struct{} // closed and replaced on every new event
	cancel   context.CancelFunc
	// followers counts the event streams open on the run; when the last
	// one closes before the run is over, and none opens within
	// unfollowedGrace, the run is cancelled (the page has gone).
	followers int
	gen       int // bumped on every follow, so a stale timer does nothing
}

// unfollowedGrace is how long a run nobody follows any more goes on (a
// page reloading reconnects well within it).
var unfollowedGrace = 5 * time.Second

// follow registers an event stream; the returned func unregisters it.
func (r *run) follow() func() {
	r.mu.Lock()
	r.followers++
	r.gen++
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.followers--
		if r.followers > 0 || r.done {
			return
		}
		gen := r.gen
		time.AfterFunc(unfollowedGrace, func() {
			r.mu.Lock()
			stale := r.followers > 0 || r.done || r.gen != gen
			r.mu.Unlock()
			if !stale {
				r.cancel()
			}
		})
	}
}

func (r *run) add(name string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"encode event"}`)
		name = "error"
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, event{Name: name, Data: b})
	if name == "done" || name == "error" {
		r.done = true
		r.finished = time.Now()
	}
	close(r.notify)
	r.notify = make(chan struct{})
}

// since returns the events from index i on, whether the run is over, and a
// channel closed when more arrive.
func (r *run) since(i int) ([]event, bool, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events[i:], r.done, r.notify
}

type runs struct {
	engine      *engine
	plannerSlot chan struct{}
	mu          sync.Mutex
	byID        map[string]*run
	ctx         context.Context
	cancel      context.CancelFunc
}

func newRuns(e *engine) *runs {
	ctx, cancel := context.WithCancel(context.Background())
	return &runs{engine: e, plannerSlot: make(chan struct{}, 1), byID: map[string]*run{}, ctx: ctx, cancel: cancel}
}

func (rs *runs) close() { rs.cancel() }

// start registers a run and analyses data in the background.
func (rs *runs) start(data []byte, growth *planner.Growth, samples int) (string, error) {
	var raw [12]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", fmt.Errorf("run id: %w", err)
	}
	id := hex.EncodeToString(raw[:])
	ctx, cancel := context.WithTimeout(rs.ctx, runMax)
	r := &run{notify: make(chan struct{}), cancel: cancel}
	rs.mu.Lock()
	now := time.Now()
	for k, old := range rs.byID {
		old.mu.Lock()
		expired := old.done && now.Sub(old.finished) > runTTL
		old.mu.Unlock()
		if expired {
			delete(rs.byID, k)
		}
	}
	if len(rs.byID) >= maxRuns {
		rs.mu.Unlock()
		cancel()
		return "", errTooManyRuns
	}
	rs.byID[id] = r
	rs.mu.Unlock()
	go func() {
		defer cancel()
		// The run's fraction: the analysis to 30 %, the views, then the
		// planner (break-even and growth plan, month by month) to 100 %.
		const analysisShare = 0.3
		progress := func(p Progress) { r.add("progress", p) }
		res, err := rs.engine.analyse(ctx, data, samples, func(p Progress) {
			p.Fraction *= analysisShare
			progress(p)
		})
		if err != nil {
			r.add("error", map[string]string{"error": err.Error()})
			return
		}
		n := len(res.Spec.Components)
		v, err := BuildViews(ctx, res, func(p Progress) {
			p.Step, p.Of, p.Fraction = n+2, n+2, analysisShare
			progress(p)
		})
		if err != nil {
			r.add("error", map[string]string{"error": err.Error()})
			return
		}
		r.add("result", v)
		// The planner's views can take long; one set is computed at a time,
		// and a run the page has given up on (DELETE) skips them.
		select {
		case rs.plannerSlot <- struct{}{}:
		case <-ctx.Done():
			r.add("error", map[string]string{"error": "cancelled: " + ctx.Err().Error()})
			return
		}
		pv, err := pipeline.Planner(ctx, res, growth, func(p Progress) {
			p.Message = "result shown; " + p.Message
			p.Fraction = analysisShare + (1-analysisShare)*p.Fraction
			progress(p)
		})
		<-rs.plannerSlot
		if err != nil {
			r.add("error", map[string]string{"error": err.Error()})
			return
		}
		r.add("update", pv)
		r.add("done", map[string]string{})
	}()
	return id, nil
}

func (rs *runs) get(id string) *run {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	return rs.byID[id]
}

var errTooManyRuns = fmt.Errorf("too many analyses running; try again in a moment")

// runStarted is the answer of POST /api/runs.
type runStarted struct {
	ID     string `json:"id"`
	Events string `json:"events"`
}

// handleRunStart validates the spec at once (422 with every problem) and
// starts its analysis; the page follows it on the events stream.
// ?growth=15%/month sets the growth plan's rate for every component.
func (s *Server) handleRunStart(w http.ResponseWriter, r *http.Request) {
	data, ok := readSpecBody(w, r)
	if !ok {
		return
	}
	growth, ok := growthParam(w, r)
	if !ok {
		return
	}
	samples, ok := uncertaintyParam(w, r)
	if !ok {
		return
	}
	if _, warnings, err := spec.Parse(SpecName, data); err != nil {
		s.writeError(w, err, warnings)
		return
	}
	id, err := s.runs.start(data, growth, samples)
	if err == errTooManyRuns {
		w.Header().Set("Retry-After", "2")
		writeJSON(w, http.StatusTooManyRequests, apiError{Error: err.Error()})
		return
	}
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	writeJSON(w, http.StatusAccepted, runStarted{ID: id, Events: "/api/runs/" + id + "/events"})
}

// handleRunEvents streams a run's events as server-sent events: progress
// steps, one result (every view), optional updates (views that take longer,
// merged into the result), then done; or an error.
func (s *Server) handleRunEvents(w http.ResponseWriter, r *http.Request) {
	run := s.runs.get(r.PathValue("id"))
	if run == nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such run (it may have expired)"})
		return
	}
	fl, ok := w.(http.Flusher)
	if !ok {
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "streaming unsupported"})
		return
	}
	defer run.follow()()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	sent := 0
	for {
		evs, done, more := run.since(sent)
		for _, ev := range evs {
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.Name, ev.Data); err != nil {
				return
			}
		}
		sent += len(evs)
		fl.Flush()
		if done {
			return
		}
		select {
		case <-more:
		case <-r.Context().Done():
			return
		}
	}
}

// growthParam reads ?growth= (like 15%/month or 40%/year); a bad value is
// answered with 400.
func growthParam(w http.ResponseWriter, r *http.Request) (*planner.Growth, bool) {
	v := r.URL.Query().Get("growth")
	if v == "" {
		return nil, true
	}
	g, err := planner.ParseGrowth(v)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "growth: " + err.Error()})
		return nil, false
	}
	return &g, true
}

// handleRunCancel stops a run the page no longer follows (the spec changed):
// the work not yet started is skipped, and the run ends with an error event.
func (s *Server) handleRunCancel(w http.ResponseWriter, r *http.Request) {
	run := s.runs.get(r.PathValue("id"))
	if run == nil {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such run (it may have expired)"})
		return
	}
	run.cancel()
	w.WriteHeader(http.StatusNoContent)
}
