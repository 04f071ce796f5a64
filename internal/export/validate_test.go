package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/awslabs/goformation/v7"
	"github.com/awslabs/goformation/v7/intrinsics"
	"github.com/awslabs/goformation/v7/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/yaml"
)

// splitDocs splits a multi-document YAML file into its documents.
func splitDocs(data []byte) [][]byte {
	var docs [][]byte
	for _, d := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

var (
	k8sOnce    sync.Once
	k8sSchemas map[string]*jsonschema.Schema // by "apiVersion/kind"
	k8sErr     error
)

// k8sSchema compiles the trimmed Kubernetes OpenAPI v2 definitions
// (testdata/k8s-openapi) with every object closed (additionalProperties:
// false where the schema lists properties) and int-or-string accepting
// both, so that a misspelt field fails as kubectl --validate=strict would.
func k8sSchema(t *testing.T, apiVersion, kind string) *jsonschema.Schema {
	t.Helper()
	k8sOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join("testdata", "k8s-openapi", "swagger-trimmed.json"))
		if err != nil {
			k8sErr = err
			return
		}
		var doc struct {
			Definitions map[string]map[string]any `json:"definitions"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			k8sErr = err
			return
		}
		gvks := map[string]string{}
		for name, d := range doc.Definitions {
			closeSchema(d)
			if d["format"] == "int-or-string" {
				delete(d, "type")
				d["type"] = []any{"integer", "string"}
			}
			if list, ok := d["x-kubernetes-group-version-kind"].([]any); ok {
				for _, g := range list {
					m := g.(map[string]any)
					av := m["version"].(string)
					if grp := m["group"].(string); grp != "" {
						av = grp + "/" + av
					}
					gvks[av+"/"+m["kind"].(string)] = name
				}
			}
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft4)
		if err := c.AddResource("k8s.json", map[string]any{"definitions": toAny(doc.Definitions)}); err != nil {
			k8sErr = err
			return
		}
		k8sSchemas = map[string]*jsonschema.Schema{}
		for gvk, name := range gvks {
			s, err := c.Compile("k8s.json#/definitions/" + name)
			if err != nil {
				k8sErr = fmt.Errorf("%s: %w", name, err)
				return
			}
			k8sSchemas[gvk] = s
		}
	})
	if k8sErr != nil {
		t.Fatal(k8sErr)
	}
	s := k8sSchemas[apiVersion+"/"+kind]
	if s == nil {
		t.Fatalf("no schema for %s %s in testdata/k8s-openapi", apiVersion, kind)
	}
	return s
}

// close sets additionalProperties: false on every object schema that
// lists its properties and says nothing of others, recursively.
func closeSchema(v any) {
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v["properties"]; ok {
			if _, ok := v["additionalProperties"]; !ok {
				v["additionalProperties"] = false
			}
		}
		for k, e := range v {
			if k == "properties" {
				for _, p := range e.(map[string]any) {
					closeSchema(p)
				}
				continue
			}
			closeSchema(e)
		}
	case []any:
		for _, e := range v {
			closeSchema(e)
		}
	}
}

func toAny(m map[string]map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// strictDecoder decodes into the k8s.io/api types and rejects unknown
// and duplicate fields.
func strictDecoder(t *testing.T) runtime.Decoder {
	t.Helper()
	sch := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{appsv1.AddToScheme, corev1.AddToScheme, batchv1.AddToScheme,
		autoscalingv2.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme} {
		if err := add(sch); err != nil {
			t.Fatal(err)
		}
	}
	return serializer.NewCodecFactory(sch, serializer.EnableStrict).UniversalDeserializer()
}

// validateManifests checks every document of a manifest file against the
// OpenAPI schema and by strict decoding; it returns the kinds seen.
func validateManifests(t *testing.T, name string, data []byte) []string {
	t.Helper()
	dec := strictDecoder(t)
	var kinds []string
	for i, doc := range splitDocs(data) {
		js, err := yaml.YAMLToJSON(doc)
		if err != nil {
			t.Errorf("%s document %d: %v", name, i+1, err)
			continue
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		m := inst.(map[string]any)
		av, _ := m["apiVersion"].(string)
		kind, _ := m["kind"].(string)
		kinds = append(kinds, kind)
		if err := k8sSchema(t, av, kind).Validate(inst); err != nil {
			t.Errorf("%s document %d (%s): schema: %v", name, i+1, kind, err)
		}
		if _, _, err := dec.Decode(js, nil, nil); err != nil {
			t.Errorf("%s document %d (%s): strict decode: %v", name, i+1, kind, err)
		}
	}
	return kinds
}

func TestExportedManifestsValidate(t *testing.T) {
	seen := map[string]bool{}
	for _, arch := range goldenArchitectures {
		for _, f := range exportOf(t, "system.yaml", arch) {
			if strings.HasPrefix(f.Path, "kubernetes/") {
				for _, k := range validateManifests(t, arch+"/"+f.Path, f.Data) {
					seen[k] = true
				}
			}
		}
	}
	for _, k := range []string{"Deployment", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "StatefulSet", "CronJob"} {
		if !seen[k] {
			t.Errorf("no export of examples/system.yaml has a %s", k)
		}
	}
}

// The validators catch what they are there for: a misspelt field, a wrong
// type, an unknown kind.
func TestManifestValidatorsCatchMistakes(t *testing.T) {
	files := exportOf(t, "system.yaml", "edge-frontend-kubernetes-backend")
	var api []byte
	for _, f := range files {
		if f.Path == "kubernetes/eks/api.yaml" {
			api = f.Data
		}
	}
	if api == nil {
		t.Fatal("no api manifest")
	}
	doc := splitDocs(api)[0]
	dec := strictDecoder(t)
	for name, bad := range map[string][]byte{
		"misspelt field": bytes.Replace(doc, []byte("replicas: 2"), []byte("replica: 2"), 1),
		"wrong type":     bytes.Replace(doc, []byte("replicas: 2"), []byte("replicas: two"), 1),
	} {
		js, err := yaml.YAMLToJSON(bad)
		if err != nil {
			t.Fatal(err)
		}
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if k8sSchema(t, "apps/v1", "Deployment").Validate(inst) == nil {
			t.Errorf("%s: the schema accepted it", name)
		}
		if _, _, err := dec.Decode(js, nil, nil); err == nil {
			t.Errorf("%s: strict decoding accepted it", name)
		}
	}
}

var (
	samOnce   sync.Once
	samSchema *jsonschema.Schema
	samErr    error
)

// samValidator compiles goformation's SAM JSON schema (draft 4) once.
func samValidator(t *testing.T) *jsonschema.Schema {
	t.Helper()
	samOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schema.SamSchema))
		if err != nil {
			samErr = err
			return
		}
		delete(doc.(map[string]any), "$id") // goformation's $id is no URL the compiler accepts
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft4)
		if err := c.AddResource("sam.json", doc); err != nil {
			samErr = err
			return
		}
		samSchema, samErr = c.Compile("sam.json")
	})
	if samErr != nil {
		t.Fatal(samErr)
	}
	return samSchema
}

func TestSAMTemplateValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("compiling the SAM schema takes seconds")
	}
	n := 0
	for _, arch := range goldenArchitectures {
		for _, f := range exportOf(t, "system.yaml", arch) {
			if f.Path != "aws-lambda/template.yaml" {
				continue
			}
			n++
			// goformation's schema types each property without intrinsic
			// functions: resolve them first, as CloudFormation would.
			js, err := intrinsics.ProcessYAML(f.Data, &intrinsics.ProcessorOptions{
				IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{"Fn::GetAtt": getAttARN}})
			if err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
			if err != nil {
				t.Fatal(err)
			}
			if err := samValidator(t).Validate(inst); err != nil {
				t.Errorf("%s: SAM schema: %v", arch, err)
			}
			tmpl, err := goformation.ParseYAML(f.Data)
			if err != nil {
				t.Fatalf("%s: goformation: %v", arch, err)
			}
			fns := tmpl.GetAllServerlessFunctionResources()
			if len(fns) == 0 {
				t.Errorf("%s: goformation found no functions", arch)
			}
			for id, fn := range fns {
				if fn.MemorySize == nil || *fn.MemorySize < 128 || fn.Timeout == nil || *fn.Timeout > 900 {
					t.Errorf("%s: %s has memory %v timeout %v", arch, id, fn.MemorySize, fn.Timeout)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no golden architecture has a SAM template")
	}
}

// getAttARN resolves Fn::GetAtt to an example ARN naming the resource.
func getAttARN(_ string, input any, _ any) any {
	if l, ok := input.([]any); ok && len(l) == 2 {
		return fmt.Sprintf("arn:aws:sqs:us-east-1:123456789012:%v", l[0])
	}
	return "arn:aws:unknown"
}

// The SAM schema catches a misspelt property, as the issue asks.
func TestSAMSchemaCatchesTypo(t *testing.T) {
	if testing.Short() {
		t.Skip("compiling the SAM schema takes seconds")
	}
	var tmpl []byte
	for _, f := range exportOf(t, "system.yaml", "all-serverless") {
		if f.Path == "aws-lambda/template.yaml" {
			tmpl = f.Data
		}
	}
	bad := bytes.Replace(tmpl, []byte("MemorySize:"), []byte("MemorySzie:"), 1)
	js, err := intrinsics.ProcessYAML(bad, &intrinsics.ProcessorOptions{
		IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{"Fn::GetAtt": getAttARN}})
	if err != nil {
		t.Fatal(err)
	}
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if samValidator(t).Validate(inst) == nil {
		t.Error("the SAM schema accepted MemorySzie")
	}
}

// Every example spec, every feasible architecture: the export builds, its
// manifests validate and its SAM template passes the schema.
func TestExportEveryExample(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses every example")
	}
	names, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	provisioned := 0
	for _, n := range names {
		ex := filepath.Base(n)
		if ex == "traced-api.yaml" {
			continue // replays trace files: covered through the CLI
		}
		s, a := analyse(t, ex)
		for _, arch := range a.Architectures {
			if !arch.Feasible {
				continue
			}
			files, err := Build(s, a, Options{Architecture: arch.Name})
			if err != nil {
				t.Errorf("%s %s: %v", ex, arch.Name, err)
				continue
			}
			for _, f := range files {
				switch {
				case strings.HasPrefix(f.Path, "kubernetes/"):
					for _, k := range validateManifests(t, ex+" "+arch.Name+" "+f.Path, f.Data) {
						kinds[k]++
					}
				case f.Path == "aws-lambda/template.yaml":
					if bytes.Contains(f.Data, []byte("ProvisionedConcurrentExecutions")) {
						provisioned++
					}
					js, err := intrinsics.ProcessYAML(f.Data, &intrinsics.ProcessorOptions{
						IntrinsicHandlerOverrides: map[string]intrinsics.IntrinsicHandler{"Fn::GetAtt": getAttARN}})
					if err != nil {
						t.Fatal(err)
					}
					inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(js))
					if err := samValidator(t).Validate(inst); err != nil {
						t.Errorf("%s %s: SAM schema: %.300v", ex, arch.Name, err)
					}
				}
			}
		}
	}
	t.Logf("manifests by kind: %v; SAM templates with provisioned concurrency: %d", kinds, provisioned)
}
