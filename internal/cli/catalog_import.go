package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/priceimport"
)

func init() { commands = append(commands, newCatalogCmd) }

// newCatalogCmd is 'fulcrum catalog', the parent of the catalog's
// maintenance commands.
func newCatalogCmd(st *State) *cobra.Command {
	c := &cobra.Command{
		Use:   "catalog",
		Short: "Maintain the price catalog: import the providers' price files into a sheet",
		Long: `Commands that build price sheets from the files the providers publish.
A sheet has the layout of the embedded catalog and loads with --prices.`,
		Args: usageArgs(cobra.NoArgs),
	}
	c.AddCommand(newCatalogImportCmd(st))
	return c
}

type importFlags struct {
	region, out, minSize, retrieved string
	families                        []string
	force, prevGen, spot, allTypes  bool
}

func newCatalogImportCmd(st *State) *cobra.Command {
	var fl importFlags
	c := &cobra.Command{
		Use:   "import FILE...",
		Short: "Build a price sheet from AWS offer files, Azure Retail Prices pages or GCP Billing Catalog pages",
		Long: `Import reads the price files a provider publishes and writes a catalog
sheet (the embedded sheets' layout, which --prices loads) with each node
type's hourly price, vCPUs, memory, GPUs and max pods, and for AWS the
Lambda, Fargate and EKS prices. Files are streamed: a multi-gigabyte EC2
offer file imports in bounded memory.

It reads:
  AWS    Price List offer files (index.json or index.csv) for AmazonEC2,
         AWSLambda, AmazonECS (Fargate) and AmazonEKS
  Azure  Retail Prices API pages (JSON with "Items"; one file per page)
  GCP    Cloud Billing Catalog pages of the Compute Engine service
         (services/6F81-5844-456A/skus; JSON with "skus")
All files of one run must be of one provider.

It keeps on-demand prices for Linux, shared tenancy, no pre-installed
software, capacity status Used, current generation, in the region (by
default the catalog's: us-east-1, eastus, us-central1), of the families
and sizes asked for. Families (--families): general, compute, memory,
storage, gpu, other (FPGA, ML accelerators, HPC) and the modifiers
burstable and arm, which keep the burstable and Arm types of the general,
compute and memory families. Sizes (--min-size): AWS by the size in the
name, Azure and GCP by vCPUs (large = 2 vCPUs). GCE machine types are
priced from the per-vCPU and per-GiB rates and a table of standard
shapes; Azure shapes and EC2 network-interface limits (for EKS max pods)
come from tables too; docs/catalog-import.md lists them with sources.

The sheet holds only ids the catalog already has, so that --prices loads
it; --all-types also writes the node types the catalog lacks (such a sheet
is input for a catalog refresh, which --prices rejects). The sheet is
written atomically (a temporary file renamed into place) and never over
an existing file without --force. A malformed or truncated file is
rejected with its line and column (JSON) or row (CSV), exit 2, and
nothing is written.`,
		Example: `  # AWS: the region's EC2 offer plus Lambda, Fargate and EKS
  fulcrum catalog import AmazonEC2-us-east-1.json AWSLambda.json \
    AmazonECS.json AmazonEKS.json --out prices-aws.yaml
  fulcrum price ec2 --instance-type m5.large --prices prices-aws.yaml

  # the CSV form of an offer file reads the same way
  fulcrum catalog import AmazonEC2-us-east-1.csv --out prices-ec2.yaml

  # Azure pages for West Europe, Spot prices too, every type
  fulcrum catalog import azure-page-*.json --region westeurope --spot \
    --all-types --out azure-westeurope.yaml

  # GCP Billing Catalog pages, memory-optimised and Arm types only
  fulcrum catalog import gcp-skus-*.json --families memory,arm`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCatalogImport(st, fl, args)
		},
	}
	f := c.Flags()
	f.StringVar(&fl.region, "region", "", "region (default us-east-1, eastus, us-central1)")
	f.StringVar(&fl.out, "out", "", "write the sheet to this file (default stdout)")
	f.BoolVar(&fl.force, "force", false, "overwrite --out if it exists")
	f.BoolVar(&fl.prevGen, "previous-generation", false, "keep previous-generation types too")
	f.StringSliceVar(&fl.families, "families", nil, "family classes to keep (default\n"+strings.Join(priceimport.DefaultFamilies, ",")+")")
	f.StringVar(&fl.minSize, "min-size", "large", "smallest size: nano to large")
	f.BoolVar(&fl.spot, "spot", false, "also write Spot prices as <type>.spot_hourly")
	f.BoolVar(&fl.allTypes, "all-types", false, "also write ids the catalog lacks")
	f.StringVar(&fl.retrieved, "retrieved", "", "date of undated files (default today)")
	return c
}

func runCatalogImport(st *State, fl importFlags, files []string) error {
	cat, err := pricedata.Load()
	if err != nil {
		return fmt.Errorf("load price catalog: %w", err)
	}
	retrieved := fl.retrieved
	if retrieved == "" {
		retrieved = st.Now().UTC().Format("2006-01-02")
	}
	opt := priceimport.Options{
		Region: fl.region, PreviousGeneration: fl.prevGen, Families: fl.families, MinSize: fl.minSize,
		Spot: fl.spot, Retrieved: retrieved,
		Known:          func(id string) bool { _, ok := cat.Entries[id]; return ok },
		DefaultMaxPods: map[string]catalog.Entry{},
	}
	for p, id := range map[string]string{priceimport.GCP: "limits.gke.max_pods_per_node", priceimport.Azure: "limits.aks.max_pods_per_node"} {
		if e, err := cat.Get(id); err == nil {
			opt.DefaultMaxPods[p] = e
		}
	}
	var problems []string
	for _, e := range opt.Validate() {
		problems = append(problems, e.Error())
	}
	if len(retrieved) != 10 || retrieved[4] != '-' || retrieved[7] != '-' {
		problems = append(problems, fmt.Sprintf("--retrieved %q: want YYYY-MM-DD", retrieved))
	}
	if len(problems) > 0 {
		return errs.WithHint(errs.Errorf(errs.Usage, "%s", strings.Join(problems, "; ")), "see 'fulcrum catalog import --help'")
	}
	if fl.out != "" && !fl.force && exists(st, fl.out) {
		return errs.WithHint(errs.Errorf(errs.Usage, "%s exists; not overwriting it", fl.out), "pass --force to replace it")
	}

	im := priceimport.New(opt)
	bar := startProgress(st, "importing prices")
	for k, name := range files {
		err := importFile(st, im, name, func(part float64) { bar.set((float64(k) + part) / float64(len(files))) })
		if err == nil {
			err = stopped(st)
		}
		if err != nil {
			bar.finish(err)
			return err
		}
	}
	bar.finish(nil)
	sheet, err := im.Sheet()
	if err != nil {
		return err
	}
	entries, missing := sheet.Entries, []string(nil)
	if !fl.allTypes {
		entries, missing = knownOnly(sheet.Entries, opt.Known)
	}
	if len(entries) == 0 {
		return errs.WithHint(errs.Errorf(errs.Invalid, "no prices in %s passed the filters (%s, region %s)%s",
			strings.Join(files, ", "), sheet.Provider, sheet.Region, droppedSummary(sheet.Dropped)),
			"check --region, --families and --min-size, or pass --all-types for types the catalog lacks")
	}
	data := pricedata.Marshal(pricedata.Header{Provider: sheet.Provider, Region: sheet.Region, AsOf: sheet.AsOf, Currency: sheet.Currency,
		Comment: sheetComment(sheet, fl)}, entries)
	if !fl.allTypes {
		// The sheet must load the way --prices will load it.
		check := catalog.New(cat.AsOf)
		for id, e := range cat.Entries {
			check.Entries[id] = e
		}
		if err := pricedata.Override(check, "the imported sheet", data); err != nil {
			return errs.E(errs.Internal, fmt.Errorf("the imported sheet does not load: %w", err))
		}
	}
	if fl.out != "" && !fl.force && exists(st, fl.out) {
		return errs.WithHint(errs.Errorf(errs.Usage, "%s exists; not overwriting it", fl.out), "pass --force to replace it")
	}
	if err := writeResult(st, fl.out, data); err != nil {
		return err
	}
	printImportSummary(st, sheet, entries, missing, fl)
	return nil
}

// importFile detects one file's format and reads it into im; done hears
// the share of the file read (when its size is known). Reading stops with
// the context's error once the user interrupts.
func importFile(st *State, im *priceimport.Importer, name string, done func(float64)) error {
	f, err := st.Open(name)
	if err != nil {
		return openErr(name, err)
	}
	defer f.Close()
	pr := &progressReader{r: f, st: st, done: done}
	if s, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if info, err := s.Stat(); err == nil {
			pr.size = info.Size()
		}
	}
	format, r, err := priceimport.Detect(name, pr)
	if err != nil {
		return err
	}
	return im.Add(name, format, r)
}

// exists reports whether name can be opened.
func exists(st *State, name string) bool {
	f, err := st.Open(name)
	if err != nil {
		return !errors.Is(err, fs.ErrNotExist)
	}
	f.Close()
	return true
}

// knownOnly keeps the entries whose ids the catalog has and names the node
// types left out.
func knownOnly(es []catalog.Entry, known func(string) bool) ([]catalog.Entry, []string) {
	var out []catalog.Entry
	missing := map[string]bool{}
	for _, e := range es {
		if known(e.ID) {
			out = append(out, e)
			continue
		}
		if i := strings.LastIndexByte(e.ID, '.'); i > 0 {
			if known(e.ID[:i] + ".hourly") {
				missing[e.ID] = true // a new id of a known type (spot_hourly)
			} else {
				missing[e.ID[:i]] = true
			}
		}
	}
	names := make([]string, 0, len(missing))
	for n := range missing {
		names = append(names, n)
	}
	sort.Strings(names)
	return out, names
}

func sheetComment(s *priceimport.Sheet, fl importFlags) []string {
	fams := fl.families
	if fams == nil {
		fams = priceimport.DefaultFamilies
	}
	gen := "current generation"
	if fl.prevGen {
		gen = "current and previous generation"
	}
	out := []string{"Imported by 'fulcrum catalog import' from:"}
	for _, f := range s.Files {
		out = append(out, "  "+f)
	}
	out = append(out,
		"Kept: on-demand, Linux, shared tenancy, no pre-installed software,",
		fmt.Sprintf("%s, families %s,", gen, strings.Join(fams, ",")),
		fmt.Sprintf("sizes %s and up (the catalog's own node types whatever their", fl.minSize),
		"family and size). Confidence O: read from the provider's file, or from",
		"the documented tables of docs/catalog-import.md where the files do not say.")
	return out
}

func droppedSummary(d map[string]int) string {
	keys := make([]string, 0, len(d))
	for k, n := range d {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return ""
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d %s", d[k], k)
	}
	return "; left out: " + strings.Join(parts, ", ")
}

func printImportSummary(st *State, s *priceimport.Sheet, entries []catalog.Entry, missing []string, fl importFlags) {
	types := map[string]bool{}
	others := 0
	for _, e := range entries {
		if i := strings.LastIndexByte(e.ID, '.'); i > 0 && (strings.HasPrefix(e.ID, "aws.ec2.") || strings.HasPrefix(e.ID, "azure.vm.") || strings.HasPrefix(e.ID, "gcp.gce.")) {
			types[e.ID[:i]] = true
		} else {
			others++
		}
	}
	w := st.Stderr
	fmt.Fprintf(w, "fulcrum: imported %d entries (%d node types, %d other prices) for %s %s,\n  as of %s, from %d file%s\n",
		len(entries), len(types), others, s.Provider, s.Region, s.AsOf, len(s.Files), plural(len(s.Files)))
	keys := make([]string, 0, len(s.Dropped))
	for k, n := range s.Dropped {
		if n > 0 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if len(keys) > 0 {
		fmt.Fprintln(w, "  left out:")
		for _, k := range keys {
			fmt.Fprintf(w, "    %d %s\n", s.Dropped[k], k)
		}
	}
	if len(missing) > 0 {
		short := make([]string, len(missing))
		for i, m := range missing {
			short[i] = m[strings.IndexByte(m[strings.IndexByte(m, '.')+1:], '.')+strings.IndexByte(m, '.')+2:]
		}
		writeWrapped(w, "  not in the catalog, so not written (--all-types writes them): "+strings.Join(short, ", "))
	}
	for _, n := range s.Notes {
		writeWrapped(w, "  note: "+n)
	}
	if fl.out != "" {
		fmt.Fprintf(w, "wrote %s", fl.out)
		if !fl.allTypes {
			fmt.Fprintf(w, "; use it with --prices %s", fl.out)
		}
		fmt.Fprintln(w)
	}
}

// writeWrapped writes text wrapped at 80 columns, continuation lines
// indented by four spaces.
func writeWrapped(w io.Writer, text string) {
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = "  " + word
		case len(line)+1+len(word) > 80:
			fmt.Fprintln(w, line)
			line = "    " + word
		default:
			line += " " + word
		}
	}
	if line != "" {
		fmt.Fprintln(w, line)
	}
}

// progressReader reads r, reporting the share of size read, and fails once
// the command is interrupted.
type progressReader struct {
	r          io.Reader
	st         *State
	read, size int64
	done       func(float64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	if err := stopped(p.st); err != nil {
		return 0, err
	}
	n, err := p.r.Read(b)
	p.read += int64(n)
	if p.size > 0 {
		p.done(min(float64(p.read)/float64(p.size), 1))
	}
	return n, err
}
