package web

import (
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// traceShapes replays the traces that components' traffic blocks name, with
// trace.ShapesFor as `fulcrum analyze` does: a replayed component's volume
// becomes the trace's. A spec posted to the server has no folder of its own,
// so trace paths are read through openers only (the bundled examples'
// traces/, and the folders of specs named on the command line), with paths
// that cannot climb out of them (fs.ValidPath). Notes (a trace's volume
// differs from the spec's) come back as warnings.
func traceShapes(s *workload.Spec, openers []Opener) (pipeline.ShapeFunc, errs.Problems, error) {
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
	shape, notes, err := trace.ShapesFor(s, open)
	if err != nil {
		return nil, nil, errs.WithHint(errs.E(errs.Invalid, err),
			"the dashboard reads traces bundled with the examples or next to a spec named on the command line (fulcrum serve SPEC); elsewhere use fulcrum analyze")
	}
	var warnings errs.Problems
	for _, n := range notes {
		warnings = append(warnings, errs.Problem{Position: errs.Position{File: SpecName}, Message: n})
	}
	return shape, warnings, nil
}

// Opener opens a trace file by a slash-separated path that fs.ValidPath
// accepts (no "..", not absolute).
type Opener = func(name string) (io.ReadCloser, error)

// FSOpener reads traces from a file system.
func FSOpener(fsys fs.FS) Opener {
	return func(name string) (io.ReadCloser, error) { return fsys.Open(name) }
}
