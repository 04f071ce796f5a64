package advisor

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// CrossZoneShare is the share of the traffic between two platforms of one
// cloud and region assumed to cross a zone boundary: each side spread
// evenly over three zones, a call lands in another zone 2 times in 3. An
// assumption [U] (docs/cost-model.md#calls); components on the same
// platform are assumed to call within their zone (zone-aware routing).
const CrossZoneShare = 2.0 / 3

// callModel prices the traffic of the spec's calls between the platforms
// chosen for caller and callee. Its float rates serve the placement
// search; lines gives the exact bill of one placement.
type callModel struct {
	cat   *catalog.Catalog
	edges []callFlow
	// Per cloud, USD per GB: crossing zones, internet egress at the first
	// paid tier, NAT processing.
	zone, egress, nat map[string]float64
	egressLine        map[string]pricing.LineItem // unit, unit price, source; Quantity: units per GB
}

// callFlow is one call edge's monthly volume.
type callFlow struct {
	from, to      int
	name          string // "api→db"
	reqGB, respGB float64
	calls         float64
}

// newCallModel reads the rates from the catalog (nil when the spec has no
// calls, so every cost below is zero).
func newCallModel(e env, names []string) (*callModel, error) {
	if !e.spec.HasCalls() {
		return nil, nil
	}
	m := &callModel{cat: e.cat, zone: map[string]float64{}, egress: map[string]float64{}, nat: map[string]float64{}, egressLine: map[string]pricing.LineItem{}}
	for _, ce := range e.spec.Edges() {
		c := e.spec.Components[ce.From]
		calls := c.RequestsPerMonth * ce.Call.PerRequest
		m.edges = append(m.edges, callFlow{from: ce.From, to: ce.To, name: names[ce.From] + "→" + names[ce.To], calls: calls,
			reqGB: calls * ce.Call.RequestKB / 1e6, respGB: calls * ce.Call.ResponseKB / 1e6})
	}
	const probe = 1000.0 // GB: rates are per GB, read off a bill of this volume
	perGB := func(f func(*catalog.Catalog, float64) (*pricing.Bill, error)) (float64, error) {
		if f == nil {
			return 0, nil
		}
		b, err := f(e.cat, probe)
		if err != nil {
			return 0, err
		}
		return b.Total.InexactFloat64() / probe, nil
	}
	for id, cl := range platform.Clouds {
		var err error
		if m.zone[id], err = perGB(cl.InterZone); err != nil {
			return nil, fmt.Errorf("calls: %s zones: %w", id, err)
		}
		if m.nat[id], err = perGB(cl.NATData); err != nil {
			return nil, fmt.Errorf("calls: %s NAT: %w", id, err)
		}
		b, err := cl.Egress(e.cat, 1e6) // a volume well past the free allowance
		if err != nil {
			return nil, fmt.Errorf("calls: %s egress: %w", id, err)
		}
		qty := decimal.Zero // in the bill's unit (GiB on Google Cloud)
		for _, li := range b.LineItems {
			qty = qty.Add(li.Quantity)
		}
		for _, li := range b.LineItems {
			if li.UnitPrice.IsPositive() {
				li.Quantity = qty.Div(decimal.NewFromInt(1e6)) // units per GB
				m.egress[id] = li.UnitPrice.Mul(li.Quantity).InexactFloat64()
				m.egressLine[id] = li
				break
			}
		}
	}
	return m, nil
}

// flowCost is the float cost of one edge between platforms pf and pt.
func (m *callModel) flowCost(f callFlow, pf, pt string) float64 {
	if pf == "" || pt == "" || pf == pt {
		return 0
	}
	cf, ct := cloudOf(pf), cloudOf(pt)
	gb := f.reqGB + f.respGB
	if cf == ct {
		return gb * CrossZoneShare * m.zone[cf]
	}
	cost := f.reqGB*m.egress[cf] + f.respGB*m.egress[ct]
	if platform.BehindNAT(pf) {
		cost += gb * m.nat[cf]
	}
	return cost
}

// cost is the float cost of every call under placement plat (platform per
// component).
func (m *callModel) cost(plat []string) float64 {
	if m == nil {
		return 0
	}
	total := 0.0
	for _, f := range m.edges {
		total += m.flowCost(f, plat[f.from], plat[f.to])
	}
	return total
}

// incident is the float cost of the edges touching component i when it
// sits on p and the others on plat.
func (m *callModel) incident(i int, p string, plat []string) float64 {
	if m == nil {
		return 0
	}
	total := 0.0
	for _, f := range m.edges {
		switch {
		case f.from == i && f.to == i:
		case f.from == i:
			total += m.flowCost(f, p, plat[f.to])
		case f.to == i:
			total += m.flowCost(f, plat[f.from], p)
		}
	}
	return total
}

// lines is the exact bill of the calls under placement plat: one line per
// charge, named after the call ("calls api→db: cross-cloud egress
// (aws→gcp)"), and the part of the total that crosses clouds.
func (m *callModel) lines(plat []string) (items []pricing.LineItem, total, crossCloud decimal.Decimal, err error) {
	if m == nil {
		return nil, decimal.Zero, decimal.Zero, nil
	}
	add := func(li pricing.LineItem, cross bool) {
		if li.Amount.IsZero() {
			return
		}
		items = append(items, li)
		total = total.Add(li.Amount)
		if cross {
			crossCloud = crossCloud.Add(li.Amount)
		}
	}
	addBill := func(prefix string, b *pricing.Bill, cross bool) {
		for _, li := range b.LineItems {
			if li.Quantity.IsPositive() {
				li.Name = prefix + ": " + li.Name
				add(li, cross)
			}
		}
	}
	for _, f := range m.edges {
		pf, pt := plat[f.from], plat[f.to]
		if pf == "" || pt == "" || pf == pt {
			continue
		}
		cf, ct := cloudOf(pf), cloudOf(pt)
		prefix := "calls " + f.name
		if cf == ct {
			if z := platform.Clouds[cf].InterZone; z != nil {
				b, err := z(m.cat, (f.reqGB+f.respGB)*CrossZoneShare)
				if err != nil {
					return nil, decimal.Zero, decimal.Zero, err
				}
				addBill(fmt.Sprintf("%s: cross-zone (%s)", prefix, cf), b, false) // "calls api→db: cross-zone (aws): data transfer out of the sending zone"
			}
			continue
		}
		for _, leg := range []struct {
			from, to string
			gb       float64
		}{{cf, ct, f.reqGB}, {ct, cf, f.respGB}} {
			li, ok := m.egressLine[leg.from]
			if !ok || leg.gb <= 0 {
				continue
			}
			qty := pricing.Dec(leg.gb).Mul(li.Quantity).Round(6)
			add(pricing.LineItem{Name: fmt.Sprintf("%s: cross-cloud egress (%s→%s)", prefix, leg.from, leg.to), Quantity: qty, Unit: li.Unit,
				UnitPrice: li.UnitPrice, Amount: pricing.RoundMoney(qty.Mul(li.UnitPrice), pricing.HalfUp), Source: li.Source}, true)
		}
		if n := platform.Clouds[cf].NATData; n != nil && platform.BehindNAT(pf) {
			b, err := n(m.cat, f.reqGB+f.respGB)
			if err != nil {
				return nil, decimal.Zero, decimal.Zero, err
			}
			addBill(fmt.Sprintf("%s: NAT processing (%s)", prefix, cf), b, true)
		}
	}
	return items, total, crossCloud, nil
}

// placementVector is the platform of each component under a choice.
func placementVector(bestPlat []string, set []int, p string) []string {
	plat := append([]string(nil), bestPlat...)
	for _, i := range set {
		plat[i] = p
	}
	return plat
}

// improveForCalls moves components between their feasible standalone
// options while the options' cost plus the calls touching them falls, so
// that a component calling another is not placed on a far cloud for a
// cent saved on its own bill. allowed filters the options (a cloud's).
func (a *Analysis) improveForCalls(best []float64, plat []string, allowed func(*Option) bool) {
	m := a.calls
	if m == nil {
		return
	}
	for range 4 {
		changed := false
		for i := range a.Components {
			if plat[i] == "" {
				continue
			}
			cur := best[i] + m.incident(i, plat[i], plat)
			for k := range a.Components[i].Options {
				o := &a.Components[i].Options[k]
				if !o.Feasible || !standalone(o.Kind) || o.MonthlyUSD == nil || !allowed(o) || o.Platform == plat[i] {
					continue
				}
				f := o.MonthlyUSD.InexactFloat64()
				if c := f + m.incident(i, o.Platform, plat); c < cur-0.005 && !math.IsInf(f, 1) {
					best[i], plat[i], cur, changed = f, o.Platform, c, true
				}
			}
		}
		if !changed {
			return
		}
	}
}

// addCalls itemises the calls' traffic of placement plat on arch (the
// caller adds callsTotal to the architecture's total).
func (a *Analysis) addCalls(arch *Architecture, plat []string) error {
	items, total, cross, err := a.calls.lines(plat)
	if err != nil || a.calls == nil {
		return err
	}
	arch.CallLineItems, arch.CallsUSD, arch.crossCalls = items, &total, cross
	return nil
}

func (arch *Architecture) callsTotal() decimal.Decimal {
	if arch.CallsUSD == nil {
		return decimal.Zero
	}
	return *arch.CallsUSD
}

// CallsCost is the monthly traffic of the spec's calls when each component
// runs on platforms[i] (the growth plan prices its placements with it).
func (a *Analysis) CallsCost(platforms []string) (decimal.Decimal, error) {
	_, total, _, err := a.calls.lines(platforms)
	return total, err
}
