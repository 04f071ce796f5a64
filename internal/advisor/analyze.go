package advisor

import (
	"fmt"
	"math"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ReportVersion is the version of the analysis JSON layout.
const ReportVersion = 1

// Analysis is the whole answer for one spec.
type Analysis struct {
	Version    int    `json:"version"`
	Name       string `json:"name"`
	PricesAsOf string `json:"prices_as_of"`
	Region     string `json:"region"`
	// Regions are the regions whose prices apply, per cloud (the spec's
	// region and the other clouds' regions of its area).
	Regions       map[string]string `json:"regions,omitempty"`
	HoursPerMonth float64           `json:"hours_per_month"`
	FreeTier      bool              `json:"free_tier"`
	Seed          uint64            `json:"seed"`
	Components    []ComponentResult `json:"components"`
	Clusters      []ClusterResult   `json:"clusters"`
	Architectures []Architecture    `json:"architectures"`
	Notes         []string          `json:"notes,omitempty"`
	// Uncertainty is what the spec's ranges do to the costs and the
	// recommendation: set by analyze --uncertainty (RunUncertainty).
	Uncertainty *Uncertainty `json:"uncertainty,omitempty"`

	spec          *workload.Spec
	calls         *callModel
	teamEngineers float64
	teamCost      float64
}

// ComponentResult is every option for one component and the chosen one.
type ComponentResult struct {
	Name             string         `json:"name"`
	Type             string         `json:"type"`
	RequestsPerMonth float64        `json:"requests_per_month"`
	MeanRPS          float64        `json:"mean_rps"`
	PeakRPS          float64        `json:"peak_rps"`
	PeakConcurrency  float64        `json:"peak_concurrency"`
	Traffic          string         `json:"traffic"`
	Options          []Option       `json:"options"`
	Recommendation   Recommendation `json:"recommendation"`
}

// Option is one platform for one component.
type Option struct {
	Platform string `json:"platform"`
	Kind     Kind   `json:"kind"`
	Feasible bool   `json:"feasible"`
	// MonthlyUSD is the option's whole monthly cost; for Kubernetes, a cluster
	// of its own (control plane, nodes, people). Nil when infeasible.
	MonthlyUSD *decimal.Decimal `json:"monthly_usd"`
	// MarginalUSD is, for Kubernetes, what the component adds to the shared
	// cluster that hosts every component able to run there.
	MarginalUSD *decimal.Decimal `json:"marginal_usd,omitempty"`
	// Simulation is the serverless simulator's month for this option.
	Simulation *Simulation `json:"simulation,omitempty"`
	// Cluster is this component's latency on the simulated shared cluster.
	Cluster   *DeploymentSim     `json:"cluster_simulation,omitempty"`
	LineItems []pricing.LineItem `json:"line_items"`
	Reasons   []string           `json:"reasons"`
	Sources   []string           `json:"sources,omitempty"`
	bill      *pricing.Bill
}

// Recommendation is where the recommended architecture puts a component.
type Recommendation struct {
	Platform   string          `json:"platform"`
	Kind       Kind            `json:"kind"`
	MonthlyUSD decimal.Decimal `json:"monthly_usd"`
	Reasons    []string        `json:"reasons"`
}

// Architecture is a whole-system placement with its monthly cost.
type Architecture struct {
	Name       string           `json:"name"`
	Feasible   bool             `json:"feasible"`
	MonthlyUSD *decimal.Decimal `json:"monthly_usd"`
	Placement  []Placement      `json:"placement,omitempty"`
	// CrossCloudUSD is the traffic between clouds a multi-cloud placement
	// pays, included in MonthlyUSD (docs/cost-model.md#clouds).
	CrossCloudUSD *decimal.Decimal `json:"cross_cloud_usd,omitempty"`
	// CallsUSD is the traffic of the spec's calls between the placements of
	// caller and callee, included in MonthlyUSD; CallLineItems itemise it
	// (docs/cost-model.md#calls).
	CallsUSD      *decimal.Decimal   `json:"calls_usd,omitempty"`
	CallLineItems []pricing.LineItem `json:"call_line_items,omitempty"`
	crossCalls    decimal.Decimal    // the part of CallsUSD between clouds
	Reasons       []string           `json:"reasons,omitempty"`
}

// Placement is one component's platform in an architecture.
type Placement struct {
	Component string `json:"component"`
	Platform  string `json:"platform"`
}

// Analyze prices every feasible option of every component and finds the
// cheapest placement of the whole system. spec must be validated and have
// its defaults applied.
func Analyze(spec *workload.Spec, cat *catalog.Catalog, opts Options) (*Analysis, error) {
	if opts.Shape == nil {
		opts.Shape = traffic.FromSpec
	}
	cat, err := cat.InRegion(spec.Region)
	if err != nil {
		return nil, fmt.Errorf("region: %w", err)
	}
	e := env{cat: cat, spec: spec, opts: opts}
	rules, err := compileRules(spec.Rules)
	if err != nil {
		return nil, err
	}
	a := &Analysis{Version: ReportVersion, Name: spec.Name, PricesAsOf: cat.AsOf, Region: spec.Region, Regions: regionsOf(cat, spec.Region),
		HoursPerMonth: spec.HoursPerMonth, FreeTier: spec.FreeTier, Seed: spec.Seed,
		spec: spec, teamEngineers: spec.Team.PlatformEngineers, teamCost: spec.Team.EngineerCostPerYear}
	platforms := workload.Platforms
	if len(spec.Platforms) > 0 {
		platforms = spec.Platforms
	}
	n := len(spec.Components)
	demands := make([]demand, n)
	clusters := map[string]*clusterModel{}
	for _, p := range platforms {
		if kindOf(p) == Kubernetes {
			m, err := newClusterModel(e, p)
			if err != nil {
				return nil, err
			}
			clusters[p] = m
		}
	}
	best := make([]float64, n) // cheapest serverless option per component
	bestPlat := make([]string, n)
	a.Components = make([]ComponentResult, n)
	for i, c := range spec.Components {
		shape, err := opts.Shape(c.Traffic, spec.Seed)
		if err != nil {
			return nil, fmt.Errorf("component %s: %w", c.Name, err)
		}
		d := platform.NewWork(c, spec.HoursPerMonth, shape, spec.FreeTier)
		demands[i] = d
		cr := ComponentResult{Name: c.Name, Type: string(c.Type), RequestsPerMonth: c.RequestsPerMonth,
			MeanRPS: d.Rate, PeakRPS: d.PeakRate(), PeakConcurrency: d.PeakConcurrency(), Traffic: shape.String()}
		best[i] = math.Inf(1)
		for _, p := range platforms {
			if kindOf(p) == Managed && !c.IsData() {
				continue // a managed data service is no place for code
			}
			opt := Option{Platform: p, Kind: kindOf(p), LineItems: []pricing.LineItem{}, Reasons: []string{}}
			why := feasibility(cat, c, p)
			if opt.Kind == Kubernetes && len(why) == 0 {
				why = clusters[p].add(i, d)
			}
			if len(why) > 0 {
				opt.Reasons = reasonTexts(why)
				cr.Options = append(cr.Options, opt)
				continue
			}
			opt.Feasible = true
			cr.Options = append(cr.Options, opt)
		}
		a.Components[i] = cr
	}
	if err := a.priceServerless(e, demands, rules, best, bestPlat); err != nil {
		return nil, err
	}
	if err := a.priceManaged(e, demands, rules, best, bestPlat); err != nil {
		return nil, err
	}
	if err := a.priceKubernetes(e, platforms, clusters, rules); err != nil {
		return nil, err
	}
	if err := a.place(e, demands, clusters, best, bestPlat); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(1, 1)
	}
	return a, nil
}

// Options are the adapters' hooks into an analysis.
type Options struct {
	// NoSimulation prices serverless options from average rates only, without
	// running the serverless simulator (faster; no cold-start figures).
	NoSimulation bool
	// Shape turns a component's traffic block into a shape. The default,
	// traffic.FromSpec, knows the built-in shapes; the CLI passes one that
	// also loads trace files.
	Shape func(t workload.Traffic, seed uint64) (traffic.Shape, error)
	// Lean leaves out what a growth plan does not read: the cluster
	// timelines, the simulations of all-kubernetes' cluster and of clusters
	// shown only (the shared clusters are still simulated, to judge their
	// members' latency), and the named hybrid and environment
	// architectures. The options, the placement search and the
	// recommendation are the same as without it.
	Lean bool
	// Sims, when set, memoises the simulators across analyses of one spec at
	// different volumes (see SimMemo); nil simulates every option and
	// cluster at its own rate.
	Sims *SimMemo
	// Hints, when set, speeds the placement search up with the placements
	// of analyses of the same spec at other volumes (PlacementHints).
	Hints *PlacementHints
	// Progress, when set, hears how many of the analysis's simulations are
	// done (the serverless options', then the clusters and the placement as
	// the last step); it is called from several goroutines, never at once.
	Progress func(done, total int)
}

func (cr *ComponentResult) option(platform string) *Option {
	for k := range cr.Options {
		if cr.Options[k].Platform == platform {
			return &cr.Options[k]
		}
	}
	return nil
}

func (o *Option) setBill(b *pricing.Bill) {
	o.bill = b
	t := b.Total
	o.MonthlyUSD = &t
	o.LineItems = b.LineItems
	o.Sources = b.Sources
	o.Reasons = append(o.Reasons, b.Notes...)
}

func (m *clusterModel) memberSet() []int {
	var s []int
	for i := range m.members {
		s = append(s, i)
	}
	slices.Sort(s)
	return s
}

// marginal is what component i adds to the cluster of set.
func (m *clusterModel) marginal(set []int, i int, with *ClusterResult) (decimal.Decimal, error) {
	// Both sides from the same (hour-by-hour) model and its node-type
	// choice, even when the cluster's own bill has since been replaced by
	// a simulated one, perhaps on the runner-up type (simulateCluster).
	total := with.Bill.Total
	if with.EstimatedUSD != nil {
		est, err := m.size(slices.Clone(set))
		if err != nil {
			return decimal.Zero, err
		}
		total = est.Bill.Total
	}
	rest := slices.DeleteFunc(slices.Clone(set), func(j int) bool { return j == i })
	if len(rest) == 0 {
		return total, nil
	}
	without, err := m.size(rest)
	if err != nil {
		return decimal.Zero, err
	}
	return total.Sub(without.Bill.Total), nil
}

func clusterReasons(r *ClusterResult, m *clusterModel) []string {
	out := []string{fmt.Sprintf("alone it needs a cluster of %.1f %s nodes on average (peak %d), its CPU %.0f%% used", r.MeanNodes, r.NodeTypesLabel(), r.MaxNodes, r.CPUUtilization*100)}
	if r.NodeChoice != nil {
		out = append(out, "node type "+r.NodeChoice.Why)
	}
	if r.GPUNodeType != "" {
		out = append(out, fmt.Sprintf("GPU replicas run on %s nodes (%.0f node-hours)", r.GPUNodeType, r.GPUNodeHours))
	}
	if r.CPUUtilization < 0.3 {
		out = append(out, fmt.Sprintf("the nodes would be mostly idle (%.0f%% CPU used; clusters pay off at 60–70%%)", r.CPUUtilization*100))
	}
	if eng := m.clusterEngineers(); eng > 0 {
		out = append(out, "includes "+some(eng, "engineer")+" to run the cluster")
	}
	return out
}

// regionsOf maps each cloud to the region whose prices apply.
func regionsOf(cat *catalog.Catalog, region string) map[string]string {
	in := cat.RegionsIn(region)
	if len(in) == 0 {
		return nil
	}
	return in
}

// NodeTypesLabel names the cluster's general node types: "m7g.2xlarge", or
// "m7g.2xlarge + m7g.large" for a pool with a smaller type for the remainder.
func (r ClusterResult) NodeTypesLabel() string {
	label := r.NodeType
	if r.NodeChoice != nil && r.NodeChoice.With != "" {
		label += " + " + r.NodeChoice.With
	}
	return label
}

func reasonTexts(rs []Reason) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		if r.Source != "" {
			out = append(out, fmt.Sprintf("%s (source: %s)", r.Text, r.Source))
		} else {
			out = append(out, r.Text)
		}
	}
	return out
}

func usd(d decimal.Decimal) string { return pricing.FormatUSD(d) }

func decimalOf(f float64) decimal.Decimal { return decimal.NewFromFloat(f).Round(2) }

// priceServerless simulates each feasible serverless option's month where a
// simulator preset exists, then prices it with the simulated usage and,
// where the p99 SLO needs it, the provisioned concurrency that restores it.
// best and bestPlat receive each component's cheapest serverless option.
func (a *Analysis) priceServerless(e env, demands []demand, rules userRules, best []float64, bestPlat []string) error {
	var jobs []*simJob
	caps := map[[2]int]capPlan{}
	for i := range a.Components {
		for k := range a.Components[i].Options {
			opt := &a.Components[i].Options[k]
			if !opt.Feasible || opt.Kind != Serverless {
				continue
			}
			cp := instanceCap(e, demands[i], opt.Platform)
			if cp.infeasible.Text != "" {
				opt.Feasible, opt.Reasons = false, reasonTexts([]Reason{cp.infeasible})
				continue
			}
			caps[[2]int{i, k}] = cp
			if simulatable(opt.Platform) && !e.opts.NoSimulation && demands[i].Rate > 0 {
				jobs = append(jobs, &simJob{comp: i, opt: k, d: demands[i], platform: opt.Platform,
					conc: simConcurrency(demands[i], opt.Platform), seed: seedFor(e.spec.Seed, demands[i].C.Name, opt.Platform),
					maxInstances: cp.max, defaultMax: cp.defaultMax})
			}
		}
	}
	runSims(e, jobs)
	outcomes := map[[2]int]*simJob{}
	for _, j := range jobs {
		if j.out.err != nil {
			return fmt.Errorf("simulate %s on %s: %w", demands[j.comp].C.Name, j.platform, j.out.err)
		}
		outcomes[[2]int{j.comp, j.opt}] = j
	}
	for i := range a.Components {
		c := e.spec.Components[i]
		for k := range a.Components[i].Options {
			opt := &a.Components[i].Options[k]
			if !opt.Feasible || opt.Kind != Serverless {
				continue
			}
			cp := caps[[2]int{i, k}]
			d := demands[i]
			d.Usage = simAdjust{MaxInstances: cp.max, DefaultMaxInstances: cp.defaultMax}
			j := outcomes[[2]int{i, k}]
			if j != nil {
				opt.Simulation = j.out.sim
				d.Usage = adjustFor(j, e.hours())
				if why := sloInfeasible(j); why != "" {
					opt.Feasible, opt.Reasons = false, []string{why}
					continue
				}
				if why := simDegraded(j.out.sim, serviceP99MS(j.d)); why != "" {
					opt.Simulation.Degraded = why
					if c.LatencySLOP99MS > 0 && j.out.fix == nil {
						opt.Feasible, opt.Reasons = false, []string{sloDegraded(why, c.LatencySLOP99MS)}
						continue
					}
				}
			}
			b, notes, err := serverlessBill(e, d, opt.Platform)
			if err != nil {
				return err
			}
			why, err := rules.check(c, opt.Platform, opt.Kind, b.Total.InexactFloat64())
			if err != nil {
				return err
			}
			if len(why) > 0 {
				opt.Feasible, opt.Reasons = false, why
				continue
			}
			opt.setBill(b)
			opt.Reasons = append(opt.Reasons, reasonTexts(notes)...)
			if j != nil {
				if opt.Simulation.Degraded != "" {
					opt.Reasons = append([]string{opt.Simulation.Degraded}, opt.Reasons...)
				}
				opt.Reasons = append(opt.Reasons, simReasons(j, d.Usage)...)
				if d.Usage.Provisioned > 0 {
					base := d
					base.Usage.Provisioned, base.Usage.ProvisionedShare = 0, 0
					bb, _, err := serverlessBill(e, base, opt.Platform)
					if err != nil {
						return err
					}
					extra := b.Total.Sub(bb.Total)
					opt.Simulation.ProvisionedUSD = &extra
				}
			}
			if f := b.Total.InexactFloat64(); f < best[i] {
				best[i], bestPlat[i] = f, opt.Platform
			}
		}
	}
	return nil
}

// clusterCannotWin reports whether m's cluster cannot be part of the
// recommended placement: any placement using it costs at least its empty
// cluster (control plane, minimum nodes, people), and the recommendation
// costs at most the cheapest single-cloud placement without a cluster
// (standaloneBound). A lean analysis (a growth plan's month) then skips the
// simulation that judges the shared cluster's latency: the plan reads
// nothing that depends on it. *bound caches standaloneBound.
func (a *Analysis) clusterCannotWin(e env, m *clusterModel, bound *float64) bool {
	if math.IsNaN(*bound) {
		*bound = a.standaloneBound(e)
	}
	if math.IsInf(*bound, 1) {
		return false
	}
	empty, err := m.size([]int{})
	if err != nil {
		return false
	}
	return empty.Bill.Total.InexactFloat64() > *bound+pruneMargin
}

// standaloneBound is the cost of the cheapest single-cloud placement (on
// the spec's cloud when it names one) with every component on its
// cheapest option priced alone, the calls' traffic included; +Inf when no
// cloud can run every component that way.
func (a *Analysis) standaloneBound(e env) float64 {
	names := make([]string, len(a.Components))
	for i, c := range a.Components {
		names[i] = c.Name
	}
	calls, err := newCallModel(e, names)
	if err != nil {
		return math.Inf(1)
	}
	bound := math.Inf(1)
	for _, cloud := range platform.CloudIDs {
		if e.spec.Cloud != "" && cloud != e.spec.Cloud {
			continue
		}
		best, plat := a.bestAlone(cloud)
		total := 0.0
		for _, f := range best {
			total += f
		}
		if !math.IsInf(total, 1) {
			bound = min(bound, total+calls.cost(plat))
		}
	}
	return bound
}

// priceKubernetes prices each Kubernetes option: a cluster of its own (where
// the user's rules allow it), then its marginal cost on the shared cluster of
// every allowed component, which the report lists once.
func (a *Analysis) priceKubernetes(e env, platforms []string, clusters map[string]*clusterModel, rules userRules) error {
	bound := math.NaN() // standaloneBound, computed when first needed
	for _, p := range platforms {
		m := clusters[p]
		if m == nil {
			continue
		}
		alone := map[int]*ClusterResult{}
		for _, i := range m.memberSet() {
			r, err := m.size([]int{i})
			if err != nil {
				return err
			}
			opt := a.Components[i].option(p)
			if why, err := rules.check(e.spec.Components[i], opt.Platform, opt.Kind, r.Bill.Total.InexactFloat64()); err != nil {
				return err
			} else if len(why) > 0 {
				opt.Feasible, opt.Reasons = false, why
				delete(m.members, i)
				m.tuples, m.sized = nil, nil
				continue
			}
			alone[i] = r
		}
		all := m.memberSet()
		if len(all) == 0 {
			continue
		}
		shared, err := m.size(slices.Clone(all))
		if err != nil {
			return err
		}
		if !e.opts.NoSimulation && !(e.opts.Lean && a.clusterCannotWin(e, m, &bound)) {
			if shared, err = a.judgeCluster(e, m, shared); err != nil {
				return err
			}
			if all = m.memberSet(); len(all) == 0 {
				continue
			}
		}
		a.Clusters = append(a.Clusters, *shared)
		for _, i := range all {
			marg, err := m.marginal(all, i, shared)
			if err != nil {
				return err
			}
			opt := a.Components[i].option(p)
			opt.setBill(alone[i].Bill)
			opt.MarginalUSD = &marg
			opt.Reasons = append(opt.Reasons, clusterReasons(alone[i], m)...)
			opt.Reasons = append(opt.Reasons, fmt.Sprintf("on a cluster shared with every component that can run on %s it adds %s a month", platform.Name(p), usd(marg)))
		}
	}
	return nil
}
