package web

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestLoadAnalyze is the speed target: 20 concurrent clients post the
// largest bundled example to POST /api/analyze for 30 seconds (3 with
// -short; FULCRUM_LOAD_SECONDS overrides); every answer must be a 200 with
// the CLI's bytes and the 99th percentile latency must stay under 500 ms.
// The server analyses a spec once and serves repeats from its
// content-addressed cache (the analysis is deterministic), so the load is
// HTTP, hashing and copying ~100 KB answers.
func TestLoadAnalyze(t *testing.T) {
	d := 30 * time.Second
	if testing.Short() {
		d = 3 * time.Second
	}
	if v := os.Getenv("FULCRUM_LOAD_SECONDS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("FULCRUM_LOAD_SECONDS=%q: %v", v, err)
		}
		d = time.Duration(n) * time.Second
	}
	const clients = 20
	s := newTestServer(t)
	ts := httptest.NewServer(s)
	defer ts.Close()
	name, spec := largestExample(t)
	want, err := Analyse(testCatalog(t), exampleTraces, SpecName, spec, nil)
	if err != nil {
		t.Fatal(err)
	}
	// A 3-second run (-short) would count the first analysis (the 20 clients
	// all wait for it, about 1 s on a busy machine) as 1-2% of its requests,
	// so it warms the cache first; the full 30-second run starts cold.
	if testing.Short() {
		t0 := time.Now()
		if _, err := s.engine.analyse(t.Context(), spec, 0, nil); err != nil {
			t.Fatal(err)
		}
		t.Logf("warm-up analysis of %s: %s", name, time.Since(t0))
	}
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	var mu sync.Mutex
	var lat []time.Duration
	var failures []string
	stop := time.Now().Add(d)
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var mine []time.Duration
			var bad []string
			for time.Now().Before(stop) {
				t0 := time.Now()
				resp, err := client.Post(ts.URL+"/api/analyze", "application/yaml", bytes.NewReader(spec))
				if err != nil {
					bad = append(bad, err.Error())
					continue
				}
				b, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(t0))
				if err != nil || resp.StatusCode != 200 || !bytes.Equal(b, want.JSON) {
					bad = append(bad, fmt.Sprintf("status %d, %d bytes, %v", resp.StatusCode, len(b), err))
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			failures = append(failures, bad...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(failures) > 0 {
		t.Fatalf("%d failed requests, first: %s", len(failures), failures[0])
	}
	slices.Sort(lat)
	pct := func(p float64) time.Duration { return lat[min(len(lat)-1, int(p*float64(len(lat))))] }
	p99 := pct(0.99)
	t.Logf("%s: %d clients, %s, %d requests (%.0f/s), p50 %s, p90 %s, p99 %s, max %s",
		name, clients, d, len(lat), float64(len(lat))/d.Seconds(), pct(0.5), pct(0.9), p99, lat[len(lat)-1])
	if p99 >= 500*time.Millisecond {
		t.Errorf("p99 latency %s, want under 500 ms", p99)
	}
}

// BenchmarkAnalyzeEndpoint measures one POST /api/analyze of the largest
// example, uncached (a new spec every time: the seed changes) and cached.
func BenchmarkAnalyzeEndpoint(b *testing.B) {
	s := newTestServer(b)
	_, spec := largestExample(b)
	b.Run("uncached", func(b *testing.B) {
		i := 0
		for b.Loop() {
			i++
			body := append([]byte(fmt.Sprintf("seed: %d\n", i)), spec...)
			if rec := doB(s, body); rec.Code != 200 {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if rec := doB(s, spec); rec.Code != 200 {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}

func doB(s *Server, body []byte) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/analyze", bytes.NewReader(body))
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	return rec
}
