package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// APIGatewayWebSocket is a month of an Amazon API Gateway WebSocket API:
// messages sent and received (pass them already metered in 32 KB
// increments) on the catalog's volume tiers, and connection-minutes, every
// minute a client is connected. FreeTier subtracts the 12-month free tier's
// 1M messages and 750,000 connection-minutes.
type APIGatewayWebSocket struct {
	Messages          float64
	ConnectionMinutes float64
	FreeTier          bool
}

// Bill prices the month.
func (x APIGatewayWebSocket) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "api-gateway-websocket"
	if err := checkInputs(name, field{"messages", x.Messages}, field{"connection_minutes", x.ConnectionMinutes}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	msgs := l.Entry("aws.apigateway.websocket.messages")
	mins := l.Entry("aws.apigateway.websocket.connection_minutes")
	freeMsgs := l.Entry("aws.apigateway.free.websocket_messages")
	freeMins := l.Entry("aws.apigateway.free.websocket_connection_minutes")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	m, cm := Dec(x.Messages), Dec(x.ConnectionMinutes)
	if x.FreeTier {
		m, cm = lessFree(m, freeMsgs), lessFree(cm, freeMins)
		b.Note("API Gateway free tier applied: %s messages and %s connection-minutes (first 12 months only)", FormatQty(freeMsgs.Value), FormatQty(freeMins.Value))
	}
	b.AddTiered("WebSocket messages", m, "message", msgs, HalfUp)
	b.Add("WebSocket connection-minutes", cm, "connection-minute", mins, HalfUp)
	return b, nil
}

// WebPubSub is a month of Azure Web PubSub Standard: units of 1,000
// concurrent connections billed per unit-day, each including 1M outbound
// messages a day, and the outbound messages beyond (pass them metered in
// 2 KB increments). UnitDays is the units held summed over the days.
type WebPubSub struct {
	UnitDays         float64
	OutboundMessages float64
}

// Bill prices the month.
func (x WebPubSub) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "azure-web-pubsub"
	if err := checkInputs(name, field{"unit_days", x.UnitDays}, field{"outbound_messages", x.OutboundMessages}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	unit := l.Entry("azure.webpubsub.standard.unit_day")
	msgs := l.Entry("azure.webpubsub.standard.messages")
	incl := l.Entry("azure.webpubsub.standard.included_messages_per_unit_day")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	b.Add("Web PubSub Standard units", Dec(x.UnitDays), "unit-day", unit, HalfUp)
	included := Dec(x.UnitDays).Mul(incl.Value)
	b.Add("outbound messages beyond included", billable(Dec(x.OutboundMessages), included), "message", msgs, HalfUp)
	b.Note("each Web PubSub unit holds 1,000 connections and includes %s outbound messages a day", FormatQty(incl.Value))
	return b, nil
}

// DurableObjects is a month of Cloudflare Durable Objects holding
// WebSockets with the Hibernation API: requests (each connection's upgrade
// and other calls) plus incoming WebSocket messages at the catalog's 20:1
// ratio, and duration, the wall time objects are active at 128 MB each,
// beyond the Workers Paid plan's included 1M requests and 400,000 GB-s.
// The plan's $5 subscription is on the Workers bill.
type DurableObjects struct {
	Requests         float64 // requests other than WebSocket messages
	IncomingMessages float64 // WebSocket messages received
	ActiveObjectSecs float64 // object-seconds active (not hibernating)
}

// Bill prices the month.
func (x DurableObjects) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "cloudflare-durable-objects"
	if err := checkInputs(name, field{"requests", x.Requests}, field{"incoming_messages", x.IncomingMessages}, field{"active_object_seconds", x.ActiveObjectSecs}); err != nil {
		return nil, err
	}
	l := c.Lookup()
	reqs := l.Entry("cloudflare.durable_objects.requests")
	inclReq := l.Entry("cloudflare.durable_objects.included.requests")
	dur := l.Entry("cloudflare.durable_objects.duration")
	inclGBs := l.Entry("cloudflare.durable_objects.included.gb_seconds")
	mem := l.Entry("cloudflare.durable_objects.memory_gb")
	ratio := l.Entry("cloudflare.durable_objects.websocket_message_ratio")
	if err := l.Err(); err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	billed := Dec(x.Requests).Add(Dec(x.IncomingMessages).Div(ratio.Value))
	b.Add("Durable Objects requests beyond included", billable(billed, inclReq.Value), "request", reqs, HalfUp)
	gbs := Dec(x.ActiveObjectSecs).Mul(mem.Value)
	b.Add("Durable Objects duration beyond included", billable(gbs, inclGBs.Value), "GB-second", dur, HalfUp)
	b.Note("incoming WebSocket messages are billed as requests at %s:1; hibernating objects are not billed for duration; included each month: %s requests and %s GB-s",
		FormatQty(ratio.Value), FormatQty(inclReq.Value), FormatQty(inclGBs.Value))
	return b, nil
}
