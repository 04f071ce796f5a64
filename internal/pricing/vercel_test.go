package pricing

import "testing"

// Vercel Functions with Fluid compute, iad1 (vercel.com/docs/functions/
// usage-and-pricing): $0.128 per active CPU-hour, $0.0106 per provisioned
// GB-hour, $0.60 per 1M invocations beyond 1M; Hobby includes 4 CPU-h,
// 360 GB-h and 1M invocations. The docs copies read carry no worked example,
// so each figure is the documented rule worked by hand.
func TestVercel(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    Vercel
		total string
		lines map[string]string
	}{
		{
			// Pro, 10M invocations, 50 ms CPU of 200 ms wall clock, 2 GB, no concurrency:
			// CPU 10M × 50 ms = 138.8889 h − 16 included = 122.8889 × $0.128 = $15.73;
			// memory 10M × 0.2 s = 555.5556 h × 2 GB = 1,111.11 GB-h, under the 1,440 included;
			// invocations 9M × $0.60/M = $5.40.
			name: "OK/pro", total: "21.13",
			in:    Vercel{Invocations: 10e6, ActiveCPUMSPerInvocation: 50, DurationMS: 200, MemoryMB: 2048},
			lines: map[string]string{"active CPU beyond included": "15.73", "provisioned memory beyond included": "0.00", "invocations beyond included": "5.40"},
		},
		{
			// In-function concurrency 10 shares the instance's lifetime: 100M × 1 s ÷ 10 =
			// 2,777.78 h × 2 GB = 5,555.56 GB-h − 1,440 = 4,115.56 × $0.0106 = $43.6249 → $43.62.
			// CPU 100M × 10 ms = 277.78 h − 16 = 261.78 × 0.128 = $33.51; invocations 99 × 0.60 = $59.40.
			name: "OK/fluid concurrency", total: "136.53",
			in:    Vercel{Invocations: 100e6, ActiveCPUMSPerInvocation: 10, DurationMS: 1000, MemoryMB: 2048, Concurrency: 10, Plan: "pro"},
			lines: map[string]string{"active CPU beyond included": "33.51", "provisioned memory beyond included": "43.62", "invocations beyond included": "59.40"},
		},
		{
			// Hobby within its included amounts: 1M × 10 ms = 2.78 CPU-h ≤ 4; 1M × 0.5 s × 2 GB =
			// 277.78 GB-h ≤ 360; 1M invocations ≤ 1M.
			name: "OK/hobby within included", total: "0",
			in: Vercel{Invocations: 1e6, ActiveCPUMSPerInvocation: 10, DurationMS: 500, Plan: "hobby"},
		},
		{name: "OK/zero usage", total: "0", in: Vercel{}},
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
	for name, in := range map[string]Vercel{
		"ErrHobbyOverage":    {Invocations: 2e6, Plan: "hobby"},
		"ErrHobbyDuration":   {Invocations: 1, DurationMS: 400_000, Plan: "hobby"}, // max 300 s on Hobby
		"ErrProDuration":     {Invocations: 1, DurationMS: 900_000},                // max 800 s on Pro
		"ErrMemory":          {MemoryMB: 8192},
		"ErrHobbyMemory":     {MemoryMB: 4096, Plan: "hobby"},
		"ErrPlan":            {Plan: "enterprise"},
		"ErrNegativeCPUTime": {ActiveCPUMSPerInvocation: -1},
	} {
		_, err := in.Bill(c)
		if err == nil {
			t.Errorf("%s: want an error", name)
			continue
		}
		moreInvalid(t, err)
	}
}
