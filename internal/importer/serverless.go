package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

var reVar = regexp.MustCompile(`^\$\{([^}]*)\}$`)

// slsDoc is a parsed serverless.yml with its lines.
type slsDoc struct {
	root  map[string]any
	lines map[string]int // "functions.hello" → line
	file  string
	r     *Result
}

// importServerless reads a Serverless Framework (v3 or v4) serverless.yml:
// the provider's defaults, each function's memory, timeout, runtime,
// events, provisioned concurrency, and the CloudFormation resources of
// its resources section.
func importServerless(r *Result, s Source) {
	f, err := parser.ParseBytes(s.Data, 0)
	if err != nil {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: errLine(err), Msg: "not YAML: " + firstLine(err.Error())})
		return
	}
	d := &slsDoc{lines: map[string]int{}, file: s.Name, r: r}
	for _, doc := range f.Docs {
		walkLines(doc.Body, nil, d.lines, 3)
	}
	if err := yaml.Unmarshal(s.Data, &d.root); err != nil {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: errLine(err), Msg: "serverless.yml: " + firstLine(err.Error())})
		return
	}
	provider, _ := d.root["provider"].(map[string]any)
	if name, _ := provider["name"].(string); name != "" && name != "aws" {
		r.Unknown = append(r.Unknown, Problem{File: s.Name, Line: d.lines["provider"], Msg: fmt.Sprintf("provider %s: only the aws provider's functions are imported", name)})
		return
	}
	fns, _ := d.root["functions"].(map[string]any)
	names := make([]string, 0, len(fns))
	for n := range fns {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return d.lines["functions."+names[i]] < d.lines["functions."+names[j]] })
	for _, n := range names {
		fn, _ := fns[n].(map[string]any)
		r.Components = append(r.Components, d.function(n, fn, provider))
	}
	if res, ok := d.root["resources"].(map[string]any); ok {
		if cfn, ok := res["Resources"].(map[string]any); ok {
			cr := &cfnResources{r: r, file: s.Name, lines: &cfnLines{keys: map[string]int{}}, all: map[string]map[string]any{}}
			ids := make([]string, 0, len(cfn))
			for id, v := range cfn {
				ids = append(ids, id)
				if m, ok := v.(map[string]any); ok {
					cr.all[id] = m
				}
			}
			sort.Strings(ids)
			for _, id := range ids {
				cr.lines.keys["Resources."+id] = d.lines["resources.Resources."+id]
				if m, ok := cfn[id].(map[string]any); ok {
					cr.resource(id, m, nil)
				}
			}
		}
	}
}

// walkLines records the line of every key down to depth levels.
func walkLines(n ast.Node, path []string, out map[string]int, depth int) {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			walkLines(mv, path, out, depth)
		}
	case *ast.MappingValueNode:
		p := append(append([]string(nil), path...), keyOf(v.Key))
		out[strings.Join(p, ".")] = lineOf(v.Key)
		if len(p) < depth {
			walkLines(v.Value, p, out, depth)
		}
	case *ast.TagNode:
		walkLines(v.Value, path, out, depth)
	}
}

// value resolves a Serverless variable: ${self:a.b} from the file itself,
// ${opt:x, default} and ${env:X, default} to their default; it reports
// false (and lists the place) when it cannot.
func (d *slsDoc) value(v any, at string) (any, bool) {
	s, ok := v.(string)
	if !ok {
		return v, v != nil
	}
	m := reVar.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return s, true
	}
	expr := m[1]
	ref, def, hasDef := strings.Cut(expr, ",")
	ref = strings.TrimSpace(ref)
	if strings.HasPrefix(ref, "self:") {
		var cur any = d.root
		for _, k := range strings.Split(strings.TrimPrefix(ref, "self:"), ".") {
			mm, _ := cur.(map[string]any)
			cur = mm[k]
		}
		if cur != nil {
			return d.value(cur, at)
		}
	}
	if hasDef {
		def = strings.Trim(strings.TrimSpace(def), `'"`)
		if n, err := strconv.ParseFloat(def, 64); err == nil {
			return n, true
		}
		return def, true
	}
	d.r.Skipped = append(d.r.Skipped, Problem{File: d.file, Line: d.lines[at], Msg: fmt.Sprintf("%s: the variable %s cannot be resolved offline: the default is used", at, s)})
	return nil, false
}

func (d *slsDoc) function(name string, fn, provider map[string]any) *Component {
	at := "functions." + name
	where := fmt.Sprintf("%s:%d", d.file, d.lines[at])
	c := &Component{Name: componentName(name), From: fmt.Sprintf("%s (function %s)", where, name)}
	pick := func(key string) (any, string) {
		if v, ok := fn[key]; ok {
			if v, ok := d.value(v, at); ok {
				return v, where + " (" + key + ")"
			}
			return nil, ""
		}
		if v, ok := provider[key]; ok {
			if v, ok := d.value(v, "provider."+key); ok {
				return v, fmt.Sprintf("%s:%d (provider.%s)", d.file, d.lines["provider."+key], key)
			}
		}
		return nil, ""
	}
	if v, from := pick("memorySize"); v != nil {
		if n, ok := number(v); ok {
			c.set("memory_mb", n, from, "")
		}
	}
	if !c.has("memory_mb") {
		c.set("memory_mb", 1024.0, "the Serverless Framework's default memorySize of 1024 MB (none given)", "")
	}
	if v, from := pick("timeout"); v != nil {
		if n, ok := number(v); ok {
			c.set("max_execution_s", n, from, "")
		}
	}
	if !c.has("max_execution_s") {
		c.set("max_execution_s", 6.0, "the Serverless Framework's default timeout of 6 s (none given)", "")
	}
	if _, ok := fn["image"]; ok {
		c.set("runtime", string(workload.RuntimeContainer), where+" (image)", "")
	} else if v, from := pick("runtime"); v != nil {
		rt, _ := v.(string)
		if w, exact := runtimeFromLambda(rt); w != "" {
			guess := ""
			if !exact {
				guess = fmt.Sprintf("the custom runtime %s runs a bootstrap binary: go or rust (%s)", rt, from)
			}
			c.set("runtime", string(w), from, guess)
		}
	}
	if v, ok := fn["provisionedConcurrency"]; ok {
		c.note("provisioned concurrency: %v (the analysis finds the provisioned concurrency the SLO needs)", v)
	}
	if v, ok := fn["reservedConcurrency"]; ok {
		c.note("reserved concurrency: %v", v)
	}
	var t workload.Type
	var fd workload.FrontDoor
	why := ""
	evs, _ := fn["events"].([]any)
	for _, e := range evs {
		em, _ := e.(map[string]any)
		keys := make([]string, 0, len(em))
		for k := range em {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			switch k {
			case "httpApi":
				t, fd, why = workload.TypeHTTPAPI, workload.FrontDoorAPIGatewayHTTP, "an httpApi event"
			case "http":
				t, fd, why = workload.TypeHTTPAPI, workload.FrontDoorAPIGatewayREST, "an http event"
			case "alb":
				t, fd, why = workload.TypeHTTPAPI, workload.FrontDoorALB, "an alb event"
			case "websocket":
				t, fd, why = workload.TypeWebsocket, workload.FrontDoorAPIGatewayHTTP, "a websocket event"
			case "schedule":
				t, fd, why = workload.TypeScheduledJob, workload.FrontDoorNone, "a schedule event"
				expr := ""
				switch v := em[k].(type) {
				case string:
					expr = v
				case map[string]any:
					switch r := v["rate"].(type) {
					case string:
						expr = r
					case []any:
						if len(r) > 0 {
							expr, _ = r[0].(string)
						}
					}
				}
				if runs, ok := runsPerMonth(expr); ok {
					c.set("requests_per_month", runs, "", fmt.Sprintf("runs a month of %s (%s)", expr, where))
				}
			case "sqs", "sns", "s3", "stream", "eventBridge", "kafka", "msk", "rabbitmq", "activemq", "cloudwatchEvent", "cloudwatchLog", "iot":
				if t == "" {
					t, fd, why = workload.TypeEventProcessor, workload.FrontDoorNone, "an "+k+" event"
				}
			}
		}
	}
	if url, ok := fn["url"]; ok && url != false && t == "" {
		t, fd, why = workload.TypeHTTPAPI, workload.FrontDoorBuiltIn, "a function URL"
	}
	if t != "" {
		c.set("type", string(t), where+" ("+why+")", "")
		c.set("front_door", string(fd), where+" ("+why+")", "")
	} else {
		c.set("type", string(workload.TypeEventProcessor), "", fmt.Sprintf("no events (%s): invoked directly", where))
	}
	if !c.has("requests_per_month") {
		c.set("requests_per_month", 1000000.0, "", "serverless.yml gives no traffic: set the real requests a month")
	}
	return c
}
