package pricing_test

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// Published rates beyond each allowance (catalog sources): Vercel Edge
// Requests $2/M beyond 10 M and Fast Data Transfer $0.15/GB beyond 1 TB;
// Workers Logs $0.60/M events beyond 20 M; Cloud Logging $0.50/GiB beyond
// 50 GiB; Azure Log Analytics $2.30/GB beyond 5 GB; Google Premium egress
// $0.12/GiB to 1 TiB after 1 GiB free; Azure egress $0.087/GB after 100 GB;
// Google API Gateway $3/M beyond 2 M; API Management $0.042 per 10,000
// beyond 1 M.
func TestEqualFootingOfferings(t *testing.T) {
	c := awsCatalog(t)
	for _, tc := range []struct {
		name string
		bill func() (*pricing.Bill, error)
		want string
	}{
		{"vercel 20M requests, 2 TB", func() (*pricing.Bill, error) {
			return pricing.VercelNetwork{EdgeRequests: 20e6, TransferGB: 2000}.Bill(c)
		}, "170"},
		{"workers logs 30M events", func() (*pricing.Bill, error) { return pricing.WorkersLogs{Events: 30e6}.Bill(c) }, "6"},
		{"cloud logging 150 GiB", func() (*pricing.Bill, error) { return pricing.CloudLogging{IngestGiB: 150}.Bill(c) }, "50"},
		{"azure logs 105 GB", func() (*pricing.Bill, error) { return pricing.AzureMonitorLogs{IngestGB: 105}.Bill(c) }, "230"},
		{"gcp egress 101 GiB", func() (*pricing.Bill, error) { return pricing.GCPEgress{GiB: 101}.Bill(c) }, "12"},
		{"azure egress 1,100 GB", func() (*pricing.Bill, error) { return pricing.AzureEgress{GB: 1100}.Bill(c) }, "87"},
		{"google api gateway 12M", func() (*pricing.Bill, error) { return pricing.GoogleAPIGateway{Calls: 12e6}.Bill(c) }, "30"},
		{"api management 11M", func() (*pricing.Bill, error) { return pricing.AzureAPIManagement{Calls: 11e6}.Bill(c) }, "42"},
		{"lambda function url 1B", func() (*pricing.Bill, error) { return pricing.LambdaFunctionURL{Requests: 1e9}.Bill(c) }, "0"},
	} {
		b, err := tc.bill()
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if b.Total.String() != tc.want {
			t.Errorf("%s: total %s, want %s", tc.name, b.Total, tc.want)
		}
	}
}
