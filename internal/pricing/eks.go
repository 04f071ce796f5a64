package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// EKS is a month of EKS control planes: Clusters clusters for Hours each.
// ExtendedSupport prices the clusters at the extended-support rate (a total
// per cluster-hour, not a surcharge), which applies once a Kubernetes
// version leaves its 14 months of standard support.
type EKS struct {
	Clusters, Hours float64
	ExtendedSupport bool
}

// Bill prices the month.
func (x EKS) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("eks")
	u.nonNegative("clusters", x.Clusters)
	u.nonNegative("hours", x.Hours)
	if err := u.err(); err != nil {
		return nil, err
	}
	id, name := "aws.eks.cluster_hour", "EKS cluster (standard support)"
	if x.ExtendedSupport {
		id, name = "aws.eks.extended_support_cluster_hour", "EKS cluster (extended support)"
	}
	e, err := c.Get(id)
	if err != nil {
		return nil, err
	}
	b := NewBill("eks", c)
	b.Add(name, Dec(x.Clusters).Mul(Dec(x.Hours)), "cluster-hour", e, HalfUp)
	return b, nil
}
