package importer

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzImport: no input makes an import panic, and its spec always renders.
func FuzzImport(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*", "*"))
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			f.Add(filepath.Base(n), data)
		}
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		r := Import([]Source{{Name: name, Data: data}})
		_ = r.Spec("fuzz")
	})
}
