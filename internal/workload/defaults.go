package workload

import "math"

// More defaults (the first ones are in spec.go). Each is explained, with its
// source, in docs/spec.md.
const (
	DefaultRuntime      = RuntimeNodeJS
	DefaultTrafficShape = "constant"
	// DefaultOpsHoursPerComponent is the engineer time every component takes
	// a month wherever it runs (deploys, alarms, dependency updates); the
	// cluster itself is counted apart, in engineers per cluster.
	DefaultOpsHoursPerComponent = 2.0
)

// Service-time spread. A component's wall time per request is lognormal with
// mean duration_ms and 99th percentile duration_p99_ms.
const (
	// DefaultDurationP99Factor is p99 / mean when the spec gives no
	// duration_p99_ms: an assumption (confidence U, docs/spec.md "Service-time
	// spread"). It is a lognormal with σ ≈ 0.53 (coefficient of variation
	// 0.57, p99 ≈ 3.5 × the median), between a constant service (1×) and the
	// ≈ 6× of a leaf server of a fan-out service measured in "The Tail at
	// Scale" (Dean and Barroso, CACM 2013: p50 1 ms, p99 10 ms).
	DefaultDurationP99Factor = 3.0
	// MaxDurationP99Factor bounds p99 / mean: a lognormal's is at most
	// exp(z²/2) ≈ 14.968 with z = Φ⁻¹(0.99) ≈ 2.326 (at σ = z), so no
	// lognormal has a larger one (a heavier tail needs another distribution);
	// rounded down to keep σ real.
	MaxDurationP99Factor = 14.96
)

// DefaultFrontDoor is what receives a component's requests when the spec does
// not say: request/response components (APIs, WebSockets, ML inference,
// frontends) use each platform's own HTTPS entry, so that every platform is
// compared with the entry it brings; everything else is reached by an event
// source, a schedule or a client library, not a front door.
func DefaultFrontDoor(t Type) FrontDoor {
	switch t {
	case TypeHTTPAPI, TypeWebsocket, TypeMLInference, TypeFrontend:
		return FrontDoorBuiltIn
	default:
		return FrontDoorNone
	}
}

// DefaultMaxExecution is the longest single execution assumed when the spec
// does not say: DefaultMaxExecutionSeconds (30 s, API Gateway's integration
// timeout), or the mean duration rounded up to a whole second when that is
// already longer, since the longest execution cannot be shorter than the mean.
func DefaultMaxExecution(durationMS float64) float64 {
	mean := math.Ceil(durationMS / 1000)
	if mean > DefaultMaxExecutionSeconds {
		return mean
	}
	return DefaultMaxExecutionSeconds
}

// ApplyDefaults fills every field the user left out (zero) with its default.
// It never overwrites a value the user gave, so run Validate afterwards to
// check the values as they will be used. Zero stays zero where zero has a
// meaning of its own: Concurrency (0 = each platform's default), the
// Kubernetes options (0 = the simulator's default), CPUMS (nil = DurationMS).
func (s *Spec) ApplyDefaults() {
	if s.Region == "" {
		s.Region = DefaultRegion
	}
	if s.HoursPerMonth == 0 {
		s.HoursPerMonth = DefaultHoursPerMonth
	}
	if s.Team.EngineerCostPerYear == 0 {
		s.Team.EngineerCostPerYear = DefaultEngineerCostPerYear
	}
	for i := range s.Components {
		s.Components[i].ApplyDefaults()
	}
	s.deriveLoads()
}

// ApplyDefaults fills the component's unset fields; see Spec.ApplyDefaults.
func (c *Component) ApplyDefaults() {
	if c.Runtime == "" {
		c.Runtime = DefaultRuntime
	}
	if c.MemoryMB == 0 {
		c.MemoryMB = DefaultMemoryMB
	}
	if c.DurationMS == 0 {
		c.DurationMS = DefaultDurationMS
	}
	if c.MaxExecutionS == 0 {
		c.MaxExecutionS = DefaultMaxExecution(c.DurationMS)
	}
	if c.Traffic.Shape == "" && c.Traffic.Trace == nil && len(c.Traffic.Parts) == 0 {
		c.Traffic.Shape = DefaultTrafficShape
	}
	if c.FrontDoor == "" {
		c.FrontDoor = DefaultFrontDoor(c.Type)
	}
	for k := range c.Calls {
		if c.Calls[k].PerRequest == 0 {
			c.Calls[k].PerRequest = DefaultCallsPerRequest
		}
	}
	// A websocket holds its clients' connections open by definition.
	if c.Type == TypeWebsocket {
		c.LongLivedConnections = true
	}
}
