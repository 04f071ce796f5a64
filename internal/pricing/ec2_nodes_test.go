package pricing_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// The catalog's EC2 node prices against the figures the providers publish
// (https://aws.amazon.com/ec2/pricing/on-demand/, Linux, us-east-1), three
// sizes per family, and a month of one instance at 730 hours.
func TestEC2NodePricesPublished(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	for _, tc := range []struct {
		typ, hourly, month string
	}{
		{"m6i.large", "0.096", "70.08"},      // 730 × $0.096
		{"m6i.2xlarge", "0.384", "280.32"},   // 4 × the large
		{"m6i.16xlarge", "3.072", "2242.56"}, // 32 × the large
		{"c6i.large", "0.085", "62.05"},
		{"c6i.xlarge", "0.17", "124.10"},
		{"c6i.4xlarge", "0.68", "496.40"},
		{"r6i.large", "0.126", "91.98"},
		{"r6i.2xlarge", "0.504", "367.92"},
		{"r6i.8xlarge", "2.016", "1471.68"},
		{"m7g.large", "0.0816", "59.57"},   // 59.568 rounds half up
		{"m7g.xlarge", "0.1632", "119.14"}, // the Lambda page's Managed Instances example
		{"m7g.16xlarge", "2.6112", "1906.18"},
		{"c7g.large", "0.0725", "52.93"},
		{"c7g.2xlarge", "0.29", "211.70"},
		{"c7g.4xlarge", "0.58", "423.40"},
		{"r7g.large", "0.1071", "78.18"},
		{"r7g.4xlarge", "0.8568", "625.46"},
		{"r7g.16xlarge", "3.4272", "2501.86"},
		{"m7i.large", "0.1008", "73.58"},
		{"c7i.xlarge", "0.1785", "130.31"},
		{"t3.medium", "0.0416", "30.37"},
		{"t3.large", "0.0832", "60.74"},
		{"t3.2xlarge", "0.3328", "242.94"},
		{"t4g.medium", "0.0336", "24.53"},
		{"t4g.xlarge", "0.1344", "98.11"},
		{"g4dn.xlarge", "0.526", "383.98"}, // GPU sizes do not scale linearly
		{"g4dn.12xlarge", "3.912", "2855.76"},
		{"g5.xlarge", "1.006", "734.38"},
		{"g5.12xlarge", "5.672", "4140.56"},
		{"g5.16xlarge", "4.096", "2990.08"},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			t.Parallel()
			if got := c.Entries["aws.ec2."+tc.typ+".hourly"].UnitPrice(); !got.Equal(decimal.RequireFromString(tc.hourly)) {
				t.Errorf("hourly = %s, want %s", got, tc.hourly)
			}
			b, err := pricing.EC2{InstanceType: tc.typ, Count: 1, Hours: 730}.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			if !b.Total.Equal(decimal.RequireFromString(tc.month)) {
				t.Errorf("month = %s, want %s", b.Total, tc.month)
			}
		})
	}
}

// Burstable surplus credits (AWS burstable docs: baseline 30 % per vCPU for
// t3.large; unlimited mode bills the surplus at $0.05 per vCPU-hour, Linux,
// https://aws.amazon.com/ec2/pricing/on-demand/#T2.2FT3.2FT4g_Unlimited_Mode_Pricing).
func TestBurstableSurplusCredits(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	for _, tc := range []struct {
		name                   string
		typ                    string
		util                   float64 // sustained CPU, a fraction of each vCPU
		vcpu, surplus, credits float64
		instances, total       string
	}{
		// OK: a t3.large at 60 % for a month: (0.6 − 0.3) × 2 × 730 = 438 vCPU-hours × $0.05 = $21.90.
		{"T3LargeAt60", "t3.large", 0.6, 2, 438, 21.90, "60.74", "82.64"},
		// OK: at its 30 % baseline nothing is owed.
		{"T3LargeAtBaseline", "t3.large", 0.3, 2, 0, 0, "60.74", "60.74"},
		// OK: below the baseline credits accrue, never a refund.
		{"T3LargeIdle", "t3.large", 0.05, 2, 0, 0, "60.74", "60.74"},
		// OK: a t3.medium (20 %) flat out: 0.8 × 2 × 730 = 1,168 vCPU-hours, $58.40.
		{"T3MediumFlatOut", "t3.medium", 1, 2, 1168, 58.40, "30.37", "88.77"},
		// OK: t4g surplus is $0.04: t4g.xlarge (40 %) at 70 %: 0.3 × 4 × 730 = 876 × $0.04 = $35.04.
		{"T4gXlargeAt70", "t4g.xlarge", 0.7, 4, 876, 35.04, "98.11", "133.15"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := c.Entries["aws.ec2."+tc.typ+".baseline_cpu"].Float()
			s := pricing.SurplusVCPUHours(tc.util*tc.vcpu*730, base, tc.vcpu, 730)
			if diff := s - tc.surplus; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("surplus = %g vCPU-hours, want %g", s, tc.surplus)
			}
			b, err := pricing.EC2{InstanceType: tc.typ, Count: 1, Hours: 730, SurplusVCPUHours: s}.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			if !b.Total.Equal(decimal.RequireFromString(tc.total)) || !b.LineItems[0].Amount.Equal(decimal.RequireFromString(tc.instances)) {
				t.Errorf("bill = %v, want instances %s, total %s", b.LineItems, tc.instances, tc.total)
			}
			if tc.credits > 0 && !b.LineItems[1].Amount.Equal(decimal.NewFromFloat(tc.credits)) {
				t.Errorf("credits = %s, want %.2f", b.LineItems[1].Amount, tc.credits)
			}
		})
	}
	// ErrNotBurstable: surplus on a family without a surplus price.
	if _, err := (pricing.EC2{InstanceType: "m6i.large", Count: 1, Hours: 1, SurplusVCPUHours: 1}).Bill(c); err == nil {
		t.Error("m6i.large with surplus credits: want an error")
	}
}
