package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/importer"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func init() { commands = append(commands, newImportCmd) }

// importExts are the file names a directory walk reads.
var importExts = []string{".yaml", ".yml", ".json", ".toml"}

func newImportCmd(st *State) *cobra.Command {
	var outFile, name string
	var traffics []string
	c := &cobra.Command{
		Use:   "import PATH... [--out spec.yaml]",
		Short: "Write a spec from an existing system's manifests, templates or plan",
		Long: `Import reads the files that describe an existing system and writes a fulcrum
spec, with a YAML comment on every value saying where it came from, or
that it is a GUESS to check:

  Kubernetes manifests (a file, a directory, or 'helm template' output):
    Deployments, StatefulSets, CronJobs, Jobs, HPAs, Services, Ingresses,
    PersistentVolumeClaims, requests and limits, GPUs; Cloud Run service
    and job YAML
  serverless.yml (Serverless Framework v3 and v4)
  AWS SAM and CloudFormation templates (YAML or JSON)
  Terraform plan JSON ('terraform show -json plan.out')
  ECS task definitions (JSON)
  wrangler.toml (Cloudflare Workers)

A directory is read recursively (*.yaml, *.yml, *.json, *.toml). Resources
that are not components fulcrum models are listed on stderr and in the
spec's header comment. A file or document that cannot be read (not YAML,
an unknown apiVersion, an unresolvable reference) is named with its line
on stderr and skipped, and the import goes on with the rest: the exit code
is 2 only when nothing could be imported. See docs/import-export.md.`,
		Example: `  fulcrum import k8s/ --out spec.yaml
  helm template my-release ./chart > rendered.yaml && fulcrum import rendered.yaml --out spec.yaml
  fulcrum import serverless.yml template.yaml --out spec.yaml
  terraform show -json plan.out > plan.json && fulcrum import plan.json --out spec.yaml
  fulcrum export examples/system.yaml --out deploy && fulcrum import deploy --out roundtrip.yaml`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			var srcs []importer.Source
			for _, a := range args {
				got, err := importSources(st, a)
				if err != nil {
					return err
				}
				srcs = append(srcs, got...)
			}
			res := importer.Import(srcs)
			for _, p := range res.Skipped {
				warn(st, "skipped %s", p)
			}
			for _, p := range res.Unknown {
				warn(st, "not imported: %s", p)
			}
			if len(res.Components) == 0 {
				return errs.WithHint(errs.Errorf(errs.Invalid, "import: nothing to import from %s (%d skipped, %d not components)",
					strings.Join(args, ", "), len(res.Skipped), len(res.Unknown)), "see 'fulcrum import --help' for the formats read")
			}
			for _, tr := range traffics {
				comp, file, ok := strings.Cut(tr, "=")
				if !ok || comp == "" || file == "" {
					return errs.Errorf(errs.Usage, "--traffic %q: want COMPONENT=TRACE (a trace file fulcrum reads: %s)", tr, strings.Join(trace.Formats, ", "))
				}
				fact, err := traceFact(st, file)
				if err != nil {
					return err
				}
				if err := res.ApplyTraffic(comp, fact); err != nil {
					return errs.E(errs.Usage, err)
				}
			}
			if name == "" {
				name = "imported"
			}
			out := res.Spec(name)
			// The spec must read back: a fault here is a bug in the importer.
			if _, problems, err := spec.Parse("imported spec", out); err != nil {
				return errs.E(errs.Internal, fmt.Errorf("import: the spec written does not validate: %w (%v)", err, problems))
			}
			if err := writeResult(st, outFile, out); err != nil {
				return err
			}
			guesses := 0
			for _, c := range res.Components {
				for _, f := range c.Fields {
					if f.Guess != "" {
						guesses++
					}
				}
			}
			msg := fmt.Sprintf("imported %d components from %d files (%d guesses to check, %d skipped, %d not components)",
				len(res.Components), len(srcs), guesses, len(res.Skipped), len(res.Unknown))
			if outFile != "" {
				fmt.Fprintf(st.Stdout, "%s: wrote %s\n", msg, outFile)
			} else {
				fmt.Fprintf(st.Stderr, "fulcrum: %s\n", msg)
			}
			return nil
		},
	}
	c.Flags().StringVar(&outFile, "out", "", "write the spec to this file (atomically) instead of stdout")
	c.Flags().StringVar(&name, "name", "", "the system's name in the spec (default: imported)")
	c.Flags().StringArrayVar(&traffics, "traffic", nil, "COMPONENT=TRACE: fill the component's requests_per_month and traffic shape from a trace (access log, ALB log, Prometheus or CloudWatch export, CSV; repeatable)")
	return c
}

// traceFact reads a trace file to the end and says what it tells about a
// component's traffic: its volume over the spec's default month and the
// built-in shape it resembles.
func traceFact(st *State, file string) (importer.TrafficFact, error) {
	r, done, err := openTrace(st, file, "", trace.Options{})
	if err != nil {
		return importer.TrafficFact{}, err
	}
	defer done()
	sum, err := trace.Summarize(r, "")
	if err != nil {
		return importer.TrafficFact{}, err
	}
	f := importer.TrafficFact{File: file, Requests: sum.Requests, SpanSeconds: sum.SpanSeconds,
		RequestsPerMon: sum.MeanPerSecond * workload.DefaultHoursPerMonth * 3600, Reason: sum.Resembles.Reason}
	if slices.Contains(workload.Shapes, sum.Resembles.Shape) {
		f.Shape, f.Params = sum.Resembles.Shape, sum.Resembles.Params
	}
	return f, nil
}

// importSources reads a file, or every importable file under a directory.
func importSources(st *State, p string) ([]importer.Source, error) {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			// Tests run from another directory: let readUserFile resolve it.
			data, rerr := readUserFile(st, p)
			if rerr != nil {
				return nil, rerr
			}
			return []importer.Source{{Name: p, Data: data}}, nil
		}
		return nil, errs.E(errs.Invalid, fmt.Errorf("import %s: %w", p, err))
	}
	if !fi.IsDir() {
		data, err := readUserFile(st, p)
		if err != nil {
			return nil, err
		}
		return []importer.Source{{Name: p, Data: data}}, nil
	}
	var names []string
	err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(path))
		for _, e := range importExts {
			if ext == e {
				names = append(names, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, errs.E(errs.Invalid, fmt.Errorf("import %s: %w", p, err))
	}
	sort.Strings(names)
	var out []importer.Source
	for _, n := range names {
		data, err := readUserFile(st, n)
		if err != nil {
			return nil, err
		}
		out = append(out, importer.Source{Name: filepath.ToSlash(n), Data: data})
	}
	return out, nil
}
