package pricing

import (
	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// CloudRun is a month of usage of one Google Cloud Run service in a Tier 1
// region (us-central1).
//
// Request-based billing (the default) charges vCPU-seconds and GiB-seconds
// only while an instance handles at least one request, plus a per-request
// fee; idle minimum instances are charged at a lower idle CPU rate.
// Instance-based billing charges the whole instance lifetime at lower unit
// rates and no request fee. Instance time is rounded up to 100 ms.
// Cloud Run functions (formerly Cloud Functions 2nd gen) are billed exactly
// like this.
type CloudRun struct {
	Requests   float64 // requests per month
	DurationMS float64 // mean request duration
	VCPU       float64 // vCPU per instance (0 = Cloud Run default, 1)
	MemoryMB   float64 // memory per instance in MiB (0 = default, 512); GiB = MB/1024
	// Concurrency is the requests one instance serves at once (0 = default, 80).
	Concurrency   int
	InstanceBased bool // instance-based billing instead of request-based
	FreeTier      bool // subtract the monthly free tier
	MinInstances  float64
	// Hours is the hours in the month, for minimum instances (required when
	// MinInstances > 0).
	Hours float64
	// ActiveInstanceSeconds is the instance time spent serving requests
	// (for example from a simulation). 0 = derive: requests × duration
	// rounded up to 100 ms ÷ concurrency.
	ActiveInstanceSeconds float64
	// GPUs is NVIDIA L4 GPUs per instance (0 or 1; instance-based billing only).
	GPUs float64
}

// Bill prices the usage.
func (x CloudRun) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gcp-cloud-run"
	if err := checkInputs(name, field{"requests", x.Requests}, field{"duration_ms", x.DurationMS},
		field{"vcpu", x.VCPU}, field{"memory_mb", x.MemoryMB}, field{"concurrency", float64(x.Concurrency)},
		field{"min_instances", x.MinInstances}, field{"hours", x.Hours},
		field{"active_instance_seconds", x.ActiveInstanceSeconds}, field{"gpus", x.GPUs}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	var (
		vcpuDefault = l.Float("gcp.cloudrun.default.vcpu")
		memDefault  = l.Float("gcp.cloudrun.default.memory_mib")
		concDefault = l.Float("gcp.cloudrun.default.concurrency")
		step        = l.Entry("gcp.cloudrun.billing_increment_ms").Value
		maxMem      = l.Float("limits.gcp-cloud-run.max_memory_mb")
		maxVCPU     = l.Float("limits.gcp-cloud-run.max_vcpu")
		maxConc     = l.Float("limits.gcp-cloud-run.max_concurrency")
		maxGPU      = l.Float("limits.gcp-cloud-run.gpu")
	)
	var (
		reqCPU, reqMem, reqFee   = l.Entry("gcp.cloudrun.request.vcpu_second"), l.Entry("gcp.cloudrun.request.gib_second"), l.Entry("gcp.cloudrun.request.requests")
		idleCPU, idleMem         = l.Entry("gcp.cloudrun.request.idle_vcpu_second"), l.Entry("gcp.cloudrun.request.idle_gib_second")
		instCPU, instMem, instGP = l.Entry("gcp.cloudrun.instance.vcpu_second"), l.Entry("gcp.cloudrun.instance.gib_second"), l.Entry("gcp.cloudrun.instance.l4_gpu_second")
		freeReqCPU, freeReqMem   = l.Entry("gcp.cloudrun.free.request.vcpu_seconds").Value, l.Entry("gcp.cloudrun.free.request.gib_seconds").Value
		freeReqs                 = l.Entry("gcp.cloudrun.free.requests").Value
		freeInstCPU, freeInstMem = l.Entry("gcp.cloudrun.free.instance.vcpu_seconds").Value, l.Entry("gcp.cloudrun.free.instance.gib_seconds").Value
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	vcpu, memMB, conc := x.VCPU, x.MemoryMB, float64(x.Concurrency)
	if vcpu == 0 {
		vcpu = vcpuDefault
	}
	if memMB == 0 {
		memMB = memDefault
	}
	if conc == 0 {
		conc = concDefault
	}
	switch {
	case vcpu > maxVCPU:
		return nil, invalid(name, "vcpu %v exceeds the Cloud Run maximum of %v", vcpu, maxVCPU)
	case memMB > maxMem:
		return nil, invalid(name, "memory %v MiB exceeds the Cloud Run maximum of %v MiB", memMB, maxMem)
	case conc > maxConc:
		return nil, invalid(name, "concurrency %v exceeds the Cloud Run maximum of %v", conc, maxConc)
	case x.GPUs > maxGPU:
		return nil, invalid(name, "gpus %v: Cloud Run allows at most %v GPU per instance", x.GPUs, maxGPU)
	case x.GPUs > 0 && !x.InstanceBased:
		return nil, invalid(name, "GPUs require instance-based billing (set instance-based)")
	case x.MinInstances > 0 && x.Hours == 0:
		return nil, invalid(name, "min_instances %v needs hours (hours in the month, e.g. 730)", x.MinInstances)
	}

	b := NewBill(name, c)
	active := Dec(x.ActiveInstanceSeconds)
	if x.ActiveInstanceSeconds == 0 {
		active = Dec(x.Requests).Mul(ceilStep(x.DurationMS, step)).Div(thousand).Div(Dec(conc))
	}
	gib := Dec(memMB).Div(mibPerGiB)
	cpu := Dec(vcpu)
	minSec := Dec(x.MinInstances).Mul(Dec(x.Hours)).Mul(secPerHour)
	free := func(used, allowance decimal.Decimal) decimal.Decimal {
		if x.FreeTier {
			return billable(used, allowance)
		}
		return used
	}

	if x.InstanceBased {
		life := active
		if minSec.GreaterThan(life) {
			life = minSec
		}
		b.Add("CPU, instance-based", free(life.Mul(cpu), freeInstCPU), "vCPU-s", instCPU, HalfUp)
		b.Add("memory, instance-based", free(life.Mul(gib), freeInstMem), "GiB-s", instMem, HalfUp)
		if x.GPUs > 0 {
			b.Add("NVIDIA L4 GPU", life.Mul(Dec(x.GPUs)), "GPU-s", instGP, HalfUp)
		}
		if x.FreeTier {
			b.Note("free tier applied: %s vCPU-s and %s GiB-s (instance-based)", FormatQty(freeInstCPU), FormatQty(freeInstMem))
		}
		b.Note("instance-based billing: %s instance-seconds (no request fee)", FormatQty(life.Round(0)))
		return b, nil
	}

	b.Add("CPU, request-based", free(active.Mul(cpu), freeReqCPU), "vCPU-s", reqCPU, HalfUp)
	b.Add("memory, request-based", free(active.Mul(gib), freeReqMem), "GiB-s", reqMem, HalfUp)
	b.Add("requests", free(Dec(x.Requests), freeReqs), "requests", reqFee, HalfUp)
	if idle := billable(minSec, active); idle.IsPositive() {
		b.Add("idle minimum instances, CPU", idle.Mul(cpu), "vCPU-s", idleCPU, HalfUp)
		b.Add("idle minimum instances, memory", idle.Mul(gib), "GiB-s", idleMem, HalfUp)
	}
	if x.FreeTier {
		b.Note("free tier applied: %s vCPU-s, %s GiB-s and %s requests (request-based)", FormatQty(freeReqCPU), FormatQty(freeReqMem), FormatQty(freeReqs))
	}
	b.Note("request-based billing: %s active instance-seconds at concurrency %v", FormatQty(active.Round(0)), conc)
	return b, nil
}
