package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/export"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// placementFields are the spec's fields that decide where a component may
// run, independent of its volume and duration.
func placementFields(c workload.Component) map[string]any {
	return map[string]any{
		"type": c.Type, "runtime": c.Runtime, "memory_mb": c.MemoryMB, "gpu": c.GPU, "stateful": c.Stateful,
		"storage_gb": c.StorageGB, "max_execution_s": c.MaxExecutionS, "concurrency": c.Concurrency,
		"long_lived_connections": c.LongLivedConnections, "edge": c.Edge, "front_door": c.FrontDoor,
	}
}

// Import of an export gives back every exported component's
// placement-relevant fields, for every feasible architecture of
// examples/system.yaml; the all-Kubernetes-backend one exports (and so
// gives back) all eight components.
func TestExportImportRoundTrip(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "system.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	orig, _, err := spec.Parse("examples/system.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	orig.Seed = 1
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := advisor.Analyze(orig, cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]workload.Component{}
	for _, c := range orig.Components {
		byName[c.Name] = c
	}
	for _, arch := range a.Architectures {
		if !arch.Feasible {
			continue
		}
		t.Run(arch.Name, func(t *testing.T) {
			files, err := export.Build(orig, a, export.Options{Architecture: arch.Name})
			if err != nil {
				t.Fatal(err)
			}
			var srcs []Source
			for _, f := range files {
				if strings.HasSuffix(f.Path, ".md") {
					continue
				}
				srcs = append(srcs, Source{Name: f.Path, Data: f.Data})
			}
			r := Import(srcs)
			if len(r.Skipped) > 0 {
				t.Errorf("skipped: %v", r.Skipped)
			}
			back, _, err := spec.Parse("roundtrip.yaml", r.Spec(orig.Name))
			if err != nil {
				t.Fatalf("the imported spec does not validate: %v\n%s", err, r.Spec(orig.Name))
			}
			got := map[string]workload.Component{}
			for _, c := range back.Components {
				got[c.Name] = c
			}
			exported := 0
			for _, p := range arch.Placement {
				c, ok := got[p.Component]
				hasFile := platform.KindOf(p.Platform) == platform.Kubernetes || p.Platform == workload.PlatformLambda ||
					p.Platform == workload.PlatformCloudRun || p.Platform == workload.PlatformWorkers || p.Platform == workload.PlatformFargate
				if !hasFile {
					if ok {
						t.Errorf("%s on %s has no deployable file but came back", p.Component, p.Platform)
					}
					continue
				}
				exported++
				if !ok {
					t.Errorf("%s (on %s) did not come back", p.Component, p.Platform)
					continue
				}
				want, have := placementFields(byName[p.Component]), placementFields(c)
				for k, v := range want {
					if have[k] != v {
						t.Errorf("%s on %s: %s = %v, want %v", p.Component, p.Platform, k, have[k], v)
					}
				}
			}
			if len(got) != exported {
				t.Errorf("%d components came back from %d exported", len(got), exported)
			}
			if arch.Name == "edge-frontend-kubernetes-backend" && exported != len(orig.Components) {
				t.Errorf("%s exported %d of %d components", arch.Name, exported, len(orig.Components))
			}
		})
	}
}
