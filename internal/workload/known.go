package workload

import (
	"fmt"
	"slices"
	"sort"
	"strings"
)

// Known is what the price catalog has, for the checks a spec's shape alone
// cannot make: the regions with prices and every node type's name.
type Known struct {
	Regions   []string
	NodeTypes []string
}

// ValidateKnown reports a region the catalog has no prices for and node
// types it does not know, each with what is valid (the closest names for a
// node type). An empty Known checks nothing.
func (s *Spec) ValidateKnown(k Known) []FieldError {
	var v validator
	if len(k.Regions) > 0 && RegionPattern.MatchString(s.Region) && !slices.Contains(k.Regions, s.Region) {
		v.add("$.region", "the catalog has no prices for region %q (valid: %s)", s.Region, strings.Join(k.Regions, ", "))
	}
	if len(k.NodeTypes) > 0 {
		for i, t := range s.Kubernetes.NodeTypes {
			if !NodeTypePattern.MatchString(t) || slices.Contains(k.NodeTypes, t) {
				continue
			}
			msg := fmt.Sprintf("%q is not a node type in the catalog", t)
			if near := CloseNames(t, k.NodeTypes, 3); len(near) > 0 {
				msg += fmt.Sprintf(" (did you mean %s?)", strings.Join(near, ", "))
			} else {
				msg += " (see 'fulcrum prices' for the aws.ec2.*, gcp.gce.* and azure.vm.* types)"
			}
			v.add(fmt.Sprintf("$.kubernetes.node_types[%d]", i), "%s", msg)
		}
	}
	return v.errs
}

// CloseNames are up to n candidates nearest to word: by edit distance
// (ignoring case), and those that share its family (the part before the
// first '.', '-' or size digit), nearest first.
func CloseNames(word string, candidates []string, n int) []string {
	type scored struct {
		name string
		d    int
	}
	lw := strings.ToLower(word)
	family := func(s string) string {
		s = strings.ToLower(s)
		if i := strings.IndexAny(s, ".-"); i > 0 {
			return s[:i]
		}
		return strings.TrimRight(s, "0123456789_sv")
	}
	var out []scored
	for _, c := range candidates {
		d := Levenshtein(lw, strings.ToLower(c))
		limit := max(2, len(word)/4)
		if d <= limit || family(c) == family(word) {
			out = append(out, scored{c, d})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].d != out[b].d {
			return out[a].d < out[b].d
		}
		return out[a].name < out[b].name
	})
	var names []string
	for _, s := range out[:min(n, len(out))] {
		names = append(names, s.name)
	}
	return names
}
