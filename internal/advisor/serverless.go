package advisor

import (
	"fmt"
	"math"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// env is what every costing function needs.
type env struct {
	cat  *catalog.Catalog
	spec *workload.Spec
	opts Options
}

func (e env) hours() float64 { return e.spec.HoursPerMonth }

// engineerHourly is the fully loaded cost of one engineer-hour.
func (e env) engineerHourly() float64 {
	return e.spec.Team.EngineerCostPerYear / engineerHoursPerYear
}

// serverlessBill prices a component on one serverless platform from average
// rates: compute, requests, the front door, downstream calls, logs and a
// small operations cost. It returns the bill and the sentences explaining
// the model's choices.
func serverlessBill(e env, d demand, platform string) (*pricing.Bill, []Reason, error) {
	b := pricing.NewBill(platform, e.cat)
	var why []Reason
	c := d.c
	free := e.spec.FreeTier
	var err error
	add := func(x interface {
		Bill(*catalog.Catalog) (*pricing.Bill, error)
	}) {
		if err != nil {
			return
		}
		var sub *pricing.Bill
		if sub, err = x.Bill(e.cat); err == nil {
			b.AddBill(sub)
		}
	}
	mem := c.MemoryMB
	switch platform {
	case workload.PlatformLambda:
		if mem < 128 {
			mem = 128
		}
		add(pricing.Lambda{Requests: c.RequestsPerMonth, DurationMS: c.DurationMS, MemoryMB: mem, Arch: "x86_64", FreeTier: free})
		if vcpu := mem / 1769; c.DurationMS > 0 && c.CPUMillis()/c.DurationMS > vcpu {
			why = append(why, Reason{Text: fmt.Sprintf("at %.0f MB Lambda gives %.2f vCPU, less than the %.2f CPU share a request uses: durations may stretch", mem, vcpu, c.CPUMillis()/c.DurationMS), Source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"})
		}
		addAWSFrontDoor(add, e, d)
		add(pricing.CloudWatchLogs{IngestGB: c.RequestsPerMonth * logKBPerRequest / 1e6})
	case workload.PlatformCloudRun:
		vcpu, conc := cloudRunShape(d)
		cr := pricing.CloudRun{Requests: c.RequestsPerMonth, DurationMS: c.DurationMS, VCPU: vcpu, MemoryMB: mem, Concurrency: conc, FreeTier: free, Hours: e.hours(), ActiveInstanceSeconds: activeInstanceSeconds(d, conc, 0.1)}
		if c.GPU > 0 {
			// GPU services use instance-based billing and at least 4 vCPU and
			// 16 GiB per instance.
			cr.GPUs, cr.InstanceBased = float64(c.GPU), true
			cr.VCPU, cr.MemoryMB = math.Max(vcpu, 4), math.Max(mem, 16384)
			why = append(why, Reason{Text: "GPU instances are billed for their whole lifetime (instance-based), at least 4 vCPU and 16 GiB each; the estimate counts the time instances are busy, so idle time before scale-down comes on top", Source: "https://cloud.google.com/run/docs/configuring/services/gpu"})
		}
		add(cr)
		why = append(why, Reason{Text: fmt.Sprintf("Cloud Run instances of %g vCPU serve %d requests at once; billed instance time follows from Poisson occupancy, rounded to 100 ms", cr.VCPU, conc)})
	case workload.PlatformCloudFunc:
		add(pricing.CloudFunctions{Invocations: c.RequestsPerMonth, DurationMS: c.DurationMS, MemoryMB: mem, FreeTier: free})
	case workload.PlatformWorkers:
		add(pricing.Workers{Requests: c.RequestsPerMonth, CPUMSPerRequest: c.CPUMillis()})
		why = append(why, Reason{Text: fmt.Sprintf("Workers bill CPU time (%.3g ms per request), not wall time; no egress charges", c.CPUMillis())})
	case workload.PlatformVercel:
		conc := multiConcurrency(d, 1)
		add(pricing.Vercel{Invocations: c.RequestsPerMonth, ActiveCPUMSPerInvocation: c.CPUMillis(), DurationMS: c.DurationMS, MemoryMB: mem, Concurrency: float64(conc), Plan: "pro"})
	case workload.PlatformAzureFunc:
		var best *pricing.Bill
		for _, plan := range azurePlans(e, c) {
			sub, perr := pricing.AzureFunctions{Plan: plan, Executions: c.RequestsPerMonth, DurationMS: c.DurationMS, MemoryMB: mem, FreeTier: free, Hours: e.hours()}.Bill(e.cat)
			if perr != nil {
				return nil, nil, perr
			}
			if best == nil || sub.Total.LessThan(best.Total) {
				best = sub
				best.Note("Azure Functions %s plan (the cheaper plan that can run it)", plan)
			}
		}
		if best != nil {
			b.AddBill(best)
		}
	case workload.PlatformFargate:
		taskHours, vcpu, memGB := fargateTasks(d)
		add(pricing.Fargate{VCPU: vcpu, MemoryGB: memGB, Hours: taskHours, Tasks: 1, Arch: "x86_64"})
		add(pricing.PublicIPv4{Addresses: 1, Hours: taskHours})
		if c.FrontDoor != workload.FrontDoorNone {
			add(pricing.ALB{Count: 1, Hours: e.hours(), LCUs: albLCUs(d)})
			add(pricing.PublicIPv4{Addresses: 2, Hours: e.hours()})
		}
		add(pricing.CloudWatchLogs{IngestGB: c.RequestsPerMonth * logKBPerRequest / 1e6})
		if c.Stateful && c.StorageGB > 0 {
			add(pricing.EBS{GBMonths: c.StorageGB})
		}
		why = append(why, Reason{Text: fmt.Sprintf("Fargate runs %.0f task-hours of %g vCPU / %g GB (tasks follow the traffic hour by hour at %.0f%% utilisation, at least %d running)", taskHours, vcpu, memGB, defaultTargetUtilization*100, minReplicas(c))})
	default:
		return nil, nil, fmt.Errorf("no serverless cost model for platform %q", platform)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("price %s on %s: %w", c.Name, platform, err)
	}
	if err := addDownstream(b, e, d); err != nil {
		return nil, nil, err
	}
	opsHours := serverlessOpsHoursPerComponent
	if platform == workload.PlatformFargate {
		opsHours = fargateOpsHoursPerComponent
	}
	b.AddPriced("operations (engineer time)", pricing.Dec(opsHours), "engineer-hour", pricing.Dec(e.engineerHourly()).Round(2), "docs/cost-model.md#people", pricing.HalfUp)
	return b, why, nil
}

// addAWSFrontDoor adds API Gateway or an ALB in front of a Lambda function.
func addAWSFrontDoor(add func(interface {
	Bill(*catalog.Catalog) (*pricing.Bill, error)
}), e env, d demand) {
	switch d.c.FrontDoor {
	case workload.FrontDoorAPIGatewayHTTP:
		add(pricing.APIGateway{Requests: d.c.RequestsPerMonth, FreeTier: e.spec.FreeTier})
	case workload.FrontDoorAPIGatewayREST:
		add(pricing.APIGateway{REST: true, Requests: d.c.RequestsPerMonth, FreeTier: e.spec.FreeTier})
	case workload.FrontDoorALB:
		add(pricing.ALB{Count: 1, Hours: e.hours(), LCUs: albLCUs(d)})
	}
}

// albLCUs estimates the average LCUs from the mean request rate: each request
// a new connection lasting its duration, response plus 1 KB of request bytes.
func albLCUs(d demand) float64 {
	gbPerHour := d.rate * 3600 * (d.c.ResponseKB + 1) / 1e6
	return pricing.ALBLCUs(d.rate, d.rate*d.durS, gbPerHour, d.rate)
}

// addDownstream prices the managed-service calls every option makes alike.
func addDownstream(b *pricing.Bill, e env, d demand) error {
	ds := d.c.Downstream
	r := d.c.RequestsPerMonth
	var subs []interface {
		Bill(*catalog.Catalog) (*pricing.Bill, error)
	}
	if ds.DynamoDBReads > 0 || ds.DynamoDBWrites > 0 {
		subs = append(subs, pricing.DynamoDB{ReadRequestUnits: r * ds.DynamoDBReads, WriteRequestUnits: r * ds.DynamoDBWrites, FreeTier: e.spec.FreeTier})
	}
	if ds.S3Gets > 0 || ds.S3Puts > 0 {
		subs = append(subs, pricing.S3{Gets: r * ds.S3Gets, Puts: r * ds.S3Puts})
	}
	if ds.SQSMessages > 0 {
		subs = append(subs, pricing.SQS{Requests: r * ds.SQSMessages * sqsRequestsPerMessage, FreeTier: e.spec.FreeTier})
	}
	for _, s := range subs {
		sub, err := s.Bill(e.cat)
		if err != nil {
			return fmt.Errorf("price downstream calls of %s: %w", d.c.Name, err)
		}
		for i := range sub.LineItems {
			sub.LineItems[i].Name = "downstream: " + sub.LineItems[i].Name
		}
		b.AddBill(sub)
	}
	return nil
}

// cloudRunShape picks a Cloud Run instance: 1 vCPU (more when memory needs
// it: above 4, 8, 16 and 24 GiB Cloud Run requires 2, 4, 6 and 8 vCPU) and a
// concurrency that keeps the vCPU at most 80 % busy, capped at Cloud Run's
// default of 80.
func cloudRunShape(d demand) (vcpu float64, conc int) {
	gib := d.c.MemoryMB / 1024
	switch {
	case gib > 24:
		vcpu = 8
	case gib > 16:
		vcpu = 6
	case gib > 8:
		vcpu = 4
	case gib > 4:
		vcpu = 2
	default:
		vcpu = 1
	}
	return vcpu, multiConcurrency(d, vcpu)
}

// multiConcurrency is how many requests an instance of vcpu serves at once:
// the spec's concurrency if given, else as many as keep the CPU 80 % busy
// (duration / CPU time × vCPU × 0.8), between 1 and 80.
func multiConcurrency(d demand, vcpu float64) int {
	if d.c.Concurrency > 0 {
		return d.c.Concurrency
	}
	if d.cpuS <= 0 {
		return 80
	}
	n := int(math.Floor(d.durS / d.cpuS * vcpu * 0.8))
	return max(1, min(80, n))
}

// activeInstanceSeconds is the month's billed instance time for a platform
// that bills instances while they serve at least one request, with each
// request's time rounded up to the billing granularity (seconds).
func activeInstanceSeconds(d demand, conc int, granularity float64) float64 {
	dur := d.durS
	if granularity > 0 {
		dur = math.Ceil(dur/granularity-1e-9) * granularity
	}
	total := 0.0
	n := int(math.Ceil(d.hours))
	for h := range n {
		f := d.shape.Factor(time.Duration(h)*time.Hour + 30*time.Minute)
		total += expectedInstances(d.rate*f*dur, conc) * 3600
	}
	return total * d.hours / float64(n)
}

// azurePlans lists the Azure Functions plans that can run c.
func azurePlans(e env, c workload.Component) []string {
	var plans []string
	lk := e.cat.Lookup()
	if c.MemoryMB <= lk.Float("limits.azure-functions.max_memory_mb") && c.MaxExecutionS <= lk.Float("limits.azure-functions.max_execution_s") {
		plans = append(plans, "consumption")
	}
	return append(plans, "flex")
}

// minReplicas is the availability floor: two replicas for anything that
// serves traffic, one for jobs and single-writer state.
func minReplicas(c workload.Component) int {
	switch c.Type {
	case workload.TypeScheduledJob, workload.TypeBatchJob, workload.TypeDatabase, workload.TypeCache, workload.TypeQueue:
		return 1
	case workload.TypeMLInference:
		return 1
	}
	return 2
}

// replicaCPU is the CPU request of one replica: enough for conc requests at
// once at the component's CPU share, at least 0.1 vCPU, rounded up to 10m.
func replicaCPU(d demand, conc int) float64 {
	share := 1.0
	if d.durS > 0 {
		share = d.cpuS / d.durS
	}
	cpu := float64(conc) * share
	if d.c.GPU > 0 && cpu < 1 {
		cpu = 1 // a GPU replica needs a host core to feed it
	}
	return math.Max(0.1, math.Ceil(cpu*100-1e-9)/100)
}

// replicasAt is how many replicas serve a rate multiplier f: the concurrency
// at that rate over what a replica serves at the target utilisation.
func replicasAt(d demand, conc int, util, f float64) int {
	if d.c.Stateful {
		return 1
	}
	need := int(math.Ceil(d.rate*f*d.durS/(float64(conc)*util) - 1e-9))
	return max(need, minReplicas(d.c))
}

// isJob reports whether the component runs to completion rather than serving.
func isJob(c workload.Component) bool {
	return c.Type == workload.TypeScheduledJob || c.Type == workload.TypeBatchJob
}

// replicaSchedule is how many replicas run in each hour of the month. Services
// follow the traffic: each hour is sized for its busiest minute at the target
// utilisation, never below the availability floor. Jobs run only while they
// work: their peak number of parallel runs, for as many hours a day as the
// month's run time needs, starting at 02:00 UTC.
func replicaSchedule(d demand, conc int, util float64) []int {
	peaks := d.hourlyPeaks()
	reps := make([]int, len(peaks))
	if isJob(d.c) {
		pods := max(1, int(math.Ceil(d.peakConcurrency()/float64(conc)-1e-9)))
		hoursPerDay := int(math.Ceil(d.meanConcurrency()/float64(conc)/float64(pods)*24 - 1e-9))
		for h := range reps {
			if (h%24-2+24)%24 < hoursPerDay {
				reps[h] = pods
			}
		}
		return reps
	}
	for h, f := range peaks {
		reps[h] = replicasAt(d, conc, util, f)
	}
	return reps
}

// podConcurrency is how many requests a replica serves at once: the spec's
// concurrency, else the type's default lowered so that a replica needs at
// most maxReplicaCPU (a replica should fit a small node with room to spare).
func podConcurrency(d demand) int {
	if d.c.Concurrency > 0 {
		return d.c.Concurrency
	}
	conc := defaultConcurrency(string(d.c.Type))
	if d.durS > 0 && d.cpuS > 0 {
		if fit := int(maxReplicaCPU / (d.cpuS / d.durS)); fit < conc {
			conc = max(1, fit)
		}
	}
	return conc
}

// fargateTasks sizes Fargate tasks like pods and follows the traffic hour by
// hour (jobs: billed per second while they run, one minute at least). It
// returns task-hours and the task size rounded to a valid Fargate combination.
func fargateTasks(d demand) (taskHours, vcpu, memGB float64) {
	conc := podConcurrency(d)
	vcpu, memGB = fargateSize(replicaCPU(d, conc), d.c.MemoryMB/1024)
	if isJob(d.c) {
		return d.c.RequestsPerMonth * math.Max(d.durS, 60) / 3600 / float64(conc), vcpu, memGB
	}
	reps := replicaSchedule(d, conc, defaultTargetUtilization)
	for _, r := range reps {
		taskHours += float64(r)
	}
	return taskHours * d.hours / float64(len(reps)), vcpu, memGB
}

// fargateSize rounds a task to the smallest valid Fargate CPU/memory pair:
// 0.25 vCPU with 0.5–2 GB; 0.5 with 1–4; 1 with 2–8; 2 with 4–16; 4 with
// 8–30; 8 with 16–60 (4 GB steps); 16 with 32–120 (8 GB steps).
func fargateSize(cpu, memGB float64) (float64, float64) {
	type size struct{ vcpu, minGB, maxGB, step float64 }
	sizes := []size{{0.25, 0.5, 2, 0.5}, {0.5, 1, 4, 1}, {1, 2, 8, 1}, {2, 4, 16, 1}, {4, 8, 30, 1}, {8, 16, 60, 4}, {16, 32, 120, 8}}
	for _, s := range sizes {
		if cpu > s.vcpu || memGB > s.maxGB {
			continue
		}
		m := math.Max(s.minGB, math.Ceil(memGB/s.step-1e-9)*s.step)
		return s.vcpu, m
	}
	return 16, 120
}
