package pricing

import "testing"

// Cloud Functions (1st gen) rules from cloud.google.com/functions/pricing-1stgen:
// $0.40 per 1M invocations beyond 2M free; $0.0000025 per GB-s; $0.0000100 per
// GHz-s; compute time rounded up to 100 ms; 128 MB comes with 200 MHz, 256 MB
// with 400 MHz, 1024 MB with 1.4 GHz, 2048 MB with 2.4 GHz. Free compute
// 400,000 GB-s and 200,000 GHz-s (firebase-tools V1_FREE_TIER).
func TestCloudFunctions(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    CloudFunctions
		total string
		lines map[string]string
	}{
		{
			// Modelled on the page's first example (128 MB / 200 MHz, 10M invocations of 300 ms);
			// the stored copies were cut before its figures, so the total is worked from the rates. Invocations (10M − 2M) × $0.0000004 = $3.20; 3,000,000 s ×
			// 0.125 GB = 375,000 GB-s, under the 400,000 free; 3,000,000 × 0.2 GHz = 600,000 −
			// 200,000 = 400,000 GHz-s × $0.00001 = $4.00. Total $7.20.
			name: "OK/128 MB example with free tier", total: "7.20",
			in:    CloudFunctions{Invocations: 10e6, DurationMS: 300, MemoryMB: 128, FreeTier: true},
			lines: map[string]string{"invocations": "3.20", "memory (128 MB)": "0.00", "CPU (0.2 GHz)": "4.00"},
		},
		{
			// 256 MB / 400 MHz, 50M invocations of 500 ms, free tier: invocations 48M × 0.4/M =
			// $19.20; GB-s 25,000,000 s × 0.25 = 6,250,000 − 400,000 = 5,850,000 × 0.0000025 =
			// $14.625 → $14.63; GHz-s 25M × 0.4 = 10M − 200,000 = 9.8M × 0.00001 = $98.00.
			name: "OK/256 MB with free tier", total: "131.83",
			in:    CloudFunctions{Invocations: 50e6, DurationMS: 500, MemoryMB: 256, FreeTier: true},
			lines: map[string]string{"invocations": "19.20", "memory (256 MB)": "14.63", "CPU (0.4 GHz)": "98.00"},
		},
		{
			// 260 ms is billed as 300 ms (the page's own rounding example): 1M × 0.3 s × 1 GB =
			// 300,000 GB-s → $0.75; × 1.4 GHz = 420,000 GHz-s → $4.20; 1M invocations → $0.40.
			name: "OK/100 ms rounding, no free tier", total: "5.35",
			in:    CloudFunctions{Invocations: 1e6, DurationMS: 260, MemoryMB: 1024},
			lines: map[string]string{"invocations": "0.40", "memory (1024 MB)": "0.75", "CPU (1.4 GHz)": "4.20"},
		},
		{
			// 300 MB is not a tier: billed as 512 MB / 800 MHz. 1M × 0.1 s = 100,000 s;
			// 50,000 GB-s → $0.125 → $0.13; 80,000 GHz-s → $0.80; invocations $0.40.
			name: "OK/memory rounded to tier", total: "1.33",
			in: CloudFunctions{Invocations: 1e6, DurationMS: 100, MemoryMB: 300},
		},
		{
			// Free tier boundary: 2M invocations, 400,000 GB-s (2M × 0.1 s × 2 GB) but 2.4 GHz ×
			// 200,000 s = 480,000 GHz-s − 200,000 = 280,000 × 0.00001 = $2.80.
			name: "OK/free tier boundary", total: "2.80",
			in: CloudFunctions{Invocations: 2e6, DurationMS: 100, MemoryMB: 2048, FreeTier: true},
		},
		{name: "OK/zero usage", total: "0", in: CloudFunctions{FreeTier: true}},
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
	_, err := CloudFunctions{MemoryMB: 16384}.Bill(c)
	moreInvalid(t, err)
	_, err = CloudFunctions{DurationMS: -5}.Bill(c)
	moreInvalid(t, err)
}
