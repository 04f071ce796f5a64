package trace

import "math"

// logHist is a log-bucketed histogram with relative accuracy alpha: bucket k
// holds values in (γ^(k-1), γ^k] with γ = (1+α)/(1−α), and a quantile is
// reported as the bucket's midpoint 2γ^k/(γ+1), within α of the true value.
// This is the DDSketch mapping (Masson, Rim and Lee, VLDB 2019) without the
// protobuf dependency that github.com/DataDog/sketches-go pulls in.
type logHist struct {
	gamma, lnGamma float64
	offset         int
	counts         []float64
	total          float64
	max            float64
}

func newLogHist(alpha float64) *logHist {
	g := (1 + alpha) / (1 - alpha)
	// Values from 1e-9 upwards: offset puts 1e-9 at index 0.
	lg := math.Log(g)
	return &logHist{gamma: g, lnGamma: lg, offset: -int(math.Ceil(math.Log(1e-9) / lg))}
}

func (h *logHist) add(x, count float64) {
	if count <= 0 {
		return
	}
	x = math.Max(x, 1e-9)
	k := int(math.Ceil(math.Log(x)/h.lnGamma)) + h.offset
	if k < 0 {
		k = 0
	}
	for k >= len(h.counts) {
		h.counts = append(h.counts, 0)
	}
	h.counts[k] += count
	h.total += count
	h.max = math.Max(h.max, x)
}

// quantile returns the q-quantile (0 ≤ q ≤ 1), or 0 when empty.
func (h *logHist) quantile(q float64) float64 {
	if h.total == 0 {
		return 0
	}
	rank := q * (h.total - 1)
	var cum float64
	for k, c := range h.counts {
		cum += c
		if cum > rank {
			v := 2 * math.Exp(float64(k-h.offset)*h.lnGamma) / (h.gamma + 1)
			return math.Min(v, h.max)
		}
	}
	return h.max
}
