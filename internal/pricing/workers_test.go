package pricing

import "testing"

// Cloudflare Workers pricing page (cloudflare/cloudflare-docs,
// src/content/docs/workers/platform/pricing.mdx, "Example pricing"):
// $5 subscription; 10M requests and 30M CPU-ms included; $0.30 per further
// 1M requests; $0.02 per further 1M CPU-ms.
func TestWorkersPricingPageExamples(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    Workers
		total string
		lines map[string]string
	}{
		// Example 1: 15M requests × 7 ms CPU: requests (15M − 10M)/1M × $0.30 = $1.50;
		// CPU (105M − 30M)/1M × $0.02 = $1.50; total $8.00.
		{"Example 1", Workers{Requests: 15e6, CPUMSPerRequest: 7}, "8.00",
			map[string]string{"Workers Paid subscription": "5.00", "requests beyond included": "1.50", "CPU time beyond included": "1.50"}},
		// Example 2: 15M requests, 12M of them static assets (free): 3M Worker requests × 7 ms
		// = 21M CPU-ms, all within the included amounts; total $5.00.
		{"Example 2", Workers{Requests: 3e6, CPUMSPerRequest: 7}, "5.00",
			map[string]string{"requests beyond included": "0.00", "CPU time beyond included": "0.00"}},
		// Example 3: Cron Trigger, 720 requests × 180,000 ms: CPU (129.6M − 30M)/1M × $0.02 =
		// $1.992 → $1.99; total $6.99.
		{"Example 3", Workers{Requests: 720, CPUMSPerRequest: 180000}, "6.99",
			map[string]string{"requests beyond included": "0.00", "CPU time beyond included": "1.99"}},
		// Example 4: 100M requests × 7 ms: requests 90 × $0.30 = $27.00; CPU (700M − 30M)/1M ×
		// $0.02 = $13.40; total $45.40.
		{"Example 4", Workers{Requests: 100e6, CPUMSPerRequest: 7}, "45.40",
			map[string]string{"requests beyond included": "27.00", "CPU time beyond included": "13.40"}},
		// Boundary: exactly the included 10M requests and 30M CPU-ms cost the $5 minimum.
		{"boundary", Workers{Requests: 10e6, CPUMSPerRequest: 3}, "5.00", nil},
		// No usage still pays the $5 monthly minimum.
		{"zero usage", Workers{}, "5.00", nil},
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
	// 20 min of CPU is beyond even the 15 min Cron/Queue limit.
	_, err := Workers{Requests: 1, CPUMSPerRequest: 1_200_000}.Bill(c)
	moreInvalid(t, err)
	_, err = Workers{Requests: -1}.Bill(c)
	moreInvalid(t, err)
}
