package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Fargate is AWS Fargate behind ECS: tasks sized like pods, billed per
// second of their lifetime (one minute at least), following the traffic
// hour by hour; a public task address each; an ALB in front of HTTP.
type Fargate struct{}

var _ = register(Fargate{})

// Info describes the platform.
func (Fargate) Info() Info {
	return Info{ID: workload.PlatformFargate, Name: "AWS Fargate", Cloud: "aws", Kind: Serverless, Billing: InstanceLifetime,
		RegionNote: "runs in one AWS Region", FrontDoor: "an Application Load Balancer (a task has no managed HTTPS endpoint)",
		Source: "https://aws.amazon.com/fargate/pricing/"}
}

// Concurrency: a task serves like a pod.
func (Fargate) Concurrency(w Work) int { return PodConcurrency(w) }

// Compute prices task-hours, task addresses and the persistent volume.
func (Fargate) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	taskHours, vcpu, memGB := FargateTasks(w)
	x := newBuilder(cat, workload.PlatformFargate)
	x.add(pricing.Fargate{VCPU: vcpu, MemoryGB: memGB, Hours: taskHours, Tasks: 1, Arch: "x86_64"})
	x.add(pricing.PublicIPv4{Addresses: 1, Hours: taskHours})
	if w.C.Stateful && w.C.StorageGB > 0 {
		x.add(pricing.EBS{GBMonths: w.C.StorageGB * float64(w.C.DataCopies())}) // a volume per task
		x.add(pricing.DiskSnapshot{Provider: "aws", GBMonths: DataBackupGB(w.C.DataFor(w.Rate))})
	}
	b, err := x.done()
	var caveat []Reason
	if w.C.Stateful {
		caveat = append(caveat, Reason{Text: "data-loss risk: ECS deletes a task's attached EBS volume when the task stops (deleteOnTermination is true by default), so the data survives a restart only through snapshots or an external store",
			Source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ebs-volumes.html"})
	}
	why := []Reason{{Text: fmt.Sprintf("Fargate runs %.0f task-hours of %g vCPU / %g GB, billed for the tasks' lifetime (tasks follow the traffic hour by hour, each hour sized for its busiest minute, at %.0f%% utilisation, at least %d running)",
		taskHours, vcpu, memGB, DefaultTargetUtilization*100, MinReplicas(w.C))}}
	return b, append(caveat, why...), err
}

// FrontDoor: an ALB (behind API Gateway when the spec names it).
func (Fargate) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if !w.HTTP() {
		return nil, nil, nil
	}
	x := newBuilder(cat, "front door")
	gw, err := APIGatewayBill(cat, "aws", w)
	if err != nil {
		return nil, nil, err
	}
	if gw != nil {
		x.b.AddBill(gw)
	}
	x.add(pricing.ALB{Count: 1, Hours: w.Hours, LCUs: ALBLCUs(w)})
	x.add(pricing.PublicIPv4{Addresses: 2, Hours: w.Hours})
	b, err := x.done()
	return b, nil, err
}

// FargateTasks sizes Fargate tasks like pods and follows the traffic hour by
// hour (jobs: billed per second while they run, one minute at least). It
// returns task-hours and the task size rounded to a valid Fargate combination.
func FargateTasks(w Work) (taskHours, vcpu, memGB float64) {
	conc := PodConcurrency(w)
	vcpu, memGB = FargateSize(ReplicaCPU(w, conc), w.C.MemoryMB/1024)
	if IsJob(w.C) {
		return w.C.RequestsPerMonth * math.Max(w.DurS, 60) / 3600 / float64(conc), vcpu, memGB
	}
	reps := ReplicaSchedule(w, conc, DefaultTargetUtilization)
	for _, r := range reps {
		taskHours += float64(r)
	}
	return taskHours * w.Hours / float64(len(reps)), vcpu, memGB
}

// FargateSize rounds a task to the smallest valid Fargate CPU/memory pair:
// 0.25 vCPU with 0.5–2 GB; 0.5 with 1–4; 1 with 2–8; 2 with 4–16; 4 with
// 8–30; 8 with 16–60 (4 GB steps); 16 with 32–120 (8 GB steps).
func FargateSize(cpu, memGB float64) (float64, float64) {
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
