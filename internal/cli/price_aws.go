package cli

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// AWS offerings of 'fulcrum price'. Each binds flags to one pricing input
// struct; the struct's Bill validates the usage (exit 2 on bad values).
func init() {
	priceOfferings = append(priceOfferings,
		priceOffering{
			Name:  "aws-lambda",
			Short: "AWS Lambda: requests, tiered duration, Provisioned Concurrency, ephemeral storage",
			Example: `  fulcrum price aws-lambda --requests 3000000 --duration 120ms --memory-mb 1536 --free-tier
  fulcrum price aws-lambda --requests 2000000 --duration 280ms --memory-mb 4096 \
      --provisioned-concurrency 7 --provisioned-hours 24 --provisioned-share 1`,
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				var x pricing.Lambda
				var dur, pcDur time.Duration
				countVar(fs, &x.Requests, "requests", 0, "invocations per month")
				fs.DurationVar(&dur, "duration", 0, "mean duration per invocation (e.g. 120ms; billed rounded up to 1 ms)")
				fs.Float64Var(&x.MemoryMB, "memory-mb", 128, "configured memory, 128-10240 MB")
				fs.StringVar(&x.Arch, "arch", pricing.ArchX86, "architecture: x86_64 or arm64")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the free 1M requests and 400,000 GB-s")
				fs.Float64Var(&x.EphemeralStorageMB, "ephemeral-storage-mb", 512, "configured /tmp, 512-10240 MB (above 512 MB is billed)")
				countVar(fs, &x.InitGBSeconds, "init-gb-seconds", 0, "billed INIT (cold start) GB-seconds per month")
				fs.Float64Var(&x.ProvisionedConcurrency, "provisioned-concurrency", 0, "Provisioned Concurrency instances configured")
				fs.Float64Var(&x.ProvisionedHours, "provisioned-hours", 0, "hours per month Provisioned Concurrency is enabled")
				fs.Float64Var(&x.ProvisionedRequestShare, "provisioned-share", 0, "share (0-1) of requests served by Provisioned Concurrency")
				fs.DurationVar(&pcDur, "provisioned-duration", 0, "mean duration of requests on Provisioned Concurrency (default --duration)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					x.DurationMS = float64(dur) / float64(time.Millisecond)
					x.ProvisionedDurationMS = float64(pcDur) / float64(time.Millisecond)
					return x.Bill(c)
				}
			},
		},
		apiGatewayOffering(false), apiGatewayOffering(true),
		priceOffering{
			Name:    "alb",
			Short:   "Application Load Balancer: ALB-hours and LCU-hours",
			Example: "  fulcrum price alb --hours 730 --processed-gb-per-hour 1.08\n  fulcrum price alb --count 2 --lcus 3.5",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.ALB{}
				var newConn, active, gb, rules float64
				fs.Float64Var(&x.Count, "count", 1, "load balancers")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "hours each runs (a partial hour bills as a full hour)")
				fs.Float64Var(&x.LCUs, "lcus", 0, "average LCUs per hour per ALB (overrides the four dimension flags)")
				fs.Float64Var(&newConn, "new-conn-per-sec", 0, "new connections per second (25 per LCU)")
				fs.Float64Var(&active, "active-conn-per-min", 0, "active connections per minute (3,000 per LCU)")
				fs.Float64Var(&gb, "processed-gb-per-hour", 0, "processed GB per hour (1 per LCU for EC2/IP targets)")
				fs.Float64Var(&rules, "rule-evals-per-sec", 0, "rule evaluations per second beyond the 10 free rules (1,000 per LCU)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) {
					if !fs.Changed("lcus") {
						x.LCUs = pricing.ALBLCUs(newConn, active, gb, rules)
					}
					return x.Bill(c)
				}
			},
		},
		priceOffering{
			Name:    "nat-gateway",
			Short:   "NAT gateway: gateway-hours and GB processed",
			Example: "  fulcrum price nat-gateway --count 3 --gb 2048",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.NATGateway{}
				fs.Float64Var(&x.Count, "count", 1, "NAT gateways (one per AZ for high availability)")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "hours each runs")
				fs.Float64Var(&x.GBProcessed, "gb", 0, "GB processed in total, either direction")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "public-ipv4",
			Short:   "Public IPv4 addresses (in use or idle)",
			Example: "  fulcrum price public-ipv4 --addresses 3",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.PublicIPv4{}
				fs.Float64Var(&x.Addresses, "addresses", 1, "public IPv4 addresses")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "hours each is held")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "data-transfer-out",
			Short:   "Data transfer out to the internet (first 100 GB free, then tiers)",
			Example: "  fulcrum price data-transfer-out --gb 5000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.DataTransferOut{}
				fs.Float64Var(&x.GB, "gb", 0, "GB per month to the internet")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "eks",
			Short:   "EKS control plane: cluster-hours (standard or extended support)",
			Example: "  fulcrum price eks --hours 730\n  fulcrum price eks --clusters 2 --extended-support",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.EKS{}
				fs.Float64Var(&x.Clusters, "clusters", 1, "clusters")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "hours each runs")
				fs.BoolVar(&x.ExtendedSupport, "extended-support", false, "the Kubernetes version is in extended support")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "ec2",
			Short:   "EC2 on-demand Linux instances",
			Example: "  fulcrum price ec2 --instance-type t3.medium --count 3 --hours 730",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.EC2{}
				fs.StringVar(&x.InstanceType, "instance-type", "", "instance type, e.g. t3.medium (see 'fulcrum prices --provider aws')")
				fs.Float64Var(&x.Count, "count", 1, "instances")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "hours each runs")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "ebs",
			Short:   "EBS gp3 storage",
			Example: "  fulcrum price ebs --gb-months 300",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.EBS{}
				fs.Float64Var(&x.GBMonths, "gb-months", 0, "provisioned GB × months")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "fargate",
			Short:   "AWS Fargate (Linux): vCPU-hours, GB-hours, ephemeral storage",
			Example: "  fulcrum price fargate --vcpu 1 --memory-gb 2 --hours 730\n  fulcrum price fargate --vcpu 0.5 --memory-gb 1 --tasks 4 --arch arm64",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.Fargate{}
				fs.Float64Var(&x.VCPU, "vcpu", 0.25, "vCPU per task")
				fs.Float64Var(&x.MemoryGB, "memory-gb", 0.5, "memory per task, GB")
				fs.Float64Var(&x.Hours, "hours", workload.DefaultHoursPerMonth, "billed hours per task")
				fs.Float64Var(&x.Tasks, "tasks", 1, "tasks")
				fs.StringVar(&x.Arch, "arch", pricing.ArchX86, "architecture: x86_64 or arm64")
				fs.Float64Var(&x.EphemeralStorageGB, "ephemeral-storage-gb", 20, "ephemeral storage per task, GB (20 included)")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "dynamodb",
			Short:   "DynamoDB on-demand: read and write request units, storage",
			Example: "  fulcrum price dynamodb --reads 100000000 --writes 10000000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.DynamoDB{}
				countVar(fs, &x.ReadRequestUnits, "reads", 0, "read request units per month")
				countVar(fs, &x.WriteRequestUnits, "writes", 0, "write request units per month")
				fs.Float64Var(&x.StorageGB, "storage-gb", 0, "average table storage, GB")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the free 25 GB of storage")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "s3",
			Short:   "S3 Standard: GET and PUT requests, storage",
			Example: "  fulcrum price s3 --gets 1000000 --puts 1000000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.S3{}
				countVar(fs, &x.Gets, "gets", 0, "GET-class requests per month")
				countVar(fs, &x.Puts, "puts", 0, "PUT/COPY/POST/LIST requests per month")
				fs.Float64Var(&x.StorageGB, "storage-gb", 0, "average storage, GB")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "sqs",
			Short:   "SQS requests (standard tiers or FIFO)",
			Example: "  fulcrum price sqs --requests 1000000",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.SQS{}
				countVar(fs, &x.Requests, "requests", 0, "requests per month (each 64 KB chunk counts as one)")
				fs.BoolVar(&x.FIFO, "fifo", false, "FIFO queue")
				fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the free 1M requests")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
		priceOffering{
			Name:    "cloudwatch-logs",
			Short:   "CloudWatch Logs: ingestion and storage",
			Example: "  fulcrum price cloudwatch-logs --ingest-gb 50 --storage-gb 200",
			Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
				x := pricing.CloudWatchLogs{}
				fs.Float64Var(&x.IngestGB, "ingest-gb", 0, "GB ingested per month")
				fs.Float64Var(&x.StorageGB, "storage-gb", 0, "average GB stored")
				return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
			},
		},
	)
}

func apiGatewayOffering(rest bool) priceOffering {
	name, short := "api-gateway-http", "API Gateway HTTP API requests (tiered)"
	if rest {
		name, short = "api-gateway-rest", "API Gateway REST API requests (tiered)"
	}
	return priceOffering{
		Name:    name,
		Short:   short,
		Example: "  fulcrum price " + name + " --requests 432000000",
		Flags: func(fs *pflag.FlagSet) func(*catalog.Catalog) (*pricing.Bill, error) {
			x := pricing.APIGateway{REST: rest}
			countVar(fs, &x.Requests, "requests", 0, "API calls per month")
			fs.BoolVar(&x.FreeTier, "free-tier", false, "subtract the 1M free calls (first 12 months)")
			return func(c *catalog.Catalog) (*pricing.Bill, error) { return x.Bill(c) }
		},
	}
}
