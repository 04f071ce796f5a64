package pricing

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// DiskSnapshot is a month of block-storage snapshots on a cloud (aws, gcp
// or azure): the backups of a database run on a volume of its own (a
// Fargate task's or a StatefulSet's), kept like a managed service's.
type DiskSnapshot struct {
	Provider string
	GBMonths float64
}

var snapshotIDs = map[string]string{"aws": "aws.ebs.snapshot.gb_month", "gcp": "gcp.pd.snapshot.gb_month", "azure": "azure.disk.snapshot.gb_month"}

// Bill prices the month.
func (x DiskSnapshot) Bill(c *catalog.Catalog) (*Bill, error) {
	id, ok := snapshotIDs[x.Provider]
	if !ok {
		return nil, fmt.Errorf("disk snapshots: unknown provider %q (valid: aws, gcp, azure)", x.Provider)
	}
	return metered(c, "disk-snapshot", "gb_months", id, "Volume snapshots (backups)", "GB-month", x.GBMonths)
}
