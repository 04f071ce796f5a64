package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
)

// AnalysisJSON is the JSON form of an analysis: what `fulcrum analyze -o json`
// prints and what the dashboard's POST /api/analyze answers, byte for byte
// (two-space indent, trailing newline).
func AnalysisJSON(a *advisor.Analysis) ([]byte, error) {
	var buf bytes.Buffer
	if err := WriteAnalysisJSON(&buf, a); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// WriteAnalysisJSON writes AnalysisJSON(a) to w.
func WriteAnalysisJSON(w io.Writer, a *advisor.Analysis) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(a); err != nil {
		return fmt.Errorf("encode analysis: %w", err)
	}
	return nil
}
