package advisor

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// exactLimit is the largest number of cluster-capable components for which
// every subset is tried; above it the search is a local search (see
// docs/cost-model.md#placement).
const exactLimit = 14

// choice is one candidate placement: which components go on which cluster.
type choice struct {
	platform string // "" = no cluster
	set      []int
	cluster  *ClusterResult
	total    float64
}

// place searches the cheapest placement: each component either on its
// cheapest feasible serverless option or on one shared Kubernetes cluster,
// with the cluster's fixed costs (control plane, NAT, base nodes, people)
// counted once. For each platform every subset of the components that can
// run there is priced (exact up to exactLimit components).
func (a *Analysis) place(e env, ds []demand, clusters map[string]*clusterModel, best []float64, bestPlat []string) error {
	n := len(ds)
	serverlessOnly := choice{total: 0}
	for i := range n {
		serverlessOnly.total += best[i]
	}
	names := make([]string, n)
	for i, d := range ds {
		names[i] = d.C.Name
	}
	calls, err := newCallModel(e, names)
	if err != nil {
		return err
	}
	a.calls = calls
	_, allKube, err := a.search(clusters, best, bestPlat, platform.IDs(), false)
	if err != nil {
		return err
	}
	chosen, cloudArchs, err := a.choosePlacement(e, clusters)
	if err != nil {
		return err
	}
	if h := e.opts.Hints; h != nil && chosen != nil && chosen.ch.cluster != nil {
		h.remember(chosen.ch.platform, chosen.ch.cluster.Components)
	}
	// Simulate the clusters the report shows (the shared ones, and those of
	// all-kubernetes and the recommendation): their node-hours, and so their
	// bills, come from the HPA and cluster autoscaler following the traffic.
	switch {
	case e.opts.NoSimulation:
	case e.opts.Lean:
		// Only the recommendation's cluster: its simulated bill is the
		// recommended architecture's.
		if chosen != nil && chosen.ch.cluster != nil {
			m := clusters[chosen.ch.cluster.Platform]
			if e.opts.Sims != nil {
				err = m.simulateClusterMemo(chosen.ch.cluster, e.opts.Sims, false)
			} else {
				err = m.simulateCluster(chosen.ch.cluster)
			}
			if err != nil {
				return err
			}
		}
	default:
		var extra []*ClusterResult
		if allKube != nil {
			extra = append(extra, allKube.cluster)
		}
		if chosen != nil && chosen.ch.cluster != nil {
			extra = append(extra, chosen.ch.cluster)
		}
		if err := a.simulateClusters(clusters, extra...); err != nil {
			return err
		}
	}

	// Architectures.
	archServerless := Architecture{Name: "all-serverless", Feasible: !math.IsInf(serverlessOnly.total, 1)}
	if archServerless.Feasible {
		t := a.serverlessSum(bestPlat, nil)
		if err := a.addCalls(&archServerless, bestPlat); err != nil {
			return err
		}
		t = t.Add(archServerless.callsTotal())
		archServerless.MonthlyUSD = &t
		for i := range n {
			archServerless.Placement = append(archServerless.Placement, Placement{names[i], bestPlat[i]})
		}
	} else {
		for i := range n {
			if math.IsInf(best[i], 1) {
				archServerless.Reasons = append(archServerless.Reasons, fmt.Sprintf("%s has no feasible serverless option", names[i]))
			}
		}
	}
	archKube := Architecture{Name: "all-kubernetes"}
	if allKube != nil {
		archKube.Feasible = true
		t := allKube.cluster.Bill.Total
		archKube.MonthlyUSD = &t
		for i := range n {
			archKube.Placement = append(archKube.Placement, Placement{names[i], allKube.platform})
		}
	} else {
		archKube.Reasons = append(archKube.Reasons, "no single Kubernetes platform can run every component")
	}
	if chosen == nil {
		rec := Architecture{Name: "recommended", Reasons: []string{"some component has no feasible option at all"}}
		a.Architectures = append([]Architecture{archServerless, archKube, rec}, cloudArchs...)
		return nil
	}
	// The recommendation's cluster is the simulated one now.
	rec, err := a.architectureOf(chosen.ch, chosen.bestPlat)
	if err != nil {
		return err
	}
	rec.Name, rec.Reasons = "recommended", chosen.arch.Reasons
	// The single-cloud architecture it was chosen as is the same placement:
	// it shows the same, simulated, figure (not the estimate it was
	// compared by), so the two never disagree by the simulation's cents.
	for k := range cloudArchs {
		if cloudArchs[k].Name == chosen.arch.Name && slices.Equal(cloudArchs[k].Placement, rec.Placement) {
			cloudArchs[k].MonthlyUSD = rec.MonthlyUSD
		}
	}
	a.Architectures = []Architecture{archServerless, archKube, rec}
	a.Architectures = append(a.Architectures, cloudArchs...)
	if !e.opts.Lean {
		a.Architectures = append(a.Architectures, a.hybrids(e, clusters, bestPlat)...)
	}
	if len(e.spec.Environments) > 0 && !e.opts.Lean {
		sub := e.opts
		sub.Progress = nil // the environments' analyses are part of this one's last step
		envArch, err := environmentsHybrid(e.spec, &archKube, func(s *workload.Spec) (*Analysis, error) { return Analyze(s, e.cat, sub) })
		if err != nil {
			return err
		}
		a.Architectures = append(a.Architectures, envArch)
	}
	return a.recommend(chosen.ch, chosen.bestPlat, clusters)
}

// search finds the cheapest placement with at most one cluster on one of
// kubePlatforms and every other component on its best serverless option
// (best), and the cheapest all-Kubernetes placement.
func (a *Analysis) search(clusters map[string]*clusterModel, best []float64, plat []string, kubePlatforms []string, note bool) (choice, *choice, error) {
	n := len(best)
	bestChoice := choice{}
	for i := range n {
		bestChoice.total += best[i]
	}
	bestChoice.total += a.calls.cost(plat)
	var allKube *choice
	for _, p := range kubePlatforms {
		m := clusters[p]
		if m == nil {
			continue
		}
		members := m.memberSet()
		if len(members) == 0 {
			continue
		}
		// Pruning (see PlacementHints): a cluster costs at least the empty
		// one (control plane, the minimum nodes, people) plus what each
		// member pays on any cluster (its operations time, API gateway and
		// managed-service calls: memberFloor), so a subset whose serverless
		// rest plus that is dearer than a placement already known by more
		// than the tie window cannot be the cheapest.
		prune, bound, fixed := false, math.Inf(1), 0.0
		floor := map[int]float64{}
		if h := m.e.opts.Hints; h != nil && len(members) <= exactLimit {
			empty, err := m.size([]int{})
			if err != nil {
				return choice{}, nil, err
			}
			fixed = empty.Bill.Total.InexactFloat64()
			for _, i := range members {
				if floor[i], err = m.memberFloor(i); err != nil {
					return choice{}, nil, err
				}
			}
			bound = bestChoice.total
			if hs := h.set(p, a.Components, members); hs != nil {
				total := 0.0
				in := map[int]bool{}
				for _, i := range hs {
					in[i] = true
				}
				for i := range n {
					if !in[i] {
						total += best[i]
					}
				}
				if !math.IsInf(total, 1) {
					r, err := m.size(append([]int(nil), hs...))
					if err != nil {
						return choice{}, nil, err
					}
					bound = min(bound, total+r.Bill.Total.InexactFloat64()+a.calls.cost(placementVector(plat, hs, p)))
				}
			}
			prune = !math.IsInf(bound, 1)
			bound -= fixed
		}
		eval := func(set []int) (choice, error) {
			total := 0.0
			in := map[int]bool{}
			for _, i := range set {
				in[i] = true
			}
			for i := range n {
				if !in[i] {
					total += best[i]
				}
			}
			if math.IsInf(total, 1) {
				return choice{total: total}, nil
			}
			r, err := m.size(append([]int(nil), set...))
			if err != nil {
				return choice{}, err
			}
			total += a.calls.cost(placementVector(plat, set, p))
			return choice{platform: p, set: set, cluster: r, total: total + r.Bill.Total.InexactFloat64()}, nil
		}
		if len(members) == n {
			c, err := eval(members)
			if err != nil {
				return choice{}, nil, err
			}
			if allKube == nil || c.total < allKube.total {
				cc := c
				allKube = &cc
			}
		}
		if len(members) <= exactLimit {
			for mask := uint64(1); mask < 1<<len(members); mask++ {
				set := make([]int, 0, bits.OnesCount64(mask))
				rest := 0.0
				for k, i := range members {
					if mask&(1<<k) != 0 {
						set = append(set, i)
					}
				}
				if prune {
					for i := range n {
						if !slices.Contains(set, i) {
							rest += best[i]
						} else {
							rest += max(0, floor[i])
						}
					}
					if rest > bound+pruneMargin {
						continue
					}
				}
				c, err := eval(set)
				if err != nil {
					return choice{}, nil, err
				}
				if better(c, bestChoice) {
					bestChoice = c
				}
				if prune {
					bound = min(bound, c.total-fixed)
				}
			}
			continue
		}
		// Local search from the whole cluster: move single components out or
		// in while the total falls.
		cur, err := eval(members)
		if err != nil {
			return choice{}, nil, err
		}
		for improved := true; improved; {
			improved = false
			for _, i := range members {
				set := toggle(cur.set, i)
				if len(set) == 0 {
					continue
				}
				c, err := eval(set)
				if err != nil {
					return choice{}, nil, err
				}
				if better(c, cur) {
					cur, improved = c, true
				}
			}
		}
		if better(cur, bestChoice) {
			bestChoice = cur
		}
		if note {
			a.Notes = append(a.Notes, fmt.Sprintf("%s: %d components can run on the cluster, more than the %d searched exhaustively; the placement comes from a local search", p, len(members), exactLimit))
		}
	}
	return bestChoice, allKube, nil
}

// pruneMargin is how much dearer than a known placement a subset's lower
// bound must be to be skipped: four times better's tie window, so that a
// skipped subset could never have won a tie either.
const pruneMargin = 0.02

// PlacementHints remembers, across analyses of one spec at other volumes
// (a growth plan's months), the components the recommendation put on each
// Kubernetes platform. The placement search prices that set first and
// skips every subset that cannot beat it; it finds the same placement
// with or without hints, only faster (safe for concurrent use).
type PlacementHints struct {
	mu   sync.Mutex
	sets map[string][]string
}

// set returns the hinted set on platform as indices into comps, or nil
// when there is none or it is not a subset of members.
func (h *PlacementHints) set(platform string, comps []ComponentResult, members []int) []int {
	h.mu.Lock()
	names := h.sets[platform]
	h.mu.Unlock()
	if len(names) == 0 {
		return nil
	}
	var out []int
	for _, name := range names {
		k := slices.IndexFunc(members, func(i int) bool { return comps[i].Name == name })
		if k < 0 {
			return nil
		}
		out = append(out, members[k])
	}
	return out
}

func (h *PlacementHints) remember(platform string, names []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sets == nil {
		h.sets = map[string][]string{}
	}
	h.sets[platform] = names
}

// better orders candidates: cheaper first; on a tie (within a cent) fewer
// components on a cluster, so that simpler placements win.
func better(a, b choice) bool {
	if math.Abs(a.total-b.total) < 0.005 {
		return len(a.set) < len(b.set)
	}
	return a.total < b.total
}

func toggle(set []int, i int) []int {
	out := make([]int, 0, len(set)+1)
	found := false
	for _, j := range set {
		if j == i {
			found = true
			continue
		}
		out = append(out, j)
	}
	if !found {
		out = append(out, i)
	}
	return out
}

// serverlessSum adds the exact (decimal) totals of the chosen serverless
// options of the components not on the cluster, with account-level fees
// counted once per platform (see accountShare).
func (a *Analysis) serverlessSum(bestPlat []string, onCluster map[int]bool) decimal.Decimal {
	var chosen []*Option
	for i := range a.Components {
		if onCluster[i] {
			continue
		}
		if o := a.Components[i].option(bestPlat[i]); o != nil && o.MonthlyUSD != nil {
			chosen = append(chosen, o)
		}
	}
	return sumOptions(chosen)
}

// sumOptions adds options' monthly costs, counting each platform's
// account-scoped lines (a plan's subscription, its usage credit) once: for
// each such line the largest amount among the options on that platform is
// kept. With several components on Workers the $5 subscription is paid once.
func sumOptions(opts []*Option) decimal.Decimal {
	total := decimal.Zero
	type key struct{ platform, line string }
	kept := map[key]decimal.Decimal{}
	for _, o := range opts {
		total = total.Add(*o.MonthlyUSD)
		for _, li := range o.LineItems {
			if li.Scope != pricing.ScopeAccount {
				continue
			}
			k := key{o.Platform, li.Name}
			if prev, ok := kept[k]; ok {
				// Count it once: drop the smaller-magnitude duplicate.
				drop := li.Amount
				if li.Amount.Abs().GreaterThan(prev.Abs()) {
					drop, kept[k] = prev, li.Amount
				}
				total = total.Sub(drop)
			} else {
				kept[k] = li.Amount
			}
		}
	}
	return total
}

// recommend writes each component's recommendation and its reasons.
func (a *Analysis) recommend(ch choice, bestPlat []string, clusters map[string]*clusterModel) error {
	onCluster := map[int]bool{}
	for _, i := range ch.set {
		onCluster[i] = true
	}
	for i := range a.Components {
		cr := &a.Components[i]
		rec := Recommendation{}
		if onCluster[i] {
			m := clusters[ch.platform]
			marg, err := m.marginal(ch.set, i, ch.cluster)
			if err != nil {
				return err
			}
			rec.Platform, rec.Kind, rec.MonthlyUSD = ch.platform, Kubernetes, marg
			rec.Reasons = append(rec.Reasons, fmt.Sprintf("runs on a shared %s cluster of %s that costs %s a month in all (%.1f %s nodes on average, CPU %.0f%% used); this component adds %s",
				platform.Name(ch.platform), some(float64(len(ch.set)), "component"), usd(ch.cluster.Bill.Total), ch.cluster.MeanNodes, ch.cluster.NodeTypesLabel(), ch.cluster.CPUUtilization*100, usd(marg)))
			if sb := cr.option(bestPlat[i]); sb != nil && sb.MonthlyUSD != nil {
				rec.Reasons = append(rec.Reasons, fmt.Sprintf("runner-up: %s at %s a month; it would win if it cost %s less, or if this component were the cluster's only reason to exist",
					bestPlat[i], usd(*sb.MonthlyUSD), usd(sb.MonthlyUSD.Sub(marg))))
			} else {
				rec.Reasons = append(rec.Reasons, "no serverless platform or managed service can run it: "+strings.Join(infeasibleSummary(cr), "; "))
			}
		} else {
			o := cr.option(bestPlat[i])
			rec.Platform, rec.Kind, rec.MonthlyUSD = bestPlat[i], o.Kind, *o.MonthlyUSD
			rec.Reasons = append(rec.Reasons, fmt.Sprintf("the cheapest feasible option at %s a month", usd(*o.MonthlyUSD)))
			if ru := runnerUp(cr, bestPlat[i], *o.MonthlyUSD); ru != "" {
				rec.Reasons = append(rec.Reasons, ru)
			}
			if o.Kind == Managed {
				rec.Reasons = append(rec.Reasons, selfRunReason(cr, *o.MonthlyUSD))
			}
		}
		rec.Reasons = append(rec.Reasons, softFactors(a, i, rec, clusters)...)
		cr.Recommendation = rec
	}
	return nil
}

// runnerUp names the cheapest other option on its own (for Kubernetes, a
// cluster of its own) and what it would take to win; when the component
// would add less than the chosen option to a cluster that existed anyway,
// it says so.
func runnerUp(cr *ComponentResult, chosen string, chosenCost decimal.Decimal) string {
	var best, cheapestMarginal *Option
	for k := range cr.Options {
		o := &cr.Options[k]
		if !o.Feasible || o.Platform == chosen || o.MonthlyUSD == nil {
			continue
		}
		if best == nil || o.MonthlyUSD.LessThan(*best.MonthlyUSD) {
			best = o
		}
		if o.MarginalUSD != nil && (cheapestMarginal == nil || o.MarginalUSD.LessThan(*cheapestMarginal.MarginalUSD)) {
			cheapestMarginal = o
		}
	}
	if best == nil {
		return "no other platform can run it"
	}
	s := fmt.Sprintf("runner-up: %s at %s a month; it would win if it cost %s less", best.Platform, usd(*best.MonthlyUSD), usd(best.MonthlyUSD.Sub(chosenCost)))
	if cheapestMarginal != nil && cheapestMarginal.MarginalUSD.LessThan(chosenCost) {
		n := platform.Name(cheapestMarginal.Platform)
		s += fmt.Sprintf("; on %s %s cluster that existed for other reasons it would add only %s", article(n), n, usd(*cheapestMarginal.MarginalUSD))
	}
	return s
}

// selfRunReason weighs a managed service against running the data store
// itself on a cluster (a StatefulSet with its volumes).
func selfRunReason(cr *ComponentResult, managed decimal.Decimal) string {
	var best *Option
	for k := range cr.Options {
		o := &cr.Options[k]
		if o.Feasible && o.Kind == Kubernetes && o.MarginalUSD != nil && (best == nil || o.MarginalUSD.LessThan(*best.MarginalUSD)) {
			best = o
		}
	}
	if best == nil {
		return "managed against self-run: no Kubernetes platform can run it here"
	}
	n := platform.Name(best.Platform)
	gap := managed.Sub(*best.MarginalUSD)
	if gap.IsPositive() {
		return fmt.Sprintf("managed against self-run: as a StatefulSet on %s %s cluster that exists anyway it would add %s, %s less, but the team would run its failover, backups and upgrades; the managed service's price includes them",
			article(n), n, usd(*best.MarginalUSD), usd(gap))
	}
	return fmt.Sprintf("managed against self-run: it costs %s less than running it as a StatefulSet even on %s %s cluster that exists anyway (%s), and the provider runs its failover, backups and upgrades",
		usd(gap.Neg()), article(n), n, usd(*best.MarginalUSD))
}

// infeasibleSummary lists the first reason of each infeasible serverless option.
func infeasibleSummary(cr *ComponentResult) []string {
	var out []string
	for _, o := range cr.Options {
		if standalone(o.Kind) && !o.Feasible && len(o.Reasons) > 0 {
			out = append(out, o.Platform+": "+o.Reasons[0])
		}
	}
	return out
}
