package pricing

import "github.com/fulcrum-tools/fulcrum/internal/catalog"

// AzureAPIManagement is a month of calls through Azure API Management's
// Consumption tier (1 M calls a month free, then per 10,000 calls).
type AzureAPIManagement struct {
	Calls float64
}

// Bill prices the month.
func (x AzureAPIManagement) Bill(c *catalog.Catalog) (*Bill, error) {
	return metered(c, "azure-api-management", "calls", "azure.apim.consumption.calls", "API Management calls (Consumption)", "call", x.Calls)
}
