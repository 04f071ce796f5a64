package cli

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
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
	c := &cobra.Command{
		Use:   "price OFFERING [flags]",
		Short: "Price one offering for a month of given usage, line by line",
		Args:  usageArgs(cobra.NoArgs),
	}
	sort.Slice(priceOfferings, func(i, j int) bool { return priceOfferings[i].Name < priceOfferings[j].Name })
	for _, o := range priceOfferings {
		sub := &cobra.Command{Use: o.Name + " [flags]", Short: o.Short, Example: o.Example, Args: usageArgs(cobra.NoArgs)}
		var out, pricesFile string
		sub.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
		sub.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
		run := o.Flags(sub.Flags())
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
