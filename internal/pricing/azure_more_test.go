package pricing

import (
	"testing"

	"github.com/shopspring/decimal"
)

// AKS tiers: Free $0, Standard $0.10 and Premium $0.60 per cluster-hour.
func TestAKS(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	for _, tc := range []struct {
		name  string
		in    AKS
		total string
	}{
		{"OK/free by default", AKS{Clusters: 1, Hours: 730}, "0"},
		{"OK/standard 730 h", AKS{Tier: "standard", Clusters: 1, Hours: 730}, "73.00"}, // 730 × 0.10
		{"OK/premium 730 h", AKS{Tier: "Premium", Clusters: 2, Hours: 730}, "876.00"},  // 2 × 730 × 0.60
		{"OK/zero usage", AKS{Tier: "standard"}, "0"},
	} {
		b, err := tc.in.Bill(c)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		moreCheck(t, b, tc.total, nil)
	}
	_, err := AKS{Tier: "gold", Clusters: 1, Hours: 1}.Bill(c)
	moreInvalid(t, err)
}

// Azure VMs, East US Linux pay-as-you-go: D2s_v5 $0.096/h, NC4as_T4_v3 $0.526/h.
func TestAzureVM(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	b, err := AzureVM{Size: "Standard_D2s_v5", Count: 3, Hours: 730}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "210.24", nil) // 3 × 730 × 0.096 = 210.24
	b, err = AzureVM{Size: "Standard_NC4as_T4_v3", Count: 1, Hours: 730}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	moreCheck(t, b, "383.98", nil) // 730 × 0.526 = 383.98
	_, err = AzureVM{Size: "Standard_Z9", Count: 1, Hours: 1}.Bill(c)
	moreInvalid(t, err)
	s, err := AzureVMNode(c, "Standard_B2s")
	if err != nil {
		t.Fatal(err)
	}
	if s.VCPU != 2 || s.MemoryGiB != 4 || s.GPUs != 0 {
		t.Errorf("B2s shape = %+v, want 2 vCPU, 4 GiB, no GPU", s)
	}
}

// Learn, "Estimating consumption-based costs" (Flex Consumption example):
// HTTP app, 40 requests/s, 10 concurrent requests, 2,048 MB instances, no
// always ready instances, on-demand $0.000026/GB-s and $0.40 per 1M
// executions, no free grant. Per hour: CPU-bound (concurrency 1, 10
// instances) 72,000 GB-s = $1.872 plus 144,000 executions = $0.0576, total
// $1.9296; IO-bound (one instance serves all 10) 7,200 GB-s = $0.1872 plus
// $0.0576 = $0.2448 (the page rounds to $0.245). Ten concurrent requests at
// 40/s means each lasts 250 ms.
func TestAzureFunctionsFlexLearnExample(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	for _, tc := range []struct {
		name        string
		concurrency float64
		execTime    string // unrounded
		total       string // each line rounded to the cent
	}{
		{"CPU-bound", 1, "1.872", "1.93"},  // $1.87 + $0.06
		{"IO-bound", 10, "0.1872", "0.25"}, // $0.19 + $0.06
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := AzureFunctions{Plan: "flex", Executions: 144000, DurationMS: 250, MemoryMB: 2048, Concurrency: tc.concurrency}.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			li, _ := moreLine(b, "on demand execution time")
			if got := li.Quantity.Mul(li.UnitPrice); !got.Equal(decimal.RequireFromString(tc.execTime)) {
				t.Errorf("execution time before rounding = %s, want %s", got, tc.execTime)
			}
			ex, _ := moreLine(b, "on demand executions")
			if got := ex.Quantity.Mul(ex.UnitPrice); !got.Equal(decimal.RequireFromString("0.0576")) {
				t.Errorf("executions before rounding = %s, want 0.0576", got)
			}
			moreCheck(t, b, tc.total, nil)
		})
	}
}

func TestAzureFunctions(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    AzureFunctions
		total string
		lines map[string]string
	}{
		{
			// Consumption, 3M executions × 1 s × 1,536 MB with the free grant (the Modal blog's
			// worked example, 2025-05): (4,500,000 − 400,000) GB-s × $0.000016 = $65.60;
			// (3M − 1M) × $0.20/M = $0.40. Total $66.00.
			name: "OK/consumption 1.5 GB", total: "66.00",
			in:    AzureFunctions{Executions: 3e6, DurationMS: 1000, MemoryMB: 1536, FreeTier: true},
			lines: map[string]string{"execution time (1536 MB)": "65.60", "executions": "0.40"},
		},
		{
			// 160 MB is billed as 256 MB (Learn: "When your process is using 160 MB, you're charged
			// for 256 MB"); 50 ms is billed as the 100 ms minimum: 10M × 0.1 s × 0.25 GB = 250,000
			// GB-s × 0.000016 = $4.00; 10M × $0.20/M = $2.00.
			name: "OK/consumption rounding", total: "6.00",
			in:    AzureFunctions{Plan: "consumption", Executions: 10e6, DurationMS: 50, MemoryMB: 160},
			lines: map[string]string{"execution time (256 MB)": "4.00", "executions": "2.00"},
		},
		{
			// Free grant boundary: 1M executions × 0.8 s × 0.5 GB = 400,000 GB-s → $0.
			name: "OK/consumption free grant boundary", total: "0",
			in: AzureFunctions{Executions: 1e6, DurationMS: 800, MemoryMB: 512, FreeTier: true},
		},
		{
			// Flex with the free grant: 1M × 0.2 s × 2 GB = 400,000 GB-s − 100,000 = 300,000 ×
			// $0.000026 = $7.80; 1M − 250,000 = 750,000 × $0.40/M = $0.30.
			name: "OK/flex free grant", total: "8.10",
			in:    AzureFunctions{Plan: "flex", Executions: 1e6, DurationMS: 200, MemoryMB: 2048, FreeTier: true},
			lines: map[string]string{"on demand execution time": "7.80", "on demand executions": "0.30"},
		},
		{
			// Flex, one 2,048 MB always ready instance for 730 h: baseline 2,628,000 s × 2 GB ×
			// $0.000004 = $21.024 → $21.02. All 400,000 instance-s of work (1M × 0.4 s) fit on it:
			// 800,000 GB-s × $0.000016 = $12.80; 1M executions × $0.40/M = $0.40; no free grant
			// is used and nothing runs on demand.
			name: "OK/flex always ready", total: "34.22",
			in: AzureFunctions{Plan: "flex", Executions: 1e6, DurationMS: 400, MemoryMB: 2048, FreeTier: true, AlwaysReadyInstances: 1, Hours: 730},
			lines: map[string]string{"always ready baseline": "21.02", "always ready execution time": "12.80",
				"always ready executions": "0.40", "on demand execution time": "0.00", "on demand executions": "0.00"},
		},
		{
			// Overflow: 1 always ready instance for 1 h (3,600 s) but 7,200 instance-s of work.
			// Baseline 3,600 × 2 × 0.000004 = $0.0288 → $0.03; always ready 7,200 GB-s ×
			// 0.000016 = $0.1152 → $0.12; on demand 7,200 GB-s × 0.000026 = $0.1872 → $0.19;
			// executions split half/half: 36,000 each × $0.40/M = $0.0144 → $0.01 each.
			name: "OK/flex always ready overflow", total: "0.36",
			in: AzureFunctions{Plan: "flex", Executions: 72000, DurationMS: 100, MemoryMB: 2048, AlwaysReadyInstances: 1, Hours: 1},
			lines: map[string]string{"always ready baseline": "0.03", "always ready execution time": "0.12",
				"on demand execution time": "0.19", "always ready executions": "0.01", "on demand executions": "0.01"},
		},
		{
			// Flex minimum billable period: one 30 ms execution is billed 1,000 ms on a 2 GB
			// instance = 2 GB-s.
			name: "OK/flex 1 s minimum", total: "0",
			in: AzureFunctions{Plan: "flex", Executions: 1, DurationMS: 30},
		},
		{name: "OK/zero usage consumption", total: "0", in: AzureFunctions{}},
		{name: "OK/zero usage flex", total: "0", in: AzureFunctions{Plan: "flex"}},
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
	b, err := AzureFunctions{Plan: "flex", Executions: 1, DurationMS: 30}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	if li, _ := moreLine(b, "on demand execution time"); !li.Quantity.Equal(decimal.NewFromInt(2)) {
		t.Errorf("1 s minimum: %s GB-s, want 2", li.Quantity)
	}
	for name, in := range map[string]AzureFunctions{
		"ErrPlan":              {Plan: "premium"},
		"ErrAlwaysReadyConsum": {AlwaysReadyInstances: 1, Hours: 1},
		"ErrAlwaysReadyHours":  {Plan: "flex", AlwaysReadyInstances: 1},
		"ErrFlexMemory":        {Plan: "flex", MemoryMB: 8192},
		"ErrConsumptionMemory": {MemoryMB: 2048},
	} {
		_, err := in.Bill(c)
		if err == nil {
			t.Errorf("%s: want an error", name)
			continue
		}
		moreInvalid(t, err)
	}
}
