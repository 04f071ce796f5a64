package workload

import "math"

// Connections describes the long-lived client connections a websocket
// component holds (docs/spec.md#connections, docs/cost-model.md#connections).
// Every field but peak_concurrent is optional; ConnectionsFor fills the
// defaults.
type Connections struct {
	// PeakConcurrent is the most connections open at once, at the traffic
	// shape's peak; the connections open at other times follow the shape.
	PeakConcurrent int `yaml:"peak_concurrent" json:"peak_concurrent"`
	// MeanDurationMinutes is how long a connection stays open on average
	// (default DefaultConnectionMinutes).
	MeanDurationMinutes float64 `yaml:"mean_duration_minutes,omitempty" json:"mean_duration_minutes,omitempty"`
	// MessagesPerConnection is the messages a connection carries in both
	// directions, as a WebSocket gateway meters them (default: the
	// component's requests_per_month, the messages its code handles, spread
	// over the month's connections).
	MessagesPerConnection *float64 `yaml:"messages_per_connection,omitempty" json:"messages_per_connection,omitempty"`
	// MessageKB is the mean message size (default 1); gateways meter
	// messages in increments (API Gateway 32 KB, Web PubSub 2 KB).
	MessageKB float64 `yaml:"message_kb,omitempty" json:"message_kb,omitempty"`
	// PerPod is how many connections one pod, task or container instance
	// holds at once (default DefaultConnectionsPerPod; Cloud Run at most
	// its 1,000 concurrent requests per instance).
	PerPod int `yaml:"per_pod,omitempty" json:"per_pod,omitempty"`
}

// Defaults and limits of the connections block.
const (
	// DefaultConnectionMinutes is a connection's mean lifetime when the spec
	// does not say: an assumption [U], a chat or dashboard tab left open for
	// half an hour.
	DefaultConnectionMinutes = 30.0
	// DefaultConnectionsPerPod is what one pod or task holds when the spec
	// does not say: an assumption [U]; an event-loop WebSocket server holds
	// tens of thousands of mostly idle connections in well under a GiB, and
	// 10,000 leaves room for the messages' CPU and a rolling restart.
	DefaultConnectionsPerPod = 10_000
	DefaultMessageKB         = 1.0
	MaxPeakConnections       = 100_000_000
	MaxConnectionsPerPod     = 1_000_000
	MaxMessagesPerConnection = 1e9
	MaxMessageKB             = 32 * 1024 // 32 MiB, Durable Objects' largest WebSocket message
)

// ConnUse is a websocket component's connections over a month, every
// default filled in.
type ConnUse struct {
	Peak        float64 // most open at once
	Mean        float64 // open on average over the month
	DurationMin float64 // mean lifetime of a connection, minutes
	Minutes     float64 // connection-minutes in the month
	Sessions    float64 // connections opened in the month
	Messages    float64 // messages both ways in the month
	MessageKB   float64
	PerPod      int
	// Derived: peak_concurrent was not given, so Peak is the requests in
	// flight at the peak (a lower bound).
	Derived bool
}

// HoldsConnections reports whether the component is a websocket, whose
// connections are priced (ConnectionsFor).
func (c Component) HoldsConnections() bool { return c.Type == TypeWebsocket }

// ConnectionsFor is c's connection load over a month of hours whose traffic
// peaks at peakToMean × its mean; peakConcurrency is the requests in flight
// at the peak (the peak's lower bound when the spec gives no connections).
func (c Component) ConnectionsFor(hours, peakToMean, peakConcurrency float64) ConnUse {
	var k Connections
	if c.Connections != nil {
		k = *c.Connections
	}
	u := ConnUse{Peak: float64(k.PeakConcurrent), DurationMin: k.MeanDurationMinutes, MessageKB: k.MessageKB, PerPod: k.PerPod}
	if u.Peak <= 0 {
		u.Peak, u.Derived = math.Max(1, math.Ceil(peakConcurrency-1e-9)), true
	}
	if u.DurationMin <= 0 {
		u.DurationMin = DefaultConnectionMinutes
	}
	if u.MessageKB <= 0 {
		u.MessageKB = DefaultMessageKB
	}
	if u.PerPod <= 0 {
		u.PerPod = DefaultConnectionsPerPod
	}
	u.Mean = u.Peak / math.Max(peakToMean, 1)
	u.Minutes = u.Mean * hours * 60
	u.Sessions = u.Minutes / u.DurationMin
	u.Messages = c.RequestsPerMonth
	if k.MessagesPerConnection != nil {
		u.Messages = u.Sessions * *k.MessagesPerConnection
	}
	return u
}

// MeteredMessages is the messages a gateway bills that meters each message
// in increments of incrementKB (a 33 KB message is two 32 KB messages).
func (u ConnUse) MeteredMessages(incrementKB float64) float64 {
	return u.Messages * math.Max(1, math.Ceil(u.MessageKB/incrementKB-1e-9))
}

func (c Component) validateConnections(v *validator, p string) {
	if c.Connections == nil {
		return
	}
	k := c.Connections
	p += ".connections"
	if c.Type != TypeWebsocket {
		v.add(p, "is for a websocket component; %s is a %s (valid type: websocket)", c.Name, c.Type)
	}
	if k.PeakConcurrent <= 0 || k.PeakConcurrent > MaxPeakConnections {
		v.add(p+".peak_concurrent", "%d is out of range (valid: 1 to %s connections open at once; required in a connections block)", k.PeakConcurrent, Num(MaxPeakConnections))
	}
	v.rangeCheck(p+".mean_duration_minutes", k.MeanDurationMinutes, 0, MaxHoursPerMonth*60, "minutes (0 = the default 30)")
	if k.MessagesPerConnection != nil {
		v.rangeCheck(p+".messages_per_connection", *k.MessagesPerConnection, 0, MaxMessagesPerConnection, "messages per connection")
	}
	v.rangeCheck(p+".message_kb", k.MessageKB, 0, MaxMessageKB, "KB per message")
	if k.PerPod < 0 || k.PerPod > MaxConnectionsPerPod {
		v.add(p+".per_pod", "%d is out of range (valid: 0 to %s connections per pod; 0 = the default %s)", k.PerPod, Num(MaxConnectionsPerPod), Num(DefaultConnectionsPerPod))
	}
}

// ScaleConnections scales the connections open at once by f, as the
// requests are scaled (growth, break-even, environments); the block is
// copied, since copies of a component share it.
func (c *Component) ScaleConnections(f float64) {
	if c.Connections == nil {
		return
	}
	k := *c.Connections
	k.PeakConcurrent = max(1, int(math.Round(float64(k.PeakConcurrent)*f)))
	c.Connections = &k
}
