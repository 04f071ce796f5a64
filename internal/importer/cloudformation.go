package importer

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/fulcrum-tools/fulcrum/internal/export"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// cfnNode is a located key of a YAML (or JSON) template.
type cfnLines struct {
	keys map[string]int // "Resources.Api" → line
	refs []cfnRef
}

type cfnRef struct {
	resource string // the top-level resource it sits in ("" outside Resources)
	name     string
	line     int
	what     string // Ref, Fn::GetAtt, Fn::Sub
}

var reSubVar = regexp.MustCompile(`\$\{([^}!][^}]*)\}`)

// scanTemplate finds the lines of the top-level sections' keys and every
// reference, with goccy's AST (short-form tags included).
func scanTemplate(data []byte) (*cfnLines, error) {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, err
	}
	l := &cfnLines{keys: map[string]int{}}
	for _, d := range f.Docs {
		l.walk(d.Body, nil)
	}
	return l, nil
}

func keyOf(n ast.Node) string {
	if n == nil {
		return ""
	}
	if t := n.GetToken(); t != nil {
		return t.Value
	}
	return n.String()
}

func lineOf(n ast.Node) int {
	if n == nil || n.GetToken() == nil {
		return 0
	}
	return n.GetToken().Position.Line
}

func scalar(n ast.Node) (string, bool) {
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return v.Value.Value, true
	}
	return "", false
}

func (l *cfnLines) addRef(path []string, name string, line int, what string) {
	res := ""
	if len(path) >= 2 && path[0] == "Resources" {
		res = path[1]
	}
	l.refs = append(l.refs, cfnRef{resource: res, name: name, line: line, what: what})
}

func (l *cfnLines) fn(path []string, what string, v ast.Node, line int) {
	switch what {
	case "Ref":
		if s, ok := scalar(v); ok {
			l.addRef(path, s, line, "Ref")
		}
	case "Fn::GetAtt":
		if s, ok := scalar(v); ok {
			name, _, _ := strings.Cut(s, ".")
			l.addRef(path, name, line, "Fn::GetAtt")
		} else if seq, ok := v.(*ast.SequenceNode); ok && len(seq.Values) > 0 {
			if s, ok := scalar(seq.Values[0]); ok {
				l.addRef(path, s, line, "Fn::GetAtt")
			}
		}
	case "Fn::Sub":
		var str string
		vars := map[string]bool{}
		if s, ok := scalar(v); ok {
			str = s
		} else if seq, ok := v.(*ast.SequenceNode); ok && len(seq.Values) > 0 {
			str, _ = scalar(seq.Values[0])
			if len(seq.Values) > 1 {
				if m, ok := seq.Values[1].(*ast.MappingNode); ok {
					for _, mv := range m.Values {
						vars[keyOf(mv.Key)] = true
					}
				}
			}
		}
		for _, m := range reSubVar.FindAllStringSubmatch(str, -1) {
			name, _, _ := strings.Cut(m[1], ".")
			if !vars[name] {
				l.addRef(path, name, line, "Fn::Sub")
			}
		}
	}
}

func (l *cfnLines) walk(n ast.Node, path []string) {
	switch v := n.(type) {
	case *ast.MappingNode:
		for _, mv := range v.Values {
			l.walk(mv, path)
		}
	case *ast.MappingValueNode:
		k := keyOf(v.Key)
		p := append(append([]string(nil), path...), k)
		if len(p) <= 2 {
			l.keys[strings.Join(p, ".")] = lineOf(v.Key)
		}
		if k == "Ref" || k == "Fn::GetAtt" || k == "Fn::Sub" {
			l.fn(path, k, v.Value, lineOf(v.Key))
		}
		l.walk(v.Value, p)
	case *ast.SequenceNode:
		for _, e := range v.Values {
			l.walk(e, path)
		}
	case *ast.TagNode:
		tag := v.Start.Value
		switch tag {
		case "!Ref":
			l.fn(path, "Ref", v.Value, lineOf(v))
		case "!GetAtt":
			l.fn(path, "Fn::GetAtt", v.Value, lineOf(v))
		case "!Sub":
			l.fn(path, "Fn::Sub", v.Value, lineOf(v))
		}
		l.walk(v.Value, path)
	}
}

// samImplicit reports whether name is a resource the SAM transform makes,
// which a template may reference without declaring: the implicit APIs, and
// a function's role, alias, version and URL (ApiFunctionRole).
func samImplicit(name string, resources map[string]map[string]any) bool {
	switch name {
	case "ServerlessRestApi", "ServerlessHttpApi", "ServerlessDeploymentBucket":
		return true
	}
	for id, r := range resources {
		if t, _ := r["Type"].(string); t != "AWS::Serverless::Function" || !strings.HasPrefix(name, id) {
			continue
		}
		rest := strings.TrimPrefix(name, id)
		if rest == "Role" || rest == "Version" || rest == "Url" || strings.HasPrefix(rest, "Alias") {
			return true
		}
	}
	return false
}

// importCloudFormation reads an AWS SAM or CloudFormation template (YAML
// or JSON), resolving intrinsic functions with goformation's processor:
// Ref to a parameter takes its Default, Fn::Sub, Fn::Join and the rest
// are evaluated, and Fn::GetAtt names the resource and attribute.
func importCloudFormation(r *Result, s Source) {
	lines, err := scanTemplate(s.Data)
	if err != nil {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: errLine(err), Msg: "not YAML: " + firstLine(err.Error())})
		return
	}
	js, err := intrinsics.ProcessYAML(s.Data, &intrinsics.ProcessorOptions{IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{
		// Ref to a parameter takes its Default; to a resource, its logical id.
		"Ref": func(name string, input any, template any) any {
			if v := intrinsics.Ref(name, input, template); v != nil {
				return v
			}
			if id, ok := input.(string); ok {
				if t, ok := template.(map[string]any); ok {
					if res, ok := t["Resources"].(map[string]any); ok && res[id] != nil {
						return id
					}
				}
			}
			return nil
		},
		"Fn::GetAtt": func(_ string, input any, _ any) any {
			if l, ok := input.([]any); ok && len(l) == 2 {
				return fmt.Sprintf("%v.%v", l[0], l[1])
			}
			return fmt.Sprint(input)
		},
		"Fn::ImportValue": func(_ string, input any, _ any) any { return fmt.Sprintf("import:%v", input) },
	}})
	if err != nil {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "template: " + err.Error()})
		return
	}
	var tmpl struct {
		Parameters map[string]map[string]any `json:"Parameters"`
		Globals    map[string]map[string]any `json:"Globals"`
		Resources  map[string]map[string]any `json:"Resources"`
	}
	if err := json.Unmarshal(js, &tmpl); err != nil {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "template: " + err.Error()})
		return
	}
	// References that resolve to nothing: the resource holding one is
	// skipped (its values would be wrong), the rest goes on.
	bad := map[string]bool{}
	var rawParams map[string]any
	for _, ref := range lines.refs {
		switch {
		case strings.HasPrefix(ref.name, "AWS::"):
		case tmpl.Resources[ref.name] != nil:
		case tmpl.Parameters[ref.name] != nil:
			if _, ok := tmpl.Parameters[ref.name]["Default"]; !ok && ref.what == "Ref" {
				r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: ref.line,
					Msg: fmt.Sprintf("Ref %s: a parameter with no Default, so its value is unknown: the default is used", ref.name)})
			}
		case samImplicit(ref.name, tmpl.Resources):
		default:
			msg := fmt.Sprintf("%s %s: unresolvable reference (no parameter or resource of that name)", ref.what, ref.name)
			if ref.resource != "" {
				msg += fmt.Sprintf("; resource %s skipped", ref.resource)
				bad[ref.resource] = true
			}
			r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: ref.line, Msg: msg})
		}
	}
	_ = rawParams
	ids := make([]string, 0, len(tmpl.Resources))
	for id := range tmpl.Resources {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		li, lj := lines.keys["Resources."+ids[i]], lines.keys["Resources."+ids[j]]
		if li != lj {
			return li < lj
		}
		return ids[i] < ids[j]
	})
	globals := tmpl.Globals["Function"]
	cr := &cfnResources{r: r, file: s.Name, lines: lines, all: tmpl.Resources}
	for _, id := range ids {
		if bad[id] {
			continue
		}
		cr.resource(id, tmpl.Resources[id], globals)
	}
}

type cfnResources struct {
	r     *Result
	file  string
	lines *cfnLines
	all   map[string]map[string]any
}

func (cr *cfnResources) where(id string) string {
	return fmt.Sprintf("%s:%d", cr.file, cr.lines.keys["Resources."+id])
}

func (cr *cfnResources) unknown(id, typ string) {
	cr.r.Unknown = append(cr.r.Unknown, Problem{File: cr.file, Line: cr.lines.keys["Resources."+id], Msg: fmt.Sprintf("%s %s: not a component fulcrum models", typ, id)})
}

func (cr *cfnResources) resource(id string, res map[string]any, globals map[string]any) {
	typ, _ := res["Type"].(string)
	props, _ := res["Properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
	}
	meta := stringMap(res["Metadata"])
	where := cr.where(id)
	switch typ {
	case "AWS::Serverless::Function", "AWS::Lambda::Function":
		merged := map[string]any{}
		if typ == "AWS::Serverless::Function" {
			for k, v := range globals {
				merged[k] = v
			}
		}
		for k, v := range props {
			merged[k] = v
		}
		cr.r.Components = append(cr.r.Components, cr.function(id, typ, merged, meta, where))
	case "AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable", "AWS::DynamoDB::GlobalTable":
		c := dataComponent(id, workload.TypeDatabase, "document", typ, where)
		if pt, ok := props["ProvisionedThroughput"].(map[string]any); ok {
			if n, ok := number(pt["ReadCapacityUnits"]); ok {
				c.note("provisioned %s read and %v write capacity units", num(n), pt["WriteCapacityUnits"])
			}
		}
		cr.r.Components = append(cr.r.Components, c)
	case "AWS::SQS::Queue", "AWS::SNS::Topic":
		if feeds := meta[export.AnnotationPrefix+"feeds"]; feeds != "" {
			cr.r.Unknown = append(cr.r.Unknown, Problem{File: cr.file, Line: cr.lines.keys["Resources."+id],
				Msg: fmt.Sprintf("%s %s: the event source of %s (part of that component)", typ, id, feeds)})
			return
		}
		engine := "queue"
		if typ == "AWS::SNS::Topic" {
			engine = "topic"
		}
		cr.r.Components = append(cr.r.Components, dataComponent(id, workload.TypeQueue, engine, typ, where))
	case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster":
		engine := "postgres"
		if e, _ := props["Engine"].(string); strings.Contains(strings.ToLower(e), "mysql") || strings.Contains(strings.ToLower(e), "mariadb") {
			engine = "mysql"
		}
		c := dataComponent(id, workload.TypeDatabase, engine, typ, where)
		if gb, ok := number(props["AllocatedStorage"]); ok {
			c.set("storage_gb", gb, where+" (AllocatedStorage)", "")
		}
		if cls, ok := props["DBInstanceClass"].(string); ok {
			c.note("instance class %s", cls)
		}
		if ha, ok := props["MultiAZ"].(bool); ok && ha {
			c.set("data.high_availability", true, where+" (MultiAZ)", "")
		}
		cr.r.Components = append(cr.r.Components, c)
	case "AWS::ElastiCache::CacheCluster", "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::ServerlessCache":
		engine, _ := props["Engine"].(string)
		if engine == "" {
			engine = "redis"
		}
		c := dataComponent(id, workload.TypeCache, strings.ToLower(engine), typ, where)
		if n, ok := props["CacheNodeType"].(string); ok {
			c.note("node type %s", n)
		}
		cr.r.Components = append(cr.r.Components, c)
	case "AWS::Lambda::EventSourceMapping", "AWS::Lambda::Url", "AWS::Lambda::Permission", "AWS::Lambda::Version", "AWS::Lambda::Alias",
		"AWS::Lambda::EventInvokeConfig":
		fn, _ := props["FunctionName"].(string)
		if fn == "" {
			fn, _ = props["TargetFunctionArn"].(string)
		}
		cr.r.Unknown = append(cr.r.Unknown, Problem{File: cr.file, Line: cr.lines.keys["Resources."+id],
			Msg: fmt.Sprintf("%s %s: read with its function %s", typ, id, orDash(fn))})
	default:
		cr.unknown(id, typ)
	}
}

// dataComponent is a managed data service's component.
func dataComponent(id string, t workload.Type, engine, typ, where string) *Component {
	c := &Component{Name: componentName(id), From: fmt.Sprintf("%s (%s %s)", where, typ, id)}
	c.set("type", string(t), fmt.Sprintf("%s (%s)", where, typ), "")
	if t != workload.TypeQueue {
		c.set("stateful", true, fmt.Sprintf("%s (%s holds data)", where, typ), "")
	}
	c.set("data.engine", engine, fmt.Sprintf("%s (%s)", where, typ), "")
	c.set("requests_per_month", 1000000.0, "", "the sources give no traffic: set the real operations a month")
	return c
}

// function imports a SAM or Lambda function.
func (cr *cfnResources) function(id, typ string, p map[string]any, meta map[string]string, where string) *Component {
	c := &Component{Name: componentNameFrom(meta, id), From: fmt.Sprintf("%s (%s %s)", where, typ, id)}
	ours := applyAnnotations(c, meta, where)
	if n, ok := number(p["MemorySize"]); ok {
		if !c.has("memory_mb") {
			c.set("memory_mb", n, where+" (MemorySize)", "")
		}
	} else if !c.has("memory_mb") {
		c.set("memory_mb", 128.0, "Lambda's default MemorySize of 128 MB (none given)", "")
	}
	if n, ok := number(p["Timeout"]); ok {
		if !c.has("max_execution_s") {
			c.set("max_execution_s", n, where+" (Timeout)", "")
		}
	} else if !c.has("max_execution_s") {
		c.set("max_execution_s", 3.0, "Lambda's default Timeout of 3 s (none given)", "")
	}
	if !c.has("runtime") {
		if pt, _ := p["PackageType"].(string); pt == "Image" {
			c.set("runtime", string(workload.RuntimeContainer), where+" (PackageType: Image)", "")
		} else if rt, _ := p["Runtime"].(string); rt != "" {
			if w, exact := runtimeFromLambda(rt); w != "" {
				guess := ""
				if !exact {
					guess = fmt.Sprintf("the custom runtime %s (%s) runs a bootstrap binary: go or rust", rt, where)
				}
				c.set("runtime", string(w), where+" (Runtime "+rt+")", guess)
			}
		}
	}
	if pc, ok := p["ProvisionedConcurrencyConfig"].(map[string]any); ok {
		if n, ok := number(pc["ProvisionedConcurrentExecutions"]); ok {
			c.note("provisioned concurrency: %s (the analysis finds the provisioned concurrency the SLO needs)", num(n))
		}
	}
	if n, ok := number(p["ReservedConcurrentExecutions"]); ok {
		c.note("reserved concurrency: %s", num(n))
	}
	typeFrom := ""
	var t workload.Type
	fd := workload.FrontDoor("")
	events, _ := p["Events"].(map[string]any)
	names := make([]string, 0, len(events))
	for n := range events {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		ev, _ := events[n].(map[string]any)
		et, _ := ev["Type"].(string)
		evProps, _ := ev["Properties"].(map[string]any)
		switch et {
		case "Api":
			t, fd, typeFrom = workload.TypeHTTPAPI, workload.FrontDoorAPIGatewayREST, "an Api event"
		case "HttpApi":
			t, fd, typeFrom = workload.TypeHTTPAPI, workload.FrontDoorAPIGatewayHTTP, "an HttpApi event"
		case "SQS", "Kinesis", "DynamoDB", "S3", "SNS", "EventBridgeRule", "CloudWatchEvent", "MSK", "MQ", "SelfManagedKafka", "DocumentDB":
			if t == "" {
				t, fd, typeFrom = workload.TypeEventProcessor, workload.FrontDoorNone, "a "+et+" event"
			}
		case "Schedule", "ScheduleV2":
			t, fd, typeFrom = workload.TypeScheduledJob, workload.FrontDoorNone, "a "+et+" event"
			expr, _ := evProps["Schedule"].(string)
			if expr == "" {
				expr, _ = evProps["ScheduleExpression"].(string)
			}
			if runs, ok := runsPerMonth(expr); ok && !c.has("requests_per_month") {
				c.set("requests_per_month", runs, "", fmt.Sprintf("runs a month of %s (%s)", expr, where))
			}
		}
	}
	if _, ok := p["FunctionUrlConfig"]; ok && t == "" {
		t, fd, typeFrom = workload.TypeHTTPAPI, workload.FrontDoorBuiltIn, "a function URL"
	}
	if t == "" {
		// A plain Lambda function: look for what calls it.
		for oid, o := range cr.all {
			ot, _ := o["Type"].(string)
			op, _ := o["Properties"].(map[string]any)
			fn, _ := op["FunctionName"].(string)
			if fn == "" {
				fn, _ = op["TargetFunctionArn"].(string)
			}
			if !strings.HasPrefix(fn, id) && fn != id {
				continue
			}
			switch ot {
			case "AWS::Lambda::EventSourceMapping":
				t, fd, typeFrom = workload.TypeEventProcessor, workload.FrontDoorNone, "the event source mapping "+oid
			case "AWS::Lambda::Url":
				t, fd, typeFrom = workload.TypeHTTPAPI, workload.FrontDoorBuiltIn, "the function URL "+oid
			}
		}
	}
	if !c.has("type") {
		if t != "" {
			c.set("type", string(t), fmt.Sprintf("%s (%s)", where, typeFrom), "")
		} else {
			c.set("type", string(workload.TypeEventProcessor), "", fmt.Sprintf("no event source in the template (%s): invoked by something else", where))
		}
	}
	if fd != "" && !c.has("front_door") && !ours {
		c.set("front_door", string(fd), fmt.Sprintf("%s (%s)", where, typeFrom), "")
	}
	if !c.has("requests_per_month") {
		c.set("requests_per_month", 1000000.0, "", "the template gives no traffic: set the real requests a month")
	}
	return c
}

var reErrLine = regexp.MustCompile(`^\[(\d+):(\d+)\]`)

func errLine(err error) int {
	if m := reErrLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if m := reLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 1
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return reErrLine.ReplaceAllString(s, "")
}
