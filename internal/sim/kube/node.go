package kube

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// NodeType is the shape of one kind of worker node: what the machine has,
// before any reservation. MaxPods is the kubelet's pod limit (on EKS the
// VPC CNI's ENI formula: ENIs × (IPv4 addresses per ENI − 1) + 2).
type NodeType struct {
	Name      string  `json:"name"`
	VCPU      float64 `json:"vcpu"`
	MemoryGiB float64 `json:"memory_gib"`
	GPUs      int     `json:"gpus,omitempty"`
	MaxPods   int     `json:"max_pods"`
	// HourlyUSD is the on-demand price, used only by the price expander to
	// choose a node type (bills are priced from node-hours elsewhere).
	HourlyUSD float64 `json:"hourly_usd,omitempty"`
}

// Reserve is the kubelet's reservation policy: what it holds back from each
// node for the operating system and Kubernetes daemons. The defaults are the
// EKS-optimised AMI's (see DefaultReserve).
type Reserve struct {
	// MemoryBaseMi + MemoryPerPodMi × MaxPods is kube-reserved memory.
	MemoryBaseMi   float64 `json:"memory_base_mi"`
	MemoryPerPodMi float64 `json:"memory_per_pod_mi"`
	// EvictionMi is the hard eviction threshold (memory.available).
	EvictionMi float64 `json:"eviction_mi"`
	// CPU reserved, in percent of a core, for the first core, the second,
	// the third and fourth, and every core above four.
	CPUPercent [4]float64 `json:"cpu_percent"`
}

// DefaultReserve is the EKS AMI formula: 255 Mi + 11 Mi per pod,
// 6 % / 1 % / 0.5 % / 0.25 % of cores, eviction at 100 Mi.
// Source: awslabs/amazon-eks-ami (bootstrap get_memory_mebibytes_to_reserve,
// get_cpu_millicores_to_reserve; nodeadm kubelet config).
var DefaultReserve = Reserve{MemoryBaseMi: 255, MemoryPerPodMi: 11, EvictionMi: 100, CPUPercent: [4]float64{6, 1, 0.5, 0.25}}

// Resources is an amount of schedulable resources.
type Resources struct {
	CPUm   int64 `json:"cpu_m"`
	Memory int64 `json:"memory_bytes"`
	GPUs   int   `json:"gpus,omitempty"`
	Pods   int   `json:"pods"`
}

func (r Resources) fits(in Resources) bool {
	return r.CPUm <= in.CPUm && r.Memory <= in.Memory && r.GPUs <= in.GPUs && r.Pods <= in.Pods
}

func (r Resources) add(o Resources) Resources {
	return Resources{r.CPUm + o.CPUm, r.Memory + o.Memory, r.GPUs + o.GPUs, r.Pods + o.Pods}
}

func (r Resources) sub(o Resources) Resources {
	return Resources{r.CPUm - o.CPUm, r.Memory - o.Memory, r.GPUs - o.GPUs, r.Pods - o.Pods}
}

// ReservedCPUm is the CPU the kubelet reserves on a node with vcpu cores.
func (r Reserve) ReservedCPUm(vcpu float64) float64 {
	bands := []struct{ from, to float64 }{{0, 1}, {1, 2}, {2, 4}, {4, math.Inf(1)}}
	var m float64
	for i, b := range bands {
		if vcpu <= b.from {
			break
		}
		cores := math.Min(vcpu, b.to) - b.from
		m += cores * 1000 * r.CPUPercent[i] / 100
	}
	return m
}

// ReservedMemoryMi is the memory (kube-reserved plus the eviction threshold)
// the kubelet keeps from pods on a node that allows maxPods pods.
func (r Reserve) ReservedMemoryMi(maxPods int) float64 {
	return r.MemoryBaseMi + r.MemoryPerPodMi*float64(maxPods) + r.EvictionMi
}

// Allocatable is what the scheduler may hand to pods on a node of type nt.
func (r Reserve) Allocatable(nt NodeType) Resources {
	cpu := nt.VCPU*1000 - r.ReservedCPUm(nt.VCPU)
	mem := nt.MemoryGiB*1024 - r.ReservedMemoryMi(nt.MaxPods)
	return Resources{
		CPUm:   int64(math.Floor(cpu)),
		Memory: int64(math.Floor(mem * MiB)),
		GPUs:   nt.GPUs,
		Pods:   nt.MaxPods,
	}
}

// DaemonSet is a pod that runs on every node (kube-proxy, the CNI, log and
// metrics agents). Its requests come out of every node's allocatable.
type DaemonSet struct {
	Name     string  `json:"name"`
	CPUm     int64   `json:"cpu_m"`
	MemoryMi float64 `json:"memory_mi"`
	// GPUOnly runs only on GPU nodes (the NVIDIA device plugin).
	GPUOnly bool `json:"gpu_only,omitempty"`
}

// SystemPod is a cluster add-on that runs a fixed number of replicas
// somewhere in the cluster (CoreDNS). Nodes running one are not removed by
// the cluster autoscaler (its skip-nodes-with-system-pods default).
type SystemPod struct {
	Name     string  `json:"name"`
	Replicas int     `json:"replicas"`
	CPUm     int64   `json:"cpu_m"`
	MemoryMi float64 `json:"memory_mi"`
}

// NodeTypeFromCatalog reads a node type's shape from catalog ids
// <provider>.ec2.<name>.{vcpu,memory_gib,gpus,max_pods} (the AWS pricing
// sheet) and falls back to k8s.nodetype.<name>.* (the behaviour sheet); the
// price comes from <provider>.ec2.<name>.hourly when the catalog has it.
func NodeTypeFromCatalog(c *catalog.Catalog, provider, name string) (NodeType, error) {
	prefixes := []string{provider + ".ec2." + name + ".", "k8s.nodetype." + name + "."}
	for _, p := range prefixes {
		if _, err := c.Get(p + "vcpu"); err != nil {
			continue
		}
		l := c.Lookup()
		nt := NodeType{
			Name:      name,
			VCPU:      l.Float(p + "vcpu"),
			MemoryGiB: l.Float(p + "memory_gib"),
			MaxPods:   int(l.Float(p + "max_pods")),
		}
		if e, err := c.Get(p + "gpus"); err == nil {
			nt.GPUs = int(e.Float())
		}
		if e, err := c.Get(provider + ".ec2." + name + ".hourly"); err == nil {
			nt.HourlyUSD = e.Float()
		}
		if err := l.Err(); err != nil {
			return NodeType{}, fmt.Errorf("node type %s: %w", name, err)
		}
		return nt, nil
	}
	return NodeType{}, fmt.Errorf("unknown node type %q (known: %s)", name, strings.Join(KnownNodeTypes(c, provider), ", "))
}

// KnownNodeTypes lists the node type names the catalog describes.
func KnownNodeTypes(c *catalog.Catalog, provider string) []string {
	seen := map[string]bool{}
	var names []string
	for _, id := range c.IDs() {
		for _, p := range []string{provider + ".ec2.", "k8s.nodetype."} {
			if len(id) > len(p)+len(".vcpu") && id[:len(p)] == p && id[len(id)-len(".vcpu"):] == ".vcpu" {
				n := id[len(p) : len(id)-len(".vcpu")]
				if !seen[n] {
					seen[n] = true
					names = append(names, n)
				}
			}
		}
	}
	sort.Strings(names)
	return names
}
