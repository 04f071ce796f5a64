package priceimport

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// awsSpotRecord is one row of `aws ec2 describe-spot-price-history`'s
// JSON output.
type awsSpotRecord struct {
	AvailabilityZone   string
	InstanceType       string
	ProductDescription string
	SpotPrice          string
	Timestamp          string
}

// awsSpot gathers one instance type's spot prices.
type awsSpot struct {
	sum         decimal.Decimal
	n           int
	first, last string // dates
	zones       map[string]bool
	file        string
}

// readSpotJSON reads a spot price history (JSON, {"SpotPriceHistory":
// [...]}): every Linux/UNIX price in the import's region, averaged per
// instance type over its zones and times. It returns the newest date.
func (c *awsCollector) readSpotJSON(name string, r io.Reader) (string, error) {
	s := newJSONStream(name, r)
	if c.spot == nil {
		c.spot = map[string]*awsSpot{}
	}
	newest, bad := "", 0
	err := eachOf(s, "spot price history", "SpotPriceHistory", func(rec awsSpotRecord) {
		if !strings.HasPrefix(rec.AvailabilityZone, c.region) {
			c.dropped["spot prices of another region"]++
			return
		}
		if rec.ProductDescription != "Linux/UNIX" {
			c.dropped["spot prices of another operating system"]++
			return
		}
		p, err := decimal.NewFromString(rec.SpotPrice)
		date := dateOf(rec.Timestamp)
		if err != nil || p.IsNegative() || rec.InstanceType == "" || date == "" {
			bad++
			return
		}
		if !c.opt.Known("aws.ec2."+rec.InstanceType+".hourly") && !awsSizeOK(rec.InstanceType, c.opt.MinSize) {
			c.dropped[dropSize]++
			return
		}
		sp := c.spot[rec.InstanceType]
		if sp == nil {
			sp = &awsSpot{zones: map[string]bool{}, first: date, last: date, file: name}
			c.spot[rec.InstanceType] = sp
		}
		sp.sum, sp.n = sp.sum.Add(p), sp.n+1
		sp.zones[rec.AvailabilityZone] = true
		sp.first, sp.last = min(sp.first, date), max(sp.last, date)
		newest = max(newest, date)
	})
	if err != nil {
		return "", err
	}
	if err := s.end(); err != nil {
		return "", err
	}
	if bad > 0 {
		return "", errs.Problems{{Position: errs.Position{File: name}, Message: fmt.Sprintf("%d spot price record(s) without an instance type, a price or a timestamp", bad)}}.Err()
	}
	return newest, nil
}

// spotEntries are the spot_hourly entries of the spot histories read.
func (c *awsCollector) spotEntries() []catalog.Entry {
	names := make([]string, 0, len(c.spot))
	for n := range c.spot {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []catalog.Entry
	for _, n := range names {
		sp := c.spot[n]
		mean := sp.sum.Div(decimal.NewFromInt(int64(sp.n))).Round(6)
		out = append(out, catalog.Entry{ID: "aws.ec2." + n + ".spot_hourly", Kind: catalog.KindPrice, Value: mean, Unit: "instance-hour",
			Source: "aws ec2 describe-spot-price-history (" + sp.file + ")", Retrieved: sp.last, Confidence: "O",
			Note: fmt.Sprintf("mean of %d Linux/UNIX spot prices in %d zone(s) of %s, %s to %s", sp.n, len(sp.zones), c.region, sp.first, sp.last)})
	}
	return out
}
