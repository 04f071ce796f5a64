package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// EKS is Amazon EKS: a control-plane fee per cluster, EC2 nodes with gp3
// root volumes, NAT gateways, an ALB for HTTP members and public addresses.
type EKS struct{}

var _ = register(EKS{})

// Info describes the platform.
func (EKS) Info() Info {
	return Info{ID: workload.PlatformEKS, Name: "EKS", Cloud: "aws", Kind: Kubernetes, Billing: Nodes,
		RegionNote: "a cluster runs in one AWS Region", FrontDoor: "an Application Load Balancer shared by the cluster's HTTP services",
		Source: "https://aws.amazon.com/eks/pricing/"}
}

// Concurrency: requests a pod serves at once.
func (EKS) Concurrency(w Work) int { return PodConcurrency(w) }

// NodePricePrefix is where node entries live in the catalog.
func (EKS) NodePricePrefix() string { return "aws.ec2." }

// RootVolumeGB: eksctl and managed node groups default to 20 GiB.
func (EKS) RootVolumeGB() float64 { return 20 }

// ClusterBill prices the cluster's infrastructure.
func (e EKS) ClusterBill(cat *catalog.Catalog, u ClusterUsage) (*pricing.Bill, error) {
	x := newBuilder(cat, workload.PlatformEKS)
	x.add(pricing.EKS{Clusters: 1, Hours: u.Hours, ExtendedSupport: u.ExtendedSupport})
	for k, n := range u.Nodes {
		x.add(nodeOffering(workload.PlatformEKS, "aws.ec2.", u, n, k == 0, pricing.EC2{InstanceType: n.Type, Count: n.Hours / u.Hours, Hours: u.Hours, SurplusVCPUHours: n.SurplusVCPUHours}))
	}
	x.add(pricing.EBS{GBMonths: u.NodeMonths()*e.RootVolumeGB() + u.StorageGB})
	if u.BackupGB > 0 {
		x.add(pricing.DiskSnapshot{Provider: "aws", GBMonths: u.BackupGB})
	}
	if u.NATGateways > 0 {
		x.add(pricing.NATGateway{Count: float64(u.NATGateways), Hours: u.Hours})
	}
	addresses := float64(u.NATGateways)
	if u.FrontDoor {
		x.add(pricing.ALB{Count: 1, Hours: u.Hours, LCUs: u.LCUs})
		addresses += 2
	}
	if addresses > 0 {
		x.add(pricing.PublicIPv4{Addresses: addresses, Hours: u.Hours})
	}
	return x.done()
}
