package pricing

import "testing"

// Cloud NAT pricing page example (cloud.google.com/nat/pricing): one gateway
// for 720 h serving 14 VMs and processing 100 GiB costs ($0.0014 × 14 × 720)
// + (100 × $0.045) = $18.61; serving 36 VMs (capped) with 200 GiB costs
// ($0.044 × 720) + (200 × $0.045) = $40.68.
func TestCloudNATPageExamples(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := CloudNAT{Gateways: 1, Hours: 720, GBProcessed: 100, VMs: 14}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "18.61", map[string]string{"NAT gateway, per VM": "14.11", "data processed": "4.50"})
	b, err = CloudNAT{Gateways: 1, Hours: 720, GBProcessed: 200, VMs: 36}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "40.68", map[string]string{"NAT gateway, capped rate": "31.68", "data processed": "9.00"})
	// Unknown VM count is priced at the cap; one external IP adds 730 × $0.005 = $3.65.
	b, err = CloudNAT{Gateways: 1, Hours: 730, IPs: 1}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "35.77", map[string]string{"NAT gateway, capped rate": "32.12", "external IP addresses": "3.65"})
}

// Cloud Load Balancing: first 5 forwarding rules $0.025/h together, each
// further rule $0.01/h, data processed $0.008/GiB.
func TestGCPLoadBalancer(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	for _, tc := range []struct {
		in    GCPLoadBalancer
		total string
	}{
		{GCPLoadBalancer{Rules: 1, Hours: 730, GBProcessed: 1000}, "26.25"}, // 18.25 + 8.00
		{GCPLoadBalancer{Rules: 5, Hours: 730}, "18.25"},                    // flat for up to 5 rules
		{GCPLoadBalancer{Rules: 7, Hours: 730}, "32.85"},                    // 18.25 + 2 × 730 × 0.01
		{GCPLoadBalancer{}, "0"},
	} {
		b, err := tc.in.Bill(c)
		if err != nil {
			t.Fatal(err)
		}
		moreCheck(t, b, tc.total, nil)
	}
}

// Azure Standard Load Balancer: first 5 rules $0.025/h, further rules
// $0.01/h each, $0.005/GB processed. The c3x.dev example: 10 rules, 1 TB,
// 730 h = 18.25 + 36.50 + 5.00 = $59.75.
func TestAzureLoadBalancerAndNAT(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := AzureLoadBalancer{Rules: 10, Hours: 730, GBProcessed: 1000}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "59.75", map[string]string{"first 5 rules": "18.25", "additional rules": "36.50", "data processed": "5.00"})
	// NAT Gateway: 730 h × $0.045 = $32.85; 1 TB × $0.045 = $45.00.
	b, err = AzureNAT{Gateways: 1, Hours: 730, GBProcessed: 1000}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "77.85", map[string]string{"NAT gateway": "32.85", "data processed": "45.00"})
}

func TestPersistentDisk(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := PersistentDisk{Provider: "gcp", GBMonths: 300}.Bill(c) // 300 × $0.10
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "30.00", nil)
	b, err = PersistentDisk{Provider: "azure", GBMonths: 128}.Bill(c) // 128 × $0.075 = $9.60 (E10)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "9.60", nil)
	_, err = PersistentDisk{Provider: "aws", GBMonths: 1}.Bill(c)
	moreInvalid(t, err)
	_, err = PersistentDisk{Provider: "gcp", Type: "pd-ssd", GBMonths: 1}.Bill(c)
	moreInvalid(t, err)
}
