package advisor

import (
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// A Compute Savings Plan on Lambda discounts the duration lines it covers:
// with constant traffic the floor is the whole month, so all the duration
// is committed at the catalog's 12 % off and the requests stay on demand;
// with a daily cycle only the floor's share is. Fargate Spot covers all but
// the 20 % on-demand share at 70 % off.
func TestServerlessPurchaseOptions(t *testing.T) {
	cat := testCatalog(t)
	worker := func(shape string) workload.Component {
		cpu := 50.0
		return workload.Component{Name: "worker", Type: workload.TypeEventProcessor, Runtime: workload.RuntimeGo,
			RequestsPerMonth: 50e6, DurationMS: 200, CPUMS: &cpu, MemoryMB: 1024, MaxExecutionS: 30,
			Traffic: workload.Traffic{Shape: shape}, FrontDoor: workload.FrontDoorNone}
	}
	price := func(c workload.Component, purchase map[string]string, id string) *Option {
		s := oneComponent(c)
		s.Purchase = purchase
		a, err := Analyze(s, cat, Options{NoSimulation: true})
		if err != nil {
			t.Fatal(err)
		}
		return firstOption(t, a, id)
	}
	duration := func(o *Option) float64 {
		f := 0.0
		for _, l := range o.LineItems {
			if strings.HasPrefix(l.Name, "Duration") {
				f += l.Amount.InexactFloat64()
			}
		}
		return f
	}
	for _, tc := range []struct {
		shape   string
		covered float64 // of the duration
	}{{workload.ShapeConstant, 1}, {workload.ShapeDiurnal, -1}} {
		od := price(worker(tc.shape), nil, workload.PlatformLambda)
		sp := price(worker(tc.shape), map[string]string{workload.PlatformLambda: workload.PurchaseComputeSP1y}, workload.PlatformLambda)
		saving := od.MonthlyUSD.Sub(*sp.MonthlyUSD).InexactFloat64()
		d := duration(od)
		switch {
		case tc.covered > 0 && (saving < 0.12*d-0.011 || saving > 0.12*d+0.011):
			t.Errorf("%s: saving %.2f, want 12 %% of the $%.2f of duration", tc.shape, saving, d)
		case tc.covered < 0 && !(saving > 0.01 && saving < 0.12*d-0.5):
			t.Errorf("%s: saving %.2f, want some but less than 12 %% of $%.2f (only the floor is committed)", tc.shape, saving, d)
		}
		if !strings.Contains(strings.Join(sp.Reasons, " "), "compute-savings-plan-1y") {
			t.Errorf("%s: reasons %v do not name the purchase option", tc.shape, sp.Reasons)
		}
	}
	od := price(worker(workload.ShapeConstant), nil, workload.PlatformFargate)
	spot := price(worker(workload.ShapeConstant), map[string]string{workload.PlatformFargate: workload.PurchaseSpot}, workload.PlatformFargate)
	compute := 0.0
	for _, l := range od.LineItems {
		if strings.HasPrefix(l.Name, "vCPU") || strings.HasPrefix(l.Name, "Memory") {
			compute += l.Amount.InexactFloat64()
		}
	}
	if got, want := od.MonthlyUSD.Sub(*spot.MonthlyUSD).InexactFloat64(), 0.8*0.7*compute; got < want-0.011 || got > want+0.011 {
		t.Errorf("Fargate Spot saves %.2f, want 80 %% × 70 %% of the $%.2f of vCPU and memory", got, compute)
	}
}
