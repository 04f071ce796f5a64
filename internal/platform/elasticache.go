package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ElastiCache is Amazon ElastiCache on nodes (Valkey, Redis OSS or
// Memcached): shards of one node type, each with a replica in another zone
// for high availability.
type ElastiCache struct{}

var _ = register(ElastiCache{})

// elastiCacheNodes are the node types the catalog prices, with their
// memory (aws.amazon.com/elasticache/pricing) and vCPU; t4g nodes are
// burstable, with a 20 % baseline per vCPU.
var elastiCacheNodes = []instanceClass{
	{"cache.t4g.micro", 2, 0.5, 0.10}, {"cache.t4g.small", 2, 1.37, 0.20}, {"cache.t4g.medium", 2, 3.09, 0.20},
	{"cache.m7g.large", 2, 6.38, 0}, {"cache.r7g.large", 2, 13.07, 0}, {"cache.r7g.xlarge", 4, 26.32, 0}, {"cache.r7g.2xlarge", 8, 52.82, 0},
}

// ElastiCacheMaxShards is the most shards a cluster-mode cluster has here
// (ElastiCache allows up to 500 nodes).
const ElastiCacheMaxShards = 250

// Info describes the platform.
func (ElastiCache) Info() Info {
	return Info{ID: workload.PlatformElastiCache, Name: "Amazon ElastiCache", Cloud: "aws", Kind: Managed, Billing: InstanceLifetime,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/elasticache/pricing/"}
}

// Concurrency is not a managed service's concern.
func (ElastiCache) Concurrency(Work) int { return 0 }

// Engines: Valkey, Redis OSS and Memcached.
func (ElastiCache) Engines() []string {
	return []string{workload.EngineValkey, workload.EngineRedis, workload.EngineMemcached}
}

// Price picks the node type and shard count that cost least.
func (x ElastiCache) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("ElastiCache", x.Engines(), u); why != nil {
		return nil, why, nil
	}
	engine := "redis"
	if u.Engine == workload.EngineValkey {
		engine = "valkey"
	}
	mem := CacheMemoryGB(w, u)
	cpuShards := CacheShardsForCPU(w)
	_, mean := DataCores(w)
	perShard := 1
	if u.HA {
		perShard = 2
	}
	best, bestShards, bestCost := instanceClass{}, 0, math.Inf(1)
	for _, k := range elastiCacheNodes {
		shards := max(cpuShards, int(math.Ceil(mem/k.MemGiB-1e-9)))
		if shards > ElastiCacheMaxShards || (k.Baseline > 0 && mean/float64(shards) > k.Baseline*k.VCPU) {
			continue
		}
		e, err := cat.Get("aws.elasticache." + engine + "." + k.Name + ".hourly")
		if err != nil {
			continue
		}
		if c := e.Float() * float64(shards*perShard); c < bestCost-1e-9 {
			best, bestShards, bestCost = k, shards, c
		}
	}
	if bestShards == 0 {
		return nil, []Reason{{Text: fmt.Sprintf("it needs %s GB of cache memory; more than %d shards of the largest node", fmtGiB(mem), ElastiCacheMaxShards), Source: x.Info().Source}}, nil
	}
	b, err := pricing.ElastiCacheNodes{Engine: engine, NodeType: best.Name, Nodes: bestShards * perShard, Hours: w.Hours}.Bill(cat)
	ha := "no replica"
	if u.HA {
		ha = "each with a replica in another zone"
	}
	return b, []Reason{{Text: fmt.Sprintf("ElastiCache %d × %s shard(s), %s: the cheapest that holds %s GB (the data with %.0f%% of each node's memory kept free) and the busiest hour's commands at %.0f%% of one core per shard",
		bestShards, best.Name, ha, fmtGiB(mem*CacheMemoryHeadroom), (1-CacheMemoryHeadroom)*100, DataTargetCPU*100), Source: "docs/managed-services.md#caches"}}, err
}
