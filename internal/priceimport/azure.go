package priceimport

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// azureSource is the API the pages come from.
const azureSource = "https://prices.azure.com/api/retail/prices"

// shapeTableDate is when the Azure and GCE shape tables were last checked.
const shapeTableDate = "2026-11-26"

// azureItem is one record of a Retail Prices API page.
type azureItem struct {
	CurrencyCode         string      `json:"currencyCode"`
	RetailPrice          jsonDecimal `json:"retailPrice"`
	UnitPrice            jsonDecimal `json:"unitPrice"`
	ArmRegionName        string      `json:"armRegionName"`
	Location             string      `json:"location"`
	EffectiveStartDate   string      `json:"effectiveStartDate"`
	MeterID              string      `json:"meterId"`
	MeterName            string      `json:"meterName"`
	ProductName          string      `json:"productName"`
	SkuName              string      `json:"skuName"`
	ServiceName          string      `json:"serviceName"`
	UnitOfMeasure        string      `json:"unitOfMeasure"`
	Type                 string      `json:"type"`
	IsPrimaryMeterRegion *bool       `json:"isPrimaryMeterRegion"`
	ArmSkuName           string      `json:"armSkuName"`
}

type azureVM struct {
	name     string
	shape    shape
	ondemand *azurePrice
	spot     *azurePrice
}

type azurePrice struct {
	file    string
	value   decimal.Decimal
	item    azureItem
	primary bool
}

type azureCollector struct {
	region  string
	opt     Options
	vms     map[string]*azureVM
	dropped map[string]int
	notes   []string
}

func newAzureCollector(region string, opt Options) *azureCollector {
	return &azureCollector{region: region, opt: opt, vms: map[string]*azureVM{}, dropped: map[string]int{}}
}

// read streams one page: {"BillingCurrency", ..., "Items": [...], "NextPageLink", "Count"}.
// Azure pages carry no publication date; it returns "".
func (c *azureCollector) read(name string, r io.Reader) (string, error) {
	file := filepath.Base(name)
	return "", eachOf(newJSONStream(name, r), "Retail Prices page", "Items", func(it azureItem) { c.item(file, it) })
}

func (c *azureCollector) item(file string, it azureItem) {
	spot := strings.HasSuffix(it.SkuName, " Spot") || strings.HasSuffix(it.MeterName, " Spot")
	switch {
	case it.ServiceName != "Virtual Machines":
		c.dropped[dropOther]++
		return
	case it.ArmRegionName != c.region:
		c.dropped[dropRegion]++
		return
	case it.Type != "Consumption":
		c.dropped[dropUsageType]++
		return
	case strings.Contains(it.ProductName, "Windows"):
		c.dropped[dropWindows]++
		return
	case strings.HasSuffix(it.SkuName, " Low Priority") || strings.HasSuffix(it.MeterName, " Low Priority"):
		c.dropped[dropLowPrio]++
		return
	case spot && !c.opt.Spot:
		c.dropped[dropSpot]++
		return
	case it.UnitOfMeasure != "1 Hour":
		c.dropped[dropNotHourly]++
		return
	case it.CurrencyCode != "USD":
		c.dropped[dropCurrency]++
		return
	}
	sh, ok := azureShapeFor(it.ArmSkuName)
	if !ok {
		c.dropped[dropShape]++
		return
	}
	known := c.opt.Known("azure.vm." + it.ArmSkuName + ".hourly")
	switch {
	case known:
	case sh.prevGen && !c.opt.PreviousGeneration:
		c.dropped[dropPrevGen]++
		return
	case !vcpuSizeOK(float64(sh.vcpu), c.opt.MinSize):
		c.dropped[dropSize]++
		return
	case !sh.class.keptBy(c.opt.Families):
		c.dropped[dropFamily]++
		return
	}
	if !it.RetailPrice.set {
		c.dropped[dropNoPrice]++
		return
	}
	v := it.RetailPrice.d
	vm := c.vms[it.ArmSkuName]
	if vm == nil {
		vm = &azureVM{name: it.ArmSkuName, shape: sh}
		c.vms[it.ArmSkuName] = vm
	}
	p := &azurePrice{file: file, value: v, item: it, primary: it.IsPrimaryMeterRegion == nil || *it.IsPrimaryMeterRegion}
	slot := &vm.ondemand
	if spot {
		slot = &vm.spot
	}
	switch old := *slot; {
	case old == nil:
		*slot = p
	case !old.primary && p.primary:
		*slot = p
		c.dropped[dropDuplicate]++
	default:
		if old.primary == p.primary && !old.value.Equal(p.value) {
			c.notes = append(c.notes, fmt.Sprintf("%s: two prices (%s, meter %s; %s, meter %s); kept the first", it.ArmSkuName, old.value, old.item.MeterID, p.value, it.MeterID))
		}
		c.dropped[dropDuplicate]++
	}
}

func (c *azureCollector) finish(s *Sheet) {
	for _, name := range sortedKeys(c.vms) {
		vm := c.vms[name]
		if vm.ondemand == nil {
			c.dropped[dropNoPrice]++
			continue
		}
		s.Entries = append(s.Entries, c.entries(vm, s.AsOf)...)
	}
	s.Notes = append(s.Notes, c.notes...)
	for k, v := range c.dropped {
		s.Dropped[k] += v
	}
}

func (c *azureCollector) entries(vm *azureVM, date string) []catalog.Entry {
	pre := "azure.vm." + vm.name + "."
	price := func(suffix string, p *azurePrice, what string) catalog.Entry {
		return catalog.Entry{ID: pre + suffix, Kind: catalog.KindPrice, Value: p.value, Unit: "instance-hour", Source: azureSource,
			Retrieved: date, Confidence: "O",
			Note: fmt.Sprintf("%s: %s, meter %q of %q (meterId %s), effective %s", p.file, what, p.item.MeterName, p.item.ProductName, p.item.MeterID, dateOf(p.item.EffectiveStartDate))}
	}
	spec := func(suffix, unit string, v decimal.Decimal) catalog.Entry {
		return catalog.Entry{ID: pre + suffix, Kind: catalog.KindLimit, Value: v, Unit: unit, Source: azureShapeSource,
			Retrieved: shapeTableDate, Confidence: "O", Note: "not in the Retail Prices API: fulcrum's shape table (docs/catalog-import.md)"}
	}
	out := []catalog.Entry{price("hourly", vm.ondemand, "Linux pay-as-you-go")}
	if vm.spot != nil {
		out = append(out, price("spot_hourly", vm.spot, "Linux Spot"))
	}
	out = append(out,
		spec("vcpu", "vCPU", decimal.NewFromInt(int64(vm.shape.vcpu))),
		spec("memory_gib", "GiB", decimal.NewFromFloat(vm.shape.memGiB)),
		spec("gpus", "GPU", decimal.NewFromInt(int64(vm.shape.gpus))))
	if e, ok := c.opt.DefaultMaxPods[Azure]; ok {
		out = append(out, defaultMaxPods(pre, e))
	}
	return out
}

// defaultMaxPods copies the catalog's default-rule entry to one node type.
func defaultMaxPods(pre string, e catalog.Entry) catalog.Entry {
	note := "not in the providers' price files: the catalog's default rule " + e.ID
	if e.Note != "" {
		note += " (" + e.Note + ")"
	}
	return catalog.Entry{ID: pre + "max_pods", Kind: catalog.KindLimit, Value: e.Value, Unit: "pod", Source: e.Source,
		Retrieved: e.Retrieved, Confidence: e.Confidence, Note: note}
}
