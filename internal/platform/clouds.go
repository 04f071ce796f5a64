package platform

import (
	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Cloud is a provider account a platform runs in, with the charges every
// platform on it pays alike: its log service and its internet egress.
type Cloud struct {
	ID   string
	Name string // as its owner writes it
	// Logs prices a month of logs: gb ingested from events log events.
	Logs func(cat *catalog.Catalog, gb, events float64) (*pricing.Bill, error)
	// Egress prices a month of data transfer out to the internet, in GB.
	Egress func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error)
	// Neutral clouds (Cloudflare, Vercel) run beside any other cloud in a
	// single-cloud placement.
	Neutral bool
	// InterZone prices a month of gb crossing the zones of one region
	// between two of its platforms (nil: the cloud has no zones to cross).
	InterZone func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error)
	// NATData prices gb processed by the cloud's NAT gateway, the way out of
	// a cluster's or Fargate task's private subnets (nil: no NAT).
	NATData func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error)
}

// BehindNAT reports whether a platform's workloads reach the internet (and
// other clouds) through their VPC's NAT gateway: Kubernetes nodes and
// Fargate tasks in private subnets, the default this project prices.
func BehindNAT(id string) bool {
	return KindOf(id) == Kubernetes || id == workload.PlatformFargate
}

const gibPerGB = 1e9 / (1 << 30)

// Clouds are the providers, by id.
var Clouds = map[string]Cloud{
	"aws": {ID: "aws", Name: "AWS",
		Logs: func(cat *catalog.Catalog, gb, _ float64) (*pricing.Bill, error) {
			return pricing.CloudWatchLogs{IngestGB: gb}.Bill(cat)
		},
		Egress: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.DataTransferOut{GB: gb}.Bill(cat)
		},
		InterZone: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.ZoneTransfer{Cloud: "aws", CrossZoneGB: gb}.Bill(cat)
		},
		NATData: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.NATGateway{GBProcessed: gb}.Bill(cat)
		}},
	"gcp": {ID: "gcp", Name: "Google Cloud",
		Logs: func(cat *catalog.Catalog, gb, _ float64) (*pricing.Bill, error) {
			return pricing.CloudLogging{IngestGiB: gb * gibPerGB}.Bill(cat)
		},
		Egress: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.GCPEgress{GiB: gb * gibPerGB}.Bill(cat)
		},
		InterZone: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.ZoneTransfer{Cloud: "gcp", CrossZoneGB: gb}.Bill(cat)
		},
		NATData: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.CloudNAT{GBProcessed: gb * gibPerGB}.Bill(cat)
		}},
	"azure": {ID: "azure", Name: "Microsoft Azure",
		Logs: func(cat *catalog.Catalog, gb, _ float64) (*pricing.Bill, error) {
			return pricing.AzureMonitorLogs{IngestGB: gb}.Bill(cat)
		},
		Egress: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.AzureEgress{GB: gb}.Bill(cat)
		},
		InterZone: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.ZoneTransfer{Cloud: "azure", CrossZoneGB: gb}.Bill(cat)
		},
		NATData: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.AzureNAT{GBProcessed: gb}.Bill(cat)
		}},
	"cloudflare": {ID: "cloudflare", Name: "Cloudflare", Neutral: true,
		Logs: func(cat *catalog.Catalog, _, events float64) (*pricing.Bill, error) {
			return pricing.WorkersLogs{Events: events}.Bill(cat)
		},
		Egress: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return zero(cat, "egress", "data transfer out (Cloudflare charges no egress)", "GB", "https://developers.cloudflare.com/workers/platform/pricing/"), nil
		}},
	"vercel": {ID: "vercel", Name: "Vercel", Neutral: true,
		Logs: func(cat *catalog.Catalog, gb, _ float64) (*pricing.Bill, error) {
			return zero(cat, "logs", "runtime logs (included in the plan; log drains not modelled)", "GB", "https://vercel.com/docs/logs/runtime"), nil
		},
		Egress: func(cat *catalog.Catalog, gb float64) (*pricing.Bill, error) {
			return pricing.VercelNetwork{TransferGB: gb}.Bill(cat)
		}},
}

// CloudIDs are the clouds a whole system can stay on, in report order.
var CloudIDs = []string{"aws", "gcp", "azure"}

// CloudName is a cloud's name as its owner writes it.
func CloudName(id string) string {
	if c, ok := Clouds[id]; ok {
		return c.Name
	}
	return id
}

// APIGatewayBill prices the managed API gateway a spec names
// (front_door: api-gateway-http or api-gateway-rest) on a cloud: API Gateway
// on AWS, Google Cloud API Gateway, Azure API Management (Consumption).
// It returns nil when the component names no API gateway or the cloud has
// none to add (Cloudflare, Vercel).
func APIGatewayBill(cat *catalog.Catalog, cloud string, w Work) (*pricing.Bill, error) {
	if w.C.FrontDoor != workload.FrontDoorAPIGatewayHTTP && w.C.FrontDoor != workload.FrontDoorAPIGatewayREST {
		return nil, nil
	}
	rest := w.C.FrontDoor == workload.FrontDoorAPIGatewayREST
	switch cloud {
	case "aws":
		return pricing.APIGateway{REST: rest, Requests: w.C.RequestsPerMonth, FreeTier: w.FreeTier}.Bill(cat)
	case "gcp":
		return pricing.GoogleAPIGateway{Calls: w.C.RequestsPerMonth}.Bill(cat)
	case "azure":
		return pricing.AzureAPIManagement{Calls: w.C.RequestsPerMonth}.Bill(cat)
	}
	return nil, nil
}
