package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// GKE is the cluster management fee of Google Kubernetes Engine clusters
// (Standard or Autopilot) for a month. Nodes are priced separately (GCE).
// The free tier is a $74.40 monthly credit per billing account that pays
// zonal and Autopilot cluster fees only, never regional ones.
type GKE struct {
	Clusters, Hours float64
	Regional        bool
	FreeTier        bool // apply the monthly credit (one billing account)
}

// Bill prices the usage.
func (x GKE) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gke"
	if err := checkInputs(name, field{"clusters", x.Clusters}, field{"hours", x.Hours}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	fee, credit := l.Entry("gcp.gke.cluster_hour"), l.Entry("gcp.gke.free.monthly_credit")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	kind := "zonal or Autopilot"
	if x.Regional {
		kind = "regional"
	}
	b.Add("cluster management fee ("+kind+")", Dec(x.Clusters).Mul(Dec(x.Hours)), "cluster-hours", fee, HalfUp)
	switch {
	case x.FreeTier && x.Regional:
		b.Note("the GKE free tier credit does not apply to regional clusters")
	case x.FreeTier:
		used := minDec(credit.Value, b.Total)
		b.AddPriced("free tier credit", Int(1), "month", used.Neg(), credit.Source, HalfUp)
		b.Note("free tier: $%s credit per billing account per month, zonal and Autopilot clusters only, no rollover", credit.Value.StringFixed(2))
	}
	return b, nil
}
