// Package advisor decides where each component of a system should run: it
// checks which platforms can run it at all (hard constraints), prices every
// feasible option, sizes the Kubernetes clusters, and searches the placement
// that minimises the system's monthly cost with shared costs counted once.
// It is pure: it reads a workload.Spec and a catalog.Catalog and returns an
// Analysis; rendering lives in internal/report. What it knows about each
// platform comes from internal/platform.
package advisor

import "github.com/fulcrum-tools/fulcrum/internal/platform"

// demand is a component's load in the units the models need.
type demand = platform.Work
