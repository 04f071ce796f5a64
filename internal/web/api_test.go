package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
)

func do(t *testing.T, h http.Handler, method, target string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestPageAndHeaders(t *testing.T) {
	s := newTestServer(t)
	rec := do(t, s, "GET", "/", nil)
	if rec.Code != 200 {
		t.Fatalf("GET / = %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("content type %q", ct)
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe") || strings.Contains(csp, "http") {
		t.Errorf("CSP %q must allow only the page's own origin", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff header")
	}
	page := rec.Body.String()
	if !strings.Contains(page, `<script src="/assets/app.min.js"></script>`) {
		t.Error("the page does not load its script from its own origin")
	}
	// No inline script may run under the CSP: every script element has a src.
	if strings.Count(page, "<script") != strings.Count(page, "<script src=") {
		t.Error("the page has an inline script, which its CSP would block")
	}
	// Nothing refers to another host.
	for _, bad := range []string{"http://", "https://", "//cdn"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page refers to %q", bad)
		}
	}
	for _, a := range []struct{ path, ctype string }{
		{"/assets/app.min.js", "javascript"},
		{"/assets/app.css", "text/css"},
		{"/assets/THIRD-PARTY-NOTICES.txt", "text/plain"},
	} {
		rec := do(t, s, "GET", a.path, nil)
		if rec.Code != 200 || !strings.Contains(rec.Header().Get("Content-Type"), a.ctype) {
			t.Errorf("GET %s = %d %q", a.path, rec.Code, rec.Header().Get("Content-Type"))
		}
		if rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s has no CSP", a.path)
		}
	}
}

func TestNoListingNoTraversal(t *testing.T) {
	s := newTestServer(t)
	for _, p := range []string{
		"/assets/", "/assets", "/assets/.", "/assets/../../go.mod", "/assets/%2e%2e/%2e%2e/go.mod",
		"/assets/..%2f..%2fgo.mod", "/assets//etc/passwd", "/go.mod", "/assets/index.html/..", "/static/app.css",
		"/api/examples/..%2f..%2fgo.mod", "/api/examples/%2e%2e",
	} {
		rec := do(t, s, "GET", p, nil)
		body := rec.Body.String()
		if rec.Code == 200 {
			t.Errorf("GET %s = 200 (%.80q)", p, body)
		}
		if strings.Contains(body, "module github.com") || strings.Contains(body, "root:") || strings.Contains(body, "<pre>") {
			t.Errorf("GET %s leaked a file or a listing: %.200q", p, body)
		}
	}
	// Through a real server too: the client sends the raw path.
	ts := httptest.NewServer(s)
	defer ts.Close()
	for _, p := range []string{"/assets/../../go.mod", "/assets/%2e%2e/%2e%2e/go.mod"} {
		req, _ := http.NewRequest("GET", ts.URL+p, nil)
		req.URL.Opaque = p // keep the dots
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "module github.com") {
			t.Errorf("raw GET %s served go.mod", p)
		}
	}
}

func TestMethods(t *testing.T) {
	s := newTestServer(t)
	for _, c := range []struct{ method, path, allow string }{
		{"GET", "/api/analyze", "POST"},
		{"PUT", "/api/analyze", "POST"},
		{"DELETE", "/api/validate", "POST"},
		{"GET", "/api/diagram", "POST"},
		{"POST", "/api/examples", "GET, HEAD"},
		{"POST", "/", "GET, HEAD"},
		{"PUT", "/api/examples/system.yaml", "GET, HEAD"},
	} {
		rec := do(t, s, c.method, c.path, []byte("x"))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s %s = %d, want 405", c.method, c.path, rec.Code)
		}
		if got := rec.Header().Get("Allow"); got != c.allow {
			t.Errorf("%s %s Allow = %q, want %q", c.method, c.path, got, c.allow)
		}
	}
}

func TestExamples(t *testing.T) {
	s := newTestServer(t)
	rec := do(t, s, "GET", "/api/examples", nil)
	var list []Example
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || rec.Code != 200 {
		t.Fatalf("GET /api/examples = %d %v", rec.Code, err)
	}
	found := map[string]bool{}
	defaults := 0
	for _, e := range list {
		found[e.Name] = true
		if e.Default {
			defaults++
			if e.Name != "system.yaml" {
				t.Errorf("default example %s, want system.yaml", e.Name)
			}
		}
		if e.Description == "" {
			t.Errorf("%s has no description", e.Name)
		}
	}
	if !found["system.yaml"] || !found["startup-api.yaml"] || defaults != 1 {
		t.Errorf("examples %v (defaults %d)", found, defaults)
	}
	rec = do(t, s, "GET", "/api/examples/system.yaml", nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), readExample(t, "system.yaml")) {
		t.Errorf("GET /api/examples/system.yaml = %d, body differs from the file", rec.Code)
	}
	if rec := do(t, s, "GET", "/api/examples/nope.yaml", nil); rec.Code != 404 {
		t.Errorf("unknown example = %d", rec.Code)
	}
}

func TestCommandLineSpecsComeFirst(t *testing.T) {
	s, err := New(Config{Catalog: testCatalog(t), Examples: newTestServer(t).cfg.Examples,
		Specs: []NamedSpec{{Name: "/home/me/acme.yaml", Data: []byte("# mine\nversion: 1\n")}}})
	if err != nil {
		t.Fatal(err)
	}
	list, data, err := s.examples()
	if err != nil {
		t.Fatal(err)
	}
	if list[0].Name != "acme.yaml" || !list[0].Default || string(data["acme.yaml"]) != "# mine\nversion: 1\n" || list[0].Description != "mine" {
		t.Errorf("first entry %+v", list[0])
	}
}

func TestAnalyzeErrors(t *testing.T) {
	s := newTestServer(t)
	cases := []struct {
		name   string
		body   []byte
		status int
		line   int
	}{
		{"empty", []byte("  \n"), 400, 0},
		{"malformed YAML", []byte("version: 1\nname: x\ncomponents:\n  - name: a\n   type: [\n"), 422, 0},
		{"invalid field", []byte("version: 1\nname: x\ncomponents:\n  - name: a\n    type: http-apii\n    requests_per_month: 5\n"), 422, 5},
		{"not YAML at all", []byte{0xff, 0xfe, 0x00, 0x01}, 422, 0},
		{"oversized", bytes.Repeat([]byte("# padding\n"), MaxBody/10+1), 413, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, path := range []string{"/api/analyze", "/api/diagram", "/api/views", "/api/runs"} {
				rec := do(t, s, "POST", path, c.body)
				if rec.Code != c.status {
					t.Fatalf("POST %s = %d, want %d: %s", path, rec.Code, c.status, rec.Body)
				}
				var e apiError
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
					t.Fatalf("POST %s error body %q is not JSON with an error: %v", path, rec.Body, err)
				}
				if c.status == 422 {
					if len(e.Problems) == 0 {
						t.Fatalf("POST %s: no problems listed", path)
					}
					if e.Problems[0].Line == 0 {
						t.Errorf("POST %s: problem without a line: %+v", path, e.Problems[0])
					}
					if c.line > 0 && e.Problems[0].Line != c.line {
						t.Errorf("POST %s: problem at line %d, want %d", path, e.Problems[0].Line, c.line)
					}
				}
			}
		})
	}
}

func TestValidate(t *testing.T) {
	s := newTestServer(t)
	rec := do(t, s, "POST", "/api/validate", []byte("version: 1\nname: x\ncomponents:\n  - name: a\n    type: http-api\n    requests_per_month: -1\n    memory_mb: lots\n"))
	var v validation
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || rec.Code != 200 {
		t.Fatalf("validate = %d %v", rec.Code, err)
	}
	if v.Valid || len(v.Problems) < 2 {
		t.Fatalf("want every problem at once, got %+v", v)
	}
	lines := map[int]bool{}
	for _, p := range v.Problems {
		lines[p.Line] = p.Column > 0
	}
	if !lines[6] || !lines[7] {
		t.Errorf("problems at lines %v, want 6 and 7 with columns", lines)
	}
	rec = do(t, s, "POST", "/api/validate", readExample(t, "system.yaml"))
	v = validation{}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || !v.Valid || len(v.Problems) != 0 {
		t.Errorf("system.yaml: %+v %v", v, err)
	}
	if len(v.Warnings) == 0 || v.Warnings[0].Line == 0 {
		t.Errorf("system.yaml's warnings (memory above Lambda's maximum) are missing: %+v", v.Warnings)
	}
}

func TestDiagramEndpoint(t *testing.T) {
	s := newTestServer(t)
	spec := readExample(t, "system.yaml")
	rec := do(t, s, "POST", "/api/diagram", spec)
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/svg+xml" || !bytes.HasPrefix(rec.Body.Bytes(), []byte("<svg")) {
		t.Fatalf("diagram = %d %q %.60q", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	rec = do(t, s, "POST", "/api/diagram?format=dot&architecture=all-kubernetes", readExample(t, "steady-api-platform-team.yaml"))
	if rec.Code != 200 || !strings.HasPrefix(rec.Body.String(), "digraph") || !strings.Contains(rec.Body.String(), "cluster_kube") {
		t.Errorf("dot = %d %.100q", rec.Code, rec.Body)
	}
	for _, q := range []string{"?format=png", "?architecture=nope"} {
		if rec := do(t, s, "POST", "/api/diagram"+q, spec); rec.Code != 400 {
			t.Errorf("diagram%s = %d, want 400", q, rec.Code)
		}
	}
}

// sse reads a whole event stream.
func sse(t *testing.T, r io.Reader) (names []string, data [][]byte) {
	t.Helper()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var name string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			names = append(names, name)
			data = append(data, []byte(strings.TrimPrefix(line, "data: ")))
		}
	}
	return names, data
}

func TestRunStreamsProgressThenResult(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	spec := readExample(t, "system.yaml")
	resp, err := http.Post(ts.URL+"/api/runs", "application/yaml", bytes.NewReader(spec))
	if err != nil {
		t.Fatal(err)
	}
	var started runStarted
	if err := json.NewDecoder(resp.Body).Decode(&started); err != nil || resp.StatusCode != 202 {
		t.Fatalf("start = %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	ev, err := http.Get(ts.URL + started.Events)
	if err != nil {
		t.Fatal(err)
	}
	defer ev.Body.Close()
	if ct := ev.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Errorf("content type %q", ct)
	}
	names, data := sse(t, ev.Body)
	all := len(names)
	// progress×10, result, progress (planner), update, done.
	res := slices.Index(names, "result")
	upd := slices.Index(names, "update")
	if res < 0 || upd < res || names[len(names)-1] != "done" {
		t.Fatalf("events %v, want progress steps, a result, an update, done", names)
	}
	var pv pipeline.PlannerResult
	if err := json.Unmarshal(data[upd], &pv); err != nil {
		t.Fatal(err)
	}
	if len(pv.Breakeven) != 8+1 || pv.Breakeven[8].Component != "(system)" || len(pv.Breakeven[0].Curve) < 10 {
		t.Errorf("break-even update has %d entries", len(pv.Breakeven))
	}
	if pv.Plan != nil {
		t.Error("a growth plan for a spec that does not grow")
	}
	for _, n := range names[res+1 : upd] {
		if n != "progress" {
			t.Errorf("between result and update: %q", n)
		}
	}
	names, data = names[:res+1], data[:res+1]
	// One progress step per component (8 in system.yaml), one per simulated
	// option, then the placement and the diagrams; the fraction never falls.
	steps, sims, last := 0, 0, 0.0
	for i, n := range names[:len(names)-1] {
		if n != "progress" {
			t.Errorf("event %d is %q", i, n)
		}
		var p Progress
		if err := json.Unmarshal(data[i], &p); err != nil || p.Message == "" || p.Step < 1 || p.Step > p.Of {
			t.Errorf("progress %s: %v", data[i], err)
		}
		if p.Fraction < last || p.Fraction > 1 {
			t.Errorf("progress %s: the fraction falls from %g", data[i], last)
		}
		last = p.Fraction
		if strings.HasPrefix(p.Message, "simulated ") && strings.HasSuffix(p.Message, " options") {
			sims++
		}
		steps++
	}
	if steps != 8+2+sims || sims == 0 {
		t.Errorf("%d progress events, %d of them simulations; want 8 components, the simulations, placement, diagrams", steps, sims)
	}
	var v Views
	if err := json.Unmarshal(data[len(data)-1], &v); err != nil {
		t.Fatal(err)
	}
	want, _ := s.engine.analyse(context.Background(), spec, 0, nil)
	var a, b any
	_ = json.Unmarshal(v.Analysis, &a)
	_ = json.Unmarshal(want.JSON, &b)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Error("the run's analysis differs from /api/analyze's")
	}
	if len(v.Diagrams) != len(v.DiagramOrder) || !strings.HasPrefix(v.Diagrams["recommended"], "<svg") {
		t.Errorf("diagrams %v", v.DiagramOrder)
	}
	if v.Timeline == nil || len(v.Timeline.Components) != 8 || len(v.Timeline.Components[0].MeanRPS) != 730 {
		t.Errorf("timeline %+v", v.Timeline)
	}
	// A second client that connects after the end still gets every event.
	again, err := http.Get(ts.URL + started.Events)
	if err != nil {
		t.Fatal(err)
	}
	names2, _ := sse(t, again.Body)
	again.Body.Close()
	if len(names2) != all {
		t.Errorf("replay has %d events, want %d", len(names2), all)
	}
	if rec := do(t, s, "GET", "/api/runs/nope/events", nil); rec.Code != 404 {
		t.Errorf("unknown run = %d", rec.Code)
	}
}

// The timeline is the shape's rate: for a diurnal shape the month's mean of
// the hourly means is the component's mean rate (the shape averages to 1 over
// a day; docs of traffic.Shape), and the peak minute reaches peak_to_mean.
func TestTimelineFollowsTheShape(t *testing.T) {
	s := newTestServer(t)
	res, err := s.engine.analyse(context.Background(), readExample(t, "system.yaml"), 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	tl, err := buildTimeline(res)
	if err != nil {
		t.Fatal(err)
	}
	api := tl.Components[1]
	if api.Name != "api" {
		t.Fatalf("second component %s", api.Name)
	}
	mean := 0.0
	peak := 0.0
	for h := range 24 * 30 {
		mean += api.MeanRPS[h]
		peak = max(peak, api.PeakRPS[h])
	}
	mean /= 24 * 30
	want := res.Analysis.Components[1].MeanRPS // 40e6 / (730·3600) = 15.22 req/s
	if d := mean/want - 1; d > 0.01 || d < -0.01 {
		t.Errorf("mean of hourly means %.3f, want %.3f", mean, want)
	}
	if r := peak / want; r < 2.45 || r > 2.5 { // peak_to_mean: 2.5 in system.yaml
		t.Errorf("peak minute %.2f× the mean, want about 2.5×", r)
	}
	// Little's law, L = λW: api's requests last 150 ms (duration_ms).
	for _, h := range []int{0, 14, 300} {
		if got, want := api.InFlight[h], api.MeanRPS[h]*0.150; got < want*0.999 || got > want*1.001 {
			t.Errorf("hour %d: %.4g requests in flight, want %.4g (rate × 0.150 s)", h, got, want)
		}
	}
}

// Concurrent requests of different specs each get their own, correct answer.
func TestConcurrentRequests(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	names := []string{"system.yaml", "startup-api.yaml", "nightly-batch.yaml", "webhook-processor.yaml", "edge-frontend.yaml"}
	want := map[string][]byte{}
	for _, n := range names {
		res, err := Analyse(testCatalog(t), exampleTraces, SpecName, readExample(t, n), nil)
		if err != nil {
			t.Fatal(err)
		}
		want[n] = res.JSON
	}
	var wg sync.WaitGroup
	errc := make(chan error, 40)
	for i := range 40 {
		n := names[i%len(names)]
		wg.Go(func() {
			path := []string{"/api/analyze", "/api/validate", "/api/diagram"}[i%3]
			resp, err := http.Post(ts.URL+path, "application/yaml", bytes.NewReader(readExample(t, n)))
			if err != nil {
				errc <- err
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				errc <- fmt.Errorf("%s %s = %d", path, n, resp.StatusCode)
				return
			}
			if path == "/api/analyze" && !bytes.Equal(b, want[n]) {
				errc <- fmt.Errorf("%s: answer differs from a lone analysis", n)
			}
		})
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:7878": true, "localhost:80": true, "[::1]:7878": true, "127.1.2.3:9": true,
		":7878": false, "0.0.0.0:7878": false, "192.168.1.4:7878": false, "[::]:7878": false, "example.com:80": false, "bad": false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	srv := HTTPServer(DefaultAddr, http.NotFoundHandler())
	if srv.ReadHeaderTimeout == 0 || srv.ReadTimeout == 0 || srv.WriteTimeout == 0 || srv.IdleTimeout == 0 || srv.MaxHeaderBytes == 0 {
		t.Errorf("a timeout or limit is unset: %+v", srv)
	}
}

// A spec whose traffic grows gets a growth plan next to its break-even
// curves (the views `fulcrum plan` and `fulcrum breakeven` print).
func TestViewsCarryThePlanner(t *testing.T) {
	s := newTestServer(t)
	growing := bytes.Replace(readExample(t, "article/growth.yaml"), []byte("peak_to_mean: 1.5}"), []byte("peak_to_mean: 1.5, growth_per_month: 0.2}"), 1)
	if bytes.Equal(growing, readExample(t, "article/growth.yaml")) {
		t.Fatal("could not add growth_per_month to the example")
	}
	rec := do(t, s, "POST", "/api/views", growing)
	if rec.Code != 200 {
		t.Fatalf("views = %d %s", rec.Code, rec.Body)
	}
	var v struct {
		Breakeven []struct {
			Component string            `json:"component"`
			Curve     []json.RawMessage `json:"curve"`
		} `json:"breakeven"`
		Plan *struct {
			Months   int               `json:"months"`
			Timeline []json.RawMessage `json:"timeline"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Plan == nil || v.Plan.Months != pipeline.PlanMonths || len(v.Plan.Timeline) != pipeline.PlanMonths {
		t.Errorf("plan %+v", v.Plan)
	}
	if len(v.Breakeven) == 0 || len(v.Breakeven[0].Curve) == 0 {
		t.Errorf("break-even %+v", v.Breakeven)
	}
}

func TestGrowthParameter(t *testing.T) {
	s := newTestServer(t)
	spec := readExample(t, "startup-api.yaml")
	rec := do(t, s, "POST", "/api/views?growth=15%25/month", spec)
	var v struct {
		Plan *struct {
			Growth *float64 `json:"growth_per_month"`
		} `json:"plan"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil || rec.Code != 200 {
		t.Fatalf("views = %d %v", rec.Code, err)
	}
	if v.Plan == nil || v.Plan.Growth == nil || *v.Plan.Growth != 0.15 {
		t.Errorf("plan %+v, want 15%% a month", v.Plan)
	}
	for _, path := range []string{"/api/views?growth=lots", "/api/runs?growth=15"} {
		if rec := do(t, s, "POST", path, spec); rec.Code != 400 {
			t.Errorf("%s = %d, want 400", path, rec.Code)
		}
	}
}

// A posted spec replays traces bundled with the examples, and no other file:
// a path that climbs out is refused (422), not read.
func TestTracesOnlyFromTheExamples(t *testing.T) {
	s := newTestServer(t)
	spec := readExample(t, "traced-api.yaml")
	if rec := do(t, s, "POST", "/api/analyze", spec); rec.Code != 200 {
		t.Fatalf("traced-api.yaml = %d %s", rec.Code, rec.Body)
	}
	for _, p := range []string{"../../go.mod", "/etc/passwd", "traces/../../go.mod", "nope.csv"} {
		bad := bytes.Replace(spec, []byte("path: traces/b2b-api-week.csv"), []byte("path: "+p), 1)
		if bytes.Equal(bad, spec) {
			t.Fatal("could not change the trace path")
		}
		rec := do(t, s, "POST", "/api/analyze", bad)
		if rec.Code != 422 || !strings.Contains(rec.Body.String(), "replay trace") {
			t.Errorf("trace %s: %d %.200s", p, rec.Code, rec.Body)
		}
	}
}

// DELETE /api/runs/{id} stops a run: it ends with an error event instead of
// computing what the page no longer wants.
func TestRunCancel(t *testing.T) {
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	// Hold the planner slot so the run must wait for it after its result.
	s.runs.plannerSlot <- struct{}{}
	resp, err := http.Post(ts.URL+"/api/runs", "application/yaml", bytes.NewReader(readExample(t, "startup-api.yaml")))
	if err != nil {
		t.Fatal(err)
	}
	var started runStarted
	if err := json.NewDecoder(resp.Body).Decode(&started); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("DELETE", ts.URL+"/api/runs/"+started.ID, nil)
	del, err := http.DefaultClient.Do(req)
	if err != nil || del.StatusCode != 204 {
		t.Fatalf("DELETE = %v %v", del, err)
	}
	ev, err := http.Get(ts.URL + started.Events)
	if err != nil {
		t.Fatal(err)
	}
	names, data := sse(t, ev.Body)
	ev.Body.Close()
	<-s.runs.plannerSlot
	if len(names) == 0 || names[len(names)-1] != "error" || !strings.Contains(string(data[len(data)-1]), "cancel") {
		t.Errorf("events %v, want the run to end with a cancellation", names)
	}
	if slices.Contains(names, "update") {
		t.Error("a cancelled run computed the planner's views")
	}
	if rec := do(t, s, "DELETE", "/api/runs/nope", nil); rec.Code != 404 {
		t.Errorf("DELETE unknown run = %d", rec.Code)
	}
}

func TestReportEndpoint(t *testing.T) {
	s := newTestServer(t)
	rec := do(t, s, "POST", "/api/report", readExample(t, "startup-api.yaml"))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("report = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="fulcrum-report-startup-api.html"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	body := rec.Body.String()
	for _, want := range []string{`id="fulcrum-data"`, `<body class="report">`, "<title>Fulcrum report: startup-api</title>",
		// It inlines ECharts, so it carries ECharts' notices and its footer
		// link opens them, not the server's file.
		`<a href="#third-party-notices">notices</a>`, `<details id="third-party-notices"`, "echarts 6.1.0", "Apache License"} {
		if !strings.Contains(body, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(body, "/assets/THIRD-PARTY-NOTICES.txt") {
		t.Error("the report links to the server's notices, which a file opened offline cannot reach")
	}
	if rec := do(t, s, "POST", "/api/report", []byte("version: 1\n")); rec.Code != 422 {
		t.Errorf("invalid spec = %d", rec.Code)
	}
}
