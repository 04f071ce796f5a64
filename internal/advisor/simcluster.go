package advisor

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/sim/kube"
)

// clusterSimHorizon is how much of the month the Kubernetes simulator runs:
// one week covers the daily and weekly cycles of every built-in shape; the
// node-hours are scaled to the month (docs/cost-model.md#simulated-clusters).
const clusterSimHorizon = 7 * 24 * time.Hour

// ClusterSimulation is the Kubernetes simulator's view of a sized cluster:
// the HPA and cluster autoscaler following the traffic in 15-second steps.
type ClusterSimulation struct {
	HorizonHours   float64            `json:"horizon_hours"`
	NodeHours      map[string]float64 `json:"node_hours"` // scaled to the month
	EstimatedHours float64            `json:"estimated_node_hours"`
	MeanNodes      float64            `json:"mean_nodes"`
	MaxNodes       int                `json:"max_nodes"`
	CPUUtilization float64            `json:"cpu_utilization"`
	CPUOverhead    float64            `json:"cpu_overhead"`
	IdleFraction   float64            `json:"idle_fraction"`
	MostlyIdle     bool               `json:"mostly_idle"`
	// IdleUSD is the part of the month's node cost that bought CPU nobody
	// used (the idle fraction of the node lines).
	IdleUSD     decimal.Decimal `json:"idle_usd"`
	ScaleEvents int             `json:"scale_events"`
	Deployments []DeploymentSim `json:"deployments"`
	Seed        uint64          `json:"seed"`
	// Timeline is the simulated week hour by hour: nodes, and per component
	// its request rate and replicas (means over each hour).
	Timeline *ClusterTimeline `json:"timeline,omitempty"`
}

// ClusterTimeline is a simulated cluster hour by hour, for charts.
type ClusterTimeline struct {
	Hour        []int                `json:"hour"`
	Nodes       []float64            `json:"nodes"`
	NodesByType map[string][]float64 `json:"nodes_by_type"`
	RPS         map[string][]float64 `json:"rps"`
	Replicas    map[string][]float64 `json:"replicas"`
}

// DeploymentSim is one component's latency on the simulated cluster.
type DeploymentSim struct {
	Component           string  `json:"component"`
	ReplicasMean        float64 `json:"replicas_mean"`
	ReplicasMax         float64 `json:"replicas_max"`
	P50MS               float64 `json:"p50_ms"`
	P99MS               float64 `json:"p99_ms"`
	SLOP99MS            float64 `json:"slo_p99_ms,omitempty"`
	SLOViolationMinutes int     `json:"slo_violation_minutes"`
	Dropped             float64 `json:"dropped_requests"`
	// Degraded says why users are served badly (requests dropped, or a p99
	// far above the service time's: degradedReason); empty when they are not.
	Degraded string `json:"degraded,omitempty"`
}

// simulateCluster runs the Kubernetes simulator on a sized cluster and
// re-prices it from the simulated node-hours. The general pool's node type
// is chosen on the hour-by-hour estimate, which the autoscaler's behaviour
// can overturn; so, except in a lean analysis (a growth plan's month), the
// runner-up type is sized and simulated too, and the cheaper simulated
// bill wins (docs/cost-model.md#node-types).
func (m *clusterModel) simulateCluster(r *ClusterResult) error {
	if err := m.simulateOnce(r); err != nil {
		return err
	}
	ch := r.NodeChoice
	if m.e.opts.Lean || ch == nil || ch.RunnerUp == "" {
		return nil
	}
	alt, err := m.sizeOn(r, ch.RunnerUp)
	if err != nil || alt == nil {
		return nil // the runner-up cannot hold this set: the choice stands
	}
	if err := m.simulateOnce(alt); err != nil {
		return err
	}
	if !alt.Bill.Total.LessThan(r.Bill.Total.Sub(decimal.NewFromFloat(0.01))) {
		return nil
	}
	first := ch.NodeType
	if ch.With != "" {
		first += " with " + ch.With
	}
	alt.NodeChoice.Why = fmt.Sprintf("%s, chosen after simulation: the cluster costs %s on it against %s on %s, which the hour-by-hour estimate preferred (%s against %s of nodes)",
		ch.RunnerUp, usd(alt.Bill.Total), usd(r.Bill.Total), first, usd(ch.MonthlyUSD), usd(*ch.RunnerUpUSD))
	alt.NodeChoice.RunnerUp, alt.NodeChoice.RunnerUpUSD = first, &ch.MonthlyUSD
	*r = *alt
	return nil
}

// sizeOn sizes r's members again with the general pool on node type typ
// alone (nil when typ cannot hold them).
func (m *clusterModel) sizeOn(r *ClusterResult, typ string) (*ClusterResult, error) {
	nt := m.nodeTypeNamed(typ)
	if nt.GPUs > 0 || nt.VCPU == 0 {
		return nil, nil
	}
	tmp := *m
	tmp.general, tmp.sized = []nodeType{nt}, nil
	var set []int
	for _, name := range r.Components {
		for _, i := range m.memberSet() {
			if m.members[i].d.C.Name == name {
				set = append(set, i)
			}
		}
	}
	for _, i := range set {
		if p := m.members[i].pod; p.gpu == 0 && !(&packer{nt: nt}).fits(p) {
			return nil, nil
		}
	}
	return tmp.sizeUncached(set)
}

// simulateOnce runs the Kubernetes simulator on r as sized.
func (m *clusterModel) simulateOnce(r *ClusterResult) error {
	var types []kube.NodeType
	general := 0
	for _, g := range r.NodeGroups {
		nt := m.nodeTypeNamed(g.Type)
		types = append(types, nt.kube())
		if nt.GPUs == 0 {
			general++
		}
	}
	cl := m.defs.Cluster(types, m.minNodes)
	if general > 1 {
		// A pool that mixes a large type with a smaller one: the autoscaler
		// buys whichever is cheaper for the pending pods (--expander=price).
		cl.CA.Expander = kube.Price
	}
	var deps []kube.Deployment
	var members []member
	for _, name := range r.Components {
		for _, i := range m.memberSet() {
			if mb := m.members[i]; mb.d.C.Name == name {
				members = append(members, mb)
			}
		}
	}
	for _, mb := range members {
		deps = append(deps, m.deployment(mb))
	}
	seed := seedFor(m.e.spec.Seed, strings.Join(r.Components, ","), m.platform)
	res, err := kube.SimulateWith(cl, deps, clusterSimHorizon, seed, kube.Options{Series: !m.e.opts.Lean, NoLatencySeries: true})
	if err != nil {
		return fmt.Errorf("simulate the %s cluster: %w", m.platform, err)
	}
	scale := m.e.hours() / clusterSimHorizon.Hours()
	sim := &ClusterSimulation{HorizonHours: clusterSimHorizon.Hours(), NodeHours: map[string]float64{},
		EstimatedHours: r.NodeHours + r.GPUNodeHours, MeanNodes: res.Nodes.Mean, MaxNodes: int(res.Nodes.Max),
		CPUUtilization: res.CPUUtilization, CPUOverhead: res.CPUOverhead, IdleFraction: res.IdleFraction,
		MostlyIdle: res.MostlyIdle(), ScaleEvents: res.ScaleEvents, Seed: seed}
	for t, h := range res.NodeHours {
		sim.NodeHours[t] = h * scale
	}
	for k, d := range res.Deployments {
		lost := 0.0
		if d.Requests > 0 {
			lost = d.Dropped / d.Requests
		}
		lat := d.LatencyMs
		if platform.IsJob(members[k].d.C) {
			// A job's latency is its run time: a run that waits for the
			// previous one to free the pool waits on the schedule, not on a
			// user (runs arrive at random in the simulation, not at 02:00).
			lat = d.ServiceMs
		}
		sim.Deployments = append(sim.Deployments, DeploymentSim{Component: members[k].d.C.Name,
			ReplicasMean: d.Replicas.Mean, ReplicasMax: d.Replicas.Max, P50MS: lat.P50, P99MS: lat.P99,
			SLOP99MS: members[k].d.C.LatencySLOP99MS, SLOViolationMinutes: int(math.Round(float64(d.SLOViolationMinutes) * scale)),
			Dropped: d.Dropped * scale, Degraded: degradedReason(lost, lat.P99, serviceP99MS(members[k].d))})
	}
	sim.Timeline = hourly(res, members)
	return m.reprice(r, sim, members)
}

// reprice re-prices r from the node-hours the simulated autoscalers bought
// (sim.NodeHours, by node type) and attaches sim.
// scaledProfile is profile with its node counts scaled so that its
// node-hours go from est to sim: the simulated cluster's hours, in the
// estimate's hour-by-hour shape (a commitment is sized from its floor).
func scaledProfile(profile []pricing.NodeCount, est, sim float64) []pricing.NodeCount {
	if len(profile) == 0 || !(est > 0) {
		return nil
	}
	out := make([]pricing.NodeCount, len(profile))
	for i, p := range profile {
		out[i] = pricing.NodeCount{Nodes: p.Nodes * sim / est, Hours: p.Hours}
	}
	return out
}

func (m *clusterModel) reprice(r *ClusterResult, sim *ClusterSimulation, members []member) error {
	priced := *r
	priced.NodeGroups = nil
	priced.NodeHours, priced.GPUNodeHours = 0, 0
	capacity := 0.0
	for _, g := range r.NodeGroups {
		capacity += sim.NodeHours[g.Type] * m.nodeTypeNamed(g.Type).VCPU
	}
	for _, g := range r.NodeGroups {
		nt := m.nodeTypeNamed(g.Type)
		h := sim.NodeHours[g.Type]
		ng := NodeGroup{Type: g.Type, NodeHours: h, Profile: scaledProfile(g.Profile, g.NodeHours, h)}
		if nt.burstable() && nt.surplusF > 0 && capacity > 0 {
			// The pods' CPU falls on the type in proportion to its vCPUs,
			// netted over the month (the estimate nets day by day).
			share := r.usedVCPUHours * h * nt.VCPU / capacity
			ng.SurplusVCPUHours = pricing.SurplusVCPUHours(share, nt.Baseline, nt.VCPU, h)
		}
		priced.NodeGroups = append(priced.NodeGroups, ng)
		if nt.GPUs > 0 {
			priced.GPUNodeHours += h
		} else {
			priced.NodeHours += h
		}
	}
	b, err := m.bill(&priced, members)
	if err != nil {
		return err
	}
	nodeCost := decimal.Zero
	for _, li := range b.LineItems {
		for _, g := range r.NodeGroups {
			if strings.HasPrefix(li.Name, g.Type+" ") {
				nodeCost = nodeCost.Add(li.Amount)
				break
			}
		}
	}
	sim.IdleUSD = nodeCost.Mul(decimal.NewFromFloat(sim.IdleFraction)).Round(2)
	r.Simulation = sim
	est := r.MonthlyUSD
	r.EstimatedUSD = &est
	r.NodeHours, r.GPUNodeHours, r.NodeGroups = priced.NodeHours, priced.GPUNodeHours, priced.NodeGroups
	r.MeanNodes = (r.NodeHours + r.GPUNodeHours) / m.e.hours()
	r.MaxNodes = sim.MaxNodes
	r.CPUUtilization = sim.CPUUtilization
	r.setBill(b)
	return nil
}

// deployment maps a component on the cluster to the simulator's deployment.
func (m *clusterModel) deployment(mb member) kube.Deployment {
	d := mb.d
	h := m.defs.HPA
	h.Target = m.util
	maxReps := 1000
	minReps := max(platform.MinReplicas(d.C), 1)
	if d.C.Stateful {
		maxReps = d.C.DataCopies()
		minReps = maxReps
	}
	if platform.IsJob(d.C) {
		// Runs go to a fixed pool sized like the estimate's (platform.ReplicaSchedule):
		// an HPA scaling on the CPU of a running job would only add idle pods.
		minReps = max(minReps, int(math.Ceil(d.PeakConcurrency()/float64(mb.conc)-1e-9)))
		maxReps = minReps
	}
	// Pods cannot be scaled down under open connections: hold the peak's.
	minReps = max(minReps, platform.ConnectionReplicas(d, d.PeakFactor, d.Connections().PerPod))
	dep := kube.Deployment{
		Name:          d.C.Name,
		CPUm:          int64(math.Round(mb.pod.cpu * 1000)),
		Memory:        int64(mb.pod.mib * kube.MiB),
		GPUs:          mb.pod.gpu,
		Concurrency:   mb.conc,
		ServiceTime:   time.Duration(d.DurS * float64(time.Second)),
		ServiceP99:    time.Duration(serviceP99MS(d) * float64(time.Millisecond)),
		CPUPerRequest: time.Duration(d.CPUS * float64(time.Second)),
		StartupTime:   podStartup,
		Timeout:       waitTimeout(d.C),
		MinReplicas:   minReps,
		MaxReplicas:   max(maxReps, minReps),
		HPA:           h,
		Rate:          kube.ShapeRate(d.Rate, d.Shape),
	}
	if d.C.LatencySLOP99MS > 0 {
		dep.SLOp99 = time.Duration(d.C.LatencySLOP99MS * float64(time.Millisecond))
	}
	return dep
}

// podStartup is image pull plus readiness for a new pod (documented default).
const podStartup = 20 * time.Second

// simulateClusters runs the simulator on every cluster the report shows,
// once per distinct cluster, and copies the per-component latencies onto
// the Kubernetes options.
func (a *Analysis) simulateClusters(clusters map[string]*clusterModel, extra ...*ClusterResult) error {
	done := map[string]*ClusterResult{}
	key := func(r *ClusterResult) string { return r.Platform + ":" + strings.Join(r.Components, ",") }
	run := func(r *ClusterResult) error {
		if prev, ok := done[key(r)]; ok {
			*r = *prev
			return nil
		}
		if r.Simulation != nil { // the shared clusters, simulated by judgeCluster
			done[key(r)] = r
			return nil
		}
		if err := clusters[r.Platform].simulateCluster(r); err != nil {
			return err
		}
		done[key(r)] = r
		return nil
	}
	for k := range a.Clusters {
		if err := run(&a.Clusters[k]); err != nil {
			return err
		}
	}
	for _, r := range extra {
		if r != nil {
			if err := run(r); err != nil {
				return err
			}
		}
	}
	// Latency on the shared cluster, per option.
	for _, cl := range a.Clusters {
		if cl.Simulation == nil {
			continue
		}
		for _, ds := range cl.Simulation.Deployments {
			for i := range a.Components {
				if a.Components[i].Name != ds.Component {
					continue
				}
				if o := a.Components[i].option(cl.Platform); o != nil && o.Feasible {
					d := ds
					o.Cluster = &d
					if d.Degraded != "" {
						o.Reasons = append([]string{d.Degraded}, o.Reasons...)
					}
					o.Reasons = append(o.Reasons, clusterSimReason(cl, d))
				}
			}
		}
	}
	sort.SliceStable(a.Clusters, func(i, j int) bool { return a.Clusters[i].Platform < a.Clusters[j].Platform })
	return nil
}

func clusterSimReason(cl ClusterResult, d DeploymentSim) string {
	lat := fmt.Sprintf("p50 %.0f ms, p99 %.0f ms", d.P50MS, d.P99MS)
	if !(d.P99MS > 0) {
		// Nothing finished in the simulated week: there is no latency to
		// report, and a zero would read as instant.
		lat = "no request finished in the simulated week"
	}
	if d.Dropped > 0 {
		lat += fmt.Sprintf(", %.0f requests a month dropped", d.Dropped)
	}
	s := fmt.Sprintf("simulated on the shared %s cluster (HPA and cluster autoscaler, %g h scaled to the month): %s, %.1f replicas on average",
		cl.Platform, cl.Simulation.HorizonHours, lat, d.ReplicasMean)
	if d.SLOP99MS > 0 {
		s += fmt.Sprintf(", %d minutes a month over the %.0f ms SLO", d.SLOViolationMinutes, d.SLOP99MS)
	}
	return s
}

// judgeCluster simulates m's shared cluster (every member) and judges each
// member by its simulated latency, as the serverless options are judged by
// theirs: a member whose requests are dropped, or whose p99 is more than
// degradedP99Factor × its service time's p99, is degraded (DeploymentSim.
// Degraded, said in its reasons and the table); if it also has a latency
// SLO it is infeasible and leaves the cluster, which is sized and simulated
// again without it. It returns the simulated shared cluster, or nil when no
// member is left.
func (a *Analysis) judgeCluster(e env, m *clusterModel, shared *ClusterResult) (*ClusterResult, error) {
	for {
		sim := *shared
		simulate := m.simulateCluster
		if sm := e.opts.Sims; sm != nil {
			simulate = func(r *ClusterResult) error { return m.simulateClusterMemo(r, sm, true) }
		}
		if err := simulate(&sim); err != nil {
			return nil, err
		}
		removed := false
		for _, ds := range sim.Simulation.Deployments {
			if ds.Degraded == "" {
				continue
			}
			for _, i := range m.memberSet() {
				c := e.spec.Components[i]
				if c.Name != ds.Component || c.LatencySLOP99MS <= 0 {
					continue
				}
				o := a.Components[i].option(m.platform)
				*o = Option{Platform: o.Platform, Kind: o.Kind, LineItems: []pricing.LineItem{},
					Reasons: []string{sloDegraded(ds.Degraded+" on the shared "+platform.Name(m.platform)+" cluster", c.LatencySLOP99MS)}}
				delete(m.members, i)
				m.tuples, m.sized = nil, nil
				removed = true
			}
		}
		if !removed {
			return &sim, nil
		}
		all := m.memberSet()
		if len(all) == 0 {
			return nil, nil
		}
		var err error
		if shared, err = m.size(all); err != nil {
			return nil, err
		}
	}
}

// hourly averages the simulator's per-minute series over each hour.
func hourly(res *kube.Result, members []member) *ClusterTimeline {
	if res.Series == nil || len(res.Series.Minute) == 0 {
		return nil
	}
	minutes := len(res.Series.Minute)
	hours := (minutes + 59) / 60
	mean := func(xs func(int) float64, h int) float64 {
		lo, hi := h*60, min((h+1)*60, minutes)
		s := 0.0
		for m := lo; m < hi; m++ {
			s += xs(m)
		}
		return math.Round(s/float64(hi-lo)*100) / 100 // two decimals keep the JSON small
	}
	tl := &ClusterTimeline{NodesByType: map[string][]float64{}, RPS: map[string][]float64{}, Replicas: map[string][]float64{}}
	for h := range hours {
		tl.Hour = append(tl.Hour, h)
		total := 0.0
		for t, ns := range res.Series.Nodes {
			v := mean(func(m int) float64 { return float64(ns[m]) }, h)
			tl.NodesByType[t] = append(tl.NodesByType[t], v)
			total += v
		}
		tl.Nodes = append(tl.Nodes, total)
		for k, d := range res.Deployments {
			if d.Series == nil {
				continue
			}
			name := members[k].d.C.Name
			tl.RPS[name] = append(tl.RPS[name], mean(func(m int) float64 { return d.Series.RPS[m] }, h))
			tl.Replicas[name] = append(tl.Replicas[name], mean(func(m int) float64 { return float64(d.Series.Replicas[m]) }, h))
		}
	}
	return tl
}
