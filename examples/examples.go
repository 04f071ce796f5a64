// Package examples holds the bundled example specs, embedded so that the
// dashboard (fulcrum serve) can offer them with no files on disk.
package examples

import "embed"

// FS holds every example spec (*.yaml) at its root and the traces they
// replay (traces/).
//
//go:embed *.yaml traces
var FS embed.FS
