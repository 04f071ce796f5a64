package workload

import (
	"fmt"
	"slices"
	"strings"
)

// Limits on calls.
const (
	MaxCallsPerRequest = 1e9 // a batch run may make millions of calls; more is a typo
	MaxCallKB          = MaxResponseKB
)

// index maps component names to their position.
func (s *Spec) index() map[string]int {
	idx := make(map[string]int, len(s.Components))
	for i, c := range s.Components {
		if _, dup := idx[c.Name]; !dup {
			idx[c.Name] = i
		}
	}
	return idx
}

// HasCalls reports whether any component names a call.
func (s *Spec) HasCalls() bool {
	return slices.ContainsFunc(s.Components, func(c Component) bool { return len(c.Calls) > 0 })
}

// CallEdge is one call resolved to component indices.
type CallEdge struct {
	From, To int
	Call     Call
}

// Edges lists the calls whose target exists, in spec order.
func (s *Spec) Edges() []CallEdge {
	idx := s.index()
	var out []CallEdge
	for i, c := range s.Components {
		for _, call := range c.Calls {
			if j, ok := idx[call.To]; ok {
				out = append(out, CallEdge{From: i, To: j, Call: call})
			}
		}
	}
	return out
}

// derived reports the components whose load follows from their callers:
// requests_per_month not given (zero) and called by someone.
func (s *Spec) derived() []bool {
	d := make([]bool, len(s.Components))
	for _, e := range s.Edges() {
		if s.Components[e.To].RequestsPerMonth == 0 || s.Components[e.To].RequestsDerived {
			d[e.To] = true
		}
	}
	return d
}

// DeriveLoads recomputes the derived loads from the callers' (after the
// callers' volumes were scaled, e.g. a growth plan's month): a called
// component's load follows its callers, not its own growth.
func (s *Spec) DeriveLoads() { s.deriveLoads() }

// deriveLoads gives each called component without requests_per_month of
// its own the sum over its callers of the caller's requests × per_request,
// in topological order. On a cycle through derived components (reported by
// Validate) the components on it are left as they are.
func (s *Spec) deriveLoads() {
	d := s.derived()
	edges := s.Edges()
	indeg := make([]int, len(s.Components))
	for _, e := range edges {
		if d[e.To] {
			indeg[e.To]++
		}
	}
	var queue []int
	for i := range s.Components {
		if indeg[i] == 0 {
			queue = append(queue, i)
		}
	}
	load := make([]float64, len(s.Components))
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		if d[i] {
			s.Components[i].RequestsPerMonth = load[i]
			s.Components[i].RequestsDerived = true
		}
		for _, e := range edges {
			if e.From != i || !d[e.To] {
				continue
			}
			load[e.To] += s.Components[i].RequestsPerMonth * e.Call.PerRequest
			if indeg[e.To]--; indeg[e.To] == 0 {
				queue = append(queue, e.To)
			}
		}
	}
}

// callCycles finds the cycles of calls among components whose load would
// follow from their callers, which would make that load infinite. Each is
// reported once, at the call that closes it (path of component indices,
// first = last, and the index of the closing call in its caller's calls).
func (s *Spec) callCycles() []cycle {
	d := s.derived()
	idx := s.index()
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(s.Components))
	var stack []int
	var out []cycle
	var visit func(i int)
	visit = func(i int) {
		color[i] = grey
		stack = append(stack, i)
		for k, call := range s.Components[i].Calls {
			j, ok := idx[call.To]
			if !ok || !d[j] {
				continue
			}
			switch color[j] {
			case white:
				visit(j)
			case grey:
				at := slices.Index(stack, j)
				path := append(slices.Clone(stack[at:]), j)
				out = append(out, cycle{path: path, from: i, call: k})
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
	}
	for i := range s.Components {
		if color[i] == white {
			visit(i)
		}
	}
	return out
}

type cycle struct {
	path       []int
	from, call int
}

func (s *Spec) validateCalls(v *validator) {
	idx := s.index()
	names := make([]string, len(s.Components))
	for i, c := range s.Components {
		names[i] = c.Name
	}
	for i := range s.Components {
		c := &s.Components[i]
		seen := map[string]bool{}
		for k, call := range c.Calls {
			p := fmt.Sprintf("$.components[%d].calls[%d]", i, k)
			switch _, ok := idx[call.To]; {
			case call.To == "":
				v.add(p+".to", "is required: name the component called (valid: %s)", strings.Join(names, ", "))
			case !ok:
				msg := fmt.Sprintf("unknown component %q (valid: %s)", call.To, strings.Join(names, ", "))
				if near := Closest(call.To, names); near != "" {
					msg = fmt.Sprintf("unknown component %q: did you mean %q? (valid: %s)", call.To, near, strings.Join(names, ", "))
				}
				v.errs = append(v.errs, FieldError{Path: p + ".to", Message: msg})
			case seen[call.To]:
				v.add(p+".to", "%q is called twice: give one call with the sum of per_request", call.To)
			}
			seen[call.To] = true
			if !(call.PerRequest > 0 && call.PerRequest <= MaxCallsPerRequest) {
				v.add(p+".per_request", "%s is out of range (valid: above 0 up to %s calls per request; leave it out for %s)",
					Num(call.PerRequest), Num(MaxCallsPerRequest), Num(DefaultCallsPerRequest))
			}
			v.rangeCheck(p+".request_kb", call.RequestKB, 0, MaxCallKB, "KB per call")
			v.rangeCheck(p+".response_kb", call.ResponseKB, 0, MaxCallKB, "KB per call")
		}
	}
	for _, cy := range s.callCycles() {
		parts := make([]string, len(cy.path))
		for k, i := range cy.path {
			parts[k] = s.Components[i].Name
		}
		v.add(fmt.Sprintf("$.components[%d].calls[%d].to", cy.from, cy.call),
			"closes the cycle %s: none of them has requests_per_month of its own, so each one's load would follow from the others' and be infinite (give one of them requests_per_month, or remove a call)",
			strings.Join(parts, " → "))
	}
}
