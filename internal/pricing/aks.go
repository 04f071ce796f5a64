package pricing

import (
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// AKS is the cluster management fee of Azure Kubernetes Service clusters
// for a month, by pricing tier. Nodes are priced separately (AzureVM).
type AKS struct {
	Tier            string // "free" (default), "standard" or "premium"
	Clusters, Hours float64
}

// AKSTiers are the valid tiers.
var AKSTiers = []string{"free", "standard", "premium"}

// Bill prices the usage.
func (x AKS) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "aks"
	if err := checkInputs(name, field{"clusters", x.Clusters}, field{"hours", x.Hours}); err != nil {
		return nil, err
	}
	tier := strings.ToLower(x.Tier)
	if tier == "" {
		tier = "free"
	}
	valid := false
	for _, t := range AKSTiers {
		valid = valid || t == tier
	}
	if !valid {
		return nil, invalid(name, "unknown tier %q (valid: %s)", x.Tier, strings.Join(AKSTiers, ", "))
	}
	e, err := c.Get("azure.aks." + tier + ".cluster_hour")
	if err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	b.Add("cluster management ("+tier+" tier)", Dec(x.Clusters).Mul(Dec(x.Hours)), "cluster-hours", e, HalfUp)
	if tier == "free" {
		b.Note("Free tier: no financially backed SLA; recommended for clusters under 10 nodes")
	}
	return b, nil
}
