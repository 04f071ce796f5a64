package advisor

import (
	"fmt"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Kind says whether an option is a serverless platform or a Kubernetes cluster.
type Kind = platform.Kind

// Option kinds.
const (
	Serverless = platform.Serverless
	Kubernetes = platform.Kubernetes
	Managed    = platform.Managed
)

// standalone reports whether an option of kind k is priced on its own, per
// component (serverless and managed), rather than on a shared cluster.
func standalone(k Kind) bool { return k == Serverless || k == Managed }

// kindOf classifies a platform id.
func kindOf(id string) Kind { return platform.KindOf(id) }

// Reason is one sentence explaining a verdict, with the source it rests on.
type Reason = platform.Reason

// feasibility applies the hard constraints (rules as catalog data: the
// limits.<platform>.* entries) and returns the reasons an option cannot run
// the component; none means feasible.
func feasibility(c *catalog.Catalog, comp workload.Component, id string) []Reason {
	var out []Reason
	info := platform.Of(id)
	name := info.Name
	if info.Kind == Managed {
		return complianceReasons(c, comp, id, name)
	}
	lim := func(key string) (catalog.Entry, bool) {
		e, err := c.Get("limits." + id + "." + key)
		return e, err == nil
	}
	flag := func(key string) (bool, catalog.Entry) {
		e, ok := lim(key)
		return ok && e.Float() > 0, e
	}

	// Longest execution and memory against the limits that apply to this
	// component (a platform may have several, by plan or trigger).
	limits := platform.LimitsFor(c, id, comp)
	for _, e := range limits.Execution {
		if comp.MaxExecutionS <= e.Value {
			continue
		}
		if strings.HasSuffix(e.ID, ".max_http_response_s") {
			out = append(out, Reason{Text: fmt.Sprintf("an HTTP-triggered execution of %s exceeds %s %s HTTP response limit", seconds(comp.MaxExecutionS), possessive(name), e), Source: e.Source})
		} else {
			out = append(out, Reason{Text: fmt.Sprintf("its longest execution (%s) exceeds %s limit of %s", seconds(comp.MaxExecutionS), possessive(name), e), Source: e.Source})
		}
	}
	// CPU time per invocation (Workers bills and limits CPU, not wall time):
	// the longest execution's CPU, assuming the mean CPU share of wall time.
	if e, ok := lim("max_cpu_ms"); ok && comp.DurationMS > 0 {
		cpu := comp.CPUMillis() * comp.MaxExecutionS * 1000 / comp.DurationMS
		if cpu > e.Float() {
			out = append(out, Reason{Text: fmt.Sprintf("its longest execution needs about %s of CPU, above %s %s CPU limit per invocation", seconds(cpu/1000), possessive(name), seconds(e.Float()/1000)), Source: e.Source})
		}
	}
	if m := limits.MemoryMB; m.Value > 0 && comp.MemoryMB > m.Value {
		out = append(out, Reason{Text: fmt.Sprintf("it needs %s MB of memory; %s allows at most %s MB", grouped(comp.MemoryMB), name, grouped(m.Value)), Source: m.Source})
	}
	// GPUs.
	if comp.GPU > 0 {
		if ok, e := flag("gpu"); !ok {
			out = append(out, Reason{Text: fmt.Sprintf("it needs %s per replica; %s offers none (%s)", some(float64(comp.GPU), "GPU"), name, noteOr(e, "no GPU support")), Source: e.Source})
		}
	}
	if e, ok := lim("max_gpus"); ok && comp.GPU > int(e.Float()) && e.Float() > 0 {
		out = append(out, Reason{Text: fmt.Sprintf("it needs %d GPUs per replica; %s allows at most %.0f per instance", comp.GPU, name, e.Float()), Source: e.Source})
	}
	// Persistent state.
	if comp.Stateful {
		if ok, e := flag("stateful"); !ok {
			out = append(out, Reason{Text: fmt.Sprintf("it keeps persistent state; %s cannot host it (%s)", name, noteOr(e, "instances are ephemeral")), Source: e.Source})
		}
	}
	// Long-lived connections.
	if comp.LongLivedConnections {
		if ok, e := flag("long_lived"); !ok && !gatewayHolds(flag, comp) {
			out = append(out, Reason{Text: fmt.Sprintf("it holds long-lived connections; %s cannot (%s)", name, noteOr(e, "request/response only")), Source: e.Source})
		}
	}
	// Runtime.
	if comp.Runtime != "" {
		if ok, _ := flag("runtime." + string(comp.Runtime)); !ok {
			var supported []string
			for _, r := range workload.Runtimes {
				if s, _ := flag("runtime." + string(r)); s {
					supported = append(supported, string(r))
				}
			}
			src := ""
			if e, ok := lim("runtime." + supported0(supported)); ok {
				src = e.Source
			}
			out = append(out, Reason{Text: fmt.Sprintf("runtime %s is not supported on %s (supported: %s)", comp.Runtime, name, strings.Join(supported, ", ")), Source: src})
		}
	}
	// Worldwide latency is a requirement: only a platform that serves from
	// many locations satisfies it.
	if comp.Edge && !info.Edge {
		out = append(out, Reason{Text: fmt.Sprintf("it must serve from many locations (edge: true); %s %s", name, regionNote(info)), Source: info.Source})
	}
	return append(out, complianceReasons(c, comp, id, name)...)
}

// gatewayHolds reports whether a WebSocket gateway in front of the platform
// holds the component's connections (limits.<platform>.long_lived_gateway:
// API Gateway WebSocket for Lambda, Web PubSub for Azure Functions).
func gatewayHolds(flag func(string) (bool, catalog.Entry), comp workload.Component) bool {
	ok, _ := flag("long_lived_gateway")
	return ok && comp.HoldsConnections() && comp.FrontDoor != workload.FrontDoorNone
}

// complianceReasons checks the attestations (catalog entries
// <id>.attested.<programme>) a component's compliance needs.
func complianceReasons(c *catalog.Catalog, comp workload.Component, id, name string) []Reason {
	var out []Reason
	for _, prog := range comp.Compliance {
		e, err := c.Get(id + ".attested." + prog)
		switch {
		case err != nil:
			out = append(out, Reason{Text: fmt.Sprintf("no %s attestation for %s is on record in the catalog", strings.ToUpper(prog), name), Source: ""})
		case e.Float() <= 0:
			out = append(out, Reason{Text: fmt.Sprintf("%s is not attested for %s (%s)", name, strings.ToUpper(prog), noteOr(e, "not in scope")), Source: e.Source})
		}
	}
	return out
}

func regionNote(info platform.Info) string {
	if info.RegionNote != "" {
		return strings.TrimPrefix(strings.TrimPrefix(info.RegionNote, info.Name+" "), "a cluster ")
	}
	return "runs in one region"
}

func supported0(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func noteOr(e catalog.Entry, fallback string) string {
	if e.Note != "" {
		return e.Note
	}
	return fallback
}

// possessive is name's possessive: "Vercel Functions'", "Fargate's".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// seconds formats a duration in seconds the way people say it.
func seconds(s float64) string { return platform.Seconds(s) }
