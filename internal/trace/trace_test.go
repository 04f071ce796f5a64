package trace

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

func readAll(t *testing.T, format, file string, opt Options) ([]Record, Reader) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := Open(format, file, f, opt)
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return out, r
		}
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, rec)
	}
}

func unix(s string) float64 {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return float64(t.UnixNano()) / 1e9
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

func TestCSV(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "requests.csv", Options{})
	if r.Info().Format != "csv" {
		t.Errorf("detected %s, want csv", r.Info().Format)
	}
	if len(recs) != 12 {
		t.Fatalf("%d records, want 12", len(recs))
	}
	want := []struct {
		t   float64
		dur float64
	}{
		{unix("2026-03-02T09:00:00Z"), 0.120},
		{unix("2026-03-02T09:00:00.25Z"), 0.080},
		{unix("2026-03-02T09:00:01Z"), 0.095},
		{unix("2026-03-02T09:00:03Z"), 0.110},
		{unix("2026-03-02T09:00:07Z"), math.NaN()}, // empty duration column
		{unix("2026-03-02T09:01:00Z"), 0.1},
		{unix("2026-03-02T09:01:00.5Z"), 0.1},
		{unix("2026-03-02T09:03:00Z"), 0.3},
		{1772442240, 0.05}, // Unix seconds = 2026-03-02T09:04:00Z
		{1772442240.5, 0.05},
		{unix("2026-03-02T09:05:00Z"), 0.06}, // space separator, no zone = UTC
		{unix("2026-03-02T09:05:00Z"), 0.07}, // 10:05 at +01:00
	}
	for i, w := range want {
		if !near(recs[i].Time, w.t) || recs[i].Count != 1 {
			t.Errorf("record %d: time %.3f count %g, want %.3f and 1", i, recs[i].Time, recs[i].Count, w.t)
		}
		if math.IsNaN(w.dur) != math.IsNaN(recs[i].Duration) || (!math.IsNaN(w.dur) && !near(recs[i].Duration, w.dur)) {
			t.Errorf("record %d: duration %g, want %g", i, recs[i].Duration, w.dur)
		}
	}
}

func TestCSVCounts(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "counts.csv", Options{Scale: 2})
	if r.Info().Format != "csv-counts" {
		t.Errorf("detected %s, want csv-counts", r.Info().Format)
	}
	counts := []float64{10, 12, 0, 0, 30, 8, 9, 11, 0, 10}
	if len(recs) != len(counts) {
		t.Fatalf("%d records, want %d", len(recs), len(counts))
	}
	for i, c := range counts {
		if recs[i].Count != 2*c || recs[i].Interval != 60 {
			t.Errorf("row %d: count %g interval %g, want %g (scaled ×2) over 60 s", i, recs[i].Count, recs[i].Interval, 2*c)
		}
	}
}

func TestCombined(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "access.log", Options{})
	if r.Info().Format != "combined" {
		t.Errorf("detected %s, want combined", r.Info().Format)
	}
	want := []struct{ t, dur float64 }{
		{unix("2026-03-02T09:00:00Z") - 0.120, 0.120}, // nginx logs at completion
		{unix("2026-03-02T09:00:01Z") - 0.045, 0.045},
		{unix("2026-03-02T09:00:01Z") - 0.002, 0.002}, // rt= key, +0100 zone
		{unix("2026-03-02T09:00:05Z"), math.NaN()},    // common log format, no request time
		{unix("2026-03-02T09:01:30Z") - 1.5, 1.5},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		if !near(recs[i].Time, w.t) {
			t.Errorf("line %d: time %.3f, want %.3f", i+1, recs[i].Time, w.t)
		}
		if math.IsNaN(w.dur) != math.IsNaN(recs[i].Duration) || (!math.IsNaN(w.dur) && !near(recs[i].Duration, w.dur)) {
			t.Errorf("line %d: duration %g, want %g", i+1, recs[i].Duration, w.dur)
		}
	}
}

func TestALB(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "alb.log", Options{})
	if r.Info().Format != "alb" {
		t.Errorf("detected %s, want alb", r.Info().Format)
	}
	// Entries from the ALB access-log documentation: arrival is
	// request_creation_time; service time is target_processing_time.
	want := []struct{ t, dur float64 }{
		{unix("2018-07-02T22:22:48.364Z"), 0.001},
		{unix("2018-07-02T22:22:48.364Z"), 0.048},
		{unix("2018-07-02T22:23:04.998Z"), math.NaN()}, // -1: not dispatched
	}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d", len(recs), len(want))
	}
	for i, w := range want {
		if !near(recs[i].Time, w.t) {
			t.Errorf("entry %d: time %.3f, want %.3f", i+1, recs[i].Time, w.t)
		}
		if math.IsNaN(w.dur) != math.IsNaN(recs[i].Duration) || (!math.IsNaN(w.dur) && !near(recs[i].Duration, w.dur)) {
			t.Errorf("entry %d: duration %g, want %g", i+1, recs[i].Duration, w.dur)
		}
	}
}

func TestAzure2019(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "invocations_per_function_md.anon.d01.csv", Options{})
	if r.Info().Format != "azure2019" {
		t.Errorf("detected %s, want azure2019", r.Info().Format)
	}
	per := map[string]float64{}
	for _, rec := range recs {
		per[rec.Function] += rec.Count
		if rec.Interval != 60 {
			t.Fatalf("interval %g, want 60", rec.Interval)
		}
	}
	// f1: 24 hourly timer runs; f2: 3/min for 8 h = 1440; f3: 250 + 5.
	if per["a1/f1"] != 24 || per["a1/f2"] != 1440 || per["a2/f3"] != 255 {
		t.Errorf("per-function totals %v, want a1/f1 24, a1/f2 1440, a2/f3 255", per)
	}
	dur := map[string]Durations{}
	f, _ := os.Open("testdata/function_durations_percentiles.anon.d01.csv")
	defer f.Close()
	if _, err := ReadDurations("d", f, Options{}, dur); err != nil {
		t.Fatal(err)
	}
	if d := dur["a1/f2"]; d.Average != 120 || d.P99 != 700 || d.Count != 1440 {
		t.Errorf("durations a1/f2 = %+v", d)
	}
	mem := map[string]Memory{}
	g, _ := os.Open("testdata/app_memory_percentiles.anon.d01.csv")
	defer g.Close()
	if _, err := ReadMemory("m", g, Options{}, mem); err != nil {
		t.Fatal(err)
	}
	if m := mem["a2"]; m.AverageMB != 120 || m.P100 != 160 {
		t.Errorf("memory a2 = %+v", m)
	}
	if DayOf("x/invocations_per_function_md.anon.d14.csv") != 13 {
		t.Error("day of d14 is not 13")
	}
}

func TestAzure2021(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "azure2021.csv", Options{})
	if r.Info().Format != "azure2021" {
		t.Errorf("detected %s, want azure2021", r.Info().Format)
	}
	if len(recs) != 4 {
		t.Fatalf("%d records, want 4", len(recs))
	}
	// Arrival = end − duration: 60.25 − 1.25 = 59.
	if !near(recs[2].Time, 59) || !near(recs[2].Duration, 1.25) {
		t.Errorf("third invocation at %g for %g s, want 59 and 1.25", recs[2].Time, recs[2].Duration)
	}
	if !near(recs[0].Time, 0) {
		t.Errorf("first invocation at %g, want 0", recs[0].Time)
	}
}

func TestPrometheus(t *testing.T) {
	t.Parallel()
	recs, r := readAll(t, "", "prometheus.json", Options{})
	if r.Info().Format != "prometheus" {
		t.Errorf("detected %s, want prometheus", r.Info().Format)
	}
	// /items: rates 2, 2.5, 0, 10 per second at 60 s steps → 120, 150, 0, 600
	// (the last sample reuses the previous step); /health: 30, 30.
	want := []float64{120, 150, 0, 600, 30, 30}
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d: %+v", len(recs), len(want), recs)
	}
	for i, w := range want {
		if !near(recs[i].Count, w) || recs[i].Interval != 60 {
			t.Errorf("sample %d: %g over %g s, want %g over 60 s", i, recs[i].Count, recs[i].Interval, w)
		}
	}
	if recs[0].Function != `{job="api",route="/items"}` {
		t.Errorf("series label %q", recs[0].Function)
	}
}

// TestBadLines: a malformed line is a problem naming file, line and what was
// expected; with SkipBadLines it is skipped and counted.
func TestBadLines(t *testing.T) {
	t.Parallel()
	cases := []struct {
		format, name, text string
		line               int
		expect             string
		good               int
	}{
		{"csv", "r.csv", "2026-03-02T09:00:00Z\nyesterday\n2026-03-02T09:00:01Z\n", 2, "expected a timestamp", 2},
		{"csv", "r.csv", "2026-03-02T09:00:00Z,12\n2026-03-02T09:00:01Z,fast\n", 2, "duration in milliseconds", 1},
		{"csv-counts", "c.csv", "timestamp,count\n2026-03-02T09:00:00Z,4\n2026-03-02T09:01:00Z,-3\n2026-03-02T09:02:00Z,4\n", 3, "non-negative request count", 2},
		{"combined", "a.log", `1.2.3.4 - - [02/Mar/2026:09:00:00 +0000] "GET / HTTP/1.1" 200 1` + "\n" + `1.2.3.4 - - [2026-03-02 09:00] "GET / HTTP/1.1" 200 1` + "\n", 2, "expected a timestamp like", 1},
		{"alb", "alb.log", "http 2018-07-02T22:23:00Z a b c 0 x 0 200 200 1 1 \"GET / HTTP/1.1\"\n", 1, "target_processing_time", 0},
		{"azure2019", "invocations_per_function_md.anon.d02.csv", "o,a,f,http,1,2,3\n", 1, "expected 1444 columns", 0},
		{"azure2021", "t.csv", "app,func,end_timestamp,duration\na,f,10,1\na,f,ten,1\n", 3, "end_timestamp", 1},
	}
	for _, c := range cases {
		r, err := New(c.format, c.name, strings.NewReader(c.text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got error
		for {
			_, err := r.Next()
			if err != nil {
				if err != io.EOF {
					got = err
				}
				break
			}
		}
		var ps errs.Problems
		if !errors.As(got, &ps) {
			t.Errorf("%s: error %v, want a problem", c.format, got)
			continue
		}
		if ps[0].File != c.name || ps[0].Line != c.line || !strings.Contains(ps[0].Message, c.expect) {
			t.Errorf("%s: problem %q, want %s:%d: …%s…", c.format, ps[0], c.name, c.line, c.expect)
		}
		if errs.ExitCode(got) != 2 {
			t.Errorf("%s: exit code %d, want 2", c.format, errs.ExitCode(got))
		}
		r, _ = New(c.format, c.name, strings.NewReader(c.text), Options{SkipBadLines: true})
		n := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: skipping still failed: %v", c.format, err)
			}
			n++
		}
		if r.Skipped() != 1 || (c.format != "azure2019" && n != c.good) {
			t.Errorf("%s: skipped %d and read %d, want 1 and %d", c.format, r.Skipped(), n, c.good)
		}
	}
}

func TestPrometheusErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text, expect string
		line         int
	}{
		{"{\n\"status\": \"success\",\n\"data\": {\"resultType\": \"vector\", \"result\": []}}", "range query", 3},
		{"{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[\n{\"metric\":{},\"values\":[[1,\"x\"]]}]}}", "non-negative rate", 2},
		{"{\"status\":\"success\",\n\"data\":{\"resultType\":\"matrix\",\n\"result\":[{\"metric\":{},\n\"values\":[[1,\"1\"],\n", "end of file", 5},
	}
	for _, c := range cases {
		r, _ := New("prometheus", "p.json", strings.NewReader(c.text), Options{})
		var got error
		for {
			_, err := r.Next()
			if err != nil {
				if err != io.EOF {
					got = err
				}
				break
			}
		}
		var ps errs.Problems
		if !errors.As(got, &ps) || !strings.Contains(ps[0].Message, c.expect) || ps[0].Line != c.line {
			t.Errorf("error %v, want p.json:%d: …%s…", got, c.line, c.expect)
		}
	}
}

func TestDetectUnknown(t *testing.T) {
	t.Parallel()
	_, err := Detect("x.txt", []byte("hello world\n"))
	if err == nil || errs.ExitCode(err) != 2 || !strings.Contains(errs.HintOf(err), "azure2019") {
		t.Errorf("unknown format: %v (hint %q)", err, errs.HintOf(err))
	}
}

// TestStreaming: memory does not grow with the length of the input: reading
// 200,000 lines allocates a bounded amount per line and retains nothing.
func TestStreaming(t *testing.T) {
	line := "2026-03-02T09:00:00Z,12\n"
	r, _ := New("csv", "big.csv", &repeatReader{line: line, n: 200000}, Options{})
	allocs := testing.AllocsPerRun(1, func() {
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
	})
	// time.Parse and strconv allocate a few small values per line; a reader
	// that kept lines would allocate far more (and the limit catches a slice
	// growing per record).
	if per := allocs / 200000; per > 4 {
		t.Errorf("%.1f allocations per line", per)
	}
}

type repeatReader struct {
	line string
	n    int
	off  int
}

func (r *repeatReader) Read(b []byte) (int, error) {
	k := 0
	for k < len(b) {
		if r.n == 0 {
			if k == 0 {
				return 0, io.EOF
			}
			return k, nil
		}
		c := copy(b[k:], r.line[r.off:])
		k += c
		r.off += c
		if r.off == len(r.line) {
			r.off = 0
			r.n--
		}
	}
	return k, nil
}
