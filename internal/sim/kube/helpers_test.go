package kube

import (
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/traffic"
)

// Node shapes from the EC2 instance type pages; max pods from the EKS AMI's
// eni-max-pods.txt (awslabs/amazon-eks-ami).
var (
	m6iLarge   = NodeType{Name: "m6i.large", VCPU: 2, MemoryGiB: 8, MaxPods: 29}
	g4dnXLarge = NodeType{Name: "g4dn.xlarge", VCPU: 4, MemoryGiB: 16, GPUs: 1, MaxPods: 29}
)

// testDefaults mirrors behaviour-kubernetes.yaml (checked against it in
// TestDefaultsFromCatalog).
func testDefaults() Defaults {
	return Defaults{
		HPA:     DefaultHPA(0),
		Reserve: DefaultReserve,
		DaemonSets: []DaemonSet{
			{Name: "kube_proxy", CPUm: 100},
			{Name: "aws_node", CPUm: 25},
			{Name: "log_agent", CPUm: 500, MemoryMi: 100},
			{Name: "metrics_agent", CPUm: 200, MemoryMi: 200},
		},
		SystemPods: []SystemPod{{Name: "coredns", Replicas: 2, CPUm: 100, MemoryMi: 70}},
		CA: Autoscaler{
			NodeProvision:           240 * time.Second,
			ScaleDownUtilization:    0.5,
			ScaleDownUnneeded:       10 * time.Minute,
			ScaleDownDelayAfterAdd:  10 * time.Minute,
			MaxEmptyBulkDelete:      10,
			SkipNodesWithSystemPods: true,
		},
	}
}

func testDeployment(name string, rate RateFunc) Deployment {
	return Deployment{
		Name:        name,
		CPUm:        500,
		Memory:      512 * MiB,
		Concurrency: 8,
		ServiceTime: 50 * time.Millisecond,
		StartupTime: 30 * time.Second,
		Timeout:     60 * time.Second,
		MinReplicas: 2,
		MaxReplicas: 100,
		HPA:         DefaultHPA(0.7),
		Rate:        rate,
		SLOp99:      200 * time.Millisecond,
	}
}

func constRate(r float64) RateFunc { return func(time.Duration) float64 { return r } }

func diurnal(mean, peak float64) RateFunc {
	return ShapeRate(mean, traffic.NewDiurnal(peak, 14))
}
