package web

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/fulcrum-tools/fulcrum/examples"
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
)

var (
	catOnce sync.Once
	cat     *catalog.Catalog
	catErr  error
)

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	catOnce.Do(func() { cat, catErr = pricedata.Load() })
	if catErr != nil {
		t.Fatal(catErr)
	}
	return cat
}

func newTestServer(t testing.TB) *Server {
	t.Helper()
	s, err := New(Config{Catalog: testCatalog(t), Examples: examples.FS})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// largestExample is the bundled example with the most bytes (the load test
// posts it).
func largestExample(t testing.TB) (string, []byte) {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	var best string
	var data []byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > len(data) {
			best, data = filepath.Base(n), b
		}
	}
	return best, data
}

// artifactDir is where browser tests save screenshots: $FULCRUM_ARTIFACTS
// (CI keeps it), else a temporary directory.
func artifactDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("FULCRUM_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// exampleTraces reads the traces bundled with the examples.
var exampleTraces = []Opener{FSOpener(examples.FS)}
