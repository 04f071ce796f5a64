package advisor

// Modelling defaults that are not prices. Each is explained, with its source,
// in docs/cost-model.md; the spec can override the ones marked so.
const (
	// defaultTargetUtilization is the CPU utilisation Kubernetes pods are sized
	// for (HPA target). The article's rule of thumb: clusters pay off at 60–70 %
	// busy. Override: kubernetes.target_utilization.
	defaultTargetUtilization = 0.7
	// defaultMinNodes keeps three nodes for availability across zones.
	// Override: kubernetes.min_nodes.
	defaultMinNodes = 3
	// defaultNATGateways: one NAT gateway per cluster (one per zone for HA is
	// the stricter choice). Override: kubernetes.nat_gateways.
	defaultNATGateways = 1
	// rootVolumeGB is the EBS/PD root volume per node (eksctl and managed node
	// groups default to 20 GiB; GKE's default boot disk is 100 GB, AKS 128 GB).
	rootVolumeGBAWS   = 20
	rootVolumeGBGCP   = 100
	rootVolumeGBAzure = 128
	// logKBPerRequest is the log volume per request shipped to the provider's
	// log service: Lambda's START/END/REPORT lines are about 0.3 KB, plus
	// application lines.
	logKBPerRequest = 1.0
	// systemLogGBPerNodeMonth is the log volume of a node's system daemons
	// (kubelet, container runtime, CNI) and cluster add-ons.
	systemLogGBPerNodeMonth = 2.0
	// serverlessOpsHoursPerComponent is the engineer time a serverless
	// component needs each month (deploys, alarms, dependency updates).
	serverlessOpsHoursPerComponent = 2.0
	// fargateOpsHoursPerComponent: a container service adds task definitions,
	// images and scaling policies to look after.
	fargateOpsHoursPerComponent = 4.0
	// engineerHoursPerYear converts a yearly salary into an hourly rate.
	engineerHoursPerYear = 2080.0
	// sqsRequestsPerMessage: send, receive and delete are each a billed request.
	sqsRequestsPerMessage = 3.0
	// firstClusterEngineers / extraClusterEngineers: the people a cluster needs
	// (the article: 1 to 2 full-time engineers for a production cluster). A team
	// with fewer than two platform engineers hires one; a platform team absorbs
	// a quarter of an engineer. Override: team.cluster_engineers.
	firstClusterEngineers = 1.0
	extraClusterEngineers = 0.25
	// platformTeamThreshold is the team size from which a cluster's operation is
	// absorbed by the existing platform team (the article: "2+ DevOps/SRE").
	platformTeamThreshold = 2.0
	// maxReplicaCPU caps the CPU request of a replica whose concurrency is a
	// default: one vCPU fits every general-purpose node type with room for
	// system pods, and leaves the HPA fine steps.
	maxReplicaCPU = 1.0
)

// defaultConcurrency is how many requests one pod (or one multi-concurrency
// serverless instance) serves at once when the spec does not say.
func defaultConcurrency(t string) int {
	switch t {
	case "http-api", "websocket", "frontend":
		return 8
	case "event-processor", "queue":
		return 4
	default: // jobs, ML inference, databases, caches: one unit of work per replica
		return 1
	}
}
