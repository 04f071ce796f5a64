package spec

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var publishedSchema = filepath.Join("..", "..", SchemaPath)

// TestSchemaUpToDate keeps the published schema in step with the Go types:
// go generate ./internal/spec (or go test -update) rewrites it.
func TestSchemaUpToDate(t *testing.T) {
	got, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(publishedSchema, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(publishedSchema)
	if err != nil {
		t.Fatalf("%v (run go generate ./internal/spec)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with the Go types: run go generate ./internal/spec", SchemaPath)
	}
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaID)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

// TestSchemaAcceptsGoodSpecs: every good spec, and every example shipped in
// examples/, is valid against the schema and for fulcrum validate.
func TestSchemaAcceptsGoodSpecs(t *testing.T) {
	sch := compileSchema(t)
	files, _ := filepath.Glob("testdata/good/*.yaml")
	examples, _ := filepath.Glob("../../examples/*.yaml")
	files = append(files, examples...)
	for _, f := range files {
		data, _ := os.ReadFile(f)
		if _, _, err := Parse(filepath.Base(f), data); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		v := yamlToJSONValue(t, f)
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", f, err) // err.Error(), not LocalizedString(nil), which panics
		}
	}
}

// TestSchemaRejectsBadSpecs: every bad spec that is well-formed YAML with one
// document breaks the schema too (each has at least one fault the schema can
// express). The rest are YAML-level faults that never reach the schema, and
// catalog.yaml, whose faults (a region and a node type the price catalog
// lacks) only the catalog knows.
func TestSchemaRejectsBadSpecs(t *testing.T) {
	notYAMLLevel := map[string]bool{
		"syntax.yaml": true, "flow-syntax.yaml": true, "empty.yaml": true,
		"comment-only.yaml": true, "multidoc.yaml": true, "tag-alias.yaml": true,
		"catalog.yaml": true,
	}
	sch := compileSchema(t)
	files, _ := filepath.Glob("testdata/bad/*.yaml")
	checked := 0
	for _, f := range files {
		if notYAMLLevel[filepath.Base(f)] {
			continue
		}
		checked++
		if err := sch.Validate(yamlToJSONValue(t, f)); err == nil {
			t.Errorf("%s: the schema accepts it", f)
		}
	}
	if checked < 9 {
		t.Errorf("only %d bad specs checked against the schema", checked)
	}
}

// TestSchemaAgreesOnEachRule checks single faults one at a time, so that a
// schema too lax in one place cannot hide behind another fault in the file.
func TestSchemaAgreesOnEachRule(t *testing.T) {
	sch := compileSchema(t)
	base := "version: 1\nname: n\ncomponents:\n  - name: api\n    type: http-api\n"
	for _, tc := range []struct {
		extra string
		ok    bool
	}{
		{"", true},
		{"    memory_mb: 1048577", false},
		{"    memory_mb: 0", false},
		{"    memory_mb: 128", true},
		{"    gpu: 17", false},
		{"    gpu: 1.5", false},
		{"    runtime: node", false},
		{"    front_door: none", true},
		{"    compliance: [pci, pci]", false},
		{"    traffic: {shape: spiky, peak_to_mean: 0.5}", false},
		{"    traffic: {shape: spiky, peak_to_mean: 5}", true},
		{"    traffic: {shape: spiky, peak_to_mean: 0}", true},
		{"    colour: red", false},
		{"    x-note: anything", true},
		{"    name: Api", false},
		{"    requests_per_month: -1", false},
		{"    concurrency: 1001", false},
		{"    downstream: {s3_gets: -1}", false},
		{"    duration_p99_ms: 300", true},   // 3 × the default mean
		{"    duration_p99_ms: 0", false},    // must be above 0
		{"    duration_p99_ms: fast", false}, // a number
		{"    calls: [{to: db, per_request: 2, request_kb: 1, response_kb: 4}]\n  - name: db\n    type: database", true},
		{"    calls: [{to: db, response_kb: -1}]\n  - name: db\n    type: database", false}, // negative bytes
		{"    calls: [{to: db, per_request: 0}]\n  - name: db\n    type: database", false},
		{"    calls: [{per_request: 2}]", false},                                    // to is required
		{"    calls: [{to: DB}]", false},                                            // not a component name
		{"    calls: [{to: db, size: 1}]\n  - name: db\n    type: database", false}, // unknown field
	} {
		src := base + tc.extra + "\n"
		err := sch.Validate(yamlTextToJSONValue(t, src))
		if (err == nil) != tc.ok {
			t.Errorf("%q: schema ok=%v, want %v (%v)", tc.extra, err == nil, tc.ok, err)
		}
		// fulcrum validate must agree.
		if _, _, perr := Parse("s.yaml", []byte(src)); (perr == nil) != tc.ok {
			t.Errorf("%q: Parse ok=%v, want %v (%v)", tc.extra, perr == nil, tc.ok, perr)
		}
	}
}

// TestDocsCoverEveryField: docs/spec.md documents every field of the schema.
func TestDocsCoverEveryField(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "spec.md"))
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, st := range specTypes {
		for _, name := range fieldsOf(st.typ).names {
			if !regexp.MustCompile("`" + regexp.QuoteMeta(name) + "`").Match(doc) {
				missing = append(missing, st.typ.Name()+"."+name)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("docs/spec.md does not mention: %s", strings.Join(missing, ", "))
	}
}

func yamlToJSONValue(t *testing.T, file string) any {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return yamlTextToJSONValue(t, string(data))
}

// yamlTextToJSONValue converts YAML to the values jsonschema validates,
// reading scalars as the spec reader does (1e6 is a number, "12" is text)
// and resolving anchors, aliases and merge keys.
func yamlTextToJSONValue(t *testing.T, src string) any {
	t.Helper()
	f, err := parser.ParseBytes([]byte(src), 0, parser.AllowDuplicateMapKey())
	if err != nil || len(f.Docs) == 0 || f.Docs[0].Body == nil {
		t.Fatalf("not one YAML document: %v", err)
	}
	anchors := map[string]ast.Node{}
	var conv func(n ast.Node) any
	conv = func(n ast.Node) any {
		switch x := n.(type) {
		case *ast.AnchorNode:
			anchors[x.Name.GetToken().Value] = x.Value
			return conv(x.Value)
		case *ast.AliasNode:
			target, ok := anchors[x.Value.GetToken().Value]
			if !ok {
				t.Fatalf("unknown alias %s", x.Value.GetToken().Value)
			}
			return conv(target)
		case *ast.MappingNode:
			m := map[string]any{}
			var merges []any
			for _, e := range x.Values {
				if _, ok := e.Key.(*ast.MergeKeyNode); ok {
					merges = append(merges, conv(e.Value))
					continue
				}
				k, _ := keyName(e.Key)
				m[k] = conv(e.Value)
			}
			for _, mv := range merges {
				list, isList := mv.([]any)
				if !isList {
					list = []any{mv}
				}
				for _, item := range list {
					for k, v := range item.(map[string]any) {
						if _, set := m[k]; !set {
							m[k] = v
						}
					}
				}
			}
			return m
		case *ast.MappingValueNode:
			return conv(&ast.MappingNode{Values: []*ast.MappingValueNode{x}})
		case *ast.SequenceNode:
			out := make([]any, len(x.Values))
			for i, v := range x.Values {
				out[i] = conv(v)
			}
			return out
		case *ast.IntegerNode:
			return jsonNumber(fmt.Sprint(x.Value))
		case *ast.FloatNode:
			return x.Value
		case *ast.StringNode:
			if isPlain(x) && isNumber(x.Value) {
				g, _ := strconv.ParseFloat(strings.ReplaceAll(x.Value, "_", ""), 64)
				return g
			}
			return x.Value
		case *ast.BoolNode:
			return x.Value
		case *ast.NullNode:
			return nil
		case *ast.InfinityNode, *ast.NanNode:
			return x.GetToken().Value // JSON has no infinity: text, a type error
		}
		t.Fatalf("cannot convert %T", n)
		return nil
	}
	return conv(f.Docs[0].Body)
}

func jsonNumber(s string) any {
	g, _ := strconv.ParseFloat(s, 64)
	return g
}
