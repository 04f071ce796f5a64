package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// CloudSQL is Cloud SQL for PostgreSQL and MySQL, Enterprise edition: a
// custom machine of whole vCPUs and memory, HA with a standby in another
// zone, SSD storage; the shared-core tiers for the smallest loads.
type CloudSQL struct{}

var _ = register(CloudSQL{})

// Cloud SQL custom machine rules (cloud.google.com/sql/docs/postgres/create-instance#machine-types):
// 1 vCPU or an even number up to 96; 0.9 to 6.5 GB of memory per vCPU, in
// 256 MB steps, at least 3.75 GB.
const (
	CloudSQLMaxVCPU       = 96
	CloudSQLMinGBPerVCPU  = 0.9
	CloudSQLMaxGBPerVCPU  = 6.5
	CloudSQLMinMemoryGB   = 3.75
	CloudSQLMinStorageGB  = 10
	cloudSQLSharedMicroGB = 0.6
	cloudSQLSharedSmallGB = 1.7
	// CloudSQLMaxReadReplicas is how many read replicas a primary can have
	// (cloud.google.com/sql/docs/postgres/replication) [U].
	CloudSQLMaxReadReplicas = 10
)

// Info describes the platform.
func (CloudSQL) Info() Info {
	return Info{ID: workload.PlatformCloudSQL, Name: "Cloud SQL", Cloud: "gcp", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one Google Cloud region", Source: "https://cloud.google.com/sql/pricing"}
}

// Concurrency is not a managed service's concern.
func (CloudSQL) Concurrency(Work) int { return 0 }

// Engines: PostgreSQL and MySQL.
func (CloudSQL) Engines() []string { return []string{workload.EnginePostgres, workload.EngineMySQL} }

// CloudSQLMachine is the smallest custom machine for an instance carrying
// share of the load's CPU: vCPU and GB.
func CloudSQLMachine(w Work, share float64) (vcpu, memGB float64, ok bool) {
	peak, _ := DataCores(w)
	peak *= share
	memGB = math.Max(w.C.MemoryMB/1024, CloudSQLMinMemoryGB)
	vcpu = max(1, math.Ceil(peak/DataTargetCPU-1e-9), math.Ceil(memGB/CloudSQLMaxGBPerVCPU-1e-9))
	if vcpu > 1 && math.Mod(vcpu, 2) != 0 {
		vcpu++
	}
	memGB = math.Max(memGB, vcpu*CloudSQLMinGBPerVCPU)
	memGB = math.Ceil(memGB*4-1e-9) / 4
	return vcpu, memGB, vcpu <= CloudSQLMaxVCPU
}

// Price sizes the machine and prices the month.
func (s CloudSQL) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Cloud SQL", s.Engines(), u); why != nil {
		return nil, why, nil
	}
	// A custom machine's price is linear in its size, so the fewest read
	// replicas that make the reads fit cost least.
	vcpu, mem, ok := CloudSQLMachine(w, 1)
	added := 0
	for !ok && u.ReadReplicas+added < CloudSQLMaxReadReplicas {
		added++
		vcpu, mem, ok = CloudSQLMachine(w, InstanceShare(u, u.ReadReplicas+added))
	}
	if !ok {
		all, _, _ := CloudSQLMachine(w, 1)
		return nil, []Reason{{Text: fmt.Sprintf("it needs %g vCPU; Cloud SQL's largest machine has %d, too few even with %d read replicas carrying the reads (the writes would need sharding)", all, CloudSQLMaxVCPU, CloudSQLMaxReadReplicas), Source: s.Info().Source}}, nil
	}
	u.ReadReplicas += added
	storage := math.Max(u.StorageGB, CloudSQLMinStorageGB)
	backup := roundQty(storage * workload.DefaultDailyChangeShare * float64(u.BackupRetentionDays))
	x := pricing.CloudSQL{VCPU: vcpu, MemoryGB: mem, Hours: w.Hours, HA: u.HA, StorageGB: storage, BackupGB: backup}
	why := []Reason{{Text: fmt.Sprintf("Cloud SQL Enterprise, a custom machine of %g vCPU and %g GB (the smallest valid for %s GiB of working memory and the busiest hour at %.0f%% CPU)%s",
		vcpu, mem, fmtGiB(w.C.MemoryMB/1024), DataTargetCPU*100, haNote(u.HA)), Source: "docs/managed-services.md#cloud-sql"}}
	peak, _ := DataCores(w)
	if shared := cloudSQLShared(w, peak); shared != "" && !u.HA && u.ReadReplicas == 0 {
		x.SharedCore = shared
		why = []Reason{{Text: fmt.Sprintf("Cloud SQL %s (shared core): the load fits, and a shared-core instance costs less than the smallest dedicated machine (no SLA, and it cannot be HA)", shared), Source: "docs/managed-services.md#cloud-sql"}}
	}
	if added > 0 {
		why = append(why, scaleOutReason("Cloud SQL", sizing{Added: added}, u, CloudSQLMaxReadReplicas))
	}
	b, err := x.Bill(cat)
	if err == nil && u.ReadReplicas > 0 {
		rep, rerr := pricing.CloudSQL{VCPU: vcpu, MemoryGB: mem, Hours: w.Hours * float64(u.ReadReplicas), StorageGB: storage * float64(u.ReadReplicas)}.Bill(cat)
		if rerr != nil {
			return nil, nil, rerr
		}
		b.AddBill(replicaLines(rep))
	}
	return b, why, err
}

func cloudSQLShared(w Work, peakCores float64) string {
	mem := w.C.MemoryMB / 1024
	if peakCores/DataTargetCPU > 0.5 {
		return ""
	}
	switch {
	case mem <= cloudSQLSharedMicroGB:
		return "db-f1-micro"
	case mem <= cloudSQLSharedSmallGB:
		return "db-g1-small"
	}
	return ""
}

func haNote(ha bool) string {
	if ha {
		return "; HA keeps a standby in another zone, billed like the primary"
	}
	return ""
}
