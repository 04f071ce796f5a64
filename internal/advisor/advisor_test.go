package advisor

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newSpec(comps ...workload.Component) *workload.Spec {
	s := &workload.Spec{Version: 1, Name: "t", Components: comps}
	s.ApplyDefaults()
	s.Seed = 1
	return s
}

func api(name string, rpm float64) workload.Component {
	return workload.Component{Name: name, Type: workload.TypeHTTPAPI, Runtime: workload.RuntimeNodeJS,
		RequestsPerMonth: rpm, DurationMS: 100, MemoryMB: 512, MaxExecutionS: 10, FrontDoor: workload.FrontDoorNone}
}

func optionOf(t testing.TB, a *Analysis, comp, platform string) Option {
	t.Helper()
	for _, c := range a.Components {
		if c.Name != comp {
			continue
		}
		for _, o := range c.Options {
			if o.Platform == platform {
				return o
			}
		}
	}
	t.Fatalf("no option %s for %s", platform, comp)
	return Option{}
}

// Hard constraints from the platforms' documented limits.
func TestFeasibilityRules(t *testing.T) {
	t.Parallel()
	cat := testCatalog(t)
	batch := workload.Component{Name: "job", Type: workload.TypeBatchJob, Runtime: workload.RuntimePython,
		RequestsPerMonth: 30, DurationMS: 1800000, MemoryMB: 2048, MaxExecutionS: 1800}
	gpu := api("model", 1e6)
	gpu.Type, gpu.GPU, gpu.MemoryMB = workload.TypeMLInference, 1, 8192
	db := api("db", 1e6)
	db.Type, db.Stateful, db.StorageGB = workload.TypeDatabase, true, 50
	ws := api("ws", 1e6)
	ws.LongLivedConnections = true
	java := api("java", 1e6)
	java.Runtime = workload.RuntimeJava
	fed := api("gov", 1e6)
	fed.Compliance = []string{"fedramp"}
	cases := []struct {
		name     string
		comp     workload.Component
		platform string
		feasible bool
		reason   string // a fragment the reason must contain
	}{
		// Lambda: 900 s timeout (docs: configuration-timeout).
		{"lambda refuses a 30-minute job", batch, workload.PlatformLambda, false, "exceeds AWS Lambda's limit of 15 min"},
		// Cloud Run requests may last 60 minutes.
		{"cloud run runs a 30-minute job", batch, workload.PlatformCloudRun, true, ""},
		{"kubernetes runs a 30-minute job", batch, workload.PlatformEKS, true, ""},
		{"lambda has no GPUs", gpu, workload.PlatformLambda, false, "offers none"},
		{"cloud run offers an L4 GPU", gpu, workload.PlatformCloudRun, true, ""},
		{"eks schedules GPU pods on GPU nodes", gpu, workload.PlatformEKS, true, ""},
		{"functions cannot hold state", db, workload.PlatformCloudFunc, false, "persistent state"},
		{"a stateful set on gke", db, workload.PlatformGKE, true, ""},
		// Workers: 128 MB per isolate.
		{"workers memory limit", api("big", 1e6), workload.PlatformWorkers, false, "at most 128 MB"},
		{"vercel cannot be a websocket server", ws, workload.PlatformVercel, false, "long-lived connections"},
		{"workers hold websockets", func() workload.Component { c := ws; c.MemoryMB = 128; return c }(), workload.PlatformWorkers, true, ""},
		{"no java on workers", func() workload.Component { c := java; c.MemoryMB = 128; return c }(), workload.PlatformWorkers, false, "runtime java is not supported"},
		{"fedramp on lambda", fed, workload.PlatformLambda, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			why := feasibility(cat, tc.comp, tc.platform)
			if got := len(why) == 0; got != tc.feasible {
				t.Fatalf("feasible = %v, want %v (reasons: %v)", got, tc.feasible, why)
			}
			if tc.reason != "" && !strings.Contains(reasonTexts(why)[0], tc.reason) {
				t.Errorf("reason %q does not mention %q", reasonTexts(why)[0], tc.reason)
			}
			for _, r := range why {
				if r.Source == "" && !strings.Contains(r.Text, "attestation") {
					t.Errorf("reason %q cites no source", r.Text)
				}
			}
		})
	}
}

// Constant load sized by hand: 100 req/s × 100 ms = 10 requests in flight;
// 50 ms CPU each is half a core per request, so a replica of at most one
// vCPU serves 2; at 70 % target utilisation that is ceil(10 / 1.4) = 8
// replicas of 1 vCPU. A 2-vCPU node allocates 2 − 0.07 (kube-reserved) −
// 0.825 (kube-proxy, aws-node, log and metrics agents) = 1.105 vCPU, so one
// replica per node: 8 nodes all month. Between t3.medium and m6i.large
// (kubernetes.node_types), t3.medium wins even with its surplus credits:
// the pods use 100 × 0.05 = 5 vCPU against a baseline of 8 × 2 × 20 % =
// 3.2 vCPU, so 1.8 vCPU × 730 h = 1,314 vCPU-hours at $0.05 = $65.70 on top
// of 5,840 × $0.0416 = $242.94 ($308.64), against 5,840 × $0.096 = $560.64.
func TestKubernetesSizingByHand(t *testing.T) {
	t.Parallel()
	c := api("api", 100*3600*730)
	cpu := 50.0
	c.CPUMS = &cpu
	s := newSpec(c)
	s.Platforms = []string{workload.PlatformEKS, workload.PlatformLambda}
	s.Kubernetes.NodeTypes = []string{"t3.medium", "m6i.large"}
	// The hour-by-hour estimate (the simulator's figures are tested below).
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Clusters) != 1 {
		t.Fatalf("want one cluster, got %d", len(a.Clusters))
	}
	cl := a.Clusters[0]
	if cl.NodeType != "t3.medium" || math.Abs(cl.NodeHours-8*730) > 1e-6 || cl.MaxNodes != 8 {
		t.Errorf("cluster = %d × %s, %.1f node-hours; want 8 × t3.medium, 5840 node-hours", cl.MaxNodes, cl.NodeType, cl.NodeHours)
	}
	want := map[string]string{"t3.medium on-demand (Linux)": "242.94", "t3.medium surplus CPU credits (unlimited mode)": "65.70"}
	for _, li := range cl.LineItems {
		if w, ok := want[li.Name]; ok {
			if !li.Amount.Equal(decimal.RequireFromString(w)) {
				t.Errorf("%s = %s, want %s", li.Name, li.Amount, w)
			}
			delete(want, li.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing line items %v", want)
	}
	if ch := cl.NodeChoice; ch == nil || ch.RunnerUp != "m6i.large" || !ch.MonthlyUSD.Equal(decimal.RequireFromString("308.64")) ||
		ch.RunnerUpUSD == nil || !ch.RunnerUpUSD.Equal(decimal.RequireFromString("560.64")) {
		t.Errorf("node choice = %+v, want t3.medium at $308.64 against m6i.large at $560.64", ch)
	}
}

// Every bill's total is the sum of its rounded lines; the recommended
// architecture is never dearer than all-serverless or all-kubernetes; the
// same spec and seed give byte-identical JSON.
func TestAnalysisInvariants(t *testing.T) {
	t.Parallel()
	batch := workload.Component{Name: "job", Type: workload.TypeBatchJob, Runtime: workload.RuntimePython,
		RequestsPerMonth: 30, DurationMS: 1800000, MemoryMB: 2048, MaxExecutionS: 1800}
	heavy := api("heavy", 800e6)
	heavy.Traffic = workload.Traffic{Shape: "diurnal", PeakToMean: 2}
	s := newSpec(api("light", 2e6), heavy, batch)
	s.Team.PlatformEngineers = 3
	cat := testCatalog(t)
	a, err := Analyze(s, cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range a.Components {
		for _, o := range c.Options {
			if !o.Feasible {
				if o.MonthlyUSD != nil {
					t.Errorf("%s/%s: infeasible option has a cost", c.Name, o.Platform)
				}
				continue
			}
			sum := decimal.Zero
			for _, li := range o.LineItems {
				sum = sum.Add(li.Amount)
				if !li.Amount.Equal(li.Amount.Round(2)) {
					t.Errorf("%s/%s: line %q amount %s is not whole cents", c.Name, o.Platform, li.Name, li.Amount)
				}
			}
			if !sum.Equal(*o.MonthlyUSD) {
				t.Errorf("%s/%s: lines sum to %s, total is %s", c.Name, o.Platform, sum, o.MonthlyUSD)
			}
		}
	}
	var rec, other []decimal.Decimal
	for _, arch := range a.Architectures {
		if !arch.Feasible {
			continue
		}
		// The recommendation stays on one cloud: it is the cheapest of the
		// single-cloud placements (a multi-cloud one may be cheaper).
		if arch.Name == "recommended" {
			rec = append(rec, *arch.MonthlyUSD)
		} else if strings.HasPrefix(arch.Name, "recommended-on-") {
			other = append(other, *arch.MonthlyUSD)
		}
	}
	if len(rec) != 1 {
		t.Fatal("no feasible recommended architecture")
	}
	for _, o := range other {
		if rec[0].GreaterThan(o) {
			t.Errorf("recommended %s is dearer than another architecture at %s", rec[0], o)
		}
	}
	j1, _ := json.Marshal(a)
	b, err := Analyze(s, cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	j2, _ := json.Marshal(b)
	if string(j1) != string(j2) {
		t.Error("two runs with the same seed gave different JSON")
	}
}

// A cluster's fixed costs are counted once: two components that are each
// cheaper serverless on their own can be cheaper together on one cluster,
// and the exact search must find that.
func TestPlacementSharesFixedCosts(t *testing.T) {
	t.Parallel()
	cat := testCatalog(t)
	zero := 0.0
	mk := func(names ...string) *workload.Spec {
		var cs []workload.Component
		for _, n := range names {
			c := api(n, 150e6)
			c.FrontDoor = workload.FrontDoorAPIGatewayREST
			cs = append(cs, c)
		}
		s := newSpec(cs...)
		s.Team.ClusterEngineers = &zero
		s.Platforms = []string{workload.PlatformLambda, workload.PlatformEKS}
		return s
	}
	a, err := Analyze(mk("a", "b", "c"), cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	var rec Architecture
	for _, arch := range a.Architectures {
		if arch.Name == "recommended" {
			rec = arch
		}
	}
	// Brute force over every assignment (each component on Lambda or EKS).
	best := math.Inf(1)
	for mask := 0; mask < 8; mask++ {
		total := 0.0
		var set []int
		for i := range 3 {
			if mask&(1<<i) != 0 {
				set = append(set, i)
			} else {
				total += optionOf(t, a, a.Components[i].Name, workload.PlatformLambda).MonthlyUSD.InexactFloat64()
			}
		}
		if len(set) > 0 {
			e := env{cat: cat, spec: mk("a", "b", "c")}
			m, _ := newClusterModel(e, workload.PlatformEKS)
			for _, i := range set {
				c := e.spec.Components[i]
				m.add(i, platform.NewWork(c, 730, mustShape(t, c), false))
			}
			r, err := m.size(set)
			if err != nil {
				t.Fatal(err)
			}
			total += r.Bill.Total.InexactFloat64()
		}
		best = math.Min(best, total)
	}
	if got := rec.MonthlyUSD.InexactFloat64(); math.Abs(got-best) > 0.01 {
		t.Errorf("recommended = %.2f, brute force best = %.2f", got, best)
	}
}

func mustShape(t testing.TB, c workload.Component) traffic.Shape {
	t.Helper()
	s, err := traffic.FromSpec(c.Traffic, 1)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The spec's own rules make options infeasible, with the rule's reason,
// including rules over an option's cost.
func TestUserRules(t *testing.T) {
	t.Parallel()
	s := newSpec(api("api", 5e6))
	s.Rules = []workload.Rule{
		{Name: "no-google", Forbid: `option.platform in ["gcp-cloud-run", "gcp-cloud-functions", "gke"]`, Reason: "no GCP account"},
		{Name: "budget", Forbid: `option.kind == "kubernetes" && option.monthly_usd > 1000`},
	}
	a, err := Analyze(s, testCatalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{workload.PlatformCloudRun, workload.PlatformCloudFunc, workload.PlatformGKE} {
		o := optionOf(t, a, "api", p)
		if o.Feasible || len(o.Reasons) == 0 || !strings.Contains(o.Reasons[0], "no-google: no GCP account") {
			t.Errorf("%s: feasible=%v reasons=%v, want forbidden by no-google", p, o.Feasible, o.Reasons)
		}
	}
	// A first cluster with its engineer costs far more than $1,000 a month.
	if o := optionOf(t, a, "api", workload.PlatformEKS); o.Feasible || !strings.Contains(strings.Join(o.Reasons, " "), "budget") {
		t.Errorf("eks: feasible=%v reasons=%v, want forbidden by budget", o.Feasible, o.Reasons)
	}
	if o := optionOf(t, a, "api", workload.PlatformLambda); !o.Feasible {
		t.Errorf("lambda should stay feasible: %v", o.Reasons)
	}
	for _, c := range a.Clusters {
		if c.Platform == workload.PlatformEKS || c.Platform == workload.PlatformGKE {
			t.Errorf("a forbidden platform still has a shared cluster: %s", c.Platform)
		}
	}
}

// A plan's subscription is paid once per account, however many components
// run on the platform; the largest usage credit is kept once.
func TestAccountFeesCountedOnce(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	opt := func(platform string, lines ...pricing.LineItem) *Option {
		total := decimal.Zero
		for _, li := range lines {
			total = total.Add(li.Amount)
		}
		return &Option{Platform: platform, MonthlyUSD: &total, LineItems: lines}
	}
	fee := pricing.LineItem{Name: "Workers Paid subscription", Amount: d("5"), Scope: pricing.ScopeAccount}
	use := func(a string) pricing.LineItem { return pricing.LineItem{Name: "requests", Amount: d(a)} }
	got := sumOptions([]*Option{
		opt(workload.PlatformWorkers, fee, use("1.50")),
		opt(workload.PlatformWorkers, fee, use("2.25")),
		opt(workload.PlatformLambda, use("3.00")),
	})
	// 5 + 1.50 + 2.25 + 3.00: one subscription, not two.
	if !got.Equal(d("11.75")) {
		t.Errorf("total = %s, want 11.75", got)
	}
	credit := func(a string) pricing.LineItem {
		return pricing.LineItem{Name: "monthly usage credit", Amount: d(a), Scope: pricing.ScopeAccount}
	}
	vfee := pricing.LineItem{Name: "Pro plan fee (one seat)", Amount: d("20"), Scope: pricing.ScopeAccount}
	got = sumOptions([]*Option{
		opt(workload.PlatformVercel, vfee, use("4"), credit("-4")),
		opt(workload.PlatformVercel, vfee, use("9"), credit("-9")),
	})
	// One fee, one credit (the larger): 20 + 4 + 9 − 9 = 24.
	if !got.Equal(d("24")) {
		t.Errorf("vercel total = %s, want 24", got)
	}
}

// With simulation on, every cluster in the report is priced from the
// Kubernetes simulator's node-hours (the general pool never below its three
// nodes), and every serverless option carries its simulated month.
func TestSimulatedClustersPriceTheReport(t *testing.T) {
	t.Parallel()
	c := api("api", 50e6)
	c.LatencySLOP99MS = 500
	s := newSpec(c)
	s.Platforms = []string{workload.PlatformEKS, workload.PlatformLambda}
	a, err := Analyze(s, testCatalog(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cl := range a.Clusters {
		sim := cl.Simulation
		if sim == nil {
			t.Fatalf("%s cluster was not simulated", cl.Platform)
		}
		hours := sim.NodeHours[cl.NodeType]
		if hours < 3*730-1e-6 {
			t.Errorf("simulated %s node-hours %.1f below three nodes all month", cl.NodeType, hours)
		}
		found := false
		for _, li := range cl.LineItems {
			if strings.Contains(li.Name, cl.NodeType) {
				found = true
				if q := li.Quantity.InexactFloat64(); math.Abs(q-hours) > 1e-6 {
					t.Errorf("node line quantity %.3f, simulated node-hours %.3f", q, hours)
				}
			}
		}
		if !found {
			t.Errorf("no %s line in the cluster bill", cl.NodeType)
		}
		if cl.EstimatedUSD == nil {
			t.Error("the estimate the simulation replaced is not reported")
		}
	}
	if o := optionOf(t, a, "api", workload.PlatformLambda); o.Simulation == nil || o.Simulation.SLOMet == nil {
		t.Errorf("lambda option has no simulated month with an SLO verdict: %+v", o.Simulation)
	}
	if o := optionOf(t, a, "api", workload.PlatformEKS); o.Cluster == nil || o.Cluster.P99MS <= 0 {
		t.Errorf("eks option has no simulated latency: %+v", o.Cluster)
	}
}

// With environments listed, the dev/staging pattern prices production on a
// cluster and each environment serverless at its share of the traffic.
func TestEnvironmentsHybrid(t *testing.T) {
	t.Parallel()
	s := newSpec(api("api", 40e6))
	s.Environments = []workload.Environment{{Name: "staging", TrafficScale: 0.1}}
	s.Platforms = []string{workload.PlatformLambda, workload.PlatformEKS}
	cat := testCatalog(t)
	a, err := Analyze(s, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	var kube, hyb *Architecture
	for k := range a.Architectures {
		switch a.Architectures[k].Name {
		case "all-kubernetes":
			kube = &a.Architectures[k]
		case HybridServerlessDevClusterProd:
			hyb = &a.Architectures[k]
		}
	}
	if hyb == nil || !hyb.Feasible {
		t.Fatalf("no feasible %s architecture: %+v", HybridServerlessDevClusterProd, hyb)
	}
	// Staging alone, all serverless, at a tenth of the volume.
	st := newSpec(api("api", 4e6))
	st.Platforms = s.Platforms
	sa, err := Analyze(st, cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	want := kube.MonthlyUSD.Add(*sa.Architectures[0].MonthlyUSD)
	if !hyb.MonthlyUSD.Equal(want) {
		t.Errorf("%s = %s, want production on EKS %s + staging serverless %s = %s", hyb.Name, hyb.MonthlyUSD, kube.MonthlyUSD, sa.Architectures[0].MonthlyUSD, want)
	}
	if !strings.Contains(strings.Join(hyb.Reasons, " "), "staging at 10% of production's traffic") {
		t.Errorf("reasons do not explain staging: %v", hyb.Reasons)
	}
}

// The article says compliance favours Kubernetes; where a serverless option
// is attested for the programme, the recommendation says compliance does not
// force a cluster.
func TestComplianceReason(t *testing.T) {
	t.Parallel()
	c := api("phi", 2e6)
	c.Compliance = []string{"hipaa"}
	a, err := Analyze(newSpec(c), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(a.Components[0].Recommendation.Reasons, " ")
	if !strings.Contains(got, "aws-lambda") || !strings.Contains(got, "compliance alone does not force Kubernetes") {
		t.Errorf("recommendation reasons = %q", got)
	}
}
