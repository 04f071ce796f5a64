package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// AzureVM is Azure virtual machines of one size (AKS nodes), pay-as-you-go
// Linux in East US. GPU sizes include their GPUs.
type AzureVM struct {
	Size         string
	Count, Hours float64
}

// AzureVMSizes lists the VM sizes the catalog prices.
func AzureVMSizes(c *catalog.Catalog) []string { return nodeTypes(c, "azure.vm.") }

// AzureVMNode returns a VM size's node shape and hourly price.
func AzureVMNode(c *catalog.Catalog, size string) (NodeShape, error) {
	return nodeShape(c, "azure-vm", "azure.vm.", size)
}

// Bill prices the usage.
func (x AzureVM) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-vm"
	if err := checkInputs(name, field{"count", x.Count}, field{"hours", x.Hours}); err != nil {
		return nil, err
	}
	s, err := AzureVMNode(c, x.Size)
	if err != nil {
		return nil, err
	}
	b := NewBill(name, c)
	b.AddPriced(x.Size+" VMs", Dec(x.Count).Mul(Dec(x.Hours)), "instance-hours", s.Hourly, s.Source, HalfUp)
	return b, nil
}
