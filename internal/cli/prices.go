package cli

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/report"
)

func init() { commands = append(commands, newPricesCmd) }

// pricesListing is the JSON form of 'fulcrum prices'.
type pricesListing struct {
	AsOf     string          `json:"as_of"`
	Provider string          `json:"provider,omitempty"`
	Entries  []catalog.Entry `json:"entries"`
}

func newPricesCmd(st *State) *cobra.Command {
	var provider, out, pricesFile string
	c := &cobra.Command{
		Use:   "prices [flags]",
		Short: "List every catalog entry: price, free tier, limit, default or attestation, with its source",
		Long: `List the embedded price catalog: every unit price, free-tier allowance,
platform limit, behavioural default and compliance attestation that a
number in a report depends on, with its source URL, the date it was read
and a confidence tag (O = provider's page, O-t = verbatim transcription,
PL = AWS Price List string, S = secondary sources, U = uncertain).`,
		Example: `  fulcrum prices --provider aws
  fulcrum prices --provider aws -o json
  fulcrum prices --prices my-prices.yaml -o markdown`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := outputFormat(out, "table", "json", "markdown"); err != nil {
				return err
			}
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			listing, err := listPrices(cat, provider)
			if err != nil {
				return err
			}
			if out == "json" {
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(listing)
			}
			_, err = fmt.Fprint(st.Stdout, renderPrices(listing, out == "markdown"))
			return err
		},
	}
	c.Flags().StringVar(&provider, "provider", "", "only this provider's entries (for example aws)")
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or markdown")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	return c
}

// listPrices selects the entries of one provider (all when provider is empty).
func listPrices(c *catalog.Catalog, provider string) (pricesListing, error) {
	l := pricesListing{AsOf: c.AsOf, Provider: provider, Entries: []catalog.Entry{}}
	providers := map[string]bool{}
	for _, id := range c.IDs() {
		e := c.Entries[id]
		providers[e.Provider] = true
		if provider == "" || e.Provider == provider {
			l.Entries = append(l.Entries, e)
		}
	}
	if provider != "" && !providers[provider] {
		valid := make([]string, 0, len(providers))
		for p := range providers {
			valid = append(valid, p)
		}
		sort.Strings(valid)
		return l, errs.Errorf(errs.Usage, "unknown provider %q (valid: %s)", provider, strings.Join(valid, ", "))
	}
	return l, nil
}

// priceValue shows an entry's value with its per-quantity and tiers.
func priceValue(e catalog.Entry) string {
	v := e.Value.String()
	if !e.Per.IsZero() && !e.Per.Equal(decimal.NewFromInt(1)) {
		v += " per " + report.Qty(e.Per)
	}
	if len(e.Tiers) > 0 {
		parts := make([]string, len(e.Tiers))
		for i, t := range e.Tiers {
			if t.UpTo.IsZero() {
				parts[i] = t.Price.String() + " beyond"
			} else {
				parts[i] = t.Price.String() + " to " + report.Qty(t.UpTo)
			}
		}
		v += " (tiers: " + strings.Join(parts, "; ") + ")"
	}
	return v
}

func renderPrices(l pricesListing, markdown bool) string {
	t := report.Table{Header: []string{"id", "kind", "value", "unit", "conf.", "retrieved", "source"}}
	for _, e := range l.Entries {
		conf := e.Confidence
		if e.Overridden {
			conf += " (overridden)"
		}
		t.Rows = append(t.Rows, []string{e.ID, string(e.Kind), priceValue(e), e.Unit, conf, e.Retrieved, e.Source})
	}
	scope := "all providers"
	if l.Provider != "" {
		scope = l.Provider
	}
	var s strings.Builder
	if markdown {
		fmt.Fprintf(&s, "### Price catalog (%s), as of %s\n\n%s", scope, l.AsOf, t.Markdown())
	} else {
		fmt.Fprintf(&s, "price catalog (%s), as of %s: %d entries\n\n%s", scope, l.AsOf, len(l.Entries), t.Text())
	}
	return s.String()
}
