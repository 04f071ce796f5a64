package advisor

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Named hybrid architectures (the patterns the article recommends), priced
// on the user's own components where they apply.
const (
	HybridServerlessWithClusterForGPUAndState = "serverless-api-kubernetes-gpu-and-state"
	HybridEdgeFrontendClusterBackend          = "edge-frontend-kubernetes-backend"
	HybridServerlessDevClusterProd            = "serverless-dev-kubernetes-prod"
	HybridServerlessManagedData               = "serverless-with-managed-data"
)

// edgePlatforms serve from many locations worldwide.
func edgePlatforms() []string {
	var out []string
	for _, p := range platform.All() {
		if p.Info().Edge {
			out = append(out, p.Info().ID)
		}
	}
	return out
}

// hybrids prices the named hybrid patterns that apply to this system.
func (a *Analysis) hybrids(e env, clusters map[string]*clusterModel, bestPlat []string) []Architecture {
	var out []Architecture
	n := len(a.Components)
	comps := e.spec.Components

	// Serverless for everything except GPU and stateful parts, which go to a cluster.
	var heavy []int
	for i, c := range comps {
		if c.GPU > 0 || c.Stateful {
			heavy = append(heavy, i)
		}
	}
	if len(heavy) > 0 && len(heavy) < n {
		choose := func(i int) string { return bestPlat[i] }
		out = append(out, a.hybrid(HybridServerlessWithClusterForGPUAndState,
			"serverless for the API and event processing; a Kubernetes cluster for the GPU and stateful components",
			clusters, heavy, choose))
	}

	// The same split with the state on managed data services: each data
	// component on its cheapest managed service, a cluster only for the GPU
	// components no platform runs on its own (none when there are none),
	// the rest on their cheapest platform.
	var data, gpu []int
	for i, c := range comps {
		switch {
		case c.IsData() && a.cheapestManaged(i) != "":
			data = append(data, i)
		case c.GPU > 0 && bestPlat[i] == "":
			gpu = append(gpu, i)
		}
	}
	if len(data) > 0 {
		choose := func(i int) string {
			if comps[i].IsData() {
				return a.cheapestManaged(i)
			}
			return bestPlat[i]
		}
		out = append(out, a.hybrid(HybridServerlessManagedData,
			"serverless for the API and event processing; managed services for the databases, caches and queues; a Kubernetes cluster only for GPU components that cannot run elsewhere",
			clusters, gpu, choose))
	}

	// Edge platforms for frontends and edge components, a cluster for the rest.
	var front, back []int
	for i, c := range comps {
		if c.Edge || c.Type == workload.TypeFrontend {
			front = append(front, i)
		} else {
			back = append(back, i)
		}
	}
	if len(front) > 0 && len(back) > 0 {
		choose := func(i int) string {
			best, cost := "", decimal.Zero
			for _, p := range edgePlatforms() {
				if o := a.Components[i].option(p); o != nil && o.Feasible && (best == "" || o.MonthlyUSD.LessThan(cost)) {
					best, cost = p, *o.MonthlyUSD
				}
			}
			return best
		}
		out = append(out, a.hybrid(HybridEdgeFrontendClusterBackend,
			"frontends on an edge platform (Cloudflare Workers or Vercel); the backend on a Kubernetes cluster",
			clusters, back, choose))
	}
	return out
}

// hybrid prices one pattern: the components in onCluster on the cheapest
// Kubernetes platform that can run them all, every other component on the
// serverless platform choose picks ("" = none can).
func (a *Analysis) hybrid(name, summary string, clusters map[string]*clusterModel, onCluster []int, choose func(int) string) Architecture {
	arch := Architecture{Name: name, Reasons: []string{summary}}
	in := map[int]bool{}
	for _, i := range onCluster {
		in[i] = true
	}
	var chosen []*Option
	placement := make([]Placement, len(a.Components))
	for i, c := range a.Components {
		if in[i] {
			continue
		}
		p := choose(i)
		o := c.option(p)
		if p == "" || o == nil || !o.Feasible {
			arch.Reasons = append(arch.Reasons, fmt.Sprintf("%s cannot run on the platforms this pattern puts it on", c.Name))
			return arch
		}
		placement[i] = Placement{c.Name, p}
		chosen = append(chosen, o)
	}
	total := sumOptions(chosen)
	if len(onCluster) == 0 {
		return a.finishHybrid(arch, placement, total, nil)
	}
	bestCost := math.Inf(1)
	var best *ClusterResult
	for _, p := range workload.Platforms {
		m := clusters[p]
		if m == nil || !m.hasAll(onCluster) {
			continue
		}
		r, err := m.size(append([]int(nil), onCluster...))
		if err != nil {
			continue
		}
		if f := r.Bill.Total.InexactFloat64(); f < bestCost {
			bestCost, best = f, r
		}
	}
	if best == nil {
		arch.Reasons = append(arch.Reasons, "no single Kubernetes platform can run every component this pattern puts on the cluster")
		return arch
	}
	for _, i := range onCluster {
		placement[i] = Placement{a.Components[i].Name, best.Platform}
	}
	return a.finishHybrid(arch, placement, total.Add(best.Bill.Total), best)
}

// finishHybrid adds the calls' traffic to a pattern's placement and total,
// and says what its cluster (if any) costs.
func (a *Analysis) finishHybrid(arch Architecture, placement []Placement, total decimal.Decimal, best *ClusterResult) Architecture {
	plat := make([]string, len(placement))
	for i, pl := range placement {
		plat[i] = pl.Platform
	}
	if err := a.addCalls(&arch, plat); err != nil {
		arch.Reasons = append(arch.Reasons, fmt.Sprintf("the calls between components could not be priced: %v", err))
		return arch
	}
	total = total.Add(arch.callsTotal())
	arch.Feasible, arch.MonthlyUSD, arch.Placement = true, &total, placement
	if best != nil {
		arch.Reasons = append(arch.Reasons, fmt.Sprintf("the %s cluster (%s) costs %s a month, people included", platform.Name(best.Platform), strings.Join(best.Components, ", "), usd(best.Bill.Total)))
	} else {
		arch.Reasons = append(arch.Reasons, "no cluster: nothing here needs one")
	}
	return arch
}

// cheapestManaged is component i's cheapest feasible managed option ("" for none).
func (a *Analysis) cheapestManaged(i int) string {
	best, cost := "", decimal.Zero
	for _, o := range a.Components[i].Options {
		if o.Kind == Managed && o.Feasible && o.MonthlyUSD != nil && (best == "" || o.MonthlyUSD.LessThan(cost)) {
			best, cost = o.Platform, *o.MonthlyUSD
		}
	}
	return best
}

func (m *clusterModel) hasAll(set []int) bool {
	for _, i := range set {
		if _, ok := m.members[i]; !ok {
			return false
		}
	}
	return true
}

// environmentsHybrid prices production on its cheapest single Kubernetes
// platform with every other environment serverless, against running those
// environments on a cluster of their own.
func environmentsHybrid(spec *workload.Spec, prodKube *Architecture, analyse func(*workload.Spec) (*Analysis, error)) (Architecture, error) {
	arch := Architecture{Name: HybridServerlessDevClusterProd,
		Reasons: []string{"production on a Kubernetes cluster; development and staging environments serverless, at their share of production's traffic"}}
	if prodKube == nil || !prodKube.Feasible {
		arch.Reasons = append(arch.Reasons, "production cannot run entirely on one Kubernetes platform")
		return arch, nil
	}
	total := *prodKube.MonthlyUSD
	var envKube decimal.Decimal
	for _, env := range spec.Environments {
		scaled := *spec
		scaled.Environments = nil
		scaled.Components = append([]workload.Component(nil), spec.Components...)
		for i := range scaled.Components {
			scaled.Components[i].RequestsPerMonth *= env.TrafficScale
			scaled.Components[i].ScaleConnections(env.TrafficScale)
		}
		ea, err := analyse(&scaled)
		if err != nil {
			return arch, fmt.Errorf("environment %s: %w", env.Name, err)
		}
		var sl, kube *Architecture
		for k := range ea.Architectures {
			switch ea.Architectures[k].Name {
			case "all-serverless":
				sl = &ea.Architectures[k]
			case "all-kubernetes":
				kube = &ea.Architectures[k]
			}
		}
		if sl == nil || !sl.Feasible {
			arch.Reasons = append(arch.Reasons, fmt.Sprintf("environment %s cannot run entirely serverless", env.Name))
			return arch, nil
		}
		total = total.Add(*sl.MonthlyUSD)
		arch.Reasons = append(arch.Reasons, fmt.Sprintf("%s at %g%% of production's traffic: %s a month serverless", env.Name, env.TrafficScale*100, usd(*sl.MonthlyUSD)))
		if kube != nil && kube.Feasible {
			envKube = envKube.Add(*kube.MonthlyUSD)
		}
	}
	arch.Feasible, arch.MonthlyUSD, arch.Placement = true, &total, prodKube.Placement
	if envKube.IsPositive() {
		arch.Reasons = append(arch.Reasons, fmt.Sprintf("the same environments on clusters of their own would cost %s a month", usd(envKube)))
	}
	arch.Reasons = append(arch.Reasons, "this total covers production and every listed environment; the other architectures cover production only")
	return arch, nil
}
