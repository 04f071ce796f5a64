package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/examples"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/web"
)

func init() { commands = append(commands, newServeCmd) }

func newServeCmd(st *State) *cobra.Command {
	var addr, pricesFile string
	c := &cobra.Command{
		Use:   "serve [SPEC ...]",
		Short: "Open the local web dashboard (editor, charts, architecture diagram)",
		Long: `Serve starts the local dashboard: a YAML editor that marks problems at
their line and column as you type, and charts of every result (cost per
component and platform, the architectures side by side, the architecture
diagram, a month of traffic). Every number opens its line items and sources.

It binds to 127.0.0.1 (loopback) unless --addr names another address; then it
says so loudly, because the dashboard has no authentication. All assets are
embedded: the page fetches nothing from any other host.

Specs named on the command line are offered next to the bundled examples.
The JSON API is described in docs/dashboard.md (POST /api/analyze answers
exactly what 'fulcrum analyze -o json' prints).`,
		Example: `  fulcrum serve
  fulcrum serve examples/system.yaml
  fulcrum serve --addr 127.0.0.1:9000 acme.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			cat, err := loadCatalog(st, pricesFile)
			if err != nil {
				return err
			}
			var specs []web.NamedSpec
			var traces []web.Opener
			for _, name := range args {
				b, err := readUserFile(st, name)
				if err != nil {
					return err
				}
				specs = append(specs, web.NamedSpec{Name: name, Data: b})
				if st.Open == nil {
					continue
				}
				dir := filepath.Dir(name)
				traces = append(traces, func(p string) (io.ReadCloser, error) { return st.Open(filepath.Join(dir, filepath.FromSlash(p))) })
			}
			srv, err := web.New(web.Config{Catalog: cat, Examples: examples.FS, Specs: specs, Traces: traces,
				Logf: func(format string, a ...any) { fmt.Fprintf(st.Stderr, "fulcrum serve: "+format+"\n", a...) }})
			if err != nil {
				return err
			}
			defer srv.Close()
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return errs.WithHint(errs.E(errs.Usage, fmt.Errorf("listen on %s: %w", addr, err)), "pick another port with --addr 127.0.0.1:PORT")
			}
			if !web.IsLoopback(ln.Addr().String()) {
				warn(st, "the dashboard is listening on %s, NOT only on loopback: anyone who can reach this address can use it, and there is no authentication; use the default (--addr %s) unless you mean it", ln.Addr(), web.DefaultAddr)
			}
			fmt.Fprintf(st.Stderr, "fulcrum dashboard on http://%s/ (Ctrl-C to stop)\n", browseAddr(ln.Addr()))
			parent := cmd.Context()
			if parent == nil {
				parent = context.Background()
			}
			ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			return web.Serve(ctx, ln, srv)
		},
	}
	c.Flags().StringVar(&addr, "addr", web.DefaultAddr, "address to listen on (host:port); anything but loopback exposes the dashboard to the network")
	c.Flags().StringVar(&pricesFile, "prices", "", "YAML file overriding catalog prices (any subset of ids)")
	return c
}

// browseAddr is the address to open in a browser: an unspecified address
// (0.0.0.0, ::) listens on every interface, loopback included.
func browseAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}
