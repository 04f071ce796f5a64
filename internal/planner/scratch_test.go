package planner

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
)

func TestScratch(t *testing.T) {
	for _, f := range []string{"startup-api", "system", "steady-api-platform-team"} {
		data, _ := os.ReadFile("../../examples/" + f + ".yaml")
		s, _, err := spec.Parse(f, data)
		if err != nil {
			t.Fatal(err)
		}
		cat, _ := pricedata.Load()
		t0 := time.Now()
		g, _ := ParseGrowth("15%/month")
		p, err := MakePlan(s, cat, PlanConfig{Growth: &g, Months: 36})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("took %v", time.Since(t0))
		p.Timeline = p.Timeline[len(p.Timeline)-1:]
		b, _ := json.MarshalIndent(p, "", " ")
		t.Logf("%s", b)
	}
}
