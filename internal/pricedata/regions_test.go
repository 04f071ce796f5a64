package pricedata

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// The region sheets: every region has an area, each non-base region
// overlays only its provider's regional ids, every regional id that is not
// a node price is overlaid (so an analysis there never lacks a price), and
// every node entry, base or regional, carries a source, a retrieved date, a
// confidence tag and a note.
func TestRegionSheets(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"eastus", "eu-west-1", "europe-west1", "us-central1", "us-east-1", "westeurope"}
	if got := c.RegionNames(); !slices.Equal(got, want) {
		t.Fatalf("regions = %v, want %v", got, want)
	}
	for region, entries := range c.Regions.Overlays {
		prov := c.Regions.Provider[region]
		for _, pat := range c.Regions.Regional[prov] {
			if strings.Contains(pat, "*") {
				continue // node prices: a type may not be offered in a region
			}
			if _, ok := entries[pat]; !ok {
				t.Errorf("%s: regional id %s has no %s entry", region, pat, region)
			}
		}
		nodes := 0
		for id, e := range entries {
			if e.Region != region || e.Confidence == "" || e.Note == "" || !strings.HasPrefix(e.Source, "https://") {
				t.Errorf("%s %s: region %q, confidence %q, note %q, source %q", region, id, e.Region, e.Confidence, e.Note, e.Source)
			}
			if strings.HasSuffix(id, ".hourly") {
				nodes++
			}
		}
		if nodes < 30 {
			t.Errorf("%s prices %d node types, want every family", region, nodes)
		}
	}
	for _, id := range c.IDs() {
		e := c.Entries[id]
		if !(strings.HasPrefix(id, "aws.ec2.") || strings.HasPrefix(id, "gcp.gce.") || strings.HasPrefix(id, "azure.vm.")) {
			continue
		}
		if !slices.Contains([]string{"O", "O-t", "PL", "S", "U"}, e.Confidence) {
			t.Errorf("%s: confidence %q", id, e.Confidence)
		}
		if strings.HasSuffix(id, ".hourly") && e.Note == "" {
			t.Errorf("%s: a node price needs a note saying where it comes from", id)
		}
	}
}

// EKS max pods: the VPC CNI's ENI formula capped at 110 below 30 vCPUs and
// 250 from 30 (the EKS max-pods calculator, prefix delegation off); GKE 110;
// AKS 250 (Azure CNI Overlay).
func TestMaxPodsRule(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   string
		want float64
	}{
		{"aws.ec2.t3.medium.max_pods", 17},     // 3 × (6 − 1) + 2
		{"aws.ec2.m6i.large.max_pods", 29},     // 3 × (10 − 1) + 2
		{"aws.ec2.m6i.2xlarge.max_pods", 58},   // 4 × (15 − 1) + 2
		{"aws.ec2.m6i.4xlarge.max_pods", 110},  // 8 × 29 + 2 = 234, capped at 110 (16 vCPU)
		{"aws.ec2.m6i.8xlarge.max_pods", 234},  // 32 vCPU: cap 250
		{"aws.ec2.m6i.16xlarge.max_pods", 250}, // 15 × 49 + 2 = 737, capped at 250
		{"aws.ec2.g5.12xlarge.max_pods", 250},
		{"aws.ec2.g4dn.16xlarge.max_pods", 58},
		{"gcp.gce.n2-standard-64.max_pods", 110},
		{"azure.vm.Standard_D64s_v5.max_pods", 250},
	} {
		if got := c.Entries[tc.id].Float(); got != tc.want {
			t.Errorf("%s = %g, want %g", tc.id, got, tc.want)
		}
	}
	for _, id := range c.IDs() {
		if !strings.HasPrefix(id, "aws.ec2.") || !strings.HasSuffix(id, ".max_pods") {
			continue
		}
		vcpu := c.Entries[strings.TrimSuffix(id, "max_pods")+"vcpu"].Float()
		if cap := map[bool]float64{true: 110, false: 250}[vcpu < 30]; c.Entries[id].Float() > cap {
			t.Errorf("%s = %g above the calculator's cap of %g for %g vCPU", id, c.Entries[id].Float(), cap, vcpu)
		}
	}
}

// InRegion: a region of the base area is the catalog itself; another area
// takes its regional entries (a node type it does not price is dropped);
// a user's override survives; an unknown region names the valid ones.
func TestInRegion(t *testing.T) {
	t.Parallel()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if same, err := c.InRegion("us-central1"); err != nil || same != c {
		t.Errorf("us-central1: %v, same catalog %v", err, same == c)
	}
	if err := Override(c, "mine.yaml", []byte("entries:\n  - {id: aws.ec2.m6i.xlarge.hourly, value: 0.15}\n")); err != nil {
		t.Fatal(err)
	}
	eu, err := c.InRegion("westeurope")
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"aws.ec2.m6i.large.hourly":        "0.107",    // eu-west-1's
		"aws.ec2.m6i.xlarge.hourly":       "0.15",     // the override
		"aws.nat.hour":                    "0.048",    // eu-west-1's
		"aws.lambda.requests":             "0.2",      // the same everywhere
		"gcp.gce.n2-standard-2.hourly":    "0.106834", // europe-west1's
		"azure.vm.Standard_D2s_v5.hourly": "0.115",    // westeurope's
	} {
		if got := eu.Entries[id].Value; !got.Equal(mustDec(t, want)) {
			t.Errorf("%s = %s, want %s", id, got, want)
		}
	}
	if _, ok := eu.Entries["aws.ec2.m5.large.hourly"]; ok {
		t.Error("m5.large has no eu-west-1 price but is still offered there")
	}
	if _, ok := eu.Entries["aws.ec2.m5.large.vcpu"]; !ok {
		t.Error("m5.large's shape went with its price")
	}
	_, err = c.InRegion("mars-1")
	var ur *catalog.UnknownRegionError
	if !errors.As(err, &ur) || !strings.Contains(err.Error(), "eu-west-1, europe-west1") {
		t.Errorf("mars-1: %v", err)
	}
}

func mustDec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
