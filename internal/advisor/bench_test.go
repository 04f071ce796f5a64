package advisor

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

// BenchmarkAnalyzeSystem analyses the largest bundled example (issue 2's
// target: well under 100 ms).
func BenchmarkAnalyzeSystem(b *testing.B) {
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
	cat := testCatalog(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(s, cat, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
