package platform

import (
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Sizing of node-based caches (docs/managed-services.md#caches).
const (
	// CacheMemoryHeadroom is the share of a cache node's memory the data may
	// fill: ElastiCache reserves 25 % by default (reserved-memory-percent),
	// and the same headroom is kept on the other clouds [U].
	CacheMemoryHeadroom = 0.75
	// CacheCoresPerShard is the CPU one shard's engine uses for commands:
	// Redis and Valkey run commands on one thread [U].
	CacheCoresPerShard = 1.0
)

// CacheMemoryGB is the memory a cache needs for u's data with headroom.
func CacheMemoryGB(w Work, u workload.DataUse) float64 {
	return math.Max(u.StorageGB, w.C.MemoryMB/1024) / CacheMemoryHeadroom
}

// CacheShardsForCPU is how many shards the busiest hour's commands need at
// DataTargetCPU of one core each.
func CacheShardsForCPU(w Work) int {
	peak, _ := DataCores(w)
	return max(1, int(math.Ceil(peak/DataTargetCPU/CacheCoresPerShard-1e-9)))
}
