package advisor

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/sim/kube"
)

// member is a component prepared for a cluster: its replica size and the
// replicas it needs in each hour of the month.
type member struct {
	idx      int // component index
	d        demand
	pod      pod
	conc     int
	replicas []int
}

// clusterModel sizes and prices one managed Kubernetes platform's cluster for
// any subset of the system's components. All Kubernetes components of a
// system share one cluster per platform.
type clusterModel struct {
	e        env
	platform string
	cl       platform.Cluster
	general  []nodeType
	gpus     []nodeType
	members  map[int]member // by component index
	util     float64
	minNodes int
	hours    int
	// tuples are the distinct per-hour replica vectors of all members (in
	// memberSet order) with how many hours each occurs; built lazily.
	tuples []hourTuple
	// tupleOf is each hour's index in tuples.
	tupleOf []int
	order   []int // member component indices, sorted
	defs    kube.Defaults
	// sized caches size results by component set (cleared when members change).
	sized map[string]*ClusterResult
	// used is each member's CPU (vCPU) in each hour, what a burstable
	// node's credits are spent on: computed when a burstable type is priced.
	used map[int][]float64
	// unavailable says why no component can run here (no node type allowed
	// or offered in the region); empty when the platform can run pods.
	unavailable string
}

// hourTuple is one distinct combination of replica counts and its hours.
type hourTuple struct {
	counts []int // indexed like clusterModel.order
	hours  int
}

// ClusterResult is one sized cluster.
type ClusterResult struct {
	Platform       string   `json:"platform"`
	Components     []string `json:"components"`
	NodeType       string   `json:"node_type"`
	NodeHours      float64  `json:"node_hours"`
	MeanNodes      float64  `json:"mean_nodes"`
	MaxNodes       int      `json:"max_nodes"`
	GPUNodeType    string   `json:"gpu_node_type,omitempty"`
	GPUNodeHours   float64  `json:"gpu_node_hours,omitempty"`
	CPUUtilization float64  `json:"cpu_utilization"`
	CPURequested   float64  `json:"cpu_requested"`
	// NodeGroups are the node types the cluster buys, general pool first,
	// with their node-hours (a pool may mix a large type with a smaller one
	// for the remainder).
	NodeGroups []NodeGroup `json:"node_groups"`
	// NodeChoice says which general node type won and why; GPUChoice the
	// same for the GPU pool.
	NodeChoice *NodeChoice        `json:"node_choice,omitempty"`
	GPUChoice  *NodeChoice        `json:"gpu_choice,omitempty"`
	MonthlyUSD decimal.Decimal    `json:"monthly_usd"`
	LineItems  []pricing.LineItem `json:"line_items"`
	Bill       *pricing.Bill      `json:"-"`
	// Simulation is the Kubernetes simulator's run of this cluster; when
	// present, the node-hours and the bill come from it, and EstimatedUSD is
	// the hour-by-hour estimate it replaced.
	Simulation   *ClusterSimulation `json:"simulation,omitempty"`
	EstimatedUSD *decimal.Decimal   `json:"estimated_usd,omitempty"`
	// usedVCPUHours is the CPU the members' requests use over the month.
	usedVCPUHours float64
}

func newClusterModel(e env, id string) (*clusterModel, error) {
	p, err := platform.Get(id)
	if err != nil {
		return nil, err
	}
	cl, ok := p.(platform.Cluster)
	if !ok {
		return nil, fmt.Errorf("%s is not a Kubernetes platform", id)
	}
	m := &clusterModel{e: e, platform: id, cl: cl, members: map[int]member{}}
	m.util = e.spec.Kubernetes.TargetUtilization
	if m.util == 0 {
		m.util = platform.DefaultTargetUtilization
	}
	m.minNodes = e.spec.Kubernetes.MinNodes
	if m.minNodes == 0 {
		m.minNodes = defaultMinNodes
	}
	m.hours = int(math.Ceil(e.hours()))
	defs, err := kube.DefaultsFromCatalog(e.cat)
	if err != nil {
		return nil, err
	}
	m.defs = defs
	room := defs.Cluster(nil, 0).PodRoom
	general, gpus := platform.NodeTypeNames(e.cat, cl)
	allowedGeneral, allowedGPU := allowedNodeTypes(e.spec.Kubernetes.NodeTypes, general, gpus)
	for _, n := range allowedGeneral {
		nt, err := lookupNode(e.cat, cl, n, room)
		if err != nil {
			return nil, err
		}
		m.general = append(m.general, nt)
	}
	for _, n := range allowedGPU {
		nt, err := lookupNode(e.cat, cl, n, room)
		if err != nil {
			return nil, err
		}
		m.gpus = append(m.gpus, nt)
	}
	if len(m.general) == 0 {
		m.unavailable = noNodeTypeReason(e, id, general)
	}
	return m, nil
}

// add prepares component i; it returns the reasons it cannot join the cluster.
func (m *clusterModel) add(i int, d demand) []Reason {
	if m.unavailable != "" {
		return []Reason{{Text: m.unavailable}}
	}
	conc := platform.PodConcurrency(d)
	p := pod{cpu: platform.ReplicaCPU(d, conc), mib: math.Max(d.C.MemoryMB, 64), gpu: d.C.GPU}
	types := m.general
	if p.gpu > 0 {
		types = m.gpus
	}
	fits := false
	for _, nt := range types {
		if (&packer{nt: nt}).fits(p) {
			fits = true
			break
		}
	}
	if !fits {
		what := fmt.Sprintf("%.2f vCPU and %s MiB", p.cpu, grouped(p.mib))
		if p.gpu > 0 {
			what += " and " + some(float64(p.gpu), "GPU")
		}
		return []Reason{{Text: fmt.Sprintf("a replica needs %s, more than any %s node type in the catalog can allocate", what, platform.Name(m.platform))}}
	}
	m.sized = nil
	reps := platform.ReplicaSchedule(d, conc, m.util)
	m.members[i] = member{idx: i, d: d, pod: p, conc: conc, replicas: reps}
	delete(m.used, i)
	m.tuples = nil
	return nil
}

// size packs the given components hour by hour onto the cheapest general
// node type (and GPU node type when needed) and prices the cluster.
func (m *clusterModel) size(set []int) (*ClusterResult, error) {
	sort.Ints(set)
	key := fmt.Sprint(set)
	if r, ok := m.sized[key]; ok {
		cp := *r // callers may re-price their copy (simulateCluster)
		return &cp, nil
	}
	r, err := m.sizeUncached(set)
	if err != nil {
		return nil, err
	}
	if m.sized == nil {
		m.sized = map[string]*ClusterResult{}
	}
	m.sized[key] = r
	cp := *r
	return &cp, nil
}

func (m *clusterModel) sizeUncached(set []int) (*ClusterResult, error) {
	var gen, gpu []member
	for _, i := range set {
		mb, ok := m.members[i]
		if !ok {
			return nil, fmt.Errorf("component %d cannot run on %s", i, m.platform)
		}
		if mb.pod.gpu > 0 {
			gpu = append(gpu, mb)
		} else {
			gen = append(gen, mb)
		}
	}
	res := &ClusterResult{Platform: m.platform}
	for _, i := range set {
		res.Components = append(res.Components, m.members[i].d.C.Name)
	}
	// The general pool: at least minNodes even when no general pods exist
	// (system add-ons run there).
	gp := m.pack(gen, m.general, m.minNodes)
	res.NodeGroups = gp.groups
	res.NodeChoice = gp.choice
	res.NodeType, res.NodeHours, res.MaxNodes = gp.groups[0].Type, gp.nodeHours(), gp.maxNodes
	if len(gpu) > 0 {
		if len(m.gpus) == 0 {
			return nil, fmt.Errorf("%s offers no GPU node type here", platform.Name(m.platform))
		}
		g := m.pack(gpu, m.gpus, 0)
		res.GPUNodeType, res.GPUNodeHours = g.groups[0].Type, g.nodeHours()
		res.NodeGroups = append(res.NodeGroups, g.groups...)
		res.GPUChoice = g.choice
		res.MaxNodes += g.maxNodes
	}
	res.MeanNodes = (res.NodeHours + res.GPUNodeHours) / float64(m.hours)
	// Utilisation: CPU actually used (requests × CPU time) over node vCPU.
	used, requested := 0.0, 0.0
	for _, mb := range append(append([]member(nil), gen...), gpu...) {
		used += mb.d.Rate * mb.d.CPUS * float64(m.hours)
		for _, r := range mb.replicas {
			requested += float64(r) * mb.pod.cpu
		}
	}
	res.usedVCPUHours = used * m.e.hours() / float64(m.hours)
	capacity := 0.0
	for _, g := range res.NodeGroups {
		capacity += g.NodeHours * m.nodeTypeNamed(g.Type).VCPU
	}
	capacity *= float64(m.hours) / m.e.hours()
	if capacity > 0 {
		res.CPUUtilization = used / capacity
		res.CPURequested = requested / capacity
	}
	b, err := m.bill(res, append(gen, gpu...))
	if err != nil {
		return nil, err
	}
	res.Bill, res.MonthlyUSD, res.LineItems = b, b.Total, b.LineItems
	return res, nil
}

// addMemberLines adds what one member pays on its own, whatever else runs
// on the cluster: its API gateway and the managed services it calls.
func (m *clusterModel) addMemberLines(b *pricing.Bill, mb member) error {
	gw, err := platform.APIGatewayBill(m.e.cat, m.cl.Info().Cloud, mb.d)
	if err != nil {
		return fmt.Errorf("price the API gateway of %s: %w", mb.d.C.Name, err)
	}
	if gw != nil {
		b.AddBill(gw)
	}
	return addDownstream(b, m.e, mb.d)
}

// memberFloor is what member i adds to any cluster's bill at least: its
// own lines (addMemberLines) and its operations time, less a cent for the
// rounding of the shared operations line. The placement search bounds a
// subset's cluster from below by the empty cluster plus its members' floors.
func (m *clusterModel) memberFloor(i int) (float64, error) {
	b := &pricing.Bill{}
	if err := m.addMemberLines(b, m.members[i]); err != nil {
		return 0, err
	}
	return b.Total.InexactFloat64() + m.e.opsHours()*m.e.engineerHourly() - 0.01, nil
}

// nodeTypeNamed is the general or GPU node type called name.
func (m *clusterModel) nodeTypeNamed(name string) nodeType {
	for _, nt := range m.general {
		if nt.Name == name {
			return nt
		}
	}
	for _, nt := range m.gpus {
		if nt.Name == name {
			return nt
		}
	}
	return nodeType{Name: name}
}

// hourTuples returns the distinct hourly replica vectors of all members.
func (m *clusterModel) hourTuples() []hourTuple {
	if m.tuples != nil {
		return m.tuples
	}
	m.order = m.memberSet()
	m.tupleOf = make([]int, m.hours)
	seen := map[string]int{}
	key := make([]byte, 0, 8*len(m.order))
	for hr := range m.hours {
		key = key[:0]
		for _, i := range m.order {
			key = binary.AppendUvarint(key, uint64(m.members[i].replicas[hr]))
		}
		if ti, ok := seen[string(key)]; ok {
			m.tuples[ti].hours++
			m.tupleOf[hr] = ti
			continue
		}
		counts := make([]int, len(m.order))
		for k, i := range m.order {
			counts[k] = m.members[i].replicas[hr]
		}
		seen[string(key)] = len(m.tuples)
		m.tupleOf[hr] = len(m.tuples)
		m.tuples = append(m.tuples, hourTuple{counts: counts, hours: 1})
	}
	return m.tuples
}

// clusterEngineers is the people a cluster takes (documented default, or the
// spec's team.cluster_engineers).
func (m *clusterModel) clusterEngineers() float64 {
	t := m.e.spec.Team
	if t.ClusterEngineers != nil {
		return *t.ClusterEngineers
	}
	if t.PlatformEngineers >= platformTeamThreshold {
		return extraClusterEngineers
	}
	return firstClusterEngineers
}

// bill prices a sized cluster: the platform's own infrastructure (control
// plane, nodes, root volumes, NAT, the shared load balancer, addresses),
// then by the same rules as every other platform the members' logs (and the
// nodes' system logs) and egress, the managed services they call, the
// operations time per component, and the people who run the cluster.
func (m *clusterModel) bill(res *ClusterResult, ms []member) (*pricing.Bill, error) {
	e := m.e
	hours := e.hours()
	u := platform.ClusterUsage{Hours: hours, NATGateways: defaultNATGateways, FreeTier: e.spec.FreeTier, ExtendedSupport: e.spec.Kubernetes.ExtendedSupport}
	for _, g := range res.NodeGroups {
		u.Nodes = append(u.Nodes, platform.NodeUsage{Type: g.Type, Hours: g.NodeHours, SurplusVCPUHours: g.SurplusVCPUHours})
	}
	if e.spec.Kubernetes.NATGateways != nil {
		u.NATGateways = *e.spec.Kubernetes.NATGateways
	}
	ds := make([]demand, 0, len(ms))
	for _, mb := range ms {
		ds = append(ds, mb.d)
		if mb.d.HTTP() {
			u.FrontDoor = true
			u.LCUs += platform.ALBLCUs(mb.d)
			u.LBGB += platform.LBGB(mb.d)
		}
		if mb.d.C.Stateful {
			u.StorageGB += mb.d.C.StorageGB * float64(mb.d.C.DataCopies()) // a volume per replica
			if mb.d.C.StorageGB > 0 {
				u.BackupGB += platform.DataBackupGB(mb.d.C.DataFor(mb.d.Rate))
			}
		}
	}
	b, err := m.cl.ClusterBill(e.cat, u)
	if err != nil {
		return nil, fmt.Errorf("price %s cluster: %w", m.platform, err)
	}
	if err := addSymmetric(b, e, m.cl.Info().Cloud, ds, u.NodeMonths()*systemLogGBPerNodeMonth); err != nil {
		return nil, fmt.Errorf("price %s cluster: %w", m.platform, err)
	}
	for _, mb := range ms {
		if err := m.addMemberLines(b, mb); err != nil {
			return nil, err
		}
	}
	addOps(b, e, len(ms))
	if eng := m.clusterEngineers(); eng > 0 {
		b.AddPriced("platform engineering (people)", pricing.Dec(eng), "engineer-month", pricing.Dec(e.spec.Team.EngineerCostPerYear/12).Round(2), "docs/cost-model.md#people", pricing.HalfUp)
	}
	return b, nil
}
