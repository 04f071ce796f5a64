package importer

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/fulcrum-tools/fulcrum/internal/export"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

type tfResource struct {
	Address string         `json:"address"`
	Mode    string         `json:"mode"`
	Type    string         `json:"type"`
	Name    string         `json:"name"`
	Values  map[string]any `json:"values"`
	path    string         // goccy path, for the line
}

type tfModule struct {
	Resources    []tfResource `json:"resources"`
	ChildModules []tfModule   `json:"child_modules"`
}

// importTerraform reads `terraform show -json` output of a plan (or of
// state): the planned values of every module.
func importTerraform(r *Result, s Source) {
	var plan struct {
		FormatVersion string `json:"format_version"`
		PlannedValues *struct {
			RootModule tfModule `json:"root_module"`
		} `json:"planned_values"`
		Values *struct {
			RootModule tfModule `json:"root_module"`
		} `json:"values"`
	}
	if err := json.Unmarshal(s.Data, &plan); err != nil {
		line := 1
		if se, ok := err.(*json.SyntaxError); ok {
			line = 1 + strings.Count(string(s.Data[:min(int(se.Offset), len(s.Data))]), "\n")
		}
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: line, Msg: "not Terraform JSON: " + err.Error()})
		return
	}
	root, base := tfModule{}, ""
	switch {
	case plan.PlannedValues != nil:
		root, base = plan.PlannedValues.RootModule, "$.planned_values.root_module"
	case plan.Values != nil:
		root, base = plan.Values.RootModule, "$.values.root_module"
	default:
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "a Terraform JSON document with neither planned_values nor values"})
		return
	}
	var all []tfResource
	var collect func(m tfModule, p string)
	collect = func(m tfModule, p string) {
		for i, res := range m.Resources {
			res.path = fmt.Sprintf("%s.resources[%d]", p, i)
			all = append(all, res)
		}
		for i, cm := range m.ChildModules {
			collect(cm, fmt.Sprintf("%s.child_modules[%d]", p, i))
		}
	}
	collect(root, base)
	f, _ := parser.ParseBytes(s.Data, 0)
	lineAt := func(p string) int {
		if f == nil {
			return 0
		}
		yp, err := yaml.PathString(p)
		if err != nil {
			return 0
		}
		n, err := yp.FilterFile(f)
		if err != nil || n == nil {
			return 0
		}
		return lineOf(n)
	}
	byName := map[string][]tfResource{}
	for _, res := range all {
		byName[res.Type] = append(byName[res.Type], res)
	}
	for _, res := range all {
		if res.Mode == "data" {
			continue
		}
		line := lineAt(res.path)
		where := fmt.Sprintf("%s:%d", s.Name, line)
		v := res.Values
		switch res.Type {
		case "aws_lambda_function":
			r.Components = append(r.Components, tfLambda(res, where, byName))
		case "google_cloud_run_v2_service":
			r.Components = append(r.Components, tfCloudRun(res, where))
		case "azurerm_linux_function_app", "azurerm_function_app_flex_consumption":
			r.Components = append(r.Components, tfAzureFunction(res, where))
		case "aws_eks_node_group":
			sc := first(v["scaling_config"])
			r.Notes = append(r.Notes, fmt.Sprintf("%s: EKS node group %s of %v, %v to %v nodes (desired %v): cluster capacity, not a component; the analysis picks node types itself (kubernetes.node_types restricts them)",
				where, res.Address, v["instance_types"], sc["min_size"], sc["max_size"], sc["desired_size"]))
		case "aws_dynamodb_table":
			r.Components = append(r.Components, dataComponent(tfName(res), workload.TypeDatabase, "document", res.Type, where))
		case "aws_sqs_queue":
			r.Components = append(r.Components, dataComponent(tfName(res), workload.TypeQueue, "queue", res.Type, where))
		case "aws_db_instance":
			engine := "postgres"
			if e, _ := v["engine"].(string); strings.Contains(e, "mysql") || strings.Contains(e, "mariadb") {
				engine = "mysql"
			}
			c := dataComponent(tfName(res), workload.TypeDatabase, engine, res.Type, where)
			if gb, ok := number(v["allocated_storage"]); ok {
				c.set("storage_gb", gb, where+" (allocated_storage)", "")
			}
			if cls, ok := v["instance_class"].(string); ok {
				c.note("instance class %s", cls)
			}
			r.Components = append(r.Components, c)
		case "aws_lambda_event_source_mapping", "aws_lambda_function_url", "aws_lambda_provisioned_concurrency_config":
			// read with their function
		default:
			r.Unknown = append(r.Unknown, Problem{File: s.Name, Line: line, Msg: fmt.Sprintf("%s: not a component fulcrum models", res.Address)})
		}
	}
}

func tfName(res tfResource) string {
	for _, k := range []string{"function_name", "name"} {
		if n, ok := res.Values[k].(string); ok && n != "" {
			return n
		}
	}
	return res.Name
}

func first(v any) map[string]any {
	if l, ok := v.([]any); ok && len(l) > 0 {
		m, _ := l[0].(map[string]any)
		if m != nil {
			return m
		}
	}
	if m, ok := v.(map[string]any); ok {
		return m
	}
	return map[string]any{}
}

func tfLambda(res tfResource, where string, by map[string][]tfResource) *Component {
	v := res.Values
	name := tfName(res)
	tags := stringMap(v["tags"])
	c := &Component{Name: componentName(name), From: fmt.Sprintf("%s (%s)", where, res.Address)}
	if n := tags["fulcrum-component"]; n != "" {
		c.Name = componentName(n)
	}
	if n, ok := number(v["memory_size"]); ok {
		c.set("memory_mb", n, where+" (memory_size)", "")
	} else {
		c.set("memory_mb", 128.0, "Lambda's default memory_size of 128 MB (none planned)", "")
	}
	if n, ok := number(v["timeout"]); ok {
		c.set("max_execution_s", n, where+" (timeout)", "")
	} else {
		c.set("max_execution_s", 3.0, "Lambda's default timeout of 3 s (none planned)", "")
	}
	if pt, _ := v["package_type"].(string); pt == "Image" {
		c.set("runtime", string(workload.RuntimeContainer), where+" (package_type Image)", "")
	} else if rt, _ := v["runtime"].(string); rt != "" {
		if w, exact := runtimeFromLambda(rt); w != "" {
			guess := ""
			if !exact {
				guess = fmt.Sprintf("the custom runtime %s runs a bootstrap binary: go or rust (%s)", rt, where)
			}
			c.set("runtime", string(w), where+" (runtime "+rt+")", guess)
		}
	}
	refers := func(o tfResource) bool {
		fn, _ := o.Values["function_name"].(string)
		return fn == name || strings.HasSuffix(fn, ":"+name) || strings.HasSuffix(fn, ":function:"+name)
	}
	t, fd, why := workload.Type(""), workload.FrontDoor(""), ""
	for _, o := range by["aws_lambda_event_source_mapping"] {
		if refers(o) {
			t, fd, why = workload.TypeEventProcessor, workload.FrontDoorNone, o.Address
		}
	}
	for _, o := range by["aws_lambda_function_url"] {
		if refers(o) {
			t, fd, why = workload.TypeHTTPAPI, workload.FrontDoorBuiltIn, o.Address
		}
	}
	for _, o := range by["aws_lambda_provisioned_concurrency_config"] {
		if refers(o) {
			c.note("provisioned concurrency: %v (%s)", o.Values["provisioned_concurrent_executions"], o.Address)
		}
	}
	if t != "" {
		c.set("type", string(t), fmt.Sprintf("%s (%s)", where, why), "")
		c.set("front_door", string(fd), fmt.Sprintf("%s (%s)", where, why), "")
	} else {
		c.set("type", string(workload.TypeHTTPAPI), "", fmt.Sprintf("no event source mapping or function URL in the plan for %s: an API Gateway may call it", res.Address))
	}
	c.set("requests_per_month", 1000000.0, "", "the plan gives no traffic: set the real requests a month")
	return c
}

func tfCloudRun(res tfResource, where string) *Component {
	v := res.Values
	c := &Component{Name: componentName(tfName(res)), From: fmt.Sprintf("%s (%s)", where, res.Address)}
	tmpl := first(v["template"])
	ctr := first(tmpl["containers"])
	limits := stringMap(first(ctr["resources"])["limits"])
	if m := limits["memory"]; m != "" {
		if q, err := resource.ParseQuantity(m); err == nil {
			c.set("memory_mb", math.Ceil(float64(q.Value())/(1<<20)), where+" (template.containers.resources.limits.memory "+m+")", "")
		}
	}
	if g := limits["nvidia.com/gpu"]; g != "" {
		if n, err := strconv.Atoi(g); err == nil {
			c.set("gpu", n, where+" (limits nvidia.com/gpu)", "")
		}
	}
	if cpu := limits["cpu"]; cpu != "" {
		c.note("Cloud Run CPU limit: %s", cpu)
	}
	if n, ok := number(tmpl["max_instance_request_concurrency"]); ok && n > 0 {
		c.set("concurrency", int(n), where+" (max_instance_request_concurrency)", "")
	}
	if t, _ := tmpl["timeout"].(string); strings.HasSuffix(t, "s") {
		if n, err := strconv.ParseFloat(strings.TrimSuffix(t, "s"), 64); err == nil {
			c.set("max_execution_s", n, where+" (template.timeout)", "")
		}
	}
	if sc := first(tmpl["scaling"]); len(sc) > 0 {
		c.note("instances: min %v, max %v", sc["min_instance_count"], sc["max_instance_count"])
	}
	image, _ := ctr["image"].(string)
	setRuntimeFromImage(c, image, where)
	kind := workload.TypeHTTPAPI
	why := "a Cloud Run service serves HTTP"
	if c.Get("gpu") != nil {
		kind, why = workload.TypeMLInference, "a Cloud Run service with a GPU"
	}
	c.set("type", string(kind), "", why+" ("+where+")")
	c.set("requests_per_month", 1000000.0, "", "the plan gives no traffic: set the real requests a month")
	return c
}

func tfAzureFunction(res tfResource, where string) *Component {
	v := res.Values
	c := &Component{Name: componentName(tfName(res)), From: fmt.Sprintf("%s (%s)", where, res.Address)}
	site := first(v["site_config"])
	stack := first(site["application_stack"])
	if len(stack) == 0 {
		stack = v // the flex consumption resource keeps runtime_name at the top
	}
	rt := ""
	for k, w := range map[string]workload.Runtime{"node_version": workload.RuntimeNodeJS, "python_version": workload.RuntimePython,
		"java_version": workload.RuntimeJava, "dotnet_version": workload.RuntimeDotnet} {
		if s, _ := stack[k].(string); s != "" {
			rt = string(w)
			c.set("runtime", rt, where+" (application_stack."+k+")", "")
		}
	}
	if rn, _ := v["runtime_name"].(string); rn != "" && rt == "" {
		if w, _ := runtimeFromLambda(strings.ReplaceAll(rn, "node", "nodejs")); w != "" {
			c.set("runtime", string(w), where+" (runtime_name)", "")
		}
	}
	if n, ok := number(v["instance_memory_in_mb"]); ok {
		c.set("memory_mb", n, where+" (instance_memory_in_mb)", "")
	} else {
		c.set("memory_mb", 1536.0, "", "a Consumption plan instance has 1.5 GB; the plan does not size it")
	}
	if n, ok := number(v["maximum_instance_count"]); ok {
		c.note("maximum instances: %s", num(n))
	}
	c.set("type", string(workload.TypeHTTPAPI), "", "a function app: HTTP triggers are the commonest; check its triggers ("+where+")")
	c.set("requests_per_month", 1000000.0, "", "the plan gives no traffic: set the real requests a month")
	return c
}

// importWrangler reads a Cloudflare Worker's wrangler.toml: its name,
// CPU limit and cron triggers, and the fulcrum.dev/* comments fulcrum
// export writes.
func importWrangler(r *Result, s Source) {
	ann := map[string]string{}
	name, nameLine := "", 0
	section := ""
	var crons []string
	cronLine := 0
	for i, raw := range strings.Split(string(s.Data), "\n") {
		line := strings.TrimSpace(raw)
		if rest, ok := strings.CutPrefix(line, "# "+export.AnnotationPrefix); ok {
			if k, v, ok := strings.Cut(rest, " = "); ok {
				ann[export.AnnotationPrefix+strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
			continue
		}
		if j := strings.Index(line, " #"); j >= 0 && !strings.Contains(line[:j], `"`+"#") {
			line = strings.TrimSpace(line[:j])
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			section = strings.Trim(line, "[] ")
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: i + 1, Msg: "not TOML: a line with no key = value"})
			return
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case section == "" && k == "name":
			name, _ = strconv.Unquote(v)
			nameLine = i + 1
		case section == "triggers" && k == "crons":
			for _, c := range strings.Split(strings.Trim(v, "[] "), ",") {
				if c, err := strconv.Unquote(strings.TrimSpace(c)); err == nil {
					crons = append(crons, c)
				}
			}
			cronLine = i + 1
		}
	}
	if name == "" {
		r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: 1, Msg: "wrangler.toml with no name"})
		return
	}
	where := fmt.Sprintf("%s:%d", s.Name, nameLine)
	c := &Component{Name: componentNameFrom(ann, name), From: fmt.Sprintf("%s (Cloudflare Worker %s)", where, name)}
	applyAnnotations(c, ann, where)
	if !c.has("runtime") {
		c.set("runtime", string(workload.RuntimeNodeJS), "", "Workers run JavaScript or WebAssembly")
	}
	if !c.has("memory_mb") {
		c.set("memory_mb", 128.0, "a Worker's fixed 128 MB", "")
	}
	if len(crons) > 0 {
		if !c.has("type") {
			c.set("type", string(workload.TypeScheduledJob), fmt.Sprintf("%s:%d (triggers.crons)", s.Name, cronLine), "")
		}
		total := 0.0
		for _, cr := range crons {
			if n, ok := runsPerMonth(cr); ok {
				total += n
			}
		}
		if total > 0 {
			c.set("requests_per_month", total, "", fmt.Sprintf("runs a month of %v (%s:%d)", crons, s.Name, cronLine))
		}
	}
	if !c.has("type") {
		c.set("type", string(workload.TypeHTTPAPI), "", "a Worker serves HTTP: check whether it is a frontend")
	}
	if !c.has("requests_per_month") {
		c.set("requests_per_month", 1000000.0, "", "wrangler.toml gives no traffic: set the real requests a month")
	}
	r.Components = append(r.Components, c)
}
