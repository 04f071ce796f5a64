package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/diagram"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/pipeline"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

// apiError is the JSON body of every error answer.
type apiError struct {
	Error    string        `json:"error"`
	Problems errs.Problems `json:"problems,omitempty"`
	Warnings errs.Problems `json:"warnings,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		http.Error(w, `{"error":"encode response"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// writeError answers with the error's status from the errs table (422 for
// an invalid spec, 400 for a bad request, 500 otherwise) and, for an invalid
// spec, every problem with its line and column.
func (s *Server) writeError(w http.ResponseWriter, err error, warnings errs.Problems) {
	status := errs.HTTPStatus(err)
	body := apiError{Error: err.Error(), Warnings: warnings}
	var ps errs.Problems
	if errors.As(err, &ps) {
		body.Problems = ps
		body.Error = fmt.Sprintf("the spec has %d problem(s)", len(ps))
	}
	if status >= 500 {
		s.cfg.Logf("internal error: %v", err)
		body.Error = "internal error: " + err.Error()
	}
	writeJSON(w, status, body)
}

// readSpecBody reads a request body of at most MaxBody bytes. An empty body
// is a bad request (400); a larger one is refused with 413.
func readSpecBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	r.Body = http.MaxBytesReader(w, r.Body, MaxBody)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeJSON(w, http.StatusRequestEntityTooLarge, apiError{Error: fmt.Sprintf("the request body is larger than %d bytes (1 MiB)", MaxBody)})
			return nil, false
		}
		writeJSON(w, http.StatusBadRequest, apiError{Error: "read request body: " + err.Error()})
		return nil, false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "the request body is empty: send a workload spec (YAML, version 1)"})
		return nil, false
	}
	return data, true
}

// handleAnalyze answers exactly what `fulcrum analyze -o json` prints.
// ?uncertainty=N adds `analyze --uncertainty N`'s analysis.uncertainty.
func (s *Server) handleAnalyze(w http.ResponseWriter, r *http.Request) {
	samples, ok := uncertaintyParam(w, r)
	if !ok {
		return
	}
	data, ok := readSpecBody(w, r)
	if !ok {
		return
	}
	res, err := s.engine.analyse(r.Context(), data, samples, nil)
	if err != nil {
		_, warnings, _ := spec.Parse(SpecName, data)
		s.writeError(w, err, warnings)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Add("Vary", "Accept-Encoding")
	if acceptsGzip(r) {
		if gz := res.GzipJSON(); gz != nil {
			h.Set("Content-Encoding", "gzip")
			_, _ = w.Write(gz)
			return
		}
	}
	_, _ = w.Write(res.JSON)
}

// acceptsGzip reports whether the client takes a gzip-encoded answer.
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
				return true
			}
		}
	}
	return false
}

// validation is the answer of POST /api/validate.
type validation struct {
	Valid    bool          `json:"valid"`
	Problems errs.Problems `json:"problems"`
	Warnings errs.Problems `json:"warnings"`
}

// handleValidate checks a spec and answers 200 with every problem and
// warning at its line and column (the editor marks them as you type).
func (s *Server) handleValidate(w http.ResponseWriter, r *http.Request) {
	data, ok := readSpecBody(w, r)
	if !ok {
		return
	}
	_, warnings, err := spec.Parse(SpecName, data)
	v := validation{Valid: err == nil, Problems: errs.Problems{}, Warnings: warnings}
	if v.Warnings == nil {
		v.Warnings = errs.Problems{}
	}
	if err != nil {
		var ps errs.Problems
		if !errors.As(err, &ps) {
			s.writeError(w, err, warnings)
			return
		}
		v.Problems = ps
	}
	writeJSON(w, http.StatusOK, v)
}

// handleDiagram answers the architecture diagram as SVG, or as DOT with
// ?format=dot; ?architecture= picks one (default recommended).
func (s *Server) handleDiagram(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "svg"
	}
	if format != "svg" && format != "dot" {
		writeJSON(w, http.StatusBadRequest, apiError{Error: fmt.Sprintf("unknown format %q (valid: svg, dot)", format)})
		return
	}
	data, ok := readSpecBody(w, r)
	if !ok {
		return
	}
	res, err := s.engine.analyse(r.Context(), data, 0, nil)
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	m, err := diagram.Build(res.Analysis, res.Spec, r.URL.Query().Get("architecture"))
	if err != nil {
		s.writeError(w, errs.E(errs.Usage, err), nil)
		return
	}
	dot := m.DOT()
	if format == "dot" {
		w.Header().Set("Content-Type", "text/vnd.graphviz; charset=utf-8")
		_, _ = io.WriteString(w, dot)
		return
	}
	svg, err := diagram.SVG(r.Context(), dot)
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	_, _ = w.Write(svg)
}

// viewsOf analyses the posted spec and builds every view, planner views
// included (?growth=); on failure it has answered the request.
func (s *Server) viewsOf(w http.ResponseWriter, r *http.Request) (*Result, *Views, bool) {
	growth, ok := growthParam(w, r)
	if !ok {
		return nil, nil, false
	}
	samples, ok := uncertaintyParam(w, r)
	if !ok {
		return nil, nil, false
	}
	data, ok := readSpecBody(w, r)
	if !ok {
		return nil, nil, false
	}
	res, err := s.engine.analyse(r.Context(), data, samples, nil)
	if err != nil {
		_, warnings, _ := spec.Parse(SpecName, data)
		s.writeError(w, err, warnings)
		return nil, nil, false
	}
	v, err := BuildViews(r.Context(), res, nil)
	if err != nil {
		s.writeError(w, err, nil)
		return nil, nil, false
	}
	pv, err := pipeline.Planner(r.Context(), res, growth, nil)
	if err != nil {
		s.writeError(w, err, nil)
		return nil, nil, false
	}
	v.AddPlanner(pv)
	return res, v, true
}

// handleViews answers every view of a spec at once (what a run's result
// and update events carry); ?growth= as for POST /api/runs.
func (s *Server) handleViews(w http.ResponseWriter, r *http.Request) {
	_, v, ok := s.viewsOf(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Example is one bundled example or command-line spec.
type Example struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"url"`
	// Default is the spec the page opens with: the first one given on the
	// command line, else system.yaml.
	Default bool `json:"default,omitempty"`
}

// examples lists the specs given on the command line first, then the
// bundled examples in name order.
func (s *Server) examples() ([]Example, map[string][]byte, error) {
	var out []Example
	data := map[string][]byte{}
	for _, sp := range s.cfg.Specs {
		name := path.Base(sp.Name)
		if _, dup := data[name]; dup {
			continue
		}
		data[name] = sp.Data
		out = append(out, Example{Name: name, Description: describe(sp.Data), URL: "/api/examples/" + name})
	}
	names, err := fs.Glob(s.cfg.Examples, "*.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("list examples: %w", err)
	}
	slices.Sort(names)
	for _, n := range names {
		if _, dup := data[n]; dup {
			continue
		}
		b, err := fs.ReadFile(s.cfg.Examples, n)
		if err != nil {
			return nil, nil, fmt.Errorf("read example %s: %w", n, err)
		}
		data[n] = b
		out = append(out, Example{Name: n, Description: describe(b), URL: "/api/examples/" + n})
	}
	def := -1
	for i, e := range out {
		if i < len(s.cfg.Specs) || e.Name == "system.yaml" {
			def = i
			break
		}
	}
	if def < 0 && len(out) > 0 {
		def = 0
	}
	if def >= 0 {
		out[def].Default = true
	}
	return out, data, nil
}

// describe is the spec's leading comment, joined into one line.
func describe(b []byte) string {
	var parts []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !strings.HasPrefix(line, "#") {
			break
		}
		parts = append(parts, strings.TrimSpace(strings.TrimPrefix(line, "#")))
	}
	return strings.Join(parts, " ")
}

func (s *Server) handleExamples(w http.ResponseWriter, r *http.Request) {
	list, _, err := s.examples()
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// handleExample answers one example's YAML. Names are looked up in the list,
// never joined into a path.
func (s *Server) handleExample(w http.ResponseWriter, r *http.Request) {
	_, data, err := s.examples()
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	b, ok := data[r.PathValue("name")]
	if !ok {
		writeJSON(w, http.StatusNotFound, apiError{Error: fmt.Sprintf("no example named %q (GET /api/examples lists them)", r.PathValue("name"))})
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, _ = w.Write(b)
}

// handleReport answers the self-contained HTML report of a spec, the file
// `fulcrum report SPEC -o html` writes (?growth= as for POST /api/views).
func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	res, v, ok := s.viewsOf(w, r)
	if !ok {
		return
	}
	page, err := ReportHTML(s.assets, v, "Fulcrum report: "+res.Analysis.Name)
	if err != nil {
		s.writeError(w, err, nil)
		return
	}
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, res.Analysis.Name)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="fulcrum-report-`+name+`.html"`)
	_, _ = w.Write(page)
}

// MaxUncertaintySamples bounds ?uncertainty= (an analysis is abandoned
// after 90 s; 200 samples of system.yaml take about 4 s on two cores).
const MaxUncertaintySamples = 2000

// uncertaintyParam reads ?uncertainty=N (samples, 1 to
// MaxUncertaintySamples; absent: 0, none); a bad value is answered with 400.
func uncertaintyParam(w http.ResponseWriter, r *http.Request) (int, bool) {
	v := r.URL.Query().Get("uncertainty")
	if v == "" {
		return 0, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > MaxUncertaintySamples {
		writeJSON(w, http.StatusBadRequest, apiError{Error: fmt.Sprintf("uncertainty: %q is not a number of samples from 1 to %d (200 is a good number)", v, MaxUncertaintySamples)})
		return 0, false
	}
	return n, true
}
