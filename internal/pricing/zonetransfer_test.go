package pricing_test

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// TestZoneTransfer prices traffic between zones against the published
// figures: AWS $0.01/GB in each direction ("Data Transfer within the same
// AWS Region", aws.amazon.com/ec2/pricing/on-demand), so 100 GB crossing
// cost $2; AWS between regions $0.02/GB; Google Cloud $0.01/GiB
// (cloud.google.com/vpc/network-pricing); Azure free between zones.
func TestZoneTransfer(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	tests := []struct {
		in    pricing.ZoneTransfer
		want  string
		lines int
	}{
		{pricing.ZoneTransfer{Cloud: "aws", CrossZoneGB: 100}, "2", 2},
		{pricing.ZoneTransfer{Cloud: "aws", CrossZoneGB: 1000, CrossRegionGB: 500}, "30", 3},
		{pricing.ZoneTransfer{Cloud: "gcp", CrossZoneGB: 1073.741824}, "10", 1}, // 1,000 GiB
		{pricing.ZoneTransfer{Cloud: "azure", CrossZoneGB: 1e6}, "0", 1},
	}
	for _, tt := range tests {
		b, err := tt.in.Bill(c)
		if err != nil {
			t.Fatalf("%+v: %v", tt.in, err)
		}
		if b.Total.String() != tt.want || len(b.LineItems) != tt.lines {
			t.Errorf("%+v: total %s in %d lines, want %s in %d", tt.in, b.Total, len(b.LineItems), tt.want, tt.lines)
		}
	}
	for _, bad := range []pricing.ZoneTransfer{{Cloud: "aws", CrossZoneGB: -1}, {Cloud: "gcp", CrossRegionGB: 1}, {Cloud: "cloudflare"}} {
		if _, err := bad.Bill(c); errs.KindOf(err) != errs.Invalid {
			t.Errorf("%+v: error %v, want an invalid-input error", bad, err)
		}
	}
}
