package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

func init() { commands = append(commands, newPriceCmd) }

// priceOffering binds one priced offering to 'fulcrum price NAME'. Flags
// registers the offering's flags and returns a function that prices the
// usage they describe. Offering files append to priceOfferings in init.
type priceOffering struct {
	Name    string
	Short   string
	Example string
	Flags   func(fs *pflag.FlagSet) func(c *catalog.Catalog) (*pricing.Bill, error)
}

var priceOfferings []priceOffering

func newPriceCmd(st *State) *cobra.Command {
	sort.Slice(priceOfferings, func(i, j int) bool { return priceOfferings[i].Name < priceOfferings[j].Name })
	names := make([]string, len(priceOfferings))
	for i, o := range priceOfferings {
		names[i] = o.Name
	}
	c := &cobra.Command{
		Use:   "price OFFERING [flags]",
		Short: "Price one offering for a month of given usage, line by line",
		Long: `Price prices one offering for a month of the usage its flags describe,
line by line, from the embedded catalog. Counts take suffixes: --requests
10M, --reads 1.5B, --gets 40k.`,
		Example: `  fulcrum price aws-lambda --requests 3M --duration 120ms --memory-mb 1536 --free-tier
  fulcrum price cloudflare-workers --requests 15M --cpu-time 7ms
  fulcrum price aks --hours 730 --tier standard`,
		Args:      cobra.ArbitraryArgs,
		ValidArgs: names,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return errs.WithHint(unknownName("offering", args[0], names), "see 'fulcrum price --help' for what each one prices")
		},
	}
	// Which offerings have each flag, for "--tier is not a flag of gke".
	flagOwners := map[string][]string{}
	for _, o := range priceOfferings {
		sub := &cobra.Command{Use: o.Name + " [flags]", Short: o.Short, Example: o.Example, Args: usageArgs(cobra.NoArgs)}
		var out, pricesFile string
		sub.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
		sub.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
		run := o.Flags(sub.Flags())
		sub.Flags().VisitAll(func(f *pflag.Flag) { flagOwners[f.Name] = append(flagOwners[f.Name], o.Name) })
		name := o.Name
		sub.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
			hint := fmt.Sprintf("see 'fulcrum price %s --help'", name)
			if flag, ok := strings.CutPrefix(err.Error(), "unknown flag: --"); ok {
				if owners := flagOwners[flag]; len(owners) > 0 {
					return errs.WithHint(errs.Errorf(errs.Usage, "%s has no --%s flag; the offerings that have it: %s", name, flag, strings.Join(owners, ", ")), hint)
				}
			}
			return errs.WithHint(errs.E(errs.Usage, err), hint)
		})
		sub.RunE = func(cmd *cobra.Command, _ []string) error {
			if err := outputFormat(out, "table", "json", "markdown"); err != nil {
				return err
			}
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			bill, err := run(cat)
			if err != nil {
				return err
			}
			return writeBill(st, out, bill)
		}
		c.AddCommand(sub)
	}
	return c
}

func writeBill(st *State, out string, b *pricing.Bill) error {
	switch out {
	case "json":
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(b)
	default:
		_, err := fmt.Fprint(st.Stdout, renderBill(b, out == "markdown"))
		return err
	}
}
