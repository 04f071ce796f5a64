package platform

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AzureRedis is Azure Cache for Redis, Basic (one node) or Standard (a
// primary and a replica) for high availability, sizes C0 to C5.
type AzureRedis struct{}

var _ = register(AzureRedis{})

// azureRedisSizes are the sizes priced, with their memory in GB.
var azureRedisSizes = []struct {
	Name string
	GB   float64
}{{"C0", 0.25}, {"C1", 1}, {"C2", 2.5}, {"C3", 6}, {"C4", 13}, {"C5", 26}}

// Info describes the platform.
func (AzureRedis) Info() Info {
	return Info{ID: workload.PlatformAzureRedis, Name: "Azure Cache for Redis", Cloud: "azure", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one Azure region", Source: "https://azure.microsoft.com/en-us/pricing/details/cache/"}
}

// Concurrency is not a managed service's concern.
func (AzureRedis) Concurrency(Work) int { return 0 }

// Engines: Redis.
func (AzureRedis) Engines() []string { return []string{workload.EngineRedis, workload.EngineValkey} }

// Price picks the smallest size that holds the data.
func (a AzureRedis) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Azure Cache for Redis", a.Engines(), u); why != nil {
		return nil, why, nil
	}
	gb := CacheMemoryGB(w, u)
	for _, s := range azureRedisSizes {
		if s.GB < gb || CacheShardsForCPU(w) > 1 {
			continue
		}
		b, err := pricing.AzureRedis{Standard: u.HA, Size: s.Name, Hours: w.Hours}.Bill(cat)
		tier := "Basic (one node, no SLA)"
		if u.HA {
			tier = "Standard (a primary and a replica)"
		}
		return b, []Reason{{Text: fmt.Sprintf("Azure Cache for Redis %s %s (%g GB): the smallest that holds the data with %.0f%% of the memory kept free",
			tier, s.Name, s.GB, (1-CacheMemoryHeadroom)*100), Source: "docs/managed-services.md#caches"}}, err
	}
	return nil, []Reason{{Text: fmt.Sprintf("it needs %s GB or more than one engine thread; Basic and Standard go to C5 (26 GB) and Premium is not priced here", fmtGiB(gb)), Source: a.Info().Source}}, nil
}
