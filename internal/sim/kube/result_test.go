package kube

import (
	"math"
	"testing"
)

func TestExpBucket(t *testing.T) {
	t.Parallel()
	for _, x := range []float64{1e-3, 0.7, 1, 1.5, 19.99, 320, 6.4e4, 1e6} {
		mid := expBucketMid(expBucket(x))
		if math.Abs(mid-x)/x > 0.032 {
			t.Errorf("rate %g: bucket middle %g is more than 3.1 %% away", x, mid)
		}
	}
	if expBucket(1) == expBucket(1.04) || expBucket(1) != expBucket(1.01) {
		t.Error("buckets are not 1/32 of a doubling wide")
	}
}
