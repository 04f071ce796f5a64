package export

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Lambda's limits the SAM template keeps within.
const (
	lambdaMaxTimeout = 900
	lambdaMinMemory  = 128
	lambdaMaxMemory  = 10240
)

// LambdaRuntimes maps the spec's runtimes to Lambda's managed runtimes
// (go and rust ship a bootstrap on the OS-only runtime; container is an
// image function).
var LambdaRuntimes = map[workload.Runtime]string{
	workload.RuntimeNodeJS: "nodejs22.x",
	workload.RuntimePython: "python3.13",
	workload.RuntimeJava:   "java21",
	workload.RuntimeDotnet: "dotnet8",
	workload.RuntimeRuby:   "ruby3.3",
	workload.RuntimeGo:     "provided.al2023",
	workload.RuntimeRust:   "provided.al2023",
}

var lambdaHandlers = map[workload.Runtime]string{
	workload.RuntimeNodeJS: "index.handler",
	workload.RuntimePython: "app.handler",
	workload.RuntimeJava:   "example.Handler::handleRequest",
	workload.RuntimeDotnet: "Function::Function.Handler::FunctionHandler",
	workload.RuntimeRuby:   "app.handler",
	workload.RuntimeGo:     "bootstrap",
	workload.RuntimeRust:   "bootstrap",
}

// LogicalID is a CloudFormation logical id for a component name:
// "nightly-report" gives "NightlyReport".
func LogicalID(name string) string {
	var b strings.Builder
	up := true
	for _, r := range name {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		if r < 128 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || !unicode.IsLetter(rune(b.String()[0])) {
		return "C" + b.String()
	}
	return b.String()
}

func ms(kv ...any) yaml.MapSlice {
	var m yaml.MapSlice
	for i := 0; i+1 < len(kv); i += 2 {
		m = append(m, yaml.MapItem{Key: kv[i], Value: kv[i+1]})
	}
	return m
}

func sortedMap(m map[string]string) yaml.MapSlice {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out yaml.MapSlice
	for _, k := range keys {
		out = append(out, yaml.MapItem{Key: k, Value: m[k]})
	}
	return out
}

// samTemplate is one AWS SAM template with every Lambda function of the
// architecture, and an SQS queue for each one fed by events.
func samTemplate(s *workload.Spec, ps []placed, head string) ([]byte, error) {
	var resources yaml.MapSlice
	var notes []string
	for _, p := range ps {
		c := p.c
		id := LogicalID(c.Name)
		mem := int(c.MemoryMB)
		mem = max(lambdaMinMemory, min(lambdaMaxMemory, mem))
		props := yaml.MapSlice{}
		if rt, ok := LambdaRuntimes[c.Runtime]; ok {
			props = append(props, ms("Runtime", rt, "Handler", lambdaHandlers[c.Runtime], "CodeUri", "./"+c.Name)...)
		} else {
			props = append(props, ms("PackageType", "Image", "ImageUri", ImagePlaceholder(c.Name))...)
		}
		timeout := timeoutSeconds(c, lambdaMaxTimeout)
		props = append(props, ms("MemorySize", mem, "Timeout", timeout, "Architectures", []string{"x86_64"})...)
		prov := 0
		if p.opt.Simulation != nil {
			prov = p.opt.Simulation.Provisioned
		}
		if prov > 0 {
			props = append(props, ms("AutoPublishAlias", "live",
				"ProvisionedConcurrencyConfig", ms("ProvisionedConcurrentExecutions", prov))...)
		}
		var events yaml.MapSlice
		var extra []yaml.MapItem
		switch {
		case c.Type == workload.TypeScheduledJob || c.Type == workload.TypeBatchJob:
			events = append(events, yaml.MapItem{Key: "Schedule", Value: ms("Type", "Schedule",
				"Properties", ms("Schedule", "cron("+awsCron(cronSchedule(c))+")"))})
			notes = append(notes, fmt.Sprintf("%s's schedule is a guess from %s runs a month", c.Name, num(c.RequestsPerMonth)))
		case c.FrontDoor == workload.FrontDoorAPIGatewayHTTP:
			events = append(events, yaml.MapItem{Key: "Http", Value: ms("Type", "HttpApi",
				"Properties", ms("Path", "/{proxy+}", "Method", "ANY"))})
		case c.FrontDoor == workload.FrontDoorAPIGatewayREST:
			events = append(events, yaml.MapItem{Key: "Rest", Value: ms("Type", "Api",
				"Properties", ms("Path", "/{proxy+}", "Method", "ANY"))})
		case c.FrontDoor == workload.FrontDoorBuiltIn:
			props = append(props, yaml.MapItem{Key: "FunctionUrlConfig", Value: ms("AuthType", "NONE")})
		case c.Type == workload.TypeEventProcessor || c.Type == workload.TypeQueue:
			q := id + "Queue"
			events = append(events, yaml.MapItem{Key: "Queue", Value: ms("Type", "SQS",
				"Properties", ms("Queue", ms("Fn::GetAtt", []string{q, "Arn"}), "BatchSize", 1))})
			// SQS wants the visibility timeout at least six times the function's.
			extra = append(extra, yaml.MapItem{Key: q, Value: ms("Type", "AWS::SQS::Queue",
				"Metadata", ms(AnnotationPrefix+"feeds", c.Name),
				"Properties", ms("VisibilityTimeout", min(6*timeout, 43200)))})
		}
		if len(events) > 0 {
			props = append(props, yaml.MapItem{Key: "Events", Value: events})
		}
		props = append(props, yaml.MapItem{Key: "Tags", Value: ms("fulcrum-component", c.Name, "fulcrum-system", s.Name)})
		resources = append(resources, yaml.MapItem{Key: id + "Function", Value: ms(
			"Type", "AWS::Serverless::Function",
			"Metadata", sortedMap(prefixed(specAnnotations(c))),
			"Properties", props)})
		resources = append(resources, extra...)
	}
	tmpl := ms(
		"AWSTemplateFormatVersion", "2010-09-09",
		"Transform", "AWS::Serverless-2016-10-31",
		"Description", fmt.Sprintf("%s: the AWS Lambda functions of fulcrum's placement", s.Name),
		"Resources", resources,
	)
	y, err := yaml.MarshalWithOptions(tmpl, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("marshal SAM template: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n# Deploy with: sam build && sam deploy --guided\n", head)
	for _, n := range notes {
		fmt.Fprintf(&b, "# Check: %s.\n", n)
	}
	b.Write(y)
	if !bytes.HasSuffix(y, []byte("\n")) {
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// awsCron turns a five-field cron into EventBridge's six-field form.
func awsCron(c string) string {
	f := strings.Fields(c)
	if len(f) != 5 {
		return c
	}
	dom, dow := f[2], f[4]
	if dow != "*" {
		dom = "?"
		switch dow {
		case "1":
			dow = "MON"
		}
	} else {
		dow = "?"
	}
	return strings.Join([]string{f[0], f[1], dom, f[3], dow, "*"}, " ")
}
