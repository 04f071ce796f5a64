package pricedata

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Header is the top of a price sheet: what every entry of the sheet shares.
type Header struct {
	Provider string
	Region   string
	AsOf     string // YYYY-MM-DD
	Currency string
	Comment  []string // lines written as YAML comments under the header
}

// Marshal writes a price sheet in the layout Load reads for the embedded
// sheets and Override reads for --prices: schema_version 1, the header, then
// one entry per element of entries, in order. Values are written as quoted
// decimal strings so that no figure passes through a float.
func Marshal(h Header, entries []catalog.Entry) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "schema_version: 1\nprovider: %s\nregion: %s\nas_of: %s\ncurrency: %s\n",
		plain(h.Provider), plain(h.Region), plain(h.AsOf), plain(h.Currency))
	for _, c := range h.Comment {
		b.WriteString("# " + c + "\n")
	}
	if len(entries) == 0 {
		b.WriteString("entries: []\n")
		return []byte(b.String())
	}
	b.WriteString("entries:\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "  - id: %s\n    kind: %s\n    value: %s\n", plain(e.ID), plain(string(e.Kind)), quote(e.Value.String()))
		if !e.Per.IsZero() {
			fmt.Fprintf(&b, "    per: %s\n", quote(e.Per.String()))
		}
		fmt.Fprintf(&b, "    unit: %s\n", plain(e.Unit))
		if len(e.Tiers) > 0 {
			b.WriteString("    tiers:\n")
			for _, t := range e.Tiers {
				fmt.Fprintf(&b, "      - {up_to: %s, price: %s}\n", quote(t.UpTo.String()), quote(t.Price.String()))
			}
		}
		fmt.Fprintf(&b, "    source: %s\n    retrieved: %s\n", plain(e.Source), plain(e.Retrieved))
		if e.Confidence != "" {
			fmt.Fprintf(&b, "    confidence: %s\n", plain(e.Confidence))
		}
		if e.Note != "" {
			fmt.Fprintf(&b, "    note: %s\n", quote(e.Note))
		}
	}
	return []byte(b.String())
}

// plainScalar is text YAML reads back as the same string when unquoted:
// ids, units, URLs and dates as the embedded sheets write them.
var plainScalar = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9._/:-]*$|^\d{4}-\d{2}-\d{2}$`)

// plain writes s unquoted when that is safe, else quoted.
func plain(s string) string {
	switch strings.ToLower(s) {
	case "y", "n", "yes", "no", "on", "off", "true", "false", "null":
		return quote(s)
	}
	if plainScalar.MatchString(s) && !strings.Contains(s, ": ") {
		return s
	}
	return quote(s)
}

// quote writes s as a YAML double-quoted scalar. strconv.Quote's escapes
// (\", \\, \n, \t, \xNN, \uNNNN) are all valid YAML escapes.
func quote(s string) string { return strconv.Quote(s) }
