package priceimport

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// gcpSource is the Cloud Billing Catalog API listing of Compute Engine SKUs.
const gcpSource = "https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus"

// gcpSKU is one SKU of a Billing Catalog page.
type gcpSKU struct {
	SkuID       string `json:"skuId"`
	Description string `json:"description"`
	Category    struct {
		ServiceDisplayName string `json:"serviceDisplayName"`
		ResourceFamily     string `json:"resourceFamily"`
		ResourceGroup      string `json:"resourceGroup"`
		UsageType          string `json:"usageType"`
	} `json:"category"`
	ServiceRegions []string `json:"serviceRegions"`
	PricingInfo    []struct {
		EffectiveTime     string `json:"effectiveTime"`
		PricingExpression struct {
			UsageUnit   string `json:"usageUnit"`
			TieredRates []struct {
				StartUsageAmount jsonDecimal `json:"startUsageAmount"`
				UnitPrice        struct {
					CurrencyCode string      `json:"currencyCode"`
					Units        jsonDecimal `json:"units"`
					Nanos        jsonDecimal `json:"nanos"`
				} `json:"unitPrice"`
			} `json:"tieredRates"`
		} `json:"pricingExpression"`
	} `json:"pricingInfo"`
}

// gcpRateKey names a component rate: a family's core or ram, or a GPU kind.
type gcpRateKey struct {
	family, part string // part: core, ram, gpu
	spot         bool
}

type gcpRate struct {
	price decimal.Decimal
	desc  string
	sku   string
	file  string
	date  string
}

type gcpCollector struct {
	region  string
	opt     Options
	rates   map[gcpRateKey]gcpRate
	dropped map[string]int
	notes   []string
	date    string // of the file being read
}

func newGCPCollector(region string, opt Options) *gcpCollector {
	return &gcpCollector{region: region, opt: opt, rates: map[gcpRateKey]gcpRate{}, dropped: map[string]int{}}
}

// read streams one page: {"skus": [...], "nextPageToken": "..."}. The date
// is the newest effectiveTime of the rates read (the Catalog API stamps
// the time of the listing), or "" when none.
func (c *gcpCollector) read(name string, r io.Reader) (string, error) {
	var page []gcpRateKey
	date := ""
	file := filepath.Base(name)
	err := eachOf(newJSONStream(name, r), "Billing Catalog page", "skus", func(sku gcpSKU) {
		if key, d, ok := c.sku(file, &sku); ok {
			page = append(page, key)
			if d > date {
				date = d
			}
		}
	})
	if err != nil {
		return "", err
	}
	if date == "" {
		date = c.opt.Retrieved
	}
	for _, k := range page {
		r := c.rates[k]
		if r.date == "" {
			r.date = date
			c.rates[k] = r
		}
	}
	return date, nil
}

// part matches a SKU description (without its Spot/Preemptible prefix) to
// a family's core or ram, or a GPU kind.
func gcpPart(desc string) (family, part string, ok bool) {
	for fam, f := range gcpFamilies {
		if strings.HasPrefix(desc, f.core+" running in ") {
			return fam, "core", true
		}
		if strings.HasPrefix(desc, f.ram+" running in ") {
			return fam, "ram", true
		}
	}
	for kind, d := range gcpGPUs {
		if strings.HasPrefix(desc, d+" running in ") {
			return kind, "gpu", true
		}
	}
	return "", "", false
}

// sku files one SKU's rate; it returns the rate's key and effective date.
func (c *gcpCollector) sku(file string, s *gcpSKU) (gcpRateKey, string, bool) {
	desc := s.Description
	spot := false
	switch s.Category.UsageType {
	case "OnDemand":
	case "Preemptible":
		spot = true
		desc = strings.TrimPrefix(strings.TrimPrefix(desc, "Spot "), "Preemptible ")
	default:
		c.dropped[dropUsageType]++
		return gcpRateKey{}, "", false
	}
	fam, part, ok := gcpPart(desc)
	switch {
	case s.Category.ServiceDisplayName != "Compute Engine" || !ok:
		c.dropped[dropOther]++
		return gcpRateKey{}, "", false
	case !slices.Contains(s.ServiceRegions, c.region):
		c.dropped[dropRegion]++
		return gcpRateKey{}, "", false
	case spot && !c.opt.Spot:
		c.dropped[dropPreemptAll]++
		return gcpRateKey{}, "", false
	case len(s.PricingInfo) == 0 || len(s.PricingInfo[0].PricingExpression.TieredRates) == 0:
		c.dropped[dropNoPrice]++
		return gcpRateKey{}, "", false
	}
	pi := s.PricingInfo[len(s.PricingInfo)-1]
	wantUnit := "h"
	if part == "ram" {
		wantUnit = "GiBy.h"
	}
	if pi.PricingExpression.UsageUnit != wantUnit {
		c.dropped[dropNotHourly]++
		return gcpRateKey{}, "", false
	}
	// The rate from zero usage (GCE SKUs have one tier).
	tr := pi.PricingExpression.TieredRates[0]
	for _, t := range pi.PricingExpression.TieredRates {
		if t.StartUsageAmount.d.IsZero() {
			tr = t
			break
		}
	}
	if tr.UnitPrice.CurrencyCode != "USD" {
		c.dropped[dropCurrency]++
		return gcpRateKey{}, "", false
	}
	price := tr.UnitPrice.Units.d.Add(tr.UnitPrice.Nanos.d.Shift(-9))
	key := gcpRateKey{family: fam, part: part, spot: spot}
	if old, dup := c.rates[key]; dup {
		if !old.price.Equal(price) {
			c.notes = append(c.notes, fmt.Sprintf("%q: two SKUs (%s, %s) with different rates (%s, %s); kept the first", desc, old.sku, s.SkuID, old.price, price))
		}
		c.dropped[dropDuplicate]++
		return gcpRateKey{}, "", false
	}
	c.rates[key] = gcpRate{price: price, desc: s.Description, sku: s.SkuID, file: file}
	return key, dateOf(pi.EffectiveTime), true
}

func (c *gcpCollector) finish(s *Sheet) {
	partial := map[string]bool{}
	for _, sh := range gcpShapes() {
		for _, spot := range []bool{false, true} {
			if spot && !c.opt.Spot {
				continue
			}
			core, okc := c.rates[gcpRateKey{sh.family, "core", spot}]
			ram, okr := c.rates[gcpRateKey{sh.family, "ram", spot}]
			if !okc && !okr {
				continue // the files do not price this family
			}
			what := sh.family
			if spot {
				what += " Spot"
			}
			if okc != okr {
				partial[what] = true
				continue
			}
			var gpu gcpRate
			if sh.gpus > 0 {
				g, ok := c.rates[gcpRateKey{sh.gpuKind, "gpu", spot}]
				if !ok {
					partial[what+" with "+sh.gpuKind] = true
					continue
				}
				gpu = g
			}
			known := c.opt.Known("gcp.gce." + sh.name + ".hourly")
			switch {
			case known:
			case sh.prevGen && !c.opt.PreviousGeneration:
				if !spot {
					c.dropped[dropPrevGen]++
				}
				continue
			case !vcpuSizeOK(float64(sh.vcpu), c.opt.MinSize):
				if !spot {
					c.dropped[dropSize]++
				}
				continue
			case !sh.class.keptBy(c.opt.Families):
				if !spot {
					c.dropped[dropFamily]++
				}
				continue
			}
			s.Entries = append(s.Entries, c.entries(sh, spot, core, ram, gpu)...)
		}
	}
	for _, f := range sortedKeys(partial) {
		s.Notes = append(s.Notes, fmt.Sprintf("%s: the files price only some of its components (core, ram, GPU); no machine types derived from it", f))
	}
	s.Notes = append(s.Notes, c.notes...)
	for k, v := range c.dropped {
		s.Dropped[k] += v
	}
}

func (c *gcpCollector) entries(sh gcpShape, spot bool, core, ram, gpu gcpRate) []catalog.Entry {
	pre := "gcp.gce." + sh.name + "."
	vcpu := decimal.NewFromInt(int64(sh.vcpu))
	mem := decimal.NewFromFloat(sh.memGiB)
	hourly := vcpu.Mul(core.price).Add(mem.Mul(ram.price))
	how := fmt.Sprintf("%s vCPU x $%s (%q) + %s GiB x $%s (%q)", vcpu, core.price, core.desc, mem, ram.price, ram.desc)
	date := older(core.date, ram.date)
	if sh.gpus > 0 {
		hourly = hourly.Add(decimal.NewFromInt(int64(sh.gpus)).Mul(gpu.price))
		how += fmt.Sprintf(" + %d x $%s (%q)", sh.gpus, gpu.price, gpu.desc)
		date = older(date, gpu.date)
	}
	id, what := "hourly", "on-demand"
	if spot {
		id, what = "spot_hourly", "Spot"
	}
	price := catalog.Entry{ID: pre + id, Kind: catalog.KindPrice, Value: hourly, Unit: "instance-hour", Source: gcpSource,
		Retrieved: date, Confidence: "O", Note: fmt.Sprintf("%s: %s, derived from the per-vCPU and per-GiB rates: %s", core.file, what, how)}
	if spot {
		return []catalog.Entry{price}
	}
	spec := func(suffix, unit string, v decimal.Decimal) catalog.Entry {
		return catalog.Entry{ID: pre + suffix, Kind: catalog.KindLimit, Value: v, Unit: unit, Source: gcpShapeSource,
			Retrieved: shapeTableDate, Confidence: "O", Note: "not in the Billing Catalog: fulcrum's machine-shape table (docs/catalog-import.md)"}
	}
	out := []catalog.Entry{price,
		spec("vcpu", "vCPU", vcpu), spec("memory_gib", "GiB", mem), spec("gpus", "GPU", decimal.NewFromInt(int64(sh.gpus)))}
	if e, ok := c.opt.DefaultMaxPods[GCP]; ok {
		out = append(out, defaultMaxPods(pre, e))
	}
	return out
}

func older(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}
