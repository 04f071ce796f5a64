package report

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// AnalysisOptions tunes the text and Markdown renderings.
type AnalysisOptions struct {
	// Details shows the whole analysis: every component with every option,
	// its reasons and line items, and the shared clusters. Without it the
	// rendering is the summary: architectures, one line per component, notes.
	Details bool
	// Component, when set, shows that one component whole (it must exist:
	// the CLI checks the name first).
	Component string
	// Color styles the terminal rendering with ANSI colours.
	Color bool
}

// AnalysisText renders an analysis for a terminal, at most Width columns wide.
func AnalysisText(a *advisor.Analysis, o AnalysisOptions) string {
	return newRenderer(a, o, false).render()
}

// AnalysisMarkdown renders an analysis for a design doc or a PR comment.
func AnalysisMarkdown(a *advisor.Analysis, o AnalysisOptions) string {
	return newRenderer(a, o, true).render()
}

// renderer holds what one rendering shares: the output, the footnotes and
// the palette.
type renderer struct {
	a     *advisor.Analysis
	o     AnalysisOptions
	md    bool
	b     strings.Builder
	notes Footnotes
	pal   Palette
}

func newRenderer(a *advisor.Analysis, o AnalysisOptions, md bool) *renderer {
	return &renderer{a: a, o: o, md: md, pal: Palette{On: o.Color && !md}}
}

func (r *renderer) render() string {
	a := r.a
	r.h(1, fmt.Sprintf("Fulcrum analysis: %s", a.Name))
	free := "off"
	if a.FreeTier {
		free = "on"
	}
	r.para(fmt.Sprintf("Region %s%s, %g hours a month, free tiers %s, prices as of %s, seed %d.", a.Region, otherRegions(a), a.HoursPerMonth, free, a.PricesAsOf, a.Seed))
	r.b.WriteString("\n")
	switch {
	case r.o.Component != "":
		for i := range a.Components {
			if a.Components[i].Name == r.o.Component {
				r.component(&a.Components[i])
				r.componentClusters(&a.Components[i])
			}
		}
	case r.o.Details:
		r.architectures(true)
		for i := range a.Components {
			r.component(&a.Components[i])
		}
		r.clusters()
		r.uncertainty(true)
		r.notesSection()
	default:
		r.architectures(false)
		r.summary()
		r.uncertainty(false)
		r.notesSection()
		r.hint()
	}
	r.sources()
	return r.b.String()
}

// h writes a heading.
func (r *renderer) h(level int, s string) {
	if r.md {
		fmt.Fprintf(&r.b, "%s %s\n\n", strings.Repeat("#", level), s)
		return
	}
	if level == 1 {
		fmt.Fprintf(&r.b, "%s\n%s\n", r.pal.Bold(strings.ToUpper(s)), strings.Repeat("=", len([]rune(s))))
		return
	}
	fmt.Fprintf(&r.b, "%s\n%s\n", r.pal.Bold(strings.ToUpper(s)), strings.Repeat("─", len([]rune(s))))
}

// para writes a paragraph, wrapped on a terminal.
func (r *renderer) para(s string) {
	s = r.notes.Cite(s)
	if r.md {
		r.b.WriteString(s + "\n")
		return
	}
	r.b.WriteString(paragraph(s, Width, ""))
}

// item writes a list item with a hanging indent.
func (r *renderer) item(s, indent string) {
	s = r.notes.Cite(s)
	if r.md {
		fmt.Fprintf(&r.b, "%s- %s\n", indent, s)
		return
	}
	r.b.WriteString(paragraph(s, Width, indent+"- "))
}

func (r *renderer) table(t Table) {
	if r.md {
		r.b.WriteString(t.Markdown())
	} else {
		r.b.WriteString(t.Fit(Width))
	}
	r.b.WriteString("\n")
}

// architectures writes the whole-system placements; full lists every
// component's platform, the summary counts them.
func (r *renderer) architectures(full bool) {
	a := r.a
	r.h(2, "Architectures")
	rec := recommendedArch(a)
	t := Table{Header: []string{"architecture", "monthly", "difference", "placement"}, Right: map[int]bool{1: true, 2: true}, Wrap: map[int]bool{3: true}}
	for _, arch := range a.Architectures {
		vs := ""
		if rec != nil && rec.MonthlyUSD != nil && arch.MonthlyUSD != nil && arch.Name != rec.Name {
			vs = Delta(arch.MonthlyUSD.Sub(*rec.MonthlyUSD))
		}
		note := placementSummary(arch.Placement)
		if full {
			var place []string
			for _, p := range arch.Placement {
				place = append(place, p.Component+"→"+p.Platform)
			}
			note = strings.Join(place, ", ")
		}
		if !arch.Feasible {
			note = "not feasible: " + r.notes.Cite(strings.Join(arch.Reasons, "; "))
		}
		t.Rows = append(t.Rows, []string{arch.Name, money(arch.MonthlyUSD), vs, note})
	}
	t.Style = func(row, col int, s string) string {
		arch := a.Architectures[row]
		switch {
		case rec != nil && arch.Name == rec.Name && col <= 1:
			return r.pal.Green(s)
		case !arch.Feasible:
			return r.pal.Dim(s)
		}
		return s
	}
	r.table(t)
	for _, arch := range a.Architectures {
		if arch.Feasible && len(arch.Reasons) > 0 && (full || rec != nil && arch.Name == rec.Name) {
			r.item(arch.Name+": "+strings.Join(arch.Reasons, "; "), "")
		}
	}
	if len(a.Architectures) > 0 {
		r.b.WriteString("\n")
	}
	for _, arch := range a.Architectures {
		if arch.Feasible && len(arch.CallLineItems) > 0 && (full || rec != nil && arch.Name == rec.Name) {
			r.para(fmt.Sprintf("Traffic of the calls between components, %s (included above; docs/cost-model.md#calls):", arch.Name))
			if r.md {
				r.b.WriteString("\n")
			}
			r.table(billTableFit(arch.CallLineItems, *arch.CallsUSD))
		}
	}
}

// recommendedArch is the architecture named "recommended", if any.
func recommendedArch(a *advisor.Analysis) *advisor.Architecture {
	for i := range a.Architectures {
		if a.Architectures[i].Name == "recommended" {
			return &a.Architectures[i]
		}
	}
	return nil
}

// placementSummary counts the components per platform, most first:
// "azure-functions ×4, gcp-cloud-run ×2, aws-fargate".
func placementSummary(ps []advisor.Placement) string {
	n := map[string]int{}
	var order []string
	for _, p := range ps {
		if n[p.Platform] == 0 {
			order = append(order, p.Platform)
		}
		n[p.Platform]++
	}
	sort.SliceStable(order, func(i, j int) bool { return n[order[i]] > n[order[j]] })
	out := make([]string, len(order))
	for i, p := range order {
		out[i] = p
		if n[p] > 1 {
			out[i] = fmt.Sprintf("%s\u00a0×%d", p, n[p])
		}
	}
	return strings.Join(out, ", ")
}

// summary writes one line per component: where it goes, what it costs, the
// runner-up and the gap, and the reason that decided it.
func (r *renderer) summary() {
	a := r.a
	r.h(2, "Components")
	t := Table{Header: []string{"component", "platform", "monthly", "runner-up", "gap"}, Right: map[int]bool{2: true, 4: true}, Wrap: map[int]bool{0: true}}
	var whys []string
	for _, c := range a.Components {
		rec := c.Recommendation
		ru, gap := runnerUp(&c)
		cost := "-"
		if rec.Platform != "" {
			cost = USD(rec.MonthlyUSD)
		}
		plat := rec.Platform
		if plat == "" {
			plat = "none"
		}
		t.Rows = append(t.Rows, []string{c.Name, plat, cost, ru, gap})
		whys = append(whys, r.notes.Cite(DecidingReason(&c)))
	}
	if r.md {
		t.Header = append(t.Header, "why")
		for i := range t.Rows {
			t.Rows[i] = append(t.Rows[i], whys[i])
		}
		r.table(t)
		return
	}
	// On a terminal each component's reason goes on the lines under its row,
	// indented to the platform column, so the figures stay in columns.
	t.Style = func(row, col int, s string) string {
		if col == 1 && a.Components[row].Recommendation.Platform != "" {
			return r.pal.Green(s)
		}
		return s
	}
	t.After = func(row int, starts []int) string {
		return eachLine(r.pal.Dim, paragraph(whys[row], Width, strings.Repeat(" ", starts[1])))
	}
	r.table(t)
}

// runnerUp is the cheapest other feasible option on its own (for
// Kubernetes, a cluster of its own) and how much more it costs.
func runnerUp(c *advisor.ComponentResult) (name, gap string) {
	rec := c.Recommendation
	var best *advisor.Option
	for k := range c.Options {
		o := &c.Options[k]
		if !o.Feasible || o.Platform == rec.Platform || o.MonthlyUSD == nil {
			continue
		}
		if best == nil || o.MonthlyUSD.LessThan(*best.MonthlyUSD) {
			best = o
		}
	}
	if best == nil {
		return "none", "-"
	}
	if rec.Platform == "" {
		return best.Platform, "-"
	}
	return best.Platform, Delta(best.MonthlyUSD.Sub(rec.MonthlyUSD))
}

// DecidingReason is the one reason that decided a component's placement,
// in a sentence, drawn from its options: only one platform can run it, or
// it is the cheapest of several, or it shares a cluster for less.
func DecidingReason(c *advisor.ComponentResult) string {
	rec := c.Recommendation
	var feasible, serverless int
	var cheapestMarginal *advisor.Option
	for k := range c.Options {
		o := &c.Options[k]
		if !o.Feasible {
			continue
		}
		feasible++
		if o.Kind == advisor.Serverless {
			serverless++
		}
		if o.MarginalUSD != nil && o.Platform != rec.Platform && (cheapestMarginal == nil || o.MarginalUSD.LessThan(*cheapestMarginal.MarginalUSD)) {
			cheapestMarginal = o
		}
	}
	blocked, blockedBy, blocker := mainBlocker(c)
	switch {
	case rec.Platform == "":
		if blocker != "" {
			return "no platform can run it: " + blocker
		}
		return "no platform can run it"
	case rec.Kind == advisor.Kubernetes:
		name := platform.Name(rec.Platform)
		if serverless == 0 {
			s := fmt.Sprintf("no serverless platform can run it (%s); it adds %s to %s %s cluster shared with other components", blocker, USD(rec.MonthlyUSD), Article(name), name)
			if blocker == "" {
				s = fmt.Sprintf("no serverless platform can run it; it adds %s to %s %s cluster shared with other components", USD(rec.MonthlyUSD), Article(name), name)
			}
			return s
		}
		return fmt.Sprintf("it adds only %s to %s %s cluster shared with other components, less than any platform on its own", USD(rec.MonthlyUSD), Article(name), name)
	case feasible == 1:
		s := "the only platform that can run it"
		if blocker != "" {
			s += fmt.Sprintf("; the %s cannot, %s %s", Plural(float64(blocked), "other", "others"), because(blocked, blockedBy), blocker)
		}
		return s
	default:
		s := fmt.Sprintf("the cheapest of the %d platforms that can run it", feasible)
		if blocked > 0 && blocker != "" {
			s += fmt.Sprintf("; %d cannot, %s %s", blocked, because(blocked, blockedBy), blocker)
		}
		if cheapestMarginal != nil && cheapestMarginal.MarginalUSD.LessThan(rec.MonthlyUSD) {
			name := platform.Name(cheapestMarginal.Platform)
			s += fmt.Sprintf("; on %s %s cluster that existed for other reasons it would add only %s", Article(name), name, USD(*cheapestMarginal.MarginalUSD))
		}
		return s
	}
}

// because is "because" when every blocked option shares the reason, else
// "mostly because".
func because(blocked, by int) string {
	if blocked == by {
		return "because"
	}
	return "mostly because"
}

// mainBlocker is how many options cannot run the component, how many of
// them for the most common first reason, and that reason (its first
// clause, with its source if any).
func mainBlocker(c *advisor.ComponentResult) (int, int, string) {
	count := map[string]int{}
	var order []string
	blocked := 0
	for _, o := range c.Options {
		if o.Feasible || len(o.Reasons) == 0 {
			continue
		}
		blocked++
		first, _, _ := strings.Cut(o.Reasons[0], "; ")
		src := ""
		if m := sourceRe.FindStringSubmatch(o.Reasons[0]); m != nil && strings.Contains(first, "(source:") {
			src = m[0]
		}
		first = strings.TrimSpace(sourceRe.ReplaceAllString(first, ""))
		key := first + src
		if count[key] == 0 {
			order = append(order, key)
		}
		count[key]++
	}
	if len(order) == 0 {
		return blocked, 0, ""
	}
	sort.SliceStable(order, func(i, j int) bool { return count[order[i]] > count[order[j]] })
	return blocked, count[order[0]], order[0]
}

// component writes one component whole: its options, why some cannot run
// it, the recommendation with every reason, and each feasible option's
// line items.
func (r *renderer) component(c *advisor.ComponentResult) {
	r.h(2, fmt.Sprintf("Component %s", c.Name))
	r.para(fmt.Sprintf("%s, %s requests a month, mean %s/s, peak %s/s (%s), peak concurrency %s.",
		c.Type, count(c.RequestsPerMonth), rate(c.MeanRPS), rate(c.PeakRPS), c.Traffic, rate(c.PeakConcurrency)))
	r.b.WriteString("\n")
	t := Table{Header: []string{"platform", "kind", "runs", "monthly", "on shared", "cold", "p99", "SLO"}, Right: map[int]bool{3: true, 4: true, 5: true, 6: true}, Wrap: map[int]bool{7: true}}
	var cannot []string
	for _, op := range c.Options {
		if !op.Feasible {
			cannot = append(cannot, op.Platform+": "+strings.Join(op.Reasons, "; "))
		}
		runs, cold, p99, slo := yesNo(op.Feasible), "-", "-", "-"
		if k := op.Cluster; k != nil {
			p99 = Latency(k.P99MS)
			if k.Degraded != "" && op.Feasible {
				runs = "degraded"
			}
			if k.SLOP99MS > 0 {
				slo = fmt.Sprintf("%s over", Plural(float64(k.SLOViolationMinutes), "min", "min"))
				if k.SLOViolationMinutes == 0 {
					slo = "met"
				}
			}
		}
		if s := op.Simulation; s != nil {
			cold, p99 = fmt.Sprintf("%.2f%%", s.ColdStartFraction*100), Latency(s.P99MS)
			if s.Degraded != "" && op.Feasible {
				runs = "degraded"
			}
			if s.SLOMet != nil {
				slo = map[bool]string{true: "met", false: "missed"}[*s.SLOMet]
				if !*s.SLOMet && s.Provisioned > 0 {
					slo = fmt.Sprintf("met with %d warm", s.Provisioned)
				}
			}
		}
		t.Rows = append(t.Rows, []string{op.Platform, string(op.Kind), runs, money(op.MonthlyUSD), money(op.MarginalUSD), cold, p99, slo})
	}
	rec := c.Recommendation
	t.Style = func(row, col int, s string) string {
		op := c.Options[row]
		switch {
		case op.Platform == rec.Platform:
			return r.pal.Green(s)
		case !op.Feasible:
			return r.pal.Dim(s)
		}
		return s
	}
	r.table(t)
	if len(cannot) > 0 {
		r.para("Cannot run it:")
		for _, s := range cannot {
			r.item(s, "  ")
		}
		r.b.WriteString("\n")
	}
	if rec.Platform != "" {
		r.para(fmt.Sprintf("Recommended: %s (%s), %s a month.", r.pal.Green(rec.Platform), rec.Kind, USD(rec.MonthlyUSD)))
		for _, why := range rec.Reasons {
			r.item(why, "  ")
		}
		r.b.WriteString("\n")
	}
	for _, op := range c.Options {
		if !op.Feasible || op.MonthlyUSD == nil {
			continue
		}
		label := "Line items, " + op.Platform
		if op.Platform == rec.Platform {
			label += " (recommended)"
		}
		if len(op.Sources) > 0 {
			label += " " + r.notes.Refs(op.Sources)
		}
		r.para(label + ":")
		if r.md {
			r.b.WriteString("\n")
		}
		r.table(billTableFit(op.LineItems, *op.MonthlyUSD))
		for _, why := range op.Reasons {
			r.item(why, "  ")
		}
		if len(op.Reasons) > 0 {
			r.b.WriteString("\n")
		}
	}
}

// billTableFit is BillTable with the line item names wrappable.
func billTableFit(items []pricing.LineItem, total decimal.Decimal) Table {
	t := BillTable(&pricing.Bill{LineItems: items, Total: total})
	t.Wrap = map[int]bool{0: true, 2: true}
	return t
}

// componentClusters writes the shared clusters a component can join.
func (r *renderer) componentClusters(c *advisor.ComponentResult) {
	var cls []advisor.ClusterResult
	for _, cl := range r.a.Clusters {
		for _, name := range cl.Components {
			if name == c.Name {
				cls = append(cls, cl)
				break
			}
		}
	}
	r.clusterList(cls)
}

func (r *renderer) clusters() { r.clusterList(r.a.Clusters) }

func (r *renderer) clusterList(cls []advisor.ClusterResult) {
	if len(cls) == 0 {
		return
	}
	r.h(2, "Shared clusters")
	r.para("Each Kubernetes platform's cluster as it would be if it hosted every component able to run there; its fixed costs are shown once here.")
	r.b.WriteString("\n")
	for _, cl := range cls {
		var s strings.Builder
		fmt.Fprintf(&s, "%s: %s; %.1f %s nodes on average (peak %d)", cl.Platform, strings.Join(cl.Components, ", "), cl.MeanNodes, cl.NodeTypesLabel(), cl.MaxNodes)
		if cl.GPUNodeType != "" {
			fmt.Fprintf(&s, ", %.0f %s GPU node-hours", cl.GPUNodeHours, cl.GPUNodeType)
		}
		fmt.Fprintf(&s, "; CPU %.0f%% used, %.0f%% requested.", cl.CPUUtilization*100, cl.CPURequested*100)
		if cl.Purchase != "" && cl.OnDemandUSD != nil {
			fmt.Fprintf(&s, " Nodes bought as %s: %s a month, %s on demand.", cl.Purchase, USD(cl.MonthlyUSD), USD(*cl.OnDemandUSD))
		}
		for _, ch := range []*advisor.NodeChoice{cl.NodeChoice, cl.GPUChoice} {
			if ch != nil {
				fmt.Fprintf(&s, " Node type %s.", ch.Why)
			}
		}
		r.para(s.String())
		if sim := cl.Simulation; sim != nil {
			s.Reset()
			fmt.Fprintf(&s, "Simulated (HPA and cluster autoscaler, %g h scaled to the month, seed %d): %.1f nodes on average, %d at most; the workload used %.0f%% of the nodes' CPU, reserves and daemons %.0f%%, %.0f%% idle",
				sim.HorizonHours, sim.Seed, sim.MeanNodes, sim.MaxNodes, sim.CPUUtilization*100, sim.CPUOverhead*100, sim.IdleFraction*100)
			if sim.MostlyIdle {
				fmt.Fprintf(&s, " (mostly idle: %s of the month's node cost bought CPU nobody used; %s says clusters pay off at 60–70%% busy)", USD(sim.IdleUSD), advisor.Article)
			}
			if cl.EstimatedUSD != nil {
				fmt.Fprintf(&s, "; the hour-by-hour estimate was %s", USD(*cl.EstimatedUSD))
			}
			s.WriteString(".")
			r.para(s.String())
		}
		if r.md {
			r.b.WriteString("\n")
		}
		r.table(billTableFit(cl.LineItems, cl.MonthlyUSD))
	}
}

func (r *renderer) notesSection() {
	if len(r.a.Notes) == 0 {
		return
	}
	r.h(2, "Notes")
	for _, n := range r.a.Notes {
		r.item(n, "")
	}
	r.b.WriteString("\n")
}

// hint tells a reader of the summary where the rest is.
func (r *renderer) hint() {
	s := "More: --component NAME shows one component whole, --details every option, line item and cluster, -o json all of it for scripts."
	if r.md {
		r.b.WriteString("_" + s + "_\n\n")
		return
	}
	r.b.WriteString(eachLine(r.pal.Dim, paragraph(s, Width, "")))
	r.b.WriteString("\n")
}

func (r *renderer) sources() {
	if r.notes.Len() == 0 {
		return
	}
	r.h(2, "Sources")
	if r.md {
		r.b.WriteString(r.notes.Markdown())
	} else {
		r.b.WriteString(r.notes.Text(Width))
	}
	r.b.WriteString("\n")
}

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

func money(d *decimal.Decimal) string {
	if d == nil {
		return "-"
	}
	return USD(*d)
}

func count(f float64) string { return Qty(decimal.NewFromFloat(f).Round(0)) }

func rate(f float64) string {
	switch {
	case f >= 100:
		return fmt.Sprintf("%.0f", f)
	case f >= 1:
		return fmt.Sprintf("%.1f", f)
	default:
		return fmt.Sprintf("%.3g", f)
	}
}

// eachLine styles every line of text on its own, so that a colour never
// runs across a line break.
func eachLine(style func(string) string, text string) string {
	lines := strings.SplitAfter(text, "\n")
	for i, l := range lines {
		body := strings.TrimSuffix(l, "\n")
		lines[i] = style(body) + l[len(body):]
	}
	return strings.Join(lines, "")
}

// otherRegions names the other clouds' regions whose prices apply beside
// the spec's region (" (GCP europe-west1, Azure westeurope)"), or "".
func otherRegions(a *advisor.Analysis) string {
	var parts []string
	for _, cloud := range []string{"aws", "gcp", "azure"} {
		if r, ok := a.Regions[cloud]; ok && r != a.Region {
			parts = append(parts, map[string]string{"aws": "AWS", "gcp": "GCP", "azure": "Azure"}[cloud]+" "+r)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
