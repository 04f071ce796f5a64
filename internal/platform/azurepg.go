package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AzurePostgres is Azure Database for PostgreSQL Flexible Server (MySQL
// Flexible Server is priced alike): a Burstable or General Purpose SKU,
// zone-redundant HA with a standby, Premium SSD storage.
type AzurePostgres struct{}

var _ = register(AzurePostgres{})

// AzurePGMaxReadReplicas is how many read replicas a Flexible Server can
// have (learn.microsoft.com/azure/postgresql/flexible-server/concepts-read-replicas) [U].
const AzurePGMaxReadReplicas = 5

// azurePGSKUs are the SKUs the catalog prices (learn.microsoft.com/azure/
// postgresql/flexible-server/concepts-compute; B-series baselines from the
// Azure B-series documentation). Burstable SKUs cannot be zone-redundant.
var azurePGSKUs = []instanceClass{
	{"B1ms", 1, 2, 0.20}, {"B2s", 2, 4, 0.40},
	{"D2ds_v5", 2, 8, 0}, {"D4ds_v5", 4, 16, 0}, {"D8ds_v5", 8, 32, 0}, {"D16ds_v5", 16, 64, 0}, {"D32ds_v5", 32, 128, 0},
}

// Info describes the platform.
func (AzurePostgres) Info() Info {
	return Info{ID: workload.PlatformAzurePostgres, Name: "Azure Database Flexible Server", Cloud: "azure", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one Azure region", Source: "https://azure.microsoft.com/en-us/pricing/details/postgresql/flexible-server/"}
}

// Concurrency is not a managed service's concern.
func (AzurePostgres) Concurrency(Work) int { return 0 }

// Engines: PostgreSQL and MySQL.
func (AzurePostgres) Engines() []string {
	return []string{workload.EnginePostgres, workload.EngineMySQL}
}

// Price sizes the server and prices the month.
func (a AzurePostgres) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	name := "Azure Database Flexible Server"
	if why := EngineReasons(name, a.Engines(), u); why != nil {
		return nil, why, nil
	}
	sz, ok := sizeInstances(cat, "azure.pgflex.", azurePGSKUs, w, u, !u.HA, AzurePGMaxReadReplicas)
	if !ok {
		return nil, tooBig(name, w, u, azurePGSKUs[len(azurePGSKUs)-1], AzurePGMaxReadReplicas), nil
	}
	u.ReadReplicas += sz.Added
	k := sz.Class
	b, err := pricing.PostgresFlexible{SKU: k.Name, Hours: w.Hours, HA: u.HA, StorageGB: u.StorageGB, BackupGB: DataBackupGB(u)}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	if u.ReadReplicas > 0 {
		rep, err := pricing.PostgresFlexible{SKU: k.Name, Hours: w.Hours * float64(u.ReadReplicas), StorageGB: u.StorageGB * float64(u.ReadReplicas)}.Bill(cat)
		if err != nil {
			return nil, nil, err
		}
		b.AddBill(replicaLines(rep))
	}
	return b, sizedReasons(name, sz, w, u, AzurePGMaxReadReplicas), nil
}
