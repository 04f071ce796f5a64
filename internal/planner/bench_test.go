package planner

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// BenchmarkAnalyzeWithBreakeven is issue 6's speed target: analysing the
// largest bundled example (placement) plus the break-even of every component
// and of the system stays under 2 s.
func BenchmarkAnalyzeWithBreakeven(b *testing.B) {
	s, cat := systemAndCatalog(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := advisor.Analyze(s, cat, advisor.Options{}); err != nil {
			b.Fatal(err)
		}
		if _, err := BreakEvens(context.Background(), s, cat, "", Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPlan is issue 14's speed target: the 36-month plan of the largest
// bundled example at a given monthly growth stays under 5 s.
func benchPlan(b *testing.B, growth string) {
	s, cat := systemAndCatalog(b)
	g, err := ParseGrowth(growth)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := MakePlan(context.Background(), s, cat, PlanConfig{Growth: &g, Months: 36}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlan15(b *testing.B) { benchPlan(b, "15%/month") }
func BenchmarkPlan20(b *testing.B) { benchPlan(b, "20%/month") }

// systemAndCatalog is examples/system.yaml (seed 1) and the embedded catalog.
func systemAndCatalog(b testing.TB) (*workload.Spec, *catalog.Catalog) {
	b.Helper()
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
	return s, cat
}
