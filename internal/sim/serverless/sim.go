// Package serverless is a discrete-event simulator of a function platform:
// Poisson (or shaped, or traced) arrivals, instances that serve up to a
// number of requests at once, cold starts, keep-alive, instance caps and
// scaling-rate limits, provisioned concurrency, and the billed quantities
// that follow. It is pure: no I/O, no clock, randomness only from the seed.
// The model and its sources are in docs/serverless-simulator.md.
package serverless

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/DataDog/sketches-go/ddsketch/mapping"
	"github.com/DataDog/sketches-go/ddsketch/store"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Overflow is what happens to a request that finds no free slot and may not
// start a new instance (cap reached, or scaling rate exhausted).
type Overflow string

// Overflow policies.
const (
	Reject Overflow = "reject" // throttled (Lambda's 429)
	Queue  Overflow = "queue"  // waits, first in first out, for a free slot
)

// Billing is how a platform meters duration.
type Billing string

// Billing models.
const (
	// PerRequest bills each request's duration (Lambda, Azure Functions):
	// concurrent requests on one instance are billed separately.
	PerRequest Billing = "per-request"
	// InstanceBusy bills an instance while it serves at least one request,
	// including its startup (Cloud Run request-based billing, Vercel fluid).
	InstanceBusy Billing = "instance-busy"
)

// Config is one platform configuration to simulate. Times are seconds.
type Config struct {
	WarmService Dist `json:"warm_service"`
	// ColdService is the time of a request that starts a new instance,
	// initialisation included. Zero means WarmService plus Init.
	ColdService Dist `json:"cold_service,omitzero"`
	// Init is the initialisation part of a cold request: it is left out of
	// the bill where the platform does not bill INIT, and with more than one
	// request per instance, requests sent to a starting instance wait for it.
	Init float64 `json:"init_s"`
	// KeepAlive is how long an idle instance lives after the end of its last
	// request (math.Inf(1): never reclaimed).
	KeepAlive              float64  `json:"keep_alive_s"`
	ConcurrencyPerInstance int      `json:"concurrency_per_instance"`
	MaxInstances           int      `json:"max_instances,omitempty"` // 0: no cap
	Overflow               Overflow `json:"overflow"`
	// QueueTimeout, with Overflow Queue, rejects a request that has waited
	// longer when a slot would take it (Cloud Run: 10 s, then 429). 0: none.
	QueueTimeout float64 `json:"queue_timeout_s,omitempty"`
	// Provisioned instances are started before the first request and never
	// reclaimed; requests use them first.
	Provisioned int `json:"provisioned,omitempty"`
	// ProvisionedSchedule, if set, replaces Provisioned with a daily
	// schedule: each step's count holds from its time of day (UTC) until the
	// next step's, wrapping at midnight. Offset places t = 0 in the day.
	ProvisionedSchedule []Step `json:"provisioned_schedule,omitempty"`
	// Offset is how far into the month (seconds; the month starts at 00:00
	// UTC) the simulation's t = 0 falls: the clock of the schedule, and of the
	// traffic shape in Simulate.
	Offset float64 `json:"offset_s,omitempty"`
	// ScaleBurst and ScalePerSecond are a token bucket on new instances: at
	// most ScaleBurst at once, refilled continuously at ScalePerSecond (Lambda:
	// 1,000 and 100). Both zero: no limit.
	ScaleBurst         float64 `json:"scale_burst,omitempty"`
	ScalePerSecond     float64 `json:"scale_per_s,omitempty"`
	MemoryMB           float64 `json:"memory_mb"`
	BillsInit          bool    `json:"bills_init"`
	Billing            Billing `json:"billing"`
	BillingGranularity float64 `json:"billing_granularity_s,omitempty"` // 0: exact
	// Horizon is how long requests arrive; Warmup is an initial part of it
	// left out of every statistic (the simulation starts with no instances).
	Horizon float64 `json:"horizon_s"`
	Warmup  float64 `json:"warmup_s,omitempty"`
	// Progress, if set, is called now and then with the fraction of the
	// horizon simulated.
	Progress func(done float64) `json:"-"`
}

// Validate reports every problem with c at once, as an Invalid error whose
// fields are named as the CLI flags are.
func (c Config) Validate() error {
	var ps errs.Problems
	add := func(field, format string, a ...any) {
		ps = append(ps, errs.Problem{Field: field, Message: fmt.Sprintf(format, a...)})
	}
	for _, m := range c.WarmService.validate("warm service") {
		add("warm-service", "%s", m)
	}
	if !c.ColdService.IsZero() {
		for _, m := range c.ColdService.validate("cold service") {
			add("cold-service", "%s", m)
		}
	}
	if c.Init < 0 || math.IsNaN(c.Init) || math.IsInf(c.Init, 0) {
		add("init", "%g s must be a finite duration ≥ 0", c.Init)
	}
	if !(c.KeepAlive > 0) {
		add("keep-alive", "%g s must be a positive duration", c.KeepAlive)
	}
	if c.ConcurrencyPerInstance < 1 {
		add("concurrency-per-instance", "%d must be at least 1", c.ConcurrencyPerInstance)
	}
	if c.MaxInstances < 0 {
		add("max-instances", "%d must be ≥ 0 (0 means no cap)", c.MaxInstances)
	}
	if c.Provisioned < 0 {
		add("provisioned", "%d must be ≥ 0", c.Provisioned)
	}
	if len(c.ProvisionedSchedule) > 0 && c.Provisioned != 0 {
		add("provisioned", "give a count or a schedule, not both")
	}
	for i, st := range c.ProvisionedSchedule {
		if st.From < 0 || st.From >= day || (i > 0 && st.From <= c.ProvisionedSchedule[i-1].From) {
			add("provisioned-schedule", "step %d starts at %g s: steps must start within the day (0 to 86400 s), in increasing order", i+1, st.From)
		}
		if st.Count < 0 || (c.MaxInstances > 0 && st.Count > c.MaxInstances) {
			add("provisioned-schedule", "step %d has %d instances (valid: 0 to the instance cap)", i+1, st.Count)
		}
	}
	if c.MaxInstances > 0 && c.Provisioned > c.MaxInstances {
		add("provisioned", "%d is above the instance cap --max-instances %d (provisioned instances count against it)", c.Provisioned, c.MaxInstances)
	}
	if c.QueueTimeout < 0 || math.IsNaN(c.QueueTimeout) {
		add("queue-timeout", "%g s must be ≥ 0 (0: wait without limit)", c.QueueTimeout)
	}
	if c.Overflow != Reject && c.Overflow != Queue {
		add("overflow", "%q is not a policy (valid: reject, queue)", c.Overflow)
	}
	if c.ScaleBurst < 0 || c.ScalePerSecond < 0 || (c.ScaleBurst == 0) != (c.ScalePerSecond == 0) {
		add("scale", "burst %g and rate %g/s must both be positive, or both 0 for no limit", c.ScaleBurst, c.ScalePerSecond)
	} else if c.ScaleBurst > 0 && c.ScaleBurst < 1 {
		add("scale", "burst %g must be at least 1 instance", c.ScaleBurst)
	}
	if !(c.MemoryMB > 0) || math.IsInf(c.MemoryMB, 0) {
		add("memory-mb", "%g must be a positive number of MB", c.MemoryMB)
	}
	if c.Billing != PerRequest && c.Billing != InstanceBusy {
		add("billing", "%q is not a billing model (valid: per-request, instance-busy)", c.Billing)
	}
	if c.BillingGranularity < 0 {
		add("billing-granularity", "%g s must be ≥ 0", c.BillingGranularity)
	}
	if !(c.Horizon > 0) || math.IsInf(c.Horizon, 0) {
		add("horizon", "%g s must be a positive, finite duration", c.Horizon)
	}
	if c.Warmup < 0 || (c.Horizon > 0 && c.Warmup >= c.Horizon) {
		add("warmup", "%g s must be ≥ 0 and shorter than the horizon", c.Warmup)
	}
	return ps.Err()
}

// Latency holds end-to-end latency percentiles in milliseconds (queueing and
// initialisation included), read from a DDSketch with 1 % relative accuracy
// fed from 0.8 %-wide histogram buckets; mean and max are exact.
type Latency struct {
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p999"`
	Mean float64 `json:"mean"`
	Max  float64 `json:"max"`
}

// Result is what one simulation measured over [Warmup, Horizon].
type Result struct {
	Requests             int64   `json:"requests"`
	Served               int64   `json:"served"`
	ColdStarts           int64   `json:"cold_starts"`
	ColdRequests         int64   `json:"cold_requests"`
	ColdStartProbability float64 `json:"cold_start_probability"`
	Rejected             int64   `json:"rejected"`
	RejectionProbability float64 `json:"rejection_probability"`
	Queued               int64   `json:"queued"`
	MeanInstances        float64 `json:"mean_instances"`
	MeanRunningInstances float64 `json:"mean_running_instances"`
	MeanIdleInstances    float64 `json:"mean_idle_instances"`
	MaxInstances         int     `json:"max_instances"`
	MaxConcurrency       int     `json:"max_concurrency"`
	MeanConcurrency      float64 `json:"mean_concurrency"`
	Utilization          float64 `json:"utilization"`
	Latency              Latency `json:"latency_ms"`
	// BilledGBSeconds is the metered duration × memory under the platform's
	// billing model (INIT included where billed), on-demand and provisioned
	// instances together; the two parts follow.
	BilledGBSeconds            float64 `json:"billed_gb_seconds"`
	BilledOnDemandGBSeconds    float64 `json:"billed_on_demand_gb_seconds"`
	BilledProvisionedGBSeconds float64 `json:"billed_provisioned_gb_seconds"`
	// ProvisionedGBSeconds is the configured provisioned capacity × time.
	ProvisionedGBSeconds float64 `json:"provisioned_gb_seconds"`
	InstanceSeconds      float64 `json:"instance_seconds"`
	BusyInstanceSeconds  float64 `json:"busy_instance_seconds"`
	RequestSeconds       float64 `json:"request_seconds"`
	MeasuredSeconds      float64 `json:"measured_seconds"`
	Seed                 uint64  `json:"seed"`

	sketch *ddsketch.DDSketch
	latSum float64 // sum of latencies (ms), for merging means
}

// Sketch returns the latency sketch (milliseconds), for merging results.
func (r *Result) Sketch() *ddsketch.DDSketch { return r.sketch }

// instance is one execution environment.
type instance struct {
	born      float64
	busySince float64
	readyAt   float64
	active    int32
	pos       int32 // index in its partial set, -1 when not partial
	prov      bool
}

type idleRec struct {
	since float64
	id    int32
}

type engine struct {
	c           int32
	cap         int
	keep        float64
	init        float64
	billsInit   bool
	perRequest  bool
	gran        float64
	gb          float64
	reject      bool
	qTimeout    float64
	burst, rate float64
	t0, t1      float64

	rng        *rand.Rand
	warm, cold sampler

	insts       []instance
	free        []int32
	heap        evHeap
	idle        ring[idleRec]
	provIdle    []int32
	provPartial []int32
	odPartial   []int32
	queue       ring[float64]
	live        int
	inFlight    int
	tokens      float64
	tokT        float64
	wakePending bool

	sched     []Step
	offset    float64
	provCount int     // instances currently provisioned
	provSince float64 // when provCount last changed
	provSecs  float64 // ∫ provCount dt over the measured window

	res    Result
	billOD float64
	billPv float64
	lat    *hist
}

func newSketch() *ddsketch.DDSketch {
	m, err := mapping.NewCubicallyInterpolatedMapping(0.01)
	if err != nil {
		panic(err) // 0.01 is a valid accuracy; this cannot fail
	}
	return ddsketch.NewDDSketch(m, store.NewDenseStore(), store.NewDenseStore())
}

// Simulate runs cfg against Poisson traffic tr, with arrivals and service
// times drawn from seed.
func Simulate(cfg Config, tr Traffic, seed uint64) (Result, error) {
	if !(tr.Rate > 0) || math.IsInf(tr.Rate, 0) {
		return Result{}, errs.E(errs.Invalid, errs.Problems{{Field: "arrival-rate", Message: fmt.Sprintf("%g must be a positive number of requests per second", tr.Rate)}})
	}
	tr.Offset += cfg.Offset
	return Run(cfg, NewArrivals(tr, cfg.Horizon, seed), seed)
}

// Run simulates cfg against arrivals (consumed up to cfg.Horizon), drawing
// service times from seed. Memory does not grow with the number of requests:
// it is bounded by the number of instances (and, when overflow queues, by the
// queue length).
func Run(cfg Config, arr Arrivals, seed uint64) (Result, error) {
	if cfg.ConcurrencyPerInstance == 0 {
		cfg.ConcurrencyPerInstance = 1
	}
	if cfg.Overflow == "" {
		cfg.Overflow = Reject
	}
	if cfg.Billing == "" {
		cfg.Billing = PerRequest
	}
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	cold := cfg.ColdService
	if cold.IsZero() {
		cold = cfg.WarmService
		cold.Offset += cfg.Init
	}
	e := &engine{
		c:          int32(cfg.ConcurrencyPerInstance),
		cap:        cfg.MaxInstances,
		keep:       cfg.KeepAlive,
		init:       cfg.Init,
		billsInit:  cfg.BillsInit,
		perRequest: cfg.Billing == PerRequest,
		gran:       cfg.BillingGranularity,
		gb:         cfg.MemoryMB / 1024,
		reject:     cfg.Overflow == Reject,
		qTimeout:   cfg.QueueTimeout,
		burst:      cfg.ScaleBurst,
		rate:       cfg.ScalePerSecond,
		tokens:     cfg.ScaleBurst,
		t0:         cfg.Warmup,
		t1:         cfg.Horizon,
		rng:        rand.New(rand.NewPCG(seed, streamService)),
		warm:       newSampler(cfg.WarmService),
		cold:       newSampler(cold),
		lat:        new(hist),
	}
	e.res.Seed = seed
	e.sched, e.offset = cfg.ProvisionedSchedule, cfg.Offset
	initial := cfg.Provisioned
	if len(e.sched) > 0 {
		initial = e.sched[e.stepAt(0)].Count
		e.pushTick(0)
	}
	for range initial {
		id := e.newInstance(math.Inf(-1), true)
		e.insts[id].readyAt = math.Inf(-1)
		e.provIdle = append(e.provIdle, id)
	}
	e.provCount, e.provSince = initial, math.Inf(-1)
	e.res.MaxInstances = initial
	var n uint32
	measuring := false
	for {
		t, ok := arr.Next()
		if !ok || t > e.t1 {
			break
		}
		if !measuring && t >= e.t0 {
			// The instances alive when measuring starts count towards the
			// peak too: after a warm-up that built the whole population, the
			// window may start none of its own.
			for len(e.heap) > 0 && e.heap[0].t < e.t0 {
				e.handle(e.heap.pop())
			}
			measuring = true
			e.res.MaxInstances = max(e.res.MaxInstances, e.live)
		}
		for len(e.heap) > 0 && e.heap[0].t <= t {
			e.handle(e.heap.pop())
		}
		e.arrive(t)
		n++
		if n&0xfffff == 0 && cfg.Progress != nil {
			cfg.Progress(t / e.t1)
		}
	}
	for len(e.heap) > 0 {
		e.handle(e.heap.pop())
	}
	e.finish(cfg)
	if cfg.Progress != nil {
		cfg.Progress(1)
	}
	return e.res, nil
}

// overlap is the length of [a, b] inside the measured window.
func (e *engine) overlap(a, b float64) float64 {
	if a < e.t0 {
		a = e.t0
	}
	if b > e.t1 {
		b = e.t1
	}
	if b <= a {
		return 0
	}
	return b - a
}

func (e *engine) newInstance(t float64, prov bool) int32 {
	var id int32
	if n := len(e.free); n > 0 {
		id = e.free[n-1]
		e.free = e.free[:n-1]
	} else {
		id = int32(len(e.insts))
		e.insts = append(e.insts, instance{})
	}
	e.insts[id] = instance{born: t, readyAt: t + e.init, pos: -1, prov: prov}
	e.live++
	if e.live > e.res.MaxInstances && t >= e.t0 {
		e.res.MaxInstances = e.live
	}
	return id
}

// reclaim ends an idle on-demand instance at the end of its keep-alive.
func (e *engine) reclaim(r idleRec) {
	in := &e.insts[r.id]
	e.res.InstanceSeconds += e.overlap(in.born, r.since+e.keep)
	e.live--
	e.free = append(e.free, r.id)
}

// mayStart reports whether a new on-demand instance may start at t, and
// takes a scaling token if so.
func (e *engine) mayStart(t float64) bool {
	if e.cap > 0 && e.live >= e.cap {
		return false
	}
	if e.rate > 0 {
		e.tokens += (t - e.tokT) * e.rate
		if e.tokens > e.burst {
			e.tokens = e.burst
		}
		e.tokT = t
		// A token that is one but for rounding counts as whole: otherwise the
		// wake-up scheduled for it lands a few ulps later, again and again.
		if e.tokens < 1-1e-9 {
			return false
		}
		e.tokens = math.Max(e.tokens-1, 0)
	}
	return true
}

// pick returns an instance with a free slot, or -1: provisioned before
// on-demand, partly busy before idle (packing), most recently used first.
func (e *engine) pick() int32 {
	if n := len(e.provPartial); n > 0 {
		return e.provPartial[n-1]
	}
	if n := len(e.provIdle); n > 0 {
		id := e.provIdle[n-1]
		e.provIdle = e.provIdle[:n-1]
		return id
	}
	if n := len(e.odPartial); n > 0 {
		return e.odPartial[n-1]
	}
	if e.idle.len() > 0 {
		return e.idle.popBack().id
	}
	return -1
}

func (e *engine) partialSet(in *instance) *[]int32 {
	if in.prov {
		return &e.provPartial
	}
	return &e.odPartial
}

func (e *engine) addPartial(id int32) {
	in := &e.insts[id]
	s := e.partialSet(in)
	in.pos = int32(len(*s))
	*s = append(*s, id)
}

func (e *engine) removePartial(id int32) {
	in := &e.insts[id]
	s := e.partialSet(in)
	last := (*s)[len(*s)-1]
	(*s)[in.pos] = last
	e.insts[last].pos = in.pos
	*s = (*s)[:len(*s)-1]
	in.pos = -1
}

func (e *engine) arrive(t float64) {
	measured := t >= e.t0
	if measured {
		e.res.Requests++
	}
	for e.idle.len() > 0 {
		f := e.idle.front()
		if f.since+e.keep >= t {
			break
		}
		e.reclaim(e.idle.popFront())
	}
	if e.queue.len() > 0 {
		e.queue.pushBack(t)
		if measured {
			e.res.Queued++
		}
		e.grow(t)
		return
	}
	if id := e.pick(); id >= 0 {
		e.start(id, t, t, false, false)
		return
	}
	if e.mayStart(t) {
		id := e.newInstance(t, false)
		if measured {
			e.res.ColdStarts++
		}
		e.start(id, t, t, true, false)
		return
	}
	if e.reject {
		if measured {
			e.res.Rejected++
		}
		return
	}
	e.queue.pushBack(t)
	if measured {
		e.res.Queued++
	}
	e.scheduleWake(t)
}

// dropExpired rejects queued requests that have waited longer than the
// queue timeout by t (the queue is in arrival order, so they are at its head).
func (e *engine) dropExpired(t float64) {
	if e.qTimeout == 0 {
		return
	}
	for e.queue.len() > 0 && t-*e.queue.front() > e.qTimeout {
		if ta := e.queue.popFront(); ta >= e.t0 {
			e.res.Rejected++
		}
	}
}

// handle dispatches one event: a completion, or (id −1) the moment the
// scaling-rate bucket holds a token again while requests are queued.
func (e *engine) handle(ev event) {
	switch {
	case ev.id == tickID:
		e.reprovision(ev.t)
		e.pushTick(ev.t)
	case ev.id < 0:
		e.wakePending = false
		e.grow(ev.t)
	default:
		e.complete(ev.t, ev.id)
	}
}

// tickID marks a provisioned-schedule step in the event heap.
const tickID = -2

// stepAt is the index of the schedule step in force at simulated time t.
func (e *engine) stepAt(t float64) int {
	tod := math.Mod(t+e.offset, day)
	if tod < 0 {
		tod += day
	}
	i := len(e.sched) - 1 // before the first step: the last one, from yesterday
	for j, st := range e.sched {
		if st.From <= tod+1e-9 {
			i = j
		}
	}
	return i
}

// pushTick schedules the next step change after t, if it falls inside the
// horizon.
func (e *engine) pushTick(t float64) {
	if len(e.sched) < 2 {
		return
	}
	tod := math.Mod(t+e.offset, day)
	next := math.Inf(1)
	for _, st := range e.sched {
		d := st.From - tod
		if d <= 1e-9 {
			d += day
		}
		next = math.Min(next, d)
	}
	if at := t + next; at < e.t1 {
		e.heap.push(event{t: at, id: tickID})
	}
}

// reprovision moves the provisioned count to the schedule's at t: new
// instances are ready at once; surplus idle ones are reclaimed at once and
// surplus busy ones become on-demand instances (kept alive, then, by the
// keep-alive like any other).
func (e *engine) reprovision(t float64) {
	n := e.sched[e.stepAt(t)].Count
	if n == e.provCount {
		return
	}
	e.provSecs += float64(e.provCount) * e.overlap(e.provSince, t)
	for e.provCount < n {
		id := e.newInstance(t, true)
		e.insts[id].readyAt = t
		e.provIdle = append(e.provIdle, id)
		e.provCount++
	}
	for e.provCount > n && len(e.provIdle) > 0 {
		id := e.provIdle[len(e.provIdle)-1]
		e.provIdle = e.provIdle[:len(e.provIdle)-1]
		e.res.InstanceSeconds += e.overlap(e.insts[id].born, t)
		e.live--
		e.free = append(e.free, id)
		e.provCount--
	}
	for i := range e.insts {
		if e.provCount == n {
			break
		}
		in := &e.insts[i]
		if !in.prov || in.active == 0 {
			continue
		}
		if in.pos >= 0 {
			e.removePartial(int32(i))
			in.prov = false
			e.addPartial(int32(i))
		} else {
			in.prov = false
		}
		e.provCount--
	}
	e.provSince = t
}

// scheduleWake arranges for grow to run when the next scaling token is
// due, if requests are queued because the scaling rate (not the cap) held
// them back.
func (e *engine) scheduleWake(t float64) {
	if e.wakePending || e.rate == 0 || e.queue.len() == 0 || (e.cap > 0 && e.live >= e.cap) {
		return
	}
	e.wakePending = true
	e.heap.push(event{t: t + (1-e.tokens)/e.rate, id: -1})
}

// grow starts new instances for queued requests while limits allow.
func (e *engine) grow(t float64) {
	for e.queue.len() > 0 {
		e.dropExpired(t)
		if e.queue.len() == 0 || !e.mayStart(t) {
			break
		}
		id := e.newInstance(t, false)
		ta := e.queue.popFront()
		if ta >= e.t0 {
			e.res.ColdStarts++
		}
		e.start(id, ta, t, true, false)
		for e.queue.len() > 0 && e.insts[id].active < e.c {
			e.start(id, e.queue.popFront(), t, false, false)
		}
	}
	e.scheduleWake(t)
}

// start begins serving a request that arrived at ta, at ts, on instance id;
// cold means this request started the instance; handoff means it takes the
// slot of a request that just ended on the instance (so the instance's slot
// count, and its busy period, carry on unchanged).
func (e *engine) start(id int32, ta, ts float64, cold, handoff bool) {
	in := &e.insts[id]
	var d float64
	waited := cold
	if cold {
		d = e.cold.sample(e.rng)
	} else {
		if in.readyAt > ts {
			ts = in.readyAt
			waited = true
		}
		d = e.warm.sample(e.rng)
	}
	end := ts + d
	if !handoff {
		if in.active == 0 {
			in.busySince = ts
			if cold {
				in.busySince = in.born
			}
			if e.c > 1 {
				e.addPartial(id)
			}
		}
		in.active++
		if in.active == e.c && e.c > 1 {
			e.removePartial(id)
		}
		e.inFlight++
		if e.inFlight > e.res.MaxConcurrency && ts >= e.t0 {
			e.res.MaxConcurrency = e.inFlight
		}
	}
	e.heap.push(event{t: end, id: id})
	e.res.RequestSeconds += e.overlap(ts, end)
	if ta < e.t0 {
		return
	}
	e.res.Served++
	if waited {
		e.res.ColdRequests++
	}
	e.lat.add((end - ta) * 1000)
	if e.perRequest {
		b := d
		if cold && !e.billsInit {
			b -= e.init
			if b < 0 {
				b = 0
			}
		}
		b = e.round(b)
		if in.prov {
			e.billPv += b
		} else {
			e.billOD += b
		}
	}
}

func (e *engine) round(d float64) float64 {
	if e.gran > 0 {
		return math.Ceil(d/e.gran-1e-9) * e.gran
	}
	return d
}

func (e *engine) complete(t float64, id int32) {
	in := &e.insts[id]
	e.dropExpired(t)
	if e.queue.len() > 0 {
		// The freed slot takes the head of the queue at once.
		e.start(id, e.queue.popFront(), t, false, true)
		return
	}
	e.inFlight--
	if in.active == e.c && e.c > 1 {
		e.addPartial(id)
	}
	in.active--
	if in.active > 0 {
		return
	}
	if e.c > 1 {
		e.removePartial(id)
	}
	busy := e.overlap(in.busySince, t)
	e.res.BusyInstanceSeconds += busy
	if !e.perRequest && busy > 0 {
		if in.prov {
			e.billPv += e.round(busy)
		} else {
			e.billOD += e.round(busy)
		}
	}
	if in.prov {
		e.provIdle = append(e.provIdle, id)
	} else {
		e.idle.pushBack(idleRec{since: t, id: id})
	}
}

func (e *engine) finish(cfg Config) {
	for i := 0; i < e.idle.len(); i++ {
		r := e.idle.at(i)
		e.res.InstanceSeconds += e.overlap(e.insts[r.id].born, r.since+e.keep)
	}
	for _, id := range e.provIdle {
		e.res.InstanceSeconds += e.overlap(e.insts[id].born, e.t1)
	}
	r := &e.res
	w := e.t1 - e.t0
	r.MeasuredSeconds = w
	if r.Served > 0 {
		r.ColdStartProbability = float64(r.ColdRequests) / float64(r.Served)
	}
	if r.Requests > 0 {
		r.RejectionProbability = float64(r.Rejected) / float64(r.Requests)
	}
	r.MeanInstances = r.InstanceSeconds / w
	r.MeanRunningInstances = r.BusyInstanceSeconds / w
	r.MeanIdleInstances = r.MeanInstances - r.MeanRunningInstances
	r.MeanConcurrency = r.RequestSeconds / w
	if r.InstanceSeconds > 0 {
		r.Utilization = r.RequestSeconds / (r.InstanceSeconds * float64(e.c))
	}
	r.BilledOnDemandGBSeconds = e.billOD * e.gb
	r.BilledProvisionedGBSeconds = e.billPv * e.gb
	r.BilledGBSeconds = r.BilledOnDemandGBSeconds + r.BilledProvisionedGBSeconds
	e.provSecs += float64(e.provCount) * e.overlap(e.provSince, e.t1)
	r.ProvisionedGBSeconds = e.provSecs * e.gb
	r.sketch = e.lat.sketch()
	r.Latency = latencyOf(r.sketch)
	if e.lat.n > 0 {
		// Exact, not from the sketch.
		r.Latency.Mean = e.lat.sum / float64(e.lat.n)
		r.Latency.Max = e.lat.max
	}
}

func latencyOf(sk *ddsketch.DDSketch) Latency {
	if sk.IsEmpty() {
		return Latency{}
	}
	q, _ := sk.GetValuesAtQuantiles([]float64{0.5, 0.95, 0.99, 0.999})
	mx, _ := sk.GetMaxValue()
	return Latency{P50: q[0], P95: q[1], P99: q[2], P999: q[3], Mean: sk.GetSum() / sk.GetCount(), Max: mx}
}

// Step is one step of a daily provisioned schedule: Count instances from
// From seconds after midnight UTC.
type Step struct {
	From  float64 `json:"from_s"`
	Count int     `json:"count"`
}
