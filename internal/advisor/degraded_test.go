package advisor

import (
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// TestDegradedReason: the rule both simulators' options are judged by.
func TestDegradedReason(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name           string
		lost, p99, svc float64
		want           string // substring; "" = not degraded
	}{
		// Happy: served, and the p99 within 3× the service time's.
		{"OK", 0, 300, 300, ""},
		{"OKAtThreeTimes", 0, 900, 300, ""},
		// No service p99 known: only losses count.
		{"OKNoServiceP99", 0, 1e6, 0, ""},
		// Sad: any request lost.
		{"Dropped", 0.0001, 300, 300, "0.01% of requests are rejected or time out"},
		// Losses are said first, even with a long p99 too.
		{"DroppedAndSlow", 0.25, 61000, 2400, "25.00% of requests"},
		// A p99 just above 3× the service time's.
		{"SlowP99", 0, 901, 300, "simulated p99 901 ms is 3.0× the service time's p99 (300 ms)"},
		{"VerySlowP99", 0, 138545, 2400, "57.7× the service time's p99 (2400 ms)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := degradedReason(tc.lost, tc.p99, tc.svc)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("degradedReason(%g, %g, %g) = %q, want %q", tc.lost, tc.p99, tc.svc, got, tc.want)
			}
		})
	}
}

// TestClusterOptionDegraded: a cluster option is judged by its simulated
// latency on the shared cluster as a serverless option is by its simulated
// month. Requests it drops (an API whose 20× bursts the HPA and cluster
// autoscaler cannot follow within the 60 s request timeout) or a p99 far
// above the service time's (queued events that wait instead of being
// dropped) mark it degraded; with a latency SLO it is infeasible, out of
// the shared cluster and out of the recommendation.
func TestClusterOptionDegraded(t *testing.T) {
	t.Parallel()
	cat := testCatalog(t)
	bursty := func(typ workload.Type, rpm, height float64, length string) workload.Component {
		c := api("svc", rpm)
		c.Type, c.DurationMS, c.MemoryMB, c.MaxExecutionS = typ, 800, 2048, 60
		cpu := 800.0
		c.CPUMS = &cpu
		c.Traffic = workload.Traffic{Shape: "spiky", BurstHeight: height, BurstLength: length, BurstsPerDay: 3}
		return c
	}
	steady := api("svc", 2e6)
	for _, tc := range []struct {
		name     string
		c        workload.Component
		slo      float64
		degraded string // substring of the degraded reason; "" = not degraded
		feasible bool
	}{
		// Happy: steady traffic, nobody waits.
		{"Steady", steady, 0, "", true},
		// With a generous SLO it stays feasible.
		{"SteadyWithSLO", steady, 5000, "", true},
		// Sad: a quarter of the requests time out in the bursts; said, still
		// priced without an SLO.
		{"Drops", bursty(workload.TypeHTTPAPI, 2e7, 20, "10m"), 0, "of requests are rejected or time out", true},
		// With an SLO, dropping requests makes the option infeasible.
		{"DropsWithSLO", bursty(workload.TypeHTTPAPI, 2e7, 20, "10m"), 5000, "of requests are rejected or time out", false},
		// Events wait in the queue rather than being dropped: the p99 is
		// several times the service time's.
		{"SlowP99", bursty(workload.TypeEventProcessor, 2e7, 20, "10m"), 0, "the service time's p99 (2400 ms)", true},
		{"SlowP99WithSLO", bursty(workload.TypeEventProcessor, 2e7, 20, "10m"), 60000, "the service time's p99 (2400 ms)", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := tc.c
			c.LatencySLOP99MS = tc.slo
			s := newSpec(c)
			s.Platforms = []string{workload.PlatformEKS, workload.PlatformLambda}
			a, err := Analyze(s, cat, Options{})
			if err != nil {
				t.Fatal(err)
			}
			o := optionOf(t, a, "svc", workload.PlatformEKS)
			why := strings.Join(o.Reasons, "; ")
			if o.Feasible != tc.feasible {
				t.Fatalf("feasible %v, want %v (reasons %q)", o.Feasible, tc.feasible, why)
			}
			if !o.Feasible {
				// Infeasible: the reason names the degradation and the SLO,
				// nothing is priced, and the cluster and the recommendation
				// go without it.
				if !strings.Contains(why, "degraded: ") || !strings.Contains(why, tc.degraded) || !strings.Contains(why, "p99 SLO") {
					t.Errorf("reasons %q, want the degradation (%q) and the SLO", why, tc.degraded)
				}
				if o.MonthlyUSD != nil || o.MarginalUSD != nil || o.Cluster != nil {
					t.Errorf("an infeasible option is priced: %+v", o)
				}
				for _, cl := range a.Clusters {
					if cl.Platform == workload.PlatformEKS {
						t.Errorf("the shared EKS cluster still holds %v", cl.Components)
					}
				}
				if a.Components[0].Recommendation.Platform == workload.PlatformEKS {
					t.Error("recommended an infeasible option")
				}
				return
			}
			if o.Cluster == nil {
				t.Fatal("no cluster simulation")
			}
			if tc.degraded == "" {
				if o.Cluster.Degraded != "" || strings.Contains(why, "degraded") {
					t.Errorf("degraded %q (p99 %.0f ms, %g dropped), want none", o.Cluster.Degraded, o.Cluster.P99MS, o.Cluster.Dropped)
				}
				return
			}
			if !strings.Contains(o.Cluster.Degraded, tc.degraded) || o.Reasons[0] != o.Cluster.Degraded {
				t.Errorf("degraded %q, first reason %q; want %q said first", o.Cluster.Degraded, o.Reasons[0], tc.degraded)
			}
			if strings.Contains(tc.degraded, "rejected") && !(o.Cluster.Dropped > 0) {
				t.Errorf("degraded for drops but %g dropped", o.Cluster.Dropped)
			}
		})
	}
}
