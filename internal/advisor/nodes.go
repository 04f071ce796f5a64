package advisor

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/sim/kube"
)

// nodeType is a purchasable node with its allocatable capacity.
type nodeType struct {
	Name      string
	VCPU      float64
	MemGiB    float64
	GPUs      int
	MaxPods   int
	AllocCPU  float64 // vCPU left for pods after system reserves and daemons
	AllocMiB  float64 // MiB left for pods
	Hourly    decimal.Decimal
	hourlyF   float64
	source    string
	priceID   string
	specIDPre string
	// Baseline is a burstable type's CPU baseline, a fraction of each vCPU
	// (0: not burstable). CPU used above it is billed at surplusF per
	// vCPU-hour (AWS unlimited mode), or, where surplusF is 0 (Azure
	// B-series), cannot be sustained at all.
	Baseline float64
	surplusF float64
	surplus  catalog.Entry
}

// burstable reports whether the type has a CPU baseline.
func (nt nodeType) burstable() bool { return nt.Baseline > 0 }

// lookupNode reads a node type's hourly price and, beside it in the catalog,
// its specification (aws.ec2.<type>.vcpu, gcp.gce.<type>.memory_gib, ...)
// and, for a burstable type, its baseline and the family's surplus-credit
// price (aws.ec2.<family>.surplus_vcpu_hour).
func lookupNode(c *catalog.Catalog, cl platform.Cluster, name string, room func(kube.NodeType) kube.Resources) (nodeType, error) {
	priceID := cl.NodePricePrefix() + name + ".hourly"
	specPre := strings.TrimSuffix(priceID, "hourly")
	lk := c.Lookup()
	price := lk.Entry(priceID)
	nt := nodeType{
		Name:      name,
		VCPU:      lk.Float(specPre + "vcpu"),
		MemGiB:    lk.Float(specPre + "memory_gib"),
		MaxPods:   int(lk.Float(specPre + "max_pods")),
		Hourly:    price.UnitPrice(),
		source:    price.Source,
		priceID:   priceID,
		specIDPre: specPre,
	}
	if e, err := c.Get(specPre + "gpus"); err == nil {
		nt.GPUs = int(e.Float())
	}
	if e, err := c.Get(specPre + "baseline_cpu"); err == nil {
		nt.Baseline = e.Float()
		family, _, _ := strings.Cut(name, ".")
		if s, err := c.Get(cl.NodePricePrefix() + family + ".surplus_vcpu_hour"); err == nil {
			nt.surplus, nt.surplusF = s, s.Float()
		}
	}
	if err := lk.Err(); err != nil {
		return nodeType{}, fmt.Errorf("node type %s: %w", name, err)
	}
	nt.hourlyF = nt.Hourly.InexactFloat64()
	if nt.MaxPods == 0 {
		nt.MaxPods = 110 // the kubelet default
	}
	// Room for pods: allocatable after the kubelet's reserves and the
	// per-node daemon sets, from the Kubernetes simulator's sourced defaults
	// (docs/kubernetes-simulator.md), so both models see the same nodes.
	r := room(nt.kube())
	nt.AllocCPU, nt.AllocMiB, nt.MaxPods = float64(r.CPUm)/1000, float64(r.Memory)/kube.MiB, int(r.Pods)
	return nt, nil
}

// kube is the node type as the Kubernetes simulator sees it.
func (nt nodeType) kube() kube.NodeType {
	return kube.NodeType{Name: nt.Name, VCPU: nt.VCPU, MemoryGiB: nt.MemGiB, GPUs: nt.GPUs, MaxPods: nt.MaxPods, HourlyUSD: nt.hourlyF}
}

// pod is one replica's requests.
type pod struct {
	cpu float64 // vCPU
	mib float64
	gpu int
}

// packer counts the nodes of one type that first-fit-decreasing packing needs
// for groups of identical pods. It never over-commits CPU, memory, GPUs or
// the node's pod limit.
type packer struct {
	nt   nodeType
	free [][4]float64 // per open node: cpu, mib, gpus, pod slots
}

// fits reports whether a pod fits an empty node of this type.
func (p *packer) fits(q pod) bool {
	return q.cpu <= p.nt.AllocCPU+1e-9 && q.mib <= p.nt.AllocMiB+1e-9 && q.gpu <= p.nt.GPUs && p.nt.MaxPods >= 1
}

// room is how many pods q fit in free (a node's spare cpu, mib, gpus, slots).
func room(f [4]float64, q pod) int {
	n := int(f[3] + 1e-9)
	if q.cpu > 0 {
		n = min(n, int((f[0]+1e-9)/q.cpu))
	}
	if q.mib > 0 {
		n = min(n, int((f[1]+1e-9)/q.mib))
	}
	if q.gpu > 0 {
		n = min(n, int((f[2]+1e-9)/float64(q.gpu)))
	}
	return max(n, 0)
}

// nodes packs counts[i] pods of pods[i] (pods sorted largest first by the
// caller) first-fit decreasing and returns how many nodes are open. Pods of
// one group are identical, so each node takes as many of them as fit at
// once: the same nodes as placing them one by one, in far fewer steps.
func (p *packer) nodes(pods []pod, counts []int) int {
	p.free = p.free[:0]
	empty := [4]float64{p.nt.AllocCPU, p.nt.AllocMiB, float64(p.nt.GPUs), float64(p.nt.MaxPods)}
	for i, q := range pods {
		left := counts[i]
		for j := 0; j < len(p.free) && left > 0; j++ {
			if k := min(room(p.free[j], q), left); k > 0 {
				take(&p.free[j], q, k)
				left -= k
			}
		}
		per := room(empty, q)
		for left > 0 && per > 0 {
			k := min(per, left)
			f := empty
			take(&f, q, k)
			p.free = append(p.free, f)
			left -= k
		}
	}
	return len(p.free)
}

func take(f *[4]float64, q pod, k int) {
	n := float64(k)
	f[0] -= q.cpu * n
	f[1] -= q.mib * n
	f[2] -= float64(q.gpu) * n
	f[3] -= n
}

// lightest is the load (cpu, mib, gpus, pods) of the least-used open node
// after nodes(), by requested CPU and memory share of the node.
func (p *packer) lightest() [4]float64 {
	best, share := -1, 2.0
	for j, f := range p.free {
		s := 1 - (f[0]/p.nt.AllocCPU+f[1]/p.nt.AllocMiB)/2
		if s < share {
			best, share = j, s
		}
	}
	if best < 0 {
		return [4]float64{}
	}
	f := p.free[best]
	return [4]float64{p.nt.AllocCPU - f[0], p.nt.AllocMiB - f[1], float64(p.nt.GPUs) - f[2], float64(p.nt.MaxPods) - f[3]}
}

// holds reports whether one empty node of nt takes load (cpu, mib, gpus, pods).
func (nt nodeType) holds(load [4]float64) bool {
	return load[0] <= nt.AllocCPU+1e-9 && load[1] <= nt.AllocMiB+1e-9 && load[2] <= float64(nt.GPUs)+1e-9 && load[3] <= float64(nt.MaxPods)+1e-9
}
