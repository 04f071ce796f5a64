package pricing

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// AzureFunctions is a month of usage of one Azure Functions app on the
// Consumption plan or the Flex Consumption plan (East US).
//
// Consumption: GB-seconds of observed memory, rounded up to 128 MB (at
// least 128 MB, at most 1,536 MB) times execution time rounded up to 1 ms
// (at least 100 ms), plus executions; 400,000 GB-s and 1M executions free
// per subscription.
//
// Flex Consumption: GB-seconds of the instance memory size (512, 2,048 or
// 4,096 MB) while an instance is executing, shared by the executions that
// run concurrently on it, plus executions. Always ready instances add a
// baseline charge for their whole lifetime and a lower execution-time rate
// for the time they execute; the free grant (100,000 GB-s and 250,000
// executions) applies to on-demand usage only. Rules chosen (see
// docs/pricing-gcp-azure-edge.md): active instance time = executions ×
// duration ÷ concurrency (busy instances form one activity period, so
// executions are not rounded one by one), at least the 1,000 ms minimum
// billable period when anything ran, rounded up to 100 ms; executions go to always ready
// instances first, in proportion to the instance time they absorb.
type AzureFunctions struct {
	Plan       string // "consumption" (default) or "flex"
	Executions float64
	DurationMS float64
	// MemoryMB is observed memory per execution on Consumption (0 = 128 MB
	// minimum) and the instance memory size on Flex (0 = 2,048 MB).
	MemoryMB             float64
	FreeTier             bool
	AlwaysReadyInstances float64 // Flex only
	Hours                float64 // hours in the month, for always ready instances
	// Concurrency is executions per Flex instance at once (0 = 1).
	Concurrency float64
	// ActiveInstanceSeconds overrides the derived Flex instance execution
	// time (for example from a simulation).
	ActiveInstanceSeconds float64
}

// AzureFunctionsPlans are the valid plans.
var AzureFunctionsPlans = []string{"consumption", "flex"}

// flexInstanceSizes are the Flex Consumption instance memory sizes in MB.
var flexInstanceSizes = []float64{512, 2048, 4096}

// Bill prices the usage.
func (x AzureFunctions) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-functions"
	if err := checkInputs(name, field{"executions", x.Executions}, field{"duration_ms", x.DurationMS},
		field{"memory_mb", x.MemoryMB}, field{"always_ready_instances", x.AlwaysReadyInstances},
		field{"hours", x.Hours}, field{"concurrency", x.Concurrency}, field{"active_instance_seconds", x.ActiveInstanceSeconds}); err != nil {
		return nil, err
	}
	switch strings.ToLower(x.Plan) {
	case "", "consumption":
		if x.AlwaysReadyInstances > 0 {
			return nil, invalid(name, "always ready instances exist only on the flex plan")
		}
		return x.consumption(c)
	case "flex":
		return x.flex(c)
	default:
		return nil, invalid(name, "unknown plan %q (valid: %s)", x.Plan, strings.Join(AzureFunctionsPlans, ", "))
	}
}

func (x AzureFunctions) consumption(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-functions"
	l := c.Lookup()
	var (
		gbs, execs       = l.Entry("azure.functions.consumption.gb_second"), l.Entry("azure.functions.consumption.executions")
		freeGBs, freeExe = l.Entry("azure.functions.consumption.free.gb_seconds").Value, l.Entry("azure.functions.consumption.free.executions").Value
		memStep          = l.Entry("azure.functions.consumption.memory_step_mb").Value
		minMS            = l.Entry("azure.functions.consumption.min_duration_ms").Value
		maxMem           = l.Float("limits.azure-functions.max_memory_mb")
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	if x.MemoryMB > maxMem {
		return nil, invalid(name, "memory %v MB exceeds the Consumption plan maximum of %v MB", x.MemoryMB, maxMem)
	}
	mem := ceilStep(x.MemoryMB, memStep)
	if mem.LessThan(memStep) {
		mem = memStep
	}
	dur := ceilStep(x.DurationMS, decimal.NewFromInt(1))
	if dur.LessThan(minMS) {
		dur = minMS
	}
	gbSec := Dec(x.Executions).Mul(dur).Div(thousand).Mul(mem).Div(mibPerGiB)
	n := Dec(x.Executions)
	if x.FreeTier {
		gbSec, n = billable(gbSec, freeGBs), billable(n, freeExe)
	}
	b := NewBill(name, c)
	b.Add("execution time ("+mem.String()+" MB)", gbSec, "GB-s", gbs, HalfUp)
	b.Add("executions", n, "executions", execs, HalfUp)
	if x.FreeTier {
		b.Note("free grant applied: %s GB-s and %s executions per subscription", FormatQty(freeGBs), FormatQty(freeExe))
	}
	b.Note("Consumption plan: memory rounded up to %s MB steps, each execution billed at least %s ms", memStep, minMS)
	return b, nil
}

func (x AzureFunctions) flex(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-functions"
	l := c.Lookup()
	var (
		odGBs, odExe     = l.Entry("azure.functions.flex.gb_second"), l.Entry("azure.functions.flex.executions")
		freeGBs, freeExe = l.Entry("azure.functions.flex.free.gb_seconds").Value, l.Entry("azure.functions.flex.free.executions").Value
		arBase, arGBs    = l.Entry("azure.functions.flex.always_ready.baseline_gb_second"), l.Entry("azure.functions.flex.always_ready.gb_second")
		arExe            = l.Entry("azure.functions.flex.always_ready.executions")
		minMS            = l.Entry("azure.functions.flex.min_billed_ms").Value
		step             = l.Entry("azure.functions.flex.billing_increment_ms").Value
		memDefault       = l.Float("azure.functions.flex.default.memory_mb")
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	if x.AlwaysReadyInstances > 0 && x.Hours == 0 {
		return nil, invalid(name, "always ready instances need hours (hours in the month, e.g. 730)")
	}
	memMB := x.MemoryMB
	if memMB == 0 {
		memMB = memDefault
	}
	size := 0.0
	for _, s := range flexInstanceSizes {
		if memMB <= s {
			size = s
			break
		}
	}
	if size == 0 {
		return nil, invalid(name, "memory %v MB exceeds the largest Flex Consumption instance size (512, 2048, 4096 MB)", x.MemoryMB)
	}
	conc := x.Concurrency
	if conc == 0 {
		conc = 1
	}
	gb := Dec(size).Div(mibPerGiB)
	active := Dec(x.ActiveInstanceSeconds)
	if x.ActiveInstanceSeconds == 0 {
		// Activity periods, not executions, are rounded: an instance that
		// stays busy is billed for its busy time (as in Learn's example).
		ms := Dec(x.Executions).Mul(Dec(x.DurationMS)).Div(Dec(conc))
		if x.Executions > 0 && ms.LessThan(minMS) {
			ms = minMS
		}
		active = ms.Div(step).Ceil().Mul(step).Div(thousand)
	}
	arCap := Dec(x.AlwaysReadyInstances).Mul(Dec(x.Hours)).Mul(secPerHour)
	arActive := minDec(active, arCap)
	odActive := active.Sub(arActive)
	execs := Dec(x.Executions)
	arExecs := decimal.Zero
	if active.IsPositive() {
		arExecs = execs.Mul(arActive).Div(active).Round(0)
	}
	odExecs := execs.Sub(arExecs)

	b := NewBill(name, c)
	if x.AlwaysReadyInstances > 0 {
		b.Add("always ready baseline", arCap.Mul(gb), "GB-s", arBase, HalfUp)
		b.Add("always ready execution time", arActive.Mul(gb), "GB-s", arGBs, HalfUp)
		b.Add("always ready executions", arExecs, "executions", arExe, HalfUp)
	}
	odGB := odActive.Mul(gb)
	if x.FreeTier {
		odGB, odExecs = billable(odGB, freeGBs), billable(odExecs, freeExe)
		b.Note("free grant applied to on-demand usage: %s GB-s and %s executions (none for always ready)", FormatQty(freeGBs), FormatQty(freeExe))
	}
	b.Add("on demand execution time", odGB, "GB-s", odGBs, HalfUp)
	b.Add("on demand executions", odExecs, "executions", odExe, HalfUp)
	b.Note("Flex Consumption: %v MB instances, %s instance-seconds executing at concurrency %v", size, FormatQty(active.Round(0)), conc)
	if size != memMB {
		b.Note("memory %v MB billed as the %v MB instance size", memMB, size)
	}
	return b, nil
}
