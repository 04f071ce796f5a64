package pricing

import "testing"

// Cloud Run prices are from cloud.google.com/run/pricing (Tier 1):
// request-based $0.000024/vCPU-s, $0.0000025/GiB-s, $0.40 per 1M requests;
// free tier 180,000 vCPU-s, 360,000 GiB-s, 2M requests; instance-based
// $0.000018/vCPU-s, $0.000002/GiB-s, free 240,000 vCPU-s and 450,000 GiB-s.
// The page has no worked example in the copies read, so each expected figure
// is the page's rule worked by hand in the comment.
func TestCloudRun(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    CloudRun
		total string
		lines map[string]string
	}{
		{
			// 10M × 200 ms at concurrency 1 = 2,000,000 instance-s. CPU 2M × $0.000024 = $48.00;
			// memory 2M × 0.5 GiB = 1M GiB-s × $0.0000025 = $2.50; requests 10 × $0.40 = $4.00.
			name: "OK/no free tier", total: "54.50",
			in:    CloudRun{Requests: 10e6, DurationMS: 200, VCPU: 1, MemoryMB: 512, Concurrency: 1},
			lines: map[string]string{"CPU, request-based": "48.00", "memory, request-based": "2.50", "requests": "4.00"},
		},
		{
			// Same with the free tier: CPU (2M − 180k) × 0.000024 = $43.68; memory (1M − 360k) ×
			// 0.0000025 = $1.60; requests 8M × $0.40/M = $3.20. (A third-party calculator,
			// cloudwebschool.com, swaps the CPU and memory allowances and gets $39.36 + $2.05.)
			name: "OK/free tier", total: "48.48",
			in:    CloudRun{Requests: 10e6, DurationMS: 200, VCPU: 1, MemoryMB: 512, Concurrency: 1, FreeTier: true},
			lines: map[string]string{"CPU, request-based": "43.68", "memory, request-based": "1.60", "requests": "3.20"},
		},
		{
			// 250 ms is billed as 300 ms (rounded up to 100 ms); concurrency 80 shares instance
			// time: 8M × 0.3 s ÷ 80 = 30,000 s. CPU 30,000 × 2 vCPU × 0.000024 = $1.44;
			// memory 30,000 × 1 GiB × 0.0000025 = $0.075 → $0.08; requests 8 × 0.40 = $3.20.
			name: "OK/concurrency and 100 ms rounding", total: "4.72",
			in:    CloudRun{Requests: 8e6, DurationMS: 250, VCPU: 2, MemoryMB: 1024, Concurrency: 80},
			lines: map[string]string{"CPU, request-based": "1.44", "memory, request-based": "0.08", "requests": "3.20"},
		},
		{
			// Free tier boundary: exactly 180,000 vCPU-s, 360,000 GiB-s and 2M requests cost nothing.
			// 2M × 90 ms → 100 ms = 200,000 s; 0.9 vCPU → 180,000 vCPU-s; 1.8 GiB → 360,000 GiB-s.
			name: "OK/free tier boundary", total: "0",
			in: CloudRun{Requests: 2e6, DurationMS: 90, VCPU: 0.9, MemoryMB: 1843.2, Concurrency: 1, FreeTier: true},
		},
		{
			// One minimum instance, 730 h, no traffic: idle 2,628,000 s × 1 vCPU × $0.0000025 = $6.57
			// and 0.5 GiB × 2,628,000 × $0.0000025 = $3.285 → $3.29.
			name: "OK/idle minimum instance", total: "9.86",
			in:    CloudRun{VCPU: 1, MemoryMB: 512, MinInstances: 1, Hours: 730},
			lines: map[string]string{"idle minimum instances, CPU": "6.57", "idle minimum instances, memory": "3.29"},
		},
		{
			// Instance-based, 1 instance all month (730 h = 2,628,000 s), 1 vCPU, 512 MiB, free tier:
			// CPU (2,628,000 − 240,000) × 0.000018 = $42.984 → $42.98; memory (1,314,000 − 450,000) ×
			// 0.000002 = $1.728 → $1.73. No request fee.
			name: "OK/instance-based", total: "44.71",
			in:    CloudRun{Requests: 5e6, DurationMS: 100, VCPU: 1, MemoryMB: 512, InstanceBased: true, FreeTier: true, MinInstances: 1, Hours: 730},
			lines: map[string]string{"CPU, instance-based": "42.98", "memory, instance-based": "1.73"},
		},
		{
			// L4 GPU, 4 vCPU, 16 GiB, 10 h: 36,000 s. GPU 36,000 × $0.0001867 = $6.7212 → $6.72;
			// CPU 144,000 × 0.000018 = $2.592 → $2.59; memory 576,000 × 0.000002 = $1.152 → $1.15.
			name: "OK/GPU", total: "10.46",
			in:    CloudRun{VCPU: 4, MemoryMB: 16384, InstanceBased: true, GPUs: 1, MinInstances: 1, Hours: 10},
			lines: map[string]string{"NVIDIA L4 GPU": "6.72", "CPU, instance-based": "2.59", "memory, instance-based": "1.15"},
		},
		{
			// A simulated active time overrides the derived one: 1,000 s × 1 vCPU = $0.024 → $0.02.
			name: "OK/active seconds given", total: "0.02",
			in:    CloudRun{Requests: 10, DurationMS: 100000, VCPU: 1, MemoryMB: 512, ActiveInstanceSeconds: 1000},
			lines: map[string]string{"CPU, request-based": "0.02", "memory, request-based": "0.00", "requests": "0.00"},
		},
		{name: "OK/zero usage", total: "0", in: CloudRun{}},
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
}

func TestCloudRunInvalid(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	for name, in := range map[string]CloudRun{
		"ErrNegative":          {Requests: -1},
		"ErrGPUNeedsInstance":  {GPUs: 1},
		"ErrTwoGPUs":           {GPUs: 2, InstanceBased: true},
		"ErrTooMuchMemory":     {MemoryMB: 65536},
		"ErrTooManyVCPU":       {VCPU: 16},
		"ErrConcurrency":       {Concurrency: 5000},
		"ErrMinInstancesHours": {MinInstances: 1},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := in.Bill(c)
			moreInvalid(t, err)
		})
	}
}

func BenchmarkCloudRunBill(b *testing.B) {
	c := moreCatalog(b)
	x := CloudRun{Requests: 10e6, DurationMS: 200, VCPU: 1, MemoryMB: 512, Concurrency: 80, FreeTier: true, MinInstances: 1, Hours: 730}
	for b.Loop() {
		if _, err := x.Bill(c); err != nil {
			b.Fatal(err)
		}
	}
}
