package kube

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

type podState uint8

const (
	podPending podState = iota
	podStarting
	podReady
)

type pod struct {
	dep     int // -1: a system pod
	node    int // -1: not scheduled
	state   podState
	readyAt time.Duration
	seq     int64 // creation order, for the ReplicaSet's newest-first deletion
	slot    int   // index in its node's pod list
}

type node struct {
	typ           int
	gpu           bool
	alloc         Resources
	used          Resources // daemons + pods
	readyAt       time.Duration
	alive         bool
	pods          []*pod
	system        int   // system pods on the node
	systemCPU     int64 // their CPU requests
	unneededSince time.Duration
}

func (n *node) free() Resources { return n.alloc.sub(n.used) }

func (n *node) ready(now time.Duration) bool { return n.alive && n.readyAt <= now }

// utilization is the cluster autoscaler's: for GPU nodes, requested GPUs over
// allocatable; otherwise the larger of requested CPU and memory fractions.
func (n *node) utilization() float64 {
	if n.gpu && n.alloc.GPUs > 0 {
		return float64(n.used.GPUs) / float64(n.alloc.GPUs)
	}
	return math.Max(float64(n.used.CPUm)/float64(n.alloc.CPUm), float64(n.used.Memory)/float64(n.alloc.Memory))
}

type depState struct {
	spec      Deployment
	req       Resources
	pods      []*pod
	ready     int
	starting  int // scheduled, not ready yet
	pending   int
	nextReady time.Duration
	replicas  int // spec.replicas
	hpa       *Controller
	syncEvery int
	q         queue
	out       stepOutcome
	rng       *rand.Rand
	metric    float64 // last step's metric for the HPA
	cpuUtil   float64 // last step's CPU used / requested by ready pods
	cpuSec    float64 // CPU seconds per request
	lat       latencyAcc
	st        depStats
	minute    minuteAcc
	svc       *service
	hi        float64 // latency upper bound: timeout + the longest service
	// memo for tailAt
	tailTheta, tailX, tailF float64
	// sloExp memoises P(wait + S > SLO) per exponential-wait rate bucket
	// (NaN: not yet computed), for a variable service time.
	sloExp  []float64
	sloBase int
}

type sim struct {
	cl       Cluster
	nodes    []*node
	active   []int // indices of alive nodes
	deps     []*depState
	system   []*pod
	seq      int64
	now      time.Duration
	dirty    bool // placements changed since the last scale-down scan
	lastUp   time.Duration
	nodeAdds int
	nodeDels int
	evicted  int
	buf      []Resources
	daemon   []Resources // per node type
	alloc    []Resources // per node type
}

// Simulate runs the deployments on one cluster for horizon with 15-second
// steps and returns what happened. Same inputs and seed give the same result.
func Simulate(cl Cluster, deps []Deployment, horizon time.Duration, seed uint64) (*Result, error) {
	return SimulateWith(cl, deps, horizon, seed, Options{})
}

// SimulateWith is Simulate with options (per-minute series, step length).
func SimulateWith(cl Cluster, deps []Deployment, horizon time.Duration, seed uint64, opt Options) (*Result, error) {
	if err := Validate(cl, deps); err != nil {
		return nil, err
	}
	if opt.Step <= 0 {
		opt.Step = 15 * time.Second
	}
	s := &sim{cl: cl, lastUp: -1 << 62}
	for _, nt := range cl.NodeTypes {
		s.daemon = append(s.daemon, cl.daemonOverhead(nt))
		s.alloc = append(s.alloc, cl.Reserve.Allocatable(nt))
	}
	for i, d := range deps {
		ds := &depState{
			spec: d,
			req:  d.request(),
			hpa:  NewController(d.HPA, d.MinReplicas, d.MaxReplicas),
			rng:  rand.New(rand.NewPCG(seed, uint64(i)+1)),
		}
		ds.cpuSec = d.cpuSeconds()
		ds.svc = newService(d.ServiceTime.Seconds(), d.ServiceP99.Seconds())
		ds.hi = d.Timeout.Seconds() + ds.svc.quantile(1-1e-9)
		ds.q.decay = math.Exp(-opt.Step.Seconds() / d.ServiceTime.Seconds())
		ds.syncEvery = max(1, int(math.Round(float64(d.HPA.SyncPeriod)/float64(opt.Step))))
		ds.st.minReplicas = math.MaxInt
		s.deps = append(s.deps, ds)
	}
	s.start()
	res := s.run(horizon, opt)
	res.Seed = seed
	return res, nil
}

// start builds the cluster as it stands at t=0: the minimum nodes, the
// system pods, each deployment at its steady replica count for the first
// step's rate, and whatever nodes those need, all already Ready.
func (s *sim) start() {
	general := s.generalType()
	for range s.cl.MinNodes {
		s.addNode(general, 0)
	}
	for _, sp := range s.cl.SystemPods {
		for range sp.Replicas {
			p := &pod{dep: -1, node: -1, seq: s.nextSeq()}
			s.system = append(s.system, p)
		}
	}
	for _, d := range s.deps {
		d.replicas = d.spec.SteadyReplicas(d.spec.Rate(0))
		for range d.replicas {
			d.pods = append(d.pods, &pod{dep: -1, node: -1, seq: s.nextSeq()})
			d.pending++
		}
		for _, p := range d.pods {
			p.dep = s.depIndex(d)
		}
	}
	// Place, add nodes instantly, place again until everything fits.
	for range 100 {
		s.schedulePending()
		if !s.scaleUp(0) {
			break
		}
	}
	for _, d := range s.deps {
		for _, p := range d.pods {
			if p.state == podStarting {
				p.state, p.readyAt = podReady, 0
				d.starting--
				d.ready++
			}
		}
	}
	s.lastUp = -1 << 62
	s.nodeAdds = 0
	s.dirty = true
}

func (s *sim) depIndex(d *depState) int {
	for i, x := range s.deps {
		if x == d {
			return i
		}
	}
	return -1
}

func (s *sim) nextSeq() int64 { s.seq++; return s.seq }

// generalType is the first node type without GPUs (the default group).
func (s *sim) generalType() int {
	for i, nt := range s.cl.NodeTypes {
		if nt.GPUs == 0 {
			return i
		}
	}
	return 0
}

func (s *sim) addNode(typ int, readyAt time.Duration) *node {
	nt := s.cl.NodeTypes[typ]
	n := &node{typ: typ, gpu: nt.GPUs > 0, alloc: s.alloc[typ], used: s.daemon[typ], readyAt: readyAt, alive: true, unneededSince: -1}
	s.nodes = append(s.nodes, n)
	s.active = append(s.active, len(s.nodes)-1)
	s.nodeAdds++
	s.dirty = true
	return n
}

func (s *sim) removeNode(idx int) {
	n := s.nodes[idx]
	n.alive = false
	k := s.active[:0]
	for _, i := range s.active {
		if i != idx {
			k = append(k, i)
		}
	}
	s.active = k
	s.nodeDels++
	s.dirty = true
}

func (s *sim) podRequest(p *pod) Resources {
	if p.dep < 0 {
		sp := s.systemSpec(p)
		return Resources{CPUm: sp.CPUm, Memory: int64(sp.MemoryMi * MiB), Pods: 1}
	}
	return s.deps[p.dep].req
}

func (s *sim) systemSpec(p *pod) SystemPod {
	i := 0
	for _, sp := range s.cl.SystemPods {
		for range sp.Replicas {
			if s.system[i] == p {
				return sp
			}
			i++
		}
	}
	return SystemPod{}
}

// compatible: GPU pods only on GPU nodes, and GPU nodes are tainted for others.
func compatible(req Resources, n *node) bool { return (req.GPUs > 0) == n.gpu }

// bestNode is the scheduler's choice among ready nodes for a pod, or -1.
func (s *sim) bestNode(req Resources, exclude int) int {
	best, bestScore := -1, 0.0
	for _, i := range s.active {
		n := s.nodes[i]
		if i == exclude || !n.ready(s.now) || !compatible(req, n) || !req.fits(n.free()) {
			continue
		}
		after := n.used.add(req)
		score := (float64(after.CPUm)/float64(n.alloc.CPUm) + float64(after.Memory)/float64(n.alloc.Memory)) / 2
		if s.cl.Scoring == LeastAllocated {
			score = -score
		}
		if best < 0 || score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

func (s *sim) bind(p *pod, idx int, startup time.Duration) {
	n := s.nodes[idx]
	n.used = n.used.add(s.podRequest(p))
	p.node = idx
	p.slot = len(n.pods)
	n.pods = append(n.pods, p)
	if p.dep < 0 {
		n.system++
		n.systemCPU += s.podRequest(p).CPUm
		p.state = podReady
		return
	}
	p.state = podStarting
	p.readyAt = s.now + startup
	d := s.deps[p.dep]
	d.starting++
	if d.starting == 1 || p.readyAt < d.nextReady {
		d.nextReady = p.readyAt
	}
	s.dirty = true
}

func (s *sim) unbind(p *pod) {
	n := s.nodes[p.node]
	n.used = n.used.sub(s.podRequest(p))
	last := n.pods[len(n.pods)-1]
	n.pods[p.slot] = last
	last.slot = p.slot
	n.pods = n.pods[:len(n.pods)-1]
	if p.dep < 0 {
		n.system--
		n.systemCPU -= s.podRequest(p).CPUm
	}
	p.node = -1
	s.dirty = true
}

// schedulePending binds every pending pod that fits somewhere now.
func (s *sim) schedulePending() {
	for _, p := range s.system {
		if p.node < 0 {
			if i := s.bestNode(s.podRequest(p), -1); i >= 0 {
				s.bind(p, i, 0)
			}
		}
	}
	for _, d := range s.deps {
		if d.pending == 0 {
			continue
		}
		for _, p := range d.pods {
			if p.state != podPending {
				continue
			}
			i := s.bestNode(d.req, -1)
			if i < 0 {
				// The deployment's pods are identical and binding only takes
				// room: none of its other pending pods fits either.
				break
			}
			d.pending--
			s.bind(p, i, d.spec.StartupTime)
		}
	}
}

// pendingPods lists the pods that wait for room, system pods first.
func (s *sim) pendingPods() []*pod {
	var ps []*pod
	for _, p := range s.system {
		if p.node < 0 {
			ps = append(ps, p)
		}
	}
	for _, d := range s.deps {
		if d.pending == 0 {
			continue
		}
		for _, p := range d.pods {
			if p.state == podPending {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

// scaleUp is the cluster autoscaler's scale-up: pending pods that will not
// fit on nodes already being provisioned make it launch new nodes of the
// group the expander picks (least-waste). Returns whether it added nodes.
func (s *sim) scaleUp(provision time.Duration) bool {
	ps := s.pendingPods()
	if len(ps) == 0 {
		return false
	}
	// Upcoming nodes' free room, filled first-fit.
	var upcoming []Resources
	var upGPU []bool
	for _, i := range s.active {
		n := s.nodes[i]
		if n.readyAt > s.now {
			upcoming = append(upcoming, n.free())
			upGPU = append(upGPU, n.gpu)
		}
	}
	var left []Resources
	// First fit. Pending pods come deployment by deployment, so runs of
	// identical requests are common; room only shrinks, so a run's next pod
	// need not look before the node its previous one went to.
	from, last := 0, Resources{CPUm: -1}
	for _, p := range ps {
		req := s.podRequest(p)
		if req != last {
			from, last = 0, req
		}
		placed := false
		for j := from; j < len(upcoming); j++ {
			if (req.GPUs > 0) == upGPU[j] && req.fits(upcoming[j]) {
				upcoming[j] = upcoming[j].sub(req)
				placed, from = true, j
				break
			}
		}
		if !placed {
			from = len(upcoming)
			left = append(left, req)
		}
	}
	if len(left) == 0 {
		return false
	}
	added := false
	for _, gpu := range []bool{false, true} {
		var reqs []Resources
		for _, r := range left {
			if (r.GPUs > 0) == gpu {
				reqs = append(reqs, r)
			}
		}
		if len(reqs) == 0 {
			continue
		}
		typ, count := s.expand(reqs, gpu)
		if typ < 0 {
			continue
		}
		count = min(count, s.cl.maxNodes()-len(s.active))
		for range count {
			s.addNode(typ, s.now+provision)
			added = true
		}
	}
	if added {
		s.lastUp = s.now
	}
	return added
}

// expand is the expander: for each node type of the right kind, bin-pack
// the pods (first-fit decreasing) onto new nodes, and keep the type whose new
// nodes would have the least idle CPU plus memory fraction (least-waste) or
// cost least per hour (price).
func (s *sim) expand(reqs []Resources, gpu bool) (typ, count int) {
	sort.SliceStable(reqs, func(i, j int) bool { return reqs[i].CPUm > reqs[j].CPUm })
	typ, bestWaste, bestCost := -1, 0.0, 0.0
	for t, nt := range s.cl.NodeTypes {
		if (nt.GPUs > 0) != gpu {
			continue
		}
		room := s.alloc[t].sub(s.daemon[t])
		var bins []Resources
		fitsAll := true
		// First fit, a run of identical requests resuming at the bin its
		// previous request went to (as in scaleUp).
		from, last := 0, Resources{CPUm: -1}
		for _, r := range reqs {
			if !r.fits(room) {
				fitsAll = false
				break
			}
			if r != last {
				from, last = 0, r
			}
			ok := false
			for b := from; b < len(bins); b++ {
				if r.fits(bins[b]) {
					bins[b] = bins[b].sub(r)
					ok, from = true, b
					break
				}
			}
			if !ok {
				from = len(bins)
				bins = append(bins, room.sub(r))
			}
		}
		if !fitsAll || len(bins) == 0 {
			continue
		}
		var idleCPU, idleMem float64
		for _, b := range bins {
			idleCPU += float64(b.CPUm)
			idleMem += float64(b.Memory)
		}
		waste := idleCPU/float64(int64(len(bins))*s.alloc[t].CPUm) + idleMem/float64(int64(len(bins))*s.alloc[t].Memory)
		cost := float64(len(bins)) * nt.HourlyUSD
		better := typ < 0 || waste < bestWaste-1e-12
		if s.cl.CA.Expander == Price && typ >= 0 {
			better = cost < bestCost-1e-12 || (math.Abs(cost-bestCost) <= 1e-12 && waste < bestWaste-1e-12)
		}
		if better {
			typ, bestWaste, bestCost, count = t, waste, cost, len(bins)
		}
	}
	return typ, count
}

// groupSize counts alive nodes in the group (GPU or general) of typ.
func (s *sim) groupSize(gpu bool) int {
	n := 0
	for _, i := range s.active {
		if s.nodes[i].gpu == gpu {
			n++
		}
	}
	return n
}

// movable reports whether every pod on node idx fits on the other ready
// nodes (simulated, without the nodes in skip).
func (s *sim) movable(idx int, skip map[int]bool) bool {
	n := s.nodes[idx]
	if len(n.pods) == 0 {
		return true
	}
	if cap(s.buf) < len(s.nodes) {
		s.buf = make([]Resources, len(s.nodes), 2*len(s.nodes))
	}
	s.buf = s.buf[:len(s.nodes)]
	for _, i := range s.active {
		s.buf[i] = s.nodes[i].free()
	}
	for _, p := range n.pods {
		req := s.podRequest(p)
		ok := false
		for _, i := range s.active {
			m := s.nodes[i]
			if i == idx || skip[i] || !m.ready(s.now) || !compatible(req, m) || !req.fits(s.buf[i]) {
				continue
			}
			s.buf[i] = s.buf[i].sub(req)
			ok = true
			break
		}
		if !ok {
			return false
		}
	}
	return true
}

// scaleDown is the cluster autoscaler's scale-down pass.
func (s *sim) scaleDown() {
	ca := s.cl.CA
	if s.dirty {
		for _, i := range s.active {
			n := s.nodes[i]
			if !n.ready(s.now) || n.utilization() >= ca.ScaleDownUtilization ||
				(ca.SkipNodesWithSystemPods && n.system > 0) || !s.movable(i, nil) {
				n.unneededSince = -1
				continue
			}
			if n.unneededSince < 0 {
				n.unneededSince = s.now
			}
		}
		s.dirty = false
	}
	if s.now-s.lastUp < ca.ScaleDownDelayAfterAdd {
		return
	}
	var empty, busy []int
	for _, i := range s.active {
		n := s.nodes[i]
		if n.unneededSince >= 0 && s.now-n.unneededSince >= ca.ScaleDownUnneeded {
			if len(n.pods) == 0 {
				empty = append(empty, i)
			} else {
				busy = append(busy, i)
			}
		}
	}
	if len(empty)+len(busy) == 0 {
		return
	}
	sizes := map[bool]int{false: s.groupSize(false), true: s.groupSize(true)}
	mins := map[bool]int{false: s.cl.MinNodes, true: 0}
	deleted := 0
	for _, i := range empty {
		if deleted >= max(1, ca.MaxEmptyBulkDelete) {
			break
		}
		g := s.nodes[i].gpu
		if sizes[g] <= mins[g] {
			continue
		}
		sizes[g]--
		s.removeNode(i)
		deleted++
	}
	if deleted > 0 || len(busy) == 0 {
		return
	}
	// One non-empty node at a time: the least utilised candidate.
	sort.SliceStable(busy, func(a, b int) bool { return s.nodes[busy[a]].utilization() < s.nodes[busy[b]].utilization() })
	for _, i := range busy {
		g := s.nodes[i].gpu
		if sizes[g] <= mins[g] || !s.movable(i, nil) {
			continue
		}
		s.drain(i)
		s.removeNode(i)
		return
	}
}

// drain evicts the node's pods; the ReplicaSet recreates each elsewhere,
// where it starts again from scratch (startup time).
func (s *sim) drain(idx int) {
	n := s.nodes[idx]
	ps := append([]*pod(nil), n.pods...)
	for _, p := range ps {
		wasReady := p.state == podReady
		s.unbind(p)
		s.evicted++
		if p.dep < 0 {
			if j := s.bestNode(s.podRequest(p), idx); j >= 0 {
				s.bind(p, j, 0)
			}
			continue
		}
		d := s.deps[p.dep]
		if wasReady {
			d.ready--
		} else {
			d.starting--
		}
		if j := s.bestNode(d.req, idx); j >= 0 {
			s.bind(p, j, d.spec.StartupTime)
		} else {
			p.state = podPending
			d.pending++
		}
	}
}

// resize is the ReplicaSet controller: add pending pods, or delete pods in
// its order of preference (unscheduled, then not ready, then the newest).
func (s *sim) resize(di int, want int) {
	d := s.deps[di]
	for len(d.pods) < want {
		d.pods = append(d.pods, &pod{dep: di, node: -1, seq: s.nextSeq()})
		d.pending++
	}
	if len(d.pods) <= want {
		return
	}
	sort.SliceStable(d.pods, func(i, j int) bool {
		a, b := d.pods[i], d.pods[j]
		if a.state != b.state {
			return a.state < b.state
		}
		return a.seq > b.seq
	})
	for _, p := range d.pods[:len(d.pods)-want] {
		switch p.state {
		case podPending:
			d.pending--
		case podStarting:
			d.starting--
			s.unbind(p)
		case podReady:
			d.ready--
			s.unbind(p)
		}
	}
	d.pods = append(d.pods[:0], d.pods[len(d.pods)-want:]...)
}

// promote marks pods whose startup has finished as ready.
func (s *sim) promote(d *depState) {
	if d.starting == 0 || d.nextReady > s.now {
		return
	}
	next := time.Duration(math.MaxInt64)
	for _, p := range d.pods {
		if p.state != podStarting {
			continue
		}
		if p.readyAt <= s.now {
			p.state = podReady
			d.starting--
			d.ready++
		} else if p.readyAt < next {
			next = p.readyAt
		}
	}
	d.nextReady = next
}
