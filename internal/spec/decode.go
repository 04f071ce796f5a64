package spec

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// maxSteps bounds the work one spec may cause (aliases can multiply it).
const maxSteps = 1_000_000

// decoder walks a YAML AST and the Go type it should fill side by side,
// setting what it can and recording every structural problem (unknown
// fields, wrong types, duplicates) instead of stopping at the first.
type decoder struct {
	file     string
	problems errs.Problems
	// index maps a YAML path ($.components[1].memory_mb) to where it is
	// written: the key for a field, the item for a list element.
	index map[string]errs.Position
	// bad holds paths with a structural problem; semantic problems at or
	// below them are not reported again.
	bad map[string]bool
	// zeros holds paths where the user wrote a numeric 0 explicitly.
	zeros   map[string]bool
	anchors map[string][]*ast.AnchorNode
	// active holds the nodes being decoded, to catch an alias that refers
	// to a node containing it (YAML allows such cycles; a spec cannot).
	active map[ast.Node]bool
	// ranges holds the numeric fields given as a range, by field name
	// (components[1].requests_per_month); the field itself holds the median.
	ranges  map[string]uncertainty.Range
	steps   int
	aborted bool
}

func newDecoder(file string) *decoder {
	return &decoder{
		file:    file,
		index:   map[string]errs.Position{},
		bad:     map[string]bool{},
		zeros:   map[string]bool{},
		anchors: map[string][]*ast.AnchorNode{},
		active:  map[ast.Node]bool{},
		ranges:  map[string]uncertainty.Range{},
	}
}

// problem records a structural problem at pos for the field at path.
func (d *decoder) problem(path string, pos errs.Position, format string, args ...any) {
	d.bad[path] = true
	d.problems = append(d.problems, errs.Problem{Position: pos, Field: fieldName(path), Message: fmt.Sprintf(format, args...)})
}

// note records a problem with the file as a whole (no field).
func (d *decoder) note(pos errs.Position, format string, args ...any) {
	d.problems = append(d.problems, errs.Problem{Position: pos, Message: fmt.Sprintf(format, args...)})
}

// fieldName turns "$.components[1].memory_mb" into "components[1].memory_mb".
func fieldName(path string) string {
	return strings.TrimPrefix(strings.TrimPrefix(path, "$"), ".")
}

func (d *decoder) at(tk *token.Token) errs.Position {
	if tk == nil || tk.Position == nil {
		return errs.Position{File: d.file}
	}
	return errs.Position{File: d.file, Line: tk.Position.Line, Column: tk.Position.Column}
}

// pos is where node n starts in the file.
func (d *decoder) pos(n ast.Node) errs.Position {
	switch n := n.(type) {
	case nil:
		return errs.Position{File: d.file}
	case *ast.MappingNode:
		if len(n.Values) > 0 && !n.IsFlowStyle {
			return d.pos(n.Values[0])
		}
		return d.at(n.Start)
	case *ast.MappingValueNode:
		return d.pos(n.Key)
	case *ast.MappingKeyNode:
		return d.at(n.Start)
	case *ast.AnchorNode:
		return d.at(n.Start)
	case *ast.AliasNode:
		return d.at(n.Start)
	case *ast.TagNode:
		return d.at(n.Start)
	case *ast.LiteralNode:
		return d.at(n.Start)
	case *ast.SequenceNode:
		return d.at(n.Start)
	}
	return d.at(n.GetToken())
}

// collectAnchors records every anchor in the document, so that aliases can
// be resolved even when the anchor sits under an ignored x- key.
func (d *decoder) collectAnchors(n ast.Node, depth int) {
	if n == nil || depth > 10000 {
		return
	}
	switch n := n.(type) {
	case *ast.AnchorNode:
		if n.Name != nil {
			name := n.Name.GetToken().Value
			d.anchors[name] = append(d.anchors[name], n)
		}
		d.collectAnchors(n.Value, depth+1)
	case *ast.MappingNode:
		for _, v := range n.Values {
			d.collectAnchors(v, depth+1)
		}
	case *ast.MappingValueNode:
		d.collectAnchors(n.Key, depth+1)
		d.collectAnchors(n.Value, depth+1)
	case *ast.MappingKeyNode:
		d.collectAnchors(n.Value, depth+1)
	case *ast.SequenceNode:
		for _, v := range n.Values {
			d.collectAnchors(v, depth+1)
		}
	case *ast.TagNode:
		d.collectAnchors(n.Value, depth+1)
	}
}

// resolve unwraps anchors and aliases. It returns nil (after recording a
// problem) for what a spec does not allow: tags and unknown aliases.
func (d *decoder) resolve(n ast.Node, path string) ast.Node {
	for i := 0; i < 100; i++ {
		switch x := n.(type) {
		case *ast.AnchorNode:
			n = x.Value
		case *ast.AliasNode:
			name := ""
			if x.Value != nil {
				name = x.Value.GetToken().Value
			}
			target := d.anchorBefore(name, x)
			if target == nil {
				d.problem(path, d.pos(x), "alias *%s refers to no anchor &%s defined before it", name, name)
				return nil
			}
			n = target.Value
		case *ast.TagNode:
			tag := ""
			if x.Start != nil {
				tag = x.Start.Value
			}
			d.problem(path, d.pos(x), "YAML tags such as %s are not allowed in a spec: remove the tag", tag)
			return nil
		default:
			return n
		}
	}
	d.problem(path, d.pos(n), "aliases nest too deeply")
	return nil
}

// anchorBefore is the last anchor called name defined before the alias.
func (d *decoder) anchorBefore(name string, alias *ast.AliasNode) *ast.AnchorNode {
	var found *ast.AnchorNode
	off := math.MaxInt
	if alias.Start != nil && alias.Start.Position != nil {
		off = alias.Start.Position.Offset
	}
	for _, a := range d.anchors[name] {
		if a.Start != nil && a.Start.Position != nil && a.Start.Position.Offset < off {
			found = a
		}
	}
	return found
}

// value decodes n into v (a settable value) at path.
func (d *decoder) value(n ast.Node, v reflect.Value, path string) {
	if d.aborted {
		return
	}
	if d.steps++; d.steps > maxSteps {
		d.aborted = true
		d.problem(path, d.pos(n), "the spec is too large to check (more than %d values, counting aliases)", maxSteps)
		return
	}
	start := n
	n = d.resolve(n, path)
	if n == nil {
		return
	}
	if _, null := n.(*ast.NullNode); null {
		return // as if left out
	}
	if v.Kind() == reflect.Pointer {
		nv := reflect.New(v.Type().Elem())
		before := len(d.problems)
		d.value(n, nv.Elem(), path)
		if len(d.problems) == before {
			v.Set(nv)
		}
		return
	}
	if !d.enter(n, start, path) {
		return
	}
	defer delete(d.active, n)
	if isMapping(n) && isNumeric(v.Kind()) && path != "$.version" && path != "$.seed" {
		d.rangeValue(n, v, path)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.mapping(n, v, path, map[string]errs.Position{}, false)
	case reflect.Slice:
		d.sequence(n, v, path)
	case reflect.Map:
		d.mapValue(n, v, path)
	case reflect.String:
		d.stringValue(n, v, path)
	case reflect.Bool:
		if b, ok := n.(*ast.BoolNode); ok {
			v.SetBool(b.Value)
			return
		}
		d.problem(path, d.pos(n), "expected true or false, got %s", describe(n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		d.intValue(n, v, path)
	case reflect.Float32, reflect.Float64:
		d.floatValue(n, v, path)
	default:
		d.problem(path, d.pos(n), "cannot be set from YAML (internal: unsupported Go kind %s)", v.Kind())
	}
}

// entries lists a mapping's key/value pairs, or reports that n is no mapping.
func (d *decoder) entries(n ast.Node, path string, t reflect.Type) ([]*ast.MappingValueNode, bool) {
	switch m := n.(type) {
	case *ast.MappingNode:
		return m.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{m}, true
	}
	d.problem(path, d.pos(n), "expected a mapping of fields (%s), got %s", strings.Join(fieldsOf(t).names, ", "), describe(n))
	return nil, false
}

// mapping decodes a YAML mapping into struct v. seen holds the keys already
// set; merged is true for the contents of a '<<' merge, whose keys yield to
// the ones written explicitly.
func (d *decoder) mapping(n ast.Node, v reflect.Value, path string, seen map[string]errs.Position, merged bool) {
	values, ok := d.entries(n, path, v.Type())
	if !ok {
		return
	}
	fields := fieldsOf(v.Type())
	var merges []ast.Node
	for _, e := range values {
		if e == nil || e.Key == nil {
			continue
		}
		if _, ok := e.Key.(*ast.MergeKeyNode); ok {
			merges = append(merges, e.Value)
			continue
		}
		kp := d.pos(e.Key)
		name, ok := keyName(e.Key)
		if !ok {
			d.problem(path, kp, "a field name must be plain text, got %s", describeKey(e.Key))
			continue
		}
		fp := path + "." + name
		if first, dup := seen[name]; dup {
			if !merged {
				d.problem(fp, kp, "is given twice (first at line %d, column %d): keep one", first.Line, first.Column)
			}
			continue
		}
		seen[name] = kp
		if strings.HasPrefix(name, "x-") {
			continue // extension keys: free for anchors and notes
		}
		idx, known := fields.byName[name]
		if !known {
			d.problem(fp, kp, "%s", unknownField(name, v.Type()))
			continue
		}
		if _, ok := d.index[fp]; !ok {
			d.index[fp] = kp
		}
		d.value(e.Value, v.Field(idx), fp)
	}
	for _, m := range merges {
		d.merge(m, v, path, seen)
	}
}

// enter marks n (reached from start) as being decoded, or reports a cycle.
func (d *decoder) enter(n, start ast.Node, path string) bool {
	if d.active[n] {
		d.problem(path, d.pos(start), "this alias refers to a value that contains it: a spec cannot be recursive")
		return false
	}
	d.active[n] = true
	return true
}

// merge applies the value of a '<<' key: a mapping or a list of mappings.
func (d *decoder) merge(n ast.Node, v reflect.Value, path string, seen map[string]errs.Position) {
	if d.aborted {
		return
	}
	if d.steps++; d.steps > maxSteps {
		d.aborted = true
		d.problem(path, d.pos(n), "the spec is too large to check (more than %d values, counting aliases)", maxSteps)
		return
	}
	start := n
	n = d.resolve(n, path)
	if n == nil {
		return
	}
	if !d.enter(n, start, path) {
		return
	}
	defer delete(d.active, n)
	if seq, ok := n.(*ast.SequenceNode); ok {
		for _, item := range seq.Values {
			d.merge(item, v, path, seen)
		}
		return
	}
	d.mapping(n, v, path, seen, true)
}

func (d *decoder) sequence(n ast.Node, v reflect.Value, path string) {
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		example := ""
		if v.Type().Elem().Kind() == reflect.String {
			if s, isStr := n.(*ast.StringNode); isStr {
				example = fmt.Sprintf(" (write [%s] for a list of one)", s.Value)
			}
		}
		d.problem(path, d.pos(n), "expected a list, got %s%s", describe(n), example)
		return
	}
	out := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
	for i, item := range seq.Values {
		ip := fmt.Sprintf("%s[%d]", path, i)
		d.index[ip] = d.pos(item)
		d.value(item, out.Index(i), ip)
	}
	v.Set(out)
}

// mapValue decodes a mapping with free-form text keys into a Go map.
func (d *decoder) mapValue(n ast.Node, v reflect.Value, path string) {
	var values []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		values = m.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{m}
	default:
		d.problem(path, d.pos(n), "expected a mapping, got %s", describe(n))
		return
	}
	if v.Type().Key().Kind() != reflect.String {
		d.problem(path, d.pos(n), "cannot be set from YAML (internal: map key kind %s)", v.Type().Key().Kind())
		return
	}
	out := reflect.MakeMapWithSize(v.Type(), len(values))
	for _, e := range values {
		if e == nil || e.Key == nil {
			continue
		}
		kp := d.pos(e.Key)
		name, ok := keyName(e.Key)
		if !ok {
			d.problem(path, kp, "a key must be plain text, got %s", describeKey(e.Key))
			continue
		}
		fp := path + "." + name
		if out.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key())).IsValid() {
			d.problem(fp, kp, "is given twice: keep one")
			continue
		}
		d.index[fp] = kp
		ev := reflect.New(v.Type().Elem()).Elem()
		d.value(e.Value, ev, fp)
		out.SetMapIndex(reflect.ValueOf(name).Convert(v.Type().Key()), ev)
	}
	v.Set(out)
}

func (d *decoder) stringValue(n ast.Node, v reflect.Value, path string) {
	switch s := n.(type) {
	case *ast.StringNode:
		v.SetString(s.Value)
	case *ast.LiteralNode:
		if s.Value != nil {
			v.SetString(s.Value.Value)
		}
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		text := n.GetToken().Value
		d.problem(path, d.pos(n), "expected text, got %s: write \"%s\" (quoted) if you mean the text", describe(n), text)
	default:
		d.problem(path, d.pos(n), "expected text, got %s", describe(n))
	}
}

func (d *decoder) intValue(n ast.Node, v reflect.Value, path string) {
	p := d.pos(n)
	unsigned := v.Kind() >= reflect.Uint && v.Kind() <= reflect.Uint64
	rangeMsg := func(text string) {
		if unsigned {
			d.problem(path, p, "%s is out of range (valid: a whole number from 0 to %d)", text, uint64(math.MaxUint64>>(64-v.Type().Bits())))
		} else {
			d.problem(path, p, "%s is far out of range (too large for a whole number here)", text)
		}
	}
	switch x := n.(type) {
	case *ast.IntegerNode:
		text := x.GetToken().Value
		switch i := x.Value.(type) {
		case int64:
			switch {
			case unsigned && i < 0:
				rangeMsg(text)
			case unsigned:
				v.SetUint(uint64(i))
			case v.OverflowInt(i):
				rangeMsg(text)
			default:
				v.SetInt(i)
			}
		case uint64:
			switch {
			case unsigned && v.OverflowUint(i):
				rangeMsg(text)
			case unsigned:
				v.SetUint(i)
			case i > math.MaxInt64 || v.OverflowInt(int64(i)):
				rangeMsg(text)
			default:
				v.SetInt(int64(i))
			}
		default:
			d.problem(path, p, "expected a whole number, got %s", text)
		}
		if v.IsZero() {
			d.zeros[path] = true
		}
	case *ast.StringNode:
		if isPlain(x) && isNumber(x.Value) {
			if isDigits(x.Value) {
				rangeMsg(x.Value)
			} else {
				d.problem(path, p, "expected a whole number, got %s", x.Value)
			}
			return
		}
		d.problem(path, p, "expected a whole number, got %s", describe(n))
	default:
		d.problem(path, p, "expected a whole number, got %s", describe(n))
	}
}

func (d *decoder) floatValue(n ast.Node, v reflect.Value, path string) {
	p := d.pos(n)
	var f float64
	switch x := n.(type) {
	case *ast.IntegerNode:
		switch i := x.Value.(type) {
		case int64:
			f = float64(i)
		case uint64:
			f = float64(i)
		}
	case *ast.FloatNode:
		f = x.Value
	case *ast.InfinityNode, *ast.NanNode:
		d.problem(path, p, "expected a finite number, got %s", x.GetToken().Value)
		return
	case *ast.StringNode:
		g, err := strconv.ParseFloat(x.Value, 64)
		switch {
		case err == nil && isPlain(x) && isNumber(x.Value):
			f = g
		case countFields[numericField(path)] && workload.CountTextPattern.MatchString(x.Value):
			c, err := workload.ParseCount(x.Value)
			if err != nil {
				d.problem(path, p, "expected a count such as 40000000, 40M or 1.5B, got %s", describe(n))
				return
			}
			f = c
		case err == nil || isNumber(strings.TrimSpace(x.Value)):
			d.problem(path, p, "expected a number, got the text %q: remove the quotes", x.Value)
			return
		case countFields[numericField(path)]:
			d.problem(path, p, "expected a count such as 40000000, 40M or 1.5B (suffixes: k, M, B, T), got %s", describe(n))
			return
		default:
			d.problem(path, p, "expected a number, got %s", describe(n))
			return
		}
	default:
		d.problem(path, p, "expected a number, got %s", describe(n))
		return
	}
	if math.IsInf(f, 0) || math.IsNaN(f) {
		d.problem(path, p, "expected a finite number, got %s", n.GetToken().Value)
		return
	}
	if v.OverflowFloat(f) {
		d.problem(path, p, "%g is too large", f)
		return
	}
	v.SetFloat(f)
	if f == 0 {
		d.zeros[path] = true
	}
}

// countFields are the fields that also take a count with a suffix (10M).
var countFields = map[string]bool{"requests_per_month": true}

// lastField is the last key of a path: "requests_per_month" for
// "$.components[1].requests_per_month".
func lastField(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// isPlain reports an unquoted scalar.
func isPlain(s *ast.StringNode) bool {
	return s.Token == nil || s.Token.Type != token.DoubleQuoteType && s.Token.Type != token.SingleQuoteType
}

// isNumber reports text that reads as a finite decimal number (1e9, -2.5).
func isNumber(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789+-.eE_", r) {
			return false
		}
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return err == nil && !math.IsInf(f, 0)
}

func isDigits(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	return s != "" && strings.Trim(s, "0123456789_") == ""
}

// keyName is the text of a mapping key, if it is plain text.
func keyName(k ast.MapKeyNode) (string, bool) {
	var n ast.Node = k
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value, true
	}
	return "", false
}

func describeKey(k ast.MapKeyNode) string {
	var n ast.Node = k
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	return describe(n)
}

// describe names a node's kind for a message ("a list", "the number 3").
func describe(n ast.Node) string {
	switch x := n.(type) {
	case nil:
		return "nothing"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.StringNode:
		return fmt.Sprintf("the text %q", clip(x.Value))
	case *ast.LiteralNode:
		return "a block of text"
	case *ast.IntegerNode, *ast.FloatNode:
		return "the number " + clip(x.GetToken().Value)
	case *ast.BoolNode:
		return fmt.Sprintf("%t", x.Value)
	case *ast.InfinityNode, *ast.NanNode:
		return clip(x.GetToken().Value)
	case *ast.NullNode:
		return "null"
	case *ast.AliasNode:
		return "an alias"
	case *ast.AnchorNode:
		return "an anchor"
	case *ast.TagNode:
		return "a tagged value"
	}
	return "a " + strings.ToLower(n.Type().String())
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}

// structFields is the YAML view of a struct type.
type structFields struct {
	byName map[string]int // yaml name → field index
	names  []string       // in declaration order
}

var fieldCache sync.Map // reflect.Type → structFields

// fieldsOf derives the known field names from the yaml tags.
func fieldsOf(t reflect.Type) structFields {
	if sf, ok := fieldCache.Load(t); ok {
		return sf.(structFields)
	}
	sf := structFields{byName: map[string]int{}}
	if t.Kind() == reflect.Struct {
		for i := 0; i < t.NumField(); i++ {
			name := yamlName(t.Field(i))
			if name == "" {
				continue
			}
			sf.byName[name] = i
			sf.names = append(sf.names, name)
		}
	}
	fieldCache.Store(t, sf)
	return sf
}

func yamlName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("yaml")
	if tag == "-" {
		return ""
	}
	name, _, _ := strings.Cut(tag, ",")
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name
}

// specTypes names each struct of the spec as the user sees it, for messages
// such as "memory_mb belongs to each component".
var specTypes = []struct {
	typ   reflect.Type
	where string
}{
	{reflect.TypeFor[workload.Spec](), "the top level"},
	{reflect.TypeFor[workload.Team](), "team:"},
	{reflect.TypeFor[workload.KubeOptions](), "kubernetes:"},
	{reflect.TypeFor[workload.Component](), "each component (under components:)"},
	{reflect.TypeFor[workload.Traffic](), "a component's traffic:"},
	{reflect.TypeFor[workload.Downstream](), "a component's downstream:"},
	{reflect.TypeFor[workload.Data](), "a component's data:"},
	{reflect.TypeFor[workload.Call](), "each call (under a component's calls:)"},
	{reflect.TypeFor[workload.Connections](), "a component's connections:"},
	{reflect.TypeFor[workload.TraceRef](), "a traffic block's trace:"},
	{reflect.TypeFor[workload.Environment](), "each environment (under environments:)"},
	{reflect.TypeFor[workload.Rule](), "each rule (under rules:)"},
}

// unknownField explains an unknown key in a mapping of type t.
func unknownField(name string, t reflect.Type) string {
	fields := fieldsOf(t)
	if s := workload.Closest(name, fields.names); s != "" {
		return fmt.Sprintf("unknown field: did you mean %q?", s)
	}
	var where []string
	for _, st := range specTypes {
		if st.typ == t {
			continue
		}
		if _, ok := fieldsOf(st.typ).byName[name]; ok {
			where = append(where, st.where)
		}
	}
	if len(where) > 0 {
		return fmt.Sprintf("unknown field here: %s belongs in %s", name, strings.Join(where, " or "))
	}
	return fmt.Sprintf("unknown field (valid here: %s)", strings.Join(fields.names, ", "))
}

// sortProblems orders problems by position, keeping the order of discovery
// for problems at the same place.
func sortProblems(ps errs.Problems) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Position, ps[j].Position
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}
