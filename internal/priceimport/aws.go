package priceimport

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// awsProduct is one product of an AWS offer: the attributes the import
// reads (JSON layout; the CSV reader fills the same struct).
type awsProduct struct {
	SKU           string   `json:"sku"`
	ProductFamily string   `json:"productFamily"`
	Attributes    awsAttrs `json:"attributes"`
}

type awsAttrs struct {
	InstanceType      string `json:"instanceType"`
	VCPU              string `json:"vcpu"`
	Memory            string `json:"memory"`
	GPU               string `json:"gpu"`
	OperatingSystem   string `json:"operatingSystem"`
	Tenancy           string `json:"tenancy"`
	PreInstalledSw    string `json:"preInstalledSw"`
	CapacityStatus    string `json:"capacitystatus"`
	LicenseModel      string `json:"licenseModel"`
	CurrentGeneration string `json:"currentGeneration"`
	RegionCode        string `json:"regionCode"`
	Location          string `json:"location"`
	InstanceFamily    string `json:"instanceFamily"`
	PhysicalProcessor string `json:"physicalProcessor"`
	UsageType         string `json:"usagetype"`
	Group             string `json:"group"`
	MarketOption      string `json:"marketoption"`
}

// awsDim is one price dimension of an on-demand term.
type awsDim struct {
	Unit         string            `json:"unit"`
	Description  string            `json:"description"`
	BeginRange   string            `json:"beginRange"`
	EndRange     string            `json:"endRange"`
	PricePerUnit map[string]string `json:"pricePerUnit"`
}

// awsTerm is one offer term of a SKU.
type awsTerm struct {
	EffectiveDate   string            `json:"effectiveDate"`
	PriceDimensions map[string]awsDim `json:"priceDimensions"`
}

// awsFile is what one offer file says about itself.
type awsFile struct {
	name, offer, version, date, ext string
}

func (f *awsFile) source() string {
	if f.offer != "" && f.version != "" {
		return fmt.Sprintf("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/%s/%s/index.%s", f.offer, f.version, f.ext)
	}
	return filepath.Base(f.name)
}

func (f *awsFile) describe() string {
	d := filepath.Base(f.name)
	if f.offer != "" {
		d += " (" + f.offer
		if f.version != "" {
			d += " offer version " + f.version
		}
		d += ")"
	}
	return d
}

// awsKept is a product that passed the filters: an EC2 type, or one
// catalog id (Lambda, Fargate, EKS).
type awsKept struct {
	sku  string
	file *awsFile
	id   string   // catalog id, for non-EC2 products
	ec2  *ec2Type // for instances
}

// ec2Type is an instance type with its shape (from product attributes).
type ec2Type struct {
	name   string
	vcpu   decimal.Decimal
	memGiB decimal.Decimal
	gpus   decimal.Decimal
	hourly *awsPrice
}

// awsPrice is a price read from the terms.
type awsPrice struct {
	sku   string
	file  *awsFile
	value decimal.Decimal
	tiers []catalog.Tier
	desc  string
	unit  string
	// tiered prices (Lambda duration) arrive one dimension at a time in CSV
	bands []band
}

type band struct {
	begin, end decimal.Decimal // end zero = unbounded
	price      decimal.Decimal
	desc       string
}

type awsCollector struct {
	region  string
	opt     Options
	keep    map[string]awsKept // JSON: products kept, by SKU, until terms
	types   map[string]*ec2Type
	prices  map[string]*awsPrice // non-EC2 ids
	dropped map[string]int
	notes   []string
	spot    map[string]*awsSpot // spot price histories, by instance type
}

func newAWSCollector(region string, opt Options) *awsCollector {
	return &awsCollector{region: region, opt: opt, keep: map[string]awsKept{}, types: map[string]*ec2Type{},
		prices: map[string]*awsPrice{}, dropped: map[string]int{}}
}

// Reasons a product is left out.
const (
	dropRegion     = "another region"
	dropOS         = "not Linux"
	dropTenancy    = "not shared tenancy"
	dropSoftware   = "pre-installed software (SQL Server, ...)"
	dropCapacity   = "capacity status not Used (reservations, hosts)"
	dropLicense    = "license included or bring-your-own"
	dropMarket     = "not the on-demand market (capacity blocks, ...)"
	dropPrevGen    = "previous generation"
	dropSize       = "smaller than --min-size"
	dropFamily     = "family not in --families"
	dropOther      = "other products (storage, transfer, other services)"
	dropZero       = "zero on-demand price"
	dropNoPrice    = "no on-demand price in the terms"
	dropShape      = "no documented shape"
	dropSpot       = "spot or low-priority prices (--spot keeps spot)"
	dropWindows    = "Windows"
	dropNotHourly  = "not an hourly consumption price"
	dropCurrency   = "not priced in USD"
	dropUsageType  = "reservations, savings plans and commitments"
	dropLowPrio    = "low-priority"
	dropDuplicate  = "duplicate of a price already read"
	dropPreemptAll = "spot or preemptible (--spot keeps them)"
)

// awsRegionNames maps the location attribute of older offer files (which
// lack regionCode) to region codes.
var awsRegionNames = map[string]string{
	"US East (N. Virginia)": "us-east-1", "US East (Ohio)": "us-east-2",
	"US West (N. California)": "us-west-1", "US West (Oregon)": "us-west-2",
	"Canada (Central)": "ca-central-1", "EU (Frankfurt)": "eu-central-1", "EU (Ireland)": "eu-west-1",
	"EU (London)": "eu-west-2", "EU (Paris)": "eu-west-3", "EU (Stockholm)": "eu-north-1", "EU (Milan)": "eu-south-1",
	"Asia Pacific (Tokyo)": "ap-northeast-1", "Asia Pacific (Seoul)": "ap-northeast-2", "Asia Pacific (Osaka)": "ap-northeast-3",
	"Asia Pacific (Singapore)": "ap-southeast-1", "Asia Pacific (Sydney)": "ap-southeast-2", "Asia Pacific (Mumbai)": "ap-south-1",
	"South America (Sao Paulo)": "sa-east-1",
}

// awsUsage maps usage types (without their region prefix) and Lambda
// groups to catalog ids.
var awsUsage = map[string]string{
	"Fargate-vCPU-Hours:perCPU":         "aws.fargate.x86_64.vcpu_hour",
	"Fargate-GB-Hours":                  "aws.fargate.x86_64.gb_hour",
	"Fargate-ARM-vCPU-Hours:perCPU":     "aws.fargate.arm64.vcpu_hour",
	"Fargate-ARM-GB-Hours":              "aws.fargate.arm64.gb_hour",
	"Fargate-EphemeralStorage-GB-Hours": "aws.fargate.ephemeral_storage_gb_hour",
	"AmazonEKS-Hours:perCluster":        "aws.eks.cluster_hour",
	"AmazonEKS-Hours:extendedSupport":   "aws.eks.extended_support_cluster_hour",
}

var awsGroups = map[string]string{
	"AWS-Lambda-Requests":                    "aws.lambda.requests",
	"AWS-Lambda-Duration":                    "aws.lambda.duration.x86_64",
	"AWS-Lambda-Duration-ARM":                "aws.lambda.duration.arm64",
	"AWS-Lambda-Provisioned-Concurrency":     "aws.lambda.provisioned.x86_64",
	"AWS-Lambda-Provisioned-Concurrency-ARM": "aws.lambda.provisioned.arm64",
	"AWS-Lambda-Duration-Provisioned":        "aws.lambda.provisioned_duration.x86_64",
	"AWS-Lambda-Duration-Provisioned-ARM":    "aws.lambda.provisioned_duration.arm64",
}

// awsUnits are the catalog units of the non-EC2 ids, and the per-quantity
// their value is written for.
var awsUnits = map[string]struct {
	unit string
	per  int64
}{
	"aws.lambda.requests":                    {"request", 1000000},
	"aws.lambda.duration.x86_64":             {"GB-second", 0},
	"aws.lambda.duration.arm64":              {"GB-second", 0},
	"aws.lambda.provisioned.x86_64":          {"GB-second", 0},
	"aws.lambda.provisioned.arm64":           {"GB-second", 0},
	"aws.lambda.provisioned_duration.x86_64": {"GB-second", 0},
	"aws.lambda.provisioned_duration.arm64":  {"GB-second", 0},
	"aws.fargate.x86_64.vcpu_hour":           {"vCPU-hour", 0},
	"aws.fargate.x86_64.gb_hour":             {"GB-hour", 0},
	"aws.fargate.arm64.vcpu_hour":            {"vCPU-hour", 0},
	"aws.fargate.arm64.gb_hour":              {"GB-hour", 0},
	"aws.fargate.ephemeral_storage_gb_hour":  {"GB-hour", 0},
	"aws.eks.cluster_hour":                   {"cluster-hour", 0},
	"aws.eks.extended_support_cluster_hour":  {"cluster-hour", 0},
}

// stripRegionPrefix removes a usage type's region prefix ("USE1-", "EU-").
func stripRegionPrefix(u string) string {
	i := strings.IndexByte(u, '-')
	if i <= 0 {
		return u
	}
	for _, r := range u[:i] {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return u
		}
	}
	return u[i+1:]
}

// classify decides whether a product is kept; it returns the reason when not.
func (c *awsCollector) classify(p *awsProduct, f *awsFile) (awsKept, string) {
	a := &p.Attributes
	region := a.RegionCode
	if region == "" {
		region = awsRegionNames[a.Location]
	}
	if region != c.region {
		return awsKept{}, dropRegion
	}
	if a.InstanceType != "" && strings.HasPrefix(p.ProductFamily, "Compute Instance") {
		return c.classifyEC2(p, f)
	}
	id := awsGroups[a.Group]
	if id == "" {
		id = awsUsage[stripRegionPrefix(a.UsageType)]
	}
	if id == "" {
		return awsKept{}, dropOther
	}
	return awsKept{sku: p.SKU, file: f, id: id}, ""
}

func (c *awsCollector) classifyEC2(p *awsProduct, f *awsFile) (awsKept, string) {
	a := &p.Attributes
	switch {
	case a.OperatingSystem != "Linux":
		return awsKept{}, dropOS
	case a.Tenancy != "Shared":
		return awsKept{}, dropTenancy
	case a.PreInstalledSw != "NA" && a.PreInstalledSw != "":
		return awsKept{}, dropSoftware
	case a.CapacityStatus != "Used" && a.CapacityStatus != "":
		return awsKept{}, dropCapacity
	case a.LicenseModel != "" && a.LicenseModel != "No License required":
		return awsKept{}, dropLicense
	case a.MarketOption != "" && a.MarketOption != "OnDemand":
		return awsKept{}, dropMarket
	}
	known := c.opt.Known("aws.ec2." + a.InstanceType + ".hourly")
	if a.CurrentGeneration == "No" && !c.opt.PreviousGeneration && !known {
		return awsKept{}, dropPrevGen
	}
	gpus := parseCount(a.GPU)
	if !known {
		if !awsSizeOK(a.InstanceType, c.opt.MinSize) {
			return awsKept{}, dropSize
		}
		if !awsClass(a.InstanceType, a.InstanceFamily, a.PhysicalProcessor, int(gpus.IntPart())).keptBy(c.opt.Families) {
			return awsKept{}, dropFamily
		}
	}
	t := c.types[a.InstanceType]
	if t == nil {
		t = &ec2Type{name: a.InstanceType, vcpu: parseCount(a.VCPU), memGiB: parseGiB(a.Memory), gpus: gpus}
		c.types[a.InstanceType] = t
	}
	return awsKept{sku: p.SKU, file: f, ec2: t}, ""
}

// parseCount reads "4", "NA" or "" (zero).
func parseCount(s string) decimal.Decimal {
	d, err := decimal.NewFromString(strings.ReplaceAll(strings.TrimSpace(s), ",", ""))
	if err != nil {
		return decimal.Zero
	}
	return d
}

// parseGiB reads "16 GiB", "0.5 GiB" or "1,952 GiB".
func parseGiB(s string) decimal.Decimal {
	return parseCount(strings.TrimSuffix(strings.TrimSpace(s), " GiB"))
}

// onDemand records the on-demand price dimensions of a kept product.
func (c *awsCollector) onDemand(k awsKept, dims []awsDim) {
	var bands []band
	for _, d := range dims {
		usd, ok := d.PricePerUnit["USD"]
		if !ok {
			continue
		}
		price, err := decimal.NewFromString(usd)
		if err != nil {
			continue
		}
		if k.ec2 != nil && d.Unit != "Hrs" {
			continue
		}
		b := band{price: price, desc: d.Description}
		b.begin, _ = decimal.NewFromString(d.BeginRange)
		if d.EndRange != "Inf" {
			b.end, _ = decimal.NewFromString(d.EndRange)
		}
		bands = append(bands, b)
	}
	if len(bands) == 0 {
		c.dropped[dropNoPrice]++
		return
	}
	if k.ec2 != nil {
		b := bands[0]
		if b.price.IsZero() {
			c.dropped[dropZero]++
			return
		}
		if k.ec2.hourly != nil {
			if !k.ec2.hourly.value.Equal(b.price) {
				c.notes = append(c.notes, fmt.Sprintf("%s: two on-demand prices (%s and %s); kept the first", k.ec2.name, k.ec2.hourly.value, b.price))
			}
			c.dropped[dropDuplicate]++
			return
		}
		k.ec2.hourly = &awsPrice{file: k.file, value: b.price, desc: b.desc}
		return
	}
	p := c.prices[k.id]
	if p == nil {
		p = &awsPrice{sku: k.sku, file: k.file}
		c.prices[k.id] = p
	} else if p.sku != k.sku || p.file != k.file {
		if !p.bands[0].price.Equal(bands[0].price) {
			c.notes = append(c.notes, fmt.Sprintf("%s: two SKUs (%s, %s) with different prices (%s, %s); kept the first", k.id, p.sku, k.sku, p.bands[0].price, bands[0].price))
		}
		c.dropped[dropDuplicate]++
		return
	}
	p.bands = append(p.bands, bands...)
}

// finish writes the entries into s.
func (c *awsCollector) finish(s *Sheet) {
	for id, p := range c.prices {
		e, ok := c.priceEntry(id, p)
		if ok {
			s.Entries = append(s.Entries, e)
		}
	}
	names := make([]string, 0, len(c.types))
	for n := range c.types {
		names = append(names, n)
	}
	sort.Strings(names)
	var noENI []string
	for _, n := range names {
		t := c.types[n]
		if t.hourly == nil {
			c.dropped[dropNoPrice]++
			continue
		}
		s.Entries = append(s.Entries, c.typeEntries(t, &noENI)...)
	}
	if len(noENI) > 0 {
		s.Notes = append(s.Notes, fmt.Sprintf("no ENI figures for %d type(s), so no max_pods entry: %s (the catalog's existing max_pods, or the kubelet default of 110 where there is none, stands)", len(noENI), strings.Join(noENI, ", ")))
	}
	s.Entries = append(s.Entries, c.spotEntries()...)
	s.Notes = append(s.Notes, c.notes...)
	for k, v := range c.dropped {
		s.Dropped[k] += v
	}
}

// priceEntry builds a Lambda, Fargate or EKS entry.
func (c *awsCollector) priceEntry(id string, p *awsPrice) (catalog.Entry, bool) {
	sort.SliceStable(p.bands, func(i, j int) bool { return p.bands[i].begin.LessThan(p.bands[j].begin) })
	u := awsUnits[id]
	first := p.bands[0]
	e := catalog.Entry{ID: id, Kind: catalog.KindPrice, Value: first.price, Unit: u.unit, Source: p.file.source(),
		Retrieved: p.file.date, Confidence: "O", Note: fmt.Sprintf("%s, published %s: %s", p.file.describe(), p.file.date, first.desc)}
	if u.per > 0 {
		per := decimal.NewFromInt(u.per)
		e.Per = per
		e.Value = first.price.Mul(per)
	}
	if len(p.bands) > 1 {
		for _, b := range p.bands {
			e.Tiers = append(e.Tiers, catalog.Tier{UpTo: b.end, Price: b.price.Mul(perOrOne(e.Per))})
		}
	}
	return e, true
}

func perOrOne(p decimal.Decimal) decimal.Decimal {
	if p.IsZero() {
		return decimal.NewFromInt(1)
	}
	return p
}

// typeEntries are an instance type's hourly price and shape.
func (c *awsCollector) typeEntries(t *ec2Type, noENI *[]string) []catalog.Entry {
	f := t.hourly.file
	pre := "aws.ec2." + t.name + "."
	from := fmt.Sprintf("%s, published %s", f.describe(), f.date)
	spec := func(suffix, unit string, v decimal.Decimal, attr string) catalog.Entry {
		return catalog.Entry{ID: pre + suffix, Kind: catalog.KindLimit, Value: v, Unit: unit, Source: f.source(),
			Retrieved: f.date, Confidence: "O", Note: from + ": product attribute " + attr}
	}
	out := []catalog.Entry{
		{ID: pre + "hourly", Kind: catalog.KindPrice, Value: t.hourly.value, Unit: "instance-hour", Source: f.source(),
			Retrieved: f.date, Confidence: "O", Note: fmt.Sprintf("%s: Linux, shared tenancy, on-demand; %q", from, t.hourly.desc)},
		spec("vcpu", "vCPU", t.vcpu, "vcpu"),
		spec("memory_gib", "GiB", t.memGiB, "memory"),
		spec("gpus", "GPU", t.gpus, "gpu"),
	}
	if l, ok := eniFor(t.name); ok {
		pods := eksMaxPods(l.maxPods(), t.vcpu.InexactFloat64())
		out = append(out, catalog.Entry{ID: pre + "max_pods", Kind: catalog.KindLimit, Value: decimal.NewFromInt(int64(pods)),
			Unit: "pod", Source: eniSource, Retrieved: eniTableDate, Confidence: "O",
			Note: fmt.Sprintf("ENIs x (IPv4 per ENI - 1) + 2 = %d x (%d - 1) + 2 = %d, without prefix delegation, capped at %d as the EKS max-pods calculator recommends (110 below 30 vCPUs, 250 from 30); ENI limits from fulcrum's table (docs/catalog-import.md), not in the offer file", l.enis, l.ips, l.maxPods(), pods)})
	} else {
		*noENI = append(*noENI, t.name)
	}
	return out
}
