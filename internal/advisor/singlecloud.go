package advisor

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
)

// cloudOf names the cloud a platform belongs to.
func cloudOf(id string) string { return platform.CloudOf(id) }

// neutral reports whether a platform runs beside any cloud (Cloudflare,
// Vercel) in a single-cloud placement.
func neutral(id string) bool { return platform.Clouds[cloudOf(id)].Neutral }

// cloudPlacement is the cheapest placement on one cloud (neutral platforms
// allowed beside it), or on every cloud at once (cloud "").
type cloudPlacement struct {
	cloud    string
	ch       choice
	bestPlat []string
	arch     Architecture
}

// placeOn finds the cheapest placement using only cloud's platforms (and
// the neutral ones); cloud "" allows every platform.
func (a *Analysis) placeOn(clusters map[string]*clusterModel, cloud string, note bool) (*cloudPlacement, error) {
	var kube []string
	for _, p := range platform.All() {
		info := p.Info()
		if info.Kind == Kubernetes && (cloud == "" || info.Cloud == cloud) {
			kube = append(kube, info.ID)
		}
	}
	best, plat := a.bestAlone(cloud)
	a.improveForCalls(best, plat, func(o *Option) bool {
		return cloud == "" || cloudOf(o.Platform) == cloud || neutral(o.Platform)
	})
	ch, _, err := a.search(clusters, best, plat, kube, note)
	if err != nil {
		return nil, err
	}
	cp := &cloudPlacement{cloud: cloud, ch: ch, bestPlat: plat}
	cp.arch, err = a.architectureOf(ch, plat)
	if err != nil {
		return nil, err
	}
	return cp, nil
}

// bestAlone is each component's cheapest feasible option priced on its own
// (serverless or managed) using only cloud's platforms and the neutral
// ones (cloud "": every platform), with its platform; +Inf and "" where
// there is none.
func (a *Analysis) bestAlone(cloud string) (best []float64, plat []string) {
	best, plat = make([]float64, len(a.Components)), make([]string, len(a.Components))
	for i := range a.Components {
		best[i] = math.Inf(1)
		for _, o := range a.Components[i].Options {
			if o.Feasible && standalone(o.Kind) && o.MonthlyUSD != nil && (cloud == "" || cloudOf(o.Platform) == cloud || neutral(o.Platform)) {
				if f := o.MonthlyUSD.InexactFloat64(); f < best[i] {
					best[i], plat[i] = f, o.Platform
				}
			}
		}
	}
	return best, plat
}

// architectureOf turns a search result into an architecture (unnamed),
// the traffic of the spec's calls between its placements included.
func (a *Analysis) architectureOf(ch choice, bestPlat []string) (Architecture, error) {
	arch := Architecture{}
	if math.IsInf(ch.total, 1) {
		return arch, nil
	}
	in := map[int]bool{}
	for _, i := range ch.set {
		in[i] = true
	}
	for i := range a.Components {
		p := bestPlat[i]
		if in[i] {
			p = ch.platform
		}
		arch.Placement = append(arch.Placement, Placement{a.Components[i].Name, p})
	}
	total := a.serverlessSum(bestPlat, in)
	if ch.cluster != nil {
		total = total.Add(ch.cluster.Bill.Total)
	}
	if err := a.addCalls(&arch, placementVector(bestPlat, ch.set, ch.platform)); err != nil {
		return arch, err
	}
	total = total.Add(arch.callsTotal())
	arch.Feasible, arch.MonthlyUSD = true, &total
	return arch, nil
}

// clouds lists the non-neutral clouds a placement uses, sorted.
func placementClouds(ps []Placement) []string {
	var out []string
	for _, p := range ps {
		if c := cloudOf(p.Platform); c != "" && !neutral(p.Platform) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

// crossCloudUSD prices the traffic a multi-cloud placement sends between
// clouds, before the component graph says who calls whom: each request of a
// component placed off the primary cloud is assumed to cross clouds once,
// with 1 KB of request from the primary cloud and its response_kb back,
// each at the sending cloud's first paid internet-egress rate
// (docs/cost-model.md#clouds). Neutral platforms (Workers, Vercel) sit in
// front of any cloud and are not counted.
func (a *Analysis) crossCloudUSD(e env, ps []Placement, primary string) (decimal.Decimal, error) {
	total := decimal.Zero
	rate := func(cloud string) (decimal.Decimal, error) {
		cl := platform.Clouds[cloud]
		b, err := cl.Egress(e.cat, 1e6) // a volume well past the free allowance
		if err != nil {
			return decimal.Zero, err
		}
		for _, li := range b.LineItems {
			if li.UnitPrice.IsPositive() {
				return li.UnitPrice, nil
			}
		}
		return decimal.Zero, nil
	}
	for i, p := range ps {
		c := cloudOf(p.Platform)
		if c == primary || neutral(p.Platform) {
			continue
		}
		comp := e.spec.Components[i]
		out, err := rate(primary)
		if err != nil {
			return decimal.Zero, err
		}
		back, err := rate(c)
		if err != nil {
			return decimal.Zero, err
		}
		reqGB := decimal.NewFromFloat(comp.RequestsPerMonth * 1 / 1e6)
		respGB := decimal.NewFromFloat(comp.RequestsPerMonth * max(comp.ResponseKB, 1) / 1e6)
		total = total.Add(reqGB.Mul(out)).Add(respGB.Mul(back))
	}
	return total.Round(2), nil
}

// choosePlacement prices the cheapest placement on each single cloud and
// across clouds. The recommendation stays on one cloud (the spec's cloud:,
// else the cheapest); the multi-cloud placement is offered beside it only
// when it still wins once the traffic between clouds is priced.
func (a *Analysis) choosePlacement(e env, clusters map[string]*clusterModel) (rec *cloudPlacement, archs []Architecture, err error) {
	var singles []*cloudPlacement
	for _, cloud := range platform.CloudIDs {
		cp, err := a.placeOn(clusters, cloud, false)
		if err != nil {
			return nil, nil, err
		}
		cp.arch.Name = "recommended-on-" + cloud
		if cp.arch.Feasible {
			cp.arch.Reasons = []string{fmt.Sprintf("the cheapest placement using only %s (with Cloudflare Workers and Vercel allowed beside it)", platform.CloudName(cloud))}
		} else {
			cp.arch.Reasons = []string{fmt.Sprintf("some component has no feasible option on %s (or Workers/Vercel)", platform.CloudName(cloud))}
		}
		singles = append(singles, cp)
		archs = append(archs, cp.arch)
	}
	for _, cp := range singles {
		if !cp.arch.Feasible {
			continue
		}
		if e.spec.Cloud != "" {
			if cp.cloud == e.spec.Cloud {
				rec = cp
			}
			continue
		}
		if rec == nil || better(cp.ch, rec.ch) {
			rec = cp
		}
	}
	multi, err := a.placeOn(clusters, "", true)
	if err != nil {
		return nil, nil, err
	}
	if rec == nil {
		// No single cloud can run everything: the placement must span clouds.
		if !multi.arch.Feasible {
			return nil, archs, nil
		}
		multi.arch.Reasons = append(multi.arch.Reasons, "no single cloud can run every component, so the placement spans clouds")
		if e.spec.Cloud != "" {
			multi.arch.Reasons = append(multi.arch.Reasons, fmt.Sprintf("the spec names cloud %s, which cannot run every component", e.spec.Cloud))
		}
		return multi, archs, nil
	}
	why := "the cheapest single-cloud placement"
	if e.spec.Cloud != "" {
		why = fmt.Sprintf("the cheapest placement on %s, the cloud the spec names", platform.CloudName(e.spec.Cloud))
	}
	rec.arch.Reasons = []string{fmt.Sprintf("%s: everything on %s (Cloudflare Workers and Vercel allowed beside it)", why, platform.CloudName(rec.cloud))}
	if clouds := placementClouds(multi.arch.Placement); multi.arch.Feasible && len(clouds) > 1 {
		// With calls: the graph's traffic between clouds is in the
		// placement's total already; without: the one-crossing estimate.
		cross, total := multi.arch.crossCalls, *multi.arch.MonthlyUSD
		if a.calls == nil {
			cross, err = a.crossCloudUSD(e, multi.arch.Placement, rec.cloud)
			if err != nil {
				return nil, nil, err
			}
			total = total.Add(cross)
		}
		names := make([]string, len(clouds))
		for k, c := range clouds {
			names[k] = platform.CloudName(c)
		}
		saving := rec.arch.MonthlyUSD.Sub(total)
		if saving.IsPositive() {
			m := multi.arch
			m.Name, m.MonthlyUSD, m.CrossCloudUSD = "multi-cloud", &total, &cross
			how := fmt.Sprintf("each request to a component off %s assumed to cross once; docs/cost-model.md#clouds", platform.CloudName(rec.cloud))
			if a.calls != nil {
				how = "the spec's calls between components on different clouds; docs/cost-model.md#calls"
			}
			m.Reasons = []string{fmt.Sprintf("spans %s and saves %s a month against the recommendation, %s of traffic between clouds included (%s)",
				strings.Join(names, ", "), usd(saving), usd(cross), how)}
			archs = append(archs, m)
			rec.arch.Reasons = append(rec.arch.Reasons, fmt.Sprintf("a placement across %s would save %s a month (architecture multi-cloud), at the cost of running several clouds", strings.Join(names, ", "), usd(saving)))
		} else {
			rec.arch.Reasons = append(rec.arch.Reasons, fmt.Sprintf("spreading components across %s would not save money once the %s a month of traffic between clouds is priced", strings.Join(names, ", "), usd(cross)))
		}
	}
	return rec, archs, nil
}
