package importer

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"sigs.k8s.io/yaml"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// kubeObj is one decoded manifest with where it came from.
type kubeObj struct {
	file string
	line int
	kind string
	name string
	ns   string
	obj  runtime.Object // typed, for the kinds in the scheme
	raw  map[string]any // Knative and Cloud Run objects
}

func (o kubeObj) where() string { return fmt.Sprintf("%s:%d", o.file, o.line) }

// kubeSet collects the manifests of every source: a Service, HPA or PVC
// in one file may belong to a Deployment in another.
type kubeSet struct {
	objs   []kubeObj
	dec    runtime.Decoder
	groups map[string]bool
	scheme *runtime.Scheme
}

func newKubeSet() *kubeSet {
	sch := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme,
		autoscalingv1.AddToScheme, autoscalingv2.AddToScheme, policyv1.AddToScheme, networkingv1.AddToScheme, rbacv1.AddToScheme} {
		if err := add(sch); err != nil {
			panic(err)
		}
	}
	groups := map[string]bool{}
	for gvk := range sch.AllKnownTypes() {
		groups[gvk.Group] = true
	}
	return &kubeSet{dec: serializer.NewCodecFactory(sch).UniversalDeserializer(), groups: groups, scheme: sch}
}

var reDocSep = regexp.MustCompile(`^---(\s.*)?$`)
var reLine = regexp.MustCompile(`line (\d+)`)

// docs splits a multi-document YAML file, with each document's first line.
func docs(data []byte) (out []struct {
	line int
	text string
}) {
	lines := strings.SplitAfter(string(data), "\n")
	start := 1
	var cur strings.Builder
	flush := func(next int) {
		if strings.TrimSpace(stripComments(cur.String())) != "" {
			out = append(out, struct {
				line int
				text string
			}{start, cur.String()})
		}
		cur.Reset()
		start = next
	}
	for i, l := range lines {
		if reDocSep.MatchString(strings.TrimRight(l, "\r\n")) {
			flush(i + 2)
			continue
		}
		cur.WriteString(l)
	}
	flush(len(lines) + 1)
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// firstContentLine is the line of a document's first non-comment line.
func firstContentLine(start int, text string) int {
	for i, l := range strings.Split(text, "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			return start + i
		}
	}
	return start
}

// read decodes a file's manifests into the set.
func (k *kubeSet) read(r *Result, s Source) {
	for _, d := range docs(s.Data) {
		line := firstContentLine(d.line, d.text)
		js, err := yaml.YAMLToJSON([]byte(d.text))
		if err != nil {
			at := line
			if m := reLine.FindStringSubmatch(err.Error()); m != nil {
				n, _ := strconv.Atoi(m[1])
				at = d.line + n - 1
			}
			r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: at, Msg: "not YAML: " + cleanYAMLErr(err)})
			continue
		}
		var m map[string]any
		if err := yaml.Unmarshal(js, &m); err != nil || m == nil {
			r.Skipped = append(r.Skipped, Problem{File: s.Name, Line: line, Msg: "not a Kubernetes manifest: the document is not a mapping"})
			continue
		}
		k.readDoc(r, s.Name, line, js, m, d.text, d.line)
	}
}

// readDoc decodes one manifest; a List's items are read one by one.
func (k *kubeSet) readDoc(r *Result, file string, line int, js []byte, m map[string]any, text string, start int) {
	av, _ := m["apiVersion"].(string)
	kind, _ := m["kind"].(string)
	meta, _ := m["metadata"].(map[string]any)
	name, _ := meta["name"].(string)
	ns, _ := meta["namespace"].(string)
	if kind == "List" || strings.HasSuffix(kind, "List") && m["items"] != nil {
		items, _ := m["items"].([]any)
		f, _ := parser.ParseBytes([]byte(text), 0)
		for i, it := range items {
			at := line
			if p, err := goyaml.PathString(fmt.Sprintf("$.items[%d]", i)); err == nil && f != nil {
				if n, err := p.FilterFile(f); err == nil && n != nil && lineOf(n) > 0 {
					at = start + lineOf(n) - 1
				}
			}
			im, ok := it.(map[string]any)
			if !ok {
				continue
			}
			ij, err := json.Marshal(im)
			if err != nil {
				continue
			}
			k.readDoc(r, file, at, ij, im, "", at)
		}
		return
	}
	if av == "" || kind == "" {
		r.Skipped = append(r.Skipped, Problem{File: file, Line: line, Msg: "not a Kubernetes manifest: no apiVersion or kind"})
		return
	}
	o := kubeObj{file: file, line: line, kind: kind, name: name, ns: ns}
	gv, err := schema.ParseGroupVersion(av)
	if err != nil {
		r.Skipped = append(r.Skipped, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s %s: bad apiVersion %q: %v", kind, name, av, err)})
		return
	}
	switch {
	case (av == "serving.knative.dev/v1" && kind == "Service") || (av == "run.googleapis.com/v1" && kind == "Job"):
		o.raw = m
	case k.scheme.Recognizes(gv.WithKind(kind)):
		obj, _, err := k.dec.Decode(js, nil, nil)
		if err != nil {
			r.Skipped = append(r.Skipped, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s %s: %v", kind, name, err)})
			return
		}
		o.obj = obj
	case k.groups[gv.Group] && !k.knownVersion(gv, kind):
		r.Skipped = append(r.Skipped, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s %s: unknown apiVersion %s (this build reads %s)", kind, name, av, k.versionsOf(gv.Group, kind))})
		return
	default:
		r.Unknown = append(r.Unknown, Problem{File: file, Line: line, Msg: fmt.Sprintf("%s %s (%s)", kind, name, av)})
		return
	}
	k.objs = append(k.objs, o)
}

// knownVersion reports whether some version of group has kind, to tell an
// unknown apiVersion (apps/v1beta9 Deployment) from an unknown kind.
func (k *kubeSet) knownVersion(gv schema.GroupVersion, kind string) bool {
	return k.versionsOf(gv.Group, kind) == ""
}

func (k *kubeSet) versionsOf(group, kind string) string {
	var vs []string
	for gvk := range k.scheme.AllKnownTypes() {
		if gvk.Group == group && gvk.Kind == kind {
			vs = append(vs, gvk.GroupVersion().String())
		}
	}
	sort.Strings(vs)
	return strings.Join(vs, ", ")
}

func cleanYAMLErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "error converting YAML to JSON: ")
	return s
}

// workload is a pod-running object's parts that matter.
type workloadObj struct {
	o        kubeObj
	ann      map[string]string
	labels   map[string]string
	pod      corev1.PodSpec
	replicas *int32
	claims   []corev1.PersistentVolumeClaim
	job      bool
	schedule string
	deadline *int64
}

// components turns the set's workloads into components, with what the
// Services, Ingresses, HPAs and PVCs around them say.
func (k *kubeSet) components(r *Result) {
	var ws []workloadObj
	services := []kubeObj{}
	pvcs := map[string]kubeObj{}
	var hpas, ingresses, pdbs []kubeObj
	for _, o := range k.objs {
		if o.raw != nil {
			r.Components = append(r.Components, knative(o))
			continue
		}
		switch t := o.obj.(type) {
		case *appsv1.Deployment:
			ws = append(ws, workloadObj{o: o, ann: merge(t.Annotations, t.Spec.Template.Annotations), labels: t.Spec.Template.Labels, pod: t.Spec.Template.Spec, replicas: t.Spec.Replicas})
		case *appsv1.StatefulSet:
			ws = append(ws, workloadObj{o: o, ann: merge(t.Annotations, t.Spec.Template.Annotations), labels: t.Spec.Template.Labels, pod: t.Spec.Template.Spec, replicas: t.Spec.Replicas, claims: t.Spec.VolumeClaimTemplates})
		case *appsv1.DaemonSet:
			r.Unknown = append(r.Unknown, Problem{File: o.file, Line: o.line, Msg: fmt.Sprintf("DaemonSet %s: one pod per node is cluster overhead, not a component", o.name)})
		case *batchv1.CronJob:
			jt := t.Spec.JobTemplate.Spec
			ws = append(ws, workloadObj{o: o, ann: merge(t.Annotations, jt.Template.Annotations), labels: jt.Template.Labels, pod: jt.Template.Spec, job: true, schedule: t.Spec.Schedule, deadline: jt.ActiveDeadlineSeconds, replicas: jt.Parallelism})
		case *batchv1.Job:
			ws = append(ws, workloadObj{o: o, ann: merge(t.Annotations, t.Spec.Template.Annotations), labels: t.Spec.Template.Labels, pod: t.Spec.Template.Spec, job: true, deadline: t.Spec.ActiveDeadlineSeconds, replicas: t.Spec.Parallelism})
		case *corev1.Pod:
			ws = append(ws, workloadObj{o: o, ann: t.Annotations, labels: t.Labels, pod: t.Spec})
		case *corev1.Service:
			services = append(services, o)
		case *corev1.PersistentVolumeClaim:
			pvcs[o.ns+"/"+o.name] = o
		case *autoscalingv1.HorizontalPodAutoscaler, *autoscalingv2.HorizontalPodAutoscaler:
			hpas = append(hpas, o)
		case *networkingv1.Ingress:
			ingresses = append(ingresses, o)
		case *policyv1.PodDisruptionBudget:
			pdbs = append(pdbs, o)
		default:
			r.Unknown = append(r.Unknown, Problem{File: o.file, Line: o.line, Msg: fmt.Sprintf("%s %s: not a component (configuration or access control)", o.kind, o.name)})
		}
	}
	usedSvc := map[int]bool{}
	usedPVC := map[string]bool{}
	usedHPA := map[int]bool{}
	for _, w := range ws {
		c := &Component{Name: componentNameFrom(w.ann, w.o.name), From: fmt.Sprintf("%s (%s %s)", w.o.where(), w.o.kind, w.o.name)}
		where := w.o.where()
		ours := applyAnnotations(c, w.ann, where)
		// Resources.
		mem, cpu, gpu := podResources(w.pod)
		if mem > 0 && !c.has("memory_mb") {
			c.set("memory_mb", mem, fmt.Sprintf("%s (the containers' memory requests)", where), "")
		}
		if cpu > 0 {
			c.note("CPU requested per pod: %gm (the spec sizes CPU from cpu_ms per request instead)", cpu)
		}
		if gpu > 0 && !c.has("gpu") {
			c.set("gpu", gpu, fmt.Sprintf("%s (GPU limits)", where), "")
		}
		image := ""
		if len(w.pod.Containers) > 0 {
			image = w.pod.Containers[0].Image
		}
		setRuntimeFromImage(c, image, where)
		// Its Services and Ingresses.
		var svc []kubeObj
		for i, s := range services {
			sv := s.obj.(*corev1.Service)
			if s.ns == w.o.ns && len(sv.Spec.Selector) > 0 && subset(sv.Spec.Selector, w.labels) {
				svc = append(svc, s)
				usedSvc[i] = true
			}
		}
		public := ""
		for _, s := range svc {
			sv := s.obj.(*corev1.Service)
			if sv.Spec.Type == corev1.ServiceTypeLoadBalancer || sv.Spec.Type == corev1.ServiceTypeNodePort {
				public = fmt.Sprintf("Service %s is a %s (%s)", s.name, sv.Spec.Type, s.where())
			}
			for _, ing := range ingresses {
				if s.ns == ing.ns && ingressRoutesTo(ing.obj.(*networkingv1.Ingress), s.name) {
					public = fmt.Sprintf("Ingress %s routes to it (%s)", ing.name, ing.where())
				}
			}
		}
		// Volumes: claim templates and claimed PVCs.
		storage := 0.0
		storageFrom := ""
		for _, cl := range w.claims {
			if q, ok := cl.Spec.Resources.Requests[corev1.ResourceStorage]; ok {
				storage += gib(q)
				storageFrom = fmt.Sprintf("%s (volumeClaimTemplates %s)", where, cl.Name)
			}
		}
		for _, v := range w.pod.Volumes {
			if v.PersistentVolumeClaim == nil {
				continue
			}
			key := w.o.ns + "/" + v.PersistentVolumeClaim.ClaimName
			if p, ok := pvcs[key]; ok {
				usedPVC[key] = true
				if q, ok := p.obj.(*corev1.PersistentVolumeClaim).Spec.Resources.Requests[corev1.ResourceStorage]; ok {
					storage += gib(q)
					storageFrom = fmt.Sprintf("%s (PersistentVolumeClaim %s)", p.where(), p.name)
				}
			} else {
				c.note("claims PersistentVolumeClaim %s, which is not in the sources", v.PersistentVolumeClaim.ClaimName)
			}
		}
		stateful := w.o.kind == "StatefulSet" || storage > 0
		if stateful && !c.has("stateful") && !ours {
			c.set("stateful", true, fmt.Sprintf("%s (%s with persistent volumes)", where, w.o.kind), "")
		}
		if storage > 0 && !c.has("storage_gb") && !ours {
			c.set("storage_gb", math.Ceil(storage), storageFrom, "")
		}
		// Type.
		if !c.has("type") {
			t, why := guessKubeType(w, c, len(svc) > 0)
			c.set("type", string(t), "", why)
		}
		if !c.has("front_door") && !ours {
			if public != "" {
				c.set("front_door", string(workload.FrontDoorALB), "", public+": a load balancer in front")
			} else if len(svc) > 0 && !w.job {
				c.set("front_door", string(workload.FrontDoorNone), "", "only a cluster-internal Service, no Ingress or load balancer, in the sources")
			}
		}
		if w.deadline != nil && !c.has("max_execution_s") {
			c.set("max_execution_s", float64(*w.deadline), fmt.Sprintf("%s (activeDeadlineSeconds)", where), "")
		}
		if w.schedule != "" {
			if n, ok := runsPerMonth(w.schedule); ok {
				c.set("requests_per_month", n, "", fmt.Sprintf("runs a month of the schedule %q (%s)", w.schedule, where))
			}
		}
		if !c.has("requests_per_month") {
			c.set("requests_per_month", 1000000.0, "", "the manifests give no traffic: set the real requests a month")
		}
		// HPAs and replicas: notes (the analysis sizes replicas itself).
		for i, h := range hpas {
			min, max, target, kind, name := hpaOf(h.obj)
			if kind == w.o.kind && name == w.o.name && h.ns == w.o.ns {
				usedHPA[i] = true
				c.note("HorizontalPodAutoscaler %s (%s): %d to %d replicas%s", h.name, h.where(), min, max, target)
			}
		}
		if w.replicas != nil && !w.job {
			c.note("replicas: %d in %s", *w.replicas, where)
		}
		r.Components = append(r.Components, c)
	}
	for i, s := range services {
		if !usedSvc[i] {
			r.Unknown = append(r.Unknown, Problem{File: s.file, Line: s.line, Msg: fmt.Sprintf("Service %s selects no workload in the sources", s.name)})
		}
	}
	for key, p := range pvcs {
		if !usedPVC[key] {
			r.Unknown = append(r.Unknown, Problem{File: p.file, Line: p.line, Msg: fmt.Sprintf("PersistentVolumeClaim %s is claimed by no workload in the sources", p.name)})
		}
	}
	for i, h := range hpas {
		if !usedHPA[i] {
			r.Unknown = append(r.Unknown, Problem{File: h.file, Line: h.line, Msg: fmt.Sprintf("HorizontalPodAutoscaler %s scales no workload in the sources", h.name)})
		}
	}
	_ = pdbs // a PodDisruptionBudget only protects pods: nothing to import
	// The HPAs' CPU target is the cluster's target utilisation, when they agree.
	targets := map[int32][]string{}
	for _, h := range hpas {
		if t, ok := hpaCPUTarget(h.obj); ok {
			targets[t] = append(targets[t], fmt.Sprintf("%s HorizontalPodAutoscaler %s", h.where(), h.name))
		}
	}
	if len(targets) == 1 {
		for t, from := range targets {
			r.System = append(r.System, Field{Key: "kubernetes.target_utilization", Value: float64(t) / 100,
				From: strings.Join(from, ", ") + ": averageUtilization " + strconv.Itoa(int(t))})
		}
	} else if len(targets) > 1 {
		r.Notes = append(r.Notes, fmt.Sprintf("the HPAs target different CPU utilisations (%d values): kubernetes.target_utilization is left at its default", len(targets)))
	}
	sort.SliceStable(r.Unknown, func(i, j int) bool {
		if r.Unknown[i].File != r.Unknown[j].File {
			return r.Unknown[i].File < r.Unknown[j].File
		}
		return r.Unknown[i].Line < r.Unknown[j].Line
	})
}

func merge(ms ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

func subset(sel, labels map[string]string) bool {
	for k, v := range sel {
		if labels[k] != v {
			return false
		}
	}
	return true
}

func ingressRoutesTo(ing *networkingv1.Ingress, svc string) bool {
	if b := ing.Spec.DefaultBackend; b != nil && b.Service != nil && b.Service.Name == svc {
		return true
	}
	for _, rule := range ing.Spec.Rules {
		if rule.HTTP == nil {
			continue
		}
		for _, p := range rule.HTTP.Paths {
			if p.Backend.Service != nil && p.Backend.Service.Name == svc {
				return true
			}
		}
	}
	return false
}

// podResources sums the containers' memory (MiB; requests, else limits),
// CPU requests (millicores) and GPU limits.
func podResources(p corev1.PodSpec) (memMiB float64, cpuMilli float64, gpus int) {
	for _, c := range p.Containers {
		q, ok := c.Resources.Requests[corev1.ResourceMemory]
		if !ok {
			q, ok = c.Resources.Limits[corev1.ResourceMemory]
		}
		if ok {
			memMiB += math.Ceil(float64(q.Value()) / (1 << 20))
		}
		if q, ok := c.Resources.Requests[corev1.ResourceCPU]; ok {
			cpuMilli += float64(q.MilliValue())
		}
		for _, g := range []corev1.ResourceName{"nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/i915"} {
			if q, ok := c.Resources.Limits[g]; ok {
				gpus += int(q.Value())
			}
		}
	}
	return memMiB, cpuMilli, gpus
}

func gib(q resource.Quantity) float64 { return float64(q.Value()) / (1 << 30) }

var reCacheImage = regexp.MustCompile(`(?i)redis|memcached|valkey|dragonfly|keydb`)
var reQueueImage = regexp.MustCompile(`(?i)rabbitmq|kafka|nats|activemq|pulsar`)
var reDBImage = regexp.MustCompile(`(?i)postgres|mysql|mariadb|mongo|cassandra|cockroach|timescale|elasticsearch|opensearch`)

// guessKubeType guesses a component type from what runs it.
func guessKubeType(w workloadObj, c *Component, hasService bool) (workload.Type, string) {
	image := ""
	if len(w.pod.Containers) > 0 {
		image = w.pod.Containers[0].Image
	}
	where := w.o.where()
	switch {
	case w.o.kind == "CronJob":
		return workload.TypeScheduledJob, fmt.Sprintf("a CronJob (%s)", where)
	case w.job:
		return workload.TypeBatchJob, fmt.Sprintf("a Job (%s)", where)
	case reCacheImage.MatchString(image + " " + w.o.name):
		return workload.TypeCache, fmt.Sprintf("the image %s looks like a cache (%s)", image, where)
	case reQueueImage.MatchString(image + " " + w.o.name):
		return workload.TypeQueue, fmt.Sprintf("the image %s looks like a message broker (%s)", image, where)
	case reDBImage.MatchString(image+" "+w.o.name) || w.o.kind == "StatefulSet":
		return workload.TypeDatabase, fmt.Sprintf("a %s with the image %s looks like a database (%s)", w.o.kind, image, where)
	case c.Get("gpu") != nil:
		return workload.TypeMLInference, fmt.Sprintf("a GPU workload (%s)", where)
	case hasService:
		return workload.TypeHTTPAPI, fmt.Sprintf("a %s behind a Service (%s)", w.o.kind, where)
	}
	return workload.TypeEventProcessor, fmt.Sprintf("a %s with no Service: a worker (%s)", w.o.kind, where)
}

// hpaCPUTarget is an HPA's CPU utilisation target.
func hpaCPUTarget(o runtime.Object) (int32, bool) {
	switch h := o.(type) {
	case *autoscalingv2.HorizontalPodAutoscaler:
		for _, m := range h.Spec.Metrics {
			if m.Resource != nil && m.Resource.Name == corev1.ResourceCPU && m.Resource.Target.AverageUtilization != nil {
				return *m.Resource.Target.AverageUtilization, true
			}
		}
	case *autoscalingv1.HorizontalPodAutoscaler:
		if h.Spec.TargetCPUUtilizationPercentage != nil {
			return *h.Spec.TargetCPUUtilizationPercentage, true
		}
	}
	return 0, false
}

func hpaOf(o runtime.Object) (min, max int32, target, kind, name string) {
	switch h := o.(type) {
	case *autoscalingv2.HorizontalPodAutoscaler:
		min = 1
		if h.Spec.MinReplicas != nil {
			min = *h.Spec.MinReplicas
		}
		for _, m := range h.Spec.Metrics {
			if m.Resource != nil && m.Resource.Target.AverageUtilization != nil {
				target = fmt.Sprintf(" at %d %% %s", *m.Resource.Target.AverageUtilization, m.Resource.Name)
			}
		}
		return min, h.Spec.MaxReplicas, target, h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name
	case *autoscalingv1.HorizontalPodAutoscaler:
		min = 1
		if h.Spec.MinReplicas != nil {
			min = *h.Spec.MinReplicas
		}
		if h.Spec.TargetCPUUtilizationPercentage != nil {
			target = fmt.Sprintf(" at %d %% cpu", *h.Spec.TargetCPUUtilizationPercentage)
		}
		return min, h.Spec.MaxReplicas, target, h.Spec.ScaleTargetRef.Kind, h.Spec.ScaleTargetRef.Name
	}
	return
}

// knative imports a Cloud Run service (serving.knative.dev/v1 Service) or
// job (run.googleapis.com/v1 Job).
func knative(o kubeObj) *Component {
	meta, _ := o.raw["metadata"].(map[string]any)
	ann := stringMap(meta["annotations"])
	c := &Component{Name: componentNameFrom(ann, o.name), From: fmt.Sprintf("%s (Cloud Run %s %s)", o.where(), o.kind, o.name)}
	where := o.where()
	ours := applyAnnotations(c, ann, where)
	var spec map[string]any
	if o.kind == "Job" {
		spec = dig(o.raw, "spec", "template", "spec", "template", "spec")
	} else {
		spec = dig(o.raw, "spec", "template", "spec")
	}
	ctrs, _ := spec["containers"].([]any)
	image := ""
	if len(ctrs) > 0 {
		ctr, _ := ctrs[0].(map[string]any)
		image, _ = ctr["image"].(string)
		limits := stringMap(dig(ctr, "resources")["limits"])
		if m, ok := limits["memory"]; ok && !c.has("memory_mb") {
			if q, err := resource.ParseQuantity(m); err == nil {
				c.set("memory_mb", math.Ceil(float64(q.Value())/(1<<20)), where+" (resources.limits.memory)", "")
			}
		}
		if g, ok := limits["nvidia.com/gpu"]; ok && !c.has("gpu") {
			if n, err := strconv.Atoi(g); err == nil {
				c.set("gpu", n, where+" (resources.limits nvidia.com/gpu)", "")
			}
		}
		if cpu, ok := limits["cpu"]; ok {
			c.note("Cloud Run CPU limit: %s vCPU", cpu)
		}
	}
	setRuntimeFromImage(c, image, where)
	if t, ok := number(spec["timeoutSeconds"]); ok && !c.has("max_execution_s") {
		c.set("max_execution_s", t, where+" (timeoutSeconds)", "")
	}
	if cc, ok := number(spec["containerConcurrency"]); ok && cc > 0 {
		if ours {
			c.note("containerConcurrency: %s (derived by the analysis)", num(cc))
		} else if !c.has("concurrency") {
			c.set("concurrency", int(cc), where+" (containerConcurrency)", "")
		}
	}
	tann := stringMap(dig(o.raw, "spec", "template", "metadata")["annotations"])
	if mn, mx := tann["autoscaling.knative.dev/minScale"], tann["autoscaling.knative.dev/maxScale"]; mn != "" || mx != "" {
		c.note("instances: min %s, max %s", orDash(mn), orDash(mx))
	}
	if !c.has("type") {
		if o.kind == "Job" {
			c.set("type", string(workload.TypeBatchJob), "", "a Cloud Run job ("+where+")")
		} else {
			c.set("type", string(workload.TypeHTTPAPI), "", "a Cloud Run service serves HTTP ("+where+")")
		}
	}
	if !c.has("requests_per_month") {
		c.set("requests_per_month", 1000000.0, "", "the service YAML gives no traffic: set the real requests a month")
	}
	return c
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dig(m map[string]any, keys ...string) map[string]any {
	for _, k := range keys {
		next, _ := m[k].(map[string]any)
		if next == nil {
			return map[string]any{}
		}
		m = next
	}
	return m
}

func stringMap(v any) map[string]string {
	out := map[string]string{}
	m, _ := v.(map[string]any)
	for k, e := range m {
		switch e := e.(type) {
		case string:
			out[k] = e
		case float64:
			out[k] = num(e)
		case int:
			out[k] = strconv.Itoa(e)
		case int64:
			out[k] = strconv.FormatInt(e, 10)
		case uint64:
			out[k] = strconv.FormatUint(e, 10)
		case bool:
			out[k] = strconv.FormatBool(e)
		}
	}
	return out
}

func number(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}
