package kube

import (
	"fmt"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Defaults are the platform behaviours a cluster and its autoscalers start
// from, read from the catalog (behaviour-kubernetes.yaml) so that every
// figure carries its source and a user's price file can override it.
type Defaults struct {
	HPA        HPA
	Reserve    Reserve
	DaemonSets []DaemonSet
	SystemPods []SystemPod
	CA         Autoscaler
}

func secs(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }

// DefaultsFromCatalog reads the k8s.* behaviour ids. The HPA target is left
// at 0 for the caller to set (the spec's, or Fulcrum's 70 %).
func DefaultsFromCatalog(c *catalog.Catalog) (Defaults, error) {
	l := c.Lookup()
	up := Rules{
		StabilizationWindow: secs(l.Float("k8s.hpa.scale_up_stabilization_s")),
		SelectPolicy:        SelectMax,
		Policies: []Policy{
			{Type: PercentPolicy, Value: int(l.Float("k8s.hpa.scale_up_percent")), Period: secs(l.Float("k8s.hpa.scale_up_period_s"))},
			{Type: PodsPolicy, Value: int(l.Float("k8s.hpa.scale_up_pods")), Period: secs(l.Float("k8s.hpa.scale_up_period_s"))},
		},
	}
	down := Rules{
		StabilizationWindow: secs(l.Float("k8s.hpa.scale_down_stabilization_s")),
		SelectPolicy:        SelectMax,
		Policies: []Policy{
			{Type: PercentPolicy, Value: int(l.Float("k8s.hpa.scale_down_percent")), Period: secs(l.Float("k8s.hpa.scale_down_period_s"))},
		},
	}
	d := Defaults{
		HPA: HPA{
			Metric:     MetricCPU,
			SyncPeriod: secs(l.Float("k8s.hpa.sync_period_s")),
			Tolerance:  l.Float("k8s.hpa.tolerance"),
			ScaleUp:    up,
			ScaleDown:  down,
		},
		Reserve: Reserve{
			MemoryBaseMi:   l.Float("k8s.node.reserved_memory_base_mi"),
			MemoryPerPodMi: l.Float("k8s.node.reserved_memory_per_pod_mi"),
			EvictionMi:     l.Float("k8s.node.eviction_hard_memory_mi"),
			CPUPercent: [4]float64{
				l.Float("k8s.node.reserved_cpu_first_core_percent"),
				l.Float("k8s.node.reserved_cpu_second_core_percent"),
				l.Float("k8s.node.reserved_cpu_cores_3_4_percent"),
				l.Float("k8s.node.reserved_cpu_above_4_cores_percent"),
			},
		},
		CA: Autoscaler{
			NodeProvision:           secs(l.Float("k8s.ca.node_provision_s")),
			ScaleDownUtilization:    l.Float("k8s.ca.scale_down_utilization_threshold"),
			ScaleDownUnneeded:       secs(l.Float("k8s.ca.scale_down_unneeded_s")),
			ScaleDownDelayAfterAdd:  secs(l.Float("k8s.ca.scale_down_delay_after_add_s")),
			MaxEmptyBulkDelete:      int(l.Float("k8s.ca.max_empty_bulk_delete")),
			SkipNodesWithSystemPods: l.Float("k8s.ca.skip_nodes_with_system_pods") != 0,
		},
	}
	for _, name := range []string{"kube_proxy", "aws_node", "log_agent", "metrics_agent"} {
		d.DaemonSets = append(d.DaemonSets, DaemonSet{
			Name:     name,
			CPUm:     int64(l.Float("k8s.daemonset." + name + ".cpu_m")),
			MemoryMi: l.Float("k8s.daemonset." + name + ".memory_mi"),
		})
	}
	d.SystemPods = []SystemPod{{
		Name:     "coredns",
		Replicas: int(l.Float("k8s.system.coredns.replicas")),
		CPUm:     int64(l.Float("k8s.system.coredns.cpu_m")),
		MemoryMi: l.Float("k8s.system.coredns.memory_mi"),
	}}
	if err := l.Err(); err != nil {
		return Defaults{}, fmt.Errorf("kubernetes behaviour defaults: %w", err)
	}
	return d, nil
}

// Cluster builds a cluster of the given node types with these defaults.
func (d Defaults) Cluster(types []NodeType, minNodes int) Cluster {
	return Cluster{
		NodeTypes:  types,
		MinNodes:   minNodes,
		Reserve:    d.Reserve,
		DaemonSets: d.DaemonSets,
		SystemPods: d.SystemPods,
		CA:         d.CA,
		Scoring:    MostAllocated,
	}
}
