package kube

import (
	"fmt"
	"testing"
	"time"
)

// benchDeployments is 50 services of mixed size and shape on one cluster,
// their service times lognormal with p99 = 3 × the mean (the spec's default).
func benchDeployments() []Deployment {
	var ds []Deployment
	for i := range 50 {
		mean := 5 + float64(i%10)*20 // 5 to 185 requests per second
		var rate RateFunc
		if i%2 == 0 {
			rate = diurnal(mean, 1+float64(i%4))
		} else {
			rate = constRate(mean)
		}
		d := testDeployment(fmt.Sprintf("svc-%02d", i), rate)
		d.CPUm = int64(250 + 125*(i%3))
		d.MinReplicas = 1 + i%2
		d.ServiceP99 = 3 * d.ServiceTime
		ds = append(ds, d)
	}
	return ds
}

// BenchmarkMonth50Deployments: 720 h at 15-second steps, 50 deployments on
// one cluster. Target (issue 4): under 2 s per run on the project machine.
func BenchmarkMonth50Deployments(b *testing.B) { benchMonth(b, benchDeployments()) }

// BenchmarkMonth50DeploymentsConstant is the same with constant service
// times (the model before service times varied), for comparison.
func BenchmarkMonth50DeploymentsConstant(b *testing.B) {
	deps := benchDeployments()
	for i := range deps {
		deps[i].ServiceP99 = 0
	}
	benchMonth(b, deps)
}

func benchMonth(b *testing.B, deps []Deployment) {
	cl := testDefaults().Cluster([]NodeType{m6iLarge, {Name: "m5.xlarge", VCPU: 4, MemoryGiB: 16, MaxPods: 58}}, 3)
	b.ReportAllocs()
	for b.Loop() {
		r, err := Simulate(cl, deps, 720*time.Hour, 1)
		if err != nil {
			b.Fatal(err)
		}
		if r.Nodes.Mean == 0 {
			b.Fatal("no nodes")
		}
	}
}
