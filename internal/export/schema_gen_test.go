package export

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// schemaKinds are the definitions the trimmed schema keeps, with every
// definition they reference: the kinds export writes and import reads.
var schemaKinds = []string{
	"io.k8s.api.apps.v1.Deployment",
	"io.k8s.api.apps.v1.StatefulSet",
	"io.k8s.api.core.v1.Service",
	"io.k8s.api.core.v1.PersistentVolumeClaim",
	"io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler",
	"io.k8s.api.policy.v1.PodDisruptionBudget",
	"io.k8s.api.batch.v1.CronJob",
	"io.k8s.api.batch.v1.Job",
	"io.k8s.api.networking.v1.Ingress",
}

// TestRegenerateSchema rewrites testdata/k8s-openapi/swagger-trimmed.json
// from the full Kubernetes OpenAPI v2 document named by
// FULCRUM_K8S_SWAGGER (see testdata/k8s-openapi/README.md); it is skipped
// without it.
func TestRegenerateSchema(t *testing.T) {
	src := os.Getenv("FULCRUM_K8S_SWAGGER")
	if src == "" {
		t.Skip("FULCRUM_K8S_SWAGGER not set")
	}
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Info        map[string]any            `json:"info"`
		Definitions map[string]map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	keep := map[string]any{}
	var visit func(name string)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if s, ok := e.(string); ok && k == "$ref" {
					visit(strings.TrimPrefix(s, "#/definitions/"))
				}
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	visit = func(name string) {
		if _, ok := keep[name]; ok {
			return
		}
		d, ok := doc.Definitions[name]
		if !ok {
			t.Fatalf("no definition %s", name)
		}
		keep[name] = d
		walk(d)
	}
	for _, k := range schemaKinds {
		visit(k)
	}
	names := make([]string, 0, len(keep))
	for n := range keep {
		names = append(names, n)
	}
	sort.Strings(names)
	out := map[string]any{"swagger": "2.0", "info": doc.Info, "definitions": keep}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("testdata", "k8s-openapi", "swagger-trimmed.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %d definitions: %s", len(names), strings.Join(names, " "))
}
