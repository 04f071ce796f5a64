// Package diagram draws an architecture of an analysis: the edge, the
// serverless functions, the Kubernetes cluster with its node pools, the front
// doors in front of them and the managed services they call, each labelled
// with its monthly cost. Building the Graphviz DOT source is pure; render.go
// turns it into SVG with Graphviz compiled to WebAssembly (no cgo, no host
// fonts, byte-identical on every machine).
package diagram

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// DefaultArchitecture is the architecture drawn when none is named.
const DefaultArchitecture = "recommended"

// PlatformName is the display name of a platform id (the id if unknown).
func PlatformName(id string) string { return platform.Name(id) }

// Colours: dark text on light fills (WCAG AA contrast for #1f2933 on each).
const (
	colText       = "#1f2933"
	colEdge       = "#fff4e5"
	colServerless = "#e8f1fb"
	colKube       = "#eaf7ee"
	colPool       = "#d5efdc"
	colManaged    = "#f3eefa"
	colDoor       = "#fdf2f2"
	colBorder     = "#52606d"
)

// Model is what the diagram shows, derived from an analysis: exposed for
// tests and for the dashboard's summary.
type Model struct {
	Architecture string
	Total        *decimal.Decimal
	Components   []Node
	FrontDoors   []Service
	Managed      []Service
	// Account holds the fees charged once per account on a platform (a
	// plan's subscription or credit), kept out of the component boxes so
	// that several components on one plan pay it once.
	Account []Service
	Cluster *Cluster
	// Calls are the spec's calls between components, one edge each.
	Calls []Call
}

// Call is one edge of the component graph: From calls To PerRequest times
// a request, with its traffic's monthly cost under this architecture.
type Call struct {
	From, To              string
	PerRequest            float64
	RequestKB, ResponseKB float64
	Cost                  decimal.Decimal
}

// Label is the edge's text: "3/request, 2 KB out, 8 KB back, $32.22/mo".
func (c Call) Label() string {
	l := workload.Num(c.PerRequest) + "/request"
	if c.RequestKB > 0 || c.ResponseKB > 0 {
		l += fmt.Sprintf("\n%s KB out, %s KB back", workload.Num(c.RequestKB), workload.Num(c.ResponseKB))
	}
	if c.Cost.IsPositive() {
		l += "\n" + pricing.FormatUSD(c.Cost) + "/mo traffic"
	}
	return l
}

// Node is one component as placed.
type Node struct {
	Name      string
	Platform  string
	Kind      advisor.Kind
	Edge      bool
	Pool      string // node pool on the cluster ("" when not on Kubernetes)
	Cost      decimal.Decimal
	Marginal  bool   // Cost is what it adds to a shared cluster
	FrontDoor string // id of the front door node, "" for none
	Calls     []string
	Source    string // where its requests come from: "users" or "events"
}

// Service is a front door or a managed service with its monthly cost.
type Service struct {
	ID, Label string
	Cost      decimal.Decimal
}

// Cluster is the Kubernetes cluster of an architecture.
type Cluster struct {
	Platform string
	Total    decimal.Decimal
	Pools    []Pool
}

// Pool is one node pool.
type Pool struct {
	ID, Label string
}

// Build derives the diagram model of the named architecture (default
// "recommended") from an analysis of spec.
func Build(a *advisor.Analysis, s *workload.Spec, architecture string) (*Model, error) {
	if architecture == "" {
		architecture = DefaultArchitecture
	}
	var arch *advisor.Architecture
	var names []string
	for k := range a.Architectures {
		names = append(names, a.Architectures[k].Name)
		if a.Architectures[k].Name == architecture {
			arch = &a.Architectures[k]
		}
	}
	if arch == nil {
		return nil, fmt.Errorf("no architecture %q in the analysis (valid: %s)", architecture, strings.Join(names, ", "))
	}
	if !arch.Feasible {
		return nil, fmt.Errorf("architecture %q is not feasible: %s", architecture, strings.Join(arch.Reasons, "; "))
	}
	m := &Model{Architecture: arch.Name, Total: arch.MonthlyUSD}
	specOf := map[string]*workload.Component{}
	for k := range s.Components {
		specOf[s.Components[k].Name] = &s.Components[k]
	}
	resultOf := map[string]*advisor.ComponentResult{}
	for k := range a.Components {
		resultOf[a.Components[k].Name] = &a.Components[k]
	}
	doors := map[string]*Service{}
	managed := map[string]*Service{}
	account := map[string]*Service{}
	serverlessSum := decimal.Zero
	var kubePlatform string
	for _, p := range arch.Placement {
		cr, c := resultOf[p.Component], specOf[p.Component]
		if cr == nil || c == nil {
			return nil, fmt.Errorf("placement names component %q that is not in the analysis", p.Component)
		}
		opt := optionOf(cr, p.Platform)
		if opt == nil || !opt.Feasible || opt.MonthlyUSD == nil {
			return nil, fmt.Errorf("component %s has no feasible %s option", p.Component, p.Platform)
		}
		n := Node{Name: c.Name, Platform: p.Platform, Kind: opt.Kind, Edge: platform.Of(p.Platform).Edge, Source: sourceOf(c)}
		if c.RequestsDerived {
			n.Source = "" // its requests come from its callers, drawn as calls
		}
		split := splitItems(opt.LineItems)
		for _, svc := range split.managed {
			addService(managed, svc)
			n.Calls = append(n.Calls, svc.ID)
		}
		if opt.Kind == advisor.Kubernetes {
			kubePlatform = p.Platform
			n.Pool = "general"
			if c.GPU > 0 {
				n.Pool = "gpu"
			}
			n.Marginal = true
			if arch.Name == DefaultArchitecture && cr.Recommendation.Platform == p.Platform {
				n.Cost = cr.Recommendation.MonthlyUSD
			} else if opt.MarginalUSD != nil {
				n.Cost = *opt.MarginalUSD
			}
			if c.FrontDoor != workload.FrontDoorNone && c.FrontDoor != "" {
				n.FrontDoor = "door_cluster_alb"
			}
		} else {
			n.Cost = opt.MonthlyUSD.Sub(split.doorTotal).Sub(split.managedTotal).Sub(split.accountTotal)
			serverlessSum = serverlessSum.Add(opt.MonthlyUSD.Sub(split.accountTotal))
			for _, li := range split.account {
				// Counted once per platform: the largest amount is kept, as
				// the advisor's architecture totals do.
				id := "acct_" + p.Platform + "_" + li.Name
				if cur, ok := account[id]; !ok || li.Amount.Abs().GreaterThan(cur.Cost.Abs()) {
					account[id] = &Service{ID: id, Label: PlatformName(p.Platform) + ": " + li.Name, Cost: li.Amount}
				}
			}
			if split.door != nil {
				addService(doors, *split.door)
				n.FrontDoor = split.door.ID
			}
		}
		m.Components = append(m.Components, n)
	}
	switch {
	case arch.CallsUSD != nil:
		if arch.CallsUSD.IsPositive() {
			account["acct_calls"] = &Service{ID: "acct_calls", Label: "traffic of the calls between components", Cost: *arch.CallsUSD}
		}
	case arch.CrossCloudUSD != nil && arch.CrossCloudUSD.IsPositive():
		account["acct_cross_cloud"] = &Service{ID: "acct_cross_cloud", Label: "traffic between clouds", Cost: *arch.CrossCloudUSD}
	}
	for _, e := range s.Edges() {
		call := Call{From: s.Components[e.From].Name, To: s.Components[e.To].Name, PerRequest: e.Call.PerRequest,
			RequestKB: e.Call.RequestKB, ResponseKB: e.Call.ResponseKB}
		prefix := "calls " + call.From + "→" + call.To + ":"
		for _, li := range arch.CallLineItems {
			if strings.HasPrefix(li.Name, prefix) {
				call.Cost = call.Cost.Add(li.Amount)
			}
		}
		m.Calls = append(m.Calls, call)
	}
	m.Account = sortedServices(account)
	for _, a := range m.Account {
		serverlessSum = serverlessSum.Add(a.Cost)
	}
	if kubePlatform != "" {
		cl := &Cluster{Platform: kubePlatform}
		if arch.MonthlyUSD != nil {
			cl.Total = arch.MonthlyUSD.Sub(serverlessSum)
		}
		var shared *advisor.ClusterResult
		for k := range a.Clusters {
			if a.Clusters[k].Platform == kubePlatform {
				shared = &a.Clusters[k]
			}
		}
		general, gpu := "general-purpose nodes", "GPU nodes"
		if shared != nil {
			general = "nodes: " + shared.NodeType
			if shared.GPUNodeType != "" {
				gpu = "GPU nodes: " + shared.GPUNodeType
			}
		}
		used := map[string]bool{}
		hasDoor := false
		for _, n := range m.Components {
			used[n.Pool] = true
			hasDoor = hasDoor || n.FrontDoor == "door_cluster_alb"
		}
		if used["general"] {
			cl.Pools = append(cl.Pools, Pool{ID: "general", Label: general})
		}
		if used["gpu"] {
			cl.Pools = append(cl.Pools, Pool{ID: "gpu", Label: gpu})
		}
		m.Cluster = cl
		if hasDoor {
			doors["door_cluster_alb"] = &Service{ID: "door_cluster_alb", Label: "Load balancer (cluster ingress)"}
		}
	}
	m.FrontDoors = sortedServices(doors)
	m.Managed = sortedServices(managed)
	return m, nil
}

func optionOf(cr *advisor.ComponentResult, platform string) *advisor.Option {
	for k := range cr.Options {
		if cr.Options[k].Platform == platform {
			return &cr.Options[k]
		}
	}
	return nil
}

// sourceOf is where a component's requests come from.
func sourceOf(c *workload.Component) string {
	switch c.Type {
	case workload.TypeHTTPAPI, workload.TypeWebsocket, workload.TypeFrontend, workload.TypeMLInference:
		return "users"
	case workload.TypeDatabase, workload.TypeCache, workload.TypeQueue:
		return "" // called by the other components, not drawn as an entry point
	default:
		return "events"
	}
}

type splitResult struct {
	account      []pricing.LineItem
	accountTotal decimal.Decimal
	door         *Service
	doorTotal    decimal.Decimal
	managed      []Service
	managedTotal decimal.Decimal
}

// splitItems separates an option's line items into its front door, the
// managed services it calls (the "downstream:" lines, by the service their
// source names) and the rest (compute, logs, people).
func splitItems(items []pricing.LineItem) splitResult {
	var r splitResult
	byService := map[string]*Service{}
	var doorKind string
	for _, li := range items {
		switch {
		case strings.Contains(li.Name, "API requests"):
			doorKind = "apigw"
		case strings.HasPrefix(li.Name, "WebSocket "):
			doorKind = "apigw_ws"
		case strings.HasPrefix(li.Name, "Web PubSub "):
			doorKind = "webpubsub"
		case (li.Name == "ALB hours" || li.Name == "LCU hours") && doorKind == "":
			doorKind = "alb"
		}
	}
	for _, li := range items {
		switch {
		case li.Scope == pricing.ScopeAccount:
			r.account = append(r.account, li)
			r.accountTotal = r.accountTotal.Add(li.Amount)
		case strings.HasPrefix(li.Name, "downstream:"):
			id, label := managedService(li.Source)
			s := byService[id]
			if s == nil {
				s = &Service{ID: id, Label: label}
				byService[id] = s
			}
			s.Cost = s.Cost.Add(li.Amount)
			r.managedTotal = r.managedTotal.Add(li.Amount)
		case doorKind == "apigw" && strings.Contains(li.Name, "API requests"),
			doorKind == "apigw_ws" && strings.HasPrefix(li.Name, "WebSocket "),
			doorKind == "webpubsub" && (strings.HasPrefix(li.Name, "Web PubSub ") || li.Name == "outbound messages beyond included"),
			doorKind == "alb" && (li.Name == "ALB hours" || li.Name == "LCU hours" || strings.HasPrefix(li.Name, "Public IPv4")):
			if r.door == nil {
				r.door = &Service{ID: "door_" + doorKind, Label: doorLabel(doorKind)}
			}
			r.door.Cost = r.door.Cost.Add(li.Amount)
			r.doorTotal = r.doorTotal.Add(li.Amount)
		}
	}
	for _, s := range byService {
		r.managed = append(r.managed, *s)
	}
	slices.SortFunc(r.managed, func(a, b Service) int { return strings.Compare(a.ID, b.ID) })
	return r
}

func doorLabel(kind string) string {
	switch kind {
	case "apigw":
		return "API Gateway"
	case "apigw_ws":
		return "API Gateway WebSocket"
	case "webpubsub":
		return "Azure Web PubSub"
	}
	return "Application Load Balancer"
}

// managedService names the managed service a downstream line item is for,
// from its source URL.
func managedService(source string) (id, label string) {
	s := strings.ToLower(source)
	for _, k := range []struct{ key, id, label string }{
		{"dynamodb", "svc_dynamodb", "DynamoDB"},
		{"/s3/", "svc_s3", "S3"},
		{"sqs", "svc_sqs", "SQS"},
	} {
		if strings.Contains(s, k.key) {
			return k.id, k.label
		}
	}
	return "svc_other", "other managed services"
}

func addService(m map[string]*Service, s Service) {
	if cur := m[s.ID]; cur != nil {
		cur.Cost = cur.Cost.Add(s.Cost)
		return
	}
	c := s
	m[s.ID] = &c
}

func sortedServices(m map[string]*Service) []Service {
	out := make([]Service, 0, len(m))
	for _, s := range m {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Service) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// DOT renders the model as Graphviz DOT source (deterministic).
func (m *Model) DOT() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	title := "Architecture: " + m.Architecture
	if m.Total != nil {
		title += ", " + pricing.FormatUSD(*m.Total) + " a month"
	}
	w("digraph fulcrum {\n")
	w("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=14, fontcolor=%q, labelloc=t, labeljust=l, label=%s, nodesep=0.3, ranksep=0.7, pad=0.2, bgcolor=\"white\"];\n", colText, quote(title))
	w("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11, fontcolor=%q, color=%q, fillcolor=\"white\", margin=\"0.15,0.06\"];\n", colText, colBorder)
	w("  edge [color=%q, arrowsize=0.7];\n", colBorder)
	users, events := false, false
	for _, n := range m.Components {
		users = users || n.Source == "users"
		events = events || n.Source == "events"
	}
	if users {
		w("  users [label=\"Users\", shape=ellipse, fillcolor=\"#f5f7fa\"];\n")
	}
	if events {
		w("  events [label=\"Events and schedules\", shape=ellipse, fillcolor=\"#f5f7fa\"];\n")
	}
	comp := func(indent string, n Node) {
		cost := pricing.FormatUSD(n.Cost) + "/mo"
		if n.Marginal {
			cost = "adds " + cost
		}
		w("%s%s [label=%s, fillcolor=\"white\"];\n", indent, id("c_", n.Name), quote(n.Name+"\n"+PlatformName(n.Platform)+"\n"+cost))
	}
	var edge, serverless []Node
	for _, n := range m.Components {
		switch {
		case n.Kind == advisor.Kubernetes:
		case n.Edge:
			edge = append(edge, n)
		default:
			serverless = append(serverless, n)
		}
	}
	cluster := func(name, label, fill string, body func()) {
		w("  subgraph %s {\n    label=%s; style=\"rounded,filled\"; fillcolor=%q; color=%q; fontsize=12;\n", name, quote(label), fill, colBorder)
		body()
		w("  }\n")
	}
	if len(m.FrontDoors) > 0 {
		cluster("cluster_doors", "Front doors", colDoor, func() {
			for _, d := range m.FrontDoors {
				label := d.Label
				if d.ID == "door_cluster_alb" {
					label += "\nbilled with the cluster"
				} else {
					label += "\n" + pricing.FormatUSD(d.Cost) + "/mo"
				}
				w("    %s [label=%s];\n", d.ID, quote(label))
			}
		})
	}
	if len(edge) > 0 {
		cluster("cluster_edge", "Edge", colEdge, func() {
			for _, n := range edge {
				comp("    ", n)
			}
		})
	}
	if len(serverless) > 0 || len(m.Account) > 0 {
		cluster("cluster_serverless", "Serverless", colServerless, func() {
			for _, n := range serverless {
				comp("    ", n)
			}
			for _, a := range m.Account {
				w("    %s [label=%s, shape=note, fillcolor=\"#f8fafc\"];\n", quote(a.ID), quote(a.Label+"\n"+pricing.FormatUSD(a.Cost)+"/mo, once per account"))
			}
		})
	}
	if c := m.Cluster; c != nil {
		label := fmt.Sprintf("Kubernetes cluster (%s), %s/mo\ncontrol plane, nodes, NAT, load balancer, people", PlatformName(c.Platform), pricing.FormatUSD(c.Total))
		cluster("cluster_kube", label, colKube, func() {
			for _, p := range c.Pools {
				w("    subgraph cluster_pool_%s {\n      label=%s; style=\"rounded,filled\"; fillcolor=%q; color=%q; fontsize=11;\n", p.ID, quote("node pool: "+p.Label), colPool, colBorder)
				for _, n := range m.Components {
					if n.Kind == advisor.Kubernetes && n.Pool == p.ID {
						comp("      ", n)
					}
				}
				w("    }\n")
			}
		})
	}
	if len(m.Managed) > 0 {
		var names []string
		for _, s := range m.Managed {
			names = append(names, s.Label)
		}
		cluster("cluster_managed", "Managed services ("+strings.Join(names, ", ")+")", colManaged, func() {
			for _, s := range m.Managed {
				w("    %s [label=%s, shape=cylinder];\n", s.ID, quote(s.Label+"\n"+pricing.FormatUSD(s.Cost)+"/mo"))
			}
		})
	}
	for _, n := range m.Components {
		target := id("c_", n.Name)
		from := n.Source
		if from == "" {
			continue
		}
		if n.FrontDoor != "" {
			w("  %s -> %s;\n", from, n.FrontDoor)
			from = n.FrontDoor
		}
		w("  %s -> %s;\n", from, target)
	}
	for _, n := range m.Components {
		for _, s := range n.Calls {
			w("  %s -> %s;\n", id("c_", n.Name), s)
		}
	}
	for _, c := range m.Calls {
		w("  %s -> %s [label=%s, fontname=\"Helvetica\", fontsize=9, fontcolor=%q, style=bold];\n", id("c_", c.From), id("c_", c.To), quote(c.Label()), colText)
	}
	w("}\n")
	return dedupeLines(b.String())
}

// dedupeLines drops repeated edge lines (two components behind one front door
// each add users -> door).
func dedupeLines(s string) string {
	seen := map[string]bool{}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, " -> ") {
			if seen[l] {
				continue
			}
			seen[l] = true
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// id makes a DOT identifier from a component name (names are validated, but
// the identifier is quoted anyway).
func id(prefix, name string) string { return quote(prefix + name) }

// quote makes a DOT string literal; \n in s becomes a centred line break.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", "")
	return `"` + r.Replace(s) + `"`
}
