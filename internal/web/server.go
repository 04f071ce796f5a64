// Package web is the local dashboard of `fulcrum serve`: one page, its
// embedded assets and a JSON API over the same analysis the CLI prints. It
// binds to loopback by default, fetches nothing from other hosts, limits
// request bodies and sets a Content-Security-Policy that allows only the
// page's own origin.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// Defaults of the server's limits.
const (
	// DefaultAddr is loopback: the dashboard is for the person at the machine.
	DefaultAddr = "127.0.0.1:7878"
	// MaxBody is the largest request body (a spec) accepted: 1 MiB. The
	// largest bundled example is about 2 KiB; a system of a thousand
	// components stays under 1 MiB.
	MaxBody = 1 << 20
	// CSP allows scripts, styles, images and fetches from the page's own
	// origin only, and forbids framing, plugins and base-URL changes.
	CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)

// Config is what a Server needs.
type Config struct {
	// Catalog prices every analysis (the embedded catalog plus any override).
	Catalog *catalog.Catalog
	// Examples holds the bundled example specs (*.yaml at its root).
	Examples fs.FS
	// Assets overrides the embedded front-end files (the dev build tag reads
	// them from disk); nil means the embedded ones.
	Assets fs.FS
	// Specs are the specs named on the command line, offered next to the examples.
	Specs []NamedSpec
	// Traces open the trace files named in posted specs, tried after the
	// examples' own (the CLI passes the folders of the specs it was given).
	Traces []Opener
	// CacheEntries is how many analysed specs are kept (default 64).
	CacheEntries int
	// Logf logs server-side failures (nil: discard).
	Logf func(format string, args ...any)
}

// NamedSpec is a spec given on the command line.
type NamedSpec struct {
	Name string
	Data []byte
}

// Server serves the dashboard.
type Server struct {
	cfg    Config
	assets fs.FS
	mux    *http.ServeMux
	engine *engine
	runs   *runs
}

// New builds a Server.
func New(cfg Config) (*Server, error) {
	if cfg.Catalog == nil {
		return nil, fmt.Errorf("web server: no price catalog")
	}
	if cfg.Examples == nil {
		return nil, fmt.Errorf("web server: no examples")
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	assets := cfg.Assets
	if assets == nil {
		var err error
		assets, err = embeddedAssets()
		if err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: cfg, assets: assets, mux: http.NewServeMux(),
		engine: newEngine(cfg.Catalog, append([]Opener{FSOpener(cfg.Examples)}, cfg.Traces...), cfg.CacheEntries)}
	s.runs = newRuns(s.engine)
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.mux.HandleFunc("GET /{$}", s.handleIndex)
	s.mux.Handle("GET /assets/", http.StripPrefix("/assets/", s.assetHandler()))
	s.mux.HandleFunc("GET /api/examples", s.handleExamples)
	s.mux.HandleFunc("GET /api/examples/{name}", s.handleExample)
	s.mux.HandleFunc("POST /api/analyze", s.handleAnalyze)
	s.mux.HandleFunc("POST /api/validate", s.handleValidate)
	s.mux.HandleFunc("POST /api/diagram", s.handleDiagram)
	s.mux.HandleFunc("POST /api/views", s.handleViews)
	s.mux.HandleFunc("POST /api/report", s.handleReport)
	s.mux.HandleFunc("POST /api/runs", s.handleRunStart)
	s.mux.HandleFunc("GET /api/runs/{id}/events", s.handleRunEvents)
	s.mux.HandleFunc("DELETE /api/runs/{id}", s.handleRunCancel)
}

// ServeHTTP sets the security headers on every response and serves.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", CSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	s.mux.ServeHTTP(w, r)
}

// Close stops background work (running analyses finish on their own).
func (s *Server) Close() { s.runs.close() }

// HTTPServer wraps a handler with the timeouts a local server still needs
// (slow clients must not hold connections forever). The write timeout is
// long enough for a progress stream; the streams themselves end when the
// run ends.
func HTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
}

// IsLoopback reports whether addr (host:port) binds only to the loopback
// interface. An empty host binds to every interface.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Serve listens on addr and serves until ctx ends.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := HTTPServer(ln.Addr().String(), h)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
		return nil
	case err := <-errc:
		if err == http.ErrServerClosed {
			return nil
		}
		return err
	}
}
