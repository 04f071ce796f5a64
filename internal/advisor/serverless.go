package advisor

import (
	"fmt"
	"math"
	"strings"
	"time"

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
	if bought, err := applyPurchase(e, b, d, id); err != nil {
		return nil, nil, fmt.Errorf("price %s on %s: %w", c.Name, id, err)
	} else if bought != nil {
		why = append(why, *bought)
	}
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

// purchaseLines are the compute lines a serverless purchase option
// discounts, per platform: Lambda's duration and provisioned concurrency
// (requests are not covered), Fargate's vCPU and memory.
var purchaseLines = map[string][]string{
	workload.PlatformLambda:  {"Duration", "Provisioned Concurrency"},
	workload.PlatformFargate: {"vCPU", "Memory"},
}

// applyPurchase prices the spec's purchase option for a serverless platform
// on its compute lines (docs/purchase-options.md): a Compute Savings Plan
// covers the month's floor, the lowest hour's load over the mean; Fargate
// Spot covers all but the on-demand share. It returns the reason that
// names the option and the on-demand figure, or nil when on demand.
func applyPurchase(e env, b *pricing.Bill, d demand, id string) (*Reason, error) {
	option := e.spec.PurchaseFor(id)
	if option == workload.PurchaseOnDemand {
		return nil, nil
	}
	prefixes := purchaseLines[id]
	covered := floorShare(d)
	what := fmt.Sprintf("the month's floor, the lowest hour's load at %.0f %% of the mean", covered*100)
	if option == workload.PurchaseSpot {
		share := workload.DefaultSpotOnDemandShare
		if s := e.spec.Kubernetes.SpotOnDemandShare; s != nil {
			share = *s
		}
		covered = 1 - share
		what = fmt.Sprintf("all but the %.0f %% kept on demand", share*100)
	}
	x := pricing.ServerlessPurchase{Platform: id, Option: option, Covered: covered, Lines: func(name string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(name, p) {
				return true
			}
		}
		return false
	}}
	if err := x.Apply(e.cat, b); err != nil {
		return nil, err
	}
	return &Reason{Text: fmt.Sprintf("bought as %s (purchase:), covering %s: %s less than on demand (%s for these lines)",
		option, what, usd(b.Saving), usd(b.OnDemandTotal())), Source: "docs/purchase-options.md"}, nil
}

// floorShare is the lowest hour's mean load over the month's mean: the
// share of the usage that runs every hour, which a commitment can cover
// without waste.
func floorShare(d demand) float64 {
	lo, sum, n := math.Inf(1), 0.0, 0
	for h := 0; float64(h) < d.Hours; h++ {
		f := d.Shape.Factor(time.Duration(h)*time.Hour + 30*time.Minute)
		lo, sum, n = math.Min(lo, f), sum+f, n+1
	}
	if n == 0 || !(sum > 0) {
		return 0
	}
	return math.Max(0, math.Min(1, lo/(sum/float64(n))))
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
