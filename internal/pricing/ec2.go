package pricing

import (
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// EC2 is a month of on-demand Linux EC2 instances of one type: Count
// instances running Hours each (per-second billing; Hours is the billed time).
type EC2 struct {
	InstanceType string
	Count, Hours float64
	// SurplusVCPUHours is a burstable instance's CPU above its baseline in
	// unlimited mode, billed per vCPU-hour (aws.ec2.<family>.surplus_vcpu_hour).
	SurplusVCPUHours float64
}

// EC2InstanceTypes lists the instance types the catalog prices.
func EC2InstanceTypes(c *catalog.Catalog) []string { return idsWith(c, "aws.ec2.", ".hourly") }

// Bill prices the month.
func (x EC2) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("ec2")
	u.nonNegative("count", x.Count)
	u.nonNegative("hours", x.Hours)
	u.nonNegative("surplus vCPU-hours", x.SurplusVCPUHours)
	id := "aws.ec2." + x.InstanceType + ".hourly"
	e, ok := c.Entries[id]
	if !ok {
		u.add("instance_type", fmt.Sprintf("no price for instance type %q (%s; catalog id %s)", x.InstanceType, validTypes(x.InstanceType, EC2InstanceTypes(c)), id))
	}
	family, _, _ := strings.Cut(x.InstanceType, ".")
	surplusID := "aws.ec2." + family + ".surplus_vcpu_hour"
	surplus, hasSurplus := c.Entries[surplusID]
	if x.SurplusVCPUHours > 0 && !hasSurplus {
		u.add("surplus vCPU-hours", fmt.Sprintf("%s is not a burstable family with a surplus-credit price (catalog id %s)", family, surplusID))
	}
	if err := u.err(); err != nil {
		return nil, err
	}
	b := NewBill("ec2", c)
	b.Add(x.InstanceType+" on-demand (Linux)", Dec(x.Count).Mul(Dec(x.Hours)), "instance-hour", e, HalfUp)
	if x.SurplusVCPUHours > 0 {
		b.Add(x.InstanceType+" surplus CPU credits (unlimited mode)", Dec(x.SurplusVCPUHours), "vCPU-hour", surplus, HalfUp)
	}
	return b, nil
}

// validTypes says which node types there are: all of them when they are few,
// else how many and the names closest to the one asked for.
func validTypes(asked string, all []string) string {
	if len(all) <= 12 {
		return "valid: " + strings.Join(all, ", ")
	}
	out := fmt.Sprintf("%d types priced, see 'fulcrum prices'", len(all))
	if near := workload.CloseNames(asked, all, 4); len(near) > 0 {
		out = "closest: " + strings.Join(near, ", ") + "; " + out
	}
	return out
}

// SurplusVCPUHours is the CPU a burstable instance's load uses above its
// baseline over a span: usedVCPUHours − baseline × vCPUs × instance-hours,
// never below zero. AWS nets earned and spent credits over 24 hours, so
// callers sum it day by day; in unlimited mode the result is billed at the
// family's surplus-credit price (aws.ec2.<family>.surplus_vcpu_hour).
func SurplusVCPUHours(usedVCPUHours, baseline, vcpu, instanceHours float64) float64 {
	return max(0, usedVCPUHours-baseline*vcpu*instanceHours)
}
