package pricing_test

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// The analyze engine prices every component on every platform at many load
// points, so one Lambda bill (with tiers and PC) should stay in microseconds.
func BenchmarkLambdaBill(b *testing.B) {
	c := awsCatalog(b)
	x := pricing.Lambda{Requests: 3e9, DurationMS: 120, MemoryMB: 1536, FreeTier: true, InitGBSeconds: 1e5,
		ProvisionedConcurrency: 100, ProvisionedHours: 730, ProvisionedRequestShare: 0.3}
	for b.Loop() {
		if _, err := x.Bill(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFargateBill(b *testing.B) {
	c := awsCatalog(b)
	x := pricing.Fargate{VCPU: 1, MemoryGB: 2, Hours: 730, Tasks: 3}
	for b.Loop() {
		if _, err := x.Bill(c); err != nil {
			b.Fatal(err)
		}
	}
}
