package advisor

import (
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// callSpec is an API on Lambda calling a database on db (a managed service
// id): 10M requests × 3 calls, 2 KB out and 8 KB back per call, so 60 GB of
// requests and 240 GB of responses a month.
func callSpec(db string) *workload.Spec {
	s := &workload.Spec{Version: 1, Name: "calls", Seed: 1, Platforms: []string{workload.PlatformLambda, db},
		Components: []workload.Component{
			{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 10e6,
				Calls: []workload.Call{{To: "db", PerRequest: 3, RequestKB: 2, ResponseKB: 8}}},
			{Name: "db", Type: workload.TypeDatabase, Stateful: true, StorageGB: 20},
		}}
	s.ApplyDefaults()
	return s
}

func recommendedOf(t *testing.T, a *Analysis) *Architecture {
	t.Helper()
	for k := range a.Architectures {
		if a.Architectures[k].Name == "recommended" {
			return &a.Architectures[k]
		}
	}
	t.Fatal("no recommended architecture")
	return nil
}

// TestCallsCrossCloudEgress: an API that calls a database on another cloud
// pays each sending side's internet egress (AWS $0.09/GB for the requests,
// Google Cloud $0.12/GiB for the responses), itemised on the architecture's
// bill; with both on AWS the egress lines disappear and only the cross-zone
// share remains ($0.01/GB each way on 2/3 of 300 GB: $4).
func TestCallsCrossCloudEgress(t *testing.T) {
	cat := testCatalog(t)
	a, err := Analyze(callSpec(workload.PlatformCloudSQL), cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Components[1].RequestsPerMonth; got != 30e6 {
		t.Errorf("db load %v, want 30M derived from api's calls", got)
	}
	rec := recommendedOf(t, a)
	lines := map[string]string{}
	for _, li := range rec.CallLineItems {
		lines[li.Name] = li.Amount.StringFixed(2)
	}
	// 60 GB × $0.09 = $5.40; 240 GB = 223.517 GiB × $0.12 = $26.82.
	want := map[string]string{"calls api→db: cross-cloud egress (aws→gcp)": "5.40", "calls api→db: cross-cloud egress (gcp→aws)": "26.82"}
	for name, amt := range want {
		if lines[name] != amt {
			t.Errorf("line %q = %q, want %s (lines %v)", name, lines[name], amt, lines)
		}
	}
	if rec.CallsUSD == nil || rec.CallsUSD.StringFixed(2) != "32.22" {
		t.Errorf("calls total %v, want 32.22", rec.CallsUSD)
	}
	sum := a.Components[0].Recommendation.MonthlyUSD.Add(a.Components[1].Recommendation.MonthlyUSD).Add(*rec.CallsUSD)
	if !rec.MonthlyUSD.Equal(sum) {
		t.Errorf("recommended %s, want the components' %s with the calls included", rec.MonthlyUSD, sum)
	}

	b, err := Analyze(callSpec(workload.PlatformRDS), cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	rec = recommendedOf(t, b)
	for _, li := range rec.CallLineItems {
		if strings.Contains(li.Name, "egress") {
			t.Errorf("one cloud, yet line %q", li.Name)
		}
	}
	if rec.CallsUSD == nil || rec.CallsUSD.StringFixed(2) != "4.00" || len(rec.CallLineItems) != 2 {
		t.Errorf("one cloud: calls %v in %d lines, want $4.00 of cross-zone transfer in 2", rec.CallsUSD, len(rec.CallLineItems))
	}
}

// TestCallsSteerPlacement: with every platform allowed, chatty calls keep
// a caller on its callee's cloud when another cloud saves less than the
// traffic would cost.
func TestCallsSteerPlacement(t *testing.T) {
	s := callSpec(workload.PlatformRDS)
	s.Platforms = nil
	s.Components[0].Calls[0].ResponseKB = 500 // 15 TB of responses a month
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := recommendedOf(t, a)
	for _, li := range rec.CallLineItems {
		if strings.Contains(li.Name, "cross-cloud") {
			t.Errorf("recommended placement %v pays %q", rec.Placement, li.Name)
		}
	}
	for _, arch := range a.Architectures {
		if arch.Name == "multi-cloud" {
			t.Errorf("a multi-cloud architecture %v is offered against 15 TB a month of calls", arch.Placement)
		}
	}
}

// TestImproveForCalls: a caller whose cheapest option is on another cloud
// than its callee moves next to it when the egress costs more than the
// option saves, and stays when it does not.
func TestImproveForCalls(t *testing.T) {
	usd := func(f float64) *decimal.Decimal { d := decimal.NewFromFloat(f); return &d }
	comps := func() []ComponentResult {
		return []ComponentResult{
			{Name: "api", Options: []Option{
				{Platform: workload.PlatformLambda, Kind: Serverless, Feasible: true, MonthlyUSD: usd(100)},
				{Platform: workload.PlatformCloudRun, Kind: Serverless, Feasible: true, MonthlyUSD: usd(99)}}},
			{Name: "db", Options: []Option{{Platform: workload.PlatformRDS, Kind: Managed, Feasible: true, MonthlyUSD: usd(50)}}},
		}
	}
	m := &callModel{zone: map[string]float64{"aws": 0.02, "gcp": 0.01073741824},
		egress: map[string]float64{"aws": 0.09, "gcp": 0.1117587}, nat: map[string]float64{}}
	for _, tt := range []struct {
		gb   float64
		want string
	}{{100, workload.PlatformLambda}, {1, workload.PlatformCloudRun}} {
		m.edges = []callFlow{{from: 0, to: 1, name: "api→db", reqGB: tt.gb, respGB: tt.gb}}
		a := &Analysis{Components: comps(), calls: m}
		best, plat := []float64{99, 50}, []string{workload.PlatformCloudRun, workload.PlatformRDS}
		a.improveForCalls(best, plat, func(*Option) bool { return true })
		if plat[0] != tt.want {
			t.Errorf("%v GB each way: api on %s, want %s", tt.gb, plat[0], tt.want)
		}
		// 100 GB each way: Lambda $100 + 2/3 × 200 GB × $0.02 against Cloud
		// Run $99 + 100 GB × $0.09 + 100 GB × $0.1118.
		if got := a.calls.cost(plat); tt.gb == 100 && math.Abs(got-200*CrossZoneShare*0.02) > 1e-9 {
			t.Errorf("calls cost %v after the move, want %v", got, 200*CrossZoneShare*0.02)
		}
	}
}

// TestCallsThroughNAT: a caller on a cluster reaches another cloud through
// its VPC's NAT gateway, which processes both directions ($0.045/GB on
// AWS, aws.amazon.com/vpc/pricing): 300 GB, $13.50.
func TestCallsThroughNAT(t *testing.T) {
	s := callSpec(workload.PlatformCloudSQL)
	s.Platforms[0] = workload.PlatformEKS
	s.Rules = []workload.Rule{{Name: "db-on-gcp", Forbid: `component.type == "database" && option.platform == "eks"`}}
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := recommendedOf(t, a)
	found := false
	for _, li := range rec.CallLineItems {
		if strings.HasPrefix(li.Name, "calls api→db: NAT processing (aws)") {
			found = li.Amount.StringFixed(2) == "13.50"
		}
	}
	if !found {
		t.Errorf("no $13.50 NAT line among %+v (placement %v)", rec.CallLineItems, rec.Placement)
	}
}
