package export

import (
	"bytes"
	"fmt"
	"math"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"sigs.k8s.io/yaml"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// PodSize is what the analysis's cluster model gives one component's
// replicas: the same functions (internal/platform/sizing.go) the advisor
// sizes and prices the shared cluster with.
type PodSize struct {
	CPUMilli    int64
	MemoryMiB   int64
	GPU         int
	Concurrency int
	MinReplicas int
	MaxReplicas int
	// TargetUtilization is the HPA's CPU target (0.7 by default).
	TargetUtilization float64
	// Pods is a job's parallel runs.
	Pods int
}

// podSize sizes a component's pods as advisor.clusterModel does: the
// replica's concurrency and CPU request, the availability floor and the
// connection floor; the maximum is the busiest hour's replicas of the
// analysis's schedule, or the simulated cluster's maximum when larger.
func podSize(s *workload.Spec, p placed) PodSize {
	w := p.w
	conc := platform.PodConcurrency(w)
	util := s.Kubernetes.TargetUtilization
	if util == 0 {
		util = platform.DefaultTargetUtilization
	}
	ps := PodSize{
		CPUMilli:          int64(math.Round(platform.ReplicaCPU(w, conc) * 1000)),
		MemoryMiB:         int64(math.Ceil(math.Max(p.c.MemoryMB, 64))),
		GPU:               p.c.GPU,
		Concurrency:       conc,
		TargetUtilization: util,
	}
	minReps := max(platform.MinReplicas(p.c), 1)
	maxReps := minReps
	if platform.IsJob(p.c) {
		ps.Pods = max(1, int(math.Ceil(w.PeakConcurrency()/float64(conc)-1e-9)))
		ps.MinReplicas, ps.MaxReplicas = ps.Pods, ps.Pods
		return ps
	}
	minReps = max(minReps, platform.ConnectionReplicas(w, w.PeakFactor, w.Connections().PerPod))
	for _, r := range platform.ReplicaSchedule(w, conc, util) {
		maxReps = max(maxReps, r)
	}
	if p.opt.Cluster != nil {
		maxReps = max(maxReps, int(math.Ceil(p.opt.Cluster.ReplicasMax-1e-9)))
	}
	if p.c.Stateful {
		minReps, maxReps = 1, 1
	}
	ps.MinReplicas, ps.MaxReplicas = minReps, max(maxReps, minReps)
	return ps
}

func labels(s *workload.Spec, c workload.Component) map[string]string {
	return map[string]string{
		"app.kubernetes.io/name":       c.Name,
		"app.kubernetes.io/part-of":    s.Name,
		"app.kubernetes.io/managed-by": "fulcrum-export",
	}
}

func selector(c workload.Component) *metav1.LabelSelector {
	return &metav1.LabelSelector{MatchLabels: map[string]string{"app.kubernetes.io/name": c.Name}}
}

func (ps PodSize) resources() corev1.ResourceRequirements {
	mem := resource.MustParse(fmt.Sprintf("%dMi", ps.MemoryMiB))
	r := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{
			corev1.ResourceCPU:    *resource.NewMilliQuantity(ps.CPUMilli, resource.DecimalSI),
			corev1.ResourceMemory: mem,
		},
		// No CPU limit (it throttles bursts); memory limited to its request.
		Limits: corev1.ResourceList{corev1.ResourceMemory: mem},
	}
	if ps.GPU > 0 {
		g := *resource.NewQuantity(int64(ps.GPU), resource.DecimalSI)
		r.Requests["nvidia.com/gpu"] = g
		r.Limits["nvidia.com/gpu"] = g
	}
	return r
}

func podSpec(p placed, ps PodSize, port int32, portName string, restart corev1.RestartPolicy) corev1.PodSpec {
	ctr := corev1.Container{
		Name:      p.c.Name,
		Image:     ImagePlaceholder(p.c.Name),
		Resources: ps.resources(),
	}
	if port > 0 {
		ctr.Ports = []corev1.ContainerPort{{Name: portName, ContainerPort: port, Protocol: corev1.ProtocolTCP}}
	}
	spec := corev1.PodSpec{Containers: []corev1.Container{ctr}, RestartPolicy: restart}
	if ps.GPU > 0 {
		spec.Tolerations = []corev1.Toleration{{Key: "nvidia.com/gpu", Operator: corev1.TolerationOpExists, Effect: corev1.TaintEffectNoSchedule}}
	}
	return spec
}

// kubeManifests is one component's manifests, as one multi-document YAML.
func kubeManifests(s *workload.Spec, p placed, head string) ([]byte, error) {
	ps := podSize(s, p)
	c := p.c
	ann := prefixed(specAnnotations(c))
	ann[AnnotationPrefix+"pod-concurrency"] = fmt.Sprint(ps.Concurrency)
	// The workload object carries the spec's fields; the others only labels.
	meta := func() metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: c.Name, Labels: labels(s, c), Annotations: ann}
	}
	side := func() metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: c.Name, Labels: labels(s, c)}
	}
	tmplMeta := metav1.ObjectMeta{Labels: labels(s, c)}
	var objs []any
	port, portName := int32(0), ""
	if servesTraffic(p) {
		port, portName = servicePort(c)
	}
	switch {
	case platform.IsJob(c):
		pods := int32(ps.Pods)
		deadline := int64(timeoutSeconds(c, 0))
		objs = append(objs, &batchv1.CronJob{
			TypeMeta:   metav1.TypeMeta{APIVersion: "batch/v1", Kind: "CronJob"},
			ObjectMeta: meta(),
			Spec: batchv1.CronJobSpec{
				Schedule:          cronSchedule(c),
				ConcurrencyPolicy: batchv1.ForbidConcurrent,
				JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{
					Parallelism:           &pods,
					Completions:           &pods,
					ActiveDeadlineSeconds: &deadline,
					Template:              corev1.PodTemplateSpec{ObjectMeta: tmplMeta, Spec: podSpec(p, ps, 0, "", corev1.RestartPolicyOnFailure)},
				}},
			},
		})
	case c.Stateful:
		one := int32(1)
		gb := c.StorageGB
		if gb <= 0 {
			gb = 10
		}
		pod := podSpec(p, ps, port, portName, "")
		pod.Containers[0].VolumeMounts = []corev1.VolumeMount{{Name: "data", MountPath: "/data"}}
		objs = append(objs, &corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: side(),
			Spec: corev1.ServiceSpec{ClusterIP: corev1.ClusterIPNone, Selector: selector(c).MatchLabels,
				Ports: []corev1.ServicePort{{Name: portName, Port: port, TargetPort: intstr.FromString(portName)}}},
		}, &appsv1.StatefulSet{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "StatefulSet"},
			ObjectMeta: meta(),
			Spec: appsv1.StatefulSetSpec{
				ServiceName: c.Name,
				Replicas:    &one,
				Selector:    selector(c),
				Template:    corev1.PodTemplateSpec{ObjectMeta: tmplMeta, Spec: pod},
				VolumeClaimTemplates: []corev1.PersistentVolumeClaim{{
					TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
					ObjectMeta: metav1.ObjectMeta{Name: "data", Labels: labels(s, c)},
					Spec: corev1.PersistentVolumeClaimSpec{
						AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
						Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{
							corev1.ResourceStorage: resource.MustParse(num(gb) + "Gi")}},
					},
				}},
			},
		})
	default:
		replicas := int32(ps.MinReplicas)
		objs = append(objs, &appsv1.Deployment{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
			ObjectMeta: meta(),
			Spec: appsv1.DeploymentSpec{
				Replicas: &replicas,
				Selector: selector(c),
				Template: corev1.PodTemplateSpec{ObjectMeta: tmplMeta, Spec: podSpec(p, ps, port, portName, "")},
			},
		})
		if port > 0 {
			objs = append(objs, &corev1.Service{
				TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
				ObjectMeta: side(),
				Spec: corev1.ServiceSpec{Selector: selector(c).MatchLabels,
					Ports: []corev1.ServicePort{{Name: portName, Port: 80, TargetPort: intstr.FromString(portName)}}},
			})
		}
		if ps.MaxReplicas > ps.MinReplicas {
			minR := int32(ps.MinReplicas)
			target := int32(math.Round(ps.TargetUtilization * 100))
			objs = append(objs, &autoscalingv2.HorizontalPodAutoscaler{
				TypeMeta:   metav1.TypeMeta{APIVersion: "autoscaling/v2", Kind: "HorizontalPodAutoscaler"},
				ObjectMeta: side(),
				Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
					ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{APIVersion: "apps/v1", Kind: "Deployment", Name: c.Name},
					MinReplicas:    &minR,
					MaxReplicas:    int32(ps.MaxReplicas),
					Metrics: []autoscalingv2.MetricSpec{{
						Type: autoscalingv2.ResourceMetricSourceType,
						Resource: &autoscalingv2.ResourceMetricSource{Name: corev1.ResourceCPU,
							Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &target}},
					}},
				},
			})
		}
		if ps.MinReplicas >= 2 {
			one := intstr.FromInt32(1)
			objs = append(objs, &policyv1.PodDisruptionBudget{
				TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
				ObjectMeta: side(),
				Spec:       policyv1.PodDisruptionBudgetSpec{MaxUnavailable: &one, Selector: selector(c)},
			})
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n", head)
	fmt.Fprintf(&b, "# %s on %s: %dm CPU and %d MiB requested per replica", c.Name, platform.Name(p.platform), ps.CPUMilli, ps.MemoryMiB)
	if ps.GPU > 0 {
		fmt.Fprintf(&b, ", %d GPU", ps.GPU)
	}
	if platform.IsJob(c) {
		fmt.Fprintf(&b, ", %d pod(s) per run; the schedule %q is a guess from %s runs a month: check it.\n", ps.Pods, cronSchedule(c), num(c.RequestsPerMonth))
	} else {
		fmt.Fprintf(&b, ", %d request(s) at once, %d to %d replicas at %.0f %% CPU.\n", ps.Concurrency, ps.MinReplicas, ps.MaxReplicas, ps.TargetUtilization*100)
	}
	for i, o := range objs {
		y, err := yaml.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("marshal manifest: %w", err)
		}
		if i > 0 {
			b.WriteString("---\n")
		}
		y, err = cleanManifest(y)
		if err != nil {
			return nil, fmt.Errorf("marshal manifest: %w", err)
		}
		b.Write(y)
	}
	return b.Bytes(), nil
}

// cleanManifest drops what the k8s types always print but a manifest
// does not set: status blocks, null values and empty objects.
func cleanManifest(y []byte) ([]byte, error) {
	var m map[string]any
	if err := yaml.Unmarshal(y, &m); err != nil {
		return nil, err
	}
	prune(m)
	return yaml.Marshal(m)
}

func prune(m map[string]any) {
	delete(m, "status")
	for k, v := range m {
		switch v := v.(type) {
		case nil:
			delete(m, k)
		case map[string]any:
			prune(v)
			if len(v) == 0 {
				delete(m, k)
			}
		case []any:
			for _, e := range v {
				if em, ok := e.(map[string]any); ok {
					prune(em)
				}
			}
		}
	}
}
