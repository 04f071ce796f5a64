package cli

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

// loadCatalog loads the embedded catalog, applies the user's override file if
// any, and warns on stderr when the catalog is older than catalog.StaleAfter.
func loadCatalog(st *State, overrideFile string) (*catalog.Catalog, error) {
	c, err := pricedata.Load()
	if err != nil {
		return nil, fmt.Errorf("load price catalog: %w", err)
	}
	if overrideFile != "" {
		b, err := readUserFile(st, overrideFile)
		if err != nil {
			return nil, err
		}
		if err := pricedata.Override(c, overrideFile, b); err != nil {
			return nil, err
		}
	}
	if age, err := c.Age(st.Now()); err == nil && age > catalog.StaleAfter {
		warn(st, "the price catalog is %d days old (as of %s); prices may have changed, override them with --prices FILE", int(age.Hours()/24), c.AsOf)
	}
	return c, nil
}

func renderBill(b *pricing.Bill, markdown bool) string { return report.Bill(b, markdown) }
