package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// GoogleAPIGateway is a month of calls through Google Cloud API Gateway
// (2 M calls a month free, then per million on volume tiers).
type GoogleAPIGateway struct {
	Calls float64
}

// Bill prices the month.
func (x GoogleAPIGateway) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "gcp-api-gateway", "calls", "gcp.apigateway.calls", "API Gateway calls", "call", x.Calls)
}
