package pricing

import (
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// CloudFunctions is a month of usage of one Google Cloud Functions (1st gen)
// function. Compute time is rounded up to 100 ms per invocation and charged
// twice: GB-seconds of provisioned memory (1 GB = 1024 MB) and GHz-seconds
// of the CPU clock that comes with the memory tier. Cloud Run functions
// (formerly 2nd gen) are billed as Cloud Run: use CloudRun.
type CloudFunctions struct {
	Invocations float64
	DurationMS  float64 // mean duration per invocation
	MemoryMB    float64 // rounded up to the next tier (128 … 8192); 0 = 256
	FreeTier    bool
}

// cloudFunctionTiers are the 1st gen memory tiers in MB.
var cloudFunctionTiers = []float64{128, 256, 512, 1024, 2048, 4096, 8192}

// Bill prices the usage.
func (x CloudFunctions) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "gcp-cloud-functions"
	if err := checkInputs(name, field{"invocations", x.Invocations}, field{"duration_ms", x.DurationMS}, field{"memory_mb", x.MemoryMB}); err != nil {
		return nil, err
	}
	mem := x.MemoryMB
	if mem == 0 {
		mem = 256
	}
	tier := 0.0
	for _, t := range cloudFunctionTiers {
		if mem <= t {
			tier = t
			break
		}
	}
	if tier == 0 {
		tiers := make([]string, len(cloudFunctionTiers))
		for i, t := range cloudFunctionTiers {
			tiers[i] = fmt.Sprint(t)
		}
		return nil, invalid(name, "memory %v MB exceeds the largest 1st gen tier (tiers: %s MB)", x.MemoryMB, strings.Join(tiers, ", "))
	}
	l := c.Lookup()
	var (
		inv, gbs, ghzs = l.Entry("gcp.functions.v1.invocations"), l.Entry("gcp.functions.v1.gb_second"), l.Entry("gcp.functions.v1.ghz_second")
		freeInv        = l.Entry("gcp.functions.v1.free.invocations").Value
		freeGBs        = l.Entry("gcp.functions.v1.free.gb_seconds").Value
		freeGHzs       = l.Entry("gcp.functions.v1.free.ghz_seconds").Value
		step           = l.Entry("gcp.functions.v1.billing_increment_ms").Value
		ghz            = l.Entry(fmt.Sprintf("gcp.functions.v1.tier.%v.ghz", tier)).Value
	)
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	seconds := Dec(x.Invocations).Mul(ceilStep(x.DurationMS, step)).Div(thousand)
	gbSec := seconds.Mul(Dec(tier)).Div(mibPerGiB)
	ghzSec := seconds.Mul(ghz)
	invs := Dec(x.Invocations)
	if x.FreeTier {
		invs, gbSec, ghzSec = billable(invs, freeInv), billable(gbSec, freeGBs), billable(ghzSec, freeGHzs)
	}
	b := NewBill(name, c)
	b.Add("invocations", invs, "invocations", inv, HalfUp)
	b.Add(fmt.Sprintf("memory (%v MB)", tier), gbSec, "GB-s", gbs, HalfUp)
	b.Add(fmt.Sprintf("CPU (%s GHz)", ghz), ghzSec, "GHz-s", ghzs, HalfUp)
	if tier != mem {
		b.Note("memory %v MB billed at the next 1st gen tier, %v MB", mem, tier)
	}
	if x.FreeTier {
		b.Note("free tier applied: %s invocations, %s GB-s, %s GHz-s", FormatQty(freeInv), FormatQty(freeGBs), FormatQty(freeGHzs))
	}
	b.Note("2nd gen (Cloud Run functions) is billed as Cloud Run: price it with gcp-cloud-run")
	return b, nil
}
