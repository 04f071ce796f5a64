package workload

import (
	"fmt"
	"strings"
)

// Traffic describes the shape of a component's arrivals over the month.
// internal/traffic turns it into a traffic.Shape.
type Traffic struct {
	Shape      string  `yaml:"shape,omitempty" json:"shape,omitempty"`
	PeakToMean float64 `yaml:"peak_to_mean,omitempty" json:"peak_to_mean,omitempty"`
}

// Shapes lists the valid traffic shape names.
var Shapes = []string{"constant", "diurnal", "business-hours", "spiky"}

// FieldError is a semantic problem at a YAML path such as
// "$.components[1].memory_mb"; internal/spec maps the path to line:column.
type FieldError struct {
	Path    string
	Message string
}

// Validate checks the traffic block found at path.
func (t Traffic) Validate(path string) []FieldError {
	var fe []FieldError
	if t.Shape != "" && !contains(Shapes, t.Shape) {
		fe = append(fe, FieldError{path + ".shape", fmt.Sprintf("unknown shape %q (valid: %s)", t.Shape, strings.Join(Shapes, ", "))})
	}
	if t.PeakToMean != 0 && (t.PeakToMean < 1 || t.PeakToMean > 1000) {
		fe = append(fe, FieldError{path + ".peak_to_mean", fmt.Sprintf("%g is out of range (valid: 1 to 1000; 1 means flat)", t.PeakToMean)})
	}
	return fe
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
