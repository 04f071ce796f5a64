package cli

import (
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// readSpec loads a spec for a command that runs on it: warnings go to
// stderr, problems come back as one error listing them all, and a spec
// without a seed gets seed 1 (shown in every report).
func readSpec(st *State, name string) (*workload.Spec, error) {
	s, warnings, err := loadSpec(st, name)
	for _, w := range warnings {
		warn(st, "%s", w)
	}
	if err != nil {
		return nil, err
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	return s, nil
}
