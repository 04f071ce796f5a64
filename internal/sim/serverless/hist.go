package serverless

import (
	"math"

	"github.com/DataDog/sketches-go/ddsketch"
)

// hist is a fixed-size log-linear histogram of positive values (latencies in
// ms): a bucket is the float's exponent and its top histBits mantissa bits,
// so buckets are at most 2^-histBits ≈ 0.8 % wide relative to their value.
// Adding is a few integer operations (the DDSketch mapping costs several
// times more per request); at the end the buckets are loaded into a DDSketch,
// which is what results carry and merge. Memory is constant.
type hist struct {
	counts [histExps << histBits]uint64
	sum    float64
	max    float64
	n      uint64
}

const (
	histBits   = 7
	histMinExp = -20 // 2^-20 ms ≈ 1 ns; smaller values share the first bucket
	histExps   = 64  // up to 2^44 ms; larger values share the last bucket
)

func (h *hist) add(v float64) {
	h.n++
	h.sum += v
	if v > h.max {
		h.max = v
	}
	b := math.Float64bits(v)
	i := int64(b>>(52-histBits)) - int64(1023+histMinExp)<<histBits
	if i < 0 {
		i = 0
	} else if i >= histExps<<histBits {
		i = histExps<<histBits - 1
	}
	h.counts[i]++
}

// sketch loads the buckets, each at its centre, into a DDSketch.
func (h *hist) sketch() *ddsketch.DDSketch {
	sk := newSketch()
	for i, c := range h.counts {
		if c == 0 {
			continue
		}
		bits := uint64(int64(i)+int64(1023+histMinExp)<<histBits) << (52 - histBits)
		lo := math.Float64frombits(bits)
		hi := math.Float64frombits(bits + 1<<(52-histBits))
		_ = sk.AddWithCount((lo+hi)/2, float64(c))
	}
	return sk
}
