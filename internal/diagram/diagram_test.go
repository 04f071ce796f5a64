package diagram

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/advisor"
	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/spec"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func analyse(t testing.TB, example string) (*advisor.Analysis, *workload.Spec) {
	t.Helper()
	path := filepath.Join("..", "..", "examples", example)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := spec.Parse(path, data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Components {
		if c.Traffic.Trace != nil {
			t.Skipf("%s replays a trace (the web and CLI tests cover it)", example)
		}
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := advisor.Analyze(s, cat, advisor.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return a, s
}

// nodeSum adds every cost the diagram shows for serverless parts: the
// component boxes, the front doors and the managed services.
func nodeSum(m *Model) decimal.Decimal {
	t := decimal.Zero
	for _, n := range m.Components {
		if !n.Marginal {
			t = t.Add(n.Cost)
		}
	}
	for _, s := range m.FrontDoors {
		t = t.Add(s.Cost)
	}
	for _, s := range m.Managed {
		t = t.Add(s.Cost)
	}
	for _, s := range m.Account {
		t = t.Add(s.Cost)
	}
	return t
}

// For an all-serverless placement the boxes split each option's bill into
// compute, front door and managed services without losing or adding a cent:
// they add up to the architecture's total.
func TestServerlessBoxesAddUpToTheTotal(t *testing.T) {
	specs, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.yaml"))
	article, _ := filepath.Glob(filepath.Join("..", "..", "examples", "article", "*.yaml"))
	for _, p := range append(specs, article...) {
		ex, _ := filepath.Rel(filepath.Join("..", "..", "examples"), p)
		t.Run(ex, func(t *testing.T) {
			a, s := analyse(t, ex)
			for _, arch := range a.Architectures {
				if !arch.Feasible {
					continue
				}
				m, err := Build(a, s, arch.Name)
				if err != nil {
					t.Fatal(err)
				}
				if m.Cluster != nil {
					continue
				}
				if got := nodeSum(m); !got.Equal(*m.Total) {
					t.Errorf("%s: boxes add up to %s, the architecture costs %s", arch.Name, got, m.Total)
				}
			}
		})
	}
}

func TestSystemDiagram(t *testing.T) {
	a, s := analyse(t, "system.yaml")
	m, err := Build(a, s, "")
	if err != nil {
		t.Fatal(err)
	}
	if m.Architecture != "recommended" {
		t.Errorf("default architecture %q", m.Architecture)
	}
	dot := m.DOT()
	for _, want := range []string{
		`subgraph cluster_edge {`, `label="Edge"`, // web has edge: true
		`label="Serverless"`,
		`label="Managed services (DynamoDB, S3, SQS)"`, // api, webhooks and thumbnails call them
		`"c_api" -> svc_dynamodb;`, `"c_thumbnails" -> svc_s3;`, `"c_webhooks" -> svc_sqs;`,
		`users -> "c_web";`, `events -> "c_nightly-report";`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %s", want)
		}
	}
	// Every component box carries its monthly cost.
	for _, c := range s.Components {
		line := ""
		for _, l := range strings.Split(dot, "\n") {
			if strings.Contains(l, `"c_`+c.Name+`" [label=`) && !strings.Contains(l, " -> ") {
				line = l
			}
		}
		if !strings.Contains(line, "/mo") || !strings.Contains(line, "$") {
			t.Errorf("box of %s has no monthly cost: %q", c.Name, line)
		}
	}
	// The database and the cache are called, not entry points: their
	// edges come from their callers (the spec's calls), labelled.
	for _, from := range []string{"users", "events"} {
		if strings.Contains(dot, from+` -> "c_db"`) || strings.Contains(dot, from+` -> "c_cache"`) {
			t.Error("db or cache drawn as an entry point")
		}
	}
	for _, want := range []string{`"c_api" -> "c_db" [label="1/request\n0.5 KB out, 4 KB back`, `"c_nightly-report" -> "c_db" [label="20,000/request`,
		`"c_web" -> "c_api" [label="1/request\n1 KB out, 6 KB back\n$13.50/mo traffic"`} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks the call edge %s", want)
		}
	}
	if m.DOT() != dot {
		t.Error("DOT is not deterministic")
	}
}

// All on Kubernetes: the cluster box costs the architecture's total (the
// cluster bill includes everything) and the GPU component sits in a GPU pool.
func TestKubernetesDiagram(t *testing.T) {
	a, s := analyse(t, "article/hybrid.yaml")
	m, err := Build(a, s, "all-kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	if m.Cluster == nil {
		t.Fatal("no cluster")
	}
	if !m.Cluster.Total.Equal(*m.Total) {
		t.Errorf("cluster %s, architecture %s", m.Cluster.Total, m.Total)
	}
	pools := map[string]string{}
	for _, p := range m.Cluster.Pools {
		pools[p.ID] = p.Label
	}
	if !strings.HasPrefix(pools["gpu"], "GPU nodes: ") || !strings.HasPrefix(pools["general"], "nodes: ") {
		t.Errorf("pools %v", pools)
	}
	gpu := map[string]bool{}
	for _, c := range s.Components {
		gpu[c.Name] = c.GPU > 0
	}
	for _, n := range m.Components {
		wantPool := "general"
		if gpu[n.Name] {
			wantPool = "gpu"
		}
		if n.Pool != wantPool || !n.Marginal {
			t.Errorf("%s in pool %q (marginal %v), want %q", n.Name, n.Pool, n.Marginal, wantPool)
		}
	}
	dot := m.DOT()
	for _, want := range []string{"subgraph cluster_kube {", "Kubernetes cluster (", "subgraph cluster_pool_gpu {", "subgraph cluster_pool_general {", "adds $", "door_cluster_alb"} {
		if !strings.Contains(dot, want) {
			t.Errorf("DOT lacks %q", want)
		}
	}
}

// A mixed placement (some components on a cluster, the rest serverless): the
// cluster is what the architecture costs beyond its serverless options.
func TestMixedPlacement(t *testing.T) {
	a, s := analyse(t, "system.yaml")
	var rec *advisor.Architecture
	// The multi-cloud placement is serverless throughout; db and cache are
	// moved onto AKS by hand, with no traffic between clouds.
	for k := range a.Architectures {
		if a.Architectures[k].Name == "multi-cloud" {
			rec = &a.Architectures[k]
		}
	}
	rec.CrossCloudUSD, rec.CallsUSD, rec.CallLineItems = nil, nil, nil
	clusterCost := decimal.RequireFromString("321.09")
	total := clusterCost
	for k, p := range rec.Placement {
		if p.Component == "db" || p.Component == "cache" {
			rec.Placement[k].Platform = workload.PlatformAKS
			continue
		}
		for _, c := range a.Components {
			if c.Name == p.Component {
				for _, o := range c.Options {
					if o.Platform == p.Platform {
						total = total.Add(*o.MonthlyUSD)
					}
				}
			}
		}
	}
	rec.MonthlyUSD = &total
	m, err := Build(a, s, "multi-cloud")
	if err != nil {
		t.Fatal(err)
	}
	if m.Cluster == nil || !m.Cluster.Total.Equal(clusterCost) || m.Cluster.Platform != workload.PlatformAKS {
		t.Fatalf("cluster %+v, want AKS at %s", m.Cluster, clusterCost)
	}
	if len(m.Cluster.Pools) != 1 || m.Cluster.Pools[0].ID != "general" {
		t.Errorf("pools %+v, want only the general pool", m.Cluster.Pools)
	}
	dot := m.DOT()
	if !strings.Contains(dot, "Kubernetes cluster (AKS), $321.09/mo") || !strings.Contains(dot, `label="Serverless"`) {
		t.Errorf("mixed DOT:\n%s", dot)
	}
}

func TestUnknownOrInfeasibleArchitecture(t *testing.T) {
	a, s := analyse(t, "startup-api.yaml")
	if _, err := Build(a, s, "nope"); err == nil || !strings.Contains(err.Error(), "valid: all-serverless, all-kubernetes, recommended") {
		t.Errorf("err = %v", err)
	}
	for k := range a.Architectures {
		if a.Architectures[k].Name == "all-kubernetes" {
			a.Architectures[k].Feasible = false
			a.Architectures[k].Reasons = []string{"no single Kubernetes platform can run every component"}
		}
	}
	if _, err := Build(a, s, "all-kubernetes"); err == nil || !strings.Contains(err.Error(), "not feasible") {
		t.Errorf("err = %v", err)
	}
}

func TestQuote(t *testing.T) {
	for in, want := range map[string]string{
		`api`:         `"api"`,
		`a"b`:         `"a\"b"`,
		`a\b`:         `"a\\b"`,
		"two\nlines":  `"two\nlines"`,
		"cr\r\nlf":    `"cr\nlf"`,
		`}; evil [x]`: `"}; evil [x]"`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// The SVG is the same on every run (Graphviz in WebAssembly measures text
// with built-in metrics), has the clusters' labels, and can be inlined in
// HTML (no XML prolog).
func TestSVG(t *testing.T) {
	a, s := analyse(t, "article/hybrid.yaml")
	m, err := Build(a, s, "all-kubernetes")
	if err != nil {
		t.Fatal(err)
	}
	one, err := SVG(context.Background(), m.DOT())
	if err != nil {
		t.Fatal(err)
	}
	two, err := SVG(context.Background(), m.DOT())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, two) {
		t.Error("SVG differs between two renders")
	}
	if !bytes.HasPrefix(one, []byte("<svg")) {
		t.Errorf("SVG starts %.40q", one)
	}
	for _, want := range []string{"Kubernetes cluster (", "node pool: GPU nodes", "adds $"} {
		if !bytes.Contains(one, []byte(want)) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	for _, bad := range []string{"<script", "http://", "https://"} {
		if bytes.Contains(bytes.ReplaceAll(one, []byte("http://www.w3.org/"), nil), []byte(bad)) {
			t.Errorf("SVG contains %q", bad)
		}
	}
	if _, err := SVG(context.Background(), "digraph { a -> }"); err == nil {
		t.Error("broken DOT rendered without an error")
	}
}

func TestNoticeNamesTheLicence(t *testing.T) {
	for _, want := range []string{"Eclipse Public License", "Graphviz", "go-graphviz", "MIT"} {
		if !strings.Contains(Notice, want) {
			t.Errorf("NOTICE lacks %q", want)
		}
	}
}

// In a hybrid architecture the cluster box costs what the advisor says the
// cluster costs (its reasons name the cluster's bill), though the diagram
// derives it as the total minus the serverless parts.
func TestHybridClusterMatchesTheAdvisor(t *testing.T) {
	a, s := analyse(t, "article/hybrid.yaml")
	re := regexp.MustCompile(`cluster \([^)]*\) costs (\$[0-9,]+\.[0-9]{2}) a month`)
	checked := 0
	for _, arch := range a.Architectures {
		if !arch.Feasible {
			continue
		}
		for _, r := range arch.Reasons {
			mm := re.FindStringSubmatch(r)
			if mm == nil {
				continue
			}
			m, err := Build(a, s, arch.Name)
			if err != nil {
				t.Fatal(err)
			}
			if m.Cluster == nil {
				t.Fatalf("%s: no cluster drawn", arch.Name)
			}
			if got := pricing.FormatUSD(m.Cluster.Total); got != mm[1] {
				t.Errorf("%s: cluster box %s, the advisor says %s", arch.Name, got, mm[1])
			}
			checked++
		}
	}
	if checked == 0 {
		t.Skip("the analysis lists no hybrid architecture with a cluster")
	}
}
