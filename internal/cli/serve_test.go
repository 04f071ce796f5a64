package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/examples"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/web"
)

// POST /api/analyze answers exactly the bytes `fulcrum analyze -o json`
// prints, for every bundled example.
func TestAPIAnalyzeEqualsCLI(t *testing.T) {
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Config{Catalog: cat, Examples: examples.FS})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	specs, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if len(specs) < 8 {
		t.Fatalf("found %d examples", len(specs))
	}
	for _, p := range specs {
		name := filepath.Base(p)
		out, stderr, code := execCLI(t, "analyze", filepath.Join("examples", name), "-o", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("POST", "/api/analyze", bytes.NewReader(data)))
		if rec.Code != 200 {
			t.Fatalf("%s: status %d", name, rec.Code)
		}
		if !bytes.Equal(rec.Body.Bytes(), []byte(out)) {
			t.Errorf("%s: POST /api/analyze differs from fulcrum analyze -o json", name)
		}
	}
	// ?uncertainty=N is analyze --uncertainty N.
	out, stderr, code := execCLI(t, "analyze", filepath.Join("examples", "system.yaml"), "--uncertainty", "12", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "system.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("POST", "/api/analyze?uncertainty=12", bytes.NewReader(data)))
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), []byte(out)) {
		t.Errorf("POST /api/analyze?uncertainty=12 (%d) differs from fulcrum analyze --uncertainty 12 -o json", rec.Code)
	}
}

func TestReportCommand(t *testing.T) {
	out, stderr, code := execCLI(t, "report", "examples/system.yaml", "-o", "html")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"<!doctype html>", "<title>Fulcrum report: acme</title>", `<body class="report">`,
		`<script type="application/json" id="fulcrum-data">`, "Content-Security-Policy", "<style>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Self-contained: no asset is loaded from anywhere.
	if regexp.MustCompile(`<(script|link|img|iframe)[^>]+(src|href)=`).MatchString(out) {
		t.Error("the report loads an external asset")
	}
	if !strings.Contains(stderr, "warning:") {
		t.Error("the spec's warnings are not reported on stderr")
	}
	// --uncertainty N embeds analysis.uncertainty for the page to draw.
	uout, stderr, code := execCLI(t, "report", "examples/system.yaml", "--uncertainty", "12")
	if code != 0 {
		t.Fatalf("--uncertainty: exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"uncertainty":`, `"tornado":`, `"flip_points":`, `"catalog":`, `id="uncertainty"`, `id="chart-tornado"`} {
		if !strings.Contains(uout, want) {
			t.Errorf("report --uncertainty lacks %s", want)
		}
	}
	if strings.Contains(out, `"tornado":`) {
		t.Error("the report without --uncertainty carries a tornado")
	}
	if _, _, code := execCLI(t, "report", "examples/system.yaml", "--uncertainty", "0"); code != 2 {
		t.Errorf("--uncertainty 0 exit %d, want 2", code)
	}
	if _, _, code := execCLI(t, "report", "examples/system.yaml", "-o", "pdf"); code != 2 {
		t.Errorf("-o pdf exit %d, want 2", code)
	}
	if _, stderr, code := execCLI(t, "report", "examples/nope.yaml"); code != 1 || !strings.Contains(stderr, "nope.yaml") {
		t.Errorf("missing spec: exit %d %q", code, stderr)
	}
}

func TestDiagramCommand(t *testing.T) {
	svg, stderr, code := execCLI(t, "diagram", "examples/system.yaml", "-o", "svg")
	if code != 0 || !strings.HasPrefix(svg, "<svg") || !strings.Contains(svg, "Serverless") {
		t.Fatalf("svg: exit %d %s %.80q", code, stderr, svg)
	}
	dot, _, code := execCLI(t, "diagram", "examples/steady-api-platform-team.yaml", "-o", "dot", "--architecture", "all-kubernetes")
	if code != 0 || !strings.HasPrefix(dot, "digraph fulcrum {") || !strings.Contains(dot, "cluster_kube") {
		t.Errorf("dot: exit %d %.80q", code, dot)
	}
	if _, stderr, code := execCLI(t, "diagram", "examples/system.yaml", "--architecture", "nope"); code != 2 || !strings.Contains(stderr, "valid:") {
		t.Errorf("unknown architecture: exit %d %q", code, stderr)
	}
	notice, _, code := execCLI(t, "diagram", "--notice")
	if code != 0 || !strings.Contains(notice, "Eclipse Public License") {
		t.Errorf("--notice: exit %d", code)
	}
}

// syncBuffer is a buffer the server goroutine and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve runs `fulcrum serve` until the test ends and returns its URL and stderr.
func serve(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var errb syncBuffer
	st := &State{Args: append([]string{"serve"}, args...), Stdout: io.Discard, Stderr: &errb, Stdin: strings.NewReader(""),
		ReadFile: func(name string) ([]byte, error) { return os.ReadFile(filepath.Join("..", "..", name)) },
		Now:      func() time.Time { return fixedNow }, Ctx: ctx}
	done := make(chan int)
	go func() { done <- Main(st) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exit %d: %s", code, errb.String())
			}
		case <-time.After(10 * time.Second):
			t.Error("serve did not stop")
		}
	})
	re := regexp.MustCompile(`dashboard on (http://\S+/)`)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := re.FindStringSubmatch(errb.String()); m != nil {
			return m[1], &errb
		}
	}
	t.Fatalf("serve did not start: %s", errb.String())
	return "", nil
}

func TestServeCommand(t *testing.T) {
	url, errb := serve(t, "--addr", "127.0.0.1:0", "examples/startup-api.yaml")
	if strings.Contains(errb.String(), "warning:") {
		t.Errorf("loopback address warned: %s", errb)
	}
	resp, err := http.Get(url + "api/examples")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"name": "startup-api.yaml"`) || !strings.Contains(string(b), `"default": true`) {
		t.Errorf("examples: %d %s", resp.StatusCode, b)
	}
	if resp.Header.Get("Content-Security-Policy") == "" {
		t.Error("no CSP")
	}
}

func TestServeWarnsOffLoopback(t *testing.T) {
	_, errb := serve(t, "--addr", "0.0.0.0:0")
	if !strings.Contains(errb.String(), "fulcrum: warning: the dashboard is listening") || !strings.Contains(errb.String(), "NOT only on loopback") {
		t.Errorf("no loud warning for 0.0.0.0: %s", errb)
	}
}

func TestServeBadAddress(t *testing.T) {
	if _, stderr, code := execCLI(t, "serve", "--addr", "256.0.0.1:99999"); code != 2 || !strings.Contains(stderr, "listen on") {
		t.Errorf("exit %d %q", code, stderr)
	}
}
