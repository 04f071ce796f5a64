package workload

import (
	"strings"
	"testing"
)

func graphSpec(comps ...Component) *Spec {
	s := &Spec{Version: 1, Name: "g", Components: comps}
	s.ApplyDefaults()
	return s
}

// TestDerivedLoad: a called component without requests_per_month serves
// the sum over its callers of requests × per_request, in topological order.
func TestDerivedLoad(t *testing.T) {
	s := graphSpec(
		Component{Name: "db", Type: TypeDatabase},
		Component{Name: "api", Type: TypeHTTPAPI, Calls: []Call{{To: "svc", PerRequest: 2}, {To: "db", PerRequest: 3}}},
		Component{Name: "web", Type: TypeFrontend, RequestsPerMonth: 1e6, Calls: []Call{{To: "api"}}},
		Component{Name: "svc", Type: TypeHTTPAPI, Calls: []Call{{To: "db", PerRequest: 0.5}}},
		Component{Name: "own", Type: TypeCache, RequestsPerMonth: 7, Calls: nil},
		Component{Name: "job", Type: TypeBatchJob, RequestsPerMonth: 10, Calls: []Call{{To: "own", PerRequest: 100}}},
	)
	want := map[string]float64{"web": 1e6, "api": 1e6, "svc": 2e6, "db": 3e6 + 1e6, "own": 7, "job": 10}
	for _, c := range s.Components {
		if c.RequestsPerMonth != want[c.Name] {
			t.Errorf("%s: requests_per_month = %v, want %v", c.Name, c.RequestsPerMonth, want[c.Name])
		}
		if derived := c.Name == "api" || c.Name == "svc" || c.Name == "db"; c.RequestsDerived != derived {
			t.Errorf("%s: RequestsDerived = %v, want %v", c.Name, c.RequestsDerived, derived)
		}
	}
	if s.Components[1].Calls[0].PerRequest != 2 || s.Components[2].Calls[0].PerRequest != DefaultCallsPerRequest {
		t.Errorf("per_request defaults: %+v", s.Components[2].Calls)
	}
	if errs := s.Validate(); len(errs) != 0 {
		t.Errorf("valid graph reported %v", errs)
	}
	// Applying the defaults again (an environment's copy, scaled) derives again.
	s.Components[2].RequestsPerMonth = 2e6
	s.ApplyDefaults()
	if got := s.Components[0].RequestsPerMonth; got != 8e6 {
		t.Errorf("db after scaling web: %v, want 8e6", got)
	}
}

func TestCallErrors(t *testing.T) {
	tests := []struct {
		name  string
		comps []Component
		path  string
		want  string
	}{
		{"unknown", []Component{{Name: "api", Type: TypeHTTPAPI, RequestsPerMonth: 1, Calls: []Call{{To: "dbb"}}}, {Name: "db", Type: TypeDatabase}},
			"$.components[0].calls[0].to", `unknown component "dbb": did you mean "db"?`},
		{"negative", []Component{{Name: "api", Type: TypeHTTPAPI, RequestsPerMonth: 1, Calls: []Call{{To: "db", ResponseKB: -1}}}, {Name: "db", Type: TypeDatabase}},
			"$.components[0].calls[0].response_kb", "-1 is out of range"},
		{"self", []Component{{Name: "api", Type: TypeHTTPAPI, Calls: []Call{{To: "api"}}}},
			"$.components[0].calls[0].to", "closes the cycle api → api"},
		{"cycle", []Component{{Name: "a", Type: TypeHTTPAPI, RequestsPerMonth: 5, Calls: []Call{{To: "b"}}},
			{Name: "b", Type: TypeHTTPAPI, Calls: []Call{{To: "c"}}}, {Name: "c", Type: TypeHTTPAPI, Calls: []Call{{To: "b"}}}},
			"$.components[2].calls[0].to", "closes the cycle b → c → b"},
		{"twice", []Component{{Name: "api", Type: TypeHTTPAPI, RequestsPerMonth: 1, Calls: []Call{{To: "db"}, {To: "db"}}}, {Name: "db", Type: TypeDatabase}},
			"$.components[0].calls[1].to", "called twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := graphSpec(tt.comps...)
			var found []string
			for _, fe := range s.Validate() {
				found = append(found, fe.Path+": "+fe.Message)
				if fe.Path == tt.path && strings.Contains(fe.Message, tt.want) {
					return
				}
			}
			t.Errorf("no %s: %q among %q", tt.path, tt.want, found)
		})
	}
	// A cycle through a component with a load of its own is finite: allowed.
	s := graphSpec(Component{Name: "a", Type: TypeHTTPAPI, RequestsPerMonth: 5, Calls: []Call{{To: "b"}}},
		Component{Name: "b", Type: TypeHTTPAPI, Calls: []Call{{To: "a", PerRequest: 0.1}}})
	if errs := s.Validate(); len(errs) != 0 || s.Components[1].RequestsPerMonth != 5 {
		t.Errorf("callback cycle: %v, b = %v", errs, s.Components[1].RequestsPerMonth)
	}
}
