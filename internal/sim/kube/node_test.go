package kube

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
)

func TestReservedCPU(t *testing.T) {
	t.Parallel()
	// EKS AMI get_cpu_millicores_to_reserve: 6 % of the first core, 1 % of the
	// second, 0.5 % of cores 3-4, 0.25 % above; hand-computed per band.
	for _, c := range []struct {
		vcpu float64
		want float64
	}{{1, 60}, {2, 70}, {4, 80}, {8, 90}, {96, 60 + 10 + 10 + 92*2.5}} {
		if got := DefaultReserve.ReservedCPUm(c.vcpu); got != c.want {
			t.Errorf("%g vCPU: reserved %gm, want %gm", c.vcpu, got, c.want)
		}
	}
}

func TestAllocatable(t *testing.T) {
	t.Parallel()
	// m6i.large: 2 vCPU, 8 GiB, 29 pods. Memory: 8192 − (255 + 11×29) − 100
	// (eviction) = 7518 Mi; CPU: 2000 − 70 = 1930m.
	a := DefaultReserve.Allocatable(m6iLarge)
	if a.CPUm != 1930 || a.Memory != 7518*MiB || a.Pods != 29 || a.GPUs != 0 {
		t.Errorf("m6i.large allocatable = %+v, want 1930m, 7518Mi, 29 pods", a)
	}
	cl := testDefaults().Cluster([]NodeType{m6iLarge}, 1)
	// Daemon sets: 100 + 25 + 500 + 200 = 825m and 300 Mi, four pods.
	room := cl.PodRoom(m6iLarge)
	if room.CPUm != 1930-825 || room.Memory != (7518-300)*MiB || room.Pods != 25 {
		t.Errorf("m6i.large room for pods = %+v, want 1105m, 7218Mi, 25 pods", room)
	}
}

func TestCatalog(t *testing.T) {
	t.Parallel()
	c, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	d, err := DefaultsFromCatalog(c)
	if err != nil {
		t.Fatal(err)
	}
	want := testDefaults()
	if d.Reserve != want.Reserve || d.CA != want.CA || d.HPA.Tolerance != 0.1 || d.HPA.SyncPeriod != want.HPA.SyncPeriod {
		t.Errorf("catalog defaults %+v differ from the documented %+v", d, want)
	}
	if len(d.HPA.ScaleUp.Policies) != 2 || d.HPA.ScaleUp.Policies[1].Value != 4 || d.HPA.ScaleDown.StabilizationWindow != want.HPA.ScaleDown.StabilizationWindow {
		t.Errorf("HPA behaviour from catalog: %+v", d.HPA)
	}
	for i, ds := range want.DaemonSets {
		if d.DaemonSets[i] != ds {
			t.Errorf("daemon set %d = %+v, want %+v", i, d.DaemonSets[i], ds)
		}
	}
	if d.SystemPods[0] != want.SystemPods[0] {
		t.Errorf("system pods = %+v", d.SystemPods)
	}
	// Shapes from the EC2 instance type pages and eni-max-pods.txt.
	for _, w := range []NodeType{
		{"t3.medium", 2, 4, 0, 17, 0}, {"t3.large", 2, 8, 0, 35, 0}, {"m5.large", 2, 8, 0, 29, 0},
		{"m6i.large", 2, 8, 0, 29, 0}, {"m7g.large", 2, 8, 0, 29, 0}, {"c6i.large", 2, 4, 0, 29, 0},
		{"g4dn.xlarge", 4, 16, 1, 29, 0}, {"g5.xlarge", 4, 16, 1, 58, 0},
	} {
		got, err := NodeTypeFromCatalog(c, "aws", w.Name)
		price := got.HourlyUSD
		got.HourlyUSD = 0
		if err != nil || got != w {
			t.Errorf("NodeTypeFromCatalog(%s) = %+v, %v; want %+v", w.Name, got, err, w)
		}
		if price <= 0 {
			t.Errorf("%s: no hourly price from aws.ec2.%s.hourly", w.Name, w.Name)
		}
	}
	if _, err := NodeTypeFromCatalog(c, "aws", "m9z.huge"); err == nil {
		t.Error("unknown node type: want an error")
	}
}
