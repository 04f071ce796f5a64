package advisor

import (
	"fmt"
	"hash/fnv"
	"runtime"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
)

// Simulation is what the serverless simulator says about one option over
// the component's month of traffic (docs/serverless-simulator.md).
type Simulation struct {
	Method            string  `json:"method"`
	SimulatedRequests int64   `json:"simulated_requests"`
	ColdStartFraction float64 `json:"cold_start_fraction"`
	RejectedFraction  float64 `json:"rejected_fraction"`
	MeanInstances     float64 `json:"mean_instances"`
	MaxInstances      int     `json:"max_instances"`
	P50MS             float64 `json:"p50_ms"`
	P95MS             float64 `json:"p95_ms"`
	P99MS             float64 `json:"p99_ms"`
	P999MS            float64 `json:"p999_ms"`
	SLOP99MS          float64 `json:"slo_p99_ms,omitempty"`
	SLOMet            *bool   `json:"slo_met,omitempty"`
	// Degraded says why users are served badly (rejections, or a p99 far
	// above the service time's); empty when they are not.
	Degraded string `json:"degraded,omitempty"`
	// Provisioned is the provisioned concurrency (Lambda), minimum instances
	// (Cloud Run) or always-ready instances (Azure Flex) that restores the
	// SLO; the option's cost includes it.
	Provisioned      int              `json:"provisioned,omitempty"`
	ProvisionedP99MS float64          `json:"provisioned_p99_ms,omitempty"`
	ProvisionedUSD   *decimal.Decimal `json:"provisioned_usd,omitempty"`
	Seed             uint64           `json:"seed"`
}

// simBudget is the requests simulated per option and month (the simulator's
// stopping rule scales counts to the month; docs/serverless-simulator.md).
const simBudget = 60_000

// simJob is one option to simulate.
type simJob struct {
	comp, opt int
	d         demand
	platform  string
	conc      int
	seed      uint64
	// maxInstances is the instance cap the option is priced with, and
	// defaultMax the platform's default when that cap is raised.
	maxInstances, defaultMax int
	// provisionHint, when positive, is a guess of the provisioned count the
	// SLO needs (SimMemo's grid, from the rate below).
	provisionHint int
	out           simOutcome
}

type simOutcome struct {
	sim     *Simulation
	summary serverless.Summary
	fix     *serverless.SLOResult
	preset  serverless.Preset
	err     error
}

// seedFor derives a per-option seed from the spec's seed, so that options are
// independent yet every run of the same spec and seed is identical.
func seedFor(seed uint64, comp, platform string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%s/%s", seed, comp, platform)
	return h.Sum64()
}

// simulatable reports whether the serverless simulator has a preset for p.
func simulatable(p string) bool { return platform.Of(p).Simulated }

// runSims simulates every job on all cores; results land in each job.
func runSims(e env, jobs []*simJob) {
	work := make(chan *simJob)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				j.out = e.simulateJob(j)
				if e.opts.Progress != nil {
					mu.Lock()
					done++
					e.opts.Progress(done, len(jobs)+1) // +1: clusters and placement
					mu.Unlock()
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
}

func simulate(e env, j *simJob) simOutcome {
	c := j.d.C
	// A container image starts with the platform's container figure
	// (<platform>.init_ms.container); a runtime the platform has no figure
	// for starts like its default runtime.
	p, err := serverless.LoadPreset(e.cat, j.platform, string(c.Runtime), c.MemoryMB)
	if err != nil {
		p, err = serverless.LoadPreset(e.cat, j.platform, "", c.MemoryMB)
	}
	if err != nil {
		return simOutcome{err: err}
	}
	cfg := p.Config(serviceDist(j.d))
	if j.conc > 0 {
		cfg.ConcurrencyPerInstance = j.conc
	}
	if j.maxInstances > 0 {
		cfg.MaxInstances = j.maxInstances
	}
	month := serverless.Month{Rate: j.d.Rate, Shape: j.d.Shape, Seconds: j.d.Hours * 3600, Budget: simBudget}
	if e.opts.Sims != nil {
		// A plan's simulations: a smaller budget, kept to at high rates
		// with fewer hourly windows (SimMemo).
		month.Budget, month.MinWindows = planBudget, planWindows
	}
	s, err := serverless.MonthSummary(cfg, month, j.seed)
	if err != nil {
		return simOutcome{err: err}
	}
	out := simOutcome{summary: s, preset: p}
	sim := &Simulation{Method: s.Method, SimulatedRequests: s.SimulatedRequests, ColdStartFraction: s.ColdStartProbability,
		RejectedFraction: s.RejectionProbability, MeanInstances: s.MeanInstances, MaxInstances: s.MaxInstances,
		P50MS: s.Latency.P50, P95MS: s.Latency.P95, P99MS: s.Latency.P99, P999MS: s.Latency.P999, Seed: j.seed}
	if slo := c.LatencySLOP99MS; slo > 0 {
		met := s.Latency.P99 <= slo
		sim.SLOP99MS, sim.SLOMet = slo, &met
		// A fix exists only where the platform keeps instances warm on demand,
		// and only if the service time itself fits the SLO.
		if !met && provisionable(j.platform) && serviceP99MS(j.d) <= slo {
			fix, err := minProvisioned(cfg, month, slo, j.seed, j.provisionHint)
			if err != nil {
				return simOutcome{err: err}
			}
			out.fix = &fix
			sim.Provisioned, sim.ProvisionedP99MS = fix.Provisioned, fix.Summary.Latency.P99
		}
	}
	out.sim = sim
	return out
}

// provisionable: platforms with provisioned concurrency or minimum instances.
func provisionable(p string) bool { return platform.Of(p).Provisionable }

// simAdjust carries simulated usage into a serverless bill.
type simAdjust = platform.Usage

// simConcurrency is the requests one instance serves at once, as the cost
// model assumes (0 = the preset's).
func simConcurrency(d demand, id string) int { return platform.Must(id).Concurrency(d) }

// adjustFor turns a simulated month into bill inputs.
func adjustFor(j *simJob, hours float64) simAdjust {
	s, p := j.out.summary, j.out.preset
	if j.out.fix != nil && j.out.fix.Provisioned > 0 {
		s = j.out.fix.Summary
	}
	gb := j.d.C.MemoryMB / 1024
	adj := simAdjust{BusyInstanceSeconds: s.BusyInstanceSeconds, InstanceSeconds: s.InstanceSeconds,
		MaxInstances: j.maxInstances, DefaultMaxInstances: j.defaultMax}
	if p.BillsInit {
		adj.InitGBSeconds = float64(s.ColdRequests) * p.Init * gb
	}
	if j.out.fix != nil && j.out.fix.Provisioned > 0 {
		adj.Provisioned = j.out.fix.Provisioned
		if s.BilledGBSeconds > 0 {
			adj.ProvisionedShare = s.BilledProvisionedGBSeconds / s.BilledGBSeconds
		}
	}
	return adj
}

// sloInfeasible explains why an option cannot meet its p99 SLO, or "".
func sloInfeasible(j *simJob) string {
	sim := j.out.sim
	if sim.SLOMet == nil || *sim.SLOMet {
		return ""
	}
	slo := sim.SLOP99MS
	if serviceP99MS(j.d) > slo {
		return "" // the service time alone misses the SLO on every platform; reported, not decisive
	}
	if j.out.fix != nil && j.out.fix.Met {
		return ""
	}
	if !provisionable(j.platform) {
		return fmt.Sprintf("simulated p99 latency %.0f ms misses the %.0f ms SLO (cold starts in %.2f%% of requests) and %s cannot keep instances warm",
			sim.P99MS, slo, sim.ColdStartFraction*100, platform.Name(j.platform))
	}
	return fmt.Sprintf("simulated p99 latency %.0f ms misses the %.0f ms SLO even with %d instances kept warm", sim.ProvisionedP99MS, slo, sim.Provisioned)
}

// simReasons states the simulated figures in sentences.
func simReasons(j *simJob, adj simAdjust) []string {
	sim := j.out.sim
	out := []string{fmt.Sprintf("simulated (%s, seed %d): %.3f%% of requests start cold, p50 %.0f ms, p99 %.0f ms, %.1f instances on average",
		sim.Method, sim.Seed, sim.ColdStartFraction*100, sim.P50MS, sim.P99MS, sim.MeanInstances)}
	if sim.SLOMet != nil {
		switch {
		case *sim.SLOMet:
			out = append(out, fmt.Sprintf("meets the %.0f ms p99 SLO", sim.SLOP99MS))
		case adj.Provisioned > 0:
			out = append(out, fmt.Sprintf("misses the %.0f ms p99 SLO on demand; %d provisioned instances bring p99 to %.0f ms and are included in the cost", sim.SLOP99MS, adj.Provisioned, sim.ProvisionedP99MS))
		default:
			out = append(out, fmt.Sprintf("misses the %.0f ms p99 SLO: the service time alone (p99 %.0f ms) is above it", sim.SLOP99MS, serviceP99MS(j.d)))
		}
	}
	return out
}
