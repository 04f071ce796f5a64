package workload

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestLevenshtein(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"kitten", "sitting", 3}, // the textbook example (Levenshtein 1966; Wikipedia "Levenshtein distance")
		{"", "abc", 3},
		{"abc", "abc", 0},
		{"nmae", "name", 1}, // one transposition (optimal string alignment)
		{"ca", "abc", 3},    // OSA's known difference from true Damerau distance (2)
		{"memroy_mb", "memory_mb", 1},
		{"flaw", "lawn", 2},
	} {
		if got := Levenshtein(tc.a, tc.b); got != tc.want {
			t.Errorf("Levenshtein(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClosest(t *testing.T) {
	fields := []string{"name", "type", "runtime", "memory_mb", "duration_ms", "requests_per_month"}
	for _, tc := range []struct{ word, want string }{
		{"nmae", "name"},
		{"MemoryMB", "memory_mb"},
		{"memory-mb", "memory_mb"},
		{"requests", "requests_per_month"},
		{"durationMs", "duration_ms"},
		{"runtim", "runtime"},
		{"typo", "type"}, // one edit, short word
		{"tpoy", ""},     // two edits in a four-letter word: too far
		{"colour", ""},   // nothing close
		{"me", ""},       // too short for a prefix match
		{strings.Repeat("x", 500), ""},
	} {
		if got := Closest(tc.word, fields); got != tc.want {
			t.Errorf("Closest(%q) = %q, want %q", tc.word, got, tc.want)
		}
	}
}

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {512, "512"}, {10240, "10,240"}, {1048576, "1,048,576"}, {20000000, "20,000,000"},
		{-1234.5, "-1,234.5"}, {0.25, "0.25"}, {2.628e15, "2,628,000,000,000,000"},
		{1e30, "1e+30"}, {math.Inf(1), "+Inf"}, {math.NaN(), "NaN"}, {1e-9, "1e-09"},
	} {
		if got := Num(tc.x); got != tc.want {
			t.Errorf("Num(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}

func validSpec() Spec {
	s := Spec{Version: 1, Name: "n", Components: []Component{{Name: "a", Type: TypeHTTPAPI, RequestsPerMonth: 1e6}}}
	s.ApplyDefaults()
	return s
}

// TestValidateCatchesNaN: a spec built in Go (not parsed) with NaN or
// infinities fails validation instead of slipping through comparisons.
func TestValidateCatchesNaN(t *testing.T) {
	for name, mutate := range map[string]func(s *Spec){
		"hours NaN":    func(s *Spec) { s.HoursPerMonth = math.NaN() },
		"memory NaN":   func(s *Spec) { s.Components[0].MemoryMB = math.NaN() },
		"requests Inf": func(s *Spec) { s.Components[0].RequestsPerMonth = math.Inf(1) },
		"duration NaN": func(s *Spec) { s.Components[0].DurationMS = math.NaN() },
		"cpu NaN":      func(s *Spec) { x := math.NaN(); s.Components[0].CPUMS = &x },
		"exec NaN":     func(s *Spec) { s.Components[0].MaxExecutionS = math.NaN() },
		"util NaN":     func(s *Spec) { s.Kubernetes.TargetUtilization = math.NaN() },
		"s3 Inf":       func(s *Spec) { s.Components[0].Downstream.S3Gets = math.Inf(1) },
	} {
		s := validSpec()
		mutate(&s)
		if fe := s.Validate(); len(fe) == 0 {
			t.Errorf("%s: no error", name)
		}
	}
	s := validSpec()
	if fe := s.Validate(); len(fe) != 0 {
		t.Errorf("valid spec: %v", fe)
	}
}

// TestApplyDefaultsKeepsUserValues: defaults fill zeros only, and applying
// them twice changes nothing.
func TestApplyDefaultsKeepsUserValues(t *testing.T) {
	s := Spec{Version: 1, Name: "n", Region: "eu-west-1", HoursPerMonth: 720,
		Team: Team{EngineerCostPerYear: 99000},
		Components: []Component{{Name: "a", Type: TypeMLInference, Runtime: RuntimePython, MemoryMB: 2048,
			DurationMS: 60000, Traffic: Traffic{Shape: "spiky"}, FrontDoor: FrontDoorAPIGatewayREST}}}
	s.ApplyDefaults()
	c := s.Components[0]
	if s.Region != "eu-west-1" || s.HoursPerMonth != 720 || s.Team.EngineerCostPerYear != 99000 ||
		c.Runtime != RuntimePython || c.MemoryMB != 2048 || c.DurationMS != 60000 ||
		c.Traffic.Shape != "spiky" || c.FrontDoor != FrontDoorAPIGatewayREST {
		t.Errorf("a user value was overwritten: %+v", s)
	}
	if c.MaxExecutionS != 60 {
		t.Errorf("max_execution_s default for a 60 s mean: %v, want 60", c.MaxExecutionS)
	}
	again := s
	again.Components = append([]Component(nil), s.Components...)
	again.ApplyDefaults()
	if !reflect.DeepEqual(again, s) {
		t.Errorf("ApplyDefaults is not idempotent")
	}
}

// TestDurationP99 checks duration_p99_ms against the mean: a lognormal with
// mean m has its p99 between m (σ = 0) and exp(z²/2)·m ≈ 14.97·m (σ = z).
func TestDurationP99(t *testing.T) {
	t.Parallel()
	p := func(x float64) *float64 { return &x }
	for _, tc := range []struct {
		name    string
		mean    float64
		p99     *float64
		wantErr string // "" = valid
	}{
		// Happy: the default, the constant service, a wide but possible spread.
		{"OK/default", 100, nil, ""},
		{"OK/constant", 100, p(100), ""},
		{"OK/threefold", 100, p(300), ""},
		{"OK/widest", 100, p(1496), ""}, // 14.96 × the mean, just inside exp(z²/2)
		// Sad: impossible or absurd.
		{"ErrBelowMean", 100, p(99.9), "below the mean duration_ms 100"},
		{"ErrZero", 100, p(0), "0 is out of range"},
		{"ErrNegative", 100, p(-1), "-1 is out of range"},
		{"ErrNaN", 100, p(math.NaN()), "NaN is out of range"},
		{"ErrInf", 100, p(math.Inf(1)), "+Inf is out of range"},
		{"ErrBeyondLognormal", 100, p(1500), "no lognormal has a 99th percentile above 14.96 × its mean"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := validSpec()
			s.Components[0].DurationMS = tc.mean
			s.Components[0].DurationP99MS = tc.p99
			var got []string
			for _, fe := range s.Validate() {
				if fe.Path == "$.components[0].duration_p99_ms" {
					got = append(got, fe.Message)
				}
			}
			switch {
			case tc.wantErr == "" && len(got) > 0:
				t.Errorf("unexpected errors %q", got)
			case tc.wantErr != "" && (len(got) != 1 || !strings.Contains(got[0], tc.wantErr)):
				t.Errorf("got %q, want one error containing %q", got, tc.wantErr)
			}
		})
	}
}

// TestDurationP99Default: without duration_p99_ms the p99 is the default
// factor times the mean, capped at the longest execution but never below
// the mean; with it, the given value.
func TestDurationP99Default(t *testing.T) {
	t.Parallel()
	x := 95.0
	for _, tc := range []struct {
		name string
		c    Component
		want float64
	}{
		// 3 × 80 ms; no max_execution_s set (defaults not applied).
		{"Factor", Component{DurationMS: 80}, 240},
		// 3 × 80 ms is far below a 30 s longest execution.
		{"FactorUnderMax", Component{DurationMS: 80, MaxExecutionS: 30}, 240},
		// A 30-minute job that may run at most 30 minutes: its run time.
		{"CappedAtMaxIsMean", Component{DurationMS: 1_800_000, MaxExecutionS: 1800}, 1_800_000},
		// 3 × 20 s = 60 s, above the 45 s longest execution: 45 s.
		{"CappedAtMax", Component{DurationMS: 20_000, MaxExecutionS: 45}, 45_000},
		// The given p99 wins over both.
		{"Given", Component{DurationMS: 80, DurationP99MS: &x, MaxExecutionS: 0.09}, 95},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.c.DurationP99Millis(); got != tc.want {
				t.Errorf("p99 %g, want %g", got, tc.want)
			}
		})
	}
}

// A cluster's purchase option is checked but still billed on demand, so
// it warns; Lambda's and Fargate's are priced and do not.
func TestPurchaseWarnings(t *testing.T) {
	s := &Spec{Version: 1, Name: "p", Purchase: map[string]string{PlatformEKS: PurchaseSpot, PlatformLambda: PurchaseComputeSP1y, PlatformFargate: PurchaseSpot},
		Components: []Component{{Name: "api", Type: TypeHTTPAPI, RequestsPerMonth: 1e6}}}
	s.ApplyDefaults()
	var paths []string
	for _, w := range s.Warnings() {
		if strings.HasPrefix(w.Path, "$.purchase.") {
			paths = append(paths, w.Path)
		}
	}
	if len(paths) != 1 || paths[0] != "$.purchase.eks" {
		t.Errorf("purchase warnings at %v, want only $.purchase.eks", paths)
	}
}
