package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// APIGateway is a month of Amazon API Gateway requests for one API type:
// HTTP API (default) or REST API (REST). Requests are priced per million
// on the catalog's volume tiers. FreeTier subtracts the 1M calls per month of
// the 12-month free tier (new accounts since 2025-07-15 get credits instead).
// HTTP APIs are metered in 512 KB increments: pass requests already
// multiplied by ceil(size/512 KB) if payloads are larger.
type APIGateway struct {
	REST     bool
	Requests float64
	FreeTier bool
}

// Bill prices the month.
func (x APIGateway) Bill(c *catalog.Catalog) (*Bill, error) {
	kind, name, offering := "http", "HTTP API requests", "api-gateway-http"
	if x.REST {
		kind, name, offering = "rest", "REST API requests", "api-gateway-rest"
	}
	u := newUsageCheck(offering)
	u.nonNegative("requests", x.Requests)
	if err := u.err(); err != nil {
		return nil, err
	}
	l := c.Lookup()
	price := l.Entry("aws.apigateway." + kind + ".requests")
	free := l.Entry("aws.apigateway.free." + kind + "_requests")
	if err := l.Err(); err != nil {
		return nil, err
	}
	b := NewBill(offering, c)
	qty := Dec(x.Requests)
	if x.FreeTier {
		qty = lessFree(qty, free)
		b.Note("API Gateway free tier applied: %s requests (first 12 months only)", FormatQty(free.Value))
	}
	b.AddTiered(name, qty, "request", price, HalfUp)
	return b, nil
}
