package advisor

import (
	"slices"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func dbComponent(d *workload.Data) workload.Component {
	cpu := 2.0
	return workload.Component{Name: "db", Type: workload.TypeDatabase, Runtime: workload.RuntimeContainer,
		RequestsPerMonth: 60e6, DurationMS: 4, CPUMS: &cpu, MemoryMB: 4096, Stateful: true, StorageGB: 200,
		FrontDoor: workload.FrontDoorNone, Data: d}
}

// A database gets the managed services that speak its engine, priced line by
// line; an API gets none of them; a managed service wins against a single
// Fargate task once both keep backups, and says how it compares with
// running the database on a cluster.
func TestManagedOptionsForData(t *testing.T) {
	a, err := Analyze(oneComponent(dbComponent(nil)), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	relational := []string{workload.PlatformRDS, workload.PlatformAuroraProvisioned, workload.PlatformAuroraServerless, workload.PlatformCloudSQL, workload.PlatformAzurePostgres}
	for _, id := range workload.ManagedPlatforms {
		o := firstOption(t, a, id)
		wantFeasible := slices.Contains(relational, id) // the others speak no postgres
		if o.Feasible != wantFeasible || o.Kind != Managed {
			t.Errorf("%s: feasible %v kind %s, want %v managed (reasons %v)", id, o.Feasible, o.Kind, wantFeasible, o.Reasons)
		}
	}
	rds := firstOption(t, a, workload.PlatformRDS)
	// 4 GiB of working memory and 0.05 vCPU: db.t4g.medium, $0.065 × 730.
	if rds.LineItems[0].Name != "db.t4g.medium instance, Single-AZ" || rds.LineItems[0].Amount.StringFixed(2) != "47.45" {
		t.Errorf("RDS first line %+v, want db.t4g.medium for $47.45", rds.LineItems[0])
	}
	rec := a.Components[0].Recommendation
	if rec.Kind != Managed || !strings.Contains(strings.Join(rec.Reasons, " "), "managed against self-run") {
		t.Errorf("recommendation %+v, want a managed service weighed against self-run", rec)
	}
	fg := firstOption(t, a, workload.PlatformFargate)
	if !strings.Contains(strings.Join(fg.Reasons, " "), "data-loss risk") {
		t.Errorf("Fargate reasons %v lack the data-loss caveat", fg.Reasons)
	}

	api := oneComponent(workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 1e6})
	b, err := Analyze(api, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range b.Components[0].Options {
		if o.Kind == Managed {
			t.Errorf("an http-api got the managed option %s", o.Platform)
		}
	}
}

// High availability bills the standby like the primary: RDS's instance and
// storage lines double, and Aurora's ACU-hours double (a reader in another zone).
func TestManagedHighAvailabilityDoubles(t *testing.T) {
	one, err := Analyze(oneComponent(dbComponent(nil)), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	two, err := Analyze(oneComponent(dbComponent(&workload.Data{HighAvailability: true})), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{workload.PlatformRDS, workload.PlatformAuroraServerless} {
		a, b := firstOption(t, one, id).LineItems[0], firstOption(t, two, id).LineItems[0]
		if !b.Quantity.Equal(a.Quantity.Mul(decimalOf(2))) {
			t.Errorf("%s: HA quantity %s, want twice %s", id, b.Quantity, a.Quantity)
		}
	}
}

// A cache on Valkey is metered at Valkey's rates; a queue gets no database.
func TestManagedEngines(t *testing.T) {
	c := workload.Component{Name: "cache", Type: workload.TypeCache, RequestsPerMonth: 120e6, DurationMS: 1, MemoryMB: 2048,
		Stateful: true, FrontDoor: workload.FrontDoorNone, Data: &workload.Data{Engine: workload.EngineValkey}}
	a, err := Analyze(oneComponent(c), testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	ec := firstOption(t, a, workload.PlatformElastiCacheServerless)
	// 2 GB × 730 h × $0.084 = $122.64; 120 M ECPUs × $0.0023 a million = $0.28.
	if !ec.Feasible || ec.LineItems[0].Amount.StringFixed(2) != "122.64" || ec.LineItems[1].Amount.StringFixed(2) != "0.28" {
		t.Errorf("ElastiCache Serverless Valkey: %v %+v", ec.Feasible, ec.LineItems)
	}
	if o := firstOption(t, a, workload.PlatformRDS); o.Feasible {
		t.Error("RDS offered to a cache")
	}
}

// Each engine reaches the services that speak it, and only those, priced
// from the published unit prices: a queue of 10M 1 KB messages a month is
// 30M SQS requests ($12.00 at $0.40 a million), 10M Service Bus messages
// are 30M operations (13M included, 17M at $0.80 a million: $13.60 plus the
// $9.86 base), and on Pub/Sub 10M × 1,000 bytes published and delivered is
// 18.63 GiB, 8.63 beyond the free 10 ($0.34 at $40 a TiB).
func TestManagedServicesPerEngine(t *testing.T) {
	cat := testCatalog(t)
	speaks := map[string][]string{
		workload.EngineQueue:    {workload.PlatformSQS, workload.PlatformPubSub, workload.PlatformServiceBus},
		workload.EngineTopic:    {workload.PlatformSNS, workload.PlatformPubSub, workload.PlatformServiceBus},
		workload.EngineDocument: {workload.PlatformDynamoDB, workload.PlatformFirestore, workload.PlatformCosmosDB},
		workload.EngineRedis:    {workload.PlatformElastiCache, workload.PlatformElastiCacheServerless, workload.PlatformMemorystore, workload.PlatformAzureRedis},
	}
	types := map[string]workload.Type{workload.EngineQueue: workload.TypeQueue, workload.EngineTopic: workload.TypeQueue,
		workload.EngineDocument: workload.TypeDatabase, workload.EngineRedis: workload.TypeCache}
	for engine, want := range speaks {
		c := workload.Component{Name: "x", Type: types[engine], RequestsPerMonth: 10e6, DurationMS: 2, MemoryMB: 1024,
			StorageGB: 1, FrontDoor: workload.FrontDoorNone, Data: &workload.Data{Engine: engine}}
		a, err := Analyze(oneComponent(c), cat, Options{NoSimulation: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range workload.ManagedPlatforms {
			o := firstOption(t, a, id)
			if o.Feasible != slices.Contains(want, id) {
				t.Errorf("%s on %s: feasible %v, reasons %v", engine, id, o.Feasible, o.Reasons)
			}
		}
		if engine != workload.EngineQueue {
			continue
		}
		for id, line := range map[string]string{workload.PlatformSQS: "12.00", workload.PlatformServiceBus: "13.60", workload.PlatformPubSub: "0.34"} {
			o := firstOption(t, a, id)
			found := false
			for _, l := range o.LineItems {
				found = found || l.Amount.StringFixed(2) == line
			}
			if !found {
				t.Errorf("%s: no %s line in %+v", id, line, o.LineItems)
			}
		}
	}
}

// A self-run database with high availability and a read replica runs three
// copies, each with its own volume: on Fargate three tasks all month and
// three times the EBS storage; on a cluster three StatefulSet replicas and
// three persistent volumes. Backups are of one copy.
func TestSelfRunDataCopies(t *testing.T) {
	cat := testCatalog(t)
	one, err := Analyze(oneComponent(dbComponent(nil)), cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	three, err := Analyze(oneComponent(dbComponent(&workload.Data{HighAvailability: true, ReadReplicas: 1})), cat, Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	line := func(a *Analysis, id, prefix string) float64 {
		for _, l := range firstOption(t, a, id).LineItems {
			if strings.Contains(l.Name, prefix) {
				return l.Quantity.InexactFloat64()
			}
		}
		t.Fatalf("%s has no %q line", id, prefix)
		return 0
	}
	for _, c := range []struct{ id, line string }{
		{workload.PlatformFargate, "gp3 storage"}, {workload.PlatformFargate, "vCPU"},
	} {
		if a, b := line(one, c.id, c.line), line(three, c.id, c.line); b != 3*a {
			t.Errorf("%s %s: %g with three copies, want 3 × %g", c.id, c.line, b, a)
		}
	}
	for _, id := range []string{workload.PlatformFargate, workload.PlatformEKS} {
		if a, b := line(one, id, "snapshots"), line(three, id, "snapshots"); a != b {
			t.Errorf("%s: backups %g with three copies, want one copy's %g", id, b, a)
		}
	}
	// EKS: root volumes (20 GB a node) plus the persistent volumes, which
	// go from one to three of 200 GB.
	if a, b := line(one, workload.PlatformEKS, "gp3 storage"), line(three, workload.PlatformEKS, "gp3 storage"); b-a < 400-1e-9 {
		t.Errorf("EKS gp3 %g with three copies against %g with one, want 400 GB more at least", b, a)
	}
}

// The managed-data hybrid puts each data component on its cheapest managed
// service and needs no cluster when every GPU component runs elsewhere.
func TestManagedDataHybrid(t *testing.T) {
	api := workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 5e6, DurationMS: 50, MemoryMB: 512}
	s := &workload.Spec{Version: 1, Name: "t", Seed: 1, Components: []workload.Component{api, dbComponent(nil)}}
	s.ApplyDefaults()
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	var h *Architecture
	for k := range a.Architectures {
		if a.Architectures[k].Name == HybridServerlessManagedData {
			h = &a.Architectures[k]
		}
	}
	if h == nil || !h.Feasible {
		t.Fatalf("no feasible %s architecture: %+v", HybridServerlessManagedData, h)
	}
	if got, want := h.Placement[1].Platform, a.cheapestManaged(1); got != want || platform.Of(got).Kind != platform.Managed {
		t.Errorf("db on %s, want its cheapest managed service %s", got, want)
	}
	if !strings.Contains(strings.Join(h.Reasons, " "), "no cluster") {
		t.Errorf("reasons %v, want no cluster", h.Reasons)
	}
}
