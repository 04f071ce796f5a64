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
)

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
	lim := func(key string) (catalog.Entry, bool) {
		e, err := c.Get("limits." + id + "." + key)
		return e, err == nil
	}
	flag := func(key string) (bool, catalog.Entry) {
		e, ok := lim(key)
		return ok && e.Float() > 0, e
	}

	// Longest execution against the id's limit.
	if e, ok := lim("max_execution_s"); ok && e.Float() > 0 && comp.MaxExecutionS > e.Float() {
		// Azure Functions: Flex Consumption lifts the limit for non-HTTP triggers.
		flexOK := false
		if id == workload.PlatformAzureFunc && comp.FrontDoor == workload.FrontDoorNone {
			if fe, ok := lim("max_execution_s_flex"); ok && fe.Float() == 0 {
				flexOK = true
			}
		}
		if !flexOK {
			out = append(out, Reason{Text: fmt.Sprintf("its longest execution (%s) exceeds %s's limit of %s", seconds(comp.MaxExecutionS), name, seconds(e.Float())), Source: e.Source})
		}
	}
	if id == workload.PlatformAzureFunc && comp.FrontDoor != workload.FrontDoorNone {
		if e, ok := lim("max_http_response_s"); ok && comp.MaxExecutionS > e.Float() {
			out = append(out, Reason{Text: fmt.Sprintf("an HTTP-triggered execution of %s exceeds Azure's %s HTTP response limit", seconds(comp.MaxExecutionS), seconds(e.Float())), Source: e.Source})
		}
	}
	// CPU time per invocation (Workers bills and limits CPU, not wall time):
	// the longest execution's CPU, assuming the mean CPU share of wall time.
	if e, ok := lim("max_cpu_ms"); ok && comp.DurationMS > 0 {
		cpu := comp.CPUMillis() * comp.MaxExecutionS * 1000 / comp.DurationMS
		if cpu > e.Float() {
			out = append(out, Reason{Text: fmt.Sprintf("its longest execution needs about %s of CPU, above %s's %s CPU limit per invocation", seconds(cpu/1000), name, seconds(e.Float()/1000)), Source: e.Source})
		}
	}
	// Memory.
	maxMem := 0.0
	var memSrc string
	if e, ok := lim("max_memory_mb"); ok {
		maxMem, memSrc = e.Float(), e.Source
	}
	if id == workload.PlatformAzureFunc {
		if e, ok := lim("max_memory_mb_flex"); ok && e.Float() > maxMem {
			maxMem, memSrc = e.Float(), e.Source
		}
	}
	if maxMem > 0 && comp.MemoryMB > maxMem {
		out = append(out, Reason{Text: fmt.Sprintf("it needs %.0f MB of memory; %s allows at most %.0f MB", comp.MemoryMB, name, maxMem), Source: memSrc})
	}
	// GPUs.
	if comp.GPU > 0 {
		if ok, e := flag("gpu"); !ok {
			out = append(out, Reason{Text: fmt.Sprintf("it needs %d GPU(s) per replica; %s offers none (%s)", comp.GPU, name, noteOr(e, "no GPU support")), Source: e.Source})
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
		if ok, e := flag("long_lived"); !ok {
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
	// Compliance attestations (catalog entries <id>.attested.<programme>).
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

// seconds formats a duration in seconds the way people say it.
func seconds(s float64) string {
	switch {
	case s >= 3600 && int(s)%3600 == 0:
		return fmt.Sprintf("%d h", int(s)/3600)
	case s >= 60 && int(s)%60 == 0:
		return fmt.Sprintf("%d min", int(s)/60)
	case s >= 1:
		return fmt.Sprintf("%g s", s)
	default:
		return fmt.Sprintf("%g ms", s*1000)
	}
}
