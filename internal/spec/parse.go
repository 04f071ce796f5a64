// Package spec reads a workload spec (YAML, format version 1) into a
// workload.Spec. It is the adapter between a user's file and the pure domain
// core: it finds every problem in one pass, each at file:line:column with the
// field and what would be valid, applies the defaults, and runs the domain's
// semantic validation. The field reference is docs/spec.md; the JSON Schema
// is schema/workload-v1.schema.json.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// MaxSize is the largest spec file Parse accepts (10 MiB): a system of a
// thousand components takes well under 1 MiB.
const MaxSize = 10 << 20

// Parse reads the spec in data (named filename in messages), applies the
// defaults and validates it. On success it returns the spec and any warnings
// (valid, but probably not what was meant). Otherwise the error is an
// errs.Problems (an errs.Invalid error) holding every problem found, each
// with a position; warnings are returned alongside.
func Parse(filename string, data []byte) (*workload.Spec, errs.Problems, error) {
	if len(data) > MaxSize {
		return nil, nil, tooLarge(filename, fmt.Sprintf("is %s bytes", workload.Num(float64(len(data)))))
	}
	d := newDecoder(filename)
	var s workload.Spec
	if !d.decodeDocument(data, &s) {
		return nil, nil, d.problems.Err()
	}
	d.checkExplicitZeros(&s)
	s.Ranges = d.rangesOf()
	s.ApplyDefaults()
	for _, fe := range append(s.Validate(), s.ValidateKnown(catalogKnown())...) {
		if !d.suppressed(fe.Path) {
			d.problems = append(d.problems, d.fieldProblem(fe))
		}
	}
	var warnings errs.Problems
	for _, fe := range s.Warnings() {
		if !d.suppressed(fe.Path) {
			warnings = append(warnings, d.fieldProblem(fe))
		}
	}
	sortProblems(d.problems)
	sortProblems(warnings)
	d.problems = clipProblems(d.problems)
	warnings = clipProblems(warnings)
	if len(d.problems) > 0 {
		return nil, warnings, d.problems.Err()
	}
	return &s, warnings, nil
}

// MaxProblems is how many problems (and warnings) Parse reports at most; a
// note at the next position says how many more there are.
const MaxProblems = 200

func clipProblems(ps errs.Problems) errs.Problems {
	if len(ps) <= MaxProblems {
		return ps
	}
	more := ps[MaxProblems]
	more.Field = ""
	more.Message = fmt.Sprintf("... and %d more not shown: fix the ones above first", len(ps)-MaxProblems)
	return append(ps[:MaxProblems:MaxProblems], more)
}

// ParseReader reads at most MaxSize bytes from r and parses them.
func ParseReader(filename string, r io.Reader) (*workload.Spec, errs.Problems, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", filename, err))
	}
	if len(data) > MaxSize {
		return nil, nil, tooLarge(filename, fmt.Sprintf("is more than %s bytes", workload.Num(MaxSize)))
	}
	return Parse(filename, data)
}

func tooLarge(filename, size string) error {
	return errs.Problems{{
		Position: errs.Position{File: filename},
		Message:  fmt.Sprintf("the file %s; a spec may be at most %s bytes (10 MiB)", size, workload.Num(MaxSize)),
	}}.Err()
}

// decodeDocument parses data and decodes its one document into s. It
// returns false when nothing could be decoded at all (a syntax error, an
// empty file), with the reason recorded.
func (d *decoder) decodeDocument(data []byte, s *workload.Spec) bool {
	if !utf8.Valid(data) {
		line, col := 1, 1
		for i := 0; i < len(data); {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			i += n
		}
		d.note(errs.Position{File: d.file, Line: line, Column: col}, "the file is not UTF-8 text: save it as UTF-8")
		return false
	}
	if line, col, deep := tooDeep(data); deep {
		d.note(errs.Position{File: d.file, Line: line, Column: col},
			"brackets nest more than %d levels deep here: a spec needs at most a few", maxFlowDepth)
		return false
	}
	if line, msg, big := tooManyEntries(data); big {
		d.note(errs.Position{File: d.file, Line: line, Column: 1}, "%s", msg)
		return false
	}
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		d.syntaxProblem(err)
		return false
	}
	var body ast.Node
	docs := 0
	for _, doc := range f.Docs {
		if doc == nil || doc.Body == nil {
			continue
		}
		if _, comment := doc.Body.(*ast.CommentNode); comment {
			continue
		}
		if _, comment := doc.Body.(*ast.CommentGroupNode); comment {
			continue
		}
		docs++
		if docs == 1 {
			body = doc.Body
			continue
		}
		d.note(d.pos(doc.Body), "a spec is one YAML document, but the file holds more: remove the second '---' and what follows, or split the file")
		break
	}
	if body == nil {
		d.note(errs.Position{File: d.file, Line: 1, Column: 1},
			"the file is empty: a spec needs at least 'version: 1', a name and a list of components")
		return false
	}
	d.index["$"] = d.pos(body)
	d.collectAnchors(body, 0)
	d.value(body, reflect.ValueOf(s).Elem(), "$")
	return true
}

// maxFlowDepth bounds [ and { nesting. A spec needs four levels; the YAML
// parser takes time quadratic in the depth (100,000 '[' take 30 s).
const maxFlowDepth = 64

// tooDeep finds where flow brackets first nest deeper than maxFlowDepth,
// skipping quoted text and comments.
func tooDeep(data []byte) (line, col int, deep bool) {
	line, col = 1, 0
	depth := 0
	var quote byte
	comment := false
	prev := byte('\n')
	for _, c := range data {
		col++
		switch {
		case c == '\n':
			line, col, comment = line+1, 0, false
		case comment:
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '#' && (prev == ' ' || prev == '\t' || prev == '\n'):
			comment = true
		case c == '"' || c == '\'':
			quote = c
		case c == '[' || c == '{':
			if depth++; depth > maxFlowDepth {
				return line, col, true
			}
		case c == ']' || c == '}':
			depth = max(depth-1, 0)
		}
		prev = c
	}
	return 0, 0, false
}

// Limits on block collections. The YAML parser takes time quadratic in the
// entries of one block mapping (20,000 keys take about 7 s), so these bound
// the work before parsing; a system of 1,000 components stays far below.
const (
	maxEntries       = 5000       // in one block mapping or list
	maxEntriesSquare = 50_000_000 // Σ entries² over all of them
)

// tooManyEntries estimates, line by line, the entries in each block mapping
// and list, and reports the line where a limit is passed.
func tooManyEntries(data []byte) (line int, msg string, big bool) {
	type level struct{ indent, n int }
	var stack []level
	total := 0
	count := func(indent int) bool {
		for len(stack) > 0 && stack[len(stack)-1].indent > indent {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 || stack[len(stack)-1].indent < indent {
			stack = append(stack, level{indent, 0})
		}
		top := &stack[len(stack)-1]
		total += 2*top.n + 1
		top.n++
		return top.n > maxEntries || total > maxEntriesSquare
	}
	for i, raw := range bytes.Split(data, []byte("\n")) {
		indent := len(raw) - len(bytes.TrimLeft(raw, " "))
		rest := raw[indent:]
		if len(bytes.TrimSpace(rest)) == 0 || rest[0] == '#' {
			continue
		}
		for len(rest) > 0 && rest[0] == '-' && (len(rest) == 1 || rest[1] == ' ' || rest[1] == '\r') {
			if count(indent) {
				return i + 1, fmt.Sprintf("a list here has more than %s entries, or the file holds too many: a spec needs far fewer", workload.Num(maxEntries)), true
			}
			// A new item: what follows the dash starts a fresh collection.
			for len(stack) > 0 && stack[len(stack)-1].indent > indent {
				stack = stack[:len(stack)-1]
			}
			trimmed := bytes.TrimLeft(rest[1:], " ")
			indent += len(rest) - len(trimmed)
			rest = trimmed
		}
		if bytes.Contains(rest, []byte(": ")) || bytes.HasSuffix(bytes.TrimRight(rest, " \r"), []byte(":")) {
			if count(indent) {
				return i + 1, fmt.Sprintf("a mapping here has more than %s keys, or the file holds too many: a spec needs far fewer", workload.Num(maxEntries)), true
			}
		}
	}
	return 0, "", false
}

var posInMessage = regexp.MustCompile(`^\[\d+:\d+\]\s*`)

// syntaxProblem records a YAML syntax error with its position.
func (d *decoder) syntaxProblem(err error) {
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg := posInMessage.ReplaceAllString(ye.GetMessage(), "")
		d.note(d.at(ye.GetToken()), "YAML syntax error: %s", msg)
		return
	}
	msg := posInMessage.ReplaceAllString(err.Error(), "")
	msg, _, _ = strings.Cut(msg, "\n")
	d.note(errs.Position{File: d.file, Line: 1, Column: 1}, "YAML syntax error: %s", msg)
}

// zeroRule is a field whose default replaces 0, so an explicit 0 would be
// silently changed; writing it is an error instead.
type zeroRule struct {
	path    string // below $ or $.components[i]
	message string
	// when limits the rule to some components (nil: always).
	when func(c *workload.Component) bool
}

var topZeroRules = []zeroRule{
	{path: ".version", message: fmt.Sprintf("version 0 is not supported: this build reads version %d", workload.Version)},
	{path: ".hours_per_month", message: fmt.Sprintf("0 is out of range (valid: %d to %d hours; leave it out for the default %s)",
		workload.MinHoursPerMonth, workload.MaxHoursPerMonth, workload.Num(workload.DefaultHoursPerMonth))},
	{path: ".team.engineer_cost_per_year", message: fmt.Sprintf("0 is out of range (valid: above 0 up to %s USD a year; leave it out for the default %s; to leave people out of the comparison, set team.cluster_engineers to 0)",
		workload.Num(workload.MaxEngineerCostPerYr), workload.Num(workload.DefaultEngineerCostPerYear))},
	{path: ".kubernetes.target_utilization", message: "0 is out of range (valid: above 0 up to 1; leave it out for the simulator's default)"},
}

var componentZeroRules = []zeroRule{
	{path: ".memory_mb", message: fmt.Sprintf("0 is out of range (valid: above 0 up to %s MB; leave it out for the default %d)",
		workload.Num(workload.MaxMemoryMB), workload.DefaultMemoryMB)},
	{path: ".duration_ms", message: fmt.Sprintf("0 ms is impossible for a component that serves requests (valid: above 0; leave it out for the default %s)",
		workload.Num(workload.DefaultDurationMS)),
		when: func(c *workload.Component) bool { return c.RequestsPerMonth > 0 }},
	{path: ".max_execution_s", message: fmt.Sprintf("0 is out of range (valid: at least the mean duration; leave it out for the default %s s or the mean duration if longer)",
		workload.Num(workload.DefaultMaxExecutionSeconds))},
}

// checkExplicitZeros reports a 0 written where a default would replace it.
func (d *decoder) checkExplicitZeros(s *workload.Spec) {
	for _, r := range topZeroRules {
		if p := "$" + r.path; d.zeros[p] {
			d.problem(p, d.lookup(p), "%s", r.message)
		}
	}
	for i := range s.Components {
		for _, r := range componentZeroRules {
			p := fmt.Sprintf("$.components[%d]%s", i, r.path)
			if d.zeros[p] && (r.when == nil || r.when(&s.Components[i])) {
				d.problem(p, d.lookup(p), "%s", r.message)
			}
		}
		for k := range s.Components[i].Calls {
			if p := fmt.Sprintf("$.components[%d].calls[%d].per_request", i, k); d.zeros[p] {
				d.problem(p, d.lookup(p), "0 is out of range (valid: above 0 up to %s calls per request; leave it out for the default %s, or remove the call)",
					workload.Num(workload.MaxCallsPerRequest), workload.Num(workload.DefaultCallsPerRequest))
			}
		}
	}
}

// lookup is where path is written, or where its nearest written parent is
// (a missing required field is reported at the mapping that lacks it).
func (d *decoder) lookup(path string) errs.Position {
	for {
		if p, ok := d.index[path]; ok {
			return p
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			if p, ok := d.index["$"]; ok {
				return p
			}
			return errs.Position{File: d.file, Line: 1, Column: 1}
		}
		path = path[:i]
	}
}

// suppressed reports a semantic problem at or below a path that already has
// a structural one (a wrong type leaves the field zero; say so only once).
func (d *decoder) suppressed(path string) bool {
	for p := path; ; {
		if d.bad[p] {
			return true
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return false
		}
		p = p[:i]
	}
}

func (d *decoder) fieldProblem(fe workload.FieldError) errs.Problem {
	return errs.Problem{Position: d.lookup(fe.Path), Field: fieldName(fe.Path), Message: fe.Message}
}
