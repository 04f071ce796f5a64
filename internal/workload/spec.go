// Package workload defines what a user describes: a system of components with
// their traffic, resources and constraints, and the team that runs them. It is
// the pure domain core: no I/O, no YAML. Parsing lives in internal/spec.
package workload

import (
	"math"
	"slices"

	"github.com/fulcrum-tools/fulcrum/internal/uncertainty"
)

// Version is the spec format version this build reads.
const Version = 1

// Defaults used when a field is left out. Sources are in docs/cost-model.md.
const (
	DefaultRegion              = "us-east-1"
	DefaultHoursPerMonth       = 730.0 // the AWS pricing calculator's month
	DefaultEngineerCostPerYear = 180000.0
	DefaultLatencySLOUnset     = 0
	DefaultMaxExecutionSeconds = 30.0
	DefaultMemoryMB            = 512
	DefaultDurationMS          = 100.0
	DefaultHTTPFrontDoor       = FrontDoorBuiltIn
	MaxMemoryMB                = 1024 * 1024 // 1 TiB: above any offering, a typo
	MaxRequestsPerSecondAbsurd = 1e9         // "more requests than seconds × a billion"
)

// Spec is a whole system as the user describes it.
type Spec struct {
	Version       int      `yaml:"version" json:"version"`
	Name          string   `yaml:"name" json:"name"`
	Region        string   `yaml:"region,omitempty" json:"region,omitempty"`
	HoursPerMonth float64  `yaml:"hours_per_month,omitempty" json:"hours_per_month,omitempty"`
	FreeTier      bool     `yaml:"free_tier,omitempty" json:"free_tier,omitempty"`
	Seed          uint64   `yaml:"seed,omitempty" json:"seed,omitempty"`
	Team          Team     `yaml:"team,omitempty" json:"team"`
	Platforms     []string `yaml:"platforms,omitempty" json:"platforms,omitempty"`
	// Cloud names the cloud the recommended architecture stays on (aws, gcp
	// or azure); empty: the cheapest single cloud.
	Cloud      string      `yaml:"cloud,omitempty" json:"cloud,omitempty"`
	Kubernetes KubeOptions `yaml:"kubernetes,omitempty" json:"kubernetes"`
	// Purchase chooses, per platform id, how its capacity is bought
	// (PurchaseOptions); a platform left out is bought on demand.
	Purchase   map[string]string `yaml:"purchase,omitempty" json:"purchase,omitempty"`
	Components []Component       `yaml:"components" json:"components"`
	// Environments lists non-production copies of the system (dev, staging).
	Environments []Environment `yaml:"environments,omitempty" json:"environments,omitempty"`
	// Rules are the user's own placement rules.
	Rules []Rule `yaml:"rules,omitempty" json:"rules,omitempty"`
	// Ranges are the numeric fields given as a range, by field path
	// (components[1].requests_per_month); the field holds the median
	// (docs/uncertainty.md).
	Ranges map[string]uncertainty.Range `yaml:"-" json:"-"`
}

// Team is who runs the system.
type Team struct {
	PlatformEngineers   float64 `yaml:"platform_engineers,omitempty" json:"platform_engineers"`
	EngineerCostPerYear float64 `yaml:"engineer_cost_per_year,omitempty" json:"engineer_cost_per_year"`
	// ClusterEngineers overrides the engineers a cluster needs (default: 1 for
	// a first cluster when the team has fewer than 2 platform engineers, else 0.25).
	ClusterEngineers *float64 `yaml:"cluster_engineers,omitempty" json:"cluster_engineers,omitempty"`
	// OpsHoursPerComponent overrides the engineer-hours each component takes
	// a month on any platform (deploys, alarms, dependency updates; default
	// DefaultOpsHoursPerComponent).
	OpsHoursPerComponent *float64 `yaml:"ops_hours_per_component,omitempty" json:"ops_hours_per_component,omitempty"`
}

// KubeOptions tunes the Kubernetes side of the comparison.
type KubeOptions struct {
	MinNodes          int      `yaml:"min_nodes,omitempty" json:"min_nodes,omitempty"`
	TargetUtilization float64  `yaml:"target_utilization,omitempty" json:"target_utilization,omitempty"`
	NodeTypes         []string `yaml:"node_types,omitempty" json:"node_types,omitempty"`
	NATGateways       *int     `yaml:"nat_gateways,omitempty" json:"nat_gateways,omitempty"`
	ExtendedSupport   bool     `yaml:"extended_support,omitempty" json:"extended_support,omitempty"`
	// SpotOnDemandShare is the share of a spot cluster's node-hours kept on
	// on-demand nodes (nil: DefaultSpotOnDemandShare).
	SpotOnDemandShare *float64 `yaml:"spot_on_demand_share,omitempty" json:"spot_on_demand_share,omitempty"`
	// CommittedNodes is how many nodes of the general pool's main type a
	// commitment covers (nil: the month's floor, the fewest running in any hour).
	CommittedNodes *int `yaml:"committed_nodes,omitempty" json:"committed_nodes,omitempty"`
}

// Component is one part of the system.
type Component struct {
	Name             string  `yaml:"name" json:"name"`
	Type             Type    `yaml:"type" json:"type"`
	Runtime          Runtime `yaml:"runtime,omitempty" json:"runtime,omitempty"`
	RequestsPerMonth float64 `yaml:"requests_per_month" json:"requests_per_month"`
	DurationMS       float64 `yaml:"duration_ms,omitempty" json:"duration_ms"`
	// DurationP99MS is the 99th percentile of the wall time per request: it
	// sets the spread of the lognormal service time whose mean is DurationMS
	// (nil: DefaultDurationP99Factor × DurationMS; equal to DurationMS: constant).
	DurationP99MS        *float64   `yaml:"duration_p99_ms,omitempty" json:"duration_p99_ms,omitempty"`
	CPUMS                *float64   `yaml:"cpu_ms,omitempty" json:"cpu_ms,omitempty"`
	MemoryMB             float64    `yaml:"memory_mb,omitempty" json:"memory_mb"`
	Traffic              Traffic    `yaml:"traffic,omitempty" json:"traffic"`
	MaxExecutionS        float64    `yaml:"max_execution_s,omitempty" json:"max_execution_s"`
	LatencySLOP99MS      float64    `yaml:"latency_slo_p99_ms,omitempty" json:"latency_slo_p99_ms,omitempty"`
	Stateful             bool       `yaml:"stateful,omitempty" json:"stateful,omitempty"`
	StorageGB            float64    `yaml:"storage_gb,omitempty" json:"storage_gb,omitempty"`
	GPU                  int        `yaml:"gpu,omitempty" json:"gpu,omitempty"`
	LongLivedConnections bool       `yaml:"long_lived_connections,omitempty" json:"long_lived_connections,omitempty"`
	Compliance           []string   `yaml:"compliance,omitempty" json:"compliance,omitempty"`
	FrontDoor            FrontDoor  `yaml:"front_door,omitempty" json:"front_door,omitempty"`
	Downstream           Downstream `yaml:"downstream,omitempty" json:"downstream"`
	Edge                 bool       `yaml:"edge,omitempty" json:"edge,omitempty"`
	// Concurrency is how many requests one instance or pod serves at once
	// (default: 1 for functions; 8 for a pod serving HTTP).
	Concurrency int `yaml:"concurrency,omitempty" json:"concurrency,omitempty"`
	// PodConcurrency is how many requests one Kubernetes pod or Fargate task
	// serves at once (default: concurrency if given, else 8 for HTTP, 4 for
	// events, 1 for jobs, lowered so a pod needs at most one vCPU).
	PodConcurrency int `yaml:"pod_concurrency,omitempty" json:"pod_concurrency,omitempty"`
	// ResponseKB is the mean response size, for data transfer out (default 0).
	ResponseKB float64 `yaml:"response_kb,omitempty" json:"response_kb,omitempty"`
	// Data describes a database's, cache's or queue's engine and use, for
	// the managed services (nil: every default).
	Data *Data `yaml:"data,omitempty" json:"data,omitempty"`
	// Calls are the other components this one calls while serving a
	// request: the component graph (docs/spec.md#calls).
	Calls []Call `yaml:"calls,omitempty" json:"calls,omitempty"`
	// RequestsDerived reports that RequestsPerMonth was not given and
	// follows from the callers (set by ApplyDefaults).
	RequestsDerived bool `yaml:"-" json:"requests_derived,omitempty"`
	// Connections describes a websocket's long-lived connections (nil:
	// derived from its requests; docs/spec.md#connections).
	Connections *Connections `yaml:"connections,omitempty" json:"connections,omitempty"`
}

// Call is one edge of the component graph: the caller sends PerRequest
// calls to To for each request it serves, each with RequestKB of request
// and ResponseKB of response.
type Call struct {
	To string `yaml:"to" json:"to"`
	// PerRequest is the calls made per request of the caller (default 1).
	PerRequest float64 `yaml:"per_request,omitempty" json:"per_request"`
	// RequestKB and ResponseKB are the mean bytes each way, in KB (default 0).
	RequestKB  float64 `yaml:"request_kb,omitempty" json:"request_kb,omitempty"`
	ResponseKB float64 `yaml:"response_kb,omitempty" json:"response_kb,omitempty"`
}

// DefaultCallsPerRequest is a call's per_request when not given.
const DefaultCallsPerRequest = 1.0

// MemoryMBPerVCPU is the memory at which an AWS Lambda function has the
// equivalent of one full vCPU; below it, CPU is allocated in proportion to
// memory (docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
const MemoryMBPerVCPU = 1769.0

// CPUMillis is the CPU time a request really uses: cpu_ms when the spec
// gives it, else derived the same way for every platform from the memory's
// CPU share on a function platform: a request measured at duration_ms with
// memory_mb had at most min(1, memory_mb / 1,769) of a vCPU, so it used at
// most that share of its wall time in CPU (DerivedCPU says when).
func (c Component) CPUMillis() float64 {
	if c.CPUMS != nil {
		return *c.CPUMS
	}
	return c.DurationMS * c.DerivedCPUShare()
}

// DurationP99Millis is the service time's 99th percentile: duration_p99_ms,
// or by default DefaultDurationP99Factor × DurationMS (an assumption), but
// no longer than the longest execution (max_execution_s, when set) and never
// below the mean. A 30-minute job whose runs may last at most 30 minutes
// then takes its run time, not a spread it cannot have.
func (c Component) DurationP99Millis() float64 {
	if c.DurationP99MS != nil {
		return *c.DurationP99MS
	}
	p99 := c.DurationMS * DefaultDurationP99Factor
	if c.MaxExecutionS > 0 {
		p99 = math.Min(p99, math.Max(c.DurationMS, c.MaxExecutionS*1000))
	}
	return p99
}

// DerivedCPUShare is the CPU share assumed when cpu_ms is absent.
func (c Component) DerivedCPUShare() float64 {
	if c.GPU > 0 {
		return 1 // a GPU model's host thread feeds the GPU all the time
	}
	return math.Min(1, math.Max(c.MemoryMB, 128)/MemoryMBPerVCPU)
}

// DerivedCPU reports whether CPUMillis is an assumption (no cpu_ms given).
func (c Component) DerivedCPU() bool { return c.CPUMS == nil }

// Downstream is the managed-service calls a component makes per request.
type Downstream struct {
	DynamoDBReads  float64 `yaml:"dynamodb_reads,omitempty" json:"dynamodb_reads,omitempty"`
	DynamoDBWrites float64 `yaml:"dynamodb_writes,omitempty" json:"dynamodb_writes,omitempty"`
	S3Gets         float64 `yaml:"s3_gets,omitempty" json:"s3_gets,omitempty"`
	S3Puts         float64 `yaml:"s3_puts,omitempty" json:"s3_puts,omitempty"`
	SQSMessages    float64 `yaml:"sqs_messages,omitempty" json:"sqs_messages,omitempty"`
}

// Type is what kind of component this is.
type Type string

// Component types.
const (
	TypeHTTPAPI        Type = "http-api"
	TypeWebsocket      Type = "websocket"
	TypeEventProcessor Type = "event-processor"
	TypeScheduledJob   Type = "scheduled-job"
	TypeBatchJob       Type = "batch-job"
	TypeMLInference    Type = "ml-inference"
	TypeFrontend       Type = "frontend"
	TypeDatabase       Type = "database"
	TypeCache          Type = "cache"
	TypeQueue          Type = "queue"
)

// Types lists every valid component type, in documentation order.
var Types = []Type{TypeHTTPAPI, TypeWebsocket, TypeEventProcessor, TypeScheduledJob,
	TypeBatchJob, TypeMLInference, TypeFrontend, TypeDatabase, TypeCache, TypeQueue}

// Runtime is the language runtime (it sets cold-start times).
type Runtime string

// Runtimes.
const (
	RuntimeNodeJS    Runtime = "nodejs"
	RuntimePython    Runtime = "python"
	RuntimeJava      Runtime = "java"
	RuntimeDotnet    Runtime = "dotnet"
	RuntimeGo        Runtime = "go"
	RuntimeRust      Runtime = "rust"
	RuntimeRuby      Runtime = "ruby"
	RuntimeContainer Runtime = "container"
)

// Runtimes lists every valid runtime.
var Runtimes = []Runtime{RuntimeNodeJS, RuntimePython, RuntimeJava, RuntimeDotnet,
	RuntimeGo, RuntimeRust, RuntimeRuby, RuntimeContainer}

// FrontDoor is what receives a component's requests.
type FrontDoor string

// Front doors.
const (
	// FrontDoorBuiltIn is each platform's own HTTPS entry: a Lambda function
	// URL, Cloud Run's, Cloud Functions' and Azure Functions' endpoints,
	// Workers and Vercel routes; containers (Fargate, clusters) sit behind
	// their cloud's load balancer.
	FrontDoorBuiltIn        FrontDoor = "built-in"
	FrontDoorAPIGatewayHTTP FrontDoor = "api-gateway-http"
	FrontDoorAPIGatewayREST FrontDoor = "api-gateway-rest"
	FrontDoorALB            FrontDoor = "alb"
	FrontDoorNone           FrontDoor = "none"
)

// FrontDoors lists every valid front door.
var FrontDoors = []FrontDoor{FrontDoorBuiltIn, FrontDoorAPIGatewayHTTP, FrontDoorAPIGatewayREST, FrontDoorALB, FrontDoorNone}

// Clouds a spec's cloud: may name.
var Clouds = []string{"aws", "gcp", "azure"}

// Compliance programmes a component may need.
var CompliancePrograms = []string{"hipaa", "pci", "soc2", "fedramp"}

// Platform ids, as used in specs, reports and the catalog.
const (
	PlatformLambda    = "aws-lambda"
	PlatformCloudRun  = "gcp-cloud-run"
	PlatformCloudFunc = "gcp-cloud-functions"
	PlatformWorkers   = "cloudflare-workers"
	PlatformVercel    = "vercel-functions"
	PlatformAzureFunc = "azure-functions"
	PlatformFargate   = "aws-fargate"
	PlatformEKS       = "eks"
	PlatformGKE       = "gke"
	PlatformAKS       = "aks"
)

// Managed data services' platform ids.
const (
	PlatformRDS                   = "aws-rds"
	PlatformAuroraServerless      = "aws-aurora-serverless"
	PlatformAuroraProvisioned     = "aws-aurora"
	PlatformElastiCacheServerless = "aws-elasticache-serverless"
	PlatformCloudSQL              = "gcp-cloud-sql"
	PlatformAzurePostgres         = "azure-database-flexible"
	PlatformDynamoDB              = "aws-dynamodb"
	PlatformElastiCache           = "aws-elasticache"
	PlatformSQS                   = "aws-sqs"
	PlatformSNS                   = "aws-sns"
	PlatformFirestore             = "gcp-firestore"
	PlatformMemorystore           = "gcp-memorystore"
	PlatformPubSub                = "gcp-pubsub"
	PlatformCosmosDB              = "azure-cosmos-db"
	PlatformAzureRedis            = "azure-cache-redis"
	PlatformServiceBus            = "azure-service-bus"
)

// ComputePlatforms lists the platforms that run any component's code, in
// report order: serverless first, then Kubernetes.
var ComputePlatforms = []string{PlatformLambda, PlatformCloudRun, PlatformCloudFunc, PlatformWorkers,
	PlatformVercel, PlatformAzureFunc, PlatformFargate, PlatformEKS, PlatformGKE, PlatformAKS}

// ManagedPlatforms lists the managed data services, offered to databases,
// caches and queues only.
var ManagedPlatforms = []string{PlatformRDS, PlatformAuroraProvisioned, PlatformAuroraServerless, PlatformDynamoDB, PlatformElastiCache,
	PlatformElastiCacheServerless, PlatformSQS, PlatformSNS,
	PlatformCloudSQL, PlatformFirestore, PlatformMemorystore, PlatformPubSub,
	PlatformAzurePostgres, PlatformCosmosDB, PlatformAzureRedis, PlatformServiceBus}

// Platforms lists every platform id in report order: serverless first,
// then Kubernetes, then the managed data services.
var Platforms = append(slices.Clone(ComputePlatforms), ManagedPlatforms...)
