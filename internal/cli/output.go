package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// writeResult sends a command's whole output to stdout, or with --out-file
// to that file, written atomically (a temporary file renamed into place),
// so that a failed or interrupted run never leaves a partial file.
func writeResult(st *State, outFile string, data []byte) error {
	if outFile == "" {
		_, err := st.Stdout.Write(data)
		return err
	}
	if st.WriteFile == nil {
		return errs.Errorf(errs.Internal, "write %s: no file system", outFile)
	}
	if err := st.WriteFile(outFile, data); err != nil {
		return errs.E(errs.Invalid, fmt.Errorf("write %s: %w", outFile, err))
	}
	return nil
}

// addOutFile registers --out-file on c.
func addOutFile(c *cobra.Command, p *string) {
	c.Flags().StringVar(p, "out-file", "", "write the output to this file (atomically: a temporary file renamed into place) instead of stdout")
}

// toYAML turns a value's JSON form into YAML with the same keys in the same
// order, so that -o yaml and -o json carry the same document. Numbers are
// written in plain decimal (0.0000002, not 2e-07, which YAML 1.1 readers
// take for text).
func toYAML(v any) ([]byte, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.UseNumber()
	tree, err := orderedJSON(dec)
	if err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	y, err := yaml.MarshalWithOptions(tree, yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	return y, nil
}

// yamlNumber is a JSON number written as it reads in plain decimal.
type yamlNumber string

func (n yamlNumber) MarshalYAML() ([]byte, error) { return []byte(n), nil }

// orderedJSON reads one JSON value keeping object keys in order.
func orderedJSON(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			m := yaml.MapSlice{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				v, err := orderedJSON(dec)
				if err != nil {
					return nil, err
				}
				m = append(m, yaml.MapItem{Key: k, Value: v})
			}
			_, err := dec.Token()
			return m, err
		case '[':
			l := []any{}
			for dec.More() {
				v, err := orderedJSON(dec)
				if err != nil {
					return nil, err
				}
				l = append(l, v)
			}
			_, err := dec.Token()
			return l, err
		}
	case json.Number:
		if f, err := t.Float64(); err == nil && strings.ContainsAny(string(t), "eE") {
			return yamlNumber(strconv.FormatFloat(f, 'f', -1, 64)), nil
		}
		return yamlNumber(t), nil
	}
	return tok, nil
}

// toJSON is the two-space indented JSON of v with a trailing newline.
func toJSON(v any) ([]byte, error) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	return append(b, '\n'), nil
}

// usdFlag is a dollar amount on the command line: "500", "1,500.50" or "$2k".
type usdFlag struct {
	set bool
	v   decimal.Decimal
}

func (f *usdFlag) String() string {
	if !f.set {
		return ""
	}
	return f.v.String()
}

func (f *usdFlag) Set(s string) error {
	t := strings.TrimPrefix(strings.TrimSpace(s), "$")
	n, err := ParseCount(t)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is not an amount of dollars (write e.g. 500, 1500.50 or 2k)", s)
	}
	f.v, f.set = decimal.NewFromFloat(n).Round(2), true
	return nil
}

func (f *usdFlag) Type() string { return "USD" }

// percentFlag is a percentage: "10", "10%" or "2.5%".
type percentFlag struct {
	set bool
	v   float64
}

func (f *percentFlag) String() string {
	if !f.set {
		return ""
	}
	return workload.Num(f.v) + "%"
}

func (f *percentFlag) Set(s string) error {
	t := strings.TrimSuffix(strings.TrimSpace(s), "%")
	n, err := ParseCount(t)
	if err != nil || n < 0 {
		return fmt.Errorf("%q is not a percentage (write e.g. 10 or 10%%, at least 0)", s)
	}
	f.v, f.set = n, true
	return nil
}

func (f *percentFlag) Type() string { return "PERCENT" }

// suggest is the candidate a mistyped word most likely meant: a close
// spelling, a prefix, or a candidate that contains the word ("lambda" for
// "aws-lambda").
func suggest(word string, candidates []string) string {
	if s := workload.Closest(word, candidates); s != "" {
		return s
	}
	w := strings.ToLower(word)
	if len(w) < 2 {
		return ""
	}
	for _, c := range candidates {
		if strings.Contains(strings.ToLower(c), w) {
			return c
		}
	}
	return ""
}

// unknownName is the usage error for a name that is not one of valid.
func unknownName(what, name string, valid []string) error {
	if s := suggest(name, valid); s != "" {
		return errs.Errorf(errs.Usage, "unknown %s %q: did you mean %s? (valid: %s)", what, name, s, strings.Join(valid, ", "))
	}
	return errs.Errorf(errs.Usage, "unknown %s %q (valid: %s)", what, name, strings.Join(valid, ", "))
}

// warn prints a warning with the one prefix every warning uses.
func warn(st *State, format string, a ...any) {
	fmt.Fprintf(st.Stderr, "fulcrum: warning: "+format+"\n", a...)
}
