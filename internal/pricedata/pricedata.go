// Package pricedata loads the embedded price catalog (one YAML file per
// provider and region under data/) and a user's override file. It is the
// adapter between price sheets on disk and catalog.Catalog.
package pricedata

import (
	"embed"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

//go:embed data/*.yaml
var embedded embed.FS

// File is the layout of one price sheet.
type File struct {
	SchemaVersion int    `yaml:"schema_version"`
	Provider      string `yaml:"provider"`
	Region        string `yaml:"region"`
	AsOf          string `yaml:"as_of"`
	Currency      string `yaml:"currency"`
	// Area groups the regions of different providers that a spec's region
	// selects together (docs/cost-model.md#regions).
	Area string `yaml:"area,omitempty"`
	// BaseRegion marks a region sheet: its entries replace the base
	// region's for the ids Regional names there.
	BaseRegion string `yaml:"base_region,omitempty"`
	// Regional (base sheets) are the id patterns that differ by region.
	Regional []string     `yaml:"regional,omitempty"`
	Entries  []sheetEntry `yaml:"entries"`
}

// sheetEntry is catalog.Entry as written in a sheet. Its numbers decode
// through yamlDecimal: goccy/go-yaml's TextUnmarshaler path re-formats the
// node for every value, which made loading the catalog take 200 ms.
type sheetEntry struct {
	ID         string       `yaml:"id"`
	Kind       catalog.Kind `yaml:"kind"`
	Value      yamlDecimal  `yaml:"value"`
	Per        yamlDecimal  `yaml:"per,omitempty"`
	Unit       string       `yaml:"unit"`
	Tiers      []sheetTier  `yaml:"tiers,omitempty"`
	Source     string       `yaml:"source"`
	Retrieved  string       `yaml:"retrieved"`
	Confidence string       `yaml:"confidence,omitempty"`
	Note       string       `yaml:"note,omitempty"`
}

type sheetTier struct {
	UpTo  yamlDecimal `yaml:"up_to"`
	Price yamlDecimal `yaml:"price"`
}

func (e sheetEntry) entry() catalog.Entry {
	out := catalog.Entry{ID: e.ID, Kind: e.Kind, Value: e.Value.d, Per: e.Per.d, Unit: e.Unit, Source: e.Source,
		Retrieved: e.Retrieved, Confidence: e.Confidence, Note: e.Note}
	for _, t := range e.Tiers {
		out.Tiers = append(out.Tiers, catalog.Tier{UpTo: t.UpTo.d, Price: t.Price.d})
	}
	return out
}

// yamlDecimal decodes a YAML number or numeric string exactly. Numbers are
// read as YAML scalars into an interface: integers exactly, and decimals via
// their shortest round-trip representation (every catalog figure has far
// fewer than 15 significant digits).
type yamlDecimal struct{ d decimal.Decimal }

// UnmarshalYAML implements yaml.InterfaceUnmarshaler.
func (y *yamlDecimal) UnmarshalYAML(unmarshal func(any) error) error {
	var v any
	if err := unmarshal(&v); err != nil {
		return err
	}
	switch x := v.(type) {
	case uint64:
		y.d = decimal.NewFromUint64(x)
	case int64:
		y.d = decimal.NewFromInt(x)
	case int:
		y.d = decimal.NewFromInt(int64(x))
	case float64:
		y.d = decimal.NewFromFloat(x)
	case string:
		d, err := decimal.NewFromString(x)
		if err != nil {
			return fmt.Errorf("%q is not a number", x)
		}
		y.d = d
	default:
		return fmt.Errorf("expected a number, got %v", v)
	}
	return nil
}

// Load returns the embedded catalog. The sheets are parsed once per process;
// each call returns its own copy, which Override may change freely.
func Load() (*catalog.Catalog, error) {
	loaded.once.Do(func() { loaded.c, loaded.err = parseEmbedded() })
	if loaded.err != nil {
		return nil, loaded.err
	}
	c := catalog.New(loaded.c.AsOf)
	maps.Copy(c.Entries, loaded.c.Entries)
	c.Regions = loaded.c.Regions // read-only
	return c, nil
}

var loaded struct {
	once sync.Once
	c    *catalog.Catalog
	err  error
}

// parseEmbedded reads every embedded sheet into one catalog. The catalog's
// as-of date is the oldest sheet's, so its age warning errs on the safe side.
func parseEmbedded() (*catalog.Catalog, error) {
	names, err := fs.Glob(embedded, "data/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list embedded price sheets: %w", err)
	}
	sort.Strings(names)
	c := catalog.New("")
	c.Regions = &catalog.Regions{Area: map[string]string{}, Provider: map[string]string{}, Base: map[string]string{},
		Overlays: map[string]map[string]catalog.Entry{}, Regional: map[string][]string{}}
	var overlays []File
	var overlayNames []string
	for _, name := range names {
		b, err := embedded.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read embedded %s: %w", name, err)
		}
		f, err := decodeSheet(path.Base(name), b)
		if err != nil {
			return nil, err
		}
		if f.BaseRegion != "" {
			overlays = append(overlays, f)
			overlayNames = append(overlayNames, path.Base(name))
			continue
		}
		if err := mergeFile(c, path.Base(name), b, f, false); err != nil {
			return nil, err
		}
		if f.Area != "" {
			c.Regions.Area[f.Region], c.Regions.Provider[f.Region] = f.Area, f.Provider
			c.Regions.Base[f.Provider] = f.Region
			c.Regions.Regional[f.Provider] = f.Regional
		}
	}
	for k, f := range overlays {
		if err := addOverlay(c, overlayNames[k], f); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// addOverlay records a region sheet: every entry must replace a regional id
// of its provider's base sheet.
func addOverlay(c *catalog.Catalog, name string, f File) error {
	r := c.Regions
	if r.Base[f.Provider] != f.BaseRegion {
		return fmt.Errorf("price sheet %s: base_region %s is not %s's base region (%s)", name, f.BaseRegion, f.Provider, r.Base[f.Provider])
	}
	if f.Area == "" || f.Area == r.Area[f.BaseRegion] {
		return fmt.Errorf("price sheet %s: a region sheet needs an area other than its base region's", name)
	}
	if _, dup := r.Area[f.Region]; dup {
		return fmt.Errorf("price sheet %s: region %s is already loaded", name, f.Region)
	}
	entries := map[string]catalog.Entry{}
	for _, se := range f.Entries {
		e := se.entry()
		if _, ok := c.Entries[e.ID]; !ok {
			return fmt.Errorf("price sheet %s: %s is not an id of the %s sheet", name, e.ID, f.BaseRegion)
		}
		if !c.IsRegional(f.Provider, e.ID) {
			return fmt.Errorf("price sheet %s: %s is not listed as regional in the %s sheet", name, e.ID, f.BaseRegion)
		}
		if _, dup := entries[e.ID]; dup {
			return fmt.Errorf("price sheet %s: duplicate id %q", name, e.ID)
		}
		if e.Source == "" || e.Retrieved == "" || e.Kind == "" || e.Unit == "" {
			return fmt.Errorf("price sheet %s: %s: kind, unit, source and retrieved are required", name, e.ID)
		}
		e.Provider, e.Region = f.Provider, f.Region
		entries[e.ID] = e
	}
	r.Area[f.Region], r.Provider[f.Region] = f.Area, f.Provider
	r.Overlays[f.Region] = entries
	if f.AsOf < c.AsOf {
		c.AsOf = f.AsOf
	}
	return nil
}

// Override applies a user's price file (same layout; any subset of ids) to c.
// Every entry must name an id the catalog already has; its value, per, tiers,
// unit and source replace the embedded ones.
func Override(c *catalog.Catalog, name string, b []byte) error {
	return merge(c, name, b, true)
}

func merge(c *catalog.Catalog, name string, b []byte, override bool) error {
	f, err := decodeSheet(name, b)
	if err != nil {
		return err
	}
	return mergeFile(c, name, b, f, override)
}

func decodeSheet(name string, b []byte) (File, error) {
	var f File
	if err := yaml.UnmarshalWithOptions(b, &f, yaml.Strict()); err != nil {
		return File{}, errs.E(errs.Invalid, fmt.Errorf("price file %s: %s", name, yaml.FormatError(err, false, true)))
	}
	return f, nil
}

func mergeFile(c *catalog.Catalog, name string, b []byte, f File, override bool) error {
	var ps errs.Problems
	at := func(i int, field string) errs.Position {
		p, err := yaml.PathString(fmt.Sprintf("$.entries[%d].%s", i, field))
		pos := errs.Position{File: name}
		if err != nil {
			return pos
		}
		if n, err := p.ReadNode(strings.NewReader(string(b))); err == nil && n != nil {
			tk := n.GetToken()
			pos.Line, pos.Column = tk.Position.Line, tk.Position.Column
		}
		return pos
	}
	if !override {
		if f.SchemaVersion != 1 {
			ps = append(ps, errs.Problem{Position: errs.Position{File: name}, Field: "schema_version", Message: fmt.Sprintf("got %d, this build reads 1", f.SchemaVersion)})
		}
		if f.AsOf == "" || f.Provider == "" {
			ps = append(ps, errs.Problem{Position: errs.Position{File: name}, Message: "as_of and provider are required"})
		}
	}
	for i, se := range f.Entries {
		e := se.entry()
		if e.ID == "" {
			ps = append(ps, errs.Problem{Position: at(i, "id"), Field: "id", Message: "required"})
			continue
		}
		old, exists := c.Entries[e.ID]
		switch {
		case override && !exists:
			ps = append(ps, errs.Problem{Position: at(i, "id"), Field: "id", Message: fmt.Sprintf("unknown price id %q (see 'fulcrum prices' for the ids)", e.ID)})
			continue
		case !override && exists:
			ps = append(ps, errs.Problem{Position: at(i, "id"), Field: "id", Message: fmt.Sprintf("duplicate id %q (also in %s)", e.ID, old.Provider)})
			continue
		}
		if e.Value.IsNegative() || e.Per.IsNegative() {
			ps = append(ps, errs.Problem{Position: at(i, "value"), Field: e.ID, Message: "value and per must not be negative"})
			continue
		}
		if override {
			old.Value, old.Overridden = e.Value, true
			if !e.Per.IsZero() {
				old.Per = e.Per
			}
			if len(e.Tiers) > 0 {
				old.Tiers = e.Tiers
			} else if len(old.Tiers) > 0 {
				old.Tiers = nil // a flat override replaces tiers
			}
			if e.Source != "" {
				old.Source = e.Source
			} else {
				old.Source = "override: " + name
			}
			if e.Retrieved != "" {
				old.Retrieved = e.Retrieved
			}
			c.Entries[e.ID] = old
			continue
		}
		if e.Source == "" || e.Retrieved == "" || e.Kind == "" || e.Unit == "" {
			ps = append(ps, errs.Problem{Position: at(i, "id"), Field: e.ID, Message: "kind, unit, source and retrieved are required"})
			continue
		}
		e.Provider, e.Region = f.Provider, f.Region
		c.Entries[e.ID] = e
	}
	if err := ps.Err(); err != nil {
		return err
	}
	if !override && (c.AsOf == "" || f.AsOf < c.AsOf) {
		c.AsOf = f.AsOf
	}
	return nil
}
