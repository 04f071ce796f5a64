package pricing_test

import (
	"math"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

type awsCase struct {
	name  string
	in    awsBilled
	total string
	lines map[string]string
}

func runAWSCases(t *testing.T, cases []awsCase) {
	t.Helper()
	c := awsCatalog(t)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := tt.in.Bill(c)
			if err != nil {
				t.Fatal(err)
			}
			awsCheckBill(t, b, tt.total, tt.lines, false)
		})
	}
}

func TestAPIGateway(t *testing.T) {
	t.Parallel()
	// Tiers from the AWS whitepaper "Best Practices for Designing Amazon API
	// Gateway Private APIs and Private Integration", Table 4 (HTTP: first 300M
	// $1.00/M, then $0.90/M; REST: first 333M $3.50/M, next 667M $2.80/M, next
	// 19B $2.38/M, then $1.51/M). The API Gateway pricing page's own worked
	// examples were not readable in the stored copies (prices-2026.md caveat 5).
	runAWSCases(t, []awsCase{
		{"zero", pricing.APIGateway{}, "0.00", map[string]string{"HTTP API requests": "0.00"}},
		// 216M HTTP requests = $216 (awsforengineers.com, "AWS API Gateway
		// Pricing Explained", 2025-05-19, a secondary source).
		{"HTTP 216M", pricing.APIGateway{Requests: 216e6}, "216.00", nil},
		// Exactly at the boundary: one band.
		{"HTTP 300M boundary", pricing.APIGateway{Requests: 300e6}, "300.00", map[string]string{"HTTP API requests": "300.00"}},
		// 432M = 10,000 req/min for 30 days: 300 × $1.00 + 132 × $0.90 = $418.80.
		{"HTTP 432M", pricing.APIGateway{Requests: 432e6}, "418.80",
			map[string]string{"HTTP API requests (tier 1)": "300.00", "HTTP API requests (tier 2)": "118.80"}},
		// 5M REST calls: 5 × $3.50 = $17.50 (the same blog's example is $18.79
		// including $1.29 of data transfer for 3 KB responses).
		{"REST 5M", pricing.APIGateway{REST: true, Requests: 5e6}, "17.50", map[string]string{"REST API requests": "17.50"}},
		// 1.5B REST: 333 × 3.50 + 667 × 2.80 + 500 × 2.38 = 1,165.50 + 1,867.60 + 1,190.00.
		{"REST 1.5B", pricing.APIGateway{REST: true, Requests: 1.5e9}, "4223.10", map[string]string{
			"REST API requests (tier 1)": "1165.50", "REST API requests (tier 2)": "1867.60", "REST API requests (tier 3)": "1190.00"}},
		// 21B REST reaches the last tier: + 19,000 × 2.38 ... + 1,000 × 1.51.
		{"REST 21B", pricing.APIGateway{REST: true, Requests: 21e9}, "49763.10", map[string]string{"REST API requests (tier 4)": "1510.00"}},
		// The 1M free calls (first 12 months) when FreeTier is set.
		{"HTTP free tier", pricing.APIGateway{Requests: 3e6, FreeTier: true}, "2.00", nil},
	})
}

func TestALB(t *testing.T) {
	t.Parallel()
	// The ELB pricing page example (quoted in several public notes): 1 new
	// connection/s lasting 2 minutes (120 active per minute), 300 KB/s
	// processed (1.08 GB/h), 5 requests/s × (60 rules − 10 free) = 250 rule
	// evaluations/s → max(0.04, 0.04, 1.08, 0.25) = 1.08 LCU.
	if got := pricing.ALBLCUs(1, 120, 1.08, 250); math.Abs(got-1.08) > 1e-12 {
		t.Errorf("ALBLCUs = %v, want 1.08", got)
	}
	// Each dimension can be the largest.
	for _, tt := range []struct{ nc, ac, gb, re, want float64 }{
		{100, 0, 0, 0, 4}, {0, 18000, 0, 0, 6}, {0, 0, 2.5, 0, 2.5}, {0, 0, 0, 3000, 3}, {0, 0, 0, 0, 0},
	} {
		if got := pricing.ALBLCUs(tt.nc, tt.ac, tt.gb, tt.re); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("ALBLCUs(%v,%v,%v,%v) = %v, want %v", tt.nc, tt.ac, tt.gb, tt.re, got, tt.want)
		}
	}
	runAWSCases(t, []awsCase{
		// Same example over a 30-day month as the copies compute it:
		// $0.0225 × 720 = $16.20; 1.08 × $0.008 × 720 = $6.2208 → $6.22.
		{"page example, 720 h", pricing.ALB{Count: 1, Hours: 720, LCUs: 1.08}, "22.42",
			map[string]string{"ALB hours": "16.20", "LCU hours": "6.22"}},
		// A partial hour is billed as a full hour: 0.5 h → 1 h → $0.0225 → $0.02.
		{"partial hour", pricing.ALB{Count: 1, Hours: 0.5}, "0.02", map[string]string{"ALB hours": "0.02"}},
		{"zero", pricing.ALB{}, "0.00", nil},
	})
}

func TestNATGatewayAndIPv4(t *testing.T) {
	t.Parallel()
	runAWSCases(t, []awsCase{
		// cloudburn.io "AWS NAT Gateway Pricing" (2026-02-24): one gateway 24/7
		// (720 h) with 100 GB: $32.40 + $4.50 = $36.90.
		{"NAT 720 h + 100 GB", pricing.NATGateway{Count: 1, Hours: 720, GBProcessed: 100}, "36.90",
			map[string]string{"NAT gateway hours": "32.40", "Data processed": "4.50"}},
		// basavytix.com "AWS NAT Gateway pricing", scenario 2: 3 gateways × 730 h
		// and 2 TB (2,048 GB): $98.55 + $92.16 = $190.71.
		{"NAT 3 AZ", pricing.NATGateway{Count: 3, Hours: 730, GBProcessed: 2048}, "190.71", nil},
		// $0.005 × 730 = $3.65 per address-month; 7 addresses = $25.55 (a public
		// Fargate cost note computes cantidad_ipv4 × 0.005 × 730 the same way).
		{"IPv4 one address", pricing.PublicIPv4{Addresses: 1, Hours: 730}, "3.65", nil},
		{"IPv4 seven addresses", pricing.PublicIPv4{Addresses: 7, Hours: 730}, "25.55", nil},
		{"zero", pricing.NATGateway{}, "0.00", nil},
	})
}

func TestDataTransferOut(t *testing.T) {
	t.Parallel()
	// Tiers: 100 GB free, $0.09 to 10 TB, $0.085 to 50 TB, $0.07 to 150 TB,
	// $0.05 beyond (1 TB = 1,024 GB); prices-2026.md §1.2.
	runAWSCases(t, []awsCase{
		{"zero", pricing.DataTransferOut{}, "0.00", nil},
		{"inside the free 100 GB", pricing.DataTransferOut{GB: 100}, "0.00", nil},
		// 1,024 GB over the free 100 × $0.09 = $92.16.
		{"1,124 GB", pricing.DataTransferOut{GB: 1124}, "92.16", map[string]string{"Data transfer out to the internet (tier 2)": "92.16"}},
		// 10,140 × 0.09 = 912.60 at the 10 TB boundary.
		{"10 TB boundary", pricing.DataTransferOut{GB: 10240}, "912.60", nil},
		{"just past 10 TB", pricing.DataTransferOut{GB: 10340}, "921.10", map[string]string{"Data transfer out to the internet (tier 3)": "8.50"}},
		// 912.60 + 40,960 × 0.085 + 102,400 × 0.07 + 1,000 × 0.05.
		{"past 150 TB", pricing.DataTransferOut{GB: 154600}, "11612.20", map[string]string{
			"Data transfer out to the internet (tier 3)": "3481.60", "Data transfer out to the internet (tier 4)": "7168.00",
			"Data transfer out to the internet (tier 5)": "50.00"}},
	})
}

func TestDynamoDBS3SQS(t *testing.T) {
	t.Parallel()
	runAWSCases(t, []awsCase{
		// On-demand after the 2024-11-01 cut: 100M RRU × $0.125/M = $12.50,
		// 10M WRU × $0.625/M = $6.25. (Before the cut the same usage cost
		// $25.00 + $12.50.)
		{"DynamoDB requests", pricing.DynamoDB{ReadRequestUnits: 100e6, WriteRequestUnits: 10e6}, "18.75",
			map[string]string{"Read request units": "12.50", "Write request units": "6.25", "Storage": "0.00"}},
		// 30 GB × $0.25 = $7.50, or (30 − 25 free) × $0.25 = $1.25.
		{"DynamoDB storage", pricing.DynamoDB{StorageGB: 30}, "7.50", nil},
		{"DynamoDB storage, free tier", pricing.DynamoDB{StorageGB: 30, FreeTier: true}, "1.25", nil},
		// 1M GETs × $0.0004/1,000 = $0.40; 1M PUTs × $0.005/1,000 = $5.00;
		// 100 GB × $0.023 = $2.30.
		{"S3", pricing.S3{Gets: 1e6, Puts: 1e6, StorageGB: 100}, "7.70",
			map[string]string{"GET requests": "0.40", "PUT requests": "5.00", "Storage (Standard)": "2.30"}},
		{"SQS 1M", pricing.SQS{Requests: 1e6}, "0.40", nil},
		{"SQS 1M inside the free tier", pricing.SQS{Requests: 1e6, FreeTier: true}, "0.00", nil},
		{"SQS FIFO 10M", pricing.SQS{Requests: 10e6, FIFO: true}, "5.00", map[string]string{"FIFO queue requests": "5.00"}},
		// 100B × $0.40/M = $40,000; 50B × $0.30/M = $15,000.
		{"SQS standard tiers", pricing.SQS{Requests: 150e9}, "55000.00", map[string]string{
			"Standard queue requests (tier 1)": "40000.00", "Standard queue requests (tier 2)": "15000.00"}},
		// + 100B × $0.30/M + 50B × $0.24/M = $30,000 + $12,000.
		{"SQS last tier", pricing.SQS{Requests: 250e9}, "82000.00", map[string]string{"Standard queue requests (tier 3)": "12000.00"}},
	})
}

func TestFargate(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	// The Fargate page states per-second rates ($0.000011244 per vCPU-s and
	// $0.000001235 per GB-s, x86); the catalog's hourly rates must match
	// them to within the page's rounding.
	for _, tt := range []struct {
		id        string
		perSecond float64
	}{{"aws.fargate.x86_64.vcpu_hour", 0.000011244}, {"aws.fargate.x86_64.gb_hour", 0.000001235},
		{"aws.fargate.arm64.vcpu_hour", 0.0000089944}, {"aws.fargate.arm64.gb_hour", 0.0000009889},
		{"aws.fargate.ephemeral_storage_gb_hour", 0.0000000308}} {
		if got := c.Entries[tt.id].Float(); math.Abs(got-tt.perSecond*3600)/got > 0.002 {
			t.Errorf("%s = %v per hour, page rate × 3600 = %v", tt.id, got, tt.perSecond*3600)
		}
	}
	runAWSCases(t, []awsCase{
		// wring.co "AWS Fargate Pricing" (2026-03-10): 1 vCPU, 4 GB, 720 h:
		// $29.15 + $12.80 = $41.95.
		{"1 vCPU 4 GB 720 h", pricing.Fargate{VCPU: 1, MemoryGB: 4, Hours: 720, Tasks: 1}, "41.95",
			map[string]string{"vCPU (x86_64)": "29.15", "Memory (x86_64)": "12.80"}},
		// A 2 vCPU / 4 GiB task "is about $0.09874/hour" (a public design note
		// citing the Fargate page): 1,000 h = $98.74.
		{"2 vCPU 4 GB per hour", pricing.Fargate{VCPU: 2, MemoryGB: 4, Hours: 1000, Tasks: 1}, "98.74", nil},
		// arm64: 730 × 0.03238 = 23.6374; 2 × 730 × 0.00356 = 5.1976.
		{"arm64", pricing.Fargate{VCPU: 1, MemoryGB: 2, Hours: 730, Tasks: 1, Arch: "arm64"}, "28.84",
			map[string]string{"vCPU (arm64)": "23.64", "Memory (arm64)": "5.20"}},
		// 50 GB ephemeral: (50 − 20 included) × 730 × $0.000111 = $2.43 per task.
		{"ephemeral storage", pricing.Fargate{Hours: 730, Tasks: 2, EphemeralStorageGB: 50}, "4.86",
			map[string]string{"Ephemeral storage above 20 GB": "4.86"}},
		{"zero tasks", pricing.Fargate{VCPU: 1, MemoryGB: 2, Hours: 730}, "0.00", nil},
	})
}

func TestEC2EBSEKSCloudWatch(t *testing.T) {
	t.Parallel()
	var cases []awsCase
	// Monthly figures (730 h) from prices-2026.md §1.4, which rounds each
	// hourly Price List rate × 730 to the cent.
	for typ, month := range map[string]string{
		"t3.medium": "30.37", "t3.large": "60.74", "m5.large": "70.08", "m6i.large": "70.08", "m7g.large": "59.57",
		"c6i.large": "62.05", "g4dn.xlarge": "383.98", "g5.xlarge": "734.38",
	} {
		cases = append(cases, awsCase{"EC2 " + typ, pricing.EC2{InstanceType: typ, Count: 1, Hours: 730}, month, nil})
	}
	cases = append(cases,
		// 3 × 730 × $0.0416 = $91.104.
		awsCase{"EC2 three t3.medium", pricing.EC2{InstanceType: "t3.medium", Count: 3, Hours: 730}, "91.10",
			map[string]string{"t3.medium on-demand (Linux)": "91.10"}},
		awsCase{"EBS 100 GB-month", pricing.EBS{GBMonths: 100}, "8.00", nil},
		// AWS Containers Blog: $0.10/h → $73/month; extended $0.60/h → $438.
		awsCase{"EKS standard", pricing.EKS{Clusters: 1, Hours: 730}, "73.00", nil},
		awsCase{"EKS extended support", pricing.EKS{Clusters: 1, Hours: 730, ExtendedSupport: true}, "438.00", nil},
		awsCase{"EKS zero", pricing.EKS{}, "0.00", nil},
		awsCase{"CloudWatch Logs", pricing.CloudWatchLogs{IngestGB: 10, StorageGB: 10}, "5.30",
			map[string]string{"Log ingestion": "5.00", "Log storage": "0.30"}},
	)
	runAWSCases(t, cases)
}

func TestAWSInvalidUsage(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	for _, tt := range []struct {
		in   awsBilled
		want []string
	}{
		{pricing.EC2{InstanceType: "t3.nano", Count: 1, Hours: 1}, []string{`no price for instance type "t3.nano" (closest: t3.large, t3.xlarge, t3.2xlarge, t3.medium; 77 types priced`}},
		{pricing.Fargate{VCPU: -1, Arch: "ppc"}, []string{"vcpu: must not be negative", `arch: unknown value "ppc"`}},
		{pricing.APIGateway{Requests: math.NaN()}, []string{"requests: must be a finite number"}},
		{pricing.ALB{Count: -1, Hours: -2}, []string{"count: must not be negative", "hours: must not be negative"}},
		{pricing.NATGateway{GBProcessed: -1}, []string{"gb_processed"}},
		{pricing.PublicIPv4{Addresses: -1}, []string{"addresses"}},
		{pricing.DataTransferOut{GB: math.Inf(1)}, []string{"gb: must be a finite number"}},
		{pricing.DynamoDB{StorageGB: -3}, []string{"storage_gb"}},
		{pricing.S3{Puts: -1}, []string{"puts"}},
		{pricing.SQS{Requests: -1}, []string{"requests"}},
		{pricing.EBS{GBMonths: -1}, []string{"gb_months"}},
		{pricing.EKS{Clusters: -1}, []string{"clusters"}},
		{pricing.CloudWatchLogs{IngestGB: -1}, []string{"ingest_gb"}},
	} {
		_, err := tt.in.Bill(c)
		if err == nil {
			t.Errorf("%T: want an error", tt.in)
			continue
		}
		if k := errs.KindOf(err); k != errs.Invalid {
			t.Errorf("%T: kind = %v, want Invalid", tt.in, k)
		}
		for _, w := range tt.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%T: error %q does not mention %q", tt.in, err, w)
			}
		}
	}
}

// awsAllOfferings is one usage of every AWS offering and variant, so that
// every catalog id an offering reads is read.
func awsAllOfferings(c *catalog.Catalog) []awsBilled {
	all := []awsBilled{
		pricing.Lambda{Requests: 1, DurationMS: 1, MemoryMB: 128, EphemeralStorageMB: 1024, FreeTier: true, InitGBSeconds: 1,
			ProvisionedConcurrency: 1, ProvisionedHours: 1, ProvisionedRequestShare: 0.5},
		pricing.Lambda{Requests: 1, DurationMS: 1, MemoryMB: 128, Arch: "arm64", ProvisionedConcurrency: 1, ProvisionedHours: 1},
		pricing.APIGateway{Requests: 1, FreeTier: true}, pricing.APIGateway{REST: true, Requests: 1, FreeTier: true},
		pricing.APIGatewayWebSocket{Messages: 1, ConnectionMinutes: 1, FreeTier: true},
		pricing.LambdaFunctionURL{Requests: 1},
		pricing.ALB{Count: 1, Hours: 1, LCUs: 1}, pricing.NATGateway{Count: 1, Hours: 1, GBProcessed: 1},
		pricing.PublicIPv4{Addresses: 1, Hours: 1}, pricing.DataTransferOut{GB: 1},
		pricing.ZoneTransfer{Cloud: "aws", CrossZoneGB: 1, CrossRegionGB: 1},
		pricing.DynamoDB{ReadRequestUnits: 1, WriteRequestUnits: 1, StorageGB: 1, FreeTier: true},
		pricing.S3{Gets: 1, Puts: 1, StorageGB: 1}, pricing.SQS{Requests: 1, FreeTier: true}, pricing.SQS{Requests: 1, FIFO: true},
		pricing.Fargate{VCPU: 1, MemoryGB: 1, Hours: 1, Tasks: 1, EphemeralStorageGB: 30},
		pricing.Fargate{VCPU: 1, MemoryGB: 1, Hours: 1, Tasks: 1, Arch: "arm64"},
		pricing.EBS{GBMonths: 1}, pricing.EKS{Clusters: 1, Hours: 1}, pricing.EKS{Clusters: 1, Hours: 1, ExtendedSupport: true},
		pricing.CloudWatchLogs{IngestGB: 1, StorageGB: 1},
	}
	for _, typ := range pricing.EC2InstanceTypes(c) {
		all = append(all, pricing.EC2{InstanceType: typ, Count: 1, Hours: 1})
	}
	for _, id := range c.IDs() {
		if class, ok := strings.CutPrefix(id, "aws.rds.postgres."); ok {
			all = append(all, pricing.RDS{Class: strings.TrimSuffix(class, ".hourly"), Hours: 1, StorageGB: 10, ExtraIOPS: 1, BackupGB: 20})
		}
	}
	all = append(all, pricing.DiskSnapshot{Provider: "aws", GBMonths: 1}, pricing.AuroraServerless{ACUHours: 1, StorageGB: 1, IORequests: 1, BackupGB: 2},
		pricing.ElastiCacheServerless{Engine: "redis", Hours: 1, ECPUs: 1}, pricing.ElastiCacheServerless{Engine: "valkey", Hours: 1, ECPUs: 1})
	for _, k := range []string{"db.t4g.medium", "db.t4g.large", "db.r6g.large", "db.r6g.xlarge", "db.r6g.2xlarge", "db.r6g.4xlarge", "db.r6g.8xlarge", "db.r6g.16xlarge"} {
		all = append(all, pricing.AuroraProvisioned{Class: k, Instances: 1, Hours: 1})
	}
	for _, x := range []struct{ platform, option string }{
		{"aws-lambda", "compute-savings-plan-1y"}, {"aws-lambda", "compute-savings-plan-3y"},
		{"aws-fargate", "compute-savings-plan-1y"}, {"aws-fargate", "compute-savings-plan-3y"}, {"aws-fargate", "spot"},
	} {
		all = append(all, serverlessPurchased(x))
	}
	all = append(all, pricing.SNS{Publishes: 1, HTTPDeliveries: 1}, pricing.DynamoDBProvisioned{RCUHours: 1, WCUHours: 1, BackupGB: 1},
		pricing.DynamoDBBackup{GB: 1})
	for _, n := range []string{"cache.t4g.micro", "cache.t4g.small", "cache.t4g.medium", "cache.m7g.large", "cache.r7g.large", "cache.r7g.xlarge", "cache.r7g.2xlarge"} {
		all = append(all, pricing.ElastiCacheNodes{Engine: "redis", NodeType: n, Nodes: 1, Hours: 1}, pricing.ElastiCacheNodes{Engine: "valkey", NodeType: n, Nodes: 1, Hours: 1})
	}
	all = append(all, pricing.EC2{InstanceType: "t3.large", Count: 1, Hours: 1, SurplusVCPUHours: 1},
		pricing.EC2{InstanceType: "t4g.large", Count: 1, Hours: 1, SurplusVCPUHours: 1})
	return all
}

// Every id the AWS offerings read exists in the embedded catalog, and a
// missing one is an error naming it (not a silent zero price).
func TestAWSOfferingIDsInCatalog(t *testing.T) {
	t.Parallel()
	c := awsCatalog(t)
	// Eight families in seven sizes (large to 16xlarge), t3 and t4g in
	// four, g4dn and g5 in six, and m5.large.
	if n := len(pricing.EC2InstanceTypes(c)); n != 8*7+2*4+2*6+1 {
		t.Errorf("catalog prices %d EC2 instance types, want %d", n, 8*7+2*4+2*6+1)
	}
	for _, o := range awsAllOfferings(c) {
		b, err := o.Bill(c)
		if err != nil {
			t.Errorf("%T %+v: %v", o, o, err)
			continue
		}
		if b.PricesAsOf != c.AsOf || len(b.Sources) == 0 {
			t.Errorf("%T: bill has as-of %q and %d sources", o, b.PricesAsOf, len(b.Sources))
		}
		for _, li := range b.LineItems {
			if !strings.HasPrefix(li.Source, "https://") {
				t.Errorf("%T line %q has source %q", o, li.Name, li.Source)
			}
		}
	}
	// Remove each AWS price and free allowance in turn: some offering must
	// then fail, naming it. (Limits and defaults also serve the simulators
	// and the advisor, so an unused one is not an error here.)
	for _, id := range c.IDs() {
		e := c.Entries[id]
		if e.Provider != "aws" || (e.Kind != catalog.KindPrice && e.Kind != catalog.KindFree) {
			continue
		}
		cp := catalog.New(c.AsOf)
		for k, v := range c.Entries {
			if k != id {
				cp.Entries[k] = v
			}
		}
		failed := false
		for _, o := range awsAllOfferings(c) {
			if _, err := o.Bill(cp); err != nil && strings.Contains(err.Error(), id) {
				failed = true
				break
			}
		}
		if !failed {
			t.Errorf("no AWS offering reads catalog price %q", id)
		}
	}
}

// serverlessPurchased prices a purchase option on a one-line compute bill,
// so that the offerings test reads each serverless purchase rate.
type serverlessPurchased struct{ platform, option string }

func (x serverlessPurchased) Bill(c *catalog.Catalog) (*pricing.Bill, error) {
	b := pricing.NewBill(x.platform, c)
	b.AddPriced("compute", pricing.Dec(1), "USD", pricing.Dec(1), "https://aws.amazon.com/savingsplans/compute-pricing/", pricing.HalfUp)
	err := pricing.ServerlessPurchase{Platform: x.platform, Option: x.option, Covered: 1, Lines: func(string) bool { return true }}.Apply(c, b)
	return b, err
}
