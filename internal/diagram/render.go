package diagram

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/goccy/go-graphviz"
)

// Notice is the licence notice of the Graphviz build that renders SVG
// (go-graphviz embeds Graphviz compiled to WebAssembly; Graphviz is under the
// Eclipse Public License 1.0, go-graphviz under MIT).
//
//go:embed NOTICE
var Notice string

// go-graphviz runs one WebAssembly instance per process; calls into it are
// serialised.
var (
	mu sync.Mutex
	gv *graphviz.Graphviz
)

// SVG lays out DOT source with Graphviz's dot engine and renders it as SVG.
// The result is the same on every machine: Graphviz measures text with its
// own built-in font metrics inside WebAssembly, not with host fonts.
func SVG(ctx context.Context, dot string) ([]byte, error) {
	mu.Lock()
	defer mu.Unlock()
	if gv == nil {
		g, err := graphviz.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("start graphviz: %w", err)
		}
		gv = g
	}
	graph, err := graphviz.ParseBytes([]byte(dot))
	if err != nil {
		return nil, fmt.Errorf("parse diagram source: %w", err)
	}
	defer graph.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, graph, graphviz.SVG, &buf); err != nil {
		return nil, fmt.Errorf("render diagram: %w", err)
	}
	return stripProlog(buf.Bytes()), nil
}

// stripProlog drops the XML declaration and DOCTYPE so the SVG can be
// inlined in HTML as well as saved as a file (an .svg file is valid without
// them).
func stripProlog(b []byte) []byte {
	if i := bytes.Index(b, []byte("<svg")); i > 0 {
		return b[i:]
	}
	return b
}
