// Package importer reads the files that describe an existing system —
// Kubernetes manifests (also `helm template` output), Serverless Framework
// serverless.yml, AWS SAM and CloudFormation templates, Terraform plan
// JSON, Cloud Run service YAML and wrangler.toml — and turns them into a
// fulcrum spec whose every value says where it came from, or that it is a
// guess to check. It is a pure converter: the CLI reads the files and
// writes the spec.
//
// Bad input never stops an import: a file or document that cannot be read
// is listed with its file and line (Result.Skipped) and the rest goes on;
// resources that are not components fulcrum models are listed too
// (Result.Unknown), never dropped silently.
package importer

import (
	"bytes"
	"fmt"
	"math"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Source is one input file: its name (for messages) and contents.
type Source struct {
	Name string
	Data []byte
}

// Field is one spec field of an imported component.
type Field struct {
	Key   string
	Value any // string, float64, int or bool
	// From says where the value came from (file:line and what); Guess,
	// when set, says why it is a guess to check.
	From  string
	Guess string
}

// Component is one imported component.
type Component struct {
	Name   string
	From   string
	Fields []Field
	// Notes are comments about the component: what the sources said that
	// the spec has no field for (replicas, CPU requests, HPA targets).
	Notes []string
}

// Problem is a located message: a skipped input or an unknown resource.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Result is everything an import found.
type Result struct {
	Components []*Component
	// Skipped is the input that could not be read (bad YAML, an unknown
	// apiVersion, an unresolvable reference), each with file and line.
	Skipped []Problem
	// Unknown lists the resources read but not imported: not components
	// fulcrum models (IAM roles, ConfigMaps, buckets, node groups).
	Unknown []Problem
	// Notes are system-wide comments (a Terraform node group's types).
	Notes   []string
	Sources []string
	// System are spec fields outside the components
	// (kubernetes.target_utilization from the HPAs' CPU targets).
	System []Field
}

// Get returns a component's field value (nil when absent).
func (c *Component) Get(key string) any {
	for _, f := range c.Fields {
		if f.Key == key {
			return f.Value
		}
	}
	return nil
}

// set sets a field, replacing an earlier value of the same key.
func (c *Component) set(key string, v any, from, guess string) {
	for i := range c.Fields {
		if c.Fields[i].Key == key {
			c.Fields[i] = Field{Key: key, Value: v, From: from, Guess: guess}
			return
		}
	}
	c.Fields = append(c.Fields, Field{Key: key, Value: v, From: from, Guess: guess})
}

func (c *Component) has(key string) bool { return c.Get(key) != nil }

// note adds a comment line.
func (c *Component) note(format string, args ...any) {
	c.Notes = append(c.Notes, fmt.Sprintf(format, args...))
}

// Import reads every source and returns what it found. It never fails:
// an input it cannot read is in Result.Skipped.
func Import(srcs []Source) *Result {
	r := &Result{}
	k := newKubeSet()
	for _, s := range srcs {
		r.Sources = append(r.Sources, s.Name)
		switch detect(s) {
		case formatTerraform:
			importTerraform(r, s)
		case formatCloudFormation:
			importCloudFormation(r, s)
		case formatServerless:
			importServerless(r, s)
		case formatWrangler:
			importWrangler(r, s)
		case formatECS:
			importECS(r, s)
		case formatKubernetes:
			k.read(r, s)
		default:
			r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "not a format fulcrum imports (Kubernetes YAML, serverless.yml, SAM or CloudFormation, Terraform plan JSON, ECS task definition JSON, wrangler.toml)"})
		}
	}
	k.components(r)
	r.dedupe()
	return r
}

type format int

const (
	formatUnknown format = iota
	formatKubernetes
	formatServerless
	formatCloudFormation
	formatTerraform
	formatWrangler
	formatECS
)

var (
	reAPIVersion = regexp.MustCompile(`(?m)^\s*"?apiVersion"?\s*:`)
	reCFN        = regexp.MustCompile(`(?m)^"?(AWSTemplateFormatVersion|Transform)"?\s*:|^\s*"?Type"?\s*:\s*"?(AWS|Custom|Alexa)::`)
	reServerless = regexp.MustCompile(`(?m)^"?service"?\s*:`)
	reFunctions  = regexp.MustCompile(`(?m)^"?(functions|provider)"?\s*:`)
)

// detect tells a source's format from its name and contents.
func detect(s Source) format {
	base := strings.ToLower(path.Base(strings.ReplaceAll(s.Name, "\\", "/")))
	trim := bytes.TrimSpace(s.Data)
	switch {
	case strings.HasSuffix(base, ".toml"):
		return formatWrangler
	case bytes.HasPrefix(trim, []byte("{")) && bytes.Contains(trim, []byte(`"containerDefinitions"`)):
		return formatECS
	case bytes.HasPrefix(trim, []byte("{")) && bytes.Contains(trim, []byte(`"format_version"`)) &&
		(bytes.Contains(trim, []byte(`"planned_values"`)) || bytes.Contains(trim, []byte(`"resource_changes"`)) || bytes.Contains(trim, []byte(`"values"`))):
		return formatTerraform
	case reServerless.Match(s.Data) && reFunctions.Match(s.Data):
		return formatServerless
	case reCFN.Match(s.Data) && !reAPIVersion.Match(s.Data):
		return formatCloudFormation
	case reAPIVersion.Match(s.Data):
		return formatKubernetes
	case strings.HasPrefix(base, "serverless.") && (strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".yaml")):
		return formatServerless
	}
	return formatUnknown
}

var reNameBad = regexp.MustCompile(`[^a-z0-9-]+`)
var reCamel = regexp.MustCompile(`([a-z0-9])([A-Z])`)

// componentName turns a resource or function name into a lowercase DNS
// label, as the spec requires.
func componentName(s string) string {
	s = reCamel.ReplaceAllString(s, "$1-$2")
	s = strings.ToLower(s)
	s = reNameBad.ReplaceAllString(s, "-")
	s = strings.Trim(s, "-")
	for strings.Contains(s, "--") {
		s = strings.ReplaceAll(s, "--", "-")
	}
	if len(s) > workload.MaxComponentNameLen {
		s = strings.TrimRight(s[:workload.MaxComponentNameLen], "-")
	}
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		s = "c-" + s
	}
	return s
}

// dedupe renames components whose names repeat (two files naming "api").
func (r *Result) dedupe() {
	seen := map[string]int{}
	for _, c := range r.Components {
		seen[c.Name]++
		if n := seen[c.Name]; n > 1 {
			old := c.Name
			c.Name = fmt.Sprintf("%s-%d", c.Name, n)
			c.note("renamed from %s: another source has a component of that name", old)
		}
	}
}

// Spec renders the result as a commented spec YAML (version 1).
func (r *Result) Spec(name string) []byte {
	if name == "" {
		name = "imported"
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Imported by fulcrum import from %s.\n", strings.Join(r.Sources, ", "))
	b.WriteString("# Each value says where it came from; a GUESS is not in the sources: check it\n")
	b.WriteString("# before you trust the analysis (fulcrum validate, then fulcrum analyze).\n")
	if len(r.Skipped) > 0 {
		b.WriteString("#\n# Skipped (could not be read):\n")
		for _, p := range r.Skipped {
			fmt.Fprintf(&b, "#   %s\n", oneLine(p.String()))
		}
	}
	if len(r.Unknown) > 0 {
		b.WriteString("#\n# Not imported (not a component fulcrum models):\n")
		for _, p := range r.Unknown {
			fmt.Fprintf(&b, "#   %s\n", oneLine(p.String()))
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "# %s\n", oneLine(n))
	}
	b.WriteString("version: 1\n")
	fmt.Fprintf(&b, "name: %s\n", yamlString(name))
	block := ""
	for _, f := range r.System {
		parent, key, _ := strings.Cut(f.Key, ".")
		if parent != block {
			fmt.Fprintf(&b, "%s:\n", parent)
			block = parent
		}
		writeField(&b, "  ", key, f)
	}
	if len(r.Components) == 0 {
		b.WriteString("components: []\n")
		return b.Bytes()
	}
	b.WriteString("components:\n")
	for _, c := range r.Components {
		fmt.Fprintf(&b, "  - name: %s", yamlString(c.Name))
		if c.From != "" {
			fmt.Fprintf(&b, "  # from %s", oneLine(c.From))
		}
		b.WriteString("\n")
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "    # %s\n", oneLine(n))
		}
		var nested []Field
		for _, f := range orderFields(c.Fields) {
			if strings.Contains(f.Key, ".") {
				nested = append(nested, f)
				continue
			}
			writeField(&b, "    ", f.Key, f)
		}
		block := ""
		for _, f := range nested {
			parent, key, _ := strings.Cut(f.Key, ".")
			if parent != block {
				fmt.Fprintf(&b, "    %s:\n", parent)
				block = parent
			}
			writeField(&b, "      ", key, f)
		}
	}
	return b.Bytes()
}

func writeField(b *bytes.Buffer, indent, key string, f Field) {
	fmt.Fprintf(b, "%s%s: %s", indent, key, yamlValue(f.Value))
	switch {
	case f.Guess != "":
		fmt.Fprintf(b, "  # GUESS: %s", oneLine(f.Guess))
	case f.From != "":
		fmt.Fprintf(b, "  # from %s", oneLine(f.From))
	}
	b.WriteString("\n")
}

// fieldOrder is the order fields print in, as in docs/spec.md.
var fieldOrder = []string{"type", "runtime", "requests_per_month", "duration_ms", "cpu_ms", "memory_mb", "gpu",
	"concurrency", "max_execution_s", "stateful", "storage_gb", "long_lived_connections", "edge", "front_door"}

func orderFields(fs []Field) []Field {
	rank := map[string]int{}
	for i, k := range fieldOrder {
		rank[k] = i + 1
	}
	out := append([]Field(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank[out[i].Key], rank[out[j].Key]
		if ri == 0 {
			ri = len(fieldOrder) + 1
		}
		if rj == 0 {
			rj = len(fieldOrder) + 1
		}
		return ri < rj
	})
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var rePlain = regexp.MustCompile(`^[a-z][a-z0-9-]*$`)

func yamlString(s string) string {
	if rePlain.MatchString(s) && s != "true" && s != "false" && s != "null" && s != "yes" && s != "no" {
		return s
	}
	return strconv.Quote(s)
}

func yamlValue(v any) string {
	switch v := v.(type) {
	case string:
		return yamlString(v)
	case bool:
		return strconv.FormatBool(v)
	case int:
		return strconv.Itoa(v)
	case float64:
		return num(v)
	}
	return strconv.Quote(fmt.Sprint(v))
}

func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// runtimeFromImage guesses a runtime from a container image's name.
func runtimeFromImage(image string) (workload.Runtime, bool) {
	img := strings.ToLower(image)
	if i := strings.LastIndex(img, "/"); i >= 0 {
		img = img[i+1:]
	}
	for _, p := range []struct {
		prefix string
		rt     workload.Runtime
	}{{"node", workload.RuntimeNodeJS}, {"python", workload.RuntimePython}, {"openjdk", workload.RuntimeJava},
		{"eclipse-temurin", workload.RuntimeJava}, {"amazoncorretto", workload.RuntimeJava}, {"java", workload.RuntimeJava},
		{"dotnet", workload.RuntimeDotnet}, {"aspnet", workload.RuntimeDotnet}, {"golang", workload.RuntimeGo},
		{"ruby", workload.RuntimeRuby}, {"rust", workload.RuntimeRust}} {
		if strings.HasPrefix(img, p.prefix) {
			return p.rt, true
		}
	}
	return workload.RuntimeContainer, false
}

// runtimeFromLambda maps a Lambda (or Serverless Framework) runtime id to
// the spec's runtime.
func runtimeFromLambda(rt string) (workload.Runtime, bool) {
	rt = strings.ToLower(rt)
	switch {
	case strings.HasPrefix(rt, "nodejs"):
		return workload.RuntimeNodeJS, true
	case strings.HasPrefix(rt, "python"):
		return workload.RuntimePython, true
	case strings.HasPrefix(rt, "java"):
		return workload.RuntimeJava, true
	case strings.HasPrefix(rt, "dotnet"):
		return workload.RuntimeDotnet, true
	case strings.HasPrefix(rt, "ruby"):
		return workload.RuntimeRuby, true
	case strings.HasPrefix(rt, "go"):
		return workload.RuntimeGo, true
	case strings.HasPrefix(rt, "provided"):
		return workload.RuntimeGo, false // a custom runtime: Go or Rust most often
	}
	return "", false
}

// runsPerMonth estimates the runs a month of a cron schedule (five
// fields) or an EventBridge rate/cron expression.
func runsPerMonth(expr string) (float64, bool) {
	e := strings.TrimSpace(expr)
	if strings.HasPrefix(e, "rate(") && strings.HasSuffix(e, ")") {
		f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(e, "rate("), ")"))
		if len(f) != 2 {
			return 0, false
		}
		n, err := strconv.ParseFloat(f[0], 64)
		if err != nil || n <= 0 {
			return 0, false
		}
		per := map[string]float64{"minute": 43800, "minutes": 43800, "hour": 730, "hours": 730, "day": 30.4, "days": 30.4}[f[1]]
		if per == 0 {
			return 0, false
		}
		return math.Round(per / n), true
	}
	if strings.HasPrefix(e, "cron(") && strings.HasSuffix(e, ")") {
		f := strings.Fields(strings.TrimSuffix(strings.TrimPrefix(e, "cron("), ")"))
		if len(f) != 6 {
			return 0, false
		}
		dow := f[4]
		if dow == "?" {
			dow = "*"
		}
		dom := f[2]
		if dom == "?" {
			dom = "*"
		}
		e = strings.Join([]string{f[0], f[1], dom, f[3], dow}, " ")
	}
	f := strings.Fields(e)
	if len(f) != 5 {
		return 0, false
	}
	count := func(field string, span float64) float64 {
		switch {
		case field == "*":
			return span
		case strings.HasPrefix(field, "*/"):
			n, err := strconv.ParseFloat(field[2:], 64)
			if err != nil || n <= 0 {
				return 1
			}
			return math.Ceil(span / n)
		}
		return float64(len(strings.Split(field, ",")))
	}
	perDay := count(f[0], 60) * count(f[1], 24)
	days := 30.4
	if f[2] != "*" {
		days = count(f[2], 30.4)
	} else if f[4] != "*" {
		days = count(f[4], 7) * 30.4 / 7
	}
	return math.Round(perDay * days), true
}
