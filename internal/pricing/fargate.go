package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// Fargate is a month of AWS Fargate (Linux) tasks: Tasks tasks, each with
// VCPU vCPUs and MemoryGB of memory, running Hours each (per-second billing
// from image download to task end, 1-minute minimum per task run; Hours is
// the billed time). Arch is "x86_64" (default) or "arm64".
// EphemeralStorageGB is the configured storage per task (20 GB included).
// Tasks is taken literally: zero tasks cost nothing.
type Fargate struct {
	VCPU, MemoryGB, Hours, Tasks float64
	Arch                         string
	EphemeralStorageGB           float64
}

// Bill prices the month.
func (x Fargate) Bill(c *catalog.Catalog) (*Bill, error) {
	arch := x.Arch
	if arch == "" {
		arch = ArchX86
	}
	u := newUsageCheck("fargate")
	u.oneOf("arch", arch, ArchX86, ArchARM64)
	u.nonNegative("vcpu", x.VCPU)
	u.nonNegative("memory_gb", x.MemoryGB)
	u.nonNegative("hours", x.Hours)
	u.nonNegative("tasks", x.Tasks)
	u.nonNegative("ephemeral_storage_gb", x.EphemeralStorageGB)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	vcpu := l.Entry("aws.fargate." + arch + ".vcpu_hour")
	mem := l.Entry("aws.fargate." + arch + ".gb_hour")
	eph := l.Entry("aws.fargate.ephemeral_storage_gb_hour")
	included := l.Entry("aws.fargate.ephemeral_storage_gb.included")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill("fargate", c)
	taskHours := Dec(x.Tasks).Mul(Dec(x.Hours))
	b.Add("vCPU ("+arch+")", taskHours.Mul(Dec(x.VCPU)), "vCPU-hour", vcpu, HalfUp)
	b.Add("Memory ("+arch+")", taskHours.Mul(Dec(x.MemoryGB)), "GB-hour", mem, HalfUp)
	if extra := atLeastZero(Dec(x.EphemeralStorageGB).Sub(included.Value)); extra.IsPositive() {
		b.Add("Ephemeral storage above 20 GB", taskHours.Mul(extra), "GB-hour", eph, HalfUp)
	}
	return b, nil
}
