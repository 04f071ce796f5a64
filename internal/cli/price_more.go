package cli

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// The GCP, Azure, Cloudflare and Vercel offerings of 'fulcrum price'.
func init() {
	priceOfferings = append(priceOfferings,
		priceOffering{
			Name:    "gcp-cloud-run",
			Short:   "Google Cloud Run service (request- or instance-based billing)",
			Example: "  fulcrum price gcp-cloud-run --requests 10000000 --duration 200ms --vcpu 1 --memory-mb 512 --concurrency 1 --free-tier",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.CloudRun
				var dur time.Duration
				countVar(fs, &x.Requests, "requests", 0, "requests per month")
				fs.DurationVar(&dur, "duration", 0, "mean request duration (e.g. 200ms); rounded up to 100 ms")
				fs.Float64Var(&x.VCPU, "vcpu", 1, "vCPU per instance")
				fs.Float64Var(&x.MemoryMB, "memory-mb", 512, "memory per instance in MiB")
				fs.IntVar(&x.Concurrency, "concurrency", 80, "maximum concurrent requests per instance")
				fs.BoolVar(&x.InstanceBased, "instance-based", false, "instance-based billing (whole instance lifetime, no request fee)")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the monthly free tier")
				fs.Float64Var(&x.MinInstances, "min-instances", 0, "minimum instances kept warm")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month (for minimum instances)")
				countVar(fs, &x.ActiveInstanceSeconds, "active-seconds", 0, "instance-seconds serving requests (0 = requests × duration ÷ concurrency)")
				fs.Float64Var(&x.GPUs, "gpus", 0, "NVIDIA L4 GPUs per instance (needs --instance-based)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.DurationMS = ms(dur)
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "gcp-cloud-functions",
			Short:   "Google Cloud Functions (1st gen); 2nd gen is priced as gcp-cloud-run",
			Example: "  fulcrum price gcp-cloud-functions --invocations 10000000 --duration 300ms --memory-mb 128 --free-tier",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.CloudFunctions
				var dur time.Duration
				countVar(fs, &x.Invocations, "invocations", 0, "invocations per month")
				fs.DurationVar(&dur, "duration", 0, "mean duration (e.g. 300ms); rounded up to 100 ms")
				fs.Float64Var(&x.MemoryMB, "memory-mb", 256, "memory in MB (tiers 128, 256, 512, 1024, 2048, 4096, 8192)")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the monthly free tier")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.DurationMS = ms(dur)
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "gke",
			Short:   "Google Kubernetes Engine cluster management fee (nodes: gce)",
			Example: "  fulcrum price gke --hours 730 --free-tier",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.GKE
				fs.Float64Var(&x.Clusters, "clusters", 1, "number of clusters")
				fs.Float64Var(&x.Hours, "hours", 730, "hours each cluster runs in the month")
				fs.BoolVar(&x.Regional, "regional", false, "regional clusters (the free credit does not apply)")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "apply the $74.40 monthly credit (one billing account)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "gce",
			Short:   "Compute Engine VMs (GKE nodes), on-demand us-central1",
			Example: "  fulcrum price gce --machine-type e2-standard-2 --count 3 --hours 730",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.GCE
				fs.StringVar(&x.MachineType, "machine-type", "e2-standard-2", "machine type (any the catalog prices: e2-standard-2 ... n2-highmem-64, t2a-standard-*, g2-standard-*, n1-standard-4-t4)")
				fs.Float64Var(&x.Count, "count", 1, "number of VMs")
				fs.Float64Var(&x.Hours, "hours", 730, "hours each VM runs in the month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "aks",
			Short:   "Azure Kubernetes Service cluster management fee (nodes: azure-vm)",
			Example: "  fulcrum price aks --hours 730 --tier standard",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.AKS
				fs.StringVar(&x.Tier, "tier", "free", "pricing tier: free, standard or premium")
				fs.Float64Var(&x.Clusters, "clusters", 1, "number of clusters")
				fs.Float64Var(&x.Hours, "hours", 730, "hours each cluster runs in the month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "azure-vm",
			Short:   "Azure virtual machines (AKS nodes), pay-as-you-go East US",
			Example: "  fulcrum price azure-vm --size Standard_D2s_v5 --count 3 --hours 730",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.AzureVM
				fs.StringVar(&x.Size, "size", "Standard_D2s_v5", "VM size (any the catalog prices: Standard_D2s_v5 ... Standard_D64s_v5, D*ps_v5, E*s_v5, F*s_v2, B-series, NC*as_T4_v3)")
				fs.Float64Var(&x.Count, "count", 1, "number of VMs")
				fs.Float64Var(&x.Hours, "hours", 730, "hours each VM runs in the month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "azure-functions",
			Short:   "Azure Functions, Consumption or Flex Consumption plan",
			Example: "  fulcrum price azure-functions --plan flex --executions 144000 --duration 250ms --memory-mb 2048 --concurrency 1",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.AzureFunctions
				var dur time.Duration
				fs.StringVar(&x.Plan, "plan", "consumption", "plan: consumption or flex")
				countVar(fs, &x.Executions, "executions", 0, "executions per month")
				fs.DurationVar(&dur, "duration", 0, "mean execution time (e.g. 250ms)")
				fs.Float64Var(&x.MemoryMB, "memory-mb", 0, "observed memory (consumption, 0 = 128 MB minimum) or instance size (flex, 0 = 2048)")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the monthly free grant")
				fs.Float64Var(&x.AlwaysReadyInstances, "always-ready", 0, "always ready instances (flex)")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month (for always ready instances)")
				fs.Float64Var(&x.Concurrency, "concurrency", 1, "executions per flex instance at once")
				countVar(fs, &x.ActiveInstanceSeconds, "active-seconds", 0, "flex instance-seconds executing (0 = derive)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.DurationMS = ms(dur)
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "cloudflare-workers",
			Short:   "Cloudflare Workers, Workers Paid (Standard usage model)",
			Example: "  fulcrum price cloudflare-workers --requests 15000000 --cpu-time 7ms",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.Workers
				var cpu time.Duration
				countVar(fs, &x.Requests, "requests", 0, "requests per month")
				fs.DurationVar(&cpu, "cpu-time", 0, "mean CPU time per request (e.g. 7ms)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.CPUMSPerRequest = ms(cpu)
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "vercel-functions",
			Short:   "Vercel Functions with Fluid compute (iad1)",
			Example: "  fulcrum price vercel-functions --invocations 10000000 --cpu-time 50ms --duration 200ms --memory-mb 2048",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.Vercel
				var cpu, dur time.Duration
				countVar(fs, &x.Invocations, "invocations", 0, "invocations per month")
				fs.DurationVar(&cpu, "cpu-time", 0, "mean active CPU time per invocation (e.g. 50ms)")
				fs.DurationVar(&dur, "duration", 0, "mean wall-clock duration per invocation (e.g. 200ms)")
				fs.Float64Var(&x.MemoryMB, "memory-mb", 2048, "instance memory in MB (2048 Standard, 4096 Performance)")
				fs.Float64Var(&x.Concurrency, "concurrency", 1, "in-function concurrency (invocations sharing one instance)")
				fs.StringVar(&x.Plan, "plan", "pro", "plan: hobby or pro (pro: $20 fee with a $20 usage credit)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.ActiveCPUMSPerInvocation, x.DurationMS = ms(cpu), ms(dur)
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "gcp-load-balancer",
			Short:   "Google Cloud Load Balancing forwarding rules and data processed",
			Example: "  fulcrum price gcp-load-balancer --rules 1 --hours 730 --gb 1000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.GCPLoadBalancer
				fs.Float64Var(&x.Rules, "rules", 1, "forwarding rules")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month")
				fs.Float64Var(&x.GBProcessed, "gb", 0, "GiB processed per month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "gcp-cloud-nat",
			Short:   "Google Cloud NAT gateways and data processed",
			Example: "  fulcrum price gcp-cloud-nat --vms 14 --hours 720 --gb 100",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.CloudNAT
				fs.Float64Var(&x.Gateways, "gateways", 1, "NAT gateways")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month")
				fs.Float64Var(&x.GBProcessed, "gb", 0, "GiB processed per month")
				fs.Float64Var(&x.VMs, "vms", 0, "VMs using each gateway (0 = price at the 32-VM cap)")
				fs.Float64Var(&x.IPs, "ips", 0, "external IP addresses per gateway")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "azure-load-balancer",
			Short:   "Azure Standard Load Balancer rules and data processed",
			Example: "  fulcrum price azure-load-balancer --rules 10 --hours 730 --gb 1000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.AzureLoadBalancer
				fs.Float64Var(&x.Rules, "rules", 1, "rules (load-balancing, outbound, inbound NAT)")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month")
				fs.Float64Var(&x.GBProcessed, "gb", 0, "GB processed per month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "azure-nat-gateway",
			Short:   "Azure NAT Gateway hours and data processed",
			Example: "  fulcrum price azure-nat-gateway --hours 730 --gb 1000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.AzureNAT
				fs.Float64Var(&x.Gateways, "gateways", 1, "NAT gateways")
				fs.Float64Var(&x.Hours, "hours", 730, "hours in the month")
				fs.Float64Var(&x.GBProcessed, "gb", 0, "GB processed per month")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "persistent-disk",
			Short:   "GCP pd-balanced or Azure Standard SSD storage",
			Example: "  fulcrum price persistent-disk --provider gcp --gb-months 300",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.PersistentDisk
				fs.StringVar(&x.Provider, "provider", "gcp", "gcp or azure")
				fs.StringVar(&x.Type, "type", "", "disk type (gcp: pd-balanced; azure: standard-ssd)")
				fs.Float64Var(&x.GBMonths, "gb-months", 0, "GB-months stored")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
	)
}

// ms converts a duration flag to milliseconds.
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
