package importer

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// TrafficFact is what a trace says about one component's traffic: the
// month's volume and the built-in shape it resembles with its parameters
// (internal/trace's Summary; the CLI reads the file).
type TrafficFact struct {
	File           string
	Requests       float64 // in the trace
	SpanSeconds    float64
	RequestsPerMon float64 // the trace's mean rate over a month of the spec's hours
	Shape          string
	Params         map[string]any
	Reason         string
}

// ApplyTraffic fills component's requests_per_month and traffic shape from
// a trace, replacing the guess. It is an error when no imported component
// has that name; the message lists those that do.
func (r *Result) ApplyTraffic(component string, t TrafficFact) error {
	var c *Component
	var names []string
	for _, x := range r.Components {
		names = append(names, x.Name)
		if x.Name == component {
			c = x
		}
	}
	if c == nil {
		sort.Strings(names)
		return fmt.Errorf("--traffic %s=%s: no imported component is called %q (imported: %s)", component, t.File, component, strings.Join(names, ", "))
	}
	from := fmt.Sprintf("trace %s: %s requests over %s, the mean rate over a month", t.File, groupInt(t.Requests), spanText(t.SpanSeconds))
	guess := ""
	if t.SpanSeconds < 86400 {
		guess = from + "; shorter than a day, so a busy or quiet hour may stand for the month"
	}
	c.set("requests_per_month", math.Round(t.RequestsPerMon), from, guess)
	if t.Shape == "" {
		return nil
	}
	shapeFrom := fmt.Sprintf("trace %s: it resembles %s (%s)", t.File, t.Shape, t.Reason)
	c.set("traffic.shape", t.Shape, shapeFrom, "")
	keys := make([]string, 0, len(t.Params))
	for k := range t.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.set("traffic."+k, t.Params[k], "trace "+t.File+": fitted", "")
	}
	return nil
}

func groupInt(x float64) string {
	s := fmt.Sprintf("%.0f", x)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func spanText(sec float64) string {
	switch {
	case sec >= 2*86400:
		return fmt.Sprintf("%.1f days", sec/86400)
	case sec >= 2*3600:
		return fmt.Sprintf("%.1f hours", sec/3600)
	}
	return fmt.Sprintf("%.0f s", sec)
}
