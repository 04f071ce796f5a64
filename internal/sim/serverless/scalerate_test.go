package serverless

import "testing"

// Regression: with a scaling-rate limit and a queue, a token that is 1 but
// for floating-point rounding used to schedule wake-ups a few ulps apart
// forever (Azure's one-new-instance-per-second rule at 600 req/s hung).
// Queued requests must all be served, and the instance count must grow by
// at most one a second.
func TestScaleRateWithQueueTerminates(t *testing.T) {
	t.Parallel()
	cfg := base(Dist{Kind: Exponential, Mean: 0.1}, 600, 120)
	cfg.Overflow, cfg.ConcurrencyPerInstance = Queue, 16
	cfg.ScaleBurst, cfg.ScalePerSecond = 1, 1
	r := mustSim(t, cfg, Traffic{Rate: 600}, 1)
	if r.Served != r.Requests || r.Rejected != 0 {
		t.Errorf("served %d of %d, rejected %d; want all served", r.Served, r.Requests, r.Rejected)
	}
	// One token at start plus one a second over 120 s.
	if r.MaxInstances > 121 {
		t.Errorf("max instances %d exceeds the scaling rate's 121", r.MaxInstances)
	}
}
