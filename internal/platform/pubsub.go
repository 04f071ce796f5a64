package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// PubSub is Google Cloud Pub/Sub, for a queue (a topic with one pull
// subscription) or a topic: throughput billed by the byte, published and
// delivered, at least 1,000 bytes a request.
type PubSub struct{}

var _ = register(PubSub{})

// Pub/Sub's rules (cloud.google.com/pubsub/pricing; /quotas).
const (
	PubSubMinBytes     = 1000
	PubSubMaxMessageKB = 10_000 // 10 MB
	// PubSubSubscriptions is how many subscriptions each message is
	// delivered to: one (a queue, or a topic with one consumer) [U].
	PubSubSubscriptions = 1
)

// Info describes the platform.
func (PubSub) Info() Info {
	return Info{ID: workload.PlatformPubSub, Name: "Pub/Sub", Cloud: "gcp", Kind: Managed, Billing: PerRequest,
		RegionNote: "global service; messages stored in the publishing region", Source: "https://cloud.google.com/pubsub/pricing"}
}

// Concurrency is not a managed service's concern.
func (PubSub) Concurrency(Work) int { return 0 }

// Engines: a queue or a topic.
func (PubSub) Engines() []string { return []string{workload.EngineQueue, workload.EngineTopic} }

// Price meters the month's throughput.
func (p PubSub) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("Pub/Sub", p.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > PubSubMaxMessageKB {
		return nil, []Reason{{Text: fmt.Sprintf("its messages are %g KB; Pub/Sub takes at most 10 MB", u.ItemKB), Source: p.Info().Source}}, nil
	}
	bytes := math.Max(PubSubMinBytes, u.ItemKB*1000)
	messages := u.WritesPerSec * w.Hours * 3600
	gib := roundQty(messages * bytes * (1 + PubSubSubscriptions) / (1 << 30))
	b, err := pricing.PubSub{GiB: gib}.Bill(cat)
	return b, []Reason{{Text: fmt.Sprintf("Pub/Sub bills the bytes published and delivered to %d subscription(s), at least %d bytes a request (messages unbatched): %s GiB a month",
		PubSubSubscriptions, PubSubMinBytes, pricing.FormatQty(pricing.Dec(gib))), Source: "docs/managed-services.md#queues-and-topics"}}, err
}
