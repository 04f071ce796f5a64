package priceimport

import (
	"cmp"
	"encoding/json"
	"reflect"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	ks := make([]K, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func parseDecimal(s string) (decimal.Decimal, error) {
	return decimal.NewFromString(strings.TrimSpace(s))
}

func sortShapes(s []gcpShape) {
	slices.SortFunc(s, func(a, b gcpShape) int { return strings.Compare(a.name, b.name) })
}

// jsonDecimal decodes a JSON number, or a string holding one, exactly.
// Anything else is a type error naming the field, so that the error is
// reported at the field's line and column.
type jsonDecimal struct {
	d   decimal.Decimal
	set bool
}

func (j *jsonDecimal) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	text := s
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &text); err != nil {
			return err
		}
	}
	d, err := decimal.NewFromString(strings.TrimSpace(text))
	if err != nil {
		what := "number " + s
		if strings.HasPrefix(s, `"`) {
			what = "string " + s
		}
		return &json.UnmarshalTypeError{Value: what, Type: reflect.TypeFor[decimal.Decimal]()}
	}
	j.d, j.set = d, true
	return nil
}

func (j jsonDecimal) String() string { return j.d.String() }
