package advisor

import (
	"slices"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func oneComponent(c workload.Component) *workload.Spec {
	s := &workload.Spec{Version: 1, Name: "t", Seed: 1, Components: []workload.Component{c}}
	s.ApplyDefaults()
	return s
}

func firstOption(t *testing.T, a *Analysis, id string) *Option {
	t.Helper()
	o := a.Components[0].option(id)
	if o == nil {
		t.Fatalf("no %s option", id)
	}
	return o
}

// TestPlatformsMatchWorkload: the platform model lists every platform id a
// spec may name, in the same order.
func TestPlatformsMatchWorkload(t *testing.T) {
	if got := platform.IDs(); !slices.Equal(got, workload.Platforms) {
		t.Fatalf("platform.IDs() = %v, want %v", got, workload.Platforms)
	}
	for _, id := range platform.IDs() {
		info := platform.Of(id)
		if _, ok := platform.Clouds[info.Cloud]; !ok || info.Name == "" || info.Source == "" {
			t.Errorf("%s: incomplete info %+v", id, info)
		}
	}
}

// TestInstanceCapRaisedOrInfeasible: a steady Go API at 30 billion requests
// a month (40 ms, 512 MB) needs ~460 Cloud Run instances at 1 vCPU: above
// the default 100, so the option is priced with max instances raised and
// says so; Azure Functions' Consumption cap of 200 is left for Flex; a cap
// no raise reaches makes the option infeasible.
func TestInstanceCapRaisedOrInfeasible(t *testing.T) {
	c := workload.Component{Name: "api", Type: workload.TypeHTTPAPI, Runtime: workload.RuntimeGo,
		RequestsPerMonth: 30e9, DurationMS: 40, MemoryMB: 512, Concurrency: 1}
	s := oneComponent(c)
	s.Platforms = []string{workload.PlatformCloudRun, workload.PlatformAzureFunc, workload.PlatformVercel}
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	// 11,416 req/s × 40 ms = 457 in flight, one per instance.
	cr := firstOption(t, a, workload.PlatformCloudRun)
	if !cr.Feasible || !strings.Contains(strings.Join(cr.Reasons, " "), "max instances raised to") {
		t.Errorf("Cloud Run: feasible %v, reasons %v; want priced with the cap raised", cr.Feasible, cr.Reasons)
	}
	az := firstOption(t, a, workload.PlatformAzureFunc)
	if !az.Feasible || !strings.Contains(strings.Join(az.Reasons, " "), "Flex Consumption") {
		t.Errorf("Azure Functions: feasible %v, reasons %v; want Flex for more than 200 instances", az.Feasible, az.Reasons)
	}
	// 100 × the load needs ~46,000 instances: above Azure Flex's 1,000 and
	// Vercel's 30,000.
	s.Components[0].RequestsPerMonth = 3e12
	a, err = Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{workload.PlatformAzureFunc, workload.PlatformVercel} {
		if o := firstOption(t, a, id); o.Feasible || !strings.Contains(o.Reasons[0], "allows at most") {
			t.Errorf("%s at 3e12 requests: feasible %v, reasons %v; want infeasible at its ceiling", id, o.Feasible, o.Reasons)
		}
	}
}

// TestGPUCloudRunBillsLifetime: a GPU service on Cloud Run is billed for its
// instances' simulated lifetime (the simulator's instance-seconds), not for
// busy time: the GPU-seconds line equals the simulated instance lifetime.
func TestGPUCloudRunBillsLifetime(t *testing.T) {
	c := workload.Component{Name: "model", Type: workload.TypeMLInference, Runtime: workload.RuntimePython,
		RequestsPerMonth: 6e6, DurationMS: 45, MemoryMB: 12288, GPU: 1}
	s := oneComponent(c)
	s.Platforms = []string{workload.PlatformCloudRun}
	a, err := Analyze(s, testCatalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	o := firstOption(t, a, workload.PlatformCloudRun)
	if !o.Feasible || o.Simulation == nil {
		t.Fatalf("want a simulated feasible option, got %+v", o)
	}
	var gpuSeconds float64
	for _, li := range o.LineItems {
		if strings.Contains(li.Name, "GPU") {
			gpuSeconds = li.Quantity.InexactFloat64()
		}
	}
	busy := 6e6 * 0.045 // request-seconds: what busy-time billing would charge at most
	life := o.Simulation.MeanInstances * 730 * 3600
	if gpuSeconds < 3*busy || gpuSeconds < 0.95*life || gpuSeconds > 1.05*life {
		t.Errorf("GPU-seconds %.0f; want the simulated lifetime %.0f (busy time is only %.0f)", gpuSeconds, life, busy)
	}
}

// TestLogsAndEgressOnEveryCloud: every feasible option carries a log line
// and an egress line from its own cloud, and a priced egress line where the
// cloud charges for egress.
func TestLogsAndEgressOnEveryCloud(t *testing.T) {
	c := workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 1e9, DurationMS: 50, MemoryMB: 128, ResponseKB: 20}
	a, err := Analyze(oneComponent(c), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range a.Components[0].Options {
		if !o.Feasible {
			continue
		}
		var logs, egress bool
		var egressUSD float64
		for _, li := range o.LineItems {
			logs = logs || strings.HasPrefix(li.Name, "logs: ")
			if strings.HasPrefix(li.Name, "egress: ") {
				egress = true
				egressUSD += li.Amount.InexactFloat64()
			}
		}
		if !logs || !egress {
			t.Errorf("%s: logs %v, egress %v; want both", o.Platform, logs, egress)
		}
		// 20 TB of responses: every cloud but Cloudflare charges for it.
		if o.Platform != workload.PlatformWorkers && egressUSD <= 0 {
			t.Errorf("%s: egress of 20 TB costs %v", o.Platform, egressUSD)
		}
	}
}

// TestEdgeNeverSingleRegion: `edge: true` is a requirement; only platforms
// that serve from many locations stay feasible.
func TestEdgeNeverSingleRegion(t *testing.T) {
	c := workload.Component{Name: "web", Type: workload.TypeFrontend, RequestsPerMonth: 15e6, DurationMS: 20, MemoryMB: 128, Edge: true}
	a, err := Analyze(oneComponent(c), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range a.Components[0].Options {
		if o.Feasible != platform.Of(o.Platform).Edge {
			t.Errorf("%s: feasible %v, edge platform %v", o.Platform, o.Feasible, platform.Of(o.Platform).Edge)
		}
	}
	if got := a.Components[0].Recommendation.Platform; !platform.Of(got).Edge {
		t.Errorf("recommended %s, a single-region platform", got)
	}
}

// TestOperationsSameEverywhere: the operations time per component is the
// same line on every platform, so it never decides between them; zero
// removes it everywhere.
func TestOperationsSameEverywhere(t *testing.T) {
	c := workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 1e6, DurationMS: 50, MemoryMB: 256}
	for _, hours := range []float64{2, 0} {
		s := oneComponent(c)
		s.Team.OpsHoursPerComponent = &hours
		a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range a.Components[0].Options {
			if !o.Feasible {
				continue
			}
			found := 0.0
			for _, li := range o.LineItems {
				if li.Name == "operations (engineer time)" {
					found = li.Quantity.InexactFloat64()
				}
			}
			if found != hours {
				t.Errorf("ops %g h: %s carries %g engineer-hours", hours, o.Platform, found)
			}
		}
	}
}

// TestRecommendedSingleCloud: the recommendation stays on one cloud; a
// spec's cloud: names it.
func TestRecommendedSingleCloud(t *testing.T) {
	for _, cloud := range []string{"", "gcp", "azure"} {
		s := oneComponent(workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 5e6, DurationMS: 50, MemoryMB: 256})
		s.Components = append(s.Components, workload.Component{Name: "jobs", Type: workload.TypeEventProcessor, RequestsPerMonth: 2e6, DurationMS: 300, MemoryMB: 512})
		s.ApplyDefaults()
		s.Cloud = cloud
		a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, arch := range a.Architectures {
			if arch.Name != "recommended" {
				continue
			}
			clouds := placementClouds(arch.Placement)
			if len(clouds) != 1 || (cloud != "" && clouds[0] != cloud) {
				t.Errorf("cloud %q: recommended spans %v", cloud, clouds)
			}
		}
	}
}

// TestRecommendedAgreesWithItsCloud: the recommendation is one of the
// single-cloud placements, and the two rows show the same figure (the
// recommendation's cluster is simulated; its single-cloud twin must not
// keep the estimate it was compared by).
func TestRecommendedAgreesWithItsCloud(t *testing.T) {
	a, err := Analyze(systemSpec(t), testCatalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var rec *Architecture
	for i := range a.Architectures {
		if a.Architectures[i].Name == "recommended" {
			rec = &a.Architectures[i]
		}
	}
	if rec == nil || !rec.Feasible {
		t.Fatal("no feasible recommendation")
	}
	twins := 0
	for _, arch := range a.Architectures {
		if strings.HasPrefix(arch.Name, "recommended-on-") && slices.Equal(arch.Placement, rec.Placement) {
			twins++
			if !arch.MonthlyUSD.Equal(*rec.MonthlyUSD) {
				t.Errorf("%s is the recommended placement at %s, the recommendation says %s", arch.Name, arch.MonthlyUSD, rec.MonthlyUSD)
			}
		}
	}
	if twins != 1 {
		t.Errorf("%d single-cloud architectures have the recommended placement, want 1", twins)
	}
}
