package spec

import (
	"sort"
	"strings"
	"sync"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// catalogKnown is what the embedded catalog has: its regions and every
// cluster platform's node type names. A user's price file cannot add ids,
// so the embedded catalog is the whole list.
var catalogKnown = sync.OnceValue(func() workload.Known {
	cat, err := pricedata.Load()
	if err != nil {
		return workload.Known{} // the catalog's own tests catch this
	}
	var k workload.Known
	k.Regions = cat.RegionNames()
	for _, p := range platform.All() {
		cl, ok := p.(platform.Cluster)
		if !ok {
			continue
		}
		pre := cl.NodePricePrefix()
		for id := range cat.Entries {
			if strings.HasPrefix(id, pre) && strings.HasSuffix(id, ".vcpu") {
				k.NodeTypes = append(k.NodeTypes, strings.TrimSuffix(strings.TrimPrefix(id, pre), ".vcpu"))
			}
		}
	}
	sort.Strings(k.NodeTypes)
	return k
})
