package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/export"
)

func init() { commands = append(commands, newExportCmd) }

func newExportCmd(st *State) *cobra.Command {
	var arch, outDir string
	var force bool
	var af analysisFlags
	c := &cobra.Command{
		Use:   "export SPEC --out DIR",
		Short: "Write deployable files for one architecture of a system",
		Long: `Export analyses a spec and writes, for one architecture's placement, files a
team can deploy: Kubernetes manifests (Deployment, Service, HPA and
PodDisruptionBudget; StatefulSet with its volume claims for stateful
components; CronJob for jobs), an AWS SAM template for the Lambda
functions, Cloud Run service (or job) YAML, an ECS task definition per
Fargate component, a wrangler.toml per Cloudflare Worker, and a README.md saying what to fill in (images, secrets) and
which components run on managed services, with the sizing the analysis
priced.

Every size is the analysis's: memory, CPU requests, replicas, HPA target,
concurrency, timeout, provisioned concurrency. The files are written to a
temporary directory beside DIR and renamed into place, so a failure
leaves nothing half-written. A DIR that exists and is not empty is only
replaced with --force. See docs/import-export.md.`,
		Example: `  fulcrum export examples/system.yaml --out deploy/
  fulcrum export examples/system.yaml --architecture recommended-on-aws --out deploy/aws
  fulcrum export spec.yaml --architecture edge-frontend-kubernetes-backend --out deploy --force`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if outDir == "" {
				return errs.WithHint(errs.Errorf(errs.Usage, "export needs --out DIR, the directory to write"), "see 'fulcrum export --help'")
			}
			af.seedSet = cmd.Flags().Changed("seed")
			if err := checkOutDir(outDir, force); err != nil {
				return err // before the analysis: fail fast
			}
			a, s, shape, err := af.analyseSpec(st, args[0])
			if err != nil {
				return err
			}
			files, err := export.Build(s, a, export.Options{Architecture: arch, SpecName: args[0], Shape: shape})
			if err != nil {
				if strings.Contains(err.Error(), "unknown architecture") {
					return errs.E(errs.Usage, err)
				}
				return errs.E(errs.Invalid, fmt.Errorf("export %s: %w", args[0], err))
			}
			if err := writeDir(outDir, files, force); err != nil {
				return err
			}
			fmt.Fprintf(st.Stdout, "wrote %d files to %s (architecture %s); see %s\n", len(files), outDir, archName(arch), filepath.Join(outDir, "README.md"))
			return nil
		},
	}
	c.Flags().StringVar(&arch, "architecture", "recommended", "the architecture to export (a name from fulcrum analyze: recommended, all-serverless, multi-cloud, recommended-on-aws, ...)")
	c.Flags().StringVar(&outDir, "out", "", "the directory to write (created; an existing non-empty one needs --force)")
	c.Flags().BoolVar(&force, "force", false, "replace an existing non-empty --out directory")
	af.add(c)
	return c
}

func archName(a string) string {
	if a == "" {
		return "recommended"
	}
	return a
}

// writeDir writes files under dir all at once: into a temporary directory
// beside dir, then renamed to dir. An existing non-empty dir is replaced
// only with force (moved aside, then removed once the new one is in
// place); on any failure dir is left as it was.
func writeDir(dir string, files []export.File, force bool) (err error) {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	if err := checkOutDir(dir, force); err != nil {
		return err
	}
	_, serr := os.Stat(dir)
	exists := serr == nil
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return errs.E(errs.Invalid, fmt.Errorf("--out %s: %w", dir, err))
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return errs.E(errs.Invalid, fmt.Errorf("--out %s: %w", dir, err))
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for _, f := range files {
		p := filepath.Join(tmp, filepath.FromSlash(f.Path))
		if !strings.HasPrefix(p, tmp+string(filepath.Separator)) {
			return fmt.Errorf("export: file %q leaves the directory", f.Path)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if !exists {
		return os.Rename(tmp, dir)
	}
	old := tmp + ".old"
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.Rename(old, dir) // put the old directory back
		return fmt.Errorf("replace %s: %w", dir, err)
	}
	return os.RemoveAll(old)
}

// checkOutDir refuses an existing non-empty directory without force.
func checkOutDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return errs.E(errs.Invalid, fmt.Errorf("--out %s: %w", dir, err))
	}
	if len(entries) > 0 && !force {
		return errs.WithHint(errs.Errorf(errs.Usage, "--out %s exists and is not empty", dir), "give --force to replace it, or another --out")
	}
	return nil
}
