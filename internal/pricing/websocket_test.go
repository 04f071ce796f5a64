package pricing

import "testing"

// Amazon API Gateway WebSocket APIs (aws.amazon.com/api-gateway/pricing/,
// us-east-1): $1.00 per million messages for the first billion, $0.80
// beyond; $0.25 per million connection-minutes; messages metered in 32 KB
// increments. The pricing page's WebSocket example: 1,000 clients connected
// 24 hours a day for 30 days, each sending one message (32 KB or less) a
// minute: 1,000 × 60 × 24 × 30 = 43.2M messages × $1.00/M = $43.20 and
// 43.2M connection-minutes × $0.25/M = $10.80, $54.00 in all.
func TestAPIGatewayWebSocketPricingExample(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	const month = 1000 * 60 * 24 * 30.0
	tests := []struct {
		name  string
		in    APIGatewayWebSocket
		total string
		lines map[string]string
	}{
		{"pricing page example", APIGatewayWebSocket{Messages: month, ConnectionMinutes: month}, "54.00",
			map[string]string{"WebSocket messages": "43.20", "WebSocket connection-minutes": "10.80"}},
		// 34 KB messages are metered as two: the caller passes 2 × 43.2M.
		{"33 KB and over count twice", APIGatewayWebSocket{Messages: 2 * month, ConnectionMinutes: month}, "97.20", nil},
		// 1.5B messages: 1B at $1.00/M and 0.5B at $0.80/M = $1,400.
		{"second tier", APIGatewayWebSocket{Messages: 1.5e9}, "1400.00",
			map[string]string{"WebSocket messages (tier 1)": "1000.00", "WebSocket messages (tier 2)": "400.00"}},
		// The free tier takes 1M messages and 750,000 connection-minutes off:
		// 42.2M × $1.00/M + 42.45M × $0.25/M = $42.20 + $10.61 (10.6125 half up).
		{"free tier", APIGatewayWebSocket{Messages: month, ConnectionMinutes: month, FreeTier: true}, "52.81", nil},
		{"idle", APIGatewayWebSocket{}, "0.00", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := tc.in.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			moreCheck(t, b, tc.total, tc.lines)
		})
	}
	_, err := APIGatewayWebSocket{Messages: -1}.Bill(c)
	moreInvalid(t, err)
}

// Cloudflare Durable Objects pricing page
// (developers.cloudflare.com/durable-objects/platform/pricing/), Example 4:
// 100 objects each hold 100 hibernatable WebSockets whose clients send one
// message a minute, 10 ms in webSocketMessage() each. Requests: 10,000 ×
// 60 × 24 × 30 = 432M messages ÷ 20 = 21.6M, less 1M included, × $0.15/M
// = $3.09. Duration: 100 objects × 1 s a minute × 43,200 minutes = 4.32M s ×
// 0.128 GB = 552,960 GB-s, less 400,000 included, × $12.50/M = $1.91. The
// page's $10.00 adds the Workers Paid $5 minimum, on the Workers bill.
func TestDurableObjectsPricingExample(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := DurableObjects{IncomingMessages: 432e6, ActiveObjectSecs: 4.32e6}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "5.00", map[string]string{"Durable Objects requests beyond included": "3.09", "Durable Objects duration beyond included": "1.91"})
	// Within the included amounts: nothing beyond the subscription.
	b, err = DurableObjects{Requests: 1000, IncomingMessages: 1e6, ActiveObjectSecs: 1000}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "0.00", nil)
	_, err = DurableObjects{ActiveObjectSecs: -1}.Bill(c)
	moreInvalid(t, err)
}

// Azure Web PubSub Standard (azure.microsoft.com/pricing/details/web-pubsub/,
// learn.microsoft.com/azure/azure-web-pubsub/concept-billing-model): units
// of 1,000 connections at $1.61 a unit-day [S], 1M outbound messages a unit-day
// included, then $1.00 per million [U]. No worked example is published, so
// the figures are the catalog's: 2 units for 30 days = 60 unit-days × $1.61 =
// $96.60; 100M outbound messages less 60M included = 40M × $1.00/M = $40.00.
func TestWebPubSubUnits(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := WebPubSub{UnitDays: 60, OutboundMessages: 100e6}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "136.60", map[string]string{"Web PubSub Standard units": "96.60", "outbound messages beyond included": "40.00"})
	_, err = WebPubSub{UnitDays: -1}.Bill(c)
	moreInvalid(t, err)
}
