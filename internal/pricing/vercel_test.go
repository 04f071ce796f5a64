package pricing

import "testing"

// Vercel Functions with Fluid compute, iad1 (vercel.com/docs/functions/
// usage-and-pricing): $0.128 per active CPU-hour, $0.0106 per provisioned
// GB-hour, $0.60 per 1M invocations ($0.0000006 each). Pro: $20 plan fee with
// a $20 monthly usage credit; Hobby includes 4 CPU-h, 360 GB-h and 1M
// invocations and cannot pay for more. The docs copies read carry no worked
// example, so each figure is the documented rule worked by hand.
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
			// CPU 10M × 50 ms = 138.8889 h × $0.128 = $17.78; memory 10M × 0.2 s = 555.5556 h ×
			// 2 GB = 1,111.1111 GB-h × $0.0106 = $11.78; invocations 10M × $0.0000006 = $6.00;
			// usage $35.56 + $20 fee − $20 credit = $35.56.
			name: "OK/pro", total: "35.56",
			in: Vercel{Invocations: 10e6, ActiveCPUMSPerInvocation: 50, DurationMS: 200, MemoryMB: 2048},
			lines: map[string]string{"Pro plan fee (one seat)": "20.00", "active CPU": "17.78", "provisioned memory": "11.78",
				"invocations": "6.00", "monthly usage credit": "-20.00"},
		},
		{
			// In-function concurrency 10 shares the instance's lifetime: 100M × 1 s ÷ 10 =
			// 2,777.78 h × 2 GB = 5,555.56 GB-h × $0.0106 = $58.89. CPU 100M × 10 ms = 277.78 h ×
			// $0.128 = $35.56; invocations $60.00. Usage $154.45; fee and credit cancel.
			name: "OK/fluid concurrency", total: "154.45",
			in:    Vercel{Invocations: 100e6, ActiveCPUMSPerInvocation: 10, DurationMS: 1000, MemoryMB: 2048, Concurrency: 10, Plan: "pro"},
			lines: map[string]string{"active CPU": "35.56", "provisioned memory": "58.89", "invocations": "60.00", "monthly usage credit": "-20.00"},
		},
		{
			// Small Pro usage is covered by the credit: 1M × 10 ms = 2.78 CPU-h → $0.36; 1M ×
			// 0.1 s × 2 GB = 55.56 GB-h → $0.59; 1M invocations → $0.60; credit −$1.55; the
			// month costs the $20 fee.
			name: "OK/pro usage under the credit", total: "20.00",
			in:    Vercel{Invocations: 1e6, ActiveCPUMSPerInvocation: 10, DurationMS: 100},
			lines: map[string]string{"monthly usage credit": "-1.55"},
		},
		{
			// Hobby within its included amounts: 1M × 10 ms = 2.78 CPU-h ≤ 4; 1M × 0.5 s × 2 GB =
			// 277.78 GB-h ≤ 360; 1M invocations ≤ 1M.
			name: "OK/hobby within included", total: "0",
			in: Vercel{Invocations: 1e6, ActiveCPUMSPerInvocation: 10, DurationMS: 500, Plan: "hobby"},
		},
		{name: "OK/zero usage pro pays the fee", total: "20.00", in: Vercel{}},
		{name: "OK/zero usage hobby", total: "0", in: Vercel{Plan: "hobby"}},
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
