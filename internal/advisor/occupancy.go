package advisor

import "math"

// expectedInstances is E[ceil(N/c)] for N ~ Poisson(rho): the mean number of
// instances busy when requests arrive as a Poisson stream, each holds a slot
// for its duration, and an instance serves c at once with ideal packing. The
// number of requests in progress in an M/G/∞ system is Poisson with mean
// rho = rate × mean duration whatever the duration distribution, so this is
// the instance-time a platform that bills while an instance has work
// (Cloud Run request-based, Vercel fluid compute) charges per second.
func expectedInstances(rho float64, c int) float64 {
	if rho <= 0 {
		return 0
	}
	if c < 1 {
		c = 1
	}
	if c == 1 {
		return rho // E[N]
	}
	// For large rho the ceiling adds about (c-1)/(2c) on average.
	if rho > 2000 {
		return rho/float64(c) + float64(c-1)/(2*float64(c))
	}
	// Sum ceil(n/c) P(N=n) over n until the tail is negligible.
	sum := 0.0
	logp := -rho // log P(N=0)
	upper := int(rho + 12*math.Sqrt(rho) + 20)
	for n := 1; n <= upper; n++ {
		logp += math.Log(rho) - math.Log(float64(n))
		sum += float64((n+c-1)/c) * math.Exp(logp)
	}
	return sum
}
