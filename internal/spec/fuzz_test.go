package spec

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// FuzzParse feeds arbitrary bytes to Parse: it must never panic, a failure
// must be an Invalid errs.Problems whose every problem has a position, and a
// success must be a spec that passes its own validation.
//
//	go test ./internal/spec -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/*.yaml")
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("a: &a [*a]"))
	f.Add([]byte("components: [&c {name: a, type: queue}, *c, {<<: *c, name: b}]"))
	f.Add([]byte("? [a]\n: 1\n"))
	f.Add([]byte("version: 1\nname: \"\\u0000\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := Parse("f.yaml", data)
		if err == nil {
			if s == nil {
				t.Fatal("nil spec without an error")
			}
			if fe := s.Validate(); len(fe) > 0 {
				t.Fatalf("accepted spec fails Validate: %v", fe)
			}
			return
		}
		if errs.KindOf(err) != errs.Invalid {
			t.Fatalf("error of kind %v: %v", errs.KindOf(err), err)
		}
		var ps errs.Problems
		if !errors.As(err, &ps) || len(ps) == 0 {
			t.Fatalf("error is not a list of problems: %v", err)
		}
		for _, p := range ps {
			if p.File != "f.yaml" || p.Line < 1 || p.Column < 1 || p.Message == "" {
				t.Fatalf("problem without a position or message: %+v", p)
			}
		}
	})
}
