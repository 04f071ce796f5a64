package pricing_test

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// Managed data services against published worked figures (each case names
// where its expected amounts come from; docs/managed-services.md#tests).
func TestManagedServicesPublishedFigures(t *testing.T) {
	cat := awsCatalog(t)
	cases := []struct {
		name  string
		bill  awsBilled
		total string
		lines map[string]string
	}{
		// infratally.com "AWS RDS pricing explained (2026)": db.t4g.small
		// PostgreSQL, us-east-1, $23.36 a month Single-AZ, $46.72 Multi-AZ;
		// 30 GB of gp3 at $0.115 (twice for Multi-AZ).
		{"rds t4g.small single-az 30 GB", pricing.RDS{Class: "db.t4g.small", Hours: 730, StorageGB: 30, BackupGB: 30}, "26.81",
			map[string]string{"db.t4g.small instance, Single-AZ": "23.36", "gp3 storage": "3.45"}},
		{"rds t4g.small multi-az 30 GB", pricing.RDS{Class: "db.t4g.small", Hours: 730, MultiAZ: true, StorageGB: 30}, "53.62",
			map[string]string{"db.t4g.small instance, Multi-AZ (primary and standby)": "46.72", "gp3 storage": "6.90"}},
		// Same table: db.t4g.medium Multi-AZ $94.90 a month.
		{"rds t4g.medium multi-az", pricing.RDS{Class: "db.t4g.medium", Hours: 730, MultiAZ: true}, "94.90", nil},
		// Backups above 100 % of storage at $0.095 (usage.ai RDS guide).
		{"rds backup beyond free", pricing.RDS{Class: "db.t4g.micro", Hours: 730, StorageGB: 100, BackupGB: 150}, "27.93",
			map[string]string{"db.t4g.micro instance, Single-AZ": "11.68", "gp3 storage": "11.50", "Backup storage above the free 100 % of storage": "4.75"}},
		// c3x.dev: a 0.5-ACU floor idle all month is $0.12 × 0.5 × 730 = $43.80.
		{"aurora serverless v2 idle floor", pricing.AuroraServerless{ACUHours: 0.5 * 730}, "43.80", nil},
		// cloudcostkit.com worked example: 2 ACU always on plus 8 ACU for 2 h a
		// day = 1,940 ACU-hours, $232.80 at $0.12.
		{"aurora serverless v2 baseline and peaks", pricing.AuroraServerless{ACUHours: 1940, StorageGB: 100, IORequests: 50_000_000}, "252.80",
			map[string]string{"Aurora Serverless v2 capacity": "232.80", "Aurora storage": "10.00", "Aurora I/O requests": "10.00"}},
		// AWS Database Blog: Redis OSS serverless meters at least 1 GB, at
		// $0.125 a GB-hour ($91.25 for a 730-hour month), ECPUs $0.0034 a million.
		{"elasticache serverless redis minimum", pricing.ElastiCacheServerless{Engine: "redis", Hours: 730, DataGB: 0.2, ECPUs: 1_000_000_000}, "94.65",
			map[string]string{"Data stored": "91.25", "ElastiCache Processing Units": "3.40"}},
		// usage.ai: Valkey's 100 MB minimum is about $6 a month ($0.084 × 0.1 × 730).
		{"elasticache serverless valkey minimum", pricing.ElastiCacheServerless{Engine: "valkey", Hours: 730}, "6.13", nil},
		// usage.ai Cloud SQL guide (us-central1): 4 vCPU and 15 GB for 730 h
		// is 4 × $0.0413 × 730 + 15 × $0.007 × 730: $120.596 (the guide truncates
		// to $120.59; rounded half up, $120.60) + $76.65.
		{"cloud sql 4 vcpu 15 GB", pricing.CloudSQL{VCPU: 4, MemoryGB: 15, Hours: 730}, "197.25",
			map[string]string{"vCPU, zonal": "120.60", "Memory, zonal": "76.65", "SSD storage, zonal": "0.00"}},
		// HA doubles compute and storage (cloud.google.com/sql/pricing).
		{"cloud sql ha", pricing.CloudSQL{VCPU: 4, MemoryGB: 15, Hours: 730, HA: true, StorageGB: 100}, "428.49",
			map[string]string{"vCPU, HA": "241.19", "Memory, HA": "153.30", "SSD storage, HA": "34.00"}},
		// Azure list prices (East US): D2ds_v5 $0.178 an hour, Premium SSD
		// $0.115 a GiB-month, 32 GiB at least; zone-redundant HA doubles both.
		{"azure flexible d2ds_v5", pricing.PostgresFlexible{SKU: "D2ds_v5", Hours: 730, StorageGB: 10}, "133.62",
			map[string]string{"D2ds_v5 server": "129.94", "Premium SSD storage": "3.68"}},
		{"azure flexible d2ds_v5 ha", pricing.PostgresFlexible{SKU: "D2ds_v5", Hours: 730, HA: true, StorageGB: 128}, "289.32",
			map[string]string{"D2ds_v5 server, zone-redundant HA (primary and standby)": "259.88", "Premium SSD storage": "29.44"}},
		// Aurora provisioned: a db.r6g.large writer and a reader, 100 GB
		// billed once for the shared volume ($0.10), 10M I/Os ($0.20/M).
		{"aurora r6g.large writer and reader", pricing.AuroraProvisioned{Class: "db.r6g.large", Instances: 2, Hours: 730, StorageGB: 100, IORequests: 10e6}, "391.60",
			map[string]string{"db.r6g.large instances": "379.60", "Aurora storage": "10.00", "Aurora I/O requests": "2.00"}},
		// cloud.google.com/pubsub/pricing's own table: 1 MiB/s published to
		// one subscription is 2.5 TiB published and 2.5 TiB received, $200
		// at $40 a TiB (the first 10 GiB free, here added on top).
		{"pubsub 1 MiB/s one subscription", pricing.PubSub{GiB: 5*1024 + 10}, "200.00", nil},
		// Same table, two subscriptions: 2.5 + 5 TiB, $300.
		{"pubsub 1 MiB/s two subscriptions", pricing.PubSub{GiB: 7.5*1024 + 10}, "300.00", nil},
		{"pubsub within the free 10 GiB", pricing.PubSub{GiB: 9}, "0.00", nil},
		// SNS at its listed $0.50 a million publishes and $0.60 a million
		// HTTP deliveries (aws.amazon.com/sns/pricing); the 1M free.
		{"sns 10M publishes", pricing.SNS{Publishes: 10e6, HTTPDeliveries: 1e6}, "5.60",
			map[string]string{"SNS publishes": "5.00", "SNS HTTP/S deliveries": "0.60"}},
		{"sns free tier", pricing.SNS{Publishes: 10e6, FreeTier: true}, "4.50", nil},
		// Cosmos DB's 400 RU/s minimum: 4 × $0.008 × 730 = $23.36, "about
		// $24 a month" (oneuptime.com, 2026-02-16).
		{"cosmos 400 RU/s", pricing.CosmosDB{RU100Hours: 4 * 730}, "23.36", nil},
		{"cosmos serverless 10M RU and 10 GB", pricing.CosmosDB{Serverless: true, RequestUnits: 10e6, StorageGB: 10}, "5.00",
			map[string]string{"Serverless request units": "2.50", "Transactional storage": "2.50"}},
		// Service Bus Standard: the base charge covers 13M operations; 113M
		// is 87M at $0.80/M and 13M at $0.50/M.
		{"service bus 13M", pricing.ServiceBus{Hours: 730, Operations: 13e6}, "9.86", nil},
		{"service bus 113M", pricing.ServiceBus{Hours: 730, Operations: 113e6}, "85.96",
			map[string]string{"Service Bus operations above the 13M included (tier 1)": "69.60", "Service Bus operations above the 13M included (tier 2)": "6.50"}},
		// Provisioned DynamoDB: 100 WCU and 100 RCU all month.
		{"dynamodb provisioned 100/100", pricing.DynamoDBProvisioned{RCUHours: 73000, WCUHours: 73000, StorageGB: 10, BackupGB: 10}, "61.44",
			map[string]string{"Write capacity": "47.45", "Read capacity": "9.49", "Storage": "2.50", "Point-in-time recovery": "2.00"}},
		{"elasticache two r7g.large nodes", pricing.ElastiCacheNodes{Engine: "redis", NodeType: "cache.r7g.large", Nodes: 2, Hours: 730}, "319.74", nil},
		{"elasticache valkey t4g.micro", pricing.ElastiCacheNodes{Engine: "valkey", NodeType: "cache.t4g.micro", Nodes: 1, Hours: 730}, "9.34", nil},
		{"memorystore basic 1 GB", pricing.Memorystore{GB: 1, Hours: 730}, "35.77", nil},
		{"memorystore standard 16 GB", pricing.Memorystore{Standard: true, GB: 16, Hours: 730}, "350.40", nil},
		{"azure redis standard C1", pricing.AzureRedis{Standard: true, Size: "C1", Hours: 730}, "100.74", nil},
		{"firestore 1M reads, 1M writes, 10 GiB", pricing.Firestore{Reads: 1e6, Writes: 1e6, StorageGiB: 10}, "2.70",
			map[string]string{"Document reads": "0.30", "Document writes": "0.90", "Stored data": "1.50"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := tc.bill.Bill(cat)
			if err != nil {
				t.Fatal(err)
			}
			awsCheckBill(t, b, tc.total, tc.lines, false)
		})
	}
}

func TestManagedServicesRejectBadUsage(t *testing.T) {
	cat := awsCatalog(t)
	for _, b := range []awsBilled{
		pricing.RDS{Class: "db.t4g.small", Hours: -1},
		pricing.RDS{Class: "db.nope", Hours: 730},
		pricing.AuroraServerless{ACUHours: -5},
		pricing.ElastiCacheServerless{ECPUs: -1},
		pricing.CloudSQL{VCPU: -1},
		pricing.PostgresFlexible{SKU: "D2ds_v5", StorageGB: -1},
		pricing.PubSub{GiB: -1},
		pricing.SNS{Publishes: -1},
		pricing.CosmosDB{StorageGB: -1},
		pricing.ServiceBus{Operations: -1},
		pricing.DynamoDBProvisioned{WCUHours: -1},
		pricing.ElastiCacheNodes{NodeType: "cache.nope", Nodes: 1, Hours: 1},
		pricing.Memorystore{GB: 500, Hours: 1},
		pricing.AzureRedis{Size: "P1", Hours: 1},
		pricing.Firestore{Reads: -1},
	} {
		if _, err := b.Bill(cat); err == nil {
			t.Errorf("%#v: no error", b)
		}
	}
}
