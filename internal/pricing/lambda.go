package pricing

import (
	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Lambda architectures.
const (
	ArchX86   = "x86_64"
	ArchARM64 = "arm64"
)

// Lambda is a month of AWS Lambda usage for one function (us-east-1 prices;
// see docs/pricing-aws.md for every rule and its source).
//
// Requests are all invocations in the month. DurationMS is the mean billed
// duration per request of the on-demand invocations; it is rounded up to
// the next 1 ms (a mean stands in for each request's own duration).
// MemoryMB is the configured memory (128-10,240); GB = MB/1024 as in AWS's
// examples. FreeTier subtracts the always-free 1M requests and 400,000 GB-s.
//
// Provisioned Concurrency (PC): ProvisionedConcurrency instances are
// configured for ProvisionedHours (rounded up to 5 minutes) and billed per
// configured GB-s; the ProvisionedRequestShare of requests run on them and
// their duration is billed at the lower PC duration rate
// (ProvisionedDurationMS, default DurationMS). Free tier with PC: the pricing
// page says the free tier does not apply to functions with PC, yet its own PC
// example 1 subtracts it from requests and from the on-demand duration. We
// follow the worked example (free tier never reduces PC charges or PC
// duration) and add a note to the bill; leave FreeTier off for the stricter
// reading.
type Lambda struct {
	Requests   float64
	DurationMS float64
	MemoryMB   float64
	// Arch is "x86_64" (default when empty) or "arm64".
	Arch string
	// EphemeralStorageMB is the configured /tmp size (512-10,240; 0 = 512).
	// Storage above the included 512 MB is billed per GB-s of execution.
	EphemeralStorageMB float64
	FreeTier           bool
	// InitGBSeconds is extra billed INIT duration from cold starts (GB-s),
	// billed at the on-demand duration rate since 2025-08-01.
	InitGBSeconds float64
	// ProvisionedConcurrency is the number of PC instances configured.
	ProvisionedConcurrency float64
	// ProvisionedHours is how long PC is enabled in the month.
	ProvisionedHours float64
	// ProvisionedRequestShare is the share (0..1) of requests served by PC instances.
	ProvisionedRequestShare float64
	// ProvisionedDurationMS is the mean duration of requests served by PC
	// instances (0 = DurationMS).
	ProvisionedDurationMS float64
}

// Bill prices the month.
func (x Lambda) Bill(c *catalog.Catalog) (*Bill, error) {
	arch := x.Arch
	if arch == "" {
		arch = ArchX86
	}
	l := c.Lookup()
	reqPrice := l.Entry("aws.lambda.requests")
	freeReq := l.Entry("aws.lambda.free.requests")
	freeGBs := l.Entry("aws.lambda.free.gb_seconds")
	ephPrice := l.Entry("aws.lambda.ephemeral_storage")
	ephIncluded := l.Float("aws.lambda.ephemeral_storage_mb.included")
	memMin, memMax := l.Float("aws.lambda.memory_mb.min"), l.Float("aws.lambda.memory_mb.max")
	ephMax := l.Float("aws.lambda.ephemeral_storage_mb.max")
	timeoutS := l.Float("aws.lambda.timeout_s.max")
	granMS := l.Entry("aws.lambda.duration_granularity_ms").Value
	pcIncrementMin := l.Entry("aws.lambda.provisioned.billing_increment_minutes").Value
	if err := l.Err(); err != nil {
		return nil, err
	}

	u := newUsageCheck("aws-lambda")
	u.oneOf("arch", arch, ArchX86, ArchARM64)
	for _, f := range []struct {
		name string
		v    float64
	}{{"requests", x.Requests}, {"duration_ms", x.DurationMS}, {"init_gb_seconds", x.InitGBSeconds},
		{"provisioned_concurrency", x.ProvisionedConcurrency}, {"provisioned_hours", x.ProvisionedHours},
		{"provisioned_duration_ms", x.ProvisionedDurationMS}} {
		u.nonNegative(f.name, f.v)
	}
	u.between("memory_mb", x.MemoryMB, memMin, memMax, "MB")
	if x.EphemeralStorageMB != 0 {
		u.between("ephemeral_storage_mb", x.EphemeralStorageMB, ephIncluded, ephMax, "MB")
	}
	u.between("duration_ms", x.DurationMS, 0, timeoutS*1000, "ms (the 900 s timeout)")
	u.between("provisioned_duration_ms", x.ProvisionedDurationMS, 0, timeoutS*1000, "ms (the 900 s timeout)")
	u.between("provisioned_request_share", x.ProvisionedRequestShare, 0, 1, "")
	if err := u.err(); err != nil {
		return nil, err
	}
	l = c.Lookup()
	durPrice := l.Entry("aws.lambda.duration." + arch)
	pcPrice := l.Entry("aws.lambda.provisioned." + arch)
	pcDurPrice := l.Entry("aws.lambda.provisioned_duration." + arch)
	if err := l.Err(); err != nil {
		return nil, err
	}

	b := NewBill("aws-lambda", c)
	gb := Dec(x.MemoryMB).Div(Int(1024))
	billedMS := roundUpTo(Dec(x.DurationMS), granMS)
	pcMS := billedMS
	if x.ProvisionedDurationMS > 0 {
		pcMS = roundUpTo(Dec(x.ProvisionedDurationMS), granMS)
	}
	requests := Dec(x.Requests)
	pcRequests := decimal.Zero
	if x.ProvisionedConcurrency > 0 && x.ProvisionedHours > 0 {
		pcRequests = requests.Mul(Dec(x.ProvisionedRequestShare)).Round(0)
		if pcRequests.GreaterThan(requests) {
			pcRequests = requests
		}
	}
	odRequests := requests.Sub(pcRequests)

	// Requests: one price for on-demand and PC invocations alike.
	billReq := requests
	if x.FreeTier {
		billReq = lessFree(requests, freeReq)
	}
	b.Add("Requests", billReq, "request", reqPrice, HalfUp)

	// On-demand duration (plus INIT from cold starts), tiered, after the free tier.
	odGBs := odRequests.Mul(billedMS).Div(Int(1000)).Mul(gb).Add(Dec(x.InitGBSeconds))
	if x.FreeTier {
		odGBs = lessFree(odGBs, freeGBs)
	}
	b.AddTiered("Duration ("+arch+")", odGBs, "GB-second", durPrice, HalfUp)
	if x.InitGBSeconds > 0 {
		b.Note("on-demand duration includes %s GB-s of billed INIT (cold starts; billed since 2025-08-01)", FormatQty(Dec(x.InitGBSeconds)))
	}

	// Provisioned Concurrency.
	if x.ProvisionedConcurrency > 0 && x.ProvisionedHours > 0 {
		// Enabled time is rounded up to the billing increment (5 minutes).
		seconds := roundUpTo(Dec(x.ProvisionedHours).Mul(Int(SecondsPerHour)), pcIncrementMin.Mul(Int(60)))
		pcGBs := Dec(x.ProvisionedConcurrency).Mul(gb).Mul(seconds)
		b.Add("Provisioned Concurrency ("+arch+")", pcGBs, "GB-second", pcPrice, HalfUp)
		pcDurGBs := pcRequests.Mul(pcMS).Div(Int(1000)).Mul(gb)
		b.Add("Duration on Provisioned Concurrency ("+arch+")", pcDurGBs, "GB-second", pcDurPrice, HalfUp)
		if x.FreeTier {
			b.Note("free tier applied to requests and on-demand duration only, as in the Lambda pricing page's Provisioned Concurrency example 1 (the page also says the free tier does not apply to functions with Provisioned Concurrency)")
		}
	}

	// Ephemeral storage above the included 512 MB, for all execution time.
	if x.EphemeralStorageMB > ephIncluded {
		extraGB := Dec(x.EphemeralStorageMB - ephIncluded).Div(Int(1024))
		seconds := odRequests.Mul(billedMS).Add(pcRequests.Mul(pcMS)).Div(Int(1000))
		b.Add("Ephemeral storage above 512 MB", seconds.Mul(extraGB), "GB-second", ephPrice, HalfUp)
	}
	if x.FreeTier {
		b.Note("Lambda free tier applied: %s requests and %s GB-s per month", FormatQty(freeReq.Value), FormatQty(freeGBs.Value))
	}
	return b, nil
}

// roundUpTo rounds d up to a multiple of step (step <= 0 leaves d unchanged).
func roundUpTo(d, step decimal.Decimal) decimal.Decimal {
	if !step.IsPositive() {
		return d
	}
	return d.Div(step).Ceil().Mul(step)
}
