package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AuroraProvisioned is Amazon Aurora (PostgreSQL- and MySQL-compatible,
// Aurora Standard) on provisioned instances: a writer of one class, a reader
// in another zone for high availability, reader instances for read
// replicas (added when no class holds the reads), one shared cluster
// volume, I/O requests and backups.
type AuroraProvisioned struct{}

var _ = register(AuroraProvisioned{})

// auroraClasses are the classes the catalog prices (shapes from
// aws.amazon.com/rds/instance-types; t4g baselines as for RDS).
var auroraClasses = []instanceClass{
	{"db.t4g.medium", 2, 4, 0.20}, {"db.t4g.large", 2, 8, 0.30},
	{"db.r6g.large", 2, 16, 0}, {"db.r6g.xlarge", 4, 32, 0}, {"db.r6g.2xlarge", 8, 64, 0}, {"db.r6g.4xlarge", 16, 128, 0},
	{"db.r6g.8xlarge", 32, 256, 0}, {"db.r6g.16xlarge", 64, 512, 0},
}

// AuroraMaxReaders is how many readers an Aurora cluster can have
// (docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.Replication.html).
const AuroraMaxReaders = 15

// Info describes the platform.
func (AuroraProvisioned) Info() Info {
	return Info{ID: workload.PlatformAuroraProvisioned, Name: "Amazon Aurora (provisioned)", Cloud: "aws", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/rds/aurora/pricing/"}
}

// Concurrency is not a managed service's concern.
func (AuroraProvisioned) Concurrency(Work) int { return 0 }

// Engines: PostgreSQL and MySQL.
func (AuroraProvisioned) Engines() []string {
	return []string{workload.EnginePostgres, workload.EngineMySQL}
}

// Price sizes the instances and prices the month.
func (a AuroraProvisioned) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	name := "Aurora"
	if why := EngineReasons(name, a.Engines(), u); why != nil {
		return nil, why, nil
	}
	sz, ok := sizeInstances(cat, "aws.aurora.provisioned.", auroraClasses, w, u, true, AuroraMaxReaders)
	if !ok {
		return nil, tooBig(name, w, u, auroraClasses[len(auroraClasses)-1], AuroraMaxReaders), nil
	}
	u.ReadReplicas += sz.Added
	instances := 1 + u.ReadReplicas
	if u.HA {
		instances++ // a reader in another zone, promoted on failover
	}
	io := math.Round((u.WritesPerSec + u.ReadsPerSec*ReadMissShare) * w.Hours * 3600)
	b, err := pricing.AuroraProvisioned{Class: sz.Class.Name, Instances: instances, Hours: w.Hours, StorageGB: u.StorageGB, IORequests: io, BackupGB: DataBackupGB(u)}.Bill(cat)
	why := sizedReasons(name, sz, w, u, AuroraMaxReaders)
	why = append(why, Reason{Text: fmt.Sprintf("%d instance(s) share one cluster volume, billed once; %.0f%% of reads assumed to miss the cache and bill an I/O", instances, ReadMissShare*100),
		Source: "docs/managed-services.md#aurora"})
	return b, why, err
}
