package pricing

import (
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// PersistentDisk is block storage for cluster volumes for a month:
// GCP pd-balanced (us-central1) or Azure Standard SSD (East US).
type PersistentDisk struct {
	Provider string // "gcp" or "azure"
	GBMonths float64
	Type     string // "pd-balanced" (gcp default) or "standard-ssd" (azure default)
}

var diskIDs = map[string]map[string]string{
	"gcp":   {"": "gcp.pd.balanced.gb_month", "pd-balanced": "gcp.pd.balanced.gb_month"},
	"azure": {"": "azure.disk.standard_ssd.gb_month", "standard-ssd": "azure.disk.standard_ssd.gb_month"},
}

// Bill prices the usage.
func (x PersistentDisk) Bill(c *catalog.Catalog) (*Bill, error) {
	const name = "persistent-disk"
	if err := checkInputs(name, field{"gb_months", x.GBMonths}); err != nil {
		return nil, err
	}
	types, ok := diskIDs[strings.ToLower(x.Provider)]
	if !ok {
		return nil, invalid(name, "unknown provider %q (valid: gcp, azure)", x.Provider)
	}
	id, ok := types[strings.ToLower(x.Type)]
	if !ok {
		return nil, invalid(name, "unknown %s disk type %q (valid: pd-balanced for gcp, standard-ssd for azure)", x.Provider, x.Type)
	}
	e, err := c.Get(id)
	if err != nil {
		return nil, catalogErr(name, err)
	}
	b := NewBill(name, c)
	label := map[string]string{"gcp": "pd-balanced", "azure": "Standard SSD"}[strings.ToLower(x.Provider)]
	b.Add(label+" storage", Dec(x.GBMonths), "GB-months", e, HalfUp)
	return b, nil
}
