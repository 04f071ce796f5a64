package platform

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Lambda is AWS Lambda: billed per request and per GB-second of each
// request's own duration (INIT included since 2025-08-01), one request per
// execution environment, a 1,000-per-10-s scaling rate and a raisable
// account concurrency.
type Lambda struct{}

var _ = register(Lambda{})

// Info describes the platform.
func (Lambda) Info() Info {
	return Info{ID: workload.PlatformLambda, Name: "AWS Lambda", Cloud: "aws", Kind: Serverless, Billing: PerRequest,
		RegionNote: "runs in one AWS Region", Simulated: true, Provisionable: true,
		FrontDoor: "a function URL (no charge), or API Gateway / an ALB when the spec names one",
		Source:    "https://aws.amazon.com/lambda/pricing/"}
}

// Concurrency: one request per execution environment.
func (Lambda) Concurrency(Work) int { return 1 }

// Compute prices requests and duration (INIT and provisioned concurrency
// from the simulation).
func (Lambda) Compute(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	mem := max(w.C.MemoryMB, 128)
	l := pricing.Lambda{Requests: w.C.RequestsPerMonth, DurationMS: w.C.DurationMS, MemoryMB: mem, Arch: "x86_64",
		FreeTier: w.FreeTier, InitGBSeconds: w.Usage.InitGBSeconds}
	if w.Usage.Provisioned > 0 {
		l.ProvisionedConcurrency, l.ProvisionedHours, l.ProvisionedRequestShare = float64(w.Usage.Provisioned), w.Hours, w.Usage.ProvisionedShare
	}
	b, err := l.Bill(cat)
	var why []Reason
	if vcpu := mem / workload.MemoryMBPerVCPU; w.CPUShare() > vcpu+1e-9 {
		why = append(why, Reason{Text: fmt.Sprintf("at %.0f MB Lambda gives %.2f vCPU, less than the %.2f CPU share a request uses: durations may stretch", mem, vcpu, w.CPUShare()),
			Source: "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"})
	}
	return b, why, err
}

// FrontDoor: a function URL unless the spec names API Gateway or an ALB.
func (Lambda) FrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	return awsFunctionFrontDoor(cat, w)
}

// awsFunctionFrontDoor is the entry of an AWS function: the spec's API
// Gateway or ALB, else a function URL.
func awsFunctionFrontDoor(cat *catalog.Catalog, w Work) (*pricing.Bill, []Reason, error) {
	if w.C.HoldsConnections() && w.HTTP() {
		return websocketGatewayAWS(cat, w)
	}
	x := newBuilder(cat, "front door")
	switch w.C.FrontDoor {
	case workload.FrontDoorAPIGatewayHTTP, workload.FrontDoorAPIGatewayREST:
		b, err := APIGatewayBill(cat, "aws", w)
		return b, nil, err
	case workload.FrontDoorALB:
		x.add(pricing.ALB{Count: 1, Hours: w.Hours, LCUs: ALBLCUs(w)})
	case workload.FrontDoorBuiltIn:
		x.add(pricing.LambdaFunctionURL{Requests: w.C.RequestsPerMonth})
	default:
		return nil, nil, nil
	}
	b, err := x.done()
	return b, nil, err
}

// ALBLCUs estimates the average load balancer capacity units from the mean
// request rate: each request a new connection lasting its duration,
// response plus 1 KB of request bytes.
func ALBLCUs(w Work) float64 {
	if w.C.HoldsConnections() {
		// A websocket's connections stay open: the mean open are the active
		// connections, each opened once, and the messages are the bytes.
		u := w.Connections()
		secs := w.Hours * 3600
		return pricing.ALBLCUs(u.Sessions/secs, u.Mean, u.Messages*u.MessageKB/1e6/w.Hours, 0)
	}
	gbPerHour := w.Rate * 3600 * (w.C.ResponseKB + 1) / 1e6
	return pricing.ALBLCUs(w.Rate, w.Rate*w.DurS, gbPerHour, w.Rate)
}
