package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Firestore is Firestore in Native mode for a document database: document
// reads and writes, stored data. Replicated across zones by design.
type Firestore struct{}

var _ = register(Firestore{})

// FirestoreMaxKB is Firestore's largest document (1 MiB; cloud.google.com/firestore/quotas).
const FirestoreMaxKB = 1048

// Info describes the platform.
func (Firestore) Info() Info {
	return Info{ID: workload.PlatformFirestore, Name: "Firestore", Cloud: "gcp", Kind: Managed, Billing: PerRequest,
		RegionNote: "runs in one Google Cloud region, across zones", Source: "https://cloud.google.com/firestore/pricing"}
}

// Concurrency is not a managed service's concern.
func (Firestore) Concurrency(Work) int { return 0 }

// Engines: a document API.
func (Firestore) Engines() []string { return []string{workload.EngineDocument} }

// Price meters the month.
func (f Firestore) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Firestore", f.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > FirestoreMaxKB {
		return nil, []Reason{{Text: fmt.Sprintf("its documents are %g KB; Firestore's largest is 1 MiB", u.ItemKB), Source: f.Info().Source}}, nil
	}
	seconds := w.Hours * 3600
	b, err := pricing.Firestore{Reads: math.Round(u.ReadsPerSec * seconds), Writes: math.Round(u.WritesPerSec * seconds),
		StorageGiB: roundQty(u.StorageGB * 1e9 / (1 << 30)), FreeTier: w.FreeTier}.Bill(cat)
	return b, []Reason{{Text: "Firestore bills each document read and write whatever its size (a query bills one read per document returned), and the stored data; replicated across zones with no standby to buy",
		Source: "docs/managed-services.md#document-databases"}}, err
}
