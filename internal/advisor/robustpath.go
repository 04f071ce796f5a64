package advisor

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// withValues is a copy of s with the numeric fields at paths (field names
// such as components[1].requests_per_month) set to values, the called
// components' loads derived again. s itself is not modified: every slice
// and pointer on a path is copied before it is written.
func withValues(s *workload.Spec, values map[string]float64) (*workload.Spec, error) {
	c := *s
	for _, p := range slices.Sorted(maps.Keys(values)) {
		if err := setPath(reflect.ValueOf(&c).Elem(), p, values[p]); err != nil {
			return nil, fmt.Errorf("set %s: %w", p, err)
		}
	}
	c.DeriveLoads()
	return &c, nil
}

// setPath sets the number at path below v, copying on write.
func setPath(v reflect.Value, path string, x float64) error {
	for path != "" {
		name, rest, _ := strings.Cut(path, ".")
		idx := -1
		if i := strings.IndexByte(name, '['); i >= 0 && strings.HasSuffix(name, "]") {
			n, err := strconv.Atoi(name[i+1 : len(name)-1])
			if err != nil {
				return fmt.Errorf("bad index in %q", name)
			}
			name, idx = name[:i], n
		}
		f, ok := fieldByYAML(v, name)
		if !ok {
			return fmt.Errorf("no field %q", name)
		}
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				f.Set(reflect.New(f.Type().Elem()))
			} else {
				cp := reflect.New(f.Type().Elem())
				cp.Elem().Set(f.Elem())
				f.Set(cp)
			}
			f = f.Elem()
		}
		if idx >= 0 {
			if f.Kind() != reflect.Slice || idx >= f.Len() {
				return fmt.Errorf("no item %d of %q", idx, name)
			}
			cp := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			reflect.Copy(cp, f)
			f.Set(cp)
			f = f.Index(idx)
		}
		if rest == "" {
			switch f.Kind() {
			case reflect.Float32, reflect.Float64:
				f.SetFloat(x)
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				f.SetInt(int64(math.Round(x)))
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				f.SetUint(uint64(math.Round(max(x, 0))))
			default:
				return fmt.Errorf("%q is not a number", name)
			}
			return nil
		}
		v, path = f, rest
	}
	return nil
}

func fieldByYAML(v reflect.Value, name string) (reflect.Value, bool) {
	if v.Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		if tag == name {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// getPath reads the number at path below v (0 when absent).
func getPath(s *workload.Spec, path string) float64 {
	v := reflect.ValueOf(s).Elem()
	for path != "" {
		name, rest, _ := strings.Cut(path, ".")
		idx := -1
		if i := strings.IndexByte(name, '['); i >= 0 && strings.HasSuffix(name, "]") {
			n, _ := strconv.Atoi(name[i+1 : len(name)-1])
			name, idx = name[:i], n
		}
		f, ok := fieldByYAML(v, name)
		if !ok {
			return 0
		}
		if f.Kind() == reflect.Pointer {
			if f.IsNil() {
				return 0
			}
			f = f.Elem()
		}
		if idx >= 0 {
			if f.Kind() != reflect.Slice || idx >= f.Len() {
				return 0
			}
			f = f.Index(idx)
		}
		v, path = f, rest
	}
	switch v.Kind() {
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(v.Uint())
	}
	return 0
}
