package advisor

import (
	"fmt"

	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// priceManaged prices each feasible managed data service option: the
// service sized for the component's data load, its egress, and the same
// operations time every option carries. best and bestPlat take the
// cheapest standalone option, so the placement search weighs a managed
// database against the component's place on a cluster.
func (a *Analysis) priceManaged(e env, demands []demand, rules userRules, best []float64, bestPlat []string) error {
	for i := range a.Components {
		c := e.spec.Components[i]
		d := demands[i]
		use := c.DataFor(d.Rate)
		for k := range a.Components[i].Options {
			opt := &a.Components[i].Options[k]
			if !opt.Feasible || opt.Kind != Managed {
				continue
			}
			b, why, err := managedBill(e, d, opt.Platform, use)
			if err != nil {
				return err
			}
			if b == nil {
				opt.Feasible, opt.Reasons = false, reasonTexts(why)
				continue
			}
			ruled, err := rules.check(c, opt.Platform, opt.Kind, b.Total.InexactFloat64())
			if err != nil {
				return err
			}
			if len(ruled) > 0 {
				opt.Feasible, opt.Reasons = false, ruled
				continue
			}
			opt.setBill(b)
			opt.Reasons = append(opt.Reasons, reasonTexts(why)...)
			if f := b.Total.InexactFloat64(); f < best[i] {
				best[i], bestPlat[i] = f, opt.Platform
			}
		}
	}
	return nil
}

// managedBill is a managed option's whole month; a nil bill with reasons
// when the service cannot hold the load.
func managedBill(e env, d demand, id string, use workload.DataUse) (*pricing.Bill, []Reason, error) {
	p, err := platform.Get(id)
	if err != nil {
		return nil, nil, err
	}
	st, ok := p.(platform.Store)
	if !ok {
		return nil, nil, fmt.Errorf("no managed cost model for platform %q", id)
	}
	svc, why, err := st.Price(e.cat, d, use)
	if err != nil {
		return nil, nil, fmt.Errorf("price %s on %s: %w", d.C.Name, id, err)
	}
	if svc == nil {
		return nil, why, nil
	}
	b := pricing.NewBill(id, e.cat)
	b.AddBill(svc)
	cl, ok := platform.Clouds[p.Info().Cloud]
	if !ok {
		return nil, nil, fmt.Errorf("unknown cloud %q", p.Info().Cloud)
	}
	out, err := cl.Egress(e.cat, d.ResponseGB())
	if err != nil {
		return nil, nil, err
	}
	b.AddBill(out)
	addOps(b, e, 1)
	why = append(why, Reason{Text: "the provider runs failover, patching and backups; query logs are not shipped per request (only slow-query and error logs, left out)", Source: "docs/managed-services.md"})
	return b, why, nil
}
