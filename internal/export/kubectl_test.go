package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openapiv2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/proto"
)

// fakeAPIServer answers what `kubectl apply --dry-run=client` asks a
// cluster: discovery of the kinds export writes, the OpenAPI v3 schema
// (the trimmed v2 definitions, as kubectl's strict validation reads them)
// and "not found" for every object. It listens on loopback only.
func fakeAPIServer(t *testing.T) *httptest.Server {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "k8s-openapi", "swagger-trimmed.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Definitions map[string]any `json:"definitions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	v3 := strings.ReplaceAll(string(mustJSON(t, map[string]any{
		"openapi": "3.0.0", "info": map[string]any{"title": "Kubernetes", "version": "v1.27.0"},
		"paths": map[string]any{}, "components": map[string]any{"schemas": doc.Definitions},
	})), "#/definitions/", "#/components/schemas/")
	type res struct{ name, kind string }
	groups := map[string][]res{
		"v1":                   {{"services", "Service"}, {"persistentvolumeclaims", "PersistentVolumeClaim"}},
		"apps/v1":              {{"deployments", "Deployment"}, {"statefulsets", "StatefulSet"}},
		"batch/v1":             {{"cronjobs", "CronJob"}, {"jobs", "Job"}},
		"autoscaling/v2":       {{"horizontalpodautoscalers", "HorizontalPodAutoscaler"}},
		"policy/v1":            {{"poddisruptionbudgets", "PodDisruptionBudget"}},
		"networking.k8s.io/v1": {{"ingresses", "Ingress"}},
	}
	mux := http.NewServeMux()
	write := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(mustJSON(t, v))
	}
	mux.HandleFunc("/api", func(w http.ResponseWriter, r *http.Request) {
		write(w, map[string]any{"kind": "APIVersions", "versions": []string{"v1"},
			"serverAddressByClientCIDRs": []any{map[string]any{"clientCIDR": "0.0.0.0/0", "serverAddress": r.Host}}})
	})
	mux.HandleFunc("/apis", func(w http.ResponseWriter, r *http.Request) {
		var gs []any
		for gv := range groups {
			g, v, ok := strings.Cut(gv, "/")
			if !ok {
				continue
			}
			ver := map[string]any{"groupVersion": gv, "version": v}
			gs = append(gs, map[string]any{"name": g, "versions": []any{ver}, "preferredVersion": ver})
		}
		write(w, map[string]any{"kind": "APIGroupList", "apiVersion": "v1", "groups": gs})
	})
	index := map[string]any{}
	for gv, rs := range groups {
		path := "/apis/" + gv
		if gv == "v1" {
			path = "/api/v1"
		}
		var list []any
		for _, r := range rs {
			list = append(list, map[string]any{"name": r.name, "singularName": strings.ToLower(r.kind), "namespaced": true, "kind": r.kind,
				"verbs": []string{"create", "delete", "get", "list", "patch", "update", "watch"}})
		}
		body := map[string]any{"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv, "resources": list}
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) { write(w, body) })
		rel := strings.TrimPrefix(path, "/")
		index[rel] = map[string]any{"serverRelativeURL": "/openapi/v3/" + rel + "?hash=1"}
		mux.HandleFunc("/openapi/v3/"+rel, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Write([]byte(v3))
		})
	}
	// kubectl validates against the OpenAPI v2 document, which it asks for
	// as protobuf: gnostic's models encode it.
	full := mustJSON(t, map[string]any{"swagger": "2.0", "info": map[string]any{"title": "Kubernetes", "version": "v1.27.0"},
		"paths": map[string]any{}, "definitions": doc.Definitions})
	v2doc, err := openapiv2.ParseDocument(full)
	if err != nil {
		t.Fatal(err)
	}
	v2pb, err := proto.Marshal(v2doc)
	if err != nil {
		t.Fatal(err)
	}
	mux.HandleFunc("/openapi/v2", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(v2pb)
	})
	mux.HandleFunc("/version", func(w http.ResponseWriter, r *http.Request) {
		write(w, map[string]any{"major": "1", "minor": "27", "gitVersion": "v1.27.0", "platform": "linux/amd64"})
	})
	mux.HandleFunc("/openapi/v3", func(w http.ResponseWriter, r *http.Request) { write(w, map[string]any{"paths": index}) })
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write(mustJSON(t, map[string]any{"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
			"message": "not found"}))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// kubectlDryRun runs `kubectl apply --dry-run=client --validate=strict`
// on dir against the fake API server; it skips without kubectl.
func kubectlDryRun(t *testing.T, dir string) (string, error) {
	t.Helper()
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		t.Skip("no kubectl on PATH")
	}
	srv := fakeAPIServer(t)
	home := t.TempDir()
	cfg := filepath.Join(home, "config")
	kc := fmt.Sprintf(`apiVersion: v1
kind: Config
clusters: [{name: fake, cluster: {server: %q}}]
users: [{name: fake, user: {token: fake}}]
contexts: [{name: fake, context: {cluster: fake, user: fake, namespace: default}}]
current-context: fake
`, srv.URL)
	if err := os.WriteFile(cfg, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kubectl, "apply", "--dry-run=client", "--validate=strict", "-R", "-f", dir)
	cmd.Env = append(os.Environ(), "KUBECONFIG="+cfg, "HOME="+home, "KUBECACHEDIR="+filepath.Join(home, "cache"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	return out.String(), err
}

func TestKubectlDryRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs kubectl")
	}
	dir := t.TempDir()
	n := 0
	for _, arch := range goldenArchitectures {
		for _, f := range exportOf(t, "system.yaml", arch) {
			if !strings.HasPrefix(f.Path, "kubernetes/") {
				continue
			}
			p := filepath.Join(dir, arch, filepath.FromSlash(f.Path))
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	out, err := kubectlDryRun(t, dir)
	if err != nil {
		t.Fatalf("kubectl apply --dry-run=client: %v\n%s", err, out)
	}
	if got := strings.Count(out, "(dry run)"); got < n {
		t.Errorf("kubectl applied %d objects from %d files:\n%s", got, n, out)
	}
	t.Logf("kubectl: %d objects from %d files", strings.Count(out, "(dry run)"), n)

	// And it fails on a misspelt field, so the pass above means something.
	bad := t.TempDir()
	for _, f := range exportOf(t, "system.yaml", "edge-frontend-kubernetes-backend") {
		if f.Path == "kubernetes/eks/api.yaml" {
			os.WriteFile(filepath.Join(bad, "api.yaml"), bytes.Replace(f.Data, []byte("replicas: 2"), []byte("replicaz: 2"), 1), 0o644)
		}
	}
	out, err = kubectlDryRun(t, bad)
	if err == nil || !strings.Contains(out, "replicaz") {
		t.Errorf("kubectl accepted a misspelt field: %v\n%s", err, out)
	}
}
