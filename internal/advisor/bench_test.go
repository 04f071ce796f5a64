package advisor

import "testing"

// BenchmarkAnalyzeSystem analyses the largest bundled example with the
// average-rate model (issue 2's target: well under 100 ms).
func BenchmarkAnalyzeSystem(b *testing.B) { benchAnalyze(b, Options{NoSimulation: true}) }

// BenchmarkAnalyzeSystemSimulated is the default analysis: every serverless
// option and the reported clusters simulated.
func BenchmarkAnalyzeSystemSimulated(b *testing.B) { benchAnalyze(b, Options{}) }

func benchAnalyze(b *testing.B, opts Options) {
	s := systemSpec(b)
	cat := testCatalog(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(s, cat, opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUncertaintySystem is analyze --uncertainty 200 on the largest
// bundled example without the base analysis: 200 samples, the tornado and
// the flip points (issue 13's target: the whole command under 10 s on two
// cores), with the catalog's tagged prices varied (the CLI's default) and
// without.
func BenchmarkUncertaintySystem(b *testing.B) {
	s := systemSpec(b)
	cat := testCatalog(b)
	base, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		spread float64
	}{{"catalog", DefaultCatalogSpread}, {"no-catalog", 0}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := RunUncertainty(s, cat, base, UncertaintyOptions{Samples: 200, Seed: 1, CatalogSpread: c.spread}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
