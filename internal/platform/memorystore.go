package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Memorystore is Memorystore for Redis: one instance of a provisioned
// capacity, Basic (one node) or Standard (a replica in another zone) for
// high availability.
type Memorystore struct{}

var _ = register(Memorystore{})

// MemorystoreMaxGB is the largest capacity priced here (capacity tier M4).
const MemorystoreMaxGB = 100

// Info describes the platform.
func (Memorystore) Info() Info {
	return Info{ID: workload.PlatformMemorystore, Name: "Memorystore for Redis", Cloud: "gcp", Kind: Managed, Billing: Capacity,
		RegionNote: "runs in one Google Cloud region", Source: "https://cloud.google.com/memorystore/docs/redis/pricing"}
}

// Concurrency is not a managed service's concern.
func (Memorystore) Concurrency(Work) int { return 0 }

// Engines: Redis (and Valkey clients, which speak its protocol).
func (Memorystore) Engines() []string { return []string{workload.EngineRedis, workload.EngineValkey} }

// Price sizes the capacity and prices the month.
func (m Memorystore) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Memorystore for Redis", m.Engines(), u); why != nil {
		return nil, why, nil
	}
	gb := math.Max(1, math.Ceil(CacheMemoryGB(w, u)-1e-9))
	if gb > MemorystoreMaxGB || CacheShardsForCPU(w) > 1 {
		return nil, []Reason{{Text: fmt.Sprintf("it needs %g GB or more than one engine thread; one Memorystore for Redis instance up to %d GB is priced here (Redis Cluster is not)", gb, MemorystoreMaxGB), Source: m.Info().Source}}, nil
	}
	b, err := pricing.Memorystore{Standard: u.HA, GB: gb, Hours: w.Hours}.Bill(cat)
	tier := "Basic (one node)"
	if u.HA {
		tier = "Standard (a replica in another zone)"
	}
	return b, []Reason{{Text: fmt.Sprintf("Memorystore for Redis %s, %g GB: the data with %.0f%% of the memory kept free, in capacity tier M%d",
		tier, gb, (1-CacheMemoryHeadroom)*100, pricing.MemorystoreTier(gb)), Source: "docs/managed-services.md#caches"}}, err
}
