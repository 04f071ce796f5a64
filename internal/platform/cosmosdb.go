package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// CosmosDB is Azure Cosmos DB for NoSQL in one region: serverless (request
// units consumed) while the busiest second stays under the serverless
// ceiling, or provisioned throughput sized each hour, whichever costs less.
type CosmosDB struct{}

var _ = register(CosmosDB{})

// Cosmos DB's request-unit rules (learn.microsoft.com/azure/cosmos-db/request-units;
// /serverless; /concepts-limits) [U].
const (
	CosmosReadRUPerKB  = 1.0  // a point read of a 1 KB item
	CosmosWriteRUPerKB = 5.5  // a 1 KB write with the default indexing
	CosmosServerlessRU = 5000 // serverless: the most RU/s a container bursts to
	CosmosMinRUs       = 400  // provisioned: the least RU/s a container holds
	CosmosMaxKB        = 2048 // the largest item, 2 MB
	// CosmosTargetUse is the share of provisioned RU/s a container is sized to use at its busiest minute [U].
	CosmosTargetUse = 0.7
)

// Info describes the platform.
func (CosmosDB) Info() Info {
	return Info{ID: workload.PlatformCosmosDB, Name: "Azure Cosmos DB", Cloud: "azure", Kind: Managed, Billing: PerRequest,
		RegionNote: "one Azure region (more regions multiply the throughput bill)", Source: "https://azure.microsoft.com/en-us/pricing/details/cosmos-db/"}
}

// Concurrency is not a managed service's concern.
func (CosmosDB) Concurrency(Work) int { return 0 }

// Engines: a document API.
func (CosmosDB) Engines() []string { return []string{workload.EngineDocument} }

// Price prices serverless and provisioned throughput and keeps the cheaper
// one that holds the load.
func (c CosmosDB) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Cosmos DB", c.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > CosmosMaxKB {
		return nil, []Reason{{Text: fmt.Sprintf("its items are %g KB; Cosmos DB's largest is 2 MB", u.ItemKB), Source: c.Info().Source}}, nil
	}
	kb := math.Max(1, math.Ceil(u.ItemKB-1e-9))
	ruPerSec := (u.ReadsPerSec*CosmosReadRUPerKB + u.WritesPerSec*CosmosWriteRUPerKB) * kb
	ru100h, peak := 0.0, 0.0
	for _, f := range w.HourlyPeaks() {
		need := math.Max(CosmosMinRUs, math.Ceil(ruPerSec*f/CosmosTargetUse/100-1e-9)*100)
		ru100h += need / 100
		peak = math.Max(peak, ruPerSec*f)
	}
	prov, err := pricing.CosmosDB{RU100Hours: ru100h, StorageGB: u.StorageGB}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	basis := fmt.Sprintf("%g RU per 1 KB read and %g per 1 KB write: %.0f RU/s on average, %.0f at the busiest minute", CosmosReadRUPerKB, CosmosWriteRUPerKB, ruPerSec, peak)
	provWhy := []Reason{{Text: fmt.Sprintf("Cosmos DB provisioned throughput, resized each hour to its busiest minute at %.0f%% (at least %d RU/s): %s",
		CosmosTargetUse*100, CosmosMinRUs, basis), Source: "docs/managed-services.md#document-databases"}}
	if peak > CosmosServerlessRU {
		provWhy[0].Text += fmt.Sprintf("; serverless bursts to %d RU/s only", CosmosServerlessRU)
		return prov, provWhy, nil
	}
	sl, err := pricing.CosmosDB{Serverless: true, RequestUnits: math.Round(ruPerSec * w.Hours * 3600), StorageGB: u.StorageGB}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	if prov.Total.LessThan(sl.Total) {
		provWhy[0].Text += "; cheaper than serverless (" + pricing.FormatUSD(sl.Total) + ")"
		return prov, provWhy, nil
	}
	return sl, []Reason{{Text: fmt.Sprintf("Cosmos DB serverless: %s; cheaper than provisioned throughput (%s)", basis, pricing.FormatUSD(prov.Total)),
		Source: "docs/managed-services.md#document-databases"}}, nil
}
