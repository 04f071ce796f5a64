package platform

import (
	"fmt"
	"math"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// SQS is an Amazon SQS standard queue: every send, receive and delete is a
// request, each 64 KB of a message one more.
type SQS struct{}

var _ = register(SQS{})

// SQS's rules (aws.amazon.com/sqs/pricing; aws.amazon.com/sqs/features).
const (
	SQSChunkKB            = 64
	SQSRequestsPerMessage = 3.0  // send, receive, delete
	SQSMaxMessageKB       = 1024 // 1 MiB since 2025 [U]
)

// Info describes the platform.
func (SQS) Info() Info {
	return Info{ID: workload.PlatformSQS, Name: "Amazon SQS", Cloud: "aws", Kind: Managed, Billing: PerRequest,
		RegionNote: "runs in one AWS Region", Source: "https://aws.amazon.com/sqs/pricing/"}
}

// Concurrency is not a managed service's concern.
func (SQS) Concurrency(Work) int { return 0 }

// Engines: a queue.
func (SQS) Engines() []string { return []string{workload.EngineQueue} }

// Price meters the month's requests.
func (q SQS) Price(cat *catalog.Catalog, w Work, u workload.DataUse) (*pricing.Bill, []Reason, error) {
	if why := EngineReasons("SQS", q.Engines(), u); why != nil {
		return nil, why, nil
	}
	if u.ItemKB > SQSMaxMessageKB {
		return nil, []Reason{{Text: fmt.Sprintf("its messages are %g KB; SQS takes at most %d KB", u.ItemKB, SQSMaxMessageKB), Source: q.Info().Source}}, nil
	}
	chunks := math.Max(1, math.Ceil(u.ItemKB/SQSChunkKB-1e-9))
	messages := u.WritesPerSec * w.Hours * 3600
	b, err := pricing.SQS{Requests: math.Round(messages * SQSRequestsPerMessage * chunks), FreeTier: w.FreeTier}.Bill(cat)
	return b, []Reason{{Text: fmt.Sprintf("SQS bills %g requests per message (send, receive, delete) of %g × 64 KB; %s messages a month",
		SQSRequestsPerMessage, chunks, pricing.FormatQty(pricing.Dec(math.Round(messages)))), Source: "docs/managed-services.md#queues-and-topics"}}, err
}
