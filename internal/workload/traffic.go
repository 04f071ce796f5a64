package workload

import (
	"fmt"
	"strings"
	"time"
)

// Traffic describes the shape of a component's arrivals over the month.
// internal/traffic turns it into a traffic.Shape; docs/traffic.md describes
// every field and its default.
//
// A block is one of: a built-in shape (Shape plus its parameters), a
// combination of blocks (Parts with Combine), or a replayed trace (Trace).
// GrowthPerMonth applies on top of any of them.
type Traffic struct {
	Shape      string  `yaml:"shape,omitempty" json:"shape,omitempty"`
	PeakToMean float64 `yaml:"peak_to_mean,omitempty" json:"peak_to_mean,omitempty"`
	// PeakHour is the UTC hour of the diurnal peak (default 14).
	PeakHour *float64 `yaml:"peak_hour,omitempty" json:"peak_hour,omitempty"`

	// Business hours: working hours [WorkStart, WorkEnd) UTC on weekdays at
	// full rate, Floor × that rate at night and at weekends.
	WorkStart *float64 `yaml:"work_start,omitempty" json:"work_start,omitempty"`
	WorkEnd   *float64 `yaml:"work_end,omitempty" json:"work_end,omitempty"`
	Floor     *float64 `yaml:"floor,omitempty" json:"floor,omitempty"`

	// Spiky: BurstsPerDay bursts of BurstLength at BurstHeight × the base rate.
	BurstHeight  float64 `yaml:"burst_height,omitempty" json:"burst_height,omitempty"`
	BurstLength  string  `yaml:"burst_length,omitempty" json:"burst_length,omitempty"`
	BurstsPerDay float64 `yaml:"bursts_per_day,omitempty" json:"bursts_per_day,omitempty"`

	// GrowthPerMonth is the month-over-month change in volume (0.05 = +5 %).
	GrowthPerMonth float64 `yaml:"growth_per_month,omitempty" json:"growth_per_month,omitempty"`
	// GrowthMonths is the horizon over which growth is modelled (default 12).
	GrowthMonths int `yaml:"growth_months,omitempty" json:"growth_months,omitempty"`

	// Combine is how Parts combine: "product" (default) or "sum".
	Combine string    `yaml:"combine,omitempty" json:"combine,omitempty"`
	Parts   []Traffic `yaml:"parts,omitempty" json:"parts,omitempty"`
	// Weight is a part's share in a "sum" combination (default 1).
	Weight float64 `yaml:"weight,omitempty" json:"weight,omitempty"`

	// Trace replays a recorded trace instead of a built-in shape.
	Trace *TraceRef `yaml:"trace,omitempty" json:"trace,omitempty"`
}

// TraceRef names a trace file and how to read it.
type TraceRef struct {
	Path   string  `yaml:"path" json:"path"`
	Format string  `yaml:"format,omitempty" json:"format,omitempty"`
	Scale  float64 `yaml:"scale,omitempty" json:"scale,omitempty"`
}

// Shape names.
const (
	ShapeConstant      = "constant"
	ShapeDiurnal       = "diurnal"
	ShapeBusinessHours = "business-hours"
	ShapeSpiky         = "spiky"
)

// Shapes lists the valid traffic shape names.
var Shapes = []string{ShapeConstant, ShapeDiurnal, ShapeBusinessHours, ShapeSpiky}

// CombineModes lists the valid values of Traffic.Combine.
var CombineModes = []string{"product", "sum"}

// TraceFormats lists the trace formats internal/trace reads ("" = detect).
var TraceFormats = []string{"csv", "csv-counts", "combined", "alb", "azure2019", "azure2021", "prometheus"}

// FieldError is a semantic problem at a YAML path such as
// "$.components[1].memory_mb"; internal/spec maps the path to line:column.
type FieldError struct {
	Path    string
	Message string
}

// Validate checks the traffic block found at path and returns every problem.
func (t Traffic) Validate(path string) []FieldError {
	var fe []FieldError
	add := func(field, format string, args ...any) {
		fe = append(fe, FieldError{path + "." + field, fmt.Sprintf(format, args...)})
	}
	shape := t.Shape
	switch {
	case t.Trace != nil && shape != "":
		add("shape", "a traffic block has either a shape or a trace, not both (remove shape: %s or trace:)", shape)
	case len(t.Parts) > 0 && shape != "":
		add("shape", "a traffic block has either a shape or parts to combine, not both (remove shape: %s or parts:)", shape)
	case t.Trace != nil && len(t.Parts) > 0:
		add("parts", "a traffic block has either a trace or parts to combine, not both")
	}
	if shape != "" && !contains(Shapes, shape) {
		add("shape", "unknown shape %q (valid: %s)", shape, strings.Join(Shapes, ", "))
	}
	if t.PeakToMean != 0 && (t.PeakToMean < 1 || t.PeakToMean > 1000) {
		add("peak_to_mean", "%g is out of range (valid: 1 to 1000; 1 means flat)", t.PeakToMean)
	}
	if t.PeakHour != nil && (*t.PeakHour < 0 || *t.PeakHour >= 24) {
		add("peak_hour", "%g is out of range (valid: 0 to 24, a UTC hour such as 14 or 9.5)", *t.PeakHour)
	}
	t.validateBusiness(add)
	t.validateSpiky(add)
	if t.GrowthPerMonth != 0 && (t.GrowthPerMonth <= -1 || t.GrowthPerMonth > 10) {
		add("growth_per_month", "%g is out of range (valid: above -1 and at most 10; 0.05 means +5 %% a month)", t.GrowthPerMonth)
	}
	if t.GrowthMonths < 0 || t.GrowthMonths > 120 {
		add("growth_months", "%d is out of range (valid: 1 to 120 months)", t.GrowthMonths)
	}
	if t.Combine != "" {
		if !contains(CombineModes, t.Combine) {
			add("combine", "unknown combination %q (valid: %s)", t.Combine, strings.Join(CombineModes, ", "))
		}
		if len(t.Parts) == 0 {
			add("combine", "combine needs parts: a list of traffic blocks to combine")
		}
	}
	if t.Weight < 0 {
		add("weight", "%g is negative (valid: a share above 0; default 1)", t.Weight)
	}
	for i, p := range t.Parts {
		pp := fmt.Sprintf("%s.parts[%d]", path, i)
		if p.Trace != nil {
			fe = append(fe, FieldError{pp + ".trace", "a trace cannot be a part of a combination (use it as the whole traffic block)"})
		}
		if p.GrowthPerMonth != 0 {
			fe = append(fe, FieldError{pp + ".growth_per_month", "growth applies to the whole traffic block; move growth_per_month up a level"})
		}
		fe = append(fe, p.Validate(pp)...)
	}
	if t.Trace != nil {
		tp := path + ".trace"
		if strings.TrimSpace(t.Trace.Path) == "" {
			fe = append(fe, FieldError{tp + ".path", "missing: the trace file to replay"})
		}
		if t.Trace.Format != "" && !contains(TraceFormats, t.Trace.Format) {
			fe = append(fe, FieldError{tp + ".format", fmt.Sprintf("unknown trace format %q (valid: %s; leave it out to detect)", t.Trace.Format, strings.Join(TraceFormats, ", "))})
		}
		if t.Trace.Scale < 0 || t.Trace.Scale > 1e6 {
			fe = append(fe, FieldError{tp + ".scale", fmt.Sprintf("%g is out of range (valid: above 0 and at most 1e6; 2 doubles the traffic)", t.Trace.Scale)})
		}
	}
	return fe
}

func (t Traffic) validateBusiness(add func(string, string, ...any)) {
	inHours := func(field string, v *float64) {
		if v != nil && (*v < 0 || *v > 24) {
			add(field, "%g is out of range (valid: 0 to 24, a UTC hour)", *v)
		}
	}
	inHours("work_start", t.WorkStart)
	inHours("work_end", t.WorkEnd)
	if t.WorkStart != nil && t.WorkEnd != nil && *t.WorkEnd <= *t.WorkStart {
		add("work_end", "%g is not after work_start %g (valid: work_start < work_end, e.g. 9 and 17)", *t.WorkEnd, *t.WorkStart)
	}
	if t.Floor != nil && (*t.Floor < 0 || *t.Floor > 1) {
		add("floor", "%g is out of range (valid: 0 to 1, the off-hours rate as a share of the working-hours rate)", *t.Floor)
	}
	if t.Shape == ShapeBusinessHours && t.Floor != nil && t.PeakToMean != 0 {
		add("peak_to_mean", "give floor or peak_to_mean for business-hours, not both (one sets the other)")
	}
}

func (t Traffic) validateSpiky(add func(string, string, ...any)) {
	if t.BurstHeight != 0 && (t.BurstHeight < 1 || t.BurstHeight > 1e4) {
		add("burst_height", "%g is out of range (valid: 1 to 10000, the burst rate as a multiple of the base rate)", t.BurstHeight)
	}
	if t.BurstsPerDay < 0 || t.BurstsPerDay > 1440 {
		add("bursts_per_day", "%g is out of range (valid: above 0 and at most 1440; 0.5 means one every two days)", t.BurstsPerDay)
	}
	if t.BurstLength != "" {
		d, err := time.ParseDuration(t.BurstLength)
		switch {
		case err != nil:
			add("burst_length", "%q is not a duration (valid: a Go duration such as 90s, 5m or 1h30m)", t.BurstLength)
		case d <= 0:
			add("burst_length", "%q is not positive (valid: a duration such as 5m)", t.BurstLength)
		default:
			perDay := t.BurstsPerDay
			if perDay == 0 {
				perDay = DefaultBurstsPerDay
			}
			if slot := time.Duration(float64(24*time.Hour) / perDay); d > slot {
				add("burst_length", "%s is longer than the %s between bursts at %g a day (valid: at most %s)", d, slot, perDay, slot)
			}
		}
	}
}

// Defaults of the traffic shapes; sources and reasoning are in docs/traffic.md.
const (
	DefaultPeakToMeanDiurnal = 2.0
	DefaultPeakHour          = 14.0
	DefaultWorkStart         = 9.0
	DefaultWorkEnd           = 17.0
	DefaultFloor             = 0.1
	DefaultBurstHeight       = 10.0
	DefaultBurstLength       = 5 * time.Minute
	DefaultBurstsPerDay      = 4.0
	DefaultGrowthMonths      = 12
)

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
