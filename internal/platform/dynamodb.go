package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// DynamoDB is Amazon DynamoDB for a document or key-value table: on-demand
// (request units) or provisioned capacity (capacity units held each hour,
// as auto scaling sets them), whichever costs less for the load; storage
// and point-in-time recovery. Replicated across three zones by design.
type DynamoDB struct{}

var _ = register(DynamoDB{})

// DynamoDB's rules (aws.amazon.com/dynamodb/pricing/provisioned: key terms;
// docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
const (
	DynamoDBReadKB   = 4   // one read request unit reads up to 4 KB
	DynamoDBWriteKB  = 1   // one write request unit writes up to 1 KB
	DynamoDBMaxKB    = 400 // the largest item
	DynamoDBEventual = 0.5 // an eventually consistent read (the default) costs half a unit
	// DynamoDBTargetUse is the auto-scaling target utilisation a
	// provisioned table is priced at (the console's default, 70 %).
	DynamoDBTargetUse = 0.7
)

// Info describes the platform.
func (DynamoDB) Info() Info {
	return Info{ID: workload.PlatformDynamoDB, Name: "Amazon DynamoDB", Cloud: "aws", Kind: Managed, Billing: PerRequest,
		RegionNote: "runs in one AWS Region, across three zones", Source: "https://aws.amazon.com/dynamodb/pricing/"}
}

// Concurrency is not a managed service's concern.
func (DynamoDB) Concurrency(Work) int { return 0 }

// Engines: a document or key-value API.
func (DynamoDB) Engines() []string { return []string{workload.EngineDocument} }

// Price prices on-demand and provisioned capacity and keeps the cheaper.
func (d DynamoDB) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("DynamoDB", d.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > DynamoDBMaxKB {
		return nil, []Reason{{Text: fmt.Sprintf("its items are %g KB; DynamoDB's largest is %d KB", u.ItemKB, DynamoDBMaxKB), Source: d.Info().Source}}, nil
	}
	rru := DynamoDBEventual * math.Ceil(u.ItemKB/DynamoDBReadKB-1e-9)
	wru := math.Ceil(u.ItemKB/DynamoDBWriteKB - 1e-9)
	seconds := w.Hours * 3600
	backup := 0.0
	if u.BackupRetentionDays > 0 {
		backup = u.StorageGB
	}
	onDemand, err := pricing.DynamoDB{ReadRequestUnits: math.Round(u.ReadsPerSec * seconds * rru), WriteRequestUnits: math.Round(u.WritesPerSec * seconds * wru),
		StorageGB: u.StorageGB, FreeTier: w.FreeTier}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	if backup > 0 {
		pitr, err := pricing.DynamoDBBackup{GB: backup}.Bill(cat)
		if err != nil {
			return nil, nil, err
		}
		onDemand.AddBill(pitr)
	}
	rcuH, wcuH := 0.0, 0.0
	for _, f := range w.HourlyPeaks() {
		rcuH += math.Max(1, math.Ceil(u.ReadsPerSec*f*rru/DynamoDBTargetUse-1e-9))
		wcuH += math.Max(1, math.Ceil(u.WritesPerSec*f*wru/DynamoDBTargetUse-1e-9))
	}
	prov, err := pricing.DynamoDBProvisioned{RCUHours: rcuH, WCUHours: wcuH, StorageGB: u.StorageGB, BackupGB: backup, FreeTier: w.FreeTier}.Bill(cat)
	if err != nil {
		return nil, nil, err
	}
	units := fmt.Sprintf("%g read request unit(s) per read (eventually consistent, %g KB items) and %g write unit(s) per write", rru, u.ItemKB, wru)
	if prov.Total.LessThan(onDemand.Total) {
		return prov, []Reason{{Text: fmt.Sprintf("DynamoDB provisioned capacity, auto-scaled each hour to its busiest minute at %.0f%% use: %s; cheaper than on-demand (%s)",
			DynamoDBTargetUse*100, units, pricing.FormatUSD(onDemand.Total)), Source: "docs/managed-services.md#dynamodb"}}, nil
	}
	return onDemand, []Reason{{Text: fmt.Sprintf("DynamoDB on-demand: %s; cheaper than provisioned capacity auto-scaled at %.0f%% (%s)",
		units, DynamoDBTargetUse*100, pricing.FormatUSD(prov.Total)), Source: "docs/managed-services.md#dynamodb"}}, nil
}
