package platform

import (
	"math"
	"testing"
)

func TestExpectedInstances(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		rho  float64
		c    int
		want float64
	}{
		// c = 1: every request in progress holds its own instance: E[N] = rho.
		{"single slot equals Little's law", 3.5, 1, 3.5},
		// c ≥ all plausible N: one instance whenever anything runs: P(N ≥ 1) = 1 - e^-rho.
		{"huge concurrency is P(busy)", 0.2, 1000, 1 - math.Exp(-0.2)},
		// Nothing arrives: nothing billed.
		{"no load", 0, 8, 0},
		// Large rho: rho/c plus the mean rounding of (c-1)/(2c).
		{"heavy load", 5000, 10, 500.45},
	}
	for _, tc := range cases {
		got := ExpectedInstances(tc.rho, tc.c)
		if math.Abs(got-tc.want) > 1e-6*math.Max(1, tc.want) {
			t.Errorf("%s: ExpectedInstances(%g, %d) = %g, want %g", tc.name, tc.rho, tc.c, got, tc.want)
		}
	}
	// c = 2, rho = 1: sum ceil(n/2) e^-1/n! computed by hand to 1e-9.
	want := 0.0
	fact := 1.0
	for n := 1; n < 30; n++ {
		fact *= float64(n)
		want += float64((n+1)/2) * math.Exp(-1) / fact
	}
	if got := ExpectedInstances(1, 2); math.Abs(got-want) > 1e-9 {
		t.Errorf("ExpectedInstances(1, 2) = %g, want %g", got, want)
	}
}
