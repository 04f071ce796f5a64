package export

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"

	"sigs.k8s.io/yaml"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Cloud Run's limits and defaults the service YAML keeps within.
const (
	cloudRunMaxTimeout    = 3600  // a service's request timeout, s
	cloudRunJobMaxTimeout = 86400 // a job task's, s
	cloudRunDefaultMax    = 100   // default maximum instances
)

// CloudRunShape is what the analysis priced a Cloud Run instance at.
type CloudRunShape struct {
	VCPU        float64
	MemoryMiB   int64
	GPU         int
	Concurrency int
	MinScale    int
	MaxScale    int
}

func cloudRunShape(p placed) CloudRunShape {
	vcpu, conc := platform.CloudRunShape(p.w)
	mem := math.Max(p.c.MemoryMB, 128)
	if p.c.GPU > 0 {
		// GPU services need at least 4 vCPU and 16 GiB (as priced).
		vcpu, mem = math.Max(vcpu, 4), math.Max(mem, 16384)
	}
	sh := CloudRunShape{VCPU: vcpu, MemoryMiB: int64(math.Ceil(mem)), GPU: p.c.GPU, Concurrency: conc, MaxScale: cloudRunDefaultMax}
	if sim := p.opt.Simulation; sim != nil {
		sh.MinScale = sim.Provisioned
		sh.MaxScale = max(sh.MaxScale, sim.MaxInstances)
	}
	return sh
}

// cloudRun is a Knative serving.knative.dev/v1 Service (or a Cloud Run Job
// for a job), as `gcloud run services replace` reads it.
func cloudRun(s *workload.Spec, p placed, head string) ([]byte, error) {
	c := p.c
	sh := cloudRunShape(p)
	limits := map[string]any{"cpu": num(sh.VCPU), "memory": fmt.Sprintf("%dMi", sh.MemoryMiB)}
	if sh.GPU > 0 {
		limits["nvidia.com/gpu"] = fmt.Sprint(sh.GPU)
	}
	ctr := map[string]any{
		"image":     ImagePlaceholder(c.Name),
		"resources": map[string]any{"limits": limits},
	}
	ann := prefixed(specAnnotations(c))
	meta := map[string]any{"name": c.Name, "labels": map[string]any{"fulcrum-system": strings.ToLower(s.Name)}, "annotations": ann}
	var doc map[string]any
	kind := "service"
	if platform.IsJob(c) {
		kind = "job"
		task := map[string]any{
			"containers":     []any{ctr},
			"timeoutSeconds": timeoutSeconds(c, cloudRunJobMaxTimeout),
			"maxRetries":     1,
		}
		doc = map[string]any{
			"apiVersion": "run.googleapis.com/v1",
			"kind":       "Job",
			"metadata":   meta,
			"spec": map[string]any{"template": map[string]any{
				"spec": map[string]any{"taskCount": 1, "template": map[string]any{"spec": task}},
			}},
		}
	} else {
		ctr["ports"] = []any{map[string]any{"containerPort": 8080}}
		tmplAnn := map[string]string{
			"autoscaling.knative.dev/minScale": fmt.Sprint(sh.MinScale),
			"autoscaling.knative.dev/maxScale": fmt.Sprint(sh.MaxScale),
		}
		spec := map[string]any{
			"containerConcurrency": sh.Concurrency,
			"timeoutSeconds":       timeoutSeconds(c, cloudRunMaxTimeout),
			"containers":           []any{ctr},
		}
		if sh.GPU > 0 {
			// GPU instances are billed for their lifetime: CPU always allocated.
			tmplAnn["run.googleapis.com/cpu-throttling"] = "false"
			spec["nodeSelector"] = map[string]any{"run.googleapis.com/accelerator": "nvidia-l4"}
		}
		ingress := "internal"
		if c.FrontDoor != workload.FrontDoorNone && c.FrontDoor != "" {
			ingress = "all"
		}
		ann["run.googleapis.com/ingress"] = ingress
		doc = map[string]any{
			"apiVersion": "serving.knative.dev/v1",
			"kind":       "Service",
			"metadata":   meta,
			"spec": map[string]any{"template": map[string]any{
				"metadata": map[string]any{"annotations": tmplAnn},
				"spec":     spec,
			}},
		}
	}
	y, err := yaml.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("marshal Cloud Run %s: %w", kind, err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n", head)
	if kind == "job" {
		fmt.Fprintf(&b, "# Deploy with: gcloud run jobs replace %s.yaml, then schedule it with Cloud Scheduler (%s, a guess from %s runs a month).\n",
			c.Name, cronSchedule(c), num(c.RequestsPerMonth))
	} else {
		fmt.Fprintf(&b, "# Deploy with: gcloud run services replace %s.yaml\n", c.Name)
	}
	fmt.Fprintf(&b, "# %s on Cloud Run: %s vCPU, %d MiB", c.Name, num(sh.VCPU), sh.MemoryMiB)
	if sh.GPU > 0 {
		fmt.Fprintf(&b, ", %d GPU", sh.GPU)
	}
	if kind == "service" {
		fmt.Fprintf(&b, ", %d requests at once, %d to %d instances", sh.Concurrency, sh.MinScale, sh.MaxScale)
	}
	b.WriteString(".\n")
	b.Write(y)
	return b.Bytes(), nil
}

// wrangler is a Cloudflare Worker's wrangler.toml. The spec's fields an
// import reads back are kept in comments (wrangler warns on unknown keys).
func wrangler(p placed, head, asOf string) []byte {
	c := p.c
	cpu := int(math.Ceil(c.CPUMillis()*math.Max(1, c.DurationP99Millis()/math.Max(c.DurationMS, 1e-9)) - 1e-9))
	cpu = max(cpu, 10)
	date := asOf
	if len(date) > 10 {
		date = date[:10]
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n# Deploy with: npx wrangler deploy\n", head)
	keys := specAnnotations(c)
	for _, k := range sortedKeys(keys) {
		fmt.Fprintf(&b, "# %s%s = %s\n", AnnotationPrefix, k, keys[k])
	}
	fmt.Fprintf(&b, "name = %q\n", c.Name)
	fmt.Fprintf(&b, "main = %q # fill in: the Worker's entry point\n", "src/index.js")
	fmt.Fprintf(&b, "compatibility_date = %q\n", date)
	b.WriteString("workers_dev = true\n")
	fmt.Fprintf(&b, "\n[limits]\n# the CPU time a request may use: the spec's cpu_ms at its p99 (%s ms per request on average)\ncpu_ms = %d\n", num(c.CPUMillis()), cpu)
	if platform.IsJob(c) {
		fmt.Fprintf(&b, "\n[triggers]\n# a guess from %s runs a month: check it\ncrons = [%q]\n", num(c.RequestsPerMonth), cronSchedule(c))
	}
	return b.Bytes()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
