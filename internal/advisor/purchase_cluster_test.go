package advisor

import (
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// A cluster's purchase option replaces its on-demand node line: an EC2
// Instance Savings Plan on a steady pool commits every node (the floor is
// the whole pool) at 0.63 of the on-demand rate; spot keeps 20 % of the
// node-hours on demand and buys the rest, plus a 5 % interruption headroom,
// at 0.35 of it. The cluster reports the on-demand figure beside its bill.
func TestClusterPurchaseOptions(t *testing.T) {
	cat := testCatalog(t)
	cpu := 50.0
	c := workload.Component{Name: "api", Type: workload.TypeHTTPAPI, RequestsPerMonth: 100 * 3600 * 730, DurationMS: 100, CPUMS: &cpu,
		MemoryMB: 512, Traffic: workload.Traffic{Shape: workload.ShapeConstant}}
	run := func(purchase string) *ClusterResult {
		s := newSpec(c)
		s.Platforms = []string{workload.PlatformEKS}
		s.Kubernetes.NodeTypes = []string{"m6i.large"}
		if purchase != "" {
			s.Purchase = map[string]string{workload.PlatformEKS: purchase}
		}
		a, err := Analyze(s, cat, Options{NoSimulation: true})
		if err != nil {
			t.Fatal(err)
		}
		cl := clusterOf(t, a, workload.PlatformEKS)
		return &cl
	}
	nodeLine := func(cl *ClusterResult, part string) float64 {
		f := 0.0
		for _, l := range cl.LineItems {
			if strings.Contains(l.Name, "m6i.large") && strings.Contains(l.Name, part) {
				f += l.Amount.InexactFloat64()
			}
		}
		return f
	}
	od := run("")
	nodes := nodeLine(od, "on-demand")
	if nodes <= 0 || od.OnDemandUSD != nil || od.Purchase != "" {
		t.Fatalf("on-demand cluster: node line $%.2f, on-demand figure %v, purchase %q", nodes, od.OnDemandUSD, od.Purchase)
	}
	sp := run(workload.PurchaseEC2SP1y)
	if got, want := nodeLine(sp, "committed"), 0.63*nodes; got < want-0.02 || got > want+0.02 {
		t.Errorf("savings plan: committed line $%.2f, want 0.63 × $%.2f", got, nodes)
	}
	if sp.OnDemandUSD == nil || !sp.OnDemandUSD.Equal(od.MonthlyUSD) || sp.Purchase != workload.PurchaseEC2SP1y {
		t.Errorf("savings plan: on-demand figure %v, want the on-demand cluster's %s", sp.OnDemandUSD, od.MonthlyUSD)
	}
	spot := run(workload.PurchaseSpot)
	want := 0.8*nodes*0.35*1.05 + 0.2*nodes
	if got := nodeLine(spot, ""); got < want-0.05 || got > want+0.05 {
		t.Errorf("spot: node lines $%.2f, want 80 %% × 1.05 at 0.35 plus 20 %% on demand of $%.2f = $%.2f", got, nodes, want)
	}
}
