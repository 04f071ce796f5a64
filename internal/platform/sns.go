package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// SNS is an Amazon SNS standard topic: publishes (each 64 KB one request),
// delivered to SQS queues or Lambda functions, which SNS does not charge.
type SNS struct{}

var _ = register(SNS{})

// SNSMaxMessageKB is SNS's largest message (aws.amazon.com/sns/faqs).
const SNSMaxMessageKB = 256

// Info describes the platform.
func (SNS) Info() Info {
	return Info{ID: workload.PlatformSNS, Name: "Amazon SNS", Cloud: "aws", Kind: Managed, Billing: PerRequest,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/sns/pricing/"}
}

// Concurrency is not a managed service's concern.
func (SNS) Concurrency(Work) int { return 0 }

// Engines: a topic.
func (SNS) Engines() []string { return []string{workload.EngineTopic} }

// Price meters the month's publishes.
func (s SNS) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("SNS", s.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > SNSMaxMessageKB {
		return nil, []Reason{{Text: fmt.Sprintf("its messages are %g KB; SNS takes at most %d KB", u.ItemKB, SNSMaxMessageKB), Source: s.Info().Source}}, nil
	}
	chunks := math.Max(1, math.Ceil(u.ItemKB/SQSChunkKB-1e-9))
	publishes := math.Round(u.WritesPerSec * w.Hours * 3600 * chunks)
	b, err := pricing.SNS{Publishes: publishes, FreeTier: w.FreeTier}.Bill(cat)
	return b, []Reason{{Text: fmt.Sprintf("SNS bills each publish (%g × 64 KB per message); deliveries to SQS or Lambda subscribers are free (HTTP/S subscribers would add $0.60 a million)", chunks),
		Source: "docs/managed-services.md#queues-and-topics"}}, err
}
