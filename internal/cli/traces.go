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

// loadTraces replays the traces that components' traffic blocks name. A
// trace path is relative to the spec file's folder. A replayed component's
// volume is the trace's (after its scale), so requests_per_month is set from
// it, with a note on stderr when the spec said otherwise. It returns the
// shape function for advisor.Options.
func loadTraces(st *State, specPath string, s *workload.Spec) (func(workload.Traffic, uint64) (traffic.Shape, error), error) {
	shapes := map[*workload.TraceRef]traffic.Shape{}
	dir := filepath.Dir(specPath)
	open := func(name string) (io.ReadCloser, error) {
		if !filepath.IsAbs(name) {
			name = filepath.Join(dir, name)
		}
		return st.Open(name)
	}
	for i := range s.Components {
		c := &s.Components[i]
		ref := c.Traffic.Trace
		if ref == nil {
			continue
		}
		series, sum, err := trace.LoadRef(*ref, open)
		if err != nil {
			return nil, errs.E(errs.KindOf(err), fmt.Errorf("component %s: replay trace %s: %w", c.Name, ref.Path, err))
		}
		vol := sum.MeanPerSecond * s.HoursPerMonth * 3600
		if c.RequestsPerMonth > 0 && (vol < 0.99*c.RequestsPerMonth || vol > 1.01*c.RequestsPerMonth) {
			fmt.Fprintf(st.Stderr, "note: component %s replays %s: %.0f requests a month at the trace's rate, not the spec's %.0f\n", c.Name, ref.Path, vol, c.RequestsPerMonth)
		}
		c.RequestsPerMonth = vol
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
