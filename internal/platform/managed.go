package platform

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Store is a managed data service: a database or cache the provider runs.
// It is offered to databases, caches and queues only (workload.IsData).
type Store interface {
	Platform
	// Engines lists the data engines the service speaks.
	Engines() []string
	// Price sizes the service for w's data load and prices a month of it,
	// with the sentences that explain the sizing; an error-free nil bill
	// with reasons means the service cannot hold the load.
	Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error)
}

// Sizing assumptions for managed instances (docs/managed-services.md#sizing).
const (
	// DataTargetCPU is the busiest hour's CPU share an instance is sized
	// for, leaving headroom for vacuum, checkpoints and failover [U].
	DataTargetCPU = 0.7
	// ReadMissShare is the share of reads that miss the buffer cache and
	// reach storage (Aurora bills those I/Os) [U].
	ReadMissShare = 0.1
	// PostgresBytesPerConnection is RDS for PostgreSQL's default
	// max_connections divisor: LEAST(DBInstanceClassMemory/9531392, 5000).
	PostgresBytesPerConnection = 9531392
	PostgresMaxConnections     = 5000
)

// EngineReasons says why a service that speaks engines cannot hold u.
func EngineReasons(name string, engines []string, u workload.DataUse) []Reason {
	if slices.Contains(engines, u.Engine) {
		return nil
	}
	return []Reason{{Text: fmt.Sprintf("%s speaks %s; this component's engine is %s (data.engine)", name, strings.Join(engines, ", "), u.Engine),
		Source: "docs/managed-services.md"}}
}

// DataCores is the CPU the data load needs at the month's busiest hour and
// on average, in cores: requests × cpu_ms.
func DataCores(w Work) (peak, mean float64) {
	return w.PeakRate() * w.CPUS, w.Rate * w.CPUS
}

// DataBackupGB is the backup storage a retention window keeps: one full
// copy plus each retained day's changes (workload.DefaultDailyChangeShare).
func DataBackupGB(u workload.DataUse) float64 {
	return roundQty(u.StorageGB * (1 + workload.DefaultDailyChangeShare*float64(u.BackupRetentionDays)))
}

// roundQty drops a float quantity's binary noise (4 decimals, as bills show).
func roundQty(x float64) float64 { return math.Round(x*1e4) / 1e4 }

// PostgresConnections is the default max_connections for memGiB of memory.
func PostgresConnections(memGiB float64) int {
	return min(PostgresMaxConnections, int(memGiB*(1<<30)/PostgresBytesPerConnection))
}

// instanceClass is one size a managed instance service sells.
type instanceClass struct {
	Name     string
	VCPU     float64
	MemGiB   float64
	Baseline float64 // burstable classes: the CPU share sustained without credits (0: not burstable)
}

// pickClass returns the cheapest class (by its catalog hourly price at
// prefix+name+".hourly") with the vCPU, memory and connections the load
// needs when one instance carries share of the load's CPU; burstable classes
// only when the mean CPU stays under their baseline. ok is false when none
// is large enough.
func pickClass(cat *catalog.Catalog, prefix string, classes []instanceClass, w Work, u workload.DataUse, allowBurst bool, share float64) (k instanceClass, hourly float64, ok bool) {
	peak, mean := DataCores(w)
	needCPU := peak * share / DataTargetCPU
	needMem := w.C.MemoryMB / 1024
	best, bestPrice, found := instanceClass{}, math.Inf(1), false
	for _, k := range classes {
		if k.VCPU < needCPU || k.MemGiB < needMem {
			continue
		}
		if k.Baseline > 0 && (!allowBurst || mean*share > k.Baseline*k.VCPU) {
			continue
		}
		if u.Relational() && u.Connections > PostgresConnections(k.MemGiB) {
			continue
		}
		e, err := cat.Get(prefix + k.Name + ".hourly")
		if err != nil {
			continue
		}
		if p := e.Float(); p < bestPrice {
			best, bestPrice, found = k, p, true
		}
	}
	return best, bestPrice, found
}

// ReadShare is the share of a data load's operations that are reads.
func ReadShare(u workload.DataUse) float64 {
	if t := u.ReadsPerSec + u.WritesPerSec; t > 0 {
		return u.ReadsPerSec / t
	}
	return workload.DefaultReadShare
}

// InstanceShare is the share of the load's CPU each instance carries when
// readers read replicas spread the reads with the primary: every instance
// applies every write (replication replays them), the reads are split evenly.
func InstanceShare(u workload.DataUse, readers int) float64 {
	r := ReadShare(u)
	return 1 - r + r/float64(readers+1)
}

// sizing is a managed instance service's answer for a load: the class, and
// the read replicas added to it when no class holds the load alone.
type sizing struct {
	Class instanceClass
	// Added is how many read replicas were added to the ones the spec asks
	// for (data.read_replicas), so that the reads fit.
	Added int
}

// sizeInstances picks the class for the whole load on the primary, as
// pickClass does; when none is large enough, it adds read replicas (up to
// maxReplicas in all) and picks the class and count that cost least per
// hour, each instance carrying InstanceShare of the load. ok is false when
// even maxReplicas replicas leave too much on each instance (the writes
// alone are too much, or the working memory is).
func sizeInstances(cat *catalog.Catalog, prefix string, classes []instanceClass, w Work, u workload.DataUse, allowBurst bool, maxReplicas int) (sizing, bool) {
	if k, _, ok := pickClass(cat, prefix, classes, w, u, allowBurst, 1); ok {
		return sizing{Class: k}, true
	}
	primaries := 1.0
	if u.HA {
		primaries = 2
	}
	best, bestCost, found := sizing{}, math.Inf(1), false
	for added := 1; u.ReadReplicas+added <= maxReplicas; added++ {
		k, hourly, ok := pickClass(cat, prefix, classes, w, u, allowBurst, InstanceShare(u, u.ReadReplicas+added))
		if !ok {
			continue
		}
		if c := hourly * (primaries + float64(u.ReadReplicas+added)); c < bestCost-1e-9 {
			best, bestCost, found = sizing{Class: k, Added: added}, c, true
		}
	}
	return best, found
}

// scaleOutReason says why read replicas were added; u counts them.
func scaleOutReason(name string, s sizing, u workload.DataUse, maxReplicas int) Reason {
	return Reason{Text: fmt.Sprintf("no single %s instance holds the busiest hour, so %d read replica(s) were added to spread the reads (%.0f%% of operations): each instance still applies every write and carries %.0f%% of the CPU; %s allows up to %d",
		name, s.Added, ReadShare(u)*100, InstanceShare(u, u.ReadReplicas)*100, name, maxReplicas), Source: "docs/managed-services.md#read-replicas"}
}

// tooBig explains that no class holds the load.
func tooBig(name string, w Work, u workload.DataUse, largest instanceClass, maxReplicas int) []Reason {
	peak, _ := DataCores(w)
	text := fmt.Sprintf("its busiest hour needs %.1f vCPU at %.0f%% and %s GiB of memory; %s's largest class here (%s, %g vCPU, %g GiB) is too small, even with %d read replicas carrying the reads (the writes would need sharding)",
		peak/DataTargetCPU, DataTargetCPU*100, fmtGiB(w.C.MemoryMB/1024), name, largest.Name, largest.VCPU, largest.MemGiB, maxReplicas)
	if u.Connections > 0 && u.Relational() {
		text += fmt.Sprintf(" (or cannot take %d connections)", u.Connections)
	}
	return []Reason{{Text: text, Source: "docs/managed-services.md#sizing"}}
}

// replicaLines names a read replicas' bill's lines as such, to add beside the primary's.
func replicaLines(rep *pricing.Bill) *pricing.Bill {
	for i := range rep.LineItems {
		rep.LineItems[i].Name = "read replicas: " + rep.LineItems[i].Name
	}
	return rep
}

func fmtGiB(g float64) string { return pricing.FormatQty(pricing.Dec(math.Round(g*100) / 100)) }

// sizedReasons explain the class chosen (and the read replicas added); u
// counts the added replicas in ReadReplicas.
func sizedReasons(name string, s sizing, w Work, u workload.DataUse, maxReplicas int) []Reason {
	peak, _ := DataCores(w)
	if s.Added > 0 {
		peak *= InstanceShare(u, u.ReadReplicas)
	}
	ha := "one instance"
	if u.HA {
		ha = "a primary and a standby in another zone"
	}
	k := s.Class
	why := []Reason{{Text: fmt.Sprintf("%s %s (%g vCPU, %g GiB): the smallest that holds %s GiB of working memory and the busiest hour's %.2f vCPU at %.0f%%; %s",
		name, k.Name, k.VCPU, k.MemGiB, fmtGiB(w.C.MemoryMB/1024), peak, DataTargetCPU*100, ha), Source: "docs/managed-services.md#sizing"}}
	if s.Added > 0 {
		why = append(why, scaleOutReason(name, s, u, maxReplicas))
	}
	return why
}
