package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"strings"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/cli"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

const validateGood = `version: 1
name: acme
components:
  - name: api
    type: http-api
    requests_per_month: 10000000
`

const validateBad = `version: 1
name: acme
hours_per_month: 800
components:
  - name: API
    type: http-api
    memroy_mb: 256
    requests_per_month: 1000
  - name: worker
    type: event-procesor
    requests_per_month: -5
`

const validateWarn = `version: 1
name: acme
components:
  - name: db
    type: database
    storage_gb: 20
`

// validateRun runs the CLI in-process over an in-memory set of files.
func validateRun(t *testing.T, files map[string]string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	open := func(name string) ([]byte, error) {
		if b, ok := files[name]; ok {
			return []byte(b), nil
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	st := &cli.State{
		Args:     args,
		Stdout:   &out,
		Stderr:   &errb,
		Stdin:    strings.NewReader(stdin),
		ReadFile: open,
		Open: func(name string) (io.ReadCloser, error) {
			b, err := open(name)
			if err != nil {
				return nil, err
			}
			return io.NopCloser(bytes.NewReader(b)), nil
		},
		Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
		Ctx: context.Background(),
	}
	code = cli.Main(st)
	if s := errb.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine") {
		t.Errorf("stderr shows a panic:\n%s", s)
	}
	return out.String(), errb.String(), code
}

var validateFiles = map[string]string{"good.yaml": validateGood, "bad.yaml": validateBad, "warn.yaml": validateWarn}

func TestValidateGood(t *testing.T) {
	out, errOut, code := validateRun(t, validateFiles, "", "validate", "good.yaml")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if want := "good.yaml: valid (version 1, 1 component)\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

// TestValidateBad: exit 2 and every problem on stderr with file:line:column.
func TestValidateBad(t *testing.T) {
	out, errOut, code := validateRun(t, validateFiles, "", "validate", "bad.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if out != "" {
		t.Errorf("stdout %q, want nothing", out)
	}
	want := `fulcrum: 5 problems found:
  bad.yaml:3:1: hours_per_month: 800 is out of range (valid: 1 to 744 hours; 730 is the AWS calculator's month, 744 a 31-day month)
  bad.yaml:5:5: components[0].name: "API" is not a lowercase DNS label (valid: up to 63 of a-z, 0-9 and '-', starting and ending with a letter or digit, e.g. checkout-api)
  bad.yaml:7:5: components[0].memroy_mb: unknown field: did you mean "memory_mb"?
  bad.yaml:10:5: components[1].type: unknown type "event-procesor": did you mean "event-processor"? (valid: http-api, websocket, event-processor, scheduled-job, batch-job, ml-inference, frontend, database, cache, queue)
  bad.yaml:11:5: components[1].requests_per_month: -5 is out of range (valid: 0 to 2,628,000,000,000,000, a billion a second over 730 hours)
`
	if errOut != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errOut, want)
	}
}

func TestValidateWarnings(t *testing.T) {
	out, errOut, code := validateRun(t, validateFiles, "", "validate", "warn.yaml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := "fulcrum: warning: warn.yaml:6:5: components[0].storage_gb: is ignored because the component is not stateful: add 'stateful: true' if it keeps this data\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if !strings.HasPrefix(out, "warn.yaml: valid") {
		t.Errorf("stdout %q", out)
	}
}

type validationJSON struct {
	File     string `json:"file"`
	Valid    bool   `json:"valid"`
	Problems []struct {
		File    string `json:"file"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"problems"`
	Warnings []json.RawMessage `json:"warnings"`
	Spec     *struct {
		Region        string  `json:"region"`
		HoursPerMonth float64 `json:"hours_per_month"`
		Components    []struct {
			MemoryMB  float64 `json:"memory_mb"`
			FrontDoor string  `json:"front_door"`
		} `json:"components"`
	} `json:"spec"`
}

func TestValidateJSON(t *testing.T) {
	out, _, code := validateRun(t, validateFiles, "", "validate", "-o", "json", "good.yaml")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var v validationJSON
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !v.Valid || v.File != "good.yaml" || len(v.Problems) != 0 || v.Warnings == nil || v.Spec == nil {
		t.Fatalf("got %+v", v)
	}
	// The spec comes back with its defaults filled in.
	if v.Spec.Region != "us-east-1" || v.Spec.HoursPerMonth != 730 || v.Spec.Components[0].MemoryMB != 512 || v.Spec.Components[0].FrontDoor != "built-in" {
		t.Errorf("defaults missing: %+v", v.Spec)
	}

	out, errOut, code := validateRun(t, validateFiles, "", "validate", "-o", "json", "bad.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	v = validationJSON{}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if v.Valid || len(v.Problems) != 5 || v.Spec != nil {
		t.Errorf("got %+v", v)
	}
	if p := v.Problems[2]; p.File != "bad.yaml" || p.Line != 7 || p.Column != 5 || p.Field != "components[0].memroy_mb" {
		t.Errorf("problem 3: %+v", p)
	}
	if !strings.Contains(errOut, "5 problems found") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestValidateStdin(t *testing.T) {
	out, errOut, code := validateRun(t, nil, validateGood, "validate", "-")
	if code != 0 || out != "<stdin>: valid (version 1, 1 component)\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestValidateFailures(t *testing.T) {
	huge := "# " + strings.Repeat("x", spec.MaxSize) + "\n"
	files := map[string]string{"huge.yaml": huge}
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"missing file", []string{"validate", "nope.yaml"}, 1, "nope.yaml"},
		{"no argument", []string{"validate"}, 2, "accepts 1 arg"},
		{"two arguments", []string{"validate", "a.yaml", "b.yaml"}, 2, "accepts 1 arg"},
		{"bad output format", []string{"validate", "-o", "yaml", "huge.yaml"}, 2, `unknown output format "yaml" (valid: text, json)`},
		{"too large", []string{"validate", "huge.yaml"}, 2, "huge.yaml: the file is more than 10,485,760 bytes; a spec may be at most 10,485,760 bytes (10 MiB)"},
	} {
		_, errOut, code := validateRun(t, files, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.stderr) {
			t.Errorf("%s: exit %d (want %d), stderr %q (want %q)", tc.name, code, tc.code, errOut, tc.stderr)
		}
	}
}

// TestValidateBadCalls: each mistake of the component graph (an unknown
// target with a did-you-mean, a cycle, negative bytes) exits 2 at its
// file:line:column.
func TestValidateBadCalls(t *testing.T) {
	src := `version: 1
name: g
components:
  - name: api
    type: http-api
    requests_per_month: 1M
    calls:
      - {to: dbb}
      - {to: worker, response_kb: -2}
  - name: db
    type: database
  - name: worker
    type: event-processor
    calls: [{to: enricher}]
  - name: enricher
    type: event-processor
    calls: [{to: worker}]
`
	_, errOut, code := validateRun(t, map[string]string{"g.yaml": src}, "", "validate", "g.yaml")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	for _, want := range []string{
		`g.yaml:8:10: components[0].calls[0].to: unknown component "dbb": did you mean "db"?`,
		`g.yaml:9:22: components[0].calls[1].response_kb: -2 is out of range`,
		`g.yaml:17:14: components[3].calls[0].to: closes the cycle worker → enricher → worker`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}
