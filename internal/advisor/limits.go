package advisor

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
)

// degradedP99Factor is how far above the service time's p99 a simulated p99
// may be before the option is flagged as degraded (and, with a latency SLO,
// infeasible): queueing, throttling or cold starts then dominate what users
// see. docs/cost-model.md#limits-that-hold.
const degradedP99Factor = 3.0

// capPlan is the instance cap an option is priced with.
type capPlan struct {
	max, defaultMax int    // the cap used, and the platform's default when raised
	infeasible      Reason // set when even the ceiling cannot carry the peak
}

// instanceCap decides the instance cap of a serverless option: the
// platform's default (catalog <id>.max_instances) when the peak fits under
// it; else raised to what the peak needs (a setting or quota request, said
// in the reasons) up to the platform's ceiling (<id>.max_instances_ceiling,
// 0 = none); beyond the ceiling the option is infeasible. The peak need is
// the peak concurrency plus three standard deviations of its Poisson
// variation, over the requests one instance serves at once.
func instanceCap(e env, d demand, id string) capPlan {
	def, err := e.cat.Get(id + ".max_instances")
	if err != nil || def.Float() <= 0 {
		return capPlan{}
	}
	conc := simConcurrency(d, id)
	if conc <= 0 {
		if pe, err := e.cat.Get(id + ".concurrency_per_instance"); err == nil {
			conc = int(pe.Float())
		}
	}
	conc = max(conc, 1)
	peak := d.PeakConcurrency()
	need := int(math.Ceil((peak + 3*math.Sqrt(peak)) / float64(conc)))
	dm := int(def.Float())
	if need <= dm {
		return capPlan{max: dm}
	}
	ceil := 0.0
	src := def.Source
	if ce, err := e.cat.Get(id + ".max_instances_ceiling"); err == nil {
		ceil, src = ce.Float(), ce.Source
	}
	if ceil > 0 && float64(need) > ceil {
		return capPlan{infeasible: Reason{Text: fmt.Sprintf("the peak needs about %d instances (%.0f requests in flight, %d per instance); %s allows at most %.0f",
			need, peak, conc, platform.Name(id), ceil), Source: src}}
	}
	return capPlan{max: need, defaultMax: dm}
}

// degradedReason says why a simulated option serves its users badly, or "":
// a share lost of its requests rejected, dropped or timed out, or a
// simulated p99 more than degradedP99Factor × the service time's own p99
// (serviceP99MS). Both simulators' options are judged by it: simulated
// serverless months (Simulation) and simulated clusters (DeploymentSim).
func degradedReason(lost, p99MS, serviceP99MS float64) string {
	switch {
	case lost > 0:
		return fmt.Sprintf("degraded: %.2f%% of requests are rejected or time out in the simulation", lost*100)
	case serviceP99MS > 0 && p99MS > degradedP99Factor*serviceP99MS:
		return fmt.Sprintf("degraded: simulated p99 %.0f ms is %.1f× the service time's p99 (%.0f ms)", p99MS, p99MS/serviceP99MS, serviceP99MS)
	}
	return ""
}

// simDegraded is degradedReason for a simulated serverless month.
func simDegraded(sim *Simulation, serviceP99MS float64) string {
	if sim == nil {
		return ""
	}
	return degradedReason(sim.RejectedFraction, sim.P99MS, serviceP99MS)
}

// sloDegraded is the reason an option that is degraded and has a latency
// SLO is infeasible.
func sloDegraded(why string, sloMS float64) string {
	return why + fmt.Sprintf(", and the component has a %.0f ms p99 SLO", sloMS)
}
