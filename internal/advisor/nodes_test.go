package advisor

import (
	"math/rand/v2"
	"testing"
)

// firstFitByScan is the packer's definition: every pod scans the open nodes
// from the first and goes to the first with room.
func firstFitByScan(nt nodeType, pods []pod, counts []int) int {
	var free [][4]float64
	for i, q := range pods {
		for range counts[i] {
			placed := false
			for j := range free {
				f := &free[j]
				if q.cpu <= f[0]+1e-9 && q.mib <= f[1]+1e-9 && float64(q.gpu) <= f[2] && f[3] >= 1 {
					f[0] -= q.cpu
					f[1] -= q.mib
					f[2] -= float64(q.gpu)
					f[3]--
					placed = true
					break
				}
			}
			if !placed {
				free = append(free, [4]float64{nt.AllocCPU - q.cpu, nt.AllocMiB - q.mib, float64(nt.GPUs - q.gpu), float64(nt.MaxPods - 1)})
			}
		}
	}
	return len(free)
}

// TestPackerIsFirstFit: the one-pass packer opens exactly the nodes that
// scanning from the first node for every pod opens, on random pod groups
// (sizes that fill nodes exactly, leave gaps, or hit the pod limit first).
func TestPackerIsFirstFit(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 500 {
		nt := nodeType{AllocCPU: float64(1+r.IntN(16)) - 0.1*float64(r.IntN(3)), AllocMiB: float64(1024 * (1 + r.IntN(64))), GPUs: r.IntN(3), MaxPods: 1 + r.IntN(40)}
		k := 1 + r.IntN(4)
		pods := make([]pod, k)
		counts := make([]int, k)
		for i := range pods {
			pods[i] = pod{cpu: nt.AllocCPU / float64(1+r.IntN(8)), mib: nt.AllocMiB / float64(1+r.IntN(8))}
			if nt.GPUs > 0 && r.IntN(3) == 0 {
				pods[i].gpu = 1
			}
			counts[i] = r.IntN(300)
		}
		want := firstFitByScan(nt, pods, counts)
		if got := (&packer{nt: nt}).nodes(pods, counts); got != want {
			t.Fatalf("trial %d: %d nodes, first fit by scanning opens %d (node %+v, pods %+v, counts %v)", trial, got, want, nt, pods, counts)
		}
	}
}
