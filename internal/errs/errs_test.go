package errs

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
)

func TestKindsMapToOneExitCodeAndStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		err    error
		exit   int
		status int
	}{
		{"success", nil, 0, http.StatusOK},
		{"unclassified is internal", errors.New("boom"), 1, http.StatusInternalServerError},
		{"invalid input", E(Invalid, errors.New("bad")), 2, http.StatusUnprocessableEntity},
		{"usage", Errorf(Usage, "unknown flag %q", "--x"), 2, http.StatusBadRequest},
		{"not found", E(NotFound, errors.New("no file")), 1, http.StatusNotFound},
		// A crossed CI threshold has its own exit code, distinct from bad input.
		{"threshold", Errorf(Threshold, "above $10"), 3, http.StatusUnprocessableEntity},
		// Wrapping with %w keeps the kind.
		{"wrapped invalid", fmt.Errorf("load spec: %w", E(Invalid, errors.New("bad"))), 2, http.StatusUnprocessableEntity},
		// The innermost classification wins over an outer one.
		{"innermost wins", E(Internal, fmt.Errorf("ctx: %w", E(Invalid, errors.New("bad")))), 2, http.StatusUnprocessableEntity},
		{"problems are invalid", Problems{{Message: "x"}}.Err(), 2, http.StatusUnprocessableEntity},
	}
	for _, c := range cases {
		if got := ExitCode(c.err); got != c.exit {
			t.Errorf("%s: exit %d, want %d", c.name, got, c.exit)
		}
		if got := HTTPStatus(c.err); got != c.status {
			t.Errorf("%s: status %d, want %d", c.name, got, c.status)
		}
	}
	if (Problems{}).Err() != nil {
		t.Error("no problems must be no error")
	}
}

func TestProblemFormatting(t *testing.T) {
	t.Parallel()
	p := Problem{Position: Position{File: "acme.yaml", Line: 7, Column: 5}, Field: "components[0].memory_mb", Message: "must be positive"}
	if got, want := p.String(), "acme.yaml:7:5: components[0].memory_mb: must be positive"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := WithHint(E(Usage, errors.New("x")), "see --help"); HintOf(got) != "see --help" || ExitCode(got) != 2 {
		t.Errorf("hint lost or kind changed: %q %d", HintOf(got), ExitCode(got))
	}
}
