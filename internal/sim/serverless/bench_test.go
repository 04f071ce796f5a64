package serverless

import (
	"testing"
)

// cliExample is the scenario of the CLI example: 0.9 req/s,
// exponential service with warm mean 1.991 s and cold mean 2.244 s,
// keep-alive 10 min, one request per instance. It keeps about 9 instances.
func cliExample(horizon float64) Config {
	return Config{
		WarmService:            Dist{Kind: Exponential, Mean: 1.991},
		ColdService:            Dist{Kind: Exponential, Mean: 2.244},
		KeepAlive:              600,
		ConcurrencyPerInstance: 1,
		Overflow:               Reject,
		MemoryMB:               512,
		Billing:                PerRequest,
		Horizon:                horizon,
	}
}

func benchScenario(b *testing.B, cfg Config, rate float64) {
	b.Helper()
	b.ReportAllocs()
	var reqs int64
	var last Result
	cpu0, cpuOK := cpuSeconds()
	for i := 0; b.Loop(); i++ {
		r, err := Simulate(cfg, Traffic{Rate: rate}, uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		reqs += r.Requests
		last = r
	}
	b.ReportMetric(float64(reqs)/b.Elapsed().Seconds(), "req/s")
	if cpu1, ok := cpuSeconds(); ok && cpuOK && cpu1 > cpu0 {
		// With -cpu 1 this is one core's rate even when others share it.
		b.ReportMetric(float64(reqs)/(cpu1-cpu0), "req/cpu-s")
	}
	b.ReportMetric(last.MeanInstances, "instances")
	b.ReportMetric(last.MeanRunningInstances, "busy")
}

// BenchmarkSimulateNineInstances is the CLI example (about 9 instances);
// target: at least 10 million requests per second on one core.
func BenchmarkSimulateNineInstances(b *testing.B) {
	benchScenario(b, cliExample(2e6/0.9), 0.9) // 2 M requests per run
}

// BenchmarkSimulateThousandInstances keeps about 1,000 instances busy
// (500 req/s × 2 s); target: at least 2 million requests per second.
func BenchmarkSimulateThousandInstances(b *testing.B) {
	cfg := cliExample(2e6 / 500)
	cfg.WarmService.Mean, cfg.ColdService.Mean = 2, 2.2
	benchScenario(b, cfg, 500)
}
