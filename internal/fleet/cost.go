package fleet

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// Node is a Kubernetes worker node type: its size and the catalog id of its
// on-demand hourly price.
type Node struct {
	Type     string
	VCPU     float64
	MemoryGB float64 // GiB
}

// Nodes are the EC2 sizes of the node types the catalog prices (AWS EC2
// instance-type pages, aws.amazon.com/ec2/instance-types/: the .large sizes
// of m5, m6i and m7g have 2 vCPU and 8 GiB; c6i.large 2 vCPU and 4 GiB;
// t3.medium 2 vCPU and 4 GiB; t3.large 2 vCPU and 8 GiB).
var Nodes = map[string]Node{
	"m5.large":  {"m5.large", 2, 8},
	"m6i.large": {"m6i.large", 2, 8},
	"m7g.large": {"m7g.large", 2, 8},
	"c6i.large": {"c6i.large", 2, 4},
	"t3.medium": {"t3.medium", 2, 4},
	"t3.large":  {"t3.large", 2, 8},
}

// CostModel prices one function for a month on both sides.
type CostModel struct {
	Catalog *catalog.Catalog
	Node    Node
	// Utilization is the share of requested CPU a pod uses on average: the
	// HPA's default target, 80 % (kubernetes pkg/apis/autoscaling
	// DefaultCPUUtilization).
	Utilization float64
	// MinPodCPU is the CPU request of the one pod a deployment keeps when
	// idle (HPA minReplicas 1): 0.1 vCPU by default.
	MinPodCPU float64
	// HoursPerMonth is the month the trace is scaled to (730).
	HoursPerMonth float64

	nodeMonthly decimal.Decimal
}

// Prepare looks up the node price; call once before Price.
func (m *CostModel) Prepare() error {
	e, err := m.Catalog.Get("aws.ec2." + m.Node.Type + ".hourly")
	if err != nil {
		return fmt.Errorf("node type %s: %w", m.Node.Type, err)
	}
	m.nodeMonthly = e.UnitPrice().Mul(decimal.NewFromFloat(m.HoursPerMonth))
	return nil
}

// Usage is one function's month.
type Usage struct {
	RequestsPerMonth float64
	DurationMS       float64
	MemoryMB         float64
}

// Lambda is the monthly AWS Lambda bill (x86, no free tier: a fleet shares
// one account's allowance, which would favour whichever functions it is
// assigned to), rounded to the cent line by line by pricing.Lambda.
func (m *CostModel) Lambda(u Usage) (decimal.Decimal, error) {
	b, err := pricing.Lambda{Requests: math.Round(u.RequestsPerMonth), DurationMS: u.DurationMS, MemoryMB: u.MemoryMB}.Bill(m.Catalog)
	if err != nil {
		return decimal.Zero, err
	}
	return b.Total, nil
}

// Kubernetes is the function's share of node cost: the CPU it needs at the
// utilisation target (at least the idle pod's request) or the memory its pods
// hold (at least one pod), whichever is the larger share of a node, times the
// node's monthly on-demand price; rounded to the cent. The cluster's control
// plane is a fleet cost, not a function's.
func (m *CostModel) Kubernetes(u Usage) decimal.Decimal {
	secs := m.HoursPerMonth * 3600
	conc := u.RequestsPerMonth / secs * u.DurationMS / 1000 // mean busy executions = vCPU used
	cpu := math.Max(m.MinPodCPU, conc/m.Utilization)
	pods := math.Max(1, math.Ceil(conc/m.Utilization))
	mem := pods * u.MemoryMB / 1024
	share := math.Max(cpu/m.Node.VCPU, mem/m.Node.MemoryGB)
	return pricing.RoundMoney(m.nodeMonthly.Mul(decimal.NewFromFloat(share)), pricing.HalfUp)
}
