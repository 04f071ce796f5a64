package workload

import (
	"strings"
	"testing"
)

func f(v float64) *float64 { return &v }

func TestTrafficValidate(t *testing.T) {
	t.Parallel()
	ok := []Traffic{
		{},
		{Shape: "diurnal", PeakToMean: 3, PeakHour: f(0)},
		{Shape: "business-hours", WorkStart: f(8), WorkEnd: f(18), Floor: f(0.2)},
		{Shape: "spiky", BurstHeight: 20, BurstLength: "10m", BurstsPerDay: 6},
		{Shape: "constant", GrowthPerMonth: 0.05, GrowthMonths: 24},
		{Combine: "sum", Parts: []Traffic{{Shape: "diurnal"}, {Shape: "spiky", Weight: 0.5}}},
		{Trace: &TraceRef{Path: "logs/access.log", Format: "combined", Scale: 2}},
	}
	for i, tr := range ok {
		if fe := tr.Validate("$.components[0].traffic"); len(fe) != 0 {
			t.Errorf("valid block %d: %v", i, fe)
		}
	}
	// One block with many problems: every one is reported, at its path.
	bad := Traffic{
		Shape: "wavy", PeakToMean: 0.5, PeakHour: f(25),
		WorkStart: f(18), WorkEnd: f(9), Floor: f(2),
		BurstHeight: 0.5, BurstLength: "5 minutes", BurstsPerDay: -1,
		GrowthPerMonth: -2, Combine: "max", Weight: -1,
		Trace: &TraceRef{Format: "xml", Scale: -1},
	}
	fe := bad.Validate("$.components[2].traffic")
	want := []string{
		"$.components[2].traffic.shape",
		"$.components[2].traffic.peak_to_mean",
		"$.components[2].traffic.peak_hour",
		"$.components[2].traffic.work_end",
		"$.components[2].traffic.floor",
		"$.components[2].traffic.burst_height",
		"$.components[2].traffic.bursts_per_day",
		"$.components[2].traffic.burst_length",
		"$.components[2].traffic.growth_per_month",
		"$.components[2].traffic.combine",
		"$.components[2].traffic.weight",
		"$.components[2].traffic.trace.path",
		"$.components[2].traffic.trace.format",
		"$.components[2].traffic.trace.scale",
	}
	got := map[string]string{}
	for _, e := range fe {
		got[e.Path] += e.Message + "; "
	}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("no problem reported at %s (got %v)", w, fe)
		}
	}
	if m := got["$.components[2].traffic.shape"]; !strings.Contains(m, "business-hours") || !strings.Contains(m, "trace") {
		t.Errorf("shape message %q should list the valid shapes and the shape/trace conflict", m)
	}
	// A burst longer than the gap between bursts.
	fe = Traffic{Shape: "spiky", BurstLength: "7h", BurstsPerDay: 4}.Validate("$.t")
	if len(fe) != 1 || fe[0].Path != "$.t.burst_length" || !strings.Contains(fe[0].Message, "6h0m0s") {
		t.Errorf("long burst: %v", fe)
	}
	// Problems inside parts carry the part's path.
	fe = Traffic{Parts: []Traffic{{Shape: "diurnal"}, {Shape: "nope", GrowthPerMonth: 0.1}}}.Validate("$.t")
	paths := map[string]bool{}
	for _, e := range fe {
		paths[e.Path] = true
	}
	if !paths["$.t.parts[1].shape"] || !paths["$.t.parts[1].growth_per_month"] {
		t.Errorf("part problems: %v", fe)
	}
}
