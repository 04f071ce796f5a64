package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ElastiCacheServerless is Amazon ElastiCache Serverless (Valkey, Redis OSS
// or Memcached): data stored by the GB-hour and requests in ECPUs. It is
// replicated across zones by design.
type ElastiCacheServerless struct{}

var _ = register(ElastiCacheServerless{})

// Info describes the platform.
func (ElastiCacheServerless) Info() Info {
	return Info{ID: workload.PlatformElastiCacheServerless, Name: "ElastiCache Serverless", Cloud: "aws", Kind: Managed, Billing: Capacity,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/elasticache/pricing/"}
}

// Concurrency is not a managed service's concern.
func (ElastiCacheServerless) Concurrency(Work) int { return 0 }

// Engines: Valkey, Redis OSS and Memcached.
func (ElastiCacheServerless) Engines() []string {
	return []string{workload.EngineValkey, workload.EngineRedis, workload.EngineMemcached}
}

// Price meters the month.
func (x ElastiCacheServerless) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("ElastiCache Serverless", x.Engines(), u); why != nil {
		return nil, why, nil
	}
	perOp := math.Max(1, math.Ceil(u.ItemKB-1e-9))
	ecpus := math.Round((u.ReadsPerSec + u.WritesPerSec) * w.Hours * 3600 * perOp)
	b, err := pricing.ElastiCacheServerless{Engine: u.Engine, Hours: w.Hours, DataGB: u.StorageGB, ECPUs: ecpus}.Bill(cat)
	why := []Reason{{Text: fmt.Sprintf("ElastiCache Serverless meters %s GB stored for %.0f hours and %s ECPUs (%g per operation of %g KB); replicated across zones with no standby to buy",
		fmtGiB(u.StorageGB), w.Hours, pricing.FormatQty(pricing.Dec(math.Round(ecpus))), perOp, u.ItemKB), Source: "docs/managed-services.md#elasticache-serverless"}}
	return b, why, err
}
