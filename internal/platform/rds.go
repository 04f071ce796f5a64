package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// RDS is Amazon RDS for PostgreSQL (and MySQL, priced with the PostgreSQL
// figures): one instance of a class, Multi-AZ for high availability, gp3
// storage, automated backups.
type RDS struct{}

var _ = register(RDS{})

// RDSMaxReadReplicas is how many read replicas an RDS for PostgreSQL
// instance can have (docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PostgreSQL.Replication.ReadReplicas.html).
const RDSMaxReadReplicas = 15

// rdsClasses are the classes the catalog prices (shapes from
// aws.amazon.com/rds/instance-types; t4g baselines from the EC2 burstable
// baseline table).
var rdsClasses = []instanceClass{
	{"db.t4g.micro", 2, 1, 0.10}, {"db.t4g.small", 2, 2, 0.20}, {"db.t4g.medium", 2, 4, 0.20}, {"db.t4g.large", 2, 8, 0.30},
	{"db.m6g.large", 2, 8, 0}, {"db.m6g.xlarge", 4, 16, 0}, {"db.m6g.2xlarge", 8, 32, 0}, {"db.m6g.4xlarge", 16, 64, 0}, {"db.m6g.8xlarge", 32, 128, 0},
	{"db.r6g.large", 2, 16, 0}, {"db.r6g.xlarge", 4, 32, 0}, {"db.r6g.2xlarge", 8, 64, 0}, {"db.r6g.4xlarge", 16, 128, 0}, {"db.r6g.8xlarge", 32, 256, 0},
}

// Info describes the platform.
func (RDS) Info() Info {
	return Info{ID: workload.PlatformRDS, Name: "Amazon RDS", Cloud: "aws", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/rds/postgresql/pricing/"}
}

// Concurrency is not a managed service's concern.
func (RDS) Concurrency(Work) int { return 0 }

// Engines: PostgreSQL and MySQL.
func (RDS) Engines() []string { return []string{workload.EnginePostgres, workload.EngineMySQL} }

// Price sizes the instance and prices the month.
func (r RDS) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Amazon RDS", r.Engines(), u); why != nil {
		return nil, why, nil
	}
	sz, ok := sizeInstances(cat, "aws.rds.postgres.", rdsClasses, w, u, true, RDSMaxReadReplicas)
	if !ok {
		return nil, tooBig("Amazon RDS", w, u, rdsClasses[len(rdsClasses)-1], RDSMaxReadReplicas), nil
	}
	u.ReadReplicas += sz.Added
	baseline := 3000.0
	if u.StorageGB >= 400 {
		baseline = 12000
	}
	x := RDSUsage(sz.Class.Name, w, u)
	x.ExtraIOPS = max(0, u.IOPS-baseline)
	b, err := x.Bill(cat)
	why := sizedReasons("Amazon RDS", sz, w, u, RDSMaxReadReplicas)
	if u.Engine == workload.EngineMySQL {
		why = append(why, Reason{Text: "MySQL is priced with the PostgreSQL class prices (RDS lists MySQL classes a few per cent lower)", Source: "docs/managed-services.md#rds"})
	}
	return b, why, err
}

// RDSUsage is the month of an RDS instance of class for u.
func RDSUsage(class string, w Work, u workload.DataUse) pricing.RDS {
	return pricing.RDS{Class: class, Hours: w.Hours, MultiAZ: u.HA, ReadReplicas: u.ReadReplicas,
		StorageGB: u.StorageGB, BackupGB: DataBackupGB(u)}
}
