package advisor

import (
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// softFactors explains, with the figures behind them, the factors beyond the
// monthly bill that bear on a component's placement: spikiness, sustained
// utilisation, the team, time to market, worldwide latency and compliance.
// They do not change the cost-minimal choice (the SLO, which does, is applied
// as a constraint); they tell the reader what the numbers assume.
func softFactors(a *Analysis, i int, rec Recommendation, clusters map[string]*clusterModel) []string {
	cr := &a.Components[i]
	var out []string
	// Spikiness.
	if cr.MeanRPS > 0 {
		if p := cr.PeakRPS / cr.MeanRPS; p >= 3 {
			out = append(out, fmt.Sprintf("spiky traffic: the peak is %.1f× the mean; serverless bills only the requests, a cluster keeps capacity for the peak within its scale-up delay", p))
		} else if p <= 1.5 && cr.MeanRPS >= 50 {
			out = append(out, fmt.Sprintf("steady, heavy traffic (peak %.1f× the mean, %.0f requests a second): the profile that keeps cluster nodes busy", p, cr.MeanRPS))
		}
	}
	// Utilisation of the cluster it would share.
	for _, cl := range a.Clusters {
		if cl.Platform == rec.Platform || (rec.Kind == Serverless && strings.Contains(strings.Join(cl.Components, ","), cr.Name)) {
			u := cl.CPUUtilization
			verdict := "well below the 60–70 % at which " + Article + " says clusters pay off"
			if u >= 0.6 {
				verdict = "in the 60–70 % range where clusters pay off"
			}
			out = append(out, fmt.Sprintf("the shared %s cluster would be %.0f%% busy, %s", platform.Name(cl.Platform), u*100, verdict))
			break
		}
	}
	// The team and time to market.
	if m := clusters[firstKube(a)]; m != nil {
		eng := m.clusterEngineers()
		salary := a.teamCost
		switch {
		case a.teamEngineers < platformTeamThreshold:
			out = append(out, fmt.Sprintf("the team has %s: a first cluster means about %s more, %s a month, and weeks of setup before the first deploy, where a serverless deploy works on day one", some(a.teamEngineers, "platform engineer"), some(eng, "engineer"), usd(decimalOf(eng*salary/12))))
		default:
			out = append(out, fmt.Sprintf("a platform team of %g absorbs a cluster's operation: %s, %s a month, is counted", a.teamEngineers, some(eng, "engineer"), usd(decimalOf(eng*salary/12))))
		}
	}
	// Worldwide latency.
	c := a.spec.Components[i]
	if c.Edge {
		if platform.Of(rec.Platform).Edge {
			out = append(out, "needs low latency worldwide, and "+platform.Name(rec.Platform)+" serves from many locations")
		} else if o := cheapestEdge(cr); o != nil {
			out = append(out, fmt.Sprintf("needs low latency worldwide: %s runs in one region; %s serves from many locations for %s a month", platform.Name(rec.Platform), platform.Name(o.Platform), usd(*o.MonthlyUSD)))
		} else {
			out = append(out, "needs low latency worldwide: "+platform.Name(rec.Platform)+" runs in one region, and no edge platform can run this component")
		}
	}
	// Compliance: the article says it favours Kubernetes; the attestations say otherwise where a serverless option is attested.
	if len(c.Compliance) > 0 {
		var attested []string
		for _, o := range cr.Options {
			if o.Kind == Serverless && o.Feasible {
				attested = append(attested, o.Platform)
			}
		}
		if len(attested) > 0 {
			out = append(out, fmt.Sprintf("needs %s: %s are attested for it (catalog attestation entries), so compliance alone does not force Kubernetes here", strings.ToUpper(strings.Join(c.Compliance, ", ")), strings.Join(attested, ", ")))
		}
	}
	return out
}

func firstKube(a *Analysis) string {
	for _, p := range workload.Platforms {
		if kindOf(p) == Kubernetes {
			return p
		}
	}
	return ""
}

// cheapestEdge is the cheapest feasible option that serves from many
// locations, or nil.
func cheapestEdge(cr *ComponentResult) *Option {
	var best *Option
	for i := range cr.Options {
		o := &cr.Options[i]
		if !o.Feasible || o.MonthlyUSD == nil || !platform.Of(o.Platform).Edge {
			continue
		}
		if best == nil || o.MonthlyUSD.LessThan(*best.MonthlyUSD) {
			best = o
		}
	}
	return best
}
