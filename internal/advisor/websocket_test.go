package advisor

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// chatSocket is the API Gateway pricing page's WebSocket example as a
// component: 1,000 clients connected all month (a 720-hour month, constant
// traffic) each sending a message a minute, 43.2M messages.
func chatSocket() workload.Component {
	c := api("chat", 1000*60*720)
	c.Type, c.FrontDoor, c.MemoryMB = workload.TypeWebsocket, workload.FrontDoorBuiltIn, 128
	c.Connections = &workload.Connections{PeakConcurrent: 1000, MeanDurationMinutes: 24 * 60}
	return c
}

// A websocket gets the connection-holding services line by line, and the
// platforms that cannot hold connections are infeasible with the reason.
func TestWebsocketOptions(t *testing.T) {
	t.Parallel()
	s := newSpec(chatSocket())
	s.HoursPerMonth = 720
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	lines := func(o Option) map[string]string {
		m := map[string]string{}
		for _, li := range o.LineItems {
			m[li.Name] = li.Amount.StringFixed(2)
		}
		return m
	}
	// Lambda behind API Gateway WebSocket: $43.20 of messages and $10.80 of
	// connection-minutes, the pricing page's figures.
	l := optionOf(t, a, "chat", workload.PlatformLambda)
	if !l.Feasible {
		t.Fatalf("lambda behind API Gateway WebSocket is infeasible: %v", l.Reasons)
	}
	got := lines(l)
	for name, want := range map[string]string{"WebSocket messages": "43.20", "WebSocket connection-minutes": "10.80"} {
		if got[name] != want {
			t.Errorf("lambda %s = %q, want %s (lines %v)", name, got[name], want, got)
		}
	}
	// Azure Functions behind Web PubSub: one unit holds 1,000 connections.
	az := optionOf(t, a, "chat", workload.PlatformAzureFunc)
	if !az.Feasible {
		t.Fatalf("azure functions behind Web PubSub is infeasible: %v", az.Reasons)
	}
	if got := lines(az)["Web PubSub Standard units"]; got != "48.30" { // 30 unit-days × $1.61
		t.Errorf("web pubsub units = %q, want 48.30", got)
	}
	// Workers with Durable Objects.
	w := optionOf(t, a, "chat", workload.PlatformWorkers)
	if _, ok := lines(w)["Durable Objects requests beyond included"]; !w.Feasible || !ok {
		t.Errorf("workers: feasible %v, lines %v", w.Feasible, lines(w))
	}
	// Cloud Run keeps an instance active for the connections: 1,000 fit one
	// instance, all month.
	cr := optionOf(t, a, "chat", workload.PlatformCloudRun)
	if !cr.Feasible || !strings.Contains(strings.Join(cr.Reasons, " "), "billed as active") {
		t.Errorf("cloud run: feasible %v, reasons %v", cr.Feasible, cr.Reasons)
	}
	// One instance all month, billed instance-based (cheaper when always busy).
	for _, li := range cr.LineItems {
		if li.Name == "CPU, instance-based" && !li.Quantity.Equal(decimal.NewFromInt(720*3600)) {
			t.Errorf("cloud run vCPU-s = %s, want %d", li.Quantity, 720*3600)
		}
	}
	if _, ok := lines(cr)["CPU, instance-based"]; !ok {
		t.Errorf("cloud run lines %v, want instance-based billing", lines(cr))
	}
	for _, p := range []string{workload.PlatformVercel, workload.PlatformCloudFunc} {
		o := optionOf(t, a, "chat", p)
		if o.Feasible || len(o.Reasons) == 0 || !strings.Contains(o.Reasons[0], "long-lived connections") {
			t.Errorf("%s: feasible %v, reasons %v; want infeasible for its connections", p, o.Feasible, o.Reasons)
		}
	}
}

// Pods hold DefaultConnectionsPerPod connections each: 250,000 at a
// constant peak need 25 pods whatever the CPU.
func TestWebsocketPodsFollowConnections(t *testing.T) {
	t.Parallel()
	c := chatSocket()
	c.Connections.PeakConcurrent = 250_000
	s := newSpec(c)
	s.Platforms = []string{workload.PlatformEKS, workload.PlatformFargate}
	a, err := Analyze(s, testCatalog(t), Options{NoSimulation: true})
	if err != nil {
		t.Fatal(err)
	}
	f := optionOf(t, a, "chat", workload.PlatformFargate)
	if !f.Feasible || !strings.Contains(strings.Join(f.Reasons, " "), "18250 task-hours") {
		t.Errorf("fargate: want 25 tasks all month (18,250 task-hours); reasons %v", f.Reasons)
	}
	// The ALB's active connections: 250,000 / 3,000 per LCU = 83.3 LCUs all month.
	for _, li := range f.LineItems {
		if li.Name == "LCU hours" && !li.Quantity.Round(0).Equal(decimal.NewFromFloat(250000.0/3000*730).Round(0)) {
			t.Errorf("LCU hours = %s, want %.0f", li.Quantity, 250000.0/3000*730)
		}
	}
}

// A function without a WebSocket gateway in front cannot hold connections.
func TestWebsocketWithoutGateway(t *testing.T) {
	t.Parallel()
	cat := testCatalog(t)
	c := chatSocket()
	c.ApplyDefaults()
	c.FrontDoor = workload.FrontDoorNone
	if why := feasibility(cat, c, workload.PlatformLambda); len(why) == 0 || !strings.Contains(why[0].Text, "long-lived connections") {
		t.Errorf("lambda with no front door: %v", why)
	}
	// Each message must be handled within API Gateway's 29 s integration timeout.
	long := chatSocket()
	long.MaxExecutionS = 60
	if why := feasibility(cat, long, workload.PlatformLambda); len(why) == 0 || !strings.Contains(why[0].Text, "29 s") {
		t.Errorf("lambda behind API Gateway WebSocket with 60 s messages: %v", why)
	}
	h := api("api", 1e6)
	h.LongLivedConnections = true
	if why := feasibility(cat, h, workload.PlatformAzureFunc); len(why) == 0 {
		t.Error("an http-api holding connections should stay infeasible on Azure Functions")
	}
}
