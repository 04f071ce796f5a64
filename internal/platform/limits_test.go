package platform

import (
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// TestLimitsFor checks the platform-owned limits against Microsoft's
// documented timeouts (functions-scale#timeout: Consumption 10 min at most,
// Flex unbounded for non-HTTP triggers, 230 s for any HTTP response) and
// instance memory (Consumption 1.5 GB, Flex up to 4 GB), and that a platform
// without rules of its own gets its catalog's two limits.
func TestLimitsFor(t *testing.T) {
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	values := func(l Limits) []float64 {
		var out []float64
		for _, e := range l.Execution {
			out = append(out, e.Value)
		}
		return out
	}
	for _, tc := range []struct {
		id        string
		frontDoor workload.FrontDoor
		exec      []float64
		memMB     float64
	}{
		{workload.PlatformAzureFunc, workload.FrontDoorNone, nil, 4096},
		{workload.PlatformAzureFunc, workload.FrontDoorBuiltIn, []float64{600, 230}, 4096},
		{workload.PlatformAzureFunc, workload.FrontDoorAPIGatewayHTTP, []float64{600, 230}, 4096},
		{"aws-lambda", workload.FrontDoorNone, []float64{900}, 10240},
		{"aws-lambda", workload.FrontDoorBuiltIn, []float64{900}, 10240},
	} {
		l := LimitsFor(cat, tc.id, workload.Component{FrontDoor: tc.frontDoor})
		got := values(l)
		if len(got) != len(tc.exec) {
			t.Errorf("%s behind %q: execution limits %v, want %v", tc.id, tc.frontDoor, got, tc.exec)
			continue
		}
		for i := range got {
			if got[i] != tc.exec[i] {
				t.Errorf("%s behind %q: execution limits %v, want %v", tc.id, tc.frontDoor, got, tc.exec)
			}
		}
		if l.MemoryMB.Value != tc.memMB || l.MemoryMB.Source == "" {
			t.Errorf("%s: memory limit %v MB (source %q), want %v MB", tc.id, l.MemoryMB.Value, l.MemoryMB.Source, tc.memMB)
		}
	}
	if s := (Limit{Value: 230}).String(); s != "230 s" {
		t.Errorf("230 s prints %q", s)
	}
	if s := Seconds(900); s != "15 min" {
		t.Errorf("900 s prints %q", s)
	}
}
