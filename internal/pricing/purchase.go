package pricing

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Hours in a commitment's term: AWS, Google and Azure terms are 365-day
// years (an AWS Reserved Instance's term is 31,536,000 s).
const hoursPerTermYear = 8760

// NodeCount is a number of nodes of one type running for some hours.
type NodeCount struct {
	Nodes, Hours float64
}

// NodeHours is the profile's node-hours.
func NodeHours(profile []NodeCount) float64 {
	h := 0.0
	for _, p := range profile {
		h += p.Nodes * p.Hours
	}
	return h
}

// Floor is the fewest nodes running in any hour of the profile (hours with
// none count: a commitment sized to the floor is never unused).
func Floor(profile []NodeCount) float64 {
	f := math.Inf(1)
	for _, p := range profile {
		if p.Hours > 0 {
			f = math.Min(f, p.Nodes)
		}
	}
	if math.IsInf(f, 1) {
		return 0
	}
	return f
}

// PurchaseRate is what a node-hour costs under a purchase option: a
// recurring hourly rate, and for a commitment with an upfront payment the
// upfront per node for the term.
type PurchaseRate struct {
	Option    string
	Hourly    decimal.Decimal // per node-hour
	Upfront   decimal.Decimal // per node, paid once for the term
	TermHours decimal.Decimal // 0 for spot
	Source    string
	// PerType is true when the rate is the node type's own catalog entry
	// (imported from the provider's files), false when it is the
	// platform's published discount applied to the on-demand price.
	PerType bool
}

// Effective is the rate per node-hour with the upfront spread over the term.
func (r PurchaseRate) Effective() decimal.Decimal {
	if r.TermHours.IsZero() {
		return r.Hourly
	}
	return r.Hourly.Add(r.Upfront.Div(r.TermHours))
}

// PurchaseID is the catalog id of a platform-wide purchase figure:
// purchase.<platform>.<option>.<what> (what: rate, upfront).
func PurchaseID(platformID, option, what string) string {
	return "purchase." + platformID + "." + option + "." + what
}

// NodeRate resolves the rate of one node type under option: the type's own
// entries when the catalog has them (<prefix><type>.spot_hourly for spot;
// <prefix><type>.<option>.recurring and .upfront for a commitment, as
// `fulcrum catalog import` writes them), else the platform's discount
// (purchase.<platform>.<option>.rate, and .upfront, as fractions of the
// on-demand price and of the on-demand price over the term).
func NodeRate(c *catalog.Catalog, platformID, prefix, typ, option string, onDemand catalog.Entry) (PurchaseRate, error) {
	od := onDemand.UnitPrice()
	r := PurchaseRate{Option: option}
	if years := workload.TermYears(option); years > 0 {
		r.TermHours = Int(int64(years * hoursPerTermYear))
	}
	if option == workload.PurchaseSpot {
		if e, ok := c.Entries[prefix+typ+".spot_hourly"]; ok {
			r.Hourly, r.Source, r.PerType = e.UnitPrice(), e.Source, true
			return r, nil
		}
	} else if e, ok := c.Entries[prefix+typ+"."+option+".recurring"]; ok {
		r.Hourly, r.Source, r.PerType = e.UnitPrice(), e.Source, true
		if u, ok := c.Entries[prefix+typ+"."+option+".upfront"]; ok {
			r.Upfront = u.UnitPrice()
		}
		return r, nil
	}
	rate, ok := c.Entries[PurchaseID(platformID, option, "rate")]
	if !ok {
		return r, fmt.Errorf("no %s price for %s (catalog ids %s or %s)", option, typ, prefix+typ+"."+option+".recurring", PurchaseID(platformID, option, "rate"))
	}
	r.Hourly, r.Source = od.Mul(rate.UnitPrice()), rate.Source
	u, ok := c.Entries[PurchaseID(platformID, option, "upfront")]
	if !ok && workload.PaysUpfront(option) {
		return r, fmt.Errorf("no %s upfront price for %s (catalog id %s)", option, typ, PurchaseID(platformID, option, "upfront"))
	}
	if ok {
		r.Upfront = od.Mul(u.UnitPrice()).Mul(r.TermHours).Round(2)
	}
	return r, nil
}

// optionLabel names an option in a bill line.
func optionLabel(option string) string {
	switch option {
	case workload.PurchaseComputeSP1y:
		return "Compute Savings Plan 1y"
	case workload.PurchaseComputeSP3y:
		return "Compute Savings Plan 3y"
	case workload.PurchaseEC2SP1y:
		return "EC2 Instance Savings Plan 1y"
	case workload.PurchaseEC2SP3y:
		return "EC2 Instance Savings Plan 3y"
	case workload.PurchaseCUD1y:
		return "committed use discount 1y"
	case workload.PurchaseCUD3y:
		return "committed use discount 3y"
	case workload.PurchaseReserved1y:
		return "reservation 1y"
	case workload.PurchaseReserved3y:
		return "reservation 3y"
	case workload.PurchaseSpot:
		return "spot"
	}
	if strings.HasPrefix(option, "reserved-") { // reserved-1y-partial-upfront
		rest := strings.TrimPrefix(option, "reserved-")
		term, pay, _ := strings.Cut(rest, "-")
		return "Reserved Instance " + term + " " + strings.ReplaceAll(pay, "-", " ")
	}
	return option
}

// NodePurchase is a month of one node type bought under a purchase option
// other than on-demand: spot capacity with an on-demand base, or a
// commitment (savings plan, reservation, committed use discount) covering
// some nodes with the rest on demand.
type NodePurchase struct {
	Platform string // eks, gke, aks: whose purchase.* entries apply
	Prefix   string // the node type's catalog prefix (aws.ec2.)
	Type     string
	Option   string
	// Profile is the month's node counts and their hours.
	Profile []NodeCount
	// Committed is the nodes a commitment covers; nil sizes it to the
	// profile's floor.
	Committed *float64
	// OnDemandShare is, for spot, the share of node-hours kept on demand.
	OnDemandShare float64
	// Headroom is, for spot, the node-hours added for interrupted nodes
	// as a share of the spot node-hours.
	Headroom float64
}

// Bill prices the month. Bill.Saving is what on-demand nodes would have
// cost more (negative when an unused commitment costs more than on-demand).
func (x NodePurchase) Bill(c *catalog.Catalog) (*Bill, error) {
	u := newUsageCheck("node purchase")
	for _, p := range x.Profile {
		u.nonNegative("nodes", p.Nodes)
		u.nonNegative("hours", p.Hours)
	}
	u.nonNegative("on-demand share", x.OnDemandShare)
	u.nonNegative("headroom", x.Headroom)
	if x.OnDemandShare > 1 {
		u.add("on-demand share", fmt.Sprintf("%g is above 1", x.OnDemandShare))
	}
	if x.Committed != nil {
		u.nonNegative("committed nodes", *x.Committed)
	}
	odID := x.Prefix + x.Type + ".hourly"
	od, ok := c.Entries[odID]
	if !ok {
		u.add("type", fmt.Sprintf("no on-demand price for %q (catalog id %s)", x.Type, odID))
	}
	if err := u.err(); err != nil {
		return nil, err
	}
	rate, err := NodeRate(c, x.Platform, x.Prefix, x.Type, x.Option, od)
	if err != nil {
		return nil, fmt.Errorf("node purchase: %w", err)
	}
	b := NewBill("node purchase", c)
	nodeHours := NodeHours(x.Profile)
	odEquivalent := RoundMoney(Dec(nodeHours).Mul(od.UnitPrice()), HalfUp)
	how := "the platform's published discount on the on-demand price"
	if rate.PerType {
		how = "the type's own price"
	}
	if x.Option == workload.PurchaseSpot {
		base := nodeHours * x.OnDemandShare
		spot := nodeHours - base
		b.AddPriced(fmt.Sprintf("%s spot (%.0f %% of node-hours)", x.Type, (1-x.OnDemandShare)*100), Dec(spot), "node-hour", rate.Hourly, rate.Source, HalfUp)
		if x.Headroom > 0 && spot > 0 {
			b.AddPriced(fmt.Sprintf("%s spot interruption headroom (%.0f %%)", x.Type, x.Headroom*100), Dec(spot*x.Headroom), "node-hour", rate.Hourly, rate.Source, HalfUp)
		}
		if base > 0 {
			b.Add(fmt.Sprintf("%s on-demand base (%.0f %% of node-hours)", x.Type, x.OnDemandShare*100), Dec(base), "node-hour", od, HalfUp)
		}
		b.Note("%s spot at %s a node-hour (%s) against %s on demand", x.Type, rate.Hourly.Round(5), how, od.UnitPrice().Round(5))
	} else {
		n := Floor(x.Profile)
		if x.Committed != nil {
			n = *x.Committed
		}
		used, unused, over := 0.0, 0.0, 0.0
		months := 0.0
		for _, p := range x.Profile {
			used += math.Min(p.Nodes, n) * p.Hours
			unused += math.Max(0, n-p.Nodes) * p.Hours
			over += math.Max(0, p.Nodes-n) * p.Hours
			months += p.Hours
		}
		label := optionLabel(x.Option)
		b.AddPriced(fmt.Sprintf("%s %s, committed (%s nodes)", x.Type, label, FormatQty(Dec(n))), Dec(used), "node-hour", rate.Hourly, rate.Source, HalfUp)
		if unused > 1e-9 {
			b.AddPriced(fmt.Sprintf("%s %s, unused commitment", x.Type, label), Dec(unused), "node-hour", rate.Hourly, rate.Source, HalfUp)
		}
		if rate.Upfront.IsPositive() {
			b.AddPriced(fmt.Sprintf("%s %s upfront (%s a node), amortised over the term", x.Type, label, FormatUSD(rate.Upfront)), Dec(n*months), "node-hour", rate.Upfront.Div(rate.TermHours), rate.Source, HalfUp)
		}
		if over > 1e-9 {
			b.Add(fmt.Sprintf("%s on-demand above the commitment", x.Type), Dec(over), "node-hour", od, HalfUp)
		}
		b.Note("%s %s at %s a node-hour effective (%s) against %s on demand", x.Type, label, rate.Effective().Round(5), how, od.UnitPrice().Round(5))
	}
	b.Saving = odEquivalent.Sub(b.Total)
	return b, nil
}

// ServerlessPurchase prices a purchase option on a serverless bill's
// compute lines: a Compute Savings Plan covering the month's floor (the
// lowest hour's usage as a share of the mean), or Fargate Spot for all but
// an on-demand share. It is one line, a discount with its basis, so the
// on-demand lines stay as the provider's worked examples show them.
type ServerlessPurchase struct {
	Platform string // aws-lambda, aws-fargate
	Option   string
	// Covered is the share of the compute lines the option applies to:
	// the floor share for a savings plan, the spot share for spot.
	Covered float64
	// Lines names the compute lines the option discounts.
	Lines func(name string) bool
}

// Apply adds the discount line to b and records the saving.
func (x ServerlessPurchase) Apply(c *catalog.Catalog, b *Bill) error {
	if x.Option == workload.PurchaseOnDemand || x.Option == "" {
		return nil
	}
	if !(x.Covered >= 0 && x.Covered <= 1) {
		return fmt.Errorf("%s %s: covered share %g is not between 0 and 1", x.Platform, x.Option, x.Covered)
	}
	rate, ok := c.Entries[PurchaseID(x.Platform, x.Option, "rate")]
	if !ok {
		return fmt.Errorf("%s has no %s price (catalog id %s)", x.Platform, x.Option, PurchaseID(x.Platform, x.Option, "rate"))
	}
	base := decimal.Zero
	var names []string
	for _, li := range b.LineItems {
		if x.Lines(li.Name) {
			base = base.Add(li.Amount)
			names = append(names, li.Name)
		}
	}
	covered := RoundMoney(base.Mul(Dec(x.Covered)), HalfUp)
	off := decimal.NewFromInt(1).Sub(rate.UnitPrice())
	what := "of the on-demand " + strings.ToLower(strings.Join(names, ", ")) + " committed"
	if x.Option == workload.PurchaseSpot {
		what = "of the on-demand " + strings.ToLower(strings.Join(names, ", ")) + " on spot"
	}
	name := fmt.Sprintf("%s: %.0f %% %s, %s off", optionLabel(x.Option), x.Covered*100, what, off.Mul(Int(100)).Round(1).String()+" %")
	before := b.Total
	b.AddPriced(name, covered, "USD", off.Neg(), rate.Source, HalfUp)
	b.Saving = b.Saving.Add(before.Sub(b.Total))
	return nil
}
