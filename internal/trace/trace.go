// Package trace reads recorded request traces (generic CSV, web-server access
// logs, AWS ALB logs, the Azure Functions 2019 and 2021 public traces and
// Prometheus range-query JSON) as streams of records. Every reader streams:
// memory does not grow with the file's length. A malformed line is an
// errs.Problem naming the file, line and what was expected, unless the
// reader skips bad lines, in which case it counts them.
//
// The package is an adapter: it reads from an io.Reader it is given and never
// opens files itself; the CLI passes State.Open.
package trace

import (
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Record is one observation: Count requests arriving at Time (seconds),
// spread over Interval seconds after it (0 for a single request). Duration is
// the service time in seconds, NaN when the format does not carry one.
type Record struct {
	Function string // "" for single-stream formats; "app/function" for Azure traces
	Time     float64
	Count    float64
	Interval float64
	Duration float64
}

// Reader yields records until it returns io.EOF.
type Reader interface {
	Next() (Record, error)
	// Skipped is the number of malformed lines skipped so far.
	Skipped() int
	// Info describes the trace: format name and whether times are absolute.
	Info() Info
}

// Info describes what a reader knows about its trace.
type Info struct {
	Format string `json:"format"`
	// Absolute is true when times are Unix seconds (so weekdays are known);
	// false when they count from the start of the trace (Azure traces).
	Absolute bool `json:"absolute_time"`
}

// Options tune a reader.
type Options struct {
	// SkipBadLines skips malformed lines and counts them instead of failing.
	SkipBadLines bool
	// Scale multiplies every count (what-if scaling; 0 = 1).
	Scale float64
}

// Formats lists every format name, in documentation order.
var Formats = []string{"csv", "csv-counts", "combined", "alb", "azure2019", "azure2021", "prometheus"}

// FormatHelp describes each format in a line, for --help and errors.
var FormatHelp = map[string]string{
	"csv":        "one request per line: a timestamp (RFC 3339 or Unix seconds) and an optional duration in ms",
	"csv-counts": "one interval per line: timestamp,count",
	"combined":   "nginx/Apache combined or common log format, with an optional request time at the end",
	"alb":        "AWS Application Load Balancer access log",
	"azure2019":  "Azure Functions 2019 invocations_per_function_md.anon.dNN.csv (per-minute counts)",
	"azure2021":  "Azure Functions 2021 invocation trace: app,func,end_timestamp,duration",
	"prometheus": "Prometheus range-query JSON (a request-rate series)",
}

// New returns a reader of format over r; name is the file name used in errors.
func New(format, name string, r io.Reader, opt Options) (Reader, error) {
	ls := newLines(name, r, opt)
	switch format {
	case "csv":
		return &csvReader{lines: ls}, nil
	case "csv-counts":
		return &csvCountsReader{lines: ls}, nil
	case "combined":
		return &combinedReader{lines: ls}, nil
	case "alb":
		return &albReader{lines: ls}, nil
	case "azure2019":
		return newAzure2019Records(ls), nil
	case "azure2021":
		return &azure2021Reader{lines: ls}, nil
	case "prometheus":
		return newPrometheus(name, r, opt), nil
	}
	return nil, errs.Errorf(errs.Usage, "unknown trace format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// problem builds the error for a malformed line.
func problem(file string, line int, format string, args ...any) error {
	return errs.Problems{{Position: errs.Position{File: file, Line: line}, Message: fmt.Sprintf(format, args...)}}.Err()
}

// IsProblem reports whether err is a malformed-input problem (as opposed to
// an I/O failure).
func IsProblem(err error) bool {
	var ps errs.Problems
	return errors.As(err, &ps)
}

// FormatList is the formats with their one-line descriptions.
func FormatList() string {
	var b strings.Builder
	names := append([]string(nil), Formats...)
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "  %-11s %s\n", n, FormatHelp[n])
	}
	return b.String()
}

var nan = math.NaN()
