package spec

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// rangeKeys are the keys of a range mapping (docs/spec.md#ranges).
var rangeKeys = []string{"p10", "p50", "p90", "min", "max", "mode", "dist"}

func isMapping(n ast.Node) bool {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return true
	}
	return false
}

func isNumeric(k reflect.Kind) bool {
	switch k {
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// numericField is the field a number at path belongs to: the last key, or
// for a range's bound (…requests_per_month.p90) the key before it.
func numericField(path string) string {
	f := lastField(path)
	if slices.Contains(rangeKeys, f) {
		return lastField(strings.TrimSuffix(path, "."+f))
	}
	return f
}

// rangeValue decodes a numeric field written as a range: {p10, p50, p90}
// (lognormal), {min, max} (uniform) or {min, mode, max} (triangular), with
// an optional dist. The field is set to the range's median and the range
// recorded under the field's name.
func (d *decoder) rangeValue(n ast.Node, v reflect.Value, path string) {
	values, _ := d.entries(n, path, nil)
	at := d.pos(n)
	got := map[string]float64{}
	dist := ""
	ok := true
	for _, e := range values {
		if e == nil || e.Key == nil {
			continue
		}
		kp := d.pos(e.Key)
		name, plain := keyName(e.Key)
		if !plain {
			d.problem(path, kp, "a range's keys must be plain text, got %s", describeKey(e.Key))
			ok = false
			continue
		}
		fp := path + "." + name
		if !slices.Contains(rangeKeys, name) {
			msg := fmt.Sprintf("unknown key in a range (valid: %s)", strings.Join(rangeKeys, ", "))
			if s := workload.Closest(name, rangeKeys); s != "" {
				msg = fmt.Sprintf("unknown key in a range: did you mean %q? (valid: %s)", s, strings.Join(rangeKeys, ", "))
			}
			d.problem(fp, kp, "%s", msg)
			ok = false
			continue
		}
		if _, dup := got[name]; dup || (name == "dist" && dist != "") {
			d.problem(fp, kp, "is given twice: keep one")
			ok = false
			continue
		}
		d.index[fp] = kp
		if name == "dist" {
			var s string
			before := len(d.problems)
			d.stringValue(d.resolve(e.Value, fp), reflect.ValueOf(&s).Elem(), fp)
			if len(d.problems) > before {
				ok = false
				continue
			}
			if !slices.Contains(uncertainty.Dists, uncertainty.Dist(s)) {
				msg := fmt.Sprintf("unknown distribution %q (valid: lognormal, uniform, triangular)", s)
				if c := workload.Closest(s, []string{"lognormal", "uniform", "triangular"}); c != "" {
					msg = fmt.Sprintf("unknown distribution %q: did you mean %q? (valid: lognormal, uniform, triangular)", s, c)
				}
				d.problem(fp, d.pos(e.Value), "%s", msg)
				ok = false
				continue
			}
			dist = s
			continue
		}
		var f float64
		before := len(d.problems)
		d.floatValue(d.resolve(e.Value, fp), reflect.ValueOf(&f).Elem(), fp)
		if len(d.problems) > before {
			ok = false
			continue
		}
		got[name] = f
	}
	if !ok {
		return
	}
	r, msg := buildRange(got, dist)
	if msg == "" {
		msg = r.Validate()
	}
	if msg != "" {
		d.problem(path, at, "%s", msg)
		return
	}
	k := v.Kind()
	r.Integer = k != reflect.Float32 && k != reflect.Float64
	m := r.Median()
	switch {
	case r.Integer && v.Kind() >= reflect.Uint:
		v.SetUint(uint64(m))
	case r.Integer:
		v.SetInt(int64(m))
	default:
		v.SetFloat(m)
	}
	if m == 0 {
		d.zeros[path] = true
	}
	d.ranges[fieldName(path)] = r
}

// buildRange turns a range mapping's numbers into a Range, or says why not.
func buildRange(got map[string]float64, dist string) (uncertainty.Range, string) {
	_, p10 := got["p10"]
	_, p50 := got["p50"]
	_, p90 := got["p90"]
	_, lo := got["min"]
	_, hi := got["max"]
	_, mode := got["mode"]
	pct, bounds := p10 || p50 || p90, lo || hi || mode
	switch {
	case pct && bounds:
		return uncertainty.Range{}, "give p10/p50/p90 or min/max, not both"
	case !pct && !bounds:
		return uncertainty.Range{}, "a range needs p10, p50 and p90 (lognormal) or min and max (uniform; add mode for triangular)"
	}
	if pct {
		if dist != "" && dist != string(uncertainty.Lognormal) {
			return uncertainty.Range{}, fmt.Sprintf("dist %s takes min and max (p10/p50/p90 are for lognormal)", dist)
		}
		if !p10 || !p90 {
			return uncertainty.Range{}, "a p10/p50/p90 range needs at least p10 and p90"
		}
		r := uncertainty.Range{Dist: uncertainty.Lognormal, P10: got["p10"], P50: got["p50"], P90: got["p90"]}
		if !p50 {
			if r.P10 > 0 && r.P90 >= r.P10 {
				r.P50 = math.Sqrt(r.P10 * r.P90)
			} else {
				r.P50 = (r.P10 + r.P90) / 2
			}
		}
		return r, ""
	}
	if !lo || !hi {
		return uncertainty.Range{}, "a min/max range needs both min and max"
	}
	r := uncertainty.Range{Dist: uncertainty.Uniform, Min: got["min"], Max: got["max"]}
	switch {
	case dist == string(uncertainty.Lognormal):
		return uncertainty.Range{}, "dist lognormal takes p10, p50 and p90"
	case dist == string(uncertainty.Uniform) && mode:
		return uncertainty.Range{}, "mode is for dist triangular"
	case mode || dist == string(uncertainty.Triangular):
		r.Dist = uncertainty.Triangular
		r.Mode = got["mode"]
		if !mode {
			r.Mode = (r.Min + r.Max) / 2
		}
	}
	return r, ""
}

// rangesOf is the decoder's ranges, or nil when the spec has none.
func (d *decoder) rangesOf() map[string]uncertainty.Range {
	if len(d.ranges) == 0 {
		return nil
	}
	return d.ranges
}
