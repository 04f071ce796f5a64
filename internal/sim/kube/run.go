package kube

import (
	"math"
	"time"
)

type depStats struct {
	replicaSum  float64
	readySum    float64
	minReplicas int
	maxReplicas int
	busySum     float64 // Σ utilisation × step, over steps with ready pods
	busySteps   float64
	arrived     float64
	served      float64
	dropped     float64
	sloMinutes  int
	scaleEvents int
}

type minuteAcc struct {
	arrived, exceed, dropped float64
	comps                    []component
	rate                     float64
}

func (s *sim) run(horizon time.Duration, opt Options) *Result {
	step := opt.Step
	dt := step.Seconds()
	steps := int(horizon / step)
	stepsPerMinute := max(1, int(time.Minute/step))
	nTypes := len(s.cl.NodeTypes)
	nodeSteps := make([]float64, nTypes)
	nodeMax := make([]int, nTypes)
	counts := make([]int, nTypes)
	var totalSum float64
	totalMin, totalMax := math.MaxInt, 0
	var cpuUsed, cpuCap, cpuOverhead, cpuReq, cpuAlloc, memReq, memCap, memAlloc float64
	var cs *ClusterSeries
	var minuteCPUUsed, minuteCPUCap float64
	latencySeries := opt.Series && !opt.NoLatencySeries
	if opt.Series {
		cs = &ClusterSeries{Nodes: map[string][]int{}}
	}
	if latencySeries {
		for _, d := range s.deps {
			d.minute.comps = make([]component, 0, 4*stepsPerMinute)
		}
	}
	series := make([]*DeploymentSeries, len(s.deps))
	if opt.Series {
		for i := range series {
			series[i] = &DeploymentSeries{}
		}
	}

	for k := 0; k < steps; k++ {
		s.now = time.Duration(k) * step
		// Nodes that finished provisioning join; pods finish starting.
		for _, i := range s.active {
			n := s.nodes[i]
			if n.readyAt > s.now-step && n.readyAt <= s.now && k > 0 {
				s.dirty = true
			}
		}
		for _, d := range s.deps {
			s.promote(d)
		}
		// HPA syncs.
		for di, d := range s.deps {
			if k == 0 || k%d.syncEvery != 0 {
				continue
			}
			o := Observation{Current: d.replicas, Ready: d.ready, NotReady: len(d.pods) - d.ready, Value: d.metric}
			want := d.hpa.Sync(s.now, o)
			if want != d.replicas {
				d.st.scaleEvents++
				d.replicas = want
				s.resize(di, want)
			}
		}
		// Scheduler, then the cluster autoscaler.
		if s.anyPending() {
			s.schedulePending()
			if s.anyPending() {
				s.scaleUp(s.cl.CA.NodeProvision)
			}
		}
		s.scaleDown()

		// Traffic.
		mid := s.now + step/2
		minuteEnd := (k+1)%stepsPerMinute == 0
		for di, d := range s.deps {
			sp := &d.spec
			rate := sp.Rate(mid)
			if rate < 0 || math.IsNaN(rate) {
				rate = 0
			}
			n := poisson(d.rng, rate*dt)
			c := d.ready * sp.Concurrency
			o := &d.out
			d.q.step(o, n, rate, c, d.svc, dt, sp.Timeout.Seconds())
			d.cpuUtil = 0
			if d.ready > 0 {
				// CPU used over CPU requested by the ready pods: the requests
				// in service, each burning its CPU over its service time.
				d.cpuUtil = o.busy / d.svc.mean * d.cpuSec / (float64(d.ready) * float64(sp.CPUm) / 1000)
				if sp.HPA.Metric == MetricRPS {
					d.metric = n / dt / float64(d.ready)
				} else {
					d.metric = d.cpuUtil
				}
				d.st.busySum += d.cpuUtil
				d.st.busySteps++
			}
			slo := sp.SLOp99.Seconds()
			exceed := o.dropped
			for j := 0; j < o.n; j++ {
				d.lat.add(o.comps[j])
				if slo > 0 {
					exceed += d.sloTail(o.comps[j], slo)
				}
				if latencySeries {
					d.minute.comps = append(d.minute.comps, o.comps[j])
				}
			}
			st := &d.st
			st.arrived += n
			st.served += o.served
			st.dropped += o.dropped
			st.replicaSum += float64(d.replicas)
			st.readySum += float64(d.ready)
			st.minReplicas = min(st.minReplicas, d.replicas)
			st.maxReplicas = max(st.maxReplicas, d.replicas)
			m := &d.minute
			m.arrived += n
			m.exceed += exceed
			m.dropped += o.dropped
			m.rate += rate
			if minuteEnd {
				if slo > 0 && m.arrived > 0 && m.exceed > 0.01*m.arrived {
					st.sloMinutes++
				}
				if opt.Series {
					ser := series[di]
					ser.RPS = append(ser.RPS, round3(m.rate/float64(stepsPerMinute)))
					ser.Replicas = append(ser.Replicas, d.replicas)
					ser.Ready = append(ser.Ready, d.ready)
					if latencySeries {
						p99 := quantileOf(m.comps, d.svc, m.dropped, m.arrived, 0.99, d.hi)
						ser.P99Ms = append(ser.P99Ms, round3(p99*1000))
						m.comps = m.comps[:0]
					}
					ser.Dropped = append(ser.Dropped, round3(m.dropped))
				}
				m.arrived, m.exceed, m.dropped, m.rate = 0, 0, 0, 0
			}
		}

		// Cluster accounting.
		for t := range counts {
			counts[t] = 0
		}
		var used, capa, overhead float64
		for _, i := range s.active {
			n := s.nodes[i]
			counts[n.typ]++
			nt := s.cl.NodeTypes[n.typ]
			capa += nt.VCPU * 1000
			memCap += nt.MemoryGiB * GiB
			if n.ready(s.now) {
				cpuReq += float64(n.used.CPUm)
				cpuAlloc += float64(n.alloc.CPUm)
				memReq += float64(n.used.Memory)
				memAlloc += float64(n.alloc.Memory)
				// Reserves, daemon sets and system pods are overhead.
				overhead += nt.VCPU*1000 - float64(n.alloc.CPUm) + float64(s.daemon[n.typ].CPUm+n.systemCPU)
			}
		}
		for _, d := range s.deps {
			used += d.cpuUtil * float64(d.ready) * float64(d.spec.CPUm)
		}
		cpuUsed += used
		cpuCap += capa
		cpuOverhead += overhead
		minuteCPUUsed += used
		minuteCPUCap += capa
		total := 0
		for t, c := range counts {
			nodeSteps[t] += float64(c)
			nodeMax[t] = max(nodeMax[t], c)
			total += c
		}
		totalSum += float64(total)
		totalMin = min(totalMin, total)
		totalMax = max(totalMax, total)
		if opt.check != nil {
			opt.check(s)
		}
		if opt.Series && minuteEnd {
			cs.Minute = append(cs.Minute, (k+1)/stepsPerMinute)
			for t, nt := range s.cl.NodeTypes {
				cs.Nodes[nt.Name] = append(cs.Nodes[nt.Name], counts[t])
			}
			u := 0.0
			if minuteCPUCap > 0 {
				u = minuteCPUUsed / minuteCPUCap
			}
			cs.CPUUtilization = append(cs.CPUUtilization, round4(u))
			minuteCPUUsed, minuteCPUCap = 0, 0
		}
	}

	fs := float64(max(steps, 1))
	hours := step.Hours()
	r := &Result{
		HorizonHours: horizon.Hours(),
		StepSeconds:  dt,
		NodesByType:  map[string]NodeStats{},
		NodeHours:    map[string]float64{},
		Series:       cs,
	}
	if steps > 0 {
		r.Nodes = Stats{Mean: round4(totalSum / fs), Min: float64(totalMin), Max: float64(totalMax)}
	}
	for t, nt := range s.cl.NodeTypes {
		h := round4(nodeSteps[t] * hours)
		if nodeMax[t] == 0 {
			continue
		}
		r.NodesByType[nt.Name] = NodeStats{Mean: round4(nodeSteps[t] / fs), Max: nodeMax[t], Hours: h}
		r.NodeHours[nt.Name] = h
	}
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return round4(a / b)
	}
	r.CPUUtilization = div(cpuUsed, cpuCap)
	r.MemoryUtilization = div(memReq, memCap)
	r.CPURequested = div(cpuReq, cpuAlloc)
	r.MemoryRequested = div(memReq, memAlloc)
	r.CPUOverhead = div(cpuOverhead, cpuCap)
	r.IdleFraction = round4(1 - r.CPUUtilization - r.CPUOverhead)
	r.NodeScaleUps = s.nodeAdds
	r.NodeScaleDowns = s.nodeDels
	r.Evictions = s.evicted
	r.ScaleEvents = s.nodeAdds + s.nodeDels
	for i, d := range s.deps {
		st := d.st
		dr := DeploymentResult{
			Name:                d.spec.Name,
			Replicas:            Stats{Mean: round4(st.replicaSum / fs), Min: float64(st.minReplicas), Max: float64(st.maxReplicas)},
			ReadyMean:           round4(st.readySum / fs),
			LatencyMs:           d.lat.percentiles(d.svc, d.hi),
			ServiceMs:           d.svc.percentiles(),
			SLOp99Ms:            round3(d.spec.SLOp99.Seconds() * 1000),
			SLOViolationMinutes: st.sloMinutes,
			Requests:            math.Round(st.arrived),
			Served:              math.Round(st.served),
			Dropped:             math.Round(st.dropped),
			ScaleEvents:         st.scaleEvents,
			Series:              series[i],
		}
		if steps == 0 {
			dr.Replicas.Min = 0
		}
		if st.busySteps > 0 {
			dr.CPUUtilization = round4(st.busySum / st.busySteps)
		}
		r.ScaleEvents += st.scaleEvents
		r.Deployments = append(r.Deployments, dr)
	}
	return r
}

func (s *sim) anyPending() bool {
	for _, d := range s.deps {
		if d.pending > 0 {
			return true
		}
	}
	for _, p := range s.system {
		if p.node < 0 {
			return true
		}
	}
	return false
}

// sloTail is the weight of wait piece c whose latency (wait + service)
// exceeds x, the SLO: exact for a constant service (tailAt), else with the
// exponential waits' tails memoised per rate bucket.
func (d *depState) sloTail(c component, x float64) float64 {
	if d.svc.constant() {
		return d.tailAt(c, x-d.svc.mean)
	}
	if c.kind != compExp {
		return tailWait(c, d.svc, x, waitPointsFine)
	}
	i := expBucket(c.b)
	if len(d.sloExp) == 0 {
		d.sloBase = i
	}
	if i < d.sloBase {
		grow := make([]float64, d.sloBase-i, d.sloBase-i+len(d.sloExp))
		for k := range grow {
			grow[k] = math.NaN()
		}
		d.sloExp = append(grow, d.sloExp...)
		d.sloBase = i
	}
	for i-d.sloBase >= len(d.sloExp) {
		d.sloExp = append(d.sloExp, math.NaN())
	}
	g := d.sloExp[i-d.sloBase]
	if math.IsNaN(g) {
		g = tailWait(component{kind: compExp, w: 1, a: c.a, b: expBucketMid(i)}, d.svc, x, waitPointsFine)
		d.sloExp[i-d.sloBase] = g
	}
	return c.w * g
}

// tailAt is c.tail(x), remembering the last exponential factor: in steady
// traffic the Erlang C tail rate repeats from step to step.
func (d *depState) tailAt(c component, x float64) float64 {
	if c.kind != compExp || x <= c.a {
		return c.tail(x)
	}
	if c.b != d.tailTheta || x != d.tailX {
		d.tailTheta, d.tailX = c.b, x
		d.tailF = math.Exp(-c.b * (x - c.a))
	}
	return c.w * d.tailF
}
