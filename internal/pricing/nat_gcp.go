package pricing

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// CloudNAT is Google Cloud NAT (Public NAT) for a month: each gateway costs
// $0.0014 per hour per VM using it, capped at the 32-VM rate ($0.044/h),
// plus data processed (ingress and egress) per GiB and, optionally, its
// external IP addresses per hour.
type CloudNAT struct {
	Gateways, Hours, GBProcessed float64
	// VMs is the VM instances (e.g. GKE nodes) using each gateway; 0 =
	// unknown, priced at the capped rate.
	VMs float64
	// IPs is external IP addresses per gateway (0 = not priced).
	IPs float64
}

// Bill prices the usage.
func (x CloudNAT) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gcp-cloud-nat"
	if err := checkInputs(name, field{"gateways", x.Gateways}, field{"hours", x.Hours}, field{"gb_processed", x.GBProcessed},
		field{"vms", x.VMs}, field{"ips", x.IPs}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	var (
		perVM, capped, data, ip = l.Entry("gcp.nat.vm_hour"), l.Entry("gcp.nat.gateway_max_hour"), l.Entry("gcp.nat.data_processed_gib"), l.Entry("gcp.nat.ip_hour")
		vmCap                   = l.Float("gcp.nat.vm_cap")
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	gwHours := Dec(x.Gateways).Mul(Dec(x.Hours))
	if x.VMs > 0 && x.VMs <= vmCap {
		b.Add("NAT gateway, per VM", gwHours.Mul(Dec(x.VMs)), "VM-hours", perVM, HalfUp)
	} else {
		b.Add("NAT gateway, capped rate", gwHours, "gateway-hours", capped, HalfUp)
		if x.VMs == 0 {
			b.Note("VMs per gateway not given: priced at the %v-VM cap", vmCap)
		}
	}
	b.Add("data processed", Dec(x.GBProcessed), "GiB", data, HalfUp)
	if x.IPs > 0 {
		b.Add("external IP addresses", gwHours.Mul(Dec(x.IPs)), "address-hours", ip, HalfUp)
	}
	return b, nil
}
