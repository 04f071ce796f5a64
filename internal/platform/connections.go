package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Long-lived connections (docs/cost-model.md#connections). A websocket's
// connections are held by a gateway in front of functions (API Gateway
// WebSocket for Lambda, Web PubSub for Azure Functions), by Durable Objects
// behind Workers, or by the containers themselves (Cloud Run instances,
// Fargate tasks, pods), which then must stay up for as long as a connection
// is open.

// CloudRunMaxConnections is the most requests, so WebSocket connections,
// one Cloud Run instance serves at once (its maximum concurrency).
const CloudRunMaxConnections = 1000

// cloudRunRequestTimeoutMin is Cloud Run's longest request: a WebSocket
// open longer reconnects (cloud.google.com/run/docs/triggering/websockets).
const cloudRunRequestTimeoutMin = 60.0

// Connections is w's connection load (a websocket's; zero otherwise).
func (w Work) Connections() workload.ConnUse {
	if !w.C.HoldsConnections() {
		return workload.ConnUse{}
	}
	return w.C.ConnectionsFor(w.Hours, w.PeakFactor, w.PeakConcurrency())
}

// ConnectionsAt is the connections open at rate multiplier f.
func (w Work) ConnectionsAt(f float64) float64 {
	u := w.Connections()
	return u.Peak * f / math.Max(w.PeakFactor, 1)
}

// ConnectionReplicas is the replicas that hold the connections open at rate
// multiplier f, perReplica each (0 for a component without connections).
func ConnectionReplicas(w Work, f float64, perReplica int) int {
	if !w.C.HoldsConnections() || perReplica <= 0 {
		return 0
	}
	return int(math.Ceil(w.ConnectionsAt(f)/float64(perReplica) - 1e-9))
}

// LBGB is the GB a load balancer processes for w in the month: each
// request with its response plus 1 KB, or a websocket's messages.
func LBGB(w Work) float64 {
	if w.C.HoldsConnections() {
		u := w.Connections()
		return u.Messages * u.MessageKB / 1e6
	}
	return w.C.RequestsPerMonth * (w.C.ResponseKB + 1) / 1e6
}

// connectionNote explains the connection load on a bill.
func connectionNote(u workload.ConnUse) string {
	s := fmt.Sprintf("%s connections at the peak (%s on average), %s min each: %s connection-minutes and %s messages a month",
		workload.Num(u.Peak), workload.Num(math.Round(u.Mean)), workload.Num(u.DurationMin), workload.Num(math.Round(u.Minutes)), workload.Num(math.Round(u.Messages)))
	if u.Derived {
		s += " (no connections block: the peak is the requests in flight at the peak, a lower bound)"
	}
	return s
}

// websocketGatewayAWS prices an API Gateway WebSocket API holding w's
// connections in front of a function: messages in 32 KB increments and
// connection-minutes.
func websocketGatewayAWS(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	u := w.Connections()
	inc, err := cat.Get("limits.apigateway.websocket.message_increment_kb")
	if err != nil {
		return nil, nil, fmt.Errorf("price the WebSocket gateway: %w", err)
	}
	b, err := pricing.APIGatewayWebSocket{Messages: u.MeteredMessages(inc.Float()), ConnectionMinutes: u.Minutes, FreeTier: w.FreeTier}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	why := []Reason{{Text: "an API Gateway WebSocket API holds the connections and invokes the function once per message; " + connectionNote(u) +
		"; a connection lasts at most 2 hours, so longer sessions reconnect", Source: inc.Source}}
	return b, why, nil
}

// webPubSubUnitSteps are the unit counts a Standard instance can have.
var webPubSubUnitSteps = []float64{1, 2, 5, 10, 20, 50, 100}

// WebPubSubUnits is the Standard units that hold peak connections at
// perUnit each: the next allowed count (1, 2, 5, 10, 20, 50, 100, then
// whole hundreds across instances).
func WebPubSubUnits(peak, perUnit float64) float64 {
	need := math.Max(1, math.Ceil(peak/perUnit-1e-9))
	for _, s := range webPubSubUnitSteps {
		if need <= s {
			return s
		}
	}
	return math.Ceil(need/100) * 100
}

// websocketGatewayAzure prices Azure Web PubSub holding w's connections in
// front of Azure Functions: units sized to the peak, held all month, and
// outbound messages in 2 KB increments.
func websocketGatewayAzure(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	u := w.Connections()
	l := cat.Lookup()
	perUnit := l.Entry("limits.azure-webpubsub.connections_per_unit")
	inc := l.Float("limits.azure-webpubsub.message_increment_kb")
	if err := l.Err(); err != nil {
		return nil, nil, fmt.Errorf("price the WebSocket gateway: %w", err)
	}
	units := WebPubSubUnits(u.Peak, perUnit.Float())
	b, err := pricing.WebPubSub{UnitDays: units * w.Hours / 24, OutboundMessages: u.MeteredMessages(inc)}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	why := []Reason{{Text: fmt.Sprintf("Azure Web PubSub holds the connections (%s Standard units of %s connections, sized to the peak) and triggers the function per message; %s",
		workload.Num(units), workload.Num(perUnit.Float()), connectionNote(u)), Source: perUnit.Source}}
	return b, why, nil
}

// workersWebSocket prices a websocket on Workers: each connection's upgrade
// is one Worker request handed to a Durable Object that holds the WebSocket
// with the Hibernation API, so the object is billed for the incoming
// messages (at 20:1) and only for the time it spends handling them.
func workersWebSocket(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	u := w.Connections()
	x := newBuilder(cat, workload.PlatformWorkers)
	x.add(pricing.Workers{Requests: u.Sessions, CPUMSPerRequest: w.C.CPUMillis()})
	x.add(pricing.DurableObjects{Requests: u.Sessions, IncomingMessages: w.C.RequestsPerMonth, ActiveObjectSecs: w.C.RequestsPerMonth * w.DurS})
	b, err := x.done()
	why := []Reason{{Text: "each connection is one Worker request upgraded to a Durable Object that holds the WebSocket (Hibernation API): messages are billed as Durable Object requests at 20:1 and duration only while a message is handled; " + connectionNote(u),
		Source: "https://developers.cloudflare.com/durable-objects/platform/pricing/"}}
	return b, why, err
}

// cloudRunConnections sizes Cloud Run for a websocket: an instance with an
// open WebSocket is billed as active, so each hour keeps enough instances
// for its connections (at most CloudRunMaxConnections each) on top of the
// messages' own busy time; every connection is a request, and one longer
// than the 60-minute request timeout reconnects.
func cloudRunConnections(w Work, busy float64) (active, requests float64, per int, why Reason) {
	u := w.Connections()
	per = min(u.PerPod, CloudRunMaxConnections)
	held := 0.0
	for _, f := range w.HourlyPeaks() {
		held += float64(ConnectionReplicas(w, f, per)) * 3600
	}
	held *= w.Hours / math.Max(float64(len(w.HourlyPeaks())), 1)
	requests = u.Sessions * math.Ceil(u.DurationMin/cloudRunRequestTimeoutMin-1e-9)
	why = Reason{Text: fmt.Sprintf("an instance with an open WebSocket is billed as active (each connection is a request in flight): %s instance-hours hold the connections, %s per instance at concurrency %s; %s; connections longer than the 60-minute request timeout reconnect",
		workload.Num(math.Round(held/3600)), workload.Num(float64(per)), workload.Num(float64(per)), connectionNote(u)), Source: "https://cloud.google.com/run/docs/triggering/websockets"}
	return math.Max(busy, held), requests, per, why
}

// Limits: a websocket behind API Gateway WebSocket must handle each message
// within the gateway's 29 s integration timeout, beside Lambda's own limits.
func (Lambda) Limits(cat *catalog.Catalog, comp workload.Component) Limits {
	l := CatalogLimits(cat, workload.PlatformLambda)
	if comp.HoldsConnections() && comp.FrontDoor != workload.FrontDoorNone {
		if e, ok := limit(cat, workload.PlatformLambda, "max_websocket_integration_s"); ok && e.Value > 0 {
			l.Execution = append(l.Execution, e)
		}
	}
	return l
}
