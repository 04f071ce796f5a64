//go:build dev

package web

import (
	"io/fs"
	"os"
)

// With the dev build tag the assets are read from disk on every request, so
// a rebuilt bundle (npm run build in web/) shows on reload. Run the binary
// from the repository root.
func embeddedAssets() (fs.FS, error) {
	return os.DirFS("internal/web/static"), nil
}
