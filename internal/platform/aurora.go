package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AuroraServerless is Amazon Aurora Serverless v2 (Aurora Standard): the
// writer's capacity follows the load hour by hour in 0.5-ACU steps, a
// reader in another zone for high availability follows it too, and the
// cluster volume is billed once, with its I/Os.
type AuroraServerless struct{}

var _ = register(AuroraServerless{})

// Aurora Serverless v2 capacity facts
// (docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2.how-it-works.html).
const (
	AuroraMinACU     = 0.5
	AuroraMaxACU     = 256
	AuroraACUStep    = 0.5
	AuroraGiBPerACU  = 2
	AuroraVCPUPerACU = 0.25 // an 8-ACU writer matches a db.r6g.large's 2 vCPU and 16 GiB [U]
)

// Info describes the platform.
func (AuroraServerless) Info() Info {
	return Info{ID: workload.PlatformAuroraServerless, Name: "Aurora Serverless v2", Cloud: "aws", Kind: Managed, Billing: Capacity,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/rds/aurora/pricing/"}
}

// Concurrency is not a managed service's concern.
func (AuroraServerless) Concurrency(Work) int { return 0 }

// Engines: PostgreSQL- and MySQL-compatible.
func (AuroraServerless) Engines() []string {
	return []string{workload.EnginePostgres, workload.EngineMySQL}
}

// Price follows the load and prices the month.
func (a AuroraServerless) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Aurora Serverless v2", a.Engines(), u); why != nil {
		return nil, why, nil
	}
	acuHours, peakACU := AuroraACUHours(w)
	if peakACU > AuroraMaxACU {
		return nil, []Reason{{Text: fmt.Sprintf("its busiest hour needs %.0f ACUs; Aurora Serverless v2 scales to %d", peakACU, AuroraMaxACU), Source: a.Info().Source}}, nil
	}
	copies := 1 + u.ReadReplicas
	if u.HA {
		copies++
	}
	seconds := w.Hours * 3600
	io := math.Round((u.WritesPerSec + u.ReadsPerSec*ReadMissShare) * seconds)
	b, err := pricing.AuroraServerless{ACUHours: acuHours * float64(copies), StorageGB: u.StorageGB, IORequests: io, BackupGB: DataBackupGB(u)}.Bill(cat)
	why := []Reason{{Text: fmt.Sprintf("Aurora Serverless v2 follows the load: %.0f ACU-hours a month for each of %d instance(s), %.1f ACUs at the busiest hour, never below %g ACUs for %s GiB of working memory (1 ACU ≈ %d GiB, %g vCPU); %.0f%% of reads assumed to miss the cache and bill an I/O",
		acuHours, copies, peakACU, auroraFloor(w), fmtGiB(w.C.MemoryMB/1024), AuroraGiBPerACU, AuroraVCPUPerACU, ReadMissShare*100), Source: "docs/managed-services.md#aurora"}}
	return b, why, err
}

func auroraFloor(w Work) float64 {
	return math.Max(AuroraMinACU, math.Ceil(w.C.MemoryMB/1024/AuroraGiBPerACU/AuroraACUStep)*AuroraACUStep)
}

// AuroraACUHours is one instance's ACU-hours over the month and its
// busiest hour's ACUs: each hour the CPU of its busiest minute at
// DataTargetCPU, rounded up to the 0.5-ACU step, never below the memory floor.
func AuroraACUHours(w Work) (acuHours, peak float64) {
	peaks := w.HourlyPeaks()
	floor := auroraFloor(w)
	for _, f := range peaks {
		cores := w.Rate * f * w.CPUS / DataTargetCPU
		acu := math.Max(floor, math.Ceil(cores/AuroraVCPUPerACU/AuroraACUStep-1e-9)*AuroraACUStep)
		acuHours += acu
		peak = math.Max(peak, acu)
	}
	if len(peaks) > 0 {
		acuHours *= w.Hours / float64(len(peaks))
	}
	return acuHours, peak
}
