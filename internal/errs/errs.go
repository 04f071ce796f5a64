// Package errs classifies errors once so that the CLI picks one exit code and
// the web server one HTTP status for each kind, in a single table.
package errs

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Kind is a user-facing class of error.
type Kind int

// Error kinds.
const (
	Internal  Kind = iota // a bug or an environment failure: exit 1, HTTP 500
	Invalid               // bad input (spec, flags, trace, price file): exit 2, HTTP 422
	Usage                 // bad command line: exit 2, HTTP 400
	NotFound              // a file or resource that is not there: exit 1, HTTP 404
	Threshold             // a CI threshold was crossed (--fail-above, --fail-on-increase): exit 3, HTTP 422
)

// ExitCode and HTTPStatus are the one table that maps kinds to outcomes.
var table = map[Kind]struct {
	exit   int
	status int
}{
	Internal:  {1, http.StatusInternalServerError},
	Invalid:   {2, http.StatusUnprocessableEntity},
	Usage:     {2, http.StatusBadRequest},
	NotFound:  {1, http.StatusNotFound},
	Threshold: {3, http.StatusUnprocessableEntity},
}

// Error carries a kind and optional hint around a wrapped cause.
type Error struct {
	Kind Kind
	Hint string
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// E wraps err with a kind (the innermost kind wins when KindOf looks).
func E(k Kind, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Kind: k, Err: err}
}

// Errorf builds an error of kind k from a format.
func Errorf(k Kind, format string, args ...any) error {
	return &Error{Kind: k, Err: fmt.Errorf(format, args...)}
}

// WithHint attaches a hint shown after the message.
func WithHint(err error, hint string) error {
	return &Error{Kind: KindOf(err), Hint: hint, Err: err}
}

// KindOf returns the innermost classified kind of err (Internal if none).
func KindOf(err error) Kind {
	var e *Error
	k := Internal
	for err != nil {
		if errors.As(err, &e) {
			k = e.Kind
			err = e.Err
			continue
		}
		break
	}
	return k
}

// HintOf returns the outermost hint, if any.
func HintOf(err error) string {
	var e *Error
	for err != nil && errors.As(err, &e) {
		if e.Hint != "" {
			return e.Hint
		}
		err = e.Err
	}
	return ""
}

// ExitCode is the process exit code for err (0 for nil).
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	return table[KindOf(err)].exit
}

// HTTPStatus is the HTTP status for err (200 for nil).
func HTTPStatus(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return table[KindOf(err)].status
}

// Position is a place in a user's file.
type Position struct {
	File   string `json:"file,omitempty"`
	Line   int    `json:"line,omitempty"`
	Column int    `json:"column,omitempty"`
}

func (p Position) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Column > 0 {
			fmt.Fprintf(&b, ":%d", p.Column)
		}
	}
	return b.String()
}

// Problem is one thing wrong with a user's input, at a position.
type Problem struct {
	Position
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (p Problem) String() string {
	var b strings.Builder
	if s := p.Position.String(); s != "" {
		b.WriteString(s)
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Problems is every problem found in one input, reported together. It is an
// Invalid error.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an Invalid error, or nil when empty.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return E(Invalid, ps)
}
