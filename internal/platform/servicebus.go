package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// ServiceBus is an Azure Service Bus Standard namespace, for a queue or a
// topic: a base charge and operations (send, receive, settle; each 64 KB
// of a message one).
type ServiceBus struct{}

var _ = register(ServiceBus{})

// Service Bus Standard's rules (learn.microsoft.com/azure/service-bus-messaging/service-bus-quotas).
const (
	ServiceBusMaxMessageKB = 256
	ServiceBusOpsPerMsg    = 3 // send, receive, complete
	ServiceBusChunkKB      = 64
)

// Info describes the platform.
func (ServiceBus) Info() Info {
	return Info{ID: workload.PlatformServiceBus, Name: "Azure Service Bus", Cloud: "azure", Kind: Managed, Billing: PerRequest,
		RegionNote: "runs in one Azure region", Source: "https://azure.microsoft.com/en-us/pricing/details/service-bus/"}
}

// Concurrency is not a managed service's concern.
func (ServiceBus) Concurrency(Work) int { return 0 }

// Engines: a queue or a topic.
func (ServiceBus) Engines() []string { return []string{workload.EngineQueue, workload.EngineTopic} }

// Price meters the month.
func (s ServiceBus) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Service Bus", s.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > ServiceBusMaxMessageKB {
		return nil, []Reason{{Text: fmt.Sprintf("its messages are %g KB; Service Bus Standard takes at most %d KB (Premium, up to 100 MB, is not priced here)", u.ItemKB, ServiceBusMaxMessageKB), Source: s.Info().Source}}, nil
	}
	chunks := math.Max(1, math.Ceil(u.ItemKB/ServiceBusChunkKB-1e-9))
	ops := math.Round(u.WritesPerSec * w.Hours * 3600 * ServiceBusOpsPerMsg * chunks)
	b, err := pricing.ServiceBus{Hours: w.Hours, Operations: ops}.Bill(cat)
	return b, []Reason{{Text: fmt.Sprintf("Service Bus Standard: a base charge with 13M operations included, then %d operations per message (send, receive, complete) of %g × 64 KB",
		ServiceBusOpsPerMsg, chunks), Source: "docs/managed-services.md#queues-and-topics"}}, err
}
