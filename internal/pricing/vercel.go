package pricing

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Vercel is a month of Vercel Functions usage with Fluid compute in iad1:
// active CPU time (only while code runs on the CPU), provisioned memory for
// the instance's lifetime (GB-hours; concurrent invocations share one
// instance, so its lifetime is the invocations' wall-clock time divided by
// the in-function concurrency), and invocations.
//
// Pro (since September 2025): a $20 monthly plan fee that includes a $20
// usage credit, then all usage at list rates, so a month costs
// max($20, usage), like the Workers $5 minimum. Hobby: free, with included
// amounts that cannot be exceeded (usage past them is an error).
type Vercel struct {
	Invocations              float64
	ActiveCPUMSPerInvocation float64 // CPU milliseconds per invocation
	DurationMS               float64 // wall-clock milliseconds per invocation
	MemoryMB                 float64 // instance memory (0 = 2048, the Standard size); GB = MB/1024
	Concurrency              float64 // in-function concurrency under Fluid compute (0 = 1)
	Plan                     string  // "pro" (default) or "hobby"
	// InstanceSeconds is the instances' lifetime (for example from a
	// simulation): provisioned memory is billed for it. 0 = derive from the
	// invocations' wall time ÷ concurrency.
	InstanceSeconds float64
}

// VercelPlans are the valid plans.
var VercelPlans = []string{"hobby", "pro"}

// Bill prices the usage.
func (x Vercel) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "vercel-functions"
	if err := checkInputs(name, field{"invocations", x.Invocations}, field{"active_cpu_ms", x.ActiveCPUMSPerInvocation},
		field{"duration_ms", x.DurationMS}, field{"memory_mb", x.MemoryMB}, field{"concurrency", x.Concurrency}, field{"instance_seconds", x.InstanceSeconds}); err != nil {
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
		memDefault    = l.Float("vercel.functions.default.memory_mb")
		maxDur        = l.Float("limits.vercel-functions.max_execution_s")
		maxMem        = l.Float("limits.vercel-functions.max_memory_mb")
		fee, credit   catalog.Entry
		inclCPU       decimal.Decimal
		inclGBh       decimal.Decimal
		inclInv       decimal.Decimal
	)
	if plan == "hobby" {
		maxDur = l.Float("limits.vercel-functions.max_execution_s_hobby")
		maxMem = l.Float("limits.vercel-functions.max_memory_mb_hobby")
		inclCPU = l.Entry("vercel.functions.hobby.included.cpu_hours").Value
		inclGBh = l.Entry("vercel.functions.hobby.included.gb_hours").Value
		inclInv = l.Entry("vercel.functions.hobby.included.invocations").Value
	} else {
		fee, credit = l.Entry("vercel.functions.pro.platform_fee"), l.Entry("vercel.functions.pro.usage_credit")
	}
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
		return nil, invalid(name, "memory %v MB exceeds the %s plan's maximum of %v MB", memMB, plan, maxMem)
	}
	cpuHours := Dec(x.Invocations).Mul(Dec(x.ActiveCPUMSPerInvocation)).Div(msPerHour)
	gbHours := Dec(x.Invocations).Mul(Dec(x.DurationMS)).Div(Dec(conc)).Div(msPerHour).Mul(Dec(memMB)).Div(mibPerGiB)
	if x.InstanceSeconds > 0 {
		gbHours = Dec(x.InstanceSeconds).Div(Dec(SecondsPerHour)).Mul(Dec(memMB)).Div(mibPerGiB)
	}
	invs := Dec(x.Invocations)
	b := NewBill(name, c)
	if plan == "hobby" {
		if cpuHours.GreaterThan(inclCPU) || gbHours.GreaterThan(inclGBh) || invs.GreaterThan(inclInv) {
			return nil, invalid(name, "usage (%s CPU-h, %s GB-h, %s invocations) exceeds the Hobby plan's included %s CPU-h, %s GB-h and %s invocations, and Hobby cannot pay for more (use plan pro)",
				FormatQty(cpuHours), FormatQty(gbHours), FormatQty(invs), FormatQty(inclCPU), FormatQty(inclGBh), FormatQty(inclInv))
		}
		b.AddPriced("active CPU (included)", cpuHours, "CPU-hours", decimal.Zero, cpu.Source, HalfUp)
		b.AddPriced("provisioned memory (included)", gbHours, "GB-hours", decimal.Zero, mem.Source, HalfUp)
		b.AddPriced("invocations (included)", invs, "invocations", decimal.Zero, inv.Source, HalfUp)
		b.Note("Hobby includes %s CPU-h, %s GB-h and %s invocations per month and cannot buy more", FormatQty(inclCPU), FormatQty(inclGBh), FormatQty(inclInv))
	} else {
		b.Add("Pro plan fee (one seat)", Int(1), "month", fee, HalfUp)
		b.MarkAccount()
		b.Add("active CPU", cpuHours, "CPU-hours", cpu, HalfUp)
		b.Add("provisioned memory", gbHours, "GB-hours", mem, HalfUp)
		b.Add("invocations", invs, "invocations", inv, HalfUp)
		usage := b.Total.Sub(fee.Value)
		b.AddPriced("monthly usage credit", Int(1), "month", minDec(credit.Value, usage).Neg(), credit.Source, HalfUp)
		b.MarkAccount()
		b.Note("Pro: the plan fee includes a $%s usage credit per team; the fee and credit are per team, not per function", credit.Value.StringFixed(2))
	}
	b.Note("usage: %s CPU-h active, %s GB-h provisioned (%v MB instances at in-function concurrency %v)", FormatQty(cpuHours.Round(2)), FormatQty(gbHours.Round(2)), memMB, conc)
	vcpus := 1.0 // Standard instance; Performance (4 GB) has 2 vCPU
	if memMB > memDefault {
		vcpus = 2
	}
	if x.ActiveCPUMSPerInvocation > x.DurationMS*vcpus {
		b.Note("active CPU per invocation is more than duration × %v vCPU: check the inputs", vcpus)
	}
	return b, nil
}
