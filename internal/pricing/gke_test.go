package pricing

import "testing"

// GKE: $0.10 per cluster-hour; the free tier is a $74.40 monthly credit per
// billing account for zonal and Autopilot clusters only
// (cloud.google.com/kubernetes-engine/pricing).
func TestGKE(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    GKE
		total string
		lines map[string]string
	}{
		// 730 h × $0.10 = $73.00, without credit.
		{"OK/one cluster 730 h", GKE{Clusters: 1, Hours: 730}, "73.00", map[string]string{"cluster management fee (zonal or Autopilot)": "73.00"}},
		// The credit ($74.40 = 744 h × $0.10) covers one zonal cluster for a 31-day month exactly.
		{"OK/credit covers one zonal cluster, 744 h", GKE{Clusters: 1, Hours: 744, FreeTier: true}, "0", map[string]string{"free tier credit": "-74.40"}},
		// In a 730 h month only $73.00 of the credit is used: no rollover, no negative bill.
		{"OK/credit capped at the fee", GKE{Clusters: 1, Hours: 730, FreeTier: true}, "0", map[string]string{"free tier credit": "-73.00"}},
		// Two zonal clusters: $146.00 − $74.40 = $71.60.
		{"OK/two zonal clusters", GKE{Clusters: 2, Hours: 730, FreeTier: true}, "71.60", nil},
		// The page's example account_2 (2020 rule, re-stated with the credit): 1,000 zonal
		// cluster-hours → $100.00 − $74.40 = $25.60.
		{"OK/1000 zonal cluster-hours", GKE{Clusters: 1, Hours: 1000, FreeTier: true}, "25.60", nil},
		// The credit never applies to regional clusters: 730 h → $73.00.
		{"OK/regional gets no credit", GKE{Clusters: 1, Hours: 730, Regional: true, FreeTier: true}, "73.00", nil},
		{"OK/zero usage", GKE{FreeTier: true}, "0", nil},
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
	_, err := GKE{Clusters: -1}.Bill(c)
	moreInvalid(t, err)
}

// GCE on-demand us-central1: e2-standard-2 $0.067006/h (2 × $0.021811 vCPU-h +
// 8 × $0.002923 GB-h), g2-standard-4 $0.706832/h including one L4.
func TestGCE(t *testing.T) {
	t.Parallel()
	c := moreCatalog(t)
	tests := []struct {
		name  string
		in    GCE
		total string
	}{
		// 3 × 730 h × 0.067006 = $146.74314 → $146.74.
		{"OK/three e2-standard-2", GCE{MachineType: "e2-standard-2", Count: 3, Hours: 730}, "146.74"},
		// 730 × 0.134012 = $97.82876 → $97.83 (twice the e2-standard-2 rate).
		{"OK/e2-standard-4", GCE{MachineType: "e2-standard-4", Count: 1, Hours: 730}, "97.83"},
		// 730 × 0.706832 = $515.98736 → $515.99.
		{"OK/g2-standard-4 with L4", GCE{MachineType: "g2-standard-4", Count: 1, Hours: 730}, "515.99"},
		{"OK/zero usage", GCE{MachineType: "n2-standard-2"}, "0"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b, err := tc.in.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			moreCheck(t, b, tc.total, nil)
		})
	}
	_, err := GCE{MachineType: "e2-huge", Count: 1, Hours: 1}.Bill(c)
	moreInvalid(t, err)
	s, err := GCENode(c, "g2-standard-4")
	if err != nil {
		t.Fatal(err)
	}
	if s.VCPU != 4 || s.MemoryGiB != 16 || s.GPUs != 1 || s.MaxPods != 110 {
		t.Errorf("g2-standard-4 shape = %+v, want 4 vCPU, 16 GiB, 1 GPU, 110 pods", s)
	}
}
