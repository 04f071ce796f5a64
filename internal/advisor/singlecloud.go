package advisor

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// cloudPlatforms groups the platforms by the cloud account they need.
// Cloudflare Workers and Vercel run beside any cloud.
var cloudPlatforms = []struct {
	cloud      string
	serverless []string
	kube       string
}{
	{"aws", []string{workload.PlatformLambda, workload.PlatformFargate}, workload.PlatformEKS},
	{"gcp", []string{workload.PlatformCloudRun, workload.PlatformCloudFunc}, workload.PlatformGKE},
	{"azure", []string{workload.PlatformAzureFunc}, workload.PlatformAKS},
}

var cloudNeutral = []string{workload.PlatformWorkers, workload.PlatformVercel}

// cloudOf names the cloud a platform belongs to ("" for cloud-neutral ones).
func cloudOf(platform string) string {
	for _, c := range cloudPlatforms {
		if slices.Contains(c.serverless, platform) || c.kube == platform {
			return c.cloud
		}
	}
	return ""
}

// singleCloud prices, when the recommended placement spans several clouds,
// the cheapest placement on each single cloud (with Workers and Vercel
// allowed beside it), and says in the recommendation what staying on one
// cloud costs.
func (a *Analysis) singleCloud(clusters map[string]*clusterModel, rec *Architecture) ([]Architecture, error) {
	used := map[string]bool{}
	for _, p := range rec.Placement {
		if c := cloudOf(p.Platform); c != "" {
			used[c] = true
		}
	}
	if len(used) < 2 {
		return nil, nil
	}
	var out []Architecture
	var cheapest *Architecture
	for _, cp := range cloudPlatforms {
		allowed := append(slices.Clone(cp.serverless), cloudNeutral...)
		n := len(a.Components)
		best := make([]float64, n)
		plat := make([]string, n)
		for i := range a.Components {
			best[i] = math.Inf(1)
			for _, o := range a.Components[i].Options {
				if o.Feasible && o.Kind == Serverless && slices.Contains(allowed, o.Platform) {
					if f := o.MonthlyUSD.InexactFloat64(); f < best[i] {
						best[i], plat[i] = f, o.Platform
					}
				}
			}
		}
		ch, _, err := a.search(clusters, best, []string{cp.kube}, false)
		if err != nil {
			return nil, err
		}
		arch := Architecture{Name: "recommended-on-" + cp.cloud}
		if math.IsInf(ch.total, 1) {
			arch.Reasons = []string{fmt.Sprintf("some component has no feasible option on %s (or Workers/Vercel)", strings.ToUpper(cp.cloud))}
			out = append(out, arch)
			continue
		}
		in := map[int]bool{}
		for _, i := range ch.set {
			in[i] = true
		}
		var chosen []*Option
		for i := range a.Components {
			p := plat[i]
			if in[i] {
				p = ch.platform
			} else {
				chosen = append(chosen, a.Components[i].option(p))
			}
			arch.Placement = append(arch.Placement, Placement{a.Components[i].Name, p})
		}
		total := sumOptions(chosen)
		if ch.cluster != nil {
			total = total.Add(ch.cluster.Bill.Total)
		}
		arch.Feasible, arch.MonthlyUSD = true, &total
		arch.Reasons = []string{fmt.Sprintf("the cheapest placement using only %s (with Cloudflare Workers and Vercel allowed beside it)", strings.ToUpper(cp.cloud))}
		out = append(out, arch)
		if cheapest == nil || total.LessThan(*cheapest.MonthlyUSD) {
			cheapest = &out[len(out)-1]
		}
	}
	if cheapest != nil {
		clouds := make([]string, 0, len(used))
		for c := range used {
			clouds = append(clouds, strings.ToUpper(c))
		}
		slices.Sort(clouds)
		extra := cheapest.MonthlyUSD.Sub(*rec.MonthlyUSD)
		rec.Reasons = append(rec.Reasons, fmt.Sprintf("spans %s; the cheapest single-cloud placement (%s) costs %s more a month (%s)",
			strings.Join(clouds, ", "), cheapest.Name, usd(decimal.Max(extra, decimal.Zero)), usd(*cheapest.MonthlyUSD)))
	}
	return out, nil
}
