package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// GCE is Compute Engine VMs of one machine type (GKE Standard nodes),
// on-demand Linux in us-central1. GPU machine types include their GPUs.
type GCE struct {
	MachineType  string
	Count, Hours float64
}

// GCEMachineTypes lists the machine types the catalog prices.
func GCEMachineTypes(c *catalog.Catalog) []string { return nodeTypes(c, "gcp.gce.") }

// GCENode returns a machine type's node shape and hourly price.
func GCENode(c *catalog.Catalog, machineType string) (NodeShape, error) {
	return nodeShape(c, "gce", "gcp.gce.", machineType)
}

// Bill prices the usage.
func (x GCE) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gce"
	if err := checkInputs(name, field{"count", x.Count}, field{"hours", x.Hours}); err != nil {
		return nil, err
	}
	s, err := GCENode(c, x.MachineType)
	if err != nil {
		return nil, err
	}
	b := NewBill(name, c)
	b.AddPriced(x.MachineType+" instances", Dec(x.Count).Mul(Dec(x.Hours)), "instance-hours", s.Hourly, s.Source, HalfUp)
	return b, nil
}
