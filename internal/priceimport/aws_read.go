package priceimport

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// readJSON streams an offer file: the header strings, then "products"
// (each product is decoded alone and kept only if it passes the filters),
// then "terms" (the OnDemand terms of kept SKUs are decoded; every other
// SKU's terms, and the whole Reserved section, are skipped one SKU at a
// time). It returns the publication date.
func (c *awsCollector) readJSON(name string, r io.Reader) (string, error) {
	s := newJSONStream(name, r)
	f := &awsFile{name: name, ext: "json"}
	if err := s.delim('{', "offer file"); err != nil {
		return "", err
	}
	sawProducts := false
	for {
		k, ok, err := s.key()
		if err != nil {
			return "", err
		}
		if !ok {
			break
		}
		switch k {
		case "offerCode", "version", "publicationDate":
			var v string
			if err := s.decode(&v); err != nil {
				return "", err
			}
			switch k {
			case "offerCode":
				f.offer = v
			case "version":
				f.version = v
			default:
				f.date = dateOf(v)
			}
		case "products":
			sawProducts = true
			if err := c.readProducts(s, f); err != nil {
				return "", err
			}
		case "terms":
			if err := c.readTerms(s); err != nil {
				return "", err
			}
		default:
			if err := s.skip(); err != nil {
				return "", err
			}
		}
	}
	if err := s.end(); err != nil {
		return "", err
	}
	if !sawProducts {
		return "", errs.Problems{{Position: errs.Position{File: name}, Message: "no \"products\" in the offer file"}}.Err()
	}
	if f.date == "" {
		return "", errs.Problems{{Position: errs.Position{File: name}, Message: "no \"publicationDate\" in the offer file"}}.Err()
	}
	return f.date, nil
}

func (c *awsCollector) readProducts(s *jsonStream, f *awsFile) error {
	if err := s.delim('{', "products"); err != nil {
		return err
	}
	for {
		sku, ok, err := s.key()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		var p awsProduct
		if err := s.decode(&p); err != nil {
			return err
		}
		if p.SKU == "" {
			p.SKU = sku
		}
		k, why := c.classify(&p, f)
		if why != "" {
			c.dropped[why]++
			continue
		}
		c.keep[p.SKU] = k
	}
}

func (c *awsCollector) readTerms(s *jsonStream) error {
	if err := s.delim('{', "terms"); err != nil {
		return err
	}
	for {
		kind, ok, err := s.key()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if kind != "OnDemand" {
			if err := s.skip(); err != nil {
				return err
			}
			continue
		}
		if err := s.delim('{', "terms.OnDemand"); err != nil {
			return err
		}
		for {
			sku, ok, err := s.key()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			k, kept := c.keep[sku]
			if !kept {
				if err := s.decode(&skipper{}); err != nil {
					return err
				}
				continue
			}
			var terms map[string]awsTerm
			if err := s.decode(&terms); err != nil {
				return err
			}
			var dims []awsDim
			for _, t := range sortedKeys(terms) {
				for _, rc := range sortedKeys(terms[t].PriceDimensions) {
					dims = append(dims, terms[t].PriceDimensions[rc])
				}
			}
			c.onDemand(k, dims)
			delete(c.keep, sku)
		}
	}
	// Products kept but without an on-demand term.
	if len(c.keep) > 0 {
		c.dropped[dropNoPrice] += len(c.keep)
	}
	clear(c.keep)
	return nil
}

// dateOf is the YYYY-MM-DD part of a timestamp.
func dateOf(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}

// csvColumns are the CSV header names the reader uses, normalised by
// normCol, with the struct field each fills.
var csvColumns = map[string]func(p *awsProduct) *string{
	"sku":               func(p *awsProduct) *string { return &p.SKU },
	"productfamily":     func(p *awsProduct) *string { return &p.ProductFamily },
	"instancetype":      func(p *awsProduct) *string { return &p.Attributes.InstanceType },
	"vcpu":              func(p *awsProduct) *string { return &p.Attributes.VCPU },
	"memory":            func(p *awsProduct) *string { return &p.Attributes.Memory },
	"gpu":               func(p *awsProduct) *string { return &p.Attributes.GPU },
	"operatingsystem":   func(p *awsProduct) *string { return &p.Attributes.OperatingSystem },
	"tenancy":           func(p *awsProduct) *string { return &p.Attributes.Tenancy },
	"preinstalledsw":    func(p *awsProduct) *string { return &p.Attributes.PreInstalledSw },
	"capacitystatus":    func(p *awsProduct) *string { return &p.Attributes.CapacityStatus },
	"licensemodel":      func(p *awsProduct) *string { return &p.Attributes.LicenseModel },
	"currentgeneration": func(p *awsProduct) *string { return &p.Attributes.CurrentGeneration },
	"regioncode":        func(p *awsProduct) *string { return &p.Attributes.RegionCode },
	"location":          func(p *awsProduct) *string { return &p.Attributes.Location },
	"instancefamily":    func(p *awsProduct) *string { return &p.Attributes.InstanceFamily },
	"physicalprocessor": func(p *awsProduct) *string { return &p.Attributes.PhysicalProcessor },
	"usagetype":         func(p *awsProduct) *string { return &p.Attributes.UsageType },
	"group":             func(p *awsProduct) *string { return &p.Attributes.Group },
	"marketoption":      func(p *awsProduct) *string { return &p.Attributes.MarketOption },
}

// normCol lowercases a header name and drops everything but letters and
// digits: "Pre Installed S/W" -> "preinstalledsw", "usageType" -> "usagetype".
func normCol(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readCSV streams an offer file in CSV: five metadata rows ("FormatVersion",
// "Disclaimer", "Publication Date", "Version", "OfferCode"), a header row,
// then one row per price dimension, read one at a time.
func (c *awsCollector) readCSV(name string, r io.Reader) (string, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	f := &awsFile{name: name, ext: "csv"}
	problem := func(line, col int, format string, args ...any) error {
		return errs.Problems{{Position: errs.Position{File: name, Line: line, Column: col}, Message: fmt.Sprintf(format, args...)}}.Err()
	}
	readErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return problem(pe.Line, pe.Column, "row %d: malformed CSV: %v", pe.Line, pe.Err)
		}
		return errs.E(errs.Invalid, fmt.Errorf("read %s: %w", name, err))
	}
	// Metadata, up to the header row.
	var header []string
	for header == nil {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return "", problem(0, 0, "the file ends before the header row (truncated download?)")
		}
		if err != nil {
			return "", readErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 2 {
			switch rec[0] {
			case "Publication Date":
				f.date = dateOf(rec[1])
			case "Version":
				f.version = rec[1]
			case "OfferCode":
				f.offer = rec[1]
			}
			continue
		}
		if len(rec) == 0 || rec[0] != "SKU" {
			return "", problem(line, 1, "row %d: expected the header row starting with \"SKU\" after the metadata rows", line)
		}
		header = append([]string(nil), rec...)
	}
	if f.date == "" {
		return "", problem(1, 1, "no \"Publication Date\" row in the metadata")
	}
	cols := map[string]int{}
	for i, h := range header {
		if _, ok := cols[normCol(h)]; !ok {
			cols[normCol(h)] = i
		}
	}
	for _, need := range []string{"sku", "termtype", "unit", "priceperunit", "currency"} {
		if _, ok := cols[need]; !ok {
			return "", problem(0, 0, "the header row has no %q column", need)
		}
	}
	type fill struct {
		col int
		dst func(p *awsProduct) *string
	}
	var fills []fill
	for n, dst := range csvColumns {
		if i, ok := cols[n]; ok {
			fills = append(fills, fill{i, dst})
		}
	}
	col := func(rec []string, n string) string {
		if i, ok := cols[n]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	var (
		lastSKU    string
		lastReason string
	)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", readErr(err)
		}
		if len(rec) != len(header) {
			line, _ := cr.FieldPos(0)
			return "", problem(line, 1, "row %d has %d fields, the header has %d (truncated download?)", line, len(rec), len(header))
		}
		if col(rec, "termtype") != "OnDemand" {
			continue
		}
		var p awsProduct
		for _, fl := range fills {
			*fl.dst(&p) = rec[fl.col]
		}
		k, why := c.classify(&p, f)
		if why != "" {
			// Count a product once per run of its rows.
			if p.SKU != lastSKU || why != lastReason {
				c.dropped[why]++
			}
			lastSKU, lastReason = p.SKU, why
			continue
		}
		lastSKU, lastReason = p.SKU, ""
		if col(rec, "currency") != "USD" {
			continue
		}
		d := awsDim{Unit: col(rec, "unit"), Description: col(rec, "pricedescription"), BeginRange: col(rec, "startingrange"),
			EndRange: col(rec, "endingrange"), PricePerUnit: map[string]string{"USD": col(rec, "priceperunit")}}
		if d.EndRange == "" {
			d.EndRange = "Inf"
		}
		if _, err := parseDecimal(d.PricePerUnit["USD"]); err != nil {
			line, cl := cr.FieldPos(cols["priceperunit"])
			return "", problem(line, cl, "row %d: PricePerUnit %q is not a number", line, d.PricePerUnit["USD"])
		}
		c.onDemand(k, []awsDim{d})
	}
	return f.date, nil
}
