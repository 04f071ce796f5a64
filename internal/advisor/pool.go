package advisor

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// NodeGroup is one node type a cluster buys, with its month of node-hours.
type NodeGroup struct {
	Type      string  `json:"type"`
	NodeHours float64 `json:"node_hours"`
	// Profile is how many nodes of the type run for how many of the month's
	// hours (a purchase commitment is sized and charged from it).
	Profile []pricing.NodeCount `json:"-"`
	// SurplusVCPUHours is the CPU a burstable type's pods used above its
	// baseline, billed as surplus credits (AWS unlimited mode).
	SurplusVCPUHours float64 `json:"surplus_vcpu_hours,omitempty"`
}

// NodeChoice is why a pool runs on its node type: the cheapest placement of
// its pods among every allowed type (and a large type with a smaller one for
// the remainder), against the next best.
type NodeChoice struct {
	NodeType string `json:"node_type"`
	// With is the smaller type that takes the remainder (empty: one type).
	With        string           `json:"with,omitempty"`
	MonthlyUSD  decimal.Decimal  `json:"monthly_usd"` // the pool's nodes (and surplus credits)
	RunnerUp    string           `json:"runner_up,omitempty"`
	RunnerUpUSD *decimal.Decimal `json:"runner_up_usd,omitempty"`
	// Tried is how many node types could hold the pods; Priced how many of
	// them were packed hour by hour (the rest could not beat the best even
	// at a perfect packing).
	Tried       int     `json:"tried"`
	Priced      int     `json:"priced"`
	PodsPerNode float64 `json:"pods_per_node"`
	// CPURequested is the share of the nodes' allocatable CPU the pods request.
	CPURequested float64 `json:"cpu_requested"`
	Why          string  `json:"why"`
}

// poolPlan is a packed pool: its node groups (main type first) and choice.
type poolPlan struct {
	groups   []NodeGroup
	maxNodes int
	choice   *NodeChoice
}

func (p poolPlan) nodeHours() float64 {
	h := 0.0
	for _, g := range p.groups {
		h += g.NodeHours
	}
	return h
}

// allowedNodeTypes narrows a platform's node types to the spec's
// kubernetes.node_types. An empty list allows all. GPU types are narrowed
// only when the list names one of this platform's GPU types.
func allowedNodeTypes(want, general, gpu []string) ([]string, []string) {
	if len(want) == 0 {
		return general, gpu
	}
	keep := func(names []string) []string {
		var out []string
		for _, n := range names {
			if slices.Contains(want, n) {
				out = append(out, n)
			}
		}
		return out
	}
	g := keep(general)
	if gg := keep(gpu); len(gg) > 0 {
		gpu = gg
	}
	return g, gpu
}

// noNodeTypeReason says why a platform has no general node type to use.
func noNodeTypeReason(e env, id string, offered []string) string {
	name := platform.Name(id)
	if len(offered) == 0 {
		return fmt.Sprintf("the catalog offers no %s node type in %s", name, e.spec.Region)
	}
	var here []string
	for _, n := range e.spec.Kubernetes.NodeTypes {
		if owner, ok := platform.NodeTypeOf(e.cat, n); ok && owner == id {
			here = append(here, n)
		}
	}
	if len(here) > 0 {
		return fmt.Sprintf("kubernetes.node_types allows only %s, which the catalog does not price in %s", strings.Join(here, ", "), e.spec.Region)
	}
	return fmt.Sprintf("kubernetes.node_types (%s) names no %s node type", strings.Join(e.spec.Kubernetes.NodeTypes, ", "), name)
}

// usedCPU is the member's CPU per hour (usedCPUOf), cached.
func (m *clusterModel) usedCPU(mb member) []float64 {
	if u, ok := m.used[mb.idx]; ok {
		return u
	}
	if m.used == nil {
		m.used = map[int][]float64{}
	}
	u := usedCPUOf(mb.d, mb.replicas, m.hours)
	m.used[mb.idx] = u
	return u
}

// usedCPUOf is the CPU (vCPU) a member's requests use in each hour of the
// month: the rate in the middle of the hour times the CPU per request.
// A job's month of CPU is spread over the hours it runs.
func usedCPUOf(d demand, reps []int, hours int) []float64 {
	out := make([]float64, hours)
	if platform.IsJob(d.C) {
		on := 0
		for _, r := range reps {
			if r > 0 {
				on++
			}
		}
		if on == 0 {
			return out
		}
		per := d.Rate * d.CPUS * float64(hours) / float64(on)
		for h, r := range reps {
			if r > 0 {
				out[h] = per
			}
		}
		return out
	}
	for h := range out {
		out[h] = d.Rate * d.Shape.Factor(time.Duration(h)*time.Hour+30*time.Minute) * d.CPUS
	}
	return out
}

// candidate is one node type being priced for a pool.
type candidate struct {
	nt nodeType
	lb float64 // the cost at a perfect packing: no type can do better
	// frac is the cost if nodes came in fractions: how cheaply the type
	// carries the load, the order in which large types are tried with a
	// smaller one for the remainder.
	frac   float64
	counts []int   // nodes per projection (exact packing)
	cost   float64 // nodes and surplus credits over the month
	// surplus is the month's CPU above a burstable type's baseline.
	surplus float64
	ok      bool
}

// pack finds the cheapest way to run the members' pods, hour by hour, on
// one of types, or on a large type with a smaller one for the remainder,
// Karpenter-style: every allowed type whose node holds each pod is priced
// from its first-fit-decreasing packing of every distinct hour (hours with
// the same replica counts are packed once), never over-committing CPU,
// memory, GPUs or the pod limit. A burstable type pays for the CPU its pods
// use above its baseline (surplus credits), or is left out where it cannot
// bill them (throttled at the baseline). Types are tried cheapest lower
// bound first and packing stops when no remaining type could beat the two
// best found, so the search stays fast with a large catalog.
func (m *clusterModel) pack(ms []member, types []nodeType, floor int) poolPlan {
	tuples := m.hourTuples()
	type group struct {
		pod pod
		col int
	}
	groups := make([]group, len(ms))
	for k, mb := range ms {
		groups[k] = group{pod: mb.pod, col: slices.Index(m.order, mb.idx)}
	}
	sort.SliceStable(groups, func(a, b int) bool {
		pa, pb := groups[a].pod, groups[b].pod
		if pa.gpu != pb.gpu {
			return pa.gpu > pb.gpu
		}
		if pa.cpu != pb.cpu {
			return pa.cpu > pb.cpu
		}
		return pa.mib > pb.mib
	})
	pods := make([]pod, len(groups))
	for k, g := range groups {
		pods[k] = g.pod
	}
	// Projections: the distinct replica vectors of these members, with hours.
	type projection struct {
		counts            []int
		hours             int
		cpu, mib, gpu, np float64 // requested totals
	}
	var projs []projection
	projOf := make([]int, len(tuples))
	seen := map[string]int{}
	key := make([]byte, 0, 8*len(groups))
	for ti, t := range tuples {
		key = key[:0]
		for _, g := range groups {
			key = binary.AppendUvarint(key, uint64(t.counts[g.col]))
		}
		if pi, ok := seen[string(key)]; ok {
			projs[pi].hours += t.hours
			projOf[ti] = pi
			continue
		}
		p := projection{counts: make([]int, len(groups)), hours: t.hours}
		for k, g := range groups {
			c := t.counts[g.col]
			p.counts[k] = c
			p.cpu += float64(c) * g.pod.cpu
			p.mib += float64(c) * g.pod.mib
			p.gpu += float64(c * g.pod.gpu)
			p.np += float64(c)
		}
		seen[string(key)] = len(projs)
		projOf[ti] = len(projs)
		projs = append(projs, p)
	}
	scale := m.e.hours() / float64(m.hours)
	// CPU used per hour (for burstable types, computed on first need).
	var usedH []float64
	usedOnce := false
	pooledUse := func() []float64 {
		if usedOnce {
			return usedH
		}
		usedOnce = true
		for _, mb := range ms {
			if usedH == nil {
				usedH = make([]float64, m.hours)
			}
			for h, u := range m.usedCPU(mb) {
				usedH[h] += u
			}
		}
		return usedH
	}
	nodesAt := func(counts []int, h int) float64 { return float64(counts[projOf[m.tupleOf[h]]]) }
	// surplusOf is the month's CPU above baseline, netted day by day (a
	// burstable instance earns and spends credits over 24 hours), and
	// whether the type can sustain the load at all.
	surplusOf := func(nt nodeType, counts []int) (float64, bool) {
		if !nt.burstable() || pooledUse() == nil {
			return 0, true
		}
		total := 0.0
		for d := 0; d*24 < m.hours; d++ {
			used, nodeHours := 0.0, 0.0
			for h := d * 24; h < min((d+1)*24, m.hours); h++ {
				used += usedH[h]
				nodeHours += nodesAt(counts, h)
			}
			if day := pricing.SurplusVCPUHours(used, nt.Baseline, nt.VCPU, nodeHours); day > 1e-9 {
				if nt.surplusF == 0 {
					return 0, false
				}
				total += day
			}
		}
		return total * scale, true
	}

	var cands []*candidate
	for _, nt := range types {
		pk := &packer{nt: nt}
		fit := true
		for _, q := range pods {
			fit = fit && pk.fits(q)
		}
		if !fit {
			continue
		}
		lb, frac := 0.0, 0.0
		for _, p := range projs {
			x := math.Max(math.Max(p.cpu/nt.AllocCPU, p.mib/nt.AllocMiB), p.np/float64(nt.MaxPods))
			if nt.GPUs > 0 {
				x = math.Max(x, p.gpu/float64(nt.GPUs))
			}
			lb += math.Max(float64(floor), math.Ceil(x-1e-9)) * float64(p.hours)
			frac += x * float64(p.hours)
		}
		cands = append(cands, &candidate{nt: nt, lb: lb * scale * nt.hourlyF, frac: frac * scale * nt.hourlyF})
	}
	sort.SliceStable(cands, func(a, b int) bool { return cands[a].lb < cands[b].lb })
	var best, second *candidate
	priced := 0
	for _, c := range cands {
		if second != nil && c.lb >= second.cost {
			break
		}
		priced++
		pk := &packer{nt: c.nt}
		c.counts = make([]int, len(projs))
		nodeHours := 0.0
		for pi, p := range projs {
			c.counts[pi] = max(pk.nodes(pods, p.counts), floor)
			nodeHours += float64(c.counts[pi] * p.hours)
		}
		sur, ok := surplusOf(c.nt, c.counts)
		if !ok {
			continue
		}
		c.ok, c.surplus = true, sur
		c.cost = nodeHours*scale*c.nt.hourlyF + sur*c.nt.surplusF
		switch {
		case best == nil || c.cost < best.cost:
			best, second = c, best
		case second == nil || c.cost < second.cost:
			second = c
		}
	}
	if best == nil { // only types that cannot sustain the load: price the cheapest anyway
		return poolPlan{groups: []NodeGroup{{Type: types[0].Name}}}
	}
	// A large type with a smaller one for the remainder: for the best few
	// single types, replace each hour's least-used node by the cheapest type
	// that holds its pods alone, where that is cheaper.
	var small []nodeType
	for _, c := range cands {
		if c.nt.burstable() {
			continue
		}
		ok := true
		pk := &packer{nt: c.nt}
		for _, q := range pods {
			ok = ok && pk.fits(q)
		}
		if ok {
			small = append(small, c.nt)
		}
	}
	sort.SliceStable(small, func(a, b int) bool { return small[a].hourlyF < small[b].hourlyF })
	type mix struct {
		big, with   nodeType
		bigH, withH float64
		bigP, withP []pricing.NodeCount
		cost        float64
		maxN        int
	}
	var bestMix *mix
	var bigs []*candidate
	for _, c := range cands {
		if !c.nt.burstable() {
			bigs = append(bigs, c)
		}
	}
	sort.SliceStable(bigs, func(a, b int) bool { return bigs[a].frac < bigs[b].frac })
	ns := make([]int, len(projs))
	loads := make([][4]float64, len(projs))
	for _, c := range bigs[:min(3, len(bigs))] {
		pk := &packer{nt: c.nt}
		for pi, p := range projs {
			ns[pi] = pk.nodes(pods, p.counts)
			loads[pi] = pk.lightest()
		}
		for _, sm := range small {
			if sm.hourlyF >= c.nt.hourlyF-1e-12 {
				break
			}
			mx := mix{big: c.nt, with: sm}
			for pi, p := range projs {
				n, h := ns[pi], float64(p.hours)
				big, with := n, max(0, floor-n) // the floor's empty nodes are the smaller type
				if n > 0 && sm.holds(loads[pi]) {
					big, with = n-1, with+1
				}
				mx.bigH += float64(big) * h
				mx.withH += float64(with) * h
				mx.bigP = append(mx.bigP, pricing.NodeCount{Nodes: float64(big), Hours: h * scale})
				mx.withP = append(mx.withP, pricing.NodeCount{Nodes: float64(with), Hours: h * scale})
				mx.maxN = max(mx.maxN, big+with)
			}
			if mx.withH == 0 || mx.bigH == 0 {
				continue
			}
			mx.cost = (mx.bigH*c.nt.hourlyF + mx.withH*sm.hourlyF) * scale
			if mx.cost < best.cost-0.005 && (bestMix == nil || mx.cost < bestMix.cost) {
				cp := mx
				bestMix = &cp
			}
		}
	}

	// The plan and why it won.
	podHours, cpuHours := 0.0, 0.0
	for _, p := range projs {
		podHours += p.np * float64(p.hours)
		cpuHours += p.cpu * float64(p.hours)
	}
	choice := &NodeChoice{NodeType: best.nt.Name, Tried: len(cands), Priced: priced}
	var plan poolPlan
	var allocHours, nodeHours float64
	cost := best.cost
	if bestMix != nil {
		plan.groups = []NodeGroup{{Type: bestMix.big.Name, NodeHours: bestMix.bigH * scale, Profile: bestMix.bigP}, {Type: bestMix.with.Name, NodeHours: bestMix.withH * scale, Profile: bestMix.withP}}
		plan.maxNodes = bestMix.maxN
		nodeHours = bestMix.bigH + bestMix.withH
		allocHours = bestMix.bigH*bestMix.big.AllocCPU + bestMix.withH*bestMix.with.AllocCPU
		choice.NodeType, choice.With = bestMix.big.Name, bestMix.with.Name
		cost = bestMix.cost
	} else {
		h := 0.0
		for pi, p := range projs {
			h += float64(best.counts[pi] * p.hours)
			plan.maxNodes = max(plan.maxNodes, best.counts[pi])
		}
		profile := make([]pricing.NodeCount, len(projs))
		for pi, p := range projs {
			profile[pi] = pricing.NodeCount{Nodes: float64(best.counts[pi]), Hours: float64(p.hours) * scale}
		}
		plan.groups = []NodeGroup{{Type: best.nt.Name, NodeHours: h * scale, SurplusVCPUHours: best.surplus, Profile: profile}}
		nodeHours, allocHours = h, h*best.nt.AllocCPU
	}
	choice.MonthlyUSD = decimal.NewFromFloat(cost).Round(2)
	if nodeHours > 0 {
		choice.PodsPerNode = podHours / nodeHours
	}
	if allocHours > 0 {
		choice.CPURequested = cpuHours / allocHours
	}
	runner := second
	if bestMix != nil {
		runner = best
	}
	what := choice.NodeType
	if choice.With != "" {
		what += " with " + choice.With + " for the remainder"
	}
	why := fmt.Sprintf("%s: %s a month of nodes", what, usd(choice.MonthlyUSD))
	if runner != nil {
		ru := decimal.NewFromFloat(runner.cost).Round(2)
		choice.RunnerUp, choice.RunnerUpUSD = runner.nt.Name, &ru
		alone := ""
		if bestMix != nil {
			alone = " alone"
		}
		why += fmt.Sprintf(" against %s on %s%s, the next best", usd(ru), runner.nt.Name, alone)
		if runner.surplus > 0 {
			why += fmt.Sprintf(" (%s of it surplus CPU credits above its %.0f %% baseline)", usd(decimal.NewFromFloat(runner.surplus*runner.nt.surplusF).Round(2)), runner.nt.Baseline*100)
		}
	}
	if len(cands) == 1 {
		why += " (the only allowed node type that holds the pods)"
	} else {
		why += fmt.Sprintf(" (best of %d node types that hold the pods)", len(cands))
	}
	if podHours > 0 {
		why += fmt.Sprintf("; %.1f pods per node, %.0f %% of allocatable CPU requested", choice.PodsPerNode, choice.CPURequested*100)
	} else {
		why += fmt.Sprintf("; no pods of its own: the %d-node floor for system add-ons", floor)
	}
	if best.surplus > 0 && bestMix == nil {
		why += fmt.Sprintf("; includes %s of surplus CPU credits above its %.0f %% baseline", usd(decimal.NewFromFloat(best.surplus*best.nt.surplusF).Round(2)), best.nt.Baseline*100)
	}
	choice.Why = why
	plan.choice = choice
	return plan
}
