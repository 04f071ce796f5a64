//go:build !dev

package web

import (
	"embed"
	"fmt"
	"io/fs"
)

// The front end: index.html, app.css and the bundle built from web/src with
// esbuild (committed, so go build needs no Node).
//
//go:embed static
var static embed.FS

func embeddedAssets() (fs.FS, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, fmt.Errorf("embedded assets: %w", err)
	}
	return sub, nil
}
