package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
)

// DiffVersion is the version of the diff JSON layout.
const DiffVersion = 1

// Diff is what changed between two analyses of a system: per architecture
// and per component, platform moves, cost deltas and feasibility changes.
type Diff struct {
	Version int      `json:"version"`
	Old     DiffSide `json:"old"`
	New     DiffSide `json:"new"`
	// Recommended is the recommended architecture's monthly cost, old and new.
	Recommended   Change            `json:"recommended"`
	Architectures []ArchChange      `json:"architectures"`
	Components    []ComponentChange `json:"components"`
}

// DiffSide names one of the two inputs.
type DiffSide struct {
	File       string `json:"file"`
	Name       string `json:"name"`
	PricesAsOf string `json:"prices_as_of"`
}

// Change is a monthly cost before and after; nil where there is none
// (added, removed, or not feasible).
type Change struct {
	OldUSD       *decimal.Decimal `json:"old_usd"`
	NewUSD       *decimal.Decimal `json:"new_usd"`
	DeltaUSD     *decimal.Decimal `json:"delta_usd"`
	DeltaPercent *float64         `json:"delta_percent"`
}

// Status values of ArchChange and ComponentChange.
const (
	Added     = "added"
	Removed   = "removed"
	Changed   = "changed"
	Unchanged = "unchanged"
)

// ArchChange is one architecture's change.
type ArchChange struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Change
	OldFeasible *bool `json:"old_feasible"`
	NewFeasible *bool `json:"new_feasible"`
	// Moved lists the components whose platform changed in it.
	Moved []Move `json:"moved,omitempty"`
}

// Move is a component changing platform.
type Move struct {
	Component string `json:"component"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// ComponentChange is one component's change.
type ComponentChange struct {
	Name        string `json:"name"`
	Status      string `json:"status"`
	OldPlatform string `json:"old_platform,omitempty"`
	NewPlatform string `json:"new_platform,omitempty"`
	Moved       bool   `json:"moved"`
	Change
	Feasibility []FeasibilityChange `json:"feasibility,omitempty"`
	// Reason is the new analysis's deciding reason where the component moved.
	Reason string `json:"reason,omitempty"`
}

// FeasibilityChange is a platform that can now run a component, or no
// longer can, with the reason.
type FeasibilityChange struct {
	Platform string `json:"platform"`
	Feasible bool   `json:"feasible"`
	Reason   string `json:"reason,omitempty"`
}

func change(old, new *decimal.Decimal) Change {
	c := Change{OldUSD: old, NewUSD: new}
	if old != nil && new != nil {
		d := new.Sub(*old)
		c.DeltaUSD = &d
		if !old.IsZero() {
			p := math.Round(d.Div(old.Abs()).InexactFloat64()*1000) / 10
			c.DeltaPercent = &p
		}
	}
	return c
}

func (c Change) same() bool {
	switch {
	case c.OldUSD == nil || c.NewUSD == nil:
		return c.OldUSD == nil && c.NewUSD == nil
	default:
		return c.OldUSD.Equal(*c.NewUSD)
	}
}

func ptr[T any](v T) *T { return &v }

// CompareAnalyses computes what changed from old to new.
func CompareAnalyses(oldFile string, old *advisor.Analysis, newFile string, new *advisor.Analysis) *Diff {
	d := &Diff{Version: DiffVersion,
		Old: DiffSide{File: oldFile, Name: old.Name, PricesAsOf: old.PricesAsOf},
		New: DiffSide{File: newFile, Name: new.Name, PricesAsOf: new.PricesAsOf}}
	ro, rn := recommendedArch(old), recommendedArch(new)
	var rov, rnv *decimal.Decimal
	if ro != nil {
		rov = ro.MonthlyUSD
	}
	if rn != nil {
		rnv = rn.MonthlyUSD
	}
	d.Recommended = change(rov, rnv)

	oldArch := map[string]*advisor.Architecture{}
	for i := range old.Architectures {
		oldArch[old.Architectures[i].Name] = &old.Architectures[i]
	}
	seen := map[string]bool{}
	for i := range new.Architectures {
		n := &new.Architectures[i]
		seen[n.Name] = true
		ac := ArchChange{Name: n.Name, NewFeasible: ptr(n.Feasible)}
		o := oldArch[n.Name]
		if o == nil {
			ac.Status, ac.Change = Added, change(nil, n.MonthlyUSD)
			d.Architectures = append(d.Architectures, ac)
			continue
		}
		ac.OldFeasible = ptr(o.Feasible)
		ac.Change = change(o.MonthlyUSD, n.MonthlyUSD)
		from := map[string]string{}
		for _, p := range o.Placement {
			from[p.Component] = p.Platform
		}
		for _, p := range n.Placement {
			if f, ok := from[p.Component]; ok && f != p.Platform {
				ac.Moved = append(ac.Moved, Move{Component: p.Component, From: f, To: p.Platform})
			}
		}
		ac.Status = Unchanged
		if !ac.Change.same() || o.Feasible != n.Feasible || len(ac.Moved) > 0 {
			ac.Status = Changed
		}
		d.Architectures = append(d.Architectures, ac)
	}
	for i := range old.Architectures {
		o := &old.Architectures[i]
		if !seen[o.Name] {
			d.Architectures = append(d.Architectures, ArchChange{Name: o.Name, Status: Removed, OldFeasible: ptr(o.Feasible), Change: change(o.MonthlyUSD, nil)})
		}
	}

	oldComp := map[string]*advisor.ComponentResult{}
	for i := range old.Components {
		oldComp[old.Components[i].Name] = &old.Components[i]
	}
	seen = map[string]bool{}
	for i := range new.Components {
		n := &new.Components[i]
		seen[n.Name] = true
		cc := ComponentChange{Name: n.Name, NewPlatform: n.Recommendation.Platform}
		o := oldComp[n.Name]
		if o == nil {
			cc.Status, cc.Change = Added, change(nil, recCost(n))
			cc.Reason = DecidingReason(n)
			d.Components = append(d.Components, cc)
			continue
		}
		cc.OldPlatform = o.Recommendation.Platform
		cc.Moved = cc.OldPlatform != cc.NewPlatform
		cc.Change = change(recCost(o), recCost(n))
		cc.Feasibility = feasibilityChanges(o, n)
		if cc.Moved {
			cc.Reason = DecidingReason(n)
		}
		cc.Status = Unchanged
		if cc.Moved || !cc.Change.same() || len(cc.Feasibility) > 0 {
			cc.Status = Changed
		}
		d.Components = append(d.Components, cc)
	}
	for i := range old.Components {
		o := &old.Components[i]
		if !seen[o.Name] {
			d.Components = append(d.Components, ComponentChange{Name: o.Name, Status: Removed, OldPlatform: o.Recommendation.Platform, Change: change(recCost(o), nil)})
		}
	}
	return d
}

func recCost(c *advisor.ComponentResult) *decimal.Decimal {
	if c.Recommendation.Platform == "" {
		return nil
	}
	v := c.Recommendation.MonthlyUSD
	return &v
}

// feasibilityChanges lists the platforms whose verdict on a component
// flipped, in the new analysis's order.
func feasibilityChanges(o, n *advisor.ComponentResult) []FeasibilityChange {
	was := map[string]bool{}
	for _, op := range o.Options {
		was[op.Platform] = op.Feasible
	}
	var out []FeasibilityChange
	for _, op := range n.Options {
		w, ok := was[op.Platform]
		if !ok || w == op.Feasible {
			continue
		}
		fc := FeasibilityChange{Platform: op.Platform, Feasible: op.Feasible}
		if !op.Feasible {
			fc.Reason = strings.Join(op.Reasons, "; ")
		}
		out = append(out, fc)
	}
	return out
}

// DiffText renders d for a terminal, at most Width columns wide.
func DiffText(d *Diff, color bool) string { return renderDiff(d, false, color) }

// DiffMarkdown renders d for a pull-request comment.
func DiffMarkdown(d *Diff) string { return renderDiff(d, true, false) }

func renderDiff(d *Diff, md, color bool) string {
	r := &renderer{md: md, pal: Palette{On: color && !md}}
	title := d.New.Name
	if d.Old.Name != d.New.Name {
		title = d.Old.Name + " → " + d.New.Name
	}
	r.h(1, "Fulcrum diff: "+title)
	r.para(fmt.Sprintf("Old: %s (prices as of %s). New: %s (prices as of %s).", code(d.Old.File, md), d.Old.PricesAsOf, code(d.New.File, md), d.New.PricesAsOf))
	r.b.WriteString("\n")
	rc := d.Recommended
	switch {
	case rc.OldUSD != nil && rc.NewUSD != nil:
		r.para(fmt.Sprintf("The recommended architecture costs %s a month, %s (%s).", r.strong(USD(*rc.NewUSD)), r.signed(*rc.DeltaUSD), pct(rc.DeltaPercent)))
	case rc.NewUSD != nil:
		r.para(fmt.Sprintf("The recommended architecture costs %s a month (none before).", USD(*rc.NewUSD)))
	default:
		r.para("No recommended architecture in the new analysis.")
	}
	r.b.WriteString("\n")

	r.h(2, "Components")
	t := Table{Header: []string{"component", "platform", "old", "new", "change", "%"}, Right: map[int]bool{2: true, 3: true, 4: true, 5: true}, Wrap: map[int]bool{1: true}}
	var unchanged []string
	var rows []ComponentChange
	for _, c := range d.Components {
		if c.Status == Unchanged {
			unchanged = append(unchanged, c.Name)
			continue
		}
		rows = append(rows, c)
		plat := c.NewPlatform
		switch {
		case c.Status == Added:
			plat = "added: " + c.NewPlatform
		case c.Status == Removed:
			plat = "removed (was " + c.OldPlatform + ")"
		case c.Moved:
			plat = c.OldPlatform + " → " + c.NewPlatform
		}
		t.Rows = append(t.Rows, []string{c.Name, plat, money(c.OldUSD), money(c.NewUSD), deltaCell(c.DeltaUSD), pct(c.DeltaPercent)})
	}
	after := func(i int) []string {
		c := rows[i]
		var out []string
		if c.Reason != "" {
			out = append(out, "now: "+r.notes.Cite(c.Reason))
		}
		for _, f := range c.Feasibility {
			if f.Feasible {
				out = append(out, f.Platform+" can now run it")
			} else {
				out = append(out, f.Platform+" can no longer run it: "+r.notes.Cite(f.Reason))
			}
		}
		return out
	}
	t.Style = func(row, col int, s string) string {
		if col == 4 && rows[row].DeltaUSD != nil {
			return r.colorDelta(*rows[row].DeltaUSD, s)
		}
		if col == 1 && rows[row].Moved {
			return r.pal.Yellow(s)
		}
		return s
	}
	if len(rows) == 0 {
		r.para("No component changed.")
		r.b.WriteString("\n")
	} else if md {
		r.table(t)
		for i, c := range rows {
			for _, s := range after(i) {
				r.item(fmt.Sprintf("%s: %s", code(c.Name, md), s), "")
			}
		}
		r.b.WriteString("\n")
	} else {
		t.After = func(row int, starts []int) string {
			var b strings.Builder
			for _, s := range after(row) {
				b.WriteString(eachLine(r.pal.Dim, paragraph(s, Width, strings.Repeat(" ", starts[1]))))
			}
			return b.String()
		}
		r.table(t)
	}
	if len(unchanged) > 0 {
		r.para("Unchanged: " + strings.Join(unchanged, ", ") + ".")
		r.b.WriteString("\n")
	}

	r.h(2, "Architectures")
	at := Table{Header: []string{"architecture", "old", "new", "change", "%", "note"}, Right: map[int]bool{1: true, 2: true, 3: true, 4: true}, Wrap: map[int]bool{5: true}}
	var arows []ArchChange
	var aunchanged []string
	var notes [][]string
	for _, a := range d.Architectures {
		if a.Status == Unchanged {
			aunchanged = append(aunchanged, a.Name)
			continue
		}
		arows = append(arows, a)
		var note []string
		switch {
		case a.Status == Added || a.Status == Removed:
			note = append(note, a.Status)
		case *a.OldFeasible && !*a.NewFeasible:
			note = append(note, "no longer feasible")
		case !*a.OldFeasible && *a.NewFeasible:
			note = append(note, "now feasible")
		}
		for _, m := range a.Moved {
			note = append(note, fmt.Sprintf("%s: %s → %s", m.Component, m.From, m.To))
		}
		at.Rows = append(at.Rows, []string{a.Name, money(a.OldUSD), money(a.NewUSD), deltaCell(a.DeltaUSD), pct(a.DeltaPercent), strings.Join(note, "; ")})
		notes = append(notes, note)
	}
	if !md {
		// On a terminal the moves go under their row at full width: platform
		// ids do not fit a narrow last column without breaking mid-word.
		at.Header = at.Header[:5]
		for i := range at.Rows {
			at.Rows[i] = at.Rows[i][:5]
		}
		at.Wrap = nil
		at.After = func(row int, starts []int) string {
			var b strings.Builder
			for _, s := range notes[row] {
				b.WriteString(eachLine(r.pal.Dim, paragraph(s, Width, strings.Repeat(" ", starts[1]))))
			}
			return b.String()
		}
	}
	at.Style = func(row, col int, s string) string {
		if col == 3 && arows[row].DeltaUSD != nil {
			return r.colorDelta(*arows[row].DeltaUSD, s)
		}
		return s
	}
	if len(arows) == 0 {
		r.para("No architecture changed.")
		r.b.WriteString("\n")
	} else {
		r.table(at)
	}
	if len(aunchanged) > 0 {
		r.para("Unchanged: " + strings.Join(aunchanged, ", ") + ".")
		r.b.WriteString("\n")
	}
	r.sources()
	return r.b.String()
}

func (r *renderer) strong(s string) string {
	if r.md {
		return "**" + s + "**"
	}
	return r.pal.Bold(s)
}

// signed says a change in words: "$279.37 more", "$12.00 less", "the same".
func (r *renderer) signed(d decimal.Decimal) string {
	switch {
	case d.IsPositive():
		return r.colorDelta(d, USD(d)+" more")
	case d.IsNegative():
		return r.colorDelta(d, USD(d.Neg())+" less")
	}
	return "the same as before"
}

// colorDelta marks increases red and savings green.
func (r *renderer) colorDelta(d decimal.Decimal, s string) string {
	switch {
	case d.IsPositive():
		return r.pal.Red(s)
	case d.IsNegative():
		return r.pal.Green(s)
	}
	return s
}

func deltaCell(d *decimal.Decimal) string {
	if d == nil {
		return "-"
	}
	return Delta(*d)
}

func pct(p *float64) string {
	if p == nil {
		return "-"
	}
	if *p > 0 {
		return fmt.Sprintf("+%.1f%%", *p)
	}
	if *p == 0 {
		return "0.0%"
	}
	return fmt.Sprintf("%.1f%%", *p)
}

func code(s string, md bool) string {
	if md {
		return "`" + s + "`"
	}
	return s
}
