// Package catalog holds the dated, sourced price catalog: every unit price,
// free-tier allowance, platform limit and behavioural default that a number in
// a report depends on. Prices are data, loaded by internal/pricedata; this
// package only defines the types and lookups.
package catalog

import (
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// Kind classifies an entry.
type Kind string

// Entry kinds.
const (
	KindPrice    Kind = "price"    // money per unit
	KindFree     Kind = "free"     // a free-tier allowance, in units
	KindLimit    Kind = "limit"    // a hard platform limit
	KindDefault  Kind = "default"  // a behavioural default (keep-alive, init time…)
	KindAttested Kind = "attested" // a compliance attestation (value 1 = attested)
)

// Tier is one band of a tiered price: Price applies to units above the
// previous tier's UpTo and up to this one's (zero UpTo = unbounded).
type Tier struct {
	UpTo  decimal.Decimal `json:"up_to" yaml:"up_to"`
	Price decimal.Decimal `json:"price" yaml:"price"`
}

// Entry is one catalog figure with its provenance.
type Entry struct {
	ID         string          `json:"id" yaml:"id"`
	Kind       Kind            `json:"kind" yaml:"kind"`
	Value      decimal.Decimal `json:"value" yaml:"value"`
	Per        decimal.Decimal `json:"per,omitempty" yaml:"per,omitempty"`
	Unit       string          `json:"unit" yaml:"unit"`
	Tiers      []Tier          `json:"tiers,omitempty" yaml:"tiers,omitempty"`
	Source     string          `json:"source" yaml:"source"`
	Retrieved  string          `json:"retrieved" yaml:"retrieved"`
	Confidence string          `json:"confidence,omitempty" yaml:"confidence,omitempty"`
	Note       string          `json:"note,omitempty" yaml:"note,omitempty"`
	Provider   string          `json:"provider" yaml:"-"`
	Region     string          `json:"region" yaml:"-"`
	Overridden bool            `json:"overridden,omitempty" yaml:"-"`
}

// UnitPrice is Value divided by Per (Per defaults to 1): the price of one unit.
func (e Entry) UnitPrice() decimal.Decimal {
	if e.Per.IsZero() {
		return e.Value
	}
	return e.Value.Div(e.Per)
}

// Float is the entry's value as a float, for simulation parameters and limits.
func (e Entry) Float() float64 {
	f, _ := e.UnitPrice().Float64()
	return f
}

// Catalog is every entry, keyed by id.
type Catalog struct {
	AsOf    string // YYYY-MM-DD: the oldest as-of date among the loaded files
	Entries map[string]Entry
	// Regions holds the other regions' entries (nil: one region only).
	Regions *Regions
}

// New returns an empty catalog with the given as-of date.
func New(asOf string) *Catalog {
	return &Catalog{AsOf: asOf, Entries: map[string]Entry{}}
}

// Get returns the entry with id, or an error naming it.
func (c *Catalog) Get(id string) (Entry, error) {
	e, ok := c.Entries[id]
	if !ok {
		return Entry{}, fmt.Errorf("catalog has no entry %q", id)
	}
	return e, nil
}

// Lookup starts a batch of reads that reports the first missing id once.
func (c *Catalog) Lookup() *Lookup { return &Lookup{c: c} }

// Lookup reads several entries and remembers the first missing one, so an
// offering can read all its prices and check one error at the end.
type Lookup struct {
	c   *Catalog
	err error
}

// Entry returns the entry with id (zero Entry if missing; see Err).
func (l *Lookup) Entry(id string) Entry {
	e, err := l.c.Get(id)
	if err != nil && l.err == nil {
		l.err = err
	}
	return e
}

// Float returns the entry's value as a float.
func (l *Lookup) Float(id string) float64 { return l.Entry(id).Float() }

// Err is the first missing entry, if any.
func (l *Lookup) Err() error { return l.err }

// IDs returns every entry id, sorted.
func (c *Catalog) IDs() []string {
	ids := make([]string, 0, len(c.Entries))
	for id := range c.Entries {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// Age is how old the catalog is at now (injected clock).
func (c *Catalog) Age(now time.Time) (time.Duration, error) {
	t, err := time.Parse(time.DateOnly, c.AsOf)
	if err != nil {
		return 0, fmt.Errorf("catalog as-of date %q: %w", c.AsOf, err)
	}
	return now.Sub(t), nil
}

// StaleAfter is the age past which the CLI warns that prices may have moved.
const StaleAfter = 180 * 24 * time.Hour

// Tiered splits qty units across e's tiers and returns one band (quantity
// and unit price) per tier touched. Without tiers it is one band at the
// entry's unit price.
func (e Entry) Tiered(qty decimal.Decimal) []Band {
	if len(e.Tiers) == 0 {
		return []Band{{Quantity: qty, UnitPrice: e.UnitPrice()}}
	}
	per := e.Per
	if per.IsZero() {
		per = decimal.NewFromInt(1)
	}
	var bands []Band
	lower := decimal.Zero
	rest := qty
	for _, t := range e.Tiers {
		if !rest.IsPositive() {
			break
		}
		take := rest
		if !t.UpTo.IsZero() {
			width := t.UpTo.Sub(lower)
			if take.GreaterThan(width) {
				take = width
			}
			lower = t.UpTo
		}
		bands = append(bands, Band{Quantity: take, UnitPrice: t.Price.Div(per)})
		rest = rest.Sub(take)
	}
	return bands
}

// Band is the part of a quantity priced at one tier's rate.
type Band struct {
	Quantity  decimal.Decimal
	UnitPrice decimal.Decimal
}

// Scaled is a copy of c in which every entry whose id has a factor, in the
// base sheets and in every region's overlay, has its Value and its tiers'
// prices multiplied by that factor (an uncertainty sample's catalog). c is
// unchanged; the copy shares nothing that it changes.
func (c *Catalog) Scaled(factors map[string]decimal.Decimal) *Catalog {
	out := &Catalog{AsOf: c.AsOf, Entries: make(map[string]Entry, len(c.Entries))}
	for id, e := range c.Entries {
		if f, ok := factors[id]; ok {
			e = e.scaled(f)
		}
		out.Entries[id] = e
	}
	if c.Regions == nil {
		return out
	}
	rg := *c.Regions
	rg.Overlays = make(map[string]map[string]Entry, len(c.Regions.Overlays))
	for region, overlay := range c.Regions.Overlays {
		touched := false
		for id := range overlay {
			if _, ok := factors[id]; ok {
				touched = true
				break
			}
		}
		if !touched {
			rg.Overlays[region] = overlay
			continue
		}
		o := make(map[string]Entry, len(overlay))
		for id, e := range overlay {
			if f, ok := factors[id]; ok {
				e = e.scaled(f)
			}
			o[id] = e
		}
		rg.Overlays[region] = o
	}
	out.Regions = &rg
	return out
}

// scaled is e with its value and tier prices multiplied by f.
func (e Entry) scaled(f decimal.Decimal) Entry {
	e.Value = e.Value.Mul(f)
	if len(e.Tiers) > 0 {
		tiers := make([]Tier, len(e.Tiers))
		for i, t := range e.Tiers {
			tiers[i] = Tier{UpTo: t.UpTo, Price: t.Price.Mul(f)}
		}
		e.Tiers = tiers
	}
	return e
}
