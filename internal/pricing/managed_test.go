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
	} {
		if _, err := b.Bill(cat); err == nil {
			t.Errorf("%#v: no error", b)
		}
	}
}
