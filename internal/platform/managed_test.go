package platform

import (
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// InstanceShare is the analytic split: every instance applies every write
// and an even share of the reads.
func TestInstanceShare(t *testing.T) {
	u := workload.DataUse{ReadsPerSec: 800, WritesPerSec: 200}
	for readers, want := range map[int]float64{0: 1, 1: 0.6, 3: 0.4, 7: 0.3} {
		if got := InstanceShare(u, readers); got < want-1e-12 || got > want+1e-12 {
			t.Errorf("%d readers: share %g, want %g", readers, got, want)
		}
	}
}

// A steady load of 40 cores (20,000 queries a second of 2 ms CPU) needs
// 57 vCPU at 70 %: more than RDS's largest class here (32 vCPU). With 80 %
// reads, one replica leaves 60 % (34 vCPU) on each instance, two leave 47 %
// (26.7 vCPU): three 32-vCPU instances, the cheapest of them db.m6g.8xlarge.
// Cloud SQL does the same with its custom machines past 96 vCPU; a write-only load cannot
// be spread and is too big, with the reason.
func TestManagedReadScaleOut(t *testing.T) {
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cpu := 2.0
	c := workload.Component{Name: "db", Type: workload.TypeDatabase, RequestsPerMonth: 20000 * 730 * 3600,
		DurationMS: 4, CPUMS: &cpu, MemoryMB: 4096, StorageGB: 200}
	w := NewWork(c, 730, traffic.Constant{}, false)
	u := c.DataFor(w.Rate)
	b, why, err := RDS{}.Price(cat, w, u)
	if err != nil || b == nil {
		t.Fatalf("RDS: bill %v, reasons %v, err %v", b, why, err)
	}
	var names []string
	for _, l := range b.LineItems {
		names = append(names, l.Name)
	}
	all := strings.Join(names, "; ")
	if !strings.HasPrefix(names[0], "db.m6g.8xlarge instance") || !strings.Contains(all, "db.m6g.8xlarge read replicas") {
		t.Errorf("RDS lines %q, want a db.m6g.8xlarge primary and its read replicas", all)
	}
	if text := why[len(why)-1].Text; !strings.Contains(text, "2 read replica(s) were added") {
		t.Errorf("last reason %q, want the 2 replicas added", text)
	}
	for _, l := range b.LineItems {
		if strings.HasPrefix(l.Name, "db.m6g.8xlarge read replicas") && l.Quantity.InexactFloat64() != 2*730 {
			t.Errorf("replica line %+v, want 1,460 instance-hours", l)
		}
	}

	// Cloud SQL's custom machines go to 96 vCPU: 58 vCPU fits one; twice
	// the load (114 vCPU) takes one replica (69 vCPU each, rounded to 70).
	if _, why, err := (CloudSQL{}).Price(cat, w, u); err != nil || !strings.Contains(why[0].Text, "58 vCPU") || len(why) != 1 {
		t.Errorf("Cloud SQL: reasons %v, err %v; want one 58-vCPU machine", why, err)
	}
	c2 := c
	c2.RequestsPerMonth *= 2
	w2 := NewWork(c2, 730, traffic.Constant{}, false)
	if _, why, err := (CloudSQL{}).Price(cat, w2, c2.DataFor(w2.Rate)); err != nil || !strings.Contains(why[0].Text, "70 vCPU") || !strings.Contains(why[len(why)-1].Text, "1 read replica(s) were added") {
		t.Errorf("Cloud SQL at twice the load: reasons %v, err %v; want 70 vCPU and one replica", why, err)
	}

	wo := u
	wo.ReadsPerSec, wo.WritesPerSec = 0, u.ReadsPerSec+u.WritesPerSec
	if b, why, _ := (RDS{}).Price(cat, w, wo); b != nil || len(why) == 0 || !strings.Contains(why[0].Text, "sharding") {
		t.Errorf("write-only load: bill %v, reasons %v; want too big, needing sharding", b, why)
	}
}
