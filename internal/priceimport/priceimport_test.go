package priceimport

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

var update = flag.Bool("update", false, "rewrite the golden sheets")

// embedded is the catalog the CLI passes as Known and default max pods.
func embedded(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// testOptions are the CLI's defaults over the embedded catalog.
func testOptions(t testing.TB) Options {
	c := embedded(t)
	opt := Options{Retrieved: "2026-11-26", Known: func(id string) bool { _, ok := c.Entries[id]; return ok },
		DefaultMaxPods: map[string]catalog.Entry{}}
	opt.DefaultMaxPods[GCP], _ = c.Get("limits.gke.max_pods_per_node")
	opt.DefaultMaxPods[Azure], _ = c.Get("limits.aks.max_pods_per_node")
	return opt
}

// importFiles runs an import of testdata files.
func importFiles(t testing.TB, opt Options, files ...string) (*Sheet, error) {
	t.Helper()
	im := New(opt)
	for _, f := range files {
		fh, err := os.Open(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		format, r, err := Detect(f, fh)
		if err == nil {
			err = im.Add(f, format, r)
		}
		fh.Close()
		if err != nil {
			return nil, err
		}
	}
	return im.Sheet()
}

// render is a sheet as written, plus what was left out, for the goldens.
func render(s *Sheet) string {
	var b strings.Builder
	b.Write(pricedata.Marshal(pricedata.Header{Provider: s.Provider, Region: s.Region, AsOf: s.AsOf, Currency: s.Currency}, s.Entries))
	keys := make([]string, 0, len(s.Dropped))
	for k := range s.Dropped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "# left out: %d %s\n", s.Dropped[k], k)
	}
	for _, n := range s.Notes {
		fmt.Fprintf(&b, "# note: %s\n", n)
	}
	return b.String()
}

func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/priceimport -update)", err)
	}
	if string(want) != got {
		wl, gl := strings.Split(string(want), "\n"), strings.Split(got, "\n")
		for i := 0; i < len(wl) || i < len(gl); i++ {
			var w, g string
			if i < len(wl) {
				w = wl[i]
			}
			if i < len(gl) {
				g = gl[i]
			}
			if w != g {
				t.Fatalf("%s differs at line %d (rerun with -update after checking):\n- %s\n+ %s", p, i+1, w, g)
			}
		}
	}
}

func TestImportGolden(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		files []string
		opt   func(*Options)
	}{
		// The four AWS offers, JSON: EC2 types, Lambda (tiered), Fargate, EKS.
		{"aws-json.yaml", []string{"ec2-offer.json", "lambda-offer.json", "ecs-offer.json", "eks-offer.json"}, nil},
		// The EC2 offer in CSV: the same types and prices.
		{"aws-csv.yaml", []string{"ec2-offer.csv"}, nil},
		// Azure with Spot entries kept.
		{"azure.yaml", []string{"azure-retail-page1.json"}, func(o *Options) { o.Spot = true }},
		// GCE with the default filters: N1 only for the catalog's n1-standard-4-t4.
		{"gcp.yaml", []string{"gcp-skus-page1.json"}, nil},
		// GCE memory-optimised types only (the catalog's own types not kept).
		{"gcp-memory.yaml", []string{"gcp-skus-page1.json"}, func(o *Options) { o.Families = []string{FamilyMemory}; o.Known = nil }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			opt := testOptions(t)
			if c.opt != nil {
				c.opt(&opt)
			}
			s, err := importFiles(t, opt, c.files...)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.name, render(s))
		})
	}
}

// values maps id -> value string.
func values(s *Sheet) map[string]string {
	m := map[string]string{}
	for _, e := range s.Entries {
		m[e.ID] = e.Value.String()
	}
	return m
}

func TestAWSFilters(t *testing.T) {
	t.Parallel()
	s, err := importFiles(t, testOptions(t), "ec2-offer.json")
	if err != nil {
		t.Fatal(err)
	}
	v := values(s)
	// Kept, at the Linux shared on-demand price (not Windows 0.188,
	// dedicated 0.106, SQL 0.576, nor the us-west-2 SKU).
	want := map[string]string{
		"aws.ec2.m5.large.hourly": "0.096", "aws.ec2.m5.large.vcpu": "2", "aws.ec2.m5.large.memory_gib": "8",
		"aws.ec2.m5.large.max_pods": "29", "aws.ec2.g5.xlarge.gpus": "1", "aws.ec2.g5.xlarge.max_pods": "58",
		"aws.ec2.m7g.large.hourly": "0.0816", "aws.ec2.r6i.large.hourly": "0.126",
		// t3.medium is below --min-size large but the catalog has it.
		"aws.ec2.t3.medium.hourly": "0.0416", "aws.ec2.t3.medium.max_pods": "17",
	}
	for id, w := range want {
		if v[id] != w {
			t.Errorf("%s = %q, want %s", id, v[id], w)
		}
	}
	for _, gone := range []string{"aws.ec2.t3.micro.hourly", "aws.ec2.m4.large.hourly", "aws.ec2.i4i.large.hourly", "aws.ec2.m5zn.large.max_pods"} {
		if _, ok := v[gone]; ok {
			t.Errorf("%s was written; the filters (or the ENI table) must leave it out", gone)
		}
	}
	if s.Dropped[dropOS] != 1 || s.Dropped[dropTenancy] != 1 || s.Dropped[dropSoftware] != 1 || s.Dropped[dropRegion] != 1 ||
		s.Dropped[dropPrevGen] != 1 || s.Dropped[dropCapacity] != 1 || s.Dropped[dropSize] != 1 || s.Dropped[dropFamily] != 1 {
		t.Errorf("drop counts %v, want one of each EC2 filter", s.Dropped)
	}

	// --previous-generation keeps m4.large; --region us-west-2 keeps
	// only the Oregon SKU; --families gpu keeps g5 (and the catalog's types).
	opt := testOptions(t)
	opt.PreviousGeneration = true
	s, _ = importFiles(t, opt, "ec2-offer.json")
	if values(s)["aws.ec2.m4.large.hourly"] != "0.1" {
		t.Errorf("--previous-generation: m4.large = %q, want 0.1", values(s)["aws.ec2.m4.large.hourly"])
	}
	opt = testOptions(t)
	opt.Region = "us-west-2"
	s, _ = importFiles(t, opt, "ec2-offer.json")
	if v := values(s); len(s.Entries) != 5 || v["aws.ec2.m5.large.hourly"] != "0.096" {
		t.Errorf("us-west-2: %d entries %v, want m5.large alone", len(s.Entries), v)
	}
	opt = testOptions(t)
	opt.Families, opt.Known = []string{FamilyGPU}, nil
	s, _ = importFiles(t, opt, "ec2-offer.json")
	for id := range values(s) {
		if !strings.HasPrefix(id, "aws.ec2.g5.xlarge.") {
			t.Errorf("--families gpu wrote %s", id)
		}
	}
}

func TestCSVMatchesJSON(t *testing.T) {
	t.Parallel()
	j, err := importFiles(t, testOptions(t), "ec2-offer.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := importFiles(t, testOptions(t), "ec2-offer.csv")
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Entries) != len(c.Entries) {
		t.Fatalf("JSON %d entries, CSV %d", len(j.Entries), len(c.Entries))
	}
	for i := range j.Entries {
		a, b := j.Entries[i], c.Entries[i]
		if a.ID != b.ID || !a.Value.Equal(b.Value) || a.Unit != b.Unit || a.Retrieved != b.Retrieved {
			t.Errorf("entry %d: JSON %s=%s, CSV %s=%s", i, a.ID, a.Value, b.ID, b.Value)
		}
	}
}

func TestAzureAndGCPFilters(t *testing.T) {
	t.Parallel()
	s, err := importFiles(t, testOptions(t), "azure-retail-page1.json")
	if err != nil {
		t.Fatal(err)
	}
	v := values(s)
	// Linux consumption price; not Windows 0.376, Spot, Low Priority,
	// reservation, dev/test or West Europe.
	if v["azure.vm.Standard_D4s_v5.hourly"] != "0.192" || v["azure.vm.Standard_D4s_v5.memory_gib"] != "16" {
		t.Errorf("D4s v5: %q / %q GiB, want 0.192 / 16", v["azure.vm.Standard_D4s_v5.hourly"], v["azure.vm.Standard_D4s_v5.memory_gib"])
	}
	if _, ok := v["azure.vm.Standard_D4s_v5.spot_hourly"]; ok {
		t.Error("spot price written without --spot")
	}
	if _, ok := v["azure.vm.Standard_D4s_v3.hourly"]; ok {
		t.Error("previous-generation Dsv3 written")
	}
	if v["azure.vm.Standard_D4ps_v5.hourly"] != "0.154" || v["azure.vm.Standard_NC4as_T4_v3.gpus"] != "1" || v["azure.vm.Standard_B2s.max_pods"] != "250" {
		t.Errorf("Arm, GPU or default max pods missing: %v", v)
	}

	s, err = importFiles(t, testOptions(t), "gcp-skus-page1.json")
	if err != nil {
		t.Fatal(err)
	}
	v = values(s)
	// 4 x 0.031611 + 16 x 0.004237 (the N2 rates in the fixture).
	if v["gcp.gce.n2-standard-4.hourly"] != "0.194236" {
		t.Errorf("n2-standard-4 = %q, want 0.194236", v["gcp.gce.n2-standard-4.hourly"])
	}
	// The catalog's figures: n2-standard-2 0.097118, g2-standard-4 0.706832, n1-standard-4-t4 0.539999.
	for id, w := range map[string]string{"gcp.gce.n2-standard-2.hourly": "0.097118", "gcp.gce.g2-standard-4.hourly": "0.706832",
		"gcp.gce.n1-standard-4-t4.hourly": "0.539999", "gcp.gce.n1-standard-4-t4.memory_gib": "15", "gcp.gce.g2-standard-4.gpus": "1"} {
		if v[id] != w {
			t.Errorf("%s = %q, want %s", id, v[id], w)
		}
	}
	if _, ok := v["gcp.gce.n1-standard-8.hourly"]; ok {
		t.Error("N1 (previous generation) written without --previous-generation")
	}
	if _, ok := v["gcp.gce.n2-standard-2.spot_hourly"]; ok {
		t.Error("spot written without --spot")
	}
}

// TestSheetLoadsIntoCatalog: the ids the catalog has, written as a sheet,
// load with the --prices override loader and their prices land.
func TestSheetLoadsIntoCatalog(t *testing.T) {
	t.Parallel()
	cases := []struct {
		files []string
		want  map[string]string // id -> unit price after the override
	}{
		{[]string{"ec2-offer.json", "lambda-offer.json", "ecs-offer.json", "eks-offer.json"}, map[string]string{
			"aws.ec2.m5.large.hourly": "0.096", "aws.lambda.requests": "0.0000002", "aws.fargate.arm64.vcpu_hour": "0.03238",
			"aws.eks.cluster_hour": "0.1"}},
		{[]string{"azure-retail-page1.json"}, map[string]string{"azure.vm.Standard_D2s_v5.hourly": "0.096"}},
		{[]string{"gcp-skus-page1.json"}, map[string]string{"gcp.gce.e2-standard-2.hourly": "0.06701142"}},
	}
	for _, c := range cases {
		cat := embedded(t)
		s, err := importFiles(t, testOptions(t), c.files...)
		if err != nil {
			t.Fatal(err)
		}
		var known []catalog.Entry
		for _, e := range s.Entries {
			if _, ok := cat.Entries[e.ID]; ok {
				known = append(known, e)
			}
		}
		sheet := pricedata.Marshal(pricedata.Header{Provider: s.Provider, Region: s.Region, AsOf: s.AsOf, Currency: s.Currency}, known)
		if err := pricedata.Override(cat, "imported.yaml", sheet); err != nil {
			t.Fatalf("%v: the sheet does not load: %v\n%s", c.files, err, sheet)
		}
		for id, w := range c.want {
			e := cat.Entries[id]
			if e.UnitPrice().String() != w || !e.Overridden || !strings.HasPrefix(e.Source, "https://") {
				t.Errorf("%s after override: %s (overridden %v, source %q), want %s", id, e.UnitPrice(), e.Overridden, e.Source, w)
			}
		}
		// The tiers land too.
		if tiers := cat.Entries["aws.lambda.duration.x86_64"].Tiers; len(c.files) == 4 && (len(tiers) != 3 || tiers[1].Price.String() != "0.000015") {
			t.Errorf("lambda duration tiers after override: %v", tiers)
		}
		// The whole sheet, new types included, is a valid sheet strictly.
		var f pricedata.File
		all := pricedata.Marshal(pricedata.Header{Provider: s.Provider, Region: s.Region, AsOf: s.AsOf, Currency: s.Currency}, s.Entries)
		if err := yaml.UnmarshalWithOptions(all, &f, yaml.Strict()); err != nil || len(f.Entries) != len(s.Entries) || f.SchemaVersion != 1 {
			t.Errorf("%v: the full sheet does not decode strictly: %v (%d entries)", c.files, err, len(f.Entries))
		}
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	cases := []struct {
		file string
		want string // in the error
	}{
		// Cut after 12,000 bytes, at line 326, column 28.
		{"ec2-truncated.json", "ec2-truncated.json:326:28: the file ends in the middle"},
		// A missing comma after "memory" : "8 GiB" on line 73: the
		// decoder stops at the next key, line 74 column 9.
		{"ec2-malformed.json", "ec2-malformed.json:74:9: malformed JSON: invalid character '\"' after object key:value pair"},
		// Cut in the middle of row 15.
		{"ec2-truncated.csv", "ec2-truncated.csv:15:1: row 15 has"},
		// retailPrice as text on line 31, column 22.
		{"azure-badtype.json", "azure-badtype.json:31:22: retailPrice: expected decimal.Decimal, got JSON string \"0.192 USD\""},
		{"not-a-price-file.yaml", "not-a-price-file.yaml: unknown format, not a price file fulcrum reads"},
	}
	for _, c := range cases {
		_, err := importFiles(t, testOptions(t), c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", c.file, err, c.want)
			continue
		}
		if errs.ExitCode(err) != 2 {
			t.Errorf("%s: exit code %d, want 2", c.file, errs.ExitCode(err))
		}
	}
	_, err := importFiles(t, testOptions(t), "not-a-price-file.yaml")
	if h := errs.HintOf(err); !strings.Contains(h, "AWS Price List offer files") || !strings.Contains(h, "Azure Retail Prices") || !strings.Contains(h, "Billing Catalog") {
		t.Errorf("unknown format hint %q does not name the formats", h)
	}
	if _, err := importFiles(t, testOptions(t), "ec2-offer.json", "azure-retail-page1.json"); err == nil || errs.ExitCode(err) != 2 {
		t.Errorf("mixing providers: %v, want a usage error", err)
	}
}

func TestPosReaderAcrossWindow(t *testing.T) {
	t.Parallel()
	// Lines of 10 bytes; a window of 64 bytes forces trimming.
	var in bytes.Buffer
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&in, "line %04d\n", i) // 9 bytes + newline
	}
	want := in.Bytes()
	p := newPosReader(bytes.NewReader(want))
	p.max = 64
	buf := make([]byte, 7)
	var read int64
	for {
		n, err := p.Read(buf)
		read += int64(n)
		if err != nil {
			break
		}
		// The last byte read is on line read/10+1 ... check it.
		off := read - 1
		line, col := p.at(off)
		if wl, wc := int(off/10)+1, int(off%10)+1; line != wl || col != wc {
			t.Fatalf("offset %d: %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
	if l, _ := p.at(0); l != 0 {
		t.Errorf("an offset before the window must give line 0, got %d", l)
	}
}

func TestClassAndSizes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ, family, proc string
		gpus              int
		want              class
	}{
		{"m7g.large", "General purpose", "AWS Graviton3 Processor", 0, class{primary: FamilyGeneral, arm: true}}, // Graviton by processor
		{"c7gn.large", "Compute optimized", "", 0, class{primary: FamilyCompute, arm: true}},                     // Graviton by name
		{"t3.large", "General purpose", "Intel", 0, class{primary: FamilyGeneral, burstable: true}},
		{"g5.xlarge", "GPU instance", "AMD EPYC 7R32", 1, class{primary: FamilyGPU}},
		{"inf2.xlarge", "Machine Learning ASIC Instances", "AMD", 0, class{primary: FamilyOther}},
		{"im4gn.large", "Storage optimized", "AWS Graviton2 Processor", 0, class{primary: FamilyStorage, arm: true}},
	}
	for _, c := range cases {
		if got := awsClass(c.typ, c.family, c.proc, c.gpus); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.typ, got, c.want)
		}
	}
	// An Arm storage type is not kept by the default families (arm keeps
	// Arm general, compute and memory types only).
	if (class{primary: FamilyStorage, arm: true}).keptBy(DefaultFamilies) {
		t.Error("im4gn kept by the default families")
	}
	if !awsSizeOK("m5.metal", "large") || !awsSizeOK("m5.2xlarge", "large") || awsSizeOK("t3.medium", "large") || !awsSizeOK("t3.medium", "medium") {
		t.Error("size order wrong")
	}
	// ENI formula: m5.large 3 x (10-1) + 2 = 29; t3.large 3 x 11 + 2 = 35; g5.48xlarge 7 x 49 + 2 = 345.
	for typ, want := range map[string]int{"m5.large": 29, "t3.large": 35, "g5.48xlarge": 345, "m7g.16xlarge": 737, "c5.9xlarge": 234} {
		if l, ok := eniFor(typ); !ok || l.maxPods() != want {
			t.Errorf("%s max pods %d (%v), want %d", typ, l.maxPods(), ok, want)
		}
	}
	// The EKS cap: 110 below 30 vCPUs, 250 from 30.
	for _, tc := range []struct{ eni, vcpu, want int }{{29, 2, 29}, {234, 16, 110}, {234, 32, 234}, {737, 64, 250}, {345, 192, 250}} {
		if got := eksMaxPods(tc.eni, float64(tc.vcpu)); got != tc.want {
			t.Errorf("eksMaxPods(%d, %d) = %d, want %d", tc.eni, tc.vcpu, got, tc.want)
		}
	}
	if _, ok := eniFor("x2iedn.large"); ok {
		t.Error("x2iedn has no ENI row and must not get one")
	}
}

func FuzzImport(f *testing.F) {
	for _, name := range []string{"ec2-offer.json", "ec2-offer.csv", "azure-retail-page1.json", "gcp-skus-page1.json", "ec2-malformed.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 4000)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		im := New(Options{Retrieved: "2026-11-26"})
		format, r, err := Detect("fuzz", bytes.NewReader(b))
		if err != nil {
			return
		}
		if err := im.Add("fuzz", format, r); err != nil {
			if errs.ExitCode(err) != 2 {
				t.Fatalf("bad input must be an exit-2 error, got %v", err)
			}
			return
		}
		if _, err := im.Sheet(); err != nil {
			t.Fatal(err)
		}
	})
}

// A spot price history (`aws ec2 describe-spot-price-history` JSON) gives
// each type's mean Linux/UNIX price over the region's zones, dated with
// its newest record; other regions and operating systems are left out.
// The imported price is what a spot cluster is then billed at.
func TestAWSSpotHistory(t *testing.T) {
	s, err := importFiles(t, testOptions(t), "aws-spot-history.json")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]catalog.Entry{}
	for _, e := range s.Entries {
		got[e.ID] = e
	}
	m6i := got["aws.ec2.m6i.large.spot_hourly"]
	// (0.0421 + 0.0389) / 2 over us-east-1a and 1b.
	if !m6i.Value.Equal(decimal.RequireFromString("0.0405")) || m6i.Retrieved != "2026-12-01" || !strings.Contains(m6i.Note, "2 Linux/UNIX spot prices in 2 zone(s)") {
		t.Errorf("m6i.large spot entry %+v, want $0.0405 dated 2026-12-01 from 2 prices", m6i)
	}
	if c7g := got["aws.ec2.c7g.xlarge.spot_hourly"]; !c7g.Value.Equal(decimal.RequireFromString("0.0615")) {
		t.Errorf("c7g.xlarge spot entry %+v, want $0.0615", c7g)
	}
	if s.AsOf != "2026-12-02" || s.Dropped["spot prices of another region"] != 1 || s.Dropped["spot prices of another operating system"] != 1 {
		t.Errorf("as of %s, dropped %v", s.AsOf, s.Dropped)
	}
	// The imported price bills a spot pool: 80 % of 730 node-hours at
	// $0.0405, 5 % headroom on them, 20 % on demand at $0.096.
	c := embedded(t)
	c.Entries[m6i.ID] = m6i
	b, err := pricing.NodePurchase{Platform: "eks", Prefix: "aws.ec2.", Type: "m6i.large", Option: "spot",
		Profile: []pricing.NodeCount{{Nodes: 1, Hours: 730}}, OnDemandShare: 0.2, Headroom: 0.05}.Bill(c)
	if err != nil {
		t.Fatal(err)
	}
	// 584 × 0.0405 = 23.65; 29.2 × 0.0405 = 1.18; 146 × 0.096 = 14.02.
	if b.Total.StringFixed(2) != "38.85" {
		t.Errorf("spot pool from the imported price: %s (%+v), want 38.85", b.Total, b.LineItems)
	}
}

// A spot history with a record that has no price is an error naming the file.
func TestAWSSpotHistoryBad(t *testing.T) {
	bad := strings.NewReader(`{"SpotPriceHistory": [{"AvailabilityZone": "us-east-1a", "InstanceType": "m6i.large", "ProductDescription": "Linux/UNIX", "Timestamp": "2026-12-01T00:00:00Z"}]}`)
	f, r, err := Detect("spot.json", bad)
	if err != nil || f != AWSSpot {
		t.Fatalf("detect: %v %v", f, err)
	}
	im := New(testOptions(t))
	if err := im.Add("spot.json", f, r); err == nil || !strings.Contains(err.Error(), "spot.json") {
		t.Errorf("error %v, want one naming spot.json", err)
	}
}
