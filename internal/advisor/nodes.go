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
}

// lookupNode reads a node type's hourly price and, beside it in the catalog,
// its specification (aws.ec2.<type>.vcpu, gcp.gce.<type>.memory_gib, ...).
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
	nt    nodeType
	free  [][4]float64 // per open node: cpu, mib, gpus, pod slots
	order []int
}

// fits reports whether a pod fits an empty node of this type.
func (p *packer) fits(q pod) bool {
	return q.cpu <= p.nt.AllocCPU+1e-9 && q.mib <= p.nt.AllocMiB+1e-9 && q.gpu <= p.nt.GPUs && p.nt.MaxPods >= 1
}

// nodes packs counts[i] pods of pods[i] (pods sorted largest first by the
// caller) and returns how many nodes are open, and the sums of requests.
func (p *packer) nodes(pods []pod, counts []int) int {
	p.free = p.free[:0]
	for i, q := range pods {
		for range counts[i] {
			placed := false
			for j := range p.free {
				f := &p.free[j]
				if q.cpu <= f[0]+1e-9 && q.mib <= f[1]+1e-9 && float64(q.gpu) <= f[2] && f[3] >= 1 {
					f[0] -= q.cpu
					f[1] -= q.mib
					f[2] -= float64(q.gpu)
					f[3]--
					placed = true
					break
				}
			}
			if !placed {
				p.free = append(p.free, [4]float64{p.nt.AllocCPU - q.cpu, p.nt.AllocMiB - q.mib, float64(p.nt.GPUs - q.gpu), float64(p.nt.MaxPods - 1)})
			}
		}
	}
	return len(p.free)
}
