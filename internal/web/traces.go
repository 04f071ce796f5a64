package web

import (
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ShapeFunc turns a component's traffic block into a shape.
type ShapeFunc = func(t workload.Traffic, seed uint64) (traffic.Shape, error)

// traceShapes replays the traces that components' traffic blocks name, the
// way `fulcrum analyze` does (internal/cli/traces.go): a replayed
// component's volume becomes the trace's. A spec posted to the server has no
// folder of its own, so trace paths are read from fsys only (the bundled
// examples' traces/, and the folders of specs named on the command line);
// fs.FS paths cannot climb out of it.
func traceShapes(s *workload.Spec, openers []Opener) (ShapeFunc, error) {
	shapes := map[*workload.TraceRef]traffic.Shape{}
	open := func(name string) (io.ReadCloser, error) {
		name = path.Clean(strings.ReplaceAll(name, `\`, "/"))
		if !fs.ValidPath(name) {
			return nil, fs.ErrNotExist
		}
		for _, o := range openers {
			if f, err := o(name); err == nil {
				return f, nil
			}
		}
		return nil, fs.ErrNotExist
	}
	for i := range s.Components {
		c := &s.Components[i]
		ref := c.Traffic.Trace
		if ref == nil {
			continue
		}
		series, sum, err := trace.LoadRef(*ref, open)
		if err != nil {
			return nil, errs.WithHint(errs.E(errs.Invalid, fmt.Errorf("component %s: replay trace %s: %w", c.Name, ref.Path, err)),
				"the dashboard reads traces bundled with the examples or next to a spec named on the command line (fulcrum serve SPEC); elsewhere use fulcrum analyze")
		}
		c.RequestsPerMonth = sum.MeanPerSecond * s.HoursPerMonth * 3600
		shapes[ref] = traffic.WithGrowth(series, c.Traffic)
	}
	return func(t workload.Traffic, seed uint64) (traffic.Shape, error) {
		if t.Trace != nil {
			if sh, ok := shapes[t.Trace]; ok {
				return sh, nil
			}
		}
		return traffic.FromSpec(t, seed)
	}, nil
}

// Opener opens a trace file by a slash-separated path that fs.ValidPath
// accepts (no "..", not absolute).
type Opener = func(name string) (io.ReadCloser, error)

// FSOpener reads traces from a file system.
func FSOpener(fsys fs.FS) Opener {
	return func(name string) (io.ReadCloser, error) { return fsys.Open(name) }
}
