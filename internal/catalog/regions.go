package catalog

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
)

// Regions is what the catalog knows about regions: the base sheets' regions
// (whose entries are the catalog's Entries) and, for each other region, the
// entries that replace the base ones there. Regions of different providers
// that lie in one area (north-america: us-east-1, us-central1, eastus;
// europe: eu-west-1, europe-west1, westeurope) are selected together.
type Regions struct {
	// Area of each region the sheets name.
	Area map[string]string
	// Provider of each region.
	Provider map[string]string
	// Base is each provider's base region (the sheet the Entries come from).
	Base map[string]string
	// Overlays are each non-base region's entries, by id.
	Overlays map[string]map[string]Entry
	// Regional are each provider's id patterns (path.Match syntax) that
	// differ by region: in another area such an id takes the region's
	// entry, or is absent (a node type not offered there).
	Regional map[string][]string
}

// UnknownRegionError is a region the catalog has no prices for.
type UnknownRegionError struct {
	Region string
	Valid  []string
}

func (e *UnknownRegionError) Error() string {
	return fmt.Sprintf("no prices for region %q (valid: %s)", e.Region, strings.Join(e.Valid, ", "))
}

// RegionNames lists every region the catalog has prices for, sorted.
func (c *Catalog) RegionNames() []string {
	if c.Regions == nil {
		return nil
	}
	names := slices.Collect(maps.Keys(c.Regions.Area))
	sort.Strings(names)
	return names
}

// AreaOf is the area a region lies in ("" if unknown).
func (c *Catalog) AreaOf(region string) string {
	if c.Regions == nil {
		return ""
	}
	return c.Regions.Area[region]
}

// RegionsIn maps each provider to its region in region's area.
func (c *Catalog) RegionsIn(region string) map[string]string {
	out := map[string]string{}
	area := c.AreaOf(region)
	if area == "" {
		return out
	}
	for r, a := range c.Regions.Area {
		if a == area {
			out[c.Regions.Provider[r]] = r
		}
	}
	return out
}

// InRegion is the catalog as it prices things in region and the other
// providers' regions of its area: each provider's regional ids take that
// region's entries (an id the region has no entry for is left out: a node
// type not offered there); every other id is the base region's. An entry a
// user's price file overrode keeps the override. A catalog without region
// data, or a region of the base area, is returned as it is.
func (c *Catalog) InRegion(region string) (*Catalog, error) {
	if c.Regions == nil {
		return c, nil
	}
	area, ok := c.Regions.Area[region]
	if !ok {
		return nil, &UnknownRegionError{Region: region, Valid: c.RegionNames()}
	}
	changes := false
	for _, base := range c.Regions.Base {
		changes = changes || c.Regions.Area[base] != area
	}
	if !changes {
		return c, nil
	}
	out := &Catalog{AsOf: c.AsOf, Entries: make(map[string]Entry, len(c.Entries)), Regions: c.Regions}
	maps.Copy(out.Entries, c.Entries)
	for prov, base := range c.Regions.Base {
		if c.Regions.Area[base] == area {
			continue
		}
		there := c.RegionsIn(region)[prov]
		overlay := c.Regions.Overlays[there]
		pats := c.Regions.Regional[prov]
		for id, e := range c.Entries {
			if e.Overridden || !matchAny(pats, id) {
				continue
			}
			if o, ok := overlay[id]; ok {
				out.Entries[id] = o
			} else {
				delete(out.Entries, id)
			}
		}
		for id, o := range overlay {
			if old, ok := c.Entries[id]; !ok || !old.Overridden {
				out.Entries[id] = o
			}
		}
	}
	return out, nil
}

// IsRegional reports whether id differs by region for its provider.
func (c *Catalog) IsRegional(provider, id string) bool {
	return c.Regions != nil && matchAny(c.Regions.Regional[provider], id)
}

func matchAny(pats []string, id string) bool {
	for _, p := range pats {
		if ok, _ := path.Match(p, id); ok {
			return true
		}
	}
	return false
}
