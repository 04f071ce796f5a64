// Package platform is everything Fulcrum knows about each place a component
// can run: its cloud, its kind, how it bills, its limits, its simulator
// preset, its front door, its log and egress charges. One file per platform;
// the advisor, planner, dashboard and diagram iterate over All() instead of
// switching on platform ids. Adding a platform means adding one file here
// (and its catalog entries). The package is pure: no I/O.
package platform

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Kind says whether an option is a serverless platform or a Kubernetes cluster.
type Kind string

// Option kinds.
const (
	Serverless Kind = "serverless"
	Kubernetes Kind = "kubernetes"
	// Managed is a data service the provider runs: a database, cache or
	// queue billed by instance, capacity or operation (docs/managed-services.md).
	Managed Kind = "managed"
)

// Billing is how a platform turns running time into money.
type Billing string

// Billing models.
const (
	// PerRequest bills each request's own duration (Lambda, Azure Consumption,
	// Cloud Functions 1st gen) or CPU time (Workers).
	PerRequest Billing = "per-request"
	// BusyInstance bills an instance while it serves at least one request
	// (Cloud Run request-based, Vercel active CPU).
	BusyInstance Billing = "busy-instance"
	// InstanceLifetime bills an instance from start to shutdown, idle time
	// and the scale-down delay included (Cloud Run GPU and instance-based,
	// Fargate tasks, Azure Flex always-ready, Vercel provisioned memory).
	InstanceLifetime Billing = "instance-lifetime"
	// Nodes bills the cluster's nodes, whatever runs on them.
	Nodes Billing = "nodes"
	// Capacity bills capacity units that follow the load (Aurora
	// Serverless v2 ACUs, ElastiCache Serverless data and ECPUs).
	Capacity Billing = "capacity"
)

// Reason is one sentence explaining a verdict, with the source it rests on.
type Reason struct {
	Text   string `json:"text"`
	Source string `json:"source,omitempty"`
}

// Info is what a platform is, as data.
type Info struct {
	ID    string
	Name  string
	Cloud string // a key of Clouds
	Kind  Kind
	// Billing is the platform's usual model (a component may switch it: a
	// GPU service on Cloud Run is billed for instance lifetime).
	Billing Billing
	// Edge: serves from many locations worldwide (an `edge: true`
	// component can only run on such a platform).
	Edge bool
	// RegionNote says where a non-edge platform runs, for the edge reason.
	RegionNote string
	// Simulated: the serverless simulator has a preset (catalog entries
	// <id>.init_ms.*, <id>.keep_alive_s, <id>.max_instances).
	Simulated bool
	// Provisionable: instances can be kept warm on demand (provisioned
	// concurrency, minimum instances, always-ready instances).
	Provisionable bool
	// FrontDoor describes the HTTP entry the platform brings or needs.
	FrontDoor string
	Source    string
}

// Platform is one place a component can run.
type Platform interface {
	Info() Info
	// Concurrency is the requests one instance serves at once for w as the
	// cost model assumes (0 = the simulator preset's).
	Concurrency(w Work) int
}

// Function is a serverless platform: it prices compute and per-request fees.
type Function interface {
	Platform
	// Compute prices the compute, the requests and any plan fee of w, with
	// the sentences that explain the model's choices.
	Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error)
	// FrontDoor prices the HTTP entry w needs on this platform (a zero bill
	// with the reason when it is built in and free).
	FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error)
}

// Cluster is a managed Kubernetes platform.
type Cluster interface {
	Platform
	// NodePricePrefix is the catalog id prefix of a node type's entries
	// (<prefix><type>.hourly, .vcpu, .memory_gib, .gpus, .max_pods, and
	// .baseline_cpu for burstable types). Every type the catalog prices
	// there is a node type the platform offers (NodeTypeNames).
	NodePricePrefix() string
	// RootVolumeGB is each node's boot disk.
	RootVolumeGB() float64
	// ClusterBill prices the cluster's own infrastructure: control plane,
	// nodes, disks, NAT, load balancer and addresses.
	ClusterBill(cat *catalog.Catalog, u ClusterUsage) (*pricing.Bill, error)
}

// ClusterUsage is a sized cluster's month.
type ClusterUsage struct {
	Hours float64
	// Nodes are the node types bought, general pool first, GPU pool after.
	Nodes           []NodeUsage
	StorageGB       float64 // persistent volumes
	BackupGB        float64 // snapshots of the persistent volumes (DataBackupGB)
	NATGateways     int
	FrontDoor       bool    // some member takes HTTP traffic: a load balancer
	LCUs            float64 // AWS load balancer capacity units (mean)
	LBGB            float64 // GB through the load balancer
	FreeTier        bool
	ExtendedSupport bool
	// Purchase is how the nodes are bought (zero: on demand).
	Purchase NodePurchasing
}

// NodePurchasing is a cluster's purchase option (docs/purchase-options.md):
// spot with an on-demand share and an interruption headroom, or a
// commitment of Committed nodes of the main type (nil: each type's floor).
type NodePurchasing struct {
	Option        string
	OnDemandShare float64
	Headroom      float64
	Committed     *float64
}

// SpotHeadroom is the node-hours a spot pool adds for interrupted nodes, as
// a share of its spot node-hours: the lowest interruption band of the AWS
// Spot Instance Advisor, "<5 %" of instances a month (an assumption,
// docs/purchase-options.md#spot).
const SpotHeadroom = 0.05

// NodeUsage is one node type's month: node-hours and, for a burstable
// type, the CPU used above its baseline (surplus credits, vCPU-hours).
// Profile, when known, is how many nodes ran for how many hours (a
// commitment is sized and charged from it).
type NodeUsage struct {
	Type             string
	Hours            float64
	SurplusVCPUHours float64
	Profile          []pricing.NodeCount
}

// nodeOffering is the offering that prices node n: onDemand, or the
// cluster's purchase option when it has one (burstable nodes earning
// surplus credits stay on demand: the credits are billed on demand).
func nodeOffering(platformID, prefix string, u ClusterUsage, n NodeUsage, first bool, onDemand offering) offering {
	o := u.Purchase.Option
	if o == "" || o == workload.PurchaseOnDemand || n.SurplusVCPUHours > 0 {
		return onDemand
	}
	profile := n.Profile
	if len(profile) == 0 {
		profile = []pricing.NodeCount{{Nodes: n.Hours / u.Hours, Hours: u.Hours}}
	}
	x := pricing.NodePurchase{Platform: platformID, Prefix: prefix, Type: n.Type, Option: o, Profile: profile}
	switch {
	case o == workload.PurchaseSpot:
		x.OnDemandShare, x.Headroom = u.Purchase.OnDemandShare, u.Purchase.Headroom
	case first && u.Purchase.Committed != nil:
		x.Committed = u.Purchase.Committed
	default:
		// Commit to the whole nodes that run every hour (a simulated
		// profile's counts are scaled, so not whole).
		n := math.Floor(pricing.Floor(profile) + 1e-9)
		x.Committed = &n
	}
	return x
}

// NodeMonths is the node count averaged over the month.
func (u ClusterUsage) NodeMonths() float64 {
	h := 0.0
	for _, n := range u.Nodes {
		h += n.Hours
	}
	return h / u.Hours
}

var registry []Platform

func register(p Platform) Platform {
	registry = append(registry, p)
	return p
}

// All lists every platform in report order.
func All() []Platform {
	out := slices.Clone(registry)
	slices.SortStableFunc(out, func(a, b Platform) int {
		return rank(a.Info().ID) - rank(b.Info().ID)
	})
	return out
}

func rank(id string) int {
	if i := slices.Index(workload.Platforms, id); i >= 0 {
		return i
	}
	return len(workload.Platforms)
}

// IDs lists every platform id in report order.
func IDs() []string {
	var out []string
	for _, p := range All() {
		out = append(out, p.Info().ID)
	}
	return out
}

// Get returns the platform with id, or an error naming the valid ones.
func Get(id string) (Platform, error) {
	for _, p := range registry {
		if p.Info().ID == id {
			return p, nil
		}
	}
	return nil, fmt.Errorf("unknown platform %q (valid: %s)", id, strings.Join(IDs(), ", "))
}

// Must returns the platform with id; id must be one of IDs().
func Must(id string) Platform {
	p, err := Get(id)
	if err != nil {
		panic(err)
	}
	return p
}

// Of returns the platform's Info; an unknown id gives an Info with only
// the id and name set.
func Of(id string) Info {
	if p, err := Get(id); err == nil {
		return p.Info()
	}
	return Info{ID: id, Name: id}
}

// Name is a platform's display name (the id if unknown).
func Name(id string) string { return Of(id).Name }

// KindOf classifies a platform id (unknown ids are serverless).
func KindOf(id string) Kind {
	if k := Of(id).Kind; k != "" {
		return k
	}
	return Serverless
}

// CloudOf is the cloud a platform runs on.
func CloudOf(id string) string { return Of(id).Cloud }
