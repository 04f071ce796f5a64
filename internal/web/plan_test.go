package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestGrowthViewAnswersInTime: POST /api/views?growth=15%/month for the
// largest example (a 36-month plan of eight components) answers within 10 s
// with the plan (it returned an empty reply after 147 s when every month
// was analysed in full).
func TestGrowthViewAnswersInTime(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 36 months")
	}
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	resp, err := client.Post(ts.URL+"/api/views?growth=15%25/month", "application/yaml", bytes.NewReader(readExample(t, "system.yaml")))
	if err != nil {
		t.Fatalf("no answer within 10 s: %v", err)
	}
	defer resp.Body.Close()
	var v Views
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("views = %d %v", resp.StatusCode, err)
	}
	if v.Plan == nil || v.Plan.Months != 36 || len(v.Plan.Timeline) != 36 || len(v.Breakeven) != 9 {
		t.Fatalf("plan %+v, %d break-even curves", v.Plan, len(v.Breakeven))
	}
	t.Logf("answered in %v", time.Since(start))
}

// TestRunPlanProgressAndCancel: a run with a growth plan streams the plan's
// progress month by month with a rising fraction, and a run whose page
// goes away (its event stream closed, no other follower) is cancelled.
func TestRunPlanProgressAndCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 36 months")
	}
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	start := func() runStarted {
		resp, err := http.Post(ts.URL+"/api/runs?growth=15%25/month", "application/yaml", bytes.NewReader(readExample(t, "startup-api.yaml")))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var st runStarted
		if err := json.NewDecoder(resp.Body).Decode(&st); err != nil || resp.StatusCode != 202 {
			t.Fatalf("start = %d %v", resp.StatusCode, err)
		}
		return st
	}
	ev, err := http.Get(ts.URL + start().Events)
	if err != nil {
		t.Fatal(err)
	}
	names, data := sse(t, ev.Body)
	ev.Body.Close()
	if names[len(names)-1] != "done" {
		t.Fatalf("events %v", names)
	}
	months, last := 0, 0.0
	for i, n := range names {
		if n != "progress" {
			continue
		}
		var p Progress
		if err := json.Unmarshal(data[i], &p); err != nil {
			t.Fatal(err)
		}
		if p.Fraction < last || p.Fraction > 1 {
			t.Errorf("fraction %g after %g: %s", p.Fraction, last, data[i])
		}
		last = p.Fraction
		var n int
		if _, err := fmt.Sscanf(p.Message, "result shown; planning 36 months of growth: %d analysed", &n); err == nil {
			months = max(months, n)
		}
	}
	if months != 36 || last != 1 {
		t.Errorf("progress up to %d months analysed, last fraction %g; want 36 and 1", months, last)
	}

	// A page that goes away: its stream closes while the planner waits.
	old := unfollowedGrace
	unfollowedGrace = 50 * time.Millisecond
	defer func() { unfollowedGrace = old }()
	s.runs.plannerSlot <- struct{}{} // hold the planner so the run waits
	st := start()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+st.Events, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1)
	_, _ = resp.Body.Read(buf) // the stream is open
	cancel()
	resp.Body.Close()
	r := s.runs.get(st.ID)
	deadline := time.Now().Add(5 * time.Second)
	for {
		evs, done, more := r.since(0)
		if done {
			if last := evs[len(evs)-1]; last.Name != "error" || !strings.Contains(string(last.Data), "cancel") {
				t.Errorf("the run ended with %s %s, want a cancellation", last.Name, last.Data)
			}
			break
		}
		select {
		case <-more:
		case <-time.After(time.Until(deadline)):
			t.Fatal("a run nobody follows was not cancelled")
		}
	}
	<-s.runs.plannerSlot
}
