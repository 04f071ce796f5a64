package advisor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// The node type is chosen on the hour-by-hour estimate; the simulated
// autoscaler can overturn it. examples/webhook-processor.yaml's shared GKE
// cluster is estimated cheapest on e2-standard-2, but simulated it costs
// more there than on the runner-up, e2-highcpu-4, which is kept, and says
// why. The same spec restricted to e2-standard-2 costs what the choice
// says the loser costs.
func TestSimulationCanOverturnTheNodeType(t *testing.T) {
	load := func(types []string) *ClusterResult {
		path := filepath.Join("..", "..", "examples", "webhook-processor.yaml")
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		s, _, err := spec.Parse(path, data)
		if err != nil {
			t.Fatal(err)
		}
		s.Seed = 1
		s.Kubernetes.NodeTypes = types
		a, err := Analyze(s, testCatalog(t), Options{})
		if err != nil {
			t.Fatal(err)
		}
		cl := clusterOf(t, a, workload.PlatformGKE)
		return &cl
	}
	chosen := load(nil)
	if chosen.NodeType != "e2-highcpu-4" || !strings.Contains(chosen.NodeChoice.Why, "chosen after simulation") {
		t.Fatalf("GKE shared cluster on %s: %s; want e2-highcpu-4 chosen after simulation", chosen.NodeType, chosen.NodeChoice.Why)
	}
	loser := load([]string{"e2-standard-2"})
	if !loser.Bill.Total.GreaterThan(chosen.Bill.Total) || !strings.Contains(chosen.NodeChoice.Why, usd(loser.Bill.Total)) {
		t.Errorf("on e2-standard-2 alone the cluster costs %s; the chosen one %s says %q", loser.Bill.Total, chosen.Bill.Total, chosen.NodeChoice.Why)
	}
}
