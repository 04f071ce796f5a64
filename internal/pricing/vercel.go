package pricing

import (
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Vercel is a month of Vercel Functions usage with Fluid compute in iad1:
// active CPU time (only while code runs on the CPU), provisioned memory for
// the instance's lifetime (GB-hours; concurrent invocations share one
// instance, so its lifetime is the invocations' wall-clock time divided by
// the in-function concurrency), and invocations, each beyond the plan's
// included amount.
type Vercel struct {
	Invocations              float64
	ActiveCPUMSPerInvocation float64 // CPU milliseconds per invocation
	DurationMS               float64 // wall-clock milliseconds per invocation
	MemoryMB                 float64 // instance memory (0 = 2048, the Standard size); GB = MB/1024
	Concurrency              float64 // in-function concurrency under Fluid compute (0 = 1)
	Plan                     string  // "pro" (default) or "hobby"
}

// VercelPlans are the valid plans.
var VercelPlans = []string{"hobby", "pro"}

// Bill prices the usage.
func (x Vercel) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "vercel-functions"
	if err := checkInputs(name, field{"invocations", x.Invocations}, field{"active_cpu_ms", x.ActiveCPUMSPerInvocation},
		field{"duration_ms", x.DurationMS}, field{"memory_mb", x.MemoryMB}, field{"concurrency", x.Concurrency}); err != nil {
		return nil, err
	}
	plan := strings.ToLower(x.Plan)
	if plan == "" {
		plan = "pro"
	}
	if plan != "pro" && plan != "hobby" {
		return nil, invalid(name, "unknown plan %q (valid: %s)", x.Plan, strings.Join(VercelPlans, ", "))
	}
	l := c.Lookup()
	var (
		cpu, mem, inv = l.Entry("vercel.functions.active_cpu_hour"), l.Entry("vercel.functions.provisioned_memory_gb_hour"), l.Entry("vercel.functions.invocations")
		inclCPU       = l.Entry("vercel.functions." + plan + ".included.cpu_hours").Value
		inclGBh       = l.Entry("vercel.functions." + plan + ".included.gb_hours").Value
		inclInv       = l.Entry("vercel.functions." + plan + ".included.invocations").Value
		memDefault    = l.Float("vercel.functions.default.memory_mb")
		maxDur        = l.Float("vercel-functions.limit.max_duration_s." + plan)
		maxMem        = l.Float("vercel-functions.limit.max_memory_mib")
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	memMB := x.MemoryMB
	if memMB == 0 {
		memMB = memDefault
	}
	conc := x.Concurrency
	if conc == 0 {
		conc = 1
	}
	switch {
	case x.DurationMS > maxDur*1000:
		return nil, invalid(name, "duration %v ms exceeds the %s plan's maximum of %v s", x.DurationMS, plan, maxDur)
	case memMB > maxMem:
		return nil, invalid(name, "memory %v MB exceeds the maximum of %v MB", memMB, maxMem)
	case plan == "hobby" && memMB > memDefault:
		return nil, invalid(name, "memory %v MB: Hobby functions get at most %v MB", memMB, memDefault)
	}
	cpuHours := Dec(x.Invocations).Mul(Dec(x.ActiveCPUMSPerInvocation)).Div(msPerHour)
	gbHours := Dec(x.Invocations).Mul(Dec(x.DurationMS)).Div(Dec(conc)).Div(msPerHour).Mul(Dec(memMB)).Div(mibPerGiB)
	invs := Dec(x.Invocations)
	bCPU, bGBh, bInv := billable(cpuHours, inclCPU), billable(gbHours, inclGBh), billable(invs, inclInv)
	if plan == "hobby" && (bCPU.IsPositive() || bGBh.IsPositive() || bInv.IsPositive()) {
		return nil, invalid(name, "usage exceeds the Hobby plan's included %s CPU-h, %s GB-h and %s invocations, and Hobby cannot pay for more (use plan pro)", inclCPU, inclGBh, inclInv)
	}
	b := NewBill(name, c)
	b.Add("active CPU beyond included", bCPU, "CPU-hours", cpu, HalfUp)
	b.Add("provisioned memory beyond included", bGBh, "GB-hours", mem, HalfUp)
	b.Add("invocations beyond included", bInv, "invocations", inv, HalfUp)
	b.Note("%s plan includes %s CPU-h, %s GB-h and %s invocations per month", plan, inclCPU, inclGBh, inclInv)
	b.Note("usage: %s CPU-h active, %s GB-h provisioned (%v MB instances at in-function concurrency %v)", cpuHours.Round(4), gbHours.Round(4), memMB, conc)
	vcpus := 1.0 // Standard instance; Performance (4 GB) has 2 vCPU
	if memMB > memDefault {
		vcpus = 2
	}
	if x.ActiveCPUMSPerInvocation > x.DurationMS*vcpus {
		b.Note("active CPU per invocation is more than duration × %v vCPU: check the inputs", vcpus)
	}
	return b, nil
}
