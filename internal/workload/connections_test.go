package workload

import (
	"math"
	"testing"
)

func TestConnectionsFor(t *testing.T) {
	t.Parallel()
	per := 150.0
	c := Component{Name: "chat", Type: TypeWebsocket, RequestsPerMonth: 1e6,
		Connections: &Connections{PeakConcurrent: 20000, MeanDurationMinutes: 45, MessagesPerConnection: &per, MessageKB: 33}}
	// Peak 2× mean over 730 h: 10,000 open on average, 438M connection-
	// minutes, 9.73M connections of 45 min, 150 messages each.
	u := c.ConnectionsFor(730, 2, 3)
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-6*math.Max(1, want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	near("mean", u.Mean, 10000)
	near("minutes", u.Minutes, 438e6)
	near("sessions", u.Sessions, 438e6/45)
	near("messages", u.Messages, 438e6/45*150)
	// A 33 KB message is two 32 KB messages, and 17 in 2 KB increments.
	near("metered 32 KB", u.MeteredMessages(32), 2*u.Messages)
	near("metered 2 KB", u.MeteredMessages(2), 17*u.Messages)
	if u.PerPod != DefaultConnectionsPerPod || u.Derived {
		t.Errorf("per pod %d, derived %v", u.PerPod, u.Derived)
	}

	// No block: the requests in flight at the peak, 30-minute connections,
	// the requests as the messages.
	d := Component{Name: "feed", Type: TypeWebsocket, RequestsPerMonth: 1e6}
	u = d.ConnectionsFor(730, 1, 2.2)
	if !u.Derived || u.Peak != 3 || u.DurationMin != DefaultConnectionMinutes || u.Messages != 1e6 || u.MessageKB != DefaultMessageKB {
		t.Errorf("derived = %+v", u)
	}
}

func TestScaleConnections(t *testing.T) {
	t.Parallel()
	k := &Connections{PeakConcurrent: 1000}
	a := Component{Type: TypeWebsocket, Connections: k}
	b := a
	b.ScaleConnections(0.05)
	if b.Connections.PeakConcurrent != 50 || k.PeakConcurrent != 1000 {
		t.Errorf("scaled %d, original %d; want 50 and the original untouched", b.Connections.PeakConcurrent, k.PeakConcurrent)
	}
	b.ScaleConnections(0)
	if b.Connections.PeakConcurrent != 1 {
		t.Errorf("scaled to %d, want at least 1", b.Connections.PeakConcurrent)
	}
	var none Component
	none.ScaleConnections(2) // no block: nothing to do
}
