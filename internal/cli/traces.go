package cli

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// loadTraces replays the traces that components' traffic blocks name, with
// paths relative to the spec file's folder (trace.ShapesFor), and returns the
// shape function for advisor.Options. Notes go to stderr.
func loadTraces(st *State, specPath string, s *workload.Spec) (func(workload.Traffic, uint64) (traffic.Shape, error), error) {
	dir := filepath.Dir(specPath)
	shape, notes, err := trace.ShapesFor(s, func(name string) (io.ReadCloser, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return st.Open(name)
	})
	if err != nil {
		return nil, errs.E(errs.KindOf(err), err)
	}
	for _, n := range notes {
		fmt.Fprintf(st.Stderr, "fulcrum: note: %s\n", n)
	}
	return shape, nil
}
