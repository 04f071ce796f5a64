package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AKS is Azure Kubernetes Service on the Standard tier: a cluster fee,
// virtual machine nodes with Standard SSD OS disks, a NAT gateway and a
// load balancer.
type AKS struct{}

var _ = register(AKS{})

// Info describes the platform.
func (AKS) Info() Info {
	return Info{ID: workload.PlatformAKS, Name: "AKS", Cloud: "azure", Kind: Kubernetes, Billing: Nodes,
		RegionNote: "a cluster runs in one Azure region", FrontDoor: "an Azure load balancer shared by the cluster's HTTP services",
		Source: "https://azure.microsoft.com/en-us/pricing/details/kubernetes-service/"}
}

// Concurrency: requests a pod serves at once.
func (AKS) Concurrency(w Work) int { return PodConcurrency(w) }

// NodePricePrefix is where node entries live in the catalog.
func (AKS) NodePricePrefix() string { return "azure.vm." }

// RootVolumeGB: AKS's default OS disk is 128 GB.
func (AKS) RootVolumeGB() float64 { return 128 }

// ClusterBill prices the cluster's infrastructure.
func (a AKS) ClusterBill(cat *catalog.Catalog, u ClusterUsage) (*pricing.Bill, error) {
	x := newBuilder(cat, workload.PlatformAKS)
	x.add(pricing.AKS{Tier: "standard", Clusters: 1, Hours: u.Hours})
	for k, n := range u.Nodes {
		x.add(nodeOffering(workload.PlatformAKS, "azure.vm.", u, n, k == 0, pricing.AzureVM{Size: n.Type, Count: n.Hours / u.Hours, Hours: u.Hours}))
	}
	x.add(pricing.PersistentDisk{Provider: "azure", GBMonths: u.NodeMonths()*a.RootVolumeGB() + u.StorageGB})
	if u.BackupGB > 0 {
		x.add(pricing.DiskSnapshot{Provider: "azure", GBMonths: u.BackupGB})
	}
	if u.NATGateways > 0 {
		x.add(pricing.AzureNAT{Gateways: float64(u.NATGateways), Hours: u.Hours})
	}
	if u.FrontDoor {
		x.add(pricing.AzureLoadBalancer{Rules: 1, Hours: u.Hours, GBProcessed: u.LBGB})
	}
	return x.done()
}
