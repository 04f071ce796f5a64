package advisor

import (
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// serviceDist is a component's warm service time for the serverless
// simulator: lognormal with mean duration_ms and 99th percentile
// serviceP99MS, or constant when the two are equal (docs/spec.md,
// "Service-time spread").
func serviceDist(d demand) serverless.Dist {
	mean, p99 := d.DurS, serviceP99MS(d)/1000
	if p99 > mean {
		return serverless.Dist{Kind: serverless.Lognormal, Mean: mean, P99: p99}
	}
	return serverless.Dist{Kind: serverless.Constant, Mean: mean}
}

// serviceP99MS is the p99 of the warm service time alone, ms: the spec's
// duration_p99_ms, or workload.DefaultDurationP99Factor × duration_ms (an
// assumption) when it gives none. It is the one source of the figure: both
// simulators draw service times with it, the SLO check compares with it to
// tell "no platform can meet it" from "cold starts or queueing miss it",
// and degradedReason measures a simulated p99 against it.
func serviceP99MS(d demand) float64 { return d.C.DurationP99Millis() }

// queuedWorkTimeout is how long queued work waits in the Kubernetes
// simulator before it counts as dropped, for components fed by a queue, an
// event source or a schedule: SQS keeps a message 4 days by default
// (MessageRetentionPeriod 345,600 s, docs/cost-model.md "Simulated months"),
// and a CronJob's run has no start deadline unless one is set. Requests from
// clients time out after requestTimeout, the ALB's default idle timeout.
const (
	queuedWorkTimeout = 4 * 24 * time.Hour
	requestTimeout    = 60 * time.Second
)

// waitTimeout is the simulator's queue timeout for component c.
func waitTimeout(c workload.Component) time.Duration {
	switch c.Type {
	case workload.TypeEventProcessor, workload.TypeQueue, workload.TypeScheduledJob, workload.TypeBatchJob:
		return queuedWorkTimeout
	}
	return requestTimeout
}
