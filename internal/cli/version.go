package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
)

func init() { commands = append(commands, newVersionCmd) }

// buildInfo reads the binary's build information; tests replace it.
var buildInfo = debug.ReadBuildInfo

// versionInfo is what 'fulcrum version' reports.
type versionInfo struct {
	Version     string `json:"version"`
	Commit      string `json:"commit,omitempty"`
	CommitTime  string `json:"commit_time,omitempty"`
	Modified    bool   `json:"modified,omitempty"`
	GoVersion   string `json:"go_version"`
	CatalogAsOf string `json:"catalog_as_of"`
}

func newVersionCmd(st *State) *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and price catalog date of this binary",
		Long: `Version prints the module version this binary was built from (a tag for
'go install ...@v1.2.3', "(devel)" for a build from a checkout), the
commit and its time when the build recorded them, the Go version, and the
date of the embedded price catalog.`,
		Example: "  fulcrum version\n  fulcrum version -o json",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := outputFormat(out, "table", "json", "yaml"); err != nil {
				return err
			}
			v := versionInfo{Version: "(unknown)", GoVersion: "(unknown)"}
			if bi, ok := buildInfo(); ok {
				v.Version, v.GoVersion = bi.Main.Version, bi.GoVersion
				for _, s := range bi.Settings {
					switch s.Key {
					case "vcs.revision":
						v.Commit = s.Value
					case "vcs.time":
						v.CommitTime = s.Value
					case "vcs.modified":
						v.Modified = s.Value == "true"
					}
				}
			}
			if v.Version == "" {
				v.Version = "(devel)"
			}
			cat, err := pricedata.Load()
			if err != nil {
				return fmt.Errorf("load price catalog: %w", err)
			}
			v.CatalogAsOf = cat.AsOf
			var data []byte
			switch out {
			case "json":
				data, err = toJSON(v)
			case "yaml":
				data, err = toYAML(v)
			default:
				commit := v.Commit
				if commit == "" {
					commit = "(not recorded)"
				} else if v.Modified {
					commit += " (with uncommitted changes)"
				}
				if v.CommitTime != "" {
					commit += ", " + v.CommitTime
				}
				data = fmt.Appendf(nil, "fulcrum %s\ncommit:  %s\ngo:      %s\ncatalog: prices as of %s\n", v.Version, commit, v.GoVersion, v.CatalogAsOf)
			}
			if err != nil {
				return err
			}
			_, err = st.Stdout.Write(data)
			return err
		},
	}
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table, json or yaml")
	return c
}
