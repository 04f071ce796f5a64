// Package cli is the command-line adapter: one file per subcommand, all
// process state through State, and one function (Main) that prints errors
// and chooses the exit code.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// State is everything the process gives the CLI. Tests build their own.
type State struct {
	Args   []string
	Stdout io.Writer
	Stderr io.Writer
	Stdin  io.Reader
	// ReadFile reads a user's file (the OS in production).
	ReadFile func(name string) ([]byte, error)
	// Open opens a user's file for streaming.
	Open func(name string) (io.ReadCloser, error)
	// Create creates or truncates a file for writing, making its directory.
	Create func(name string) (io.WriteCloser, error)
	// ReadDir lists the names of the entries of a directory, sorted.
	ReadDir func(name string) ([]string, error)
	// Now is the clock (for the catalog-age warning only).
	Now func() time.Time
	// IsTerminal reports whether stdout is a terminal (progress bars).
	IsTerminal bool
	// Color allows ANSI colours on stdout: a terminal, NO_COLOR unset and
	// TERM not "dumb".
	Color bool
	// WriteFile writes a whole file atomically: to a temporary file in the
	// same directory, then renamed over name, so a reader never sees a
	// partial file. Nil in tests that write no files.
	WriteFile func(name string, data []byte) error
	Ctx       context.Context
}

// OSState builds the real State; only main calls it.
func OSState() *State {
	fi, err := os.Stdout.Stat()
	tty := err == nil && fi.Mode()&os.ModeCharDevice != 0
	return &State{
		Args:       os.Args[1:],
		Stdout:     os.Stdout,
		Stderr:     os.Stderr,
		Stdin:      os.Stdin,
		ReadFile:   os.ReadFile,
		Open:       func(name string) (io.ReadCloser, error) { return os.Open(name) },
		Create:     osCreate,
		ReadDir:    osReadDir,
		Now:        time.Now,
		IsTerminal: tty,
		Color:      tty && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb",
		WriteFile:  writeFileAtomic,
		Ctx:        context.Background(),
	}
}

// writeFileAtomic writes data to a temporary file beside name and renames
// it over name; on any failure the temporary file is removed and name is
// left as it was.
func writeFileAtomic(name string, data []byte) (err error) {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}

func osCreate(name string) (io.WriteCloser, error) {
	if dir := filepath.Dir(name); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	return os.Create(name)
}

func osReadDir(name string) ([]string, error) {
	es, err := os.ReadDir(name)
	if err != nil {
		return nil, err
	}
	names := make([]string, len(es))
	for i, e := range es {
		names[i] = e.Name()
	}
	return names, nil
}

// Main runs the command line and returns the exit code. It is the one place
// that prints an error and recovers a panic.
func Main(st *State) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(st.Stderr, "fulcrum: internal error: %v\nplease report this with the command you ran\n", r)
			if os.Getenv("FULCRUM_DEBUG") != "" {
				fmt.Fprintf(st.Stderr, "%s", debug.Stack())
			}
			code = 1
		}
	}()
	root := NewRoot(st)
	root.SetArgs(st.Args)
	err := root.ExecuteContext(st.Ctx)
	if err == nil {
		return 0
	}
	printError(st.Stderr, err)
	return errs.ExitCode(err)
}

func printError(w io.Writer, err error) {
	var ps errs.Problems
	if errors.As(err, &ps) {
		n := len(ps)
		fmt.Fprintf(w, "fulcrum: %d problem%s found:\n", n, plural(n))
		for _, p := range ps {
			fmt.Fprintf(w, "  %s\n", p)
		}
	} else {
		fmt.Fprintf(w, "fulcrum: %s\n", err)
	}
	if h := errs.HintOf(err); h != "" {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// NewRoot builds the command tree. Each subcommand lives in its own file and
// is added here.
func NewRoot(st *State) *cobra.Command {
	root := &cobra.Command{
		Use:   "fulcrum",
		Short: "Serverless or Kubernetes? Simulate, price and advise, per component.",
		Long: `Fulcrum answers, for each part of a system, whether it should run serverless
or on Kubernetes, what each costs per month, and when the answer flips.

Prices come from an embedded, dated and sourced catalog; nothing is fetched
from the network.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetOut(st.Stdout)
	root.SetErr(st.Stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return errs.WithHint(errs.E(errs.Usage, err), fmt.Sprintf("see '%s --help'", c.CommandPath()))
	})
	for _, add := range commands {
		root.AddCommand(add(st))
	}
	addCompletions(st, root)
	return root
}

// commands is every subcommand constructor; each command file appends its
// own in an init func, so command files do not touch each other.
var commands = []func(*State) *cobra.Command{}

// usageArgs wraps cobra's argument validators so that their errors are usage errors.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if err := v(c, args); err != nil {
			return errs.WithHint(errs.E(errs.Usage, err), fmt.Sprintf("see '%s --help'", c.CommandPath()))
		}
		return nil
	}
}

// readUserFile reads a file named on the command line, classifying failures.
func readUserFile(st *State, name string) ([]byte, error) {
	b, err := st.ReadFile(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, errs.E(errs.NotFound, fmt.Errorf("read %s: %w", name, err))
		}
		return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", name, err))
	}
	return b, nil
}

// outputFormat validates -o values.
func outputFormat(o string, allowed ...string) error {
	for _, a := range allowed {
		if o == a {
			return nil
		}
	}
	return errs.Errorf(errs.Usage, "unknown output format %q (valid: %s)", o, strings.Join(allowed, ", "))
}
