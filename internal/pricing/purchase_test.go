package pricing

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// purchaseCatalog holds the on-demand prices of two node types and the
// purchase figures under test, as `catalog import` or the embedded sheets
// would name them.
func purchaseCatalog() *catalog.Catalog {
	c := catalog.New("2026-12-04")
	add := func(id, v string) {
		c.Entries[id] = catalog.Entry{ID: id, Kind: catalog.KindPrice, Value: d(v), Source: "test:" + id}
	}
	add("aws.ec2.m6i.large.hourly", "0.096")
	// AWS Reserved Instance pricing page, m6i.large us-east-1, Standard 1y
	// partial upfront: $0.0288 an hour and $252 upfront [U, docs/purchase-options.md].
	add("aws.ec2.m6i.large.reserved-1y-partial-upfront.recurring", "0.0288")
	add("aws.ec2.m6i.large.reserved-1y-partial-upfront.upfront", "252")
	// A spot price as `catalog import` writes it from a spot-price history file.
	add("aws.ec2.m6i.large.spot_hourly", "0.0421")
	// EC2 Instance Savings Plan 1y no upfront as a share of on-demand:
	// m6i.large $0.0605 / $0.096.
	add(PurchaseID("eks", workload.PurchaseEC2SP1y, "rate"), "0.63020833")
	// Compute Engine N2 in us-central1: $0.031611 a vCPU-hour and $0.004237 a
	// GiB-hour on demand; resource-based CUD 1y 37 % off, 3y 55 % off.
	add("gcp.gce.n2-standard-4.hourly", "0.194236") // 4 x 0.031611 + 16 x 0.004237
	add(PurchaseID("gke", workload.PurchaseCUD1y, "rate"), "0.63")
	add(PurchaseID("gke", workload.PurchaseCUD3y, "rate"), "0.45")
	// Lambda with a Compute Savings Plan 1y no upfront: 12 % off duration.
	add(PurchaseID("aws-lambda", workload.PurchaseComputeSP1y, "rate"), "0.88")
	return c
}

func TestNodeRate(t *testing.T) {
	c := purchaseCatalog()
	cases := []struct {
		name, platform, prefix, typ, option string
		hourly, upfront, effective          string
		perType                             bool
	}{
		// EC2 Instance SP: $0.096 x 0.63020833 = $0.0605 (AWS's published m6i.large rate).
		{"ec2 instance savings plan", "eks", "aws.ec2.", "m6i.large", workload.PurchaseEC2SP1y, "0.0605", "0", "0.0605", false},
		// RI partial upfront: 0.0288 + 252 / 8760 = 0.05757 effective.
		{"reserved partial upfront", "eks", "aws.ec2.", "m6i.large", workload.PurchaseRI1yPartialUpfront, "0.0288", "252", "0.05757", true},
		{"spot from an imported file", "eks", "aws.ec2.", "m6i.large", workload.PurchaseSpot, "0.0421", "0", "0.0421", true},
		// GKE CUD: the published N2 commitment rates 1y $0.019915/vCPU-h and
		// $0.002669/GiB-h give 4 x 0.019915 + 16 x 0.002669 = $0.122364.
		{"gke cud 1y", "gke", "gcp.gce.", "n2-standard-4", workload.PurchaseCUD1y, "0.12237", "0", "0.12237", false},
		// 3y: 4 x 0.014225 + 16 x 0.001907 = $0.087412.
		{"gke cud 3y", "gke", "gcp.gce.", "n2-standard-4", workload.PurchaseCUD3y, "0.08741", "0", "0.08741", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NodeRate(c, tc.platform, tc.prefix, tc.typ, tc.option, c.Entries[tc.prefix+tc.typ+".hourly"])
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Hourly.Round(5); !got.Equal(d(tc.hourly)) {
				t.Errorf("hourly = %s, want %s", got, tc.hourly)
			}
			if !r.Upfront.Equal(d(tc.upfront)) {
				t.Errorf("upfront = %s, want %s", r.Upfront, tc.upfront)
			}
			if got := r.Effective().Round(5); !got.Equal(d(tc.effective)) {
				t.Errorf("effective = %s, want %s", got, tc.effective)
			}
			if r.PerType != tc.perType {
				t.Errorf("per type = %v, want %v", r.PerType, tc.perType)
			}
		})
	}
	if _, err := NodeRate(c, "aks", "azure.vm.", "Standard_D4s_v5", workload.PurchaseReserved1y, catalog.Entry{Value: d("0.192")}); err == nil || !strings.Contains(err.Error(), "purchase.aks.reserved-1y.rate") {
		t.Errorf("a missing rate should name the catalog ids, got %v", err)
	}
}

func lineNamed(b *Bill, part string) *LineItem {
	for i := range b.LineItems {
		if strings.Contains(b.LineItems[i].Name, part) {
			return &b.LineItems[i]
		}
	}
	return nil
}

func TestNodePurchaseCommitment(t *testing.T) {
	c := purchaseCatalog()
	// 3 nodes for 365 hours, 5 nodes for the other 365.
	profile := []NodeCount{{Nodes: 3, Hours: 365}, {Nodes: 5, Hours: 365}}
	t.Run("sized to the floor", func(t *testing.T) {
		b, err := NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: workload.PurchaseRI1yPartialUpfront, Profile: profile}.Bill(c)
		if err != nil {
			t.Fatal(err)
		}
		// committed: 3 x 730 = 2,190 node-hours x $0.0288 = $63.07
		// upfront: 2,190 node-hours x 252 / 8760 = $63.00
		// above the commitment: 2 x 365 = 730 x $0.096 = $70.08
		want := map[string]string{"committed (3 nodes)": "63.07", "amortised": "63", "on-demand above": "70.08"}
		wantLines(t, b, want)
		if lineNamed(b, "unused") != nil {
			t.Error("a commitment at the floor has no unused share")
		}
		// On demand: 2,920 node-hours x $0.096 = $280.32.
		if got := b.OnDemandTotal(); !got.Equal(d("280.32")) {
			t.Errorf("on-demand figure = %s, want 280.32", got)
		}
		if !b.Total.Equal(d("196.15")) {
			t.Errorf("total = %s, want 196.15", b.Total)
		}
	})
	t.Run("unused commitment", func(t *testing.T) {
		four := 4.0
		b, err := NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: workload.PurchaseEC2SP1y, Profile: profile, Committed: &four}.Bill(c)
		if err != nil {
			t.Fatal(err)
		}
		// 4 committed: used 3 x 365 + 4 x 365 = 2,555 node-hours; unused
		// 1 x 365 = 365 node-hours, charged at the plan's rate all the same.
		unused := lineNamed(b, "unused commitment")
		if unused == nil {
			t.Fatalf("no unused line in %+v", b.LineItems)
		}
		wantRate := d("0.096").Mul(d("0.63020833"))
		if !unused.Quantity.Equal(d("365")) || !unused.Amount.Equal(RoundMoney(d("365").Mul(wantRate), HalfUp)) {
			t.Errorf("unused = %s node-hours, %s", unused.Quantity, unused.Amount)
		}
		over := lineNamed(b, "on-demand above")
		if over == nil || !over.Quantity.Equal(d("365")) {
			t.Errorf("above the commitment: %+v", over)
		}
	})
	t.Run("a commitment above all use costs more than on demand", func(t *testing.T) {
		ten := 10.0
		b, err := NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: workload.PurchaseEC2SP1y, Profile: profile, Committed: &ten}.Bill(c)
		if err != nil {
			t.Fatal(err)
		}
		if !b.Saving.IsNegative() {
			t.Errorf("saving = %s, want negative: 7,300 committed node-hours against 2,920 used", b.Saving)
		}
	})
}

func TestNodePurchaseSpot(t *testing.T) {
	c := purchaseCatalog()
	b, err := NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: workload.PurchaseSpot,
		Profile: []NodeCount{{Nodes: 10, Hours: 730}}, OnDemandShare: 0.2, Headroom: 0.05}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	// 7,300 node-hours: 5,840 on spot at $0.0421 = $245.86, headroom 292 at
	// $0.0421 = $12.29, base 1,460 on demand at $0.096 = $140.16.
	want := map[string]string{"spot (80 %": "245.86", "headroom": "12.29", "on-demand base": "140.16"}
	wantLines(t, b, want)
	if got := b.OnDemandTotal(); !got.Equal(d("700.80")) {
		t.Errorf("on-demand figure = %s, want 700.80", got)
	}
	if _, err := (NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: workload.PurchaseSpot, Profile: []NodeCount{{Nodes: 1, Hours: 1}}, OnDemandShare: 1.5}).Bill(c); err == nil {
		t.Error("an on-demand share above 1 should be refused")
	}
}

func TestServerlessPurchase(t *testing.T) {
	c := purchaseCatalog()
	b := NewBill("aws-lambda", c)
	b.AddPriced("Requests", d("1000000"), "request", d("0.0000002"), "", HalfUp)              // $0.20
	b.AddPriced("Duration (x86_64)", d("600000"), "GB-second", d("0.0000166667"), "", HalfUp) // $10.00
	err := ServerlessPurchase{Platform: "aws-lambda", Option: workload.PurchaseComputeSP1y, Covered: 0.5,
		Lines: func(n string) bool { return strings.HasPrefix(n, "Duration") }}.Apply(c, b)
	if err != nil {
		t.Fatal(err)
	}
	// Half of the $10.00 of duration committed, 12 % off: -$0.60.
	if !b.Total.Equal(d("9.60")) || !b.OnDemandTotal().Equal(d("10.20")) {
		t.Errorf("total %s, on demand %s; want 9.60 and 10.20", b.Total, b.OnDemandTotal())
	}
	if err := (ServerlessPurchase{Platform: "aws-lambda", Option: workload.PurchaseComputeSP3y, Covered: 1, Lines: func(string) bool { return true }}).Apply(c, b); err == nil {
		t.Error("an option without a rate should be an error")
	}
}

func TestFloor(t *testing.T) {
	if f := Floor([]NodeCount{{5, 10}, {2, 0}, {3, 1}}); f != 3 {
		t.Errorf("floor = %g, want 3 (hours with zero length do not count)", f)
	}
	if f := Floor(nil); f != 0 {
		t.Errorf("empty floor = %g", f)
	}
}

// wantLines checks the amount of the line whose name contains each key.
func wantLines(t *testing.T, b *Bill, want map[string]string) {
	t.Helper()
	for part, amt := range want {
		li := lineNamed(b, part)
		if li == nil {
			t.Fatalf("no line %q in %+v", part, b.LineItems)
		}
		if !li.Amount.Equal(d(amt)) {
			t.Errorf("%s = %s, want %s", li.Name, li.Amount, amt)
		}
	}
}
