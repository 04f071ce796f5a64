package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func init() { commands = append(commands, newValidateCmd) }

func newValidateCmd(st *State) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "validate SPEC",
		Short: "Check a workload spec and report every problem at once",
		Long: `Validate reads a workload spec (YAML, version 1), applies the defaults and
checks every field. Each problem is reported on stderr with file:line:column,
the field and what would be valid; warnings (valid, but probably not what was
meant) are reported too. Use - to read the spec from stdin.

With -o json the result, including the spec with its defaults filled in, is
written to stdout. The field reference is docs/spec.md.

Exit status: 0 if the spec is valid, 2 if it is not (or on a usage error),
1 on any other failure.`,
		Example: `  fulcrum validate acme.yaml
  fulcrum validate -o json acme.yaml | jq .spec.components`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "text", "json"); err != nil {
				return err
			}
			name := args[0]
			s, warnings, err := loadSpec(st, name)
			if name == "-" {
				name = "<stdin>"
			}
			var problems errs.Problems
			if err != nil && !errors.As(err, &problems) {
				return err
			}
			for _, w := range warnings {
				warn(st, "%s", w)
			}
			if out == "json" {
				if werr := writeValidation(st.Stdout, name, s, problems, warnings); werr != nil {
					return werr
				}
			} else if err == nil {
				fmt.Fprintf(st.Stdout, "%s: valid (version %d, %d component%s)\n", name, s.Version, len(s.Components), plural(len(s.Components)))
			}
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "text", "output format: text or json")
	return c
}

// loadSpec reads and parses the spec named on the command line ("-" is
// stdin). It refuses files above spec.MaxSize without reading them whole.
// Commands that take a spec share it.
func loadSpec(st *State, name string) (*workload.Spec, errs.Problems, error) {
	var r io.Reader
	display := name
	if name == "-" {
		r, display = st.Stdin, "<stdin>"
	} else {
		if st.Open == nil {
			data, err := readUserFile(st, name)
			if err != nil {
				return nil, nil, err
			}
			return spec.Parse(name, data)
		}
		f, err := st.Open(name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, nil, errs.E(errs.NotFound, fmt.Errorf("read spec %s: %w", name, err))
			}
			return nil, nil, errs.E(errs.Invalid, fmt.Errorf("read spec %s: %w", name, err))
		}
		defer f.Close()
		r = f
	}
	return spec.ParseReader(display, r)
}

// validation is the JSON form of a validate result.
type validation struct {
	File     string         `json:"file"`
	Valid    bool           `json:"valid"`
	Problems errs.Problems  `json:"problems"`
	Warnings errs.Problems  `json:"warnings"`
	Spec     *workload.Spec `json:"spec,omitempty"`
}

func writeValidation(w io.Writer, name string, s *workload.Spec, problems, warnings errs.Problems) error {
	v := validation{File: name, Valid: len(problems) == 0, Problems: problems, Warnings: warnings, Spec: s}
	if v.Problems == nil {
		v.Problems = errs.Problems{}
	}
	if v.Warnings == nil {
		v.Warnings = errs.Problems{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write validation: %w", err)
	}
	return nil
}
