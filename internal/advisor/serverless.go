package advisor

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// env is what every costing function needs.
type env struct {
	cat  *catalog.Catalog
	spec *workload.Spec
	opts Options
}

func (e env) hours() float64 { return e.spec.HoursPerMonth }

// engineerHourly is the fully loaded cost of one engineer-hour.
func (e env) engineerHourly() float64 {
	return e.spec.Team.EngineerCostPerYear / engineerHoursPerYear
}

// serverlessBill prices a component on one serverless platform: the
// platform's compute and requests and its front door, then the costs every
// platform pays by the same rule (logs, egress, NAT, the managed services
// it calls and the operations time; docs/cost-model.md#equal-footing). It
// returns the bill and the sentences explaining the model's choices.
func serverlessBill(e env, d demand, id string) (*pricing.Bill, []Reason, error) {
	p, err := platform.Get(id)
	if err != nil {
		return nil, nil, err
	}
	fn, ok := p.(platform.Function)
	if !ok {
		return nil, nil, fmt.Errorf("no serverless cost model for platform %q", id)
	}
	c := d.C
	d.FreeTier = e.spec.FreeTier
	b := pricing.NewBill(id, e.cat)
	compute, why, err := fn.Compute(e.cat, d)
	if err != nil {
		return nil, nil, fmt.Errorf("price %s on %s: %w", c.Name, id, err)
	}
	b.AddBill(compute)
	door, doorWhy, err := fn.FrontDoor(e.cat, d)
	if err != nil {
		return nil, nil, fmt.Errorf("price the front door of %s on %s: %w", c.Name, id, err)
	}
	if door != nil {
		b.AddBill(door)
	}
	why = append(why, doorWhy...)
	if err := addSymmetric(b, e, p.Info().Cloud, []demand{d}, 0); err != nil {
		return nil, nil, fmt.Errorf("price %s on %s: %w", c.Name, id, err)
	}
	b.AddPriced("NAT (none: functions reach the internet without a NAT gateway)", pricing.Dec(0), "GB", pricing.Dec(0), "docs/cost-model.md#equal-footing", pricing.HalfUp)
	if err := addDownstream(b, e, d); err != nil {
		return nil, nil, err
	}
	addOps(b, e, 1)
	return b, why, nil
}

// addSymmetric adds the charges every platform on a cloud pays alike for
// the given members' requests: log ingestion (logKBPerRequest per request,
// plus extraLogGB of system logs) and egress of the responses (response_kb).
func addSymmetric(b *pricing.Bill, e env, cloudID string, ds []demand, extraLogGB float64) error {
	cl, ok := platform.Clouds[cloudID]
	if !ok {
		return fmt.Errorf("unknown cloud %q", cloudID)
	}
	requests, egress := 0.0, 0.0
	for _, d := range ds {
		requests += d.C.RequestsPerMonth
		egress += d.ResponseGB()
	}
	logs, err := cl.Logs(e.cat, requests*logKBPerRequest/1e6+extraLogGB, requests)
	if err != nil {
		return err
	}
	for i := range logs.LineItems {
		logs.LineItems[i].Name = "logs: " + logs.LineItems[i].Name
	}
	b.AddBill(logs)
	out, err := cl.Egress(e.cat, egress)
	if err != nil {
		return err
	}
	for i := range out.LineItems {
		out.LineItems[i].Name = "egress: " + out.LineItems[i].Name
	}
	b.AddBill(out)
	return nil
}

// opsHours is the engineer time each component takes a month, wherever it
// runs (team.ops_hours_per_component).
func (e env) opsHours() float64 {
	if h := e.spec.Team.OpsHoursPerComponent; h != nil {
		return *h
	}
	return workload.DefaultOpsHoursPerComponent
}

// addOps adds the operations time of n components.
func addOps(b *pricing.Bill, e env, n int) {
	if h := e.opsHours() * float64(n); h > 0 {
		b.AddPriced("operations (engineer time)", pricing.Dec(h), "engineer-hour", pricing.Dec(e.engineerHourly()).Round(2), "docs/cost-model.md#people", pricing.HalfUp)
	}
}

// addDownstream prices the managed-service calls every option makes alike.
func addDownstream(b *pricing.Bill, e env, d demand) error {
	ds := d.C.Downstream
	r := d.C.RequestsPerMonth
	var subs []interface {
		Bill(*catalog.Catalog) (*pricing.Bill, error)
	}
	if ds.DynamoDBReads > 0 || ds.DynamoDBWrites > 0 {
		subs = append(subs, pricing.DynamoDB{ReadRequestUnits: r * ds.DynamoDBReads, WriteRequestUnits: r * ds.DynamoDBWrites, FreeTier: e.spec.FreeTier})
	}
	if ds.S3Gets > 0 || ds.S3Puts > 0 {
		subs = append(subs, pricing.S3{Gets: r * ds.S3Gets, Puts: r * ds.S3Puts})
	}
	if ds.SQSMessages > 0 {
		subs = append(subs, pricing.SQS{Requests: r * ds.SQSMessages * sqsRequestsPerMessage, FreeTier: e.spec.FreeTier})
	}
	for _, s := range subs {
		sub, err := s.Bill(e.cat)
		if err != nil {
			return fmt.Errorf("price downstream calls of %s: %w", d.C.Name, err)
		}
		for i := range sub.LineItems {
			sub.LineItems[i].Name = "downstream: " + sub.LineItems[i].Name
		}
		b.AddBill(sub)
	}
	return nil
}
