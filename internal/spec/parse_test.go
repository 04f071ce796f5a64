package spec

import (
	"bytes"
	"errors"
	"flag"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

var update = flag.Bool("update", false, "rewrite golden files and the published JSON Schema")

func ptr[T any](x T) *T { return &x }

func mustParse(t *testing.T, name string) (*workload.Spec, errs.Problems) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	s, warnings, err := Parse(filepath.Base(name), data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return s, warnings
}

// TestContractExample parses the example spec of Fulcrum issue 2 and checks
// every field, with the defaults filled in for what it leaves out.
func TestContractExample(t *testing.T) {
	got, warnings := mustParse(t, "testdata/good/contract.yaml")
	if len(warnings) != 0 {
		t.Errorf("warnings: %v", warnings)
	}
	want := &workload.Spec{
		Version:       1,
		Name:          "acme",
		Region:        "us-east-1",
		HoursPerMonth: 730,
		Team:          workload.Team{PlatformEngineers: 0, EngineerCostPerYear: 180000},
		Platforms:     []string{"aws-lambda", "eks"},
		Components: []workload.Component{{
			Name:             "api",
			Type:             workload.TypeHTTPAPI,
			Runtime:          workload.RuntimeNodeJS,
			RequestsPerMonth: 10_000_000,
			DurationMS:       200,
			CPUMS:            ptr(40.0),
			MemoryMB:         256,
			Traffic:          workload.Traffic{Shape: "diurnal", PeakToMean: 3},
			MaxExecutionS:    30,
			LatencySLOP99MS:  300,
			Compliance:       []string{},
			FrontDoor:        workload.FrontDoorAPIGatewayHTTP,
			Downstream:       workload.Downstream{DynamoDBReads: 2, DynamoDBWrites: 1, S3Puts: 1},
		}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

// TestDefaults checks every default on a spec that gives only what is required.
func TestDefaults(t *testing.T) {
	got, _ := mustParse(t, "testdata/good/minimal.yaml")
	if got.Region != "us-east-1" || got.HoursPerMonth != 730 || got.Team.EngineerCostPerYear != 180000 {
		t.Errorf("spec defaults: region %q hours %v engineer cost %v", got.Region, got.HoursPerMonth, got.Team.EngineerCostPerYear)
	}
	c := got.Components[0]
	want := workload.Component{
		Name: "api", Type: workload.TypeHTTPAPI, Runtime: workload.RuntimeNodeJS,
		RequestsPerMonth: 1e6, DurationMS: 100, MemoryMB: 512, MaxExecutionS: 30,
		Traffic: workload.Traffic{Shape: "constant"}, FrontDoor: workload.FrontDoorBuiltIn,
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("component defaults:\ngot  %+v\nwant %+v", c, want)
	}
	// Without cpu_ms, CPU follows Lambda's memory share: 512 / 1,769 of a vCPU.
	if want := 100 * 512 / 1769.0; math.Abs(c.CPUMillis()-want) > 1e-9 || !c.DerivedCPU() {
		t.Errorf("cpu_ms default: got %v, want %v (derived)", c.CPUMillis(), want)
	}
}

// TestDefaultFrontDoor: the front door each type gets when the spec says none.
func TestDefaultFrontDoor(t *testing.T) {
	want := map[workload.Type]workload.FrontDoor{
		"http-api": "built-in", "websocket": "built-in", "ml-inference": "built-in",
		"event-processor": "none", "scheduled-job": "none", "batch-job": "none",
		"frontend": "built-in", "database": "none", "cache": "none", "queue": "none",
	}
	for _, typ := range workload.Types {
		src := "version: 1\nname: x\ncomponents: [{name: c, type: " + string(typ) + ", requests_per_month: 1}]\n"
		s, _, err := Parse("t.yaml", []byte(src))
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		if got := s.Components[0].FrontDoor; got != want[typ] {
			t.Errorf("%s: front door %q, want %q", typ, got, want[typ])
		}
		if got := s.Components[0].LongLivedConnections; got != (typ == workload.TypeWebsocket) {
			t.Errorf("%s: long_lived_connections %v", typ, got)
		}
	}
}

// TestMaxExecutionDefault: 30 s, or the mean duration when that is longer.
func TestMaxExecutionDefault(t *testing.T) {
	for _, tc := range []struct {
		durationMS, want float64
	}{
		{100, 30},         // short requests: API Gateway's 30 s
		{30000, 30},       // exactly 30 s
		{240000, 240},     // a 4-minute job: at least its mean
		{240001, 241},     // rounded up to a whole second
		{0.5, 30},         // sub-millisecond
		{3600000, 3600},   // an hour
		{1800000, 1800},   // half an hour
		{45000.5, 46},     // 45.0005 s → 46 s
		{29999.99, 30},    // just under 30 s
		{90000000, 90000}, // 25 h
	} {
		if got := workload.DefaultMaxExecution(tc.durationMS); got != tc.want {
			t.Errorf("DefaultMaxExecution(%v) = %v, want %v", tc.durationMS, got, tc.want)
		}
	}
}

func TestGoodSpecs(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/*.yaml")
	if len(files) < 4 {
		t.Fatalf("found %d good specs", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			s, _ := mustParse(t, f)
			if fe := s.Validate(); len(fe) != 0 {
				t.Errorf("parsed spec fails Validate: %v", fe)
			}
		})
	}
}

// TestAnchors: merge keys share settings; explicit keys win over merged ones.
func TestAnchors(t *testing.T) {
	s, _ := mustParse(t, "testdata/good/anchors.yaml")
	a, b := s.Components[0], s.Components[1]
	if a.Runtime != "python" || a.MemoryMB != 1024 || a.Traffic.Shape != "business-hours" || a.Traffic.PeakToMean != 2.5 {
		t.Errorf("merged fields not applied: %+v", a)
	}
	if b.MemoryMB != 3008 || b.Runtime != "python" {
		t.Errorf("explicit memory_mb should override the merged one: %+v", b)
	}
	if a.RequestsPerMonth != 2e6 {
		t.Errorf("2_000_000 read as %v", a.RequestsPerMonth)
	}
}

// TestDecoderAgreesWithGoccy decodes each good spec with goccy/go-yaml in
// strict mode and with our own walker; they must fill the same struct.
func TestDecoderAgreesWithGoccy(t *testing.T) {
	files, _ := filepath.Glob("testdata/good/*.yaml")
	for _, f := range files {
		if filepath.Base(f) == "anchors.yaml" {
			// goccy v1.19.2 reports an explicit key next to a '<<' merge that
			// sets the same key as a duplicate; the merge-key spec
			// (yaml.org/type/merge.html) says the explicit key wins, as ours
			// does (TestAnchors).
			continue
		}
		data, _ := os.ReadFile(f)
		var ours, theirs workload.Spec
		d := newDecoder(f)
		if !d.decodeDocument(data, &ours) || len(d.problems) > 0 {
			t.Fatalf("%s: %v", f, d.problems)
		}
		if err := yaml.UnmarshalWithOptions(data, &theirs, yaml.DisallowUnknownField(), yaml.AllowFieldPrefixes("x-")); err != nil {
			t.Fatalf("%s: goccy: %v", f, err)
		}
		if !reflect.DeepEqual(ours, theirs) {
			t.Errorf("%s:\nours   %+v\ngoccy  %+v", f, ours, theirs)
		}
	}
}

// TestBadSpecs compares every problem found in each bad spec with a golden
// file, and checks that each problem names a file, line and column.
func TestBadSpecs(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, _ := os.ReadFile(f)
			s, warnings, err := Parse(filepath.Base(f), data)
			if err == nil {
				t.Fatalf("no error; spec %+v", s)
			}
			if s != nil {
				t.Errorf("a spec came back with the error")
			}
			if errs.KindOf(err) != errs.Invalid || errs.ExitCode(err) != 2 {
				t.Errorf("kind %v exit %d, want Invalid/2", errs.KindOf(err), errs.ExitCode(err))
			}
			var ps errs.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error is not errs.Problems: %T", err)
			}
			for _, p := range ps {
				if p.File != filepath.Base(f) || p.Line < 1 || p.Column < 1 {
					t.Errorf("problem without a position: %+v", p)
				}
			}
			var b bytes.Buffer
			for _, p := range ps {
				b.WriteString(p.String() + "\n")
			}
			for _, w := range warnings {
				b.WriteString("warning: " + w.String() + "\n")
			}
			golden(t, strings.TrimSuffix(f, ".yaml")+".golden", b.Bytes())
		})
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update to accept):\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// TestEveryProblemAtOnce: a spec with five faults yields exactly five
// problems, in file order.
func TestEveryProblemAtOnce(t *testing.T) {
	data, _ := os.ReadFile("testdata/bad/five-faults.yaml")
	_, _, err := Parse("five-faults.yaml", data)
	var ps errs.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v", err)
	}
	want := []struct {
		line, col int
		field     string
	}{
		{3, 1, "hours_per_month"},
		{5, 5, "components[0].name"},
		{7, 5, "components[0].memroy_mb"},
		{10, 5, "components[1].type"},
		{11, 5, "components[1].requests_per_month"},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(ps), len(want), ps)
	}
	for i, w := range want {
		if ps[i].Line != w.line || ps[i].Column != w.col || ps[i].Field != w.field {
			t.Errorf("problem %d: got %d:%d %s, want %d:%d %s", i, ps[i].Line, ps[i].Column, ps[i].Field, w.line, w.col, w.field)
		}
	}
}

// TestUnknownFieldSuggestions: a close misspelling gets a "did you mean".
func TestUnknownFieldSuggestions(t *testing.T) {
	for _, tc := range []struct {
		yaml, field, want string
	}{
		{"nmae: x", "nmae", `did you mean "name"?`},                  // transposition
		{"componets: []", "componets", `did you mean "components"?`}, // one letter missing
		{"Region: x", "Region", `did you mean "region"?`},            // case
		{"hoursPerMonth: 1", "hoursPerMonth", `did you mean "hours_per_month"?`},
		{"team: {engineer_cost: 1}", "team.engineer_cost", `did you mean "engineer_cost_per_year"?`}, // prefix
		{"memory_mb: 1", "memory_mb", "belongs in each component"},
		{"xyzzy: 1", "xyzzy", "valid here: version, name, region"},
		{"components: [{name: a, type: queue, duration: 1}]", "components[0].duration", `did you mean "duration_ms"?`},
		{"components: [{name: a, type: queue, traffic: {peak: 1}}]", "components[0].traffic.peak", `did you mean "peak_to_mean"?`},
	} {
		src := "version: 1\n" + tc.yaml + "\n"
		if !strings.Contains(tc.yaml, "components") {
			src += "name: n\ncomponents: [{name: a, type: queue}]\n"
		} else {
			src += "name: n\n"
		}
		_, _, err := Parse("t.yaml", []byte(src))
		var ps errs.Problems
		errors.As(err, &ps)
		found := false
		for _, p := range ps {
			if p.Field == tc.field && strings.Contains(p.Message, tc.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("%q: want %s: %q, got %v", tc.yaml, tc.field, tc.want, ps)
		}
	}
}

func TestWarnings(t *testing.T) {
	src := `version: 1
name: w
components:
  - name: big
    type: batch-job
    requests_per_month: 10
    duration_ms: 1000
    cpu_ms: 4000
    memory_mb: 20480
    max_execution_s: 1200
    storage_gb: 5
    latency_slo_p99_ms: 500
  - name: idle
    type: http-api
`
	s, warnings, err := Parse("w.yaml", []byte(src))
	if err != nil || s == nil {
		t.Fatal(err)
	}
	want := []string{
		"w.yaml:8:5: components[0].cpu_ms:",
		"w.yaml:9:5: components[0].memory_mb: 20,480 MB is above Lambda's 10,240 MB maximum",
		"w.yaml:10:5: components[0].max_execution_s: 1,200 s is above Lambda's 900 s timeout",
		"w.yaml:11:5: components[0].storage_gb: is ignored",
		"w.yaml:12:5: components[0].latency_slo_p99_ms: 500 ms is below the mean duration_ms 1,000",
		"w.yaml:13:5: components[1].requests_per_month: is 0",
	}
	if len(warnings) != len(want) {
		t.Fatalf("got %d warnings, want %d:\n%v", len(warnings), len(want), warnings)
	}
	for i, w := range want {
		if !strings.HasPrefix(warnings[i].String(), w) {
			t.Errorf("warning %d: got %q, want prefix %q", i, warnings[i], w)
		}
	}
}

func TestMaxSize(t *testing.T) {
	big := bytes.Repeat([]byte("#"), MaxSize+1)
	_, _, err := Parse("big.yaml", big)
	if err == nil || !strings.Contains(err.Error(), "at most 10,485,760 bytes") || errs.ExitCode(err) != 2 {
		t.Errorf("got %v", err)
	}
	_, _, err = ParseReader("big.yaml", bytes.NewReader(append(big, big...)))
	if err == nil || !strings.Contains(err.Error(), "10 MiB") {
		t.Errorf("ParseReader: got %v", err)
	}
}

func TestNotUTF8(t *testing.T) {
	_, _, err := Parse("latin1.yaml", []byte("version: 1\nname: caf\xe9\n"))
	if err == nil || !strings.Contains(err.Error(), "latin1.yaml:2:10: the file is not UTF-8") {
		t.Errorf("got %v", err)
	}
}

// TestNumberLimits checks the "absurd value" boundaries against the limits
// stated in the issue: requests above seconds × a billion, memory above 1 TiB.
func TestNumberLimits(t *testing.T) {
	base := "version: 1\nname: n\ncomponents:\n  - name: a\n    type: http-api\n"
	for _, tc := range []struct {
		extra string
		ok    bool
	}{
		{"    requests_per_month: 2628000000000000", true},  // 730 h × 3,600 s × 1e9 exactly
		{"    requests_per_month: 2628000000000001", false}, // one more
		{"    memory_mb: 1048576", true},                    // 1 TiB exactly
		{"    memory_mb: 1048577", false},
		{"    gpu: 16", true},
		{"    gpu: 17", false},
		{"    gpu: -1", false},
		{"    cpu_ms: 6400", true}, // 64 × the default 100 ms
		{"    cpu_ms: 6401", false},
		{"    duration_ms: 1000\n    max_execution_s: 1", true},
		{"    duration_ms: 1001\n    max_execution_s: 1", false},
		{"    requests_per_month: 0\n    duration_ms: 0", true}, // no requests: duration moot
		{"    requests_per_month: 1\n    duration_ms: 0", false},
	} {
		_, _, err := Parse("n.yaml", []byte(base+tc.extra+"\n"))
		if (err == nil) != tc.ok {
			t.Errorf("%q: ok=%v, err=%v", tc.extra, tc.ok, err)
		}
	}
}

// TestHostileInput: recursion through aliases, deep nesting and floods of
// problems end in a clear message, quickly.
func TestHostileInput(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"self-merge", "components: [&c {<<: *c, name: b}]", "1:22: components[0]: this alias refers to a value that contains it"},
		{"self-alias", "version: 1\nname: n\ncomponents: &l [*l]", "3:17: components[0]: this alias refers to a value that contains it"},
		{"deep", "components: " + strings.Repeat("[", 100000), "1:77: brackets nest more than 64 levels deep"},
		{"quoted brackets are text", "version: 1\nname: \"" + strings.Repeat("[", 70) + "\"\ncomponents: []", "components: is required"},
		{"huge mapping", strings.Repeat("a: *b\n", 6000), "5001:1: a mapping here has more than 5,000 keys"},
		{"huge list", "components:\n" + strings.Repeat("-\n", 6000), "5001:1: a list here has more than 5,000 entries"},
		{"many problems", "version: 1\nname: n\ncomponents:\n" + strings.Repeat("  - {name: A}\n", 300), "... and 699 more not shown"},
	} {
		_, _, err := Parse("h.yaml", []byte(tc.src))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want %q, got %v", tc.name, tc.want, err)
		}
	}
}

// TestCountSuffixes: requests_per_month takes 40k, 10M, 1.5B like the
// command-line flags do; the value is exact.
func TestCountSuffixes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		text string
		want float64
	}{
		{"40k", 40_000},
		{"10M", 10_000_000},
		{"1.5B", 1_500_000_000},
		{`"2.5M"`, 2_500_000}, // quoted text reads too
		{"1_500", 1500},       // plain numbers still do
	}
	for _, c := range cases {
		src := "version: 1\nname: x\ncomponents:\n  - name: api\n    type: http-api\n    requests_per_month: " + c.text + "\n"
		s, _, err := Parse("s.yaml", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", c.text, err)
			continue
		}
		if got := s.Components[0].RequestsPerMonth; got != c.want {
			t.Errorf("%s read as %v, want %v", c.text, got, c.want)
		}
	}
}
