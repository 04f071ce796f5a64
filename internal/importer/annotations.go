package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/export"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// annotationFields maps the fulcrum.dev/* keys fulcrum export writes to
// spec fields and their kinds.
var annotationFields = map[string]struct {
	field string
	kind  byte // s string, n number, i integer, b bool
}{
	"type":                   {"type", 's'},
	"runtime":                {"runtime", 's'},
	"memory-mb":              {"memory_mb", 'n'},
	"max-execution-s":        {"max_execution_s", 'n'},
	"gpu":                    {"gpu", 'i'},
	"stateful":               {"stateful", 'b'},
	"storage-gb":             {"storage_gb", 'n'},
	"concurrency":            {"concurrency", 'i'},
	"long-lived-connections": {"long_lived_connections", 'b'},
	"edge":                   {"edge", 'b'},
	"front-door":             {"front_door", 's'},
}

// applyAnnotations sets the fields recorded in fulcrum.dev/* annotations
// (or SAM metadata, or wrangler.toml comments); it reports whether the
// resource was written by fulcrum export (then the annotations are the
// spec's own values and win over what the platform settings suggest).
func applyAnnotations(c *Component, ann map[string]string, where string) bool {
	ours := false
	for k, v := range ann {
		key, ok := strings.CutPrefix(k, export.AnnotationPrefix)
		if !ok {
			continue
		}
		if key == "component" {
			ours = true
			continue
		}
		f, ok := annotationFields[key]
		if !ok {
			continue
		}
		from := fmt.Sprintf("%s (%s)", where, k)
		switch f.kind {
		case 's':
			c.set(f.field, v, from, "")
		case 'n':
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				c.set(f.field, n, from, "")
			}
		case 'i':
			if n, err := strconv.Atoi(v); err == nil {
				c.set(f.field, n, from, "")
			}
		case 'b':
			if b, err := strconv.ParseBool(v); err == nil {
				c.set(f.field, b, from, "")
			}
		}
	}
	return ours
}

// componentNameFrom is the fulcrum.dev/component annotation, else name.
func componentNameFrom(ann map[string]string, name string) string {
	if n := ann[export.AnnotationPrefix+"component"]; n != "" {
		return componentName(n)
	}
	return componentName(name)
}

// setRuntimeGuess sets runtime from an image when no annotation did.
func setRuntimeFromImage(c *Component, image, from string) {
	if c.has("runtime") || image == "" {
		return
	}
	rt, ok := runtimeFromImage(image)
	if ok {
		c.set("runtime", string(rt), "", fmt.Sprintf("from the image name %s (%s)", image, from))
	} else {
		c.set("runtime", string(workload.RuntimeContainer), "", fmt.Sprintf("the image %s names no language (%s); set the runtime its code uses for cold starts", image, from))
	}
}
