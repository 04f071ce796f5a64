package platform

import (
	"sort"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
)

// NodeTypeNames lists the node types a cluster platform offers in the
// catalog's region: every <prefix><type>.hourly with a .vcpu beside it,
// general-purpose and GPU types apart (a GPU type has .gpus above 0).
// Sorted by name.
func NodeTypeNames(c *catalog.Catalog, cl Cluster) (general, gpu []string) {
	pre := cl.NodePricePrefix()
	for id := range c.Entries {
		if !strings.HasPrefix(id, pre) || !strings.HasSuffix(id, ".hourly") {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(id, pre), ".hourly")
		if _, ok := c.Entries[pre+name+".vcpu"]; !ok {
			continue
		}
		if g, ok := c.Entries[pre+name+".gpus"]; ok && g.Float() > 0 {
			gpu = append(gpu, name)
		} else {
			general = append(general, name)
		}
	}
	sort.Strings(general)
	sort.Strings(gpu)
	return general, gpu
}

// NodeTypeOf names the cluster platform whose catalog has a node type
// called name, with the region-independent shape entries (.vcpu) as the
// test, so that a type not offered in one region is still known.
func NodeTypeOf(c *catalog.Catalog, name string) (platformID string, ok bool) {
	for _, p := range All() {
		cl, isCluster := p.(Cluster)
		if !isCluster {
			continue
		}
		if _, found := c.Entries[cl.NodePricePrefix()+name+".vcpu"]; found {
			return p.Info().ID, true
		}
	}
	return "", false
}
