// Package priceimport reads the price files a user downloads from each
// provider (AWS Price List offer files, Azure Retail Prices API pages, Google
// Cloud Billing Catalog SKU pages) and turns them into catalog entries named
// as the embedded sheets name them. It is an adapter: it reads streams and
// speaks in catalog.Entry; the CLI opens the files and writes the sheet.
//
// Every reader streams: an offer file of several gigabytes is read token by
// token (JSON) or row by row (CSV), keeping only the products that pass the
// filters.
package priceimport

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Provider names, as the sheets' provider field has them.
const (
	AWS   = "aws"
	Azure = "azure"
	GCP   = "gcp"
)

// DefaultRegion is each provider's region in the embedded catalog.
var DefaultRegion = map[string]string{AWS: "us-east-1", Azure: "eastus", GCP: "us-central1"}

// Format is a kind of price file.
type Format string

// The formats Import reads.
const (
	AWSJSON   Format = "aws-offer-json"
	AWSCSV    Format = "aws-offer-csv"
	AWSSpot   Format = "aws-spot-history-json"
	AzureJSON Format = "azure-retail-json"
	GCPJSON   Format = "gcp-billing-json"
)

// Formats names the formats Import reads, for messages.
const Formats = "AWS Price List offer files for AmazonEC2, AWSLambda, AmazonECS and AmazonEKS " +
	"(index.json or index.csv), AWS spot price histories (aws ec2 describe-spot-price-history JSON), Azure Retail Prices API pages (JSON with Items), and " +
	"Google Cloud Billing Catalog SKU pages (JSON with skus)"

// Provider is the provider whose files use format f.
func (f Format) Provider() string {
	switch f {
	case AWSJSON, AWSCSV, AWSSpot:
		return AWS
	case AzureJSON:
		return Azure
	case GCPJSON:
		return GCP
	}
	return ""
}

// Options are the filters of an import. The zero value of each field means
// the default documented on it.
type Options struct {
	// Region is the provider's region code; empty means DefaultRegion.
	Region string
	// PreviousGeneration keeps instance types AWS marks as previous
	// generation (currentGeneration "No").
	PreviousGeneration bool
	// Families are the family classes kept (see Family*); nil means
	// DefaultFamilies. A type is kept when any of its classes is listed.
	Families []string
	// MinSize is the smallest size kept: nano, micro, small, medium or
	// large (empty means large). AWS types compare by the size in their
	// name; Azure and GCP types by vCPUs (large = 2 vCPUs, smaller = 1).
	MinSize string
	// Spot also writes spot (Azure Spot, GCP Spot/Preemptible) hourly
	// prices as <type>.spot_hourly entries.
	Spot bool
	// Known reports whether the catalog already has an id; node types the
	// catalog has are kept whatever their family and size, so that a sheet
	// refreshes them. Nil means none.
	Known func(id string) bool
	// Retrieved is the date (YYYY-MM-DD) recorded for files that carry no
	// publication date of their own (Azure pages; GCP pages without an
	// effectiveTime). The CLI passes today's date.
	Retrieved string
	// DefaultMaxPods is the default-rule entry for the max pods per node of
	// providers whose files do not say (GKE, AKS), keyed by provider: its
	// value, source and note are copied to every node type.
	DefaultMaxPods map[string]catalog.Entry
}

// Sheet is the outcome of importing one provider's files.
type Sheet struct {
	Provider string
	Region   string
	AsOf     string // the newest publication date among the files
	Currency string
	Entries  []catalog.Entry
	// Dropped counts the products or price rows left out, by reason.
	Dropped map[string]int
	// Notes are things the user should know (types without ENI figures,
	// duplicate prices, ...).
	Notes []string
	// Files are the files read, with their publication dates.
	Files []string
}

// Detect reads the start of r and names its format. It returns a reader
// that replays what it read.
func Detect(name string, r io.Reader) (Format, io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(16 << 10)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return "", nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", name, err))
	}
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	unknown := func(what string) error {
		return errs.WithHint(errs.Errorf(errs.Invalid, "%s: %s, not a price file fulcrum reads", name, what),
			"fulcrum catalog import reads "+Formats)
	}
	switch {
	case len(trimmed) == 0:
		return "", nil, unknown("empty file")
	case bytes.HasPrefix(trimmed, []byte(`"FormatVersion"`)):
		return AWSCSV, br, nil
	case trimmed[0] != '{':
		return "", nil, unknown("unknown format")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if _, err := dec.Token(); err != nil {
		return "", nil, unknown("unknown format")
	}
	for i := 0; i < 64; i++ {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		key, ok := tok.(string)
		if !ok {
			break
		}
		switch key {
		case "formatVersion", "disclaimer", "offerCode", "version", "publicationDate", "products", "terms":
			return AWSJSON, br, nil
		case "SpotPriceHistory":
			return AWSSpot, br, nil
		case "BillingCurrency", "CustomerEntityId", "CustomerEntityType", "Items", "NextPageLink":
			return AzureJSON, br, nil
		case "skus", "nextPageToken":
			return GCPJSON, br, nil
		}
		// Skip this key's value: only small scalars come before the
		// telling keys in the providers' files.
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			break
		}
	}
	if len(head) < 16<<10 {
		// The whole file was in view and is not one of ours; if it is
		// not even JSON, say where it breaks.
		if err := newJSONStream(name, bytes.NewReader(head)).skip(); err != nil {
			return "", nil, err
		}
	}
	return "", nil, unknown("a JSON file of unknown layout")
}

// Importer accumulates the files of one provider.
type Importer struct {
	opt      Options
	provider string
	aws      *awsCollector
	azure    *azureCollector
	gcp      *gcpCollector
	files    []string
	asOf     string
}

// New starts an import with opt.
func New(opt Options) *Importer {
	if opt.MinSize == "" {
		opt.MinSize = "large"
	}
	if opt.Families == nil {
		opt.Families = DefaultFamilies
	}
	if opt.Known == nil {
		opt.Known = func(string) bool { return false }
	}
	return &Importer{opt: opt}
}

// Validate checks the options, returning every problem.
func (o Options) Validate() []error {
	var out []error
	if o.MinSize != "" {
		if _, ok := sizeRank[o.MinSize]; !ok || sizeRank[o.MinSize] > sizeRank["large"] {
			out = append(out, fmt.Errorf("--min-size %q: valid sizes are nano, micro, small, medium, large", o.MinSize))
		}
	}
	for _, f := range o.Families {
		if !validFamily(f) {
			out = append(out, fmt.Errorf("--families %q: valid families are %s", f, strings.Join(AllFamilies, ", ")))
		}
	}
	return out
}

// Add reads one file of format f (from Detect) into the import. Files of
// different providers cannot share one sheet.
func (im *Importer) Add(name string, f Format, r io.Reader) error {
	p := f.Provider()
	if im.provider != "" && p != im.provider {
		return errs.Errorf(errs.Usage, "%s is a %s file but earlier files are %s: import one provider's files at a time (one sheet per provider)", name, p, im.provider)
	}
	im.provider = p
	region := im.opt.Region
	if region == "" {
		region = DefaultRegion[p]
	}
	var (
		date string
		err  error
	)
	switch f {
	case AWSJSON, AWSCSV, AWSSpot:
		if im.aws == nil {
			im.aws = newAWSCollector(region, im.opt)
		}
		switch f {
		case AWSJSON:
			date, err = im.aws.readJSON(name, r)
		case AWSSpot:
			date, err = im.aws.readSpotJSON(name, r)
		default:
			date, err = im.aws.readCSV(name, r)
		}
	case AzureJSON:
		if im.azure == nil {
			im.azure = newAzureCollector(region, im.opt)
		}
		date, err = im.azure.read(name, r)
	case GCPJSON:
		if im.gcp == nil {
			im.gcp = newGCPCollector(region, im.opt)
		}
		date, err = im.gcp.read(name, r)
	default:
		return errs.Errorf(errs.Invalid, "%s: unknown format %q (reads %s)", name, f, Formats)
	}
	if err != nil {
		return err
	}
	if date == "" {
		date = im.opt.Retrieved
	}
	if date > im.asOf {
		im.asOf = date
	}
	im.files = append(im.files, fmt.Sprintf("%s (%s)", name, date))
	return nil
}

// Sheet finishes the import.
func (im *Importer) Sheet() (*Sheet, error) {
	if im.provider == "" {
		return nil, errs.Errorf(errs.Usage, "no files to import")
	}
	region := im.opt.Region
	if region == "" {
		region = DefaultRegion[im.provider]
	}
	s := &Sheet{Provider: im.provider, Region: region, AsOf: im.asOf, Currency: "USD", Dropped: map[string]int{}, Files: im.files}
	switch im.provider {
	case AWS:
		im.aws.finish(s)
	case Azure:
		im.azure.finish(s)
	case GCP:
		im.gcp.finish(s)
	}
	sortEntries(s.Entries)
	return s, nil
}

// specOrder is the order of a node type's entries, as the sheets list them.
var specOrder = map[string]int{"hourly": 0, "spot_hourly": 1, "vcpu": 2, "memory_gib": 3, "gpus": 4, "max_pods": 5}

// sortEntries orders entries: offering prices first (by id), then node
// types by name, each type's entries in specOrder.
func sortEntries(es []catalog.Entry) {
	key := func(id string) (node bool, typ string, rank int) {
		for _, p := range nodePrefixes {
			if strings.HasPrefix(id, p) {
				rest := strings.TrimPrefix(id, p)
				i := strings.LastIndexByte(rest, '.')
				if i > 0 {
					if r, ok := specOrder[rest[i+1:]]; ok {
						return true, rest[:i], r
					}
				}
			}
		}
		return false, id, 0
	}
	sort.SliceStable(es, func(i, j int) bool {
		ni, ti, ri := key(es[i].ID)
		nj, tj, rj := key(es[j].ID)
		if ni != nj {
			return !ni
		}
		if ti != tj {
			return ti < tj
		}
		return ri < rj
	})
}

var nodePrefixes = []string{"aws.ec2.", "azure.vm.", "gcp.gce."}
