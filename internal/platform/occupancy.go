package platform

import "math"

// ExpectedInstances is E[ceil(N/c)] for N ~ Poisson(rho): the mean number of
// instances busy when requests arrive as a Poisson stream, each holds a slot
// for its duration, and an instance serves c at once with ideal packing. The
// number of requests in progress in an M/G/∞ system is Poisson with mean
// rho = rate × mean duration whatever the duration distribution, so this is
// the instance-time a platform that bills while an instance has work
// (Cloud Run request-based, Vercel fluid compute) charges per second.
func ExpectedInstances(rho float64, c int) float64 {
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
	// Sum ceil(n/c) P(N=n) over rho ± 12 standard deviations (the mass
	// outside is below 1e-30), walking the pmf by its recurrence
	// P(n+1) = P(n) rho/(n+1) from the first term.
	sd := math.Sqrt(rho)
	lo := max(0, int(rho-12*sd))
	upper := int(rho + 12*sd + 20)
	lg, _ := math.Lgamma(float64(lo) + 1)
	p := math.Exp(-rho + float64(lo)*math.Log(rho) - lg)
	sum := 0.0
	for n := lo; n <= upper; n++ {
		sum += float64((n+c-1)/c) * p
		p *= rho / float64(n+1)
	}
	return sum
}
