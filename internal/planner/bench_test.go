package planner

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

// BenchmarkAnalyzeWithBreakeven is issue 6's speed target: analysing the
// largest bundled example (placement) plus the break-even of every component
// and of the system stays under 2 s.
func BenchmarkAnalyzeWithBreakeven(b *testing.B) {
	path := filepath.Join("..", "..", "examples", "system.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	s, _, err := spec.Parse(path, data)
	if err != nil {
		b.Fatal(err)
	}
	s.Seed = 1
	cat, err := pricedata.Load()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := advisor.Analyze(s, cat, advisor.Options{}); err != nil {
			b.Fatal(err)
		}
		if _, err := BreakEvens(s, cat, "", Config{}); err != nil {
			b.Fatal(err)
		}
	}
}
