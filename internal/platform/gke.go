package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// GKE is Google Kubernetes Engine (Standard): a cluster fee (one zonal or
// Autopilot cluster free per billing account), Compute Engine nodes with
// balanced persistent-disk boot disks, Cloud NAT and a load balancer.
type GKE struct{}

var _ = register(GKE{})

// Info describes the platform.
func (GKE) Info() Info {
	return Info{ID: workload.PlatformGKE, Name: "GKE", Cloud: "gcp", Kind: Kubernetes, Billing: Nodes,
		RegionNote: "a cluster runs in one Google Cloud region", FrontDoor: "a Google Cloud load balancer shared by the cluster's HTTP services",
		Source: "https://cloud.google.com/kubernetes-engine/pricing"}
}

// Concurrency: requests a pod serves at once.
func (GKE) Concurrency(w Work) int { return PodConcurrency(w) }

// NodePricePrefix is where node entries live in the catalog.
func (GKE) NodePricePrefix() string { return "gcp.gce." }

// RootVolumeGB: GKE's default boot disk is 100 GB.
func (GKE) RootVolumeGB() float64 { return 100 }

// ClusterBill prices the cluster's infrastructure.
func (g GKE) ClusterBill(cat *catalog.Catalog, u ClusterUsage) (*pricing.Bill, error) {
	x := newBuilder(cat, workload.PlatformGKE)
	x.add(pricing.GKE{Clusters: 1, Hours: u.Hours, FreeTier: u.FreeTier})
	for k, n := range u.Nodes {
		x.add(nodeOffering(workload.PlatformGKE, "gcp.gce.", u, n, k == 0, pricing.GCE{MachineType: n.Type, Count: n.Hours / u.Hours, Hours: u.Hours}))
	}
	x.add(pricing.PersistentDisk{Provider: "gcp", GBMonths: u.NodeMonths()*g.RootVolumeGB() + u.StorageGB})
	if u.BackupGB > 0 {
		x.add(pricing.DiskSnapshot{Provider: "gcp", GBMonths: u.BackupGB})
	}
	if u.NATGateways > 0 {
		x.add(pricing.CloudNAT{Gateways: float64(u.NATGateways), Hours: u.Hours})
	}
	if u.FrontDoor {
		x.add(pricing.GCPLoadBalancer{Rules: 1, Hours: u.Hours, GBProcessed: u.LBGB})
	}
	return x.done()
}
