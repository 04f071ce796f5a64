package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/sim/kube"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func init() { simulateCommands = append(simulateCommands, newSimulateKubeCmd) }

type kubeFlags struct {
	rate           float64
	shape          string
	peakToMean     float64
	trace          string
	traceFormat    string
	serviceTime    time.Duration
	serviceP99     time.Duration
	podCPU         string
	podMemory      string
	podGPUs        int
	concurrency    int
	startup        time.Duration
	cpuPerRequest  time.Duration
	timeout        time.Duration
	targetCPU      string
	targetRPS      float64
	minReplicas    int
	maxReplicas    int
	nodeTypes      []string
	minNodes       int
	maxNodes       int
	scheduler      string
	expander       string
	nodeProvision  time.Duration
	unneeded       time.Duration
	slo            time.Duration
	horizon        time.Duration
	seed           uint64
	prices         string
	output         string
	includeSeries  bool
	provider       string
	scaleDownUtil  float64
	delayAfterAdd  time.Duration
	skipSystemPods bool
}

func newSimulateKubeCmd(st *State) *cobra.Command {
	var f kubeFlags
	c := &cobra.Command{
		Use:   "kubernetes",
		Short: "Simulate a month of one deployment on an autoscaled Kubernetes cluster",
		Long: `Simulate one deployment on a Kubernetes cluster for a horizon (a month by
default) in 15-second steps: the Horizontal Pod Autoscaler follows the traffic,
the scheduler packs pods onto nodes after system reserves and daemon sets,
and the cluster autoscaler adds nodes for unschedulable pods and removes
under-used ones. Reports replicas, nodes and node-hours per type, utilisation,
latency percentiles, SLO minutes and dropped requests.

Defaults for the autoscalers, node reserves and daemon sets come from the
catalog (fulcrum catalog, ids k8s.*); see docs/kubernetes-simulator.md.`,
		Example: `  fulcrum simulate kubernetes --arrival-rate 200 --shape diurnal --peak-to-mean 3 \
    --service-time 50ms --pod-cpu 500m --pod-memory 512Mi --pod-concurrency 8 \
    --hpa-target-cpu 70% --min-replicas 2 --max-replicas 100 \
    --node-type m6i.large --min-nodes 3 --horizon 720h --seed 1 -o json`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error { return runSimulateKube(st, cmd, &f) },
	}
	fl := c.Flags()
	fl.Float64Var(&f.rate, "arrival-rate", 0, "mean arrival rate, requests per second (required unless --trace)")
	fl.StringVar(&f.shape, "shape", "constant", "traffic shape: "+strings.Join(workload.Shapes, ", "))
	fl.Float64Var(&f.peakToMean, "peak-to-mean", 0, "peak rate as a multiple of the mean (default per shape, docs/traffic.md)")
	fl.StringVar(&f.trace, "trace", "", "replay a recorded trace (its own mean rate and shape, looped over the horizon)")
	fl.StringVar(&f.traceFormat, "trace-format", "csv-counts", "trace format: "+strings.Join(trace.Formats, ", "))
	fl.DurationVar(&f.serviceTime, "service-time", 50*time.Millisecond, "mean time a pod spends on one request")
	fl.DurationVar(&f.serviceP99, "service-p99", 0, "99th percentile of that time: service times are lognormal (default: 3 × --service-time, the spec's duration_p99_ms default; equal to --service-time for a constant service)")
	fl.StringVar(&f.podCPU, "pod-cpu", "500m", "CPU request per pod (cores or millicores: 0.5, 500m)")
	fl.StringVar(&f.podMemory, "pod-memory", "512Mi", "memory request per pod (512Mi, 1Gi, 500M)")
	fl.IntVar(&f.podGPUs, "pod-gpus", 0, "GPUs per pod (GPU pods run only on GPU node types)")
	fl.IntVar(&f.concurrency, "pod-concurrency", 8, "requests one pod serves at once")
	fl.DurationVar(&f.cpuPerRequest, "cpu-per-request", 0, "CPU time one request burns (default: a pod at full concurrency uses its whole CPU request)")
	fl.DurationVar(&f.startup, "pod-startup", 30*time.Second, "image pull plus readiness: scheduling to Ready")
	fl.DurationVar(&f.timeout, "timeout", 60*time.Second, "requests waiting longer are dropped (ALB idle timeout default)")
	fl.StringVar(&f.targetCPU, "hpa-target-cpu", "70%", "HPA target CPU utilisation of requests (70% or 0.7)")
	fl.Float64Var(&f.targetRPS, "hpa-target-rps", 0, "scale on requests per second per pod instead of CPU")
	fl.IntVar(&f.minReplicas, "min-replicas", 1, "HPA minReplicas")
	fl.IntVar(&f.maxReplicas, "max-replicas", 100, "HPA maxReplicas")
	fl.StringSliceVar(&f.nodeTypes, "node-type", []string{"m6i.large"}, "node types the cluster autoscaler may launch (repeat or comma-separate)")
	fl.IntVar(&f.minNodes, "min-nodes", 3, "minimum nodes in the general node group (availability)")
	fl.IntVar(&f.maxNodes, "max-nodes", 0, "maximum nodes in the cluster (0: 1000)")
	fl.StringVar(&f.scheduler, "scheduler", "most-allocated", "pod placement: most-allocated (bin packing) or least-allocated (kube-scheduler default)")
	fl.StringVar(&f.expander, "expander", "least-waste", "how the cluster autoscaler picks a node type: least-waste or price")
	fl.DurationVar(&f.nodeProvision, "node-provision", 0, "time to a Ready node after a scale-up (default: catalog k8s.ca.node_provision_s)")
	fl.DurationVar(&f.unneeded, "scale-down-unneeded", 0, "how long a node stays under-used before removal (default: catalog k8s.ca.scale_down_unneeded_s)")
	fl.Float64Var(&f.scaleDownUtil, "scale-down-utilization", 0, "requested fraction below which a node is under-used (default: catalog)")
	fl.DurationVar(&f.delayAfterAdd, "scale-down-delay-after-add", 0, "scale-down pause after a scale-up (default: catalog)")
	fl.BoolVar(&f.skipSystemPods, "skip-nodes-with-system-pods", true, "keep nodes that run kube-system pods (CoreDNS)")
	fl.DurationVar(&f.slo, "slo-p99", 200*time.Millisecond, "p99 latency objective, checked per minute")
	fl.DurationVar(&f.horizon, "horizon", 720*time.Hour, "simulated time")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed (reported in the output)")
	fl.StringVar(&f.prices, "prices", "", "YAML file overriding catalog entries (any subset of ids)")
	fl.StringVar(&f.provider, "provider", "aws", "cloud whose node type catalog ids to read (<provider>.ec2.<type>.*)")
	fl.StringVarP(&f.output, "output", "o", "table", "output format: table or json")
	fl.BoolVar(&f.includeSeries, "series", true, "include the per-minute time series in JSON")
	return c
}

// parsePercent reads "70%", "70" or "0.7" as a fraction.
func parsePercent(s string) (float64, error) {
	t := strings.TrimSpace(s)
	pct := strings.HasSuffix(t, "%")
	t = strings.TrimSuffix(t, "%")
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a percentage (valid: 70%% or 0.7)", s)
	}
	if pct || v > 1 {
		v /= 100
	}
	if v <= 0 || v > 1 {
		return 0, fmt.Errorf("%q is out of range (valid: above 0%% up to 100%%)", s)
	}
	return v, nil
}

func runSimulateKube(st *State, cmd *cobra.Command, f *kubeFlags) error {
	if err := outputFormat(f.output, "table", "json"); err != nil {
		return err
	}
	var ps errs.Problems
	bad := func(flag, format string, a ...any) {
		ps = append(ps, errs.Problem{Field: "--" + flag, Message: fmt.Sprintf(format, a...)})
	}
	cpu, err := kube.ParseCPU(f.podCPU)
	if err != nil {
		bad("pod-cpu", "%v", err)
	}
	mem, err := kube.ParseMemory(f.podMemory)
	if err != nil {
		bad("pod-memory", "%v", err)
	}
	hpa := kube.HPA{Metric: kube.MetricCPU}
	if cmd.Flags().Changed("hpa-target-rps") {
		if cmd.Flags().Changed("hpa-target-cpu") {
			bad("hpa-target-rps", "give either --hpa-target-cpu or --hpa-target-rps, not both")
		}
		if f.targetRPS <= 0 || math.IsNaN(f.targetRPS) || math.IsInf(f.targetRPS, 0) {
			bad("hpa-target-rps", "%g must be more than zero", f.targetRPS)
		}
		hpa = kube.HPA{Metric: kube.MetricRPS, Target: f.targetRPS}
	} else if v, err := parsePercent(f.targetCPU); err != nil {
		bad("hpa-target-cpu", "%v", err)
	} else {
		hpa.Target = v
	}
	var rate kube.RateFunc
	switch {
	case f.trace != "":
		if cmd.Flags().Changed("arrival-rate") || cmd.Flags().Changed("shape") {
			bad("trace", "give either --trace or --arrival-rate/--shape, not both")
			break
		}
		r, err := readRateTrace(st, f.trace, f.traceFormat)
		if err != nil {
			return err
		}
		rate = r
	case !cmd.Flags().Changed("arrival-rate"):
		bad("arrival-rate", "required (mean requests per second), or give --trace FILE")
	case f.rate <= 0 || math.IsNaN(f.rate) || math.IsInf(f.rate, 0):
		bad("arrival-rate", "%g must be more than zero", f.rate)
	default:
		tr := workload.Traffic{Shape: f.shape, PeakToMean: f.peakToMean}
		if fe := tr.Validate("traffic"); len(fe) > 0 {
			for _, e := range fe {
				flag := "shape"
				if strings.HasSuffix(e.Path, "peak_to_mean") {
					flag = "peak-to-mean"
				}
				bad(flag, "%s", e.Message)
			}
			break
		}
		shape, err := traffic.FromSpec(tr, f.seed)
		if err != nil {
			bad("shape", "%v", err)
			break
		}
		rate = kube.ShapeRate(f.rate, shape)
	}
	if f.serviceTime <= 0 {
		bad("service-time", "must be more than zero")
	}
	if f.serviceP99 == 0 {
		f.serviceP99 = time.Duration(workload.DefaultDurationP99Factor * float64(f.serviceTime))
	}
	if f.serviceTime > 0 && (f.serviceP99 < f.serviceTime || float64(f.serviceP99) > workload.MaxDurationP99Factor*float64(f.serviceTime)) {
		bad("service-p99", "%v is out of range (valid: --service-time %v up to %g × it; a lognormal's p99 lies between its mean and about 14.97 × its mean)",
			f.serviceP99, f.serviceTime, workload.MaxDurationP99Factor)
	}
	if f.concurrency < 1 {
		bad("pod-concurrency", "%d is below 1", f.concurrency)
	}
	if f.podGPUs < 0 {
		bad("pod-gpus", "%d is negative", f.podGPUs)
	}
	if f.cpuPerRequest < 0 {
		bad("cpu-per-request", "must not be negative")
	}
	if f.startup < 0 {
		bad("pod-startup", "must not be negative")
	}
	if f.timeout <= 0 {
		bad("timeout", "must be more than zero")
	}
	if f.horizon < time.Minute || f.horizon > 24*366*time.Hour {
		bad("horizon", "%v is out of range (valid: 1m to 8784h)", f.horizon)
	}
	if f.slo < 0 {
		bad("slo-p99", "must not be negative")
	}
	if f.minNodes < 0 || f.maxNodes < 0 {
		bad("min-nodes", "node counts must not be negative")
	}
	scoring := kube.MostAllocated
	switch f.scheduler {
	case "most-allocated":
	case "least-allocated":
		scoring = kube.LeastAllocated
	default:
		bad("scheduler", "unknown strategy %q (valid: most-allocated, least-allocated)", f.scheduler)
	}
	expander := kube.LeastWaste
	switch f.expander {
	case "least-waste":
	case "price":
		expander = kube.Price
	default:
		bad("expander", "unknown expander %q (valid: least-waste, price)", f.expander)
	}
	cat, err := loadCatalog(st, f.prices)
	if err != nil {
		return err
	}
	defs, err := kube.DefaultsFromCatalog(cat)
	if err != nil {
		return errs.E(errs.Internal, err)
	}
	var types []kube.NodeType
	seen := map[string]bool{}
	for _, name := range f.nodeTypes {
		name = strings.TrimSpace(name)
		if seen[name] {
			continue
		}
		seen[name] = true
		nt, err := kube.NodeTypeFromCatalog(cat, f.provider, name)
		if err != nil {
			bad("node-type", "%v", err)
			continue
		}
		types = append(types, nt)
	}
	if len(ps) > 0 {
		return errs.WithHint(errs.E(errs.Usage, ps), "see 'fulcrum simulate kubernetes --help'")
	}
	cl := defs.Cluster(types, f.minNodes)
	cl.MaxNodes = f.maxNodes
	cl.Scoring = scoring
	cl.CA.SkipNodesWithSystemPods = f.skipSystemPods
	cl.CA.Expander = expander
	if f.nodeProvision > 0 {
		cl.CA.NodeProvision = f.nodeProvision
	}
	if f.unneeded > 0 {
		cl.CA.ScaleDownUnneeded = f.unneeded
	}
	if f.scaleDownUtil > 0 {
		cl.CA.ScaleDownUtilization = f.scaleDownUtil
	}
	if f.delayAfterAdd > 0 {
		cl.CA.ScaleDownDelayAfterAdd = f.delayAfterAdd
	}
	h := defs.HPA
	h.Metric, h.Target = hpa.Metric, hpa.Target
	d := kube.Deployment{
		Name:          "deployment",
		CPUm:          cpu,
		Memory:        mem,
		GPUs:          f.podGPUs,
		Concurrency:   f.concurrency,
		ServiceTime:   f.serviceTime,
		ServiceP99:    f.serviceP99,
		StartupTime:   f.startup,
		CPUPerRequest: f.cpuPerRequest,
		Timeout:       f.timeout,
		MinReplicas:   f.minReplicas,
		MaxReplicas:   f.maxReplicas,
		HPA:           h,
		Rate:          rate,
		SLOp99:        f.slo,
	}
	res, err := kube.SimulateWith(cl, []kube.Deployment{d}, f.horizon, f.seed, kube.Options{Series: f.output == "json" && f.includeSeries})
	if err != nil {
		return errs.WithHint(err, "see 'fulcrum simulate kubernetes --help'")
	}
	out := newKubeOutput(cl, res)
	if f.output == "json" {
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	_, err = fmt.Fprint(st.Stdout, renderKube(out))
	return err
}

// kubeOutput is the JSON document of 'fulcrum simulate kubernetes'.
type kubeOutput struct {
	Seed                uint64                    `json:"seed"`
	HorizonHours        float64                   `json:"horizon_hours"`
	StepSeconds         float64                   `json:"step_seconds"`
	Replicas            kube.Stats                `json:"replicas"`
	ReadyMean           float64                   `json:"ready_mean"`
	Nodes               kube.Stats                `json:"nodes"`
	NodesByType         map[string]kube.NodeStats `json:"nodes_by_type"`
	NodeHours           map[string]float64        `json:"node_hours"`
	NodeRoom            map[string]kubeRoom       `json:"node_room"`
	CPUUtilization      float64                   `json:"cpu_utilization"`
	CPUOverhead         float64                   `json:"cpu_overhead"`
	MemoryUtilization   float64                   `json:"memory_utilization"`
	CPURequested        float64                   `json:"cpu_requested"`
	MemoryRequested     float64                   `json:"memory_requested"`
	IdleFraction        float64                   `json:"idle_fraction"`
	PodCPUUtilization   float64                   `json:"pod_cpu_utilization"`
	LatencyMs           kube.Percentiles          `json:"latency_ms"`
	SLOp99Ms            float64                   `json:"slo_p99_ms"`
	SLOViolationMinutes int                       `json:"slo_violation_minutes"`
	Requests            float64                   `json:"requests"`
	Served              float64                   `json:"served"`
	DroppedRequests     float64                   `json:"dropped_requests"`
	ScaleEvents         int                       `json:"scale_events"`
	HPAScaleEvents      int                       `json:"hpa_scale_events"`
	NodeScaleUps        int                       `json:"node_scale_ups"`
	NodeScaleDowns      int                       `json:"node_scale_downs"`
	Evictions           int                       `json:"evictions"`
	Series              *kubeSeries               `json:"series,omitempty"`
}

// kubeRoom is what a node type offers: allocatable after reserves, and what
// is left for pods after the daemon sets.
type kubeRoom struct {
	AllocatableCPUm int64   `json:"allocatable_cpu_m"`
	AllocatableMiB  float64 `json:"allocatable_memory_mi"`
	PodCPUm         int64   `json:"pod_room_cpu_m"`
	PodMiB          float64 `json:"pod_room_memory_mi"`
	MaxPods         int     `json:"max_pods"`
}

// kubeSeries is one point per minute, ready for a chart.
type kubeSeries struct {
	Minute         []int            `json:"minute"`
	RPS            []float64        `json:"rps"`
	Replicas       []int            `json:"replicas"`
	Ready          []int            `json:"ready"`
	Nodes          map[string][]int `json:"nodes"`
	CPUUtilization []float64        `json:"cpu_utilization"`
	P99Ms          []float64        `json:"p99_ms"`
	Dropped        []float64        `json:"dropped"`
}

func newKubeOutput(cl kube.Cluster, r *kube.Result) kubeOutput {
	d := r.Deployments[0]
	o := kubeOutput{
		Seed: r.Seed, HorizonHours: r.HorizonHours, StepSeconds: r.StepSeconds,
		Replicas: d.Replicas, ReadyMean: d.ReadyMean,
		Nodes: r.Nodes, NodesByType: r.NodesByType, NodeHours: r.NodeHours, NodeRoom: map[string]kubeRoom{},
		CPUUtilization: r.CPUUtilization, CPUOverhead: r.CPUOverhead, MemoryUtilization: r.MemoryUtilization,
		CPURequested: r.CPURequested, MemoryRequested: r.MemoryRequested, IdleFraction: r.IdleFraction,
		PodCPUUtilization: d.CPUUtilization,
		LatencyMs:         d.LatencyMs, SLOp99Ms: d.SLOp99Ms, SLOViolationMinutes: d.SLOViolationMinutes,
		Requests: d.Requests, Served: d.Served, DroppedRequests: d.Dropped,
		ScaleEvents: r.ScaleEvents, HPAScaleEvents: d.ScaleEvents,
		NodeScaleUps: r.NodeScaleUps, NodeScaleDowns: r.NodeScaleDowns, Evictions: r.Evictions,
	}
	for _, nt := range cl.NodeTypes {
		a := cl.Reserve.Allocatable(nt)
		room := cl.PodRoom(nt)
		o.NodeRoom[nt.Name] = kubeRoom{a.CPUm, float64(a.Memory) / kube.MiB, room.CPUm, float64(room.Memory) / kube.MiB, nt.MaxPods}
	}
	if r.Series != nil && d.Series != nil {
		o.Series = &kubeSeries{
			Minute: r.Series.Minute, RPS: d.Series.RPS, Replicas: d.Series.Replicas, Ready: d.Series.Ready,
			Nodes: r.Series.Nodes, CPUUtilization: r.Series.CPUUtilization, P99Ms: d.Series.P99Ms, Dropped: d.Series.Dropped,
		}
	}
	return o
}

func renderKube(o kubeOutput) string {
	pct := func(f float64) string { return fmt.Sprintf("%.1f%%", f*100) }
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
	t := report.Table{Header: []string{"metric", "value"}, Right: map[int]bool{1: true}}
	add := func(k, v string) { t.Rows = append(t.Rows, []string{k, v}) }
	add("replicas mean / min / max", fmt.Sprintf("%.2f / %.0f / %.0f", o.Replicas.Mean, o.Replicas.Min, o.Replicas.Max))
	add("nodes mean / max", fmt.Sprintf("%.2f / %.0f", o.Nodes.Mean, o.Nodes.Max))
	types := make([]string, 0, len(o.NodeHours))
	for k := range o.NodeHours {
		types = append(types, k)
	}
	sort.Strings(types)
	for _, k := range types {
		add("node-hours "+k, fmt.Sprintf("%.1f", o.NodeHours[k]))
	}
	add("node CPU used by the workload", pct(o.CPUUtilization))
	add("node CPU overhead (reserves, daemons)", pct(o.CPUOverhead))
	add("node CPU idle", pct(o.IdleFraction))
	add("node CPU requested / allocatable", pct(o.CPURequested))
	add("node memory requested / capacity", pct(o.MemoryUtilization))
	add("pod CPU utilisation (of requests)", pct(o.PodCPUUtilization))
	add("latency p50 / p95 / p99 (ms)", fmt.Sprintf("%.1f / %.1f / %.1f", o.LatencyMs.P50, o.LatencyMs.P95, o.LatencyMs.P99))
	add(fmt.Sprintf("minutes with p99 over %s ms", num(o.SLOp99Ms)), strconv.Itoa(o.SLOViolationMinutes))
	add("requests / dropped", fmt.Sprintf("%.0f / %.0f", o.Requests, o.DroppedRequests))
	add("scale events (HPA / nodes up / down)", fmt.Sprintf("%d (%d / %d / %d)", o.ScaleEvents, o.HPAScaleEvents, o.NodeScaleUps, o.NodeScaleDowns))
	add("seed", strconv.FormatUint(o.Seed, 10))
	s := t.Text()
	if o.CPUUtilization < 0.5 {
		s += fmt.Sprintf("\nThe workload used %s of the nodes' CPU (a cluster pays off at 60-70%%): %s sat idle and %s went to reserves and daemon sets.\n",
			pct(o.CPUUtilization), pct(o.IdleFraction), pct(o.CPUOverhead))
	}
	return s
}

// readRateTrace reads a recorded trace with internal/trace, counts its
// requests per minute (spreading interval records over the minutes they
// cover), and returns the trace's mean rate times its per-minute shape
// (traffic.Series), which loops when the horizon is longer than the trace.
func readRateTrace(st *State, name, format string) (kube.RateFunc, error) {
	fh, err := st.Open(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errs.E(errs.NotFound, fmt.Errorf("read %s: %w", name, err))
		}
		return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", name, err))
	}
	defer fh.Close()
	rd, err := trace.New(format, name, fh, trace.Options{})
	if err != nil {
		return nil, err
	}
	perMinute := map[int64]float64{}
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	var t0 float64
	started := false
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if trace.IsProblem(err) {
				return nil, err
			}
			return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", name, err))
		}
		if !started {
			t0, started = r.Time, true
		}
		spreadMinutes(perMinute, r.Time-t0, r.Interval, r.Count)
		lo := int64(math.Floor((r.Time - t0) / 60))
		hi := int64(math.Floor((r.Time - t0 + math.Max(r.Interval, 0) - 1e-9) / 60))
		first, last = min(first, lo), max(last, max(hi, lo))
	}
	if !started {
		return nil, errs.Errorf(errs.Invalid, "%s: the trace has no requests", name)
	}
	counts := make([]float64, last-first+1)
	var total float64
	for m, c := range perMinute {
		counts[m-first] += c
		total += c
	}
	series, err := traffic.NewSeries(time.Minute, counts)
	if err != nil {
		return nil, errs.E(errs.Invalid, fmt.Errorf("%s: %w", name, err))
	}
	mean := total / (float64(len(counts)) * 60)
	return kube.ShapeRate(mean, series), nil
}

// spreadMinutes adds count requests spread evenly over [at, at+interval)
// seconds to per-minute bins.
func spreadMinutes(bins map[int64]float64, at, interval, count float64) {
	if interval <= 0 {
		bins[int64(math.Floor(at/60))] += count
		return
	}
	end := at + interval
	for t := at; t < end; {
		m := math.Floor(t / 60)
		next := math.Min(end, (m+1)*60)
		bins[int64(m)] += count * (next - t) / interval
		t = next
	}
}
