package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/spf13/cobra"
	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	"github.com/fulcrum-tools/fulcrum/internal/catalog"
	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/platform"
	"github.com/fulcrum-tools/fulcrum/internal/pricing"
	"github.com/fulcrum-tools/fulcrum/internal/report"
	"github.com/fulcrum-tools/fulcrum/internal/sim/serverless"
	"github.com/fulcrum-tools/fulcrum/internal/traffic"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

func init() { simulateCommands = append(simulateCommands, newSimulateServerlessCmd) }

// progressMinRequests is the expected request count above which a terminal
// shows a progress bar (about a tenth of a second of simulation).
const progressMinRequests = 2e6

type serverlessFlags struct {
	rate                            float64
	shape                           string
	peakToMean                      float64
	warm, cold, warmP99, coldP99    string
	dist                            string
	initDur, keepAlive, horizon     string
	queueTimeout                    string
	schedule                        string
	seed                            uint64
	maxInstances, conc, provisioned int
	overflow                        string
	platform, runtime               string
	memoryMB                        float64
	pricesFile, out                 string
	cat                             *catalog.Catalog // loaded for --platform
}

// serverlessOutput is the JSON document: the result's fields at the top
// level, then the configuration that produced them.
type serverlessOutput struct {
	serverless.Result
	Traffic string             `json:"traffic"`
	Config  serverless.Config  `json:"config"`
	Preset  *serverless.Preset `json:"preset,omitempty"`
	// CostUSD is what the simulated requests and billed GB-seconds cost at
	// the catalog's on-demand prices (platforms billed that way only).
	CostUSD *decimal.Decimal `json:"cost_usd,omitempty"`
	// CostNote says what CostUSD covers, or why there is none.
	CostNote string `json:"cost_note,omitempty"`
}

// simulatedCost prices the simulated usage where the platform bills
// requests and GB-seconds (AWS Lambda, Azure Functions' Consumption plan):
// the mean billed duration comes from the simulated GB-seconds.
func simulatedCost(cat *catalog.Catalog, o *serverlessOutput) {
	if o.Preset == nil || cat == nil {
		o.CostNote = "not priced: give --platform to price the simulated usage"
		return
	}
	r := o.Result
	mem := o.Preset.MemoryMB
	if r.Served == 0 || mem <= 0 || r.BilledProvisionedGBSeconds > 0 || o.Config.Provisioned > 0 || len(o.Config.ProvisionedSchedule) > 0 {
		o.CostNote = "not priced: use 'fulcrum price " + o.Preset.Platform + "' with these figures"
		return
	}
	durMS := r.BilledGBSeconds / (float64(r.Served) * mem / 1024) * 1000
	var b *pricing.Bill
	var err error
	switch o.Preset.Platform {
	case workload.PlatformLambda:
		b, err = pricing.Lambda{Requests: float64(r.Served), DurationMS: durMS, MemoryMB: mem}.Bill(cat)
	case workload.PlatformAzureFunc:
		b, err = pricing.AzureFunctions{Plan: "consumption", Executions: float64(r.Served), DurationMS: durMS, MemoryMB: mem}.Bill(cat)
	default:
		o.CostNote = "not priced: " + platform.Name(o.Preset.Platform) + " does not bill by GB-second alone; use 'fulcrum price " + o.Preset.Platform + "' with these figures"
		return
	}
	if err != nil {
		o.CostNote = "not priced: " + err.Error()
		return
	}
	o.CostUSD = &b.Total
	o.CostNote = fmt.Sprintf("%s requests and %s billed GB-s over the %s simulated, at on-demand prices without free tier (prices as of %s)",
		report.Thousands(r.Served), report.Qty(decimal.NewFromFloat(r.BilledGBSeconds).Round(1)), report.Seconds(o.Config.Horizon), cat.AsOf)
}

func newSimulateServerlessCmd(st *State) *cobra.Command {
	var f serverlessFlags
	c := &cobra.Command{
		Use:   "serverless [flags]",
		Short: "Simulate cold starts, instances, throttling and latency on a function platform",
		Long: `Simulates requests arriving at a function platform, request by request:
warm and cold starts, keep-alive, instance caps and scaling limits,
provisioned concurrency, and the latency percentiles and billed GB-seconds
that follow. With --platform, keep-alive, init time, concurrency and limits
come from the catalog; any flag given overrides them.`,
		Example: `  fulcrum simulate serverless --arrival-rate 0.9 --warm-service 1.991s --cold-service 2.244s \
      --service-dist exponential --keep-alive 10m --horizon 1000000s --seed 1
  fulcrum simulate serverless --platform aws-lambda --runtime python --memory-mb 1024 \
      --arrival-rate 50 --warm-service 120ms --horizon 24h --provisioned 5 -o json`,
		Args: usageArgs(cobra.NoArgs),
	}
	fl := c.Flags()
	fl.Float64Var(&f.rate, "arrival-rate", 0, "mean arrival rate, requests per second (required)")
	fl.StringVar(&f.shape, "shape", "constant", "traffic shape: constant or diurnal")
	fl.Float64Var(&f.peakToMean, "peak-to-mean", 2, "diurnal peak rate as a multiple of the mean")
	fl.StringVar(&f.warm, "warm-service", "", "mean service time of a warm request, e.g. 120ms (required)")
	fl.StringVar(&f.cold, "cold-service", "", "mean service time of a cold request, init included (default: warm + --init)")
	fl.StringVar(&f.warmP99, "warm-p99", "", "p99 of the warm service time (lognormal only)")
	fl.StringVar(&f.coldP99, "cold-p99", "", "p99 of the cold service time (lognormal only)")
	fl.StringVar(&f.dist, "service-dist", "exponential", "service-time distribution: constant, exponential or lognormal")
	fl.StringVar(&f.initDur, "init", "", "initialisation time inside a cold request (default: the platform's, else 0)")
	fl.StringVar(&f.keepAlive, "keep-alive", "", "idle time after which an instance is reclaimed, e.g. 10m (default: the platform's)")
	fl.StringVar(&f.horizon, "horizon", "24h", "simulated time during which requests arrive")
	fl.Uint64Var(&f.seed, "seed", 1, "random seed (reported in the output)")
	fl.IntVar(&f.maxInstances, "max-instances", 0, "cap on concurrent instances, 0 = none (default: the platform's)")
	fl.StringVar(&f.overflow, "overflow", "", "at the cap: reject or queue (default: the platform's, else reject)")
	fl.StringVar(&f.queueTimeout, "queue-timeout", "", "with --overflow queue, reject requests that waited longer (default: the platform's, else none)")
	fl.IntVar(&f.conc, "concurrency-per-instance", 1, "requests one instance serves at once (default: the platform's)")
	fl.IntVar(&f.provisioned, "provisioned", 0, "instances kept warm at all times (provisioned concurrency, minimum instances)")
	fl.StringVar(&f.schedule, "provisioned-schedule", "", "daily provisioned schedule in UTC, e.g. 00:00=2,08:00=10,20:00=2 (instead of --provisioned)")
	fl.StringVar(&f.platform, "platform", "", "platform preset: "+strings.Join(serverless.Platforms(), ", "))
	fl.StringVar(&f.runtime, "runtime", "nodejs", "runtime, for the platform's init time")
	fl.Float64Var(&f.memoryMB, "memory-mb", 512, "memory per instance, MB (for GB-seconds)")
	fl.StringVar(&f.pricesFile, "prices", "", "YAML file overriding catalog entries (any subset of ids)")
	fl.StringVarP(&f.out, "output", "o", "table", "output format: table or json")
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		if err := outputFormat(f.out, "table", "json"); err != nil {
			return err
		}
		cfg, tr, preset, err := f.config(st, cmd)
		if err != nil {
			return err
		}
		var p *mpb.Progress
		var bar *mpb.Bar
		if st.IsTerminal && tr.Rate*cfg.Horizon > progressMinRequests {
			// State.IsTerminal has decided; mpb would otherwise probe the writer.
			p = mpb.New(mpb.WithOutput(st.Stdout), mpb.WithWidth(60), mpb.WithAutoRefresh())
			bar = p.AddBar(1000, mpb.PrependDecorators(decor.Name("simulating ")), mpb.AppendDecorators(decor.Percentage()))
			cfg.Progress = func(done float64) { bar.SetCurrent(int64(done * 1000)) }
		}
		res, err := serverless.Simulate(cfg, tr, f.seed)
		if p != nil {
			if err != nil {
				bar.Abort(true) // never leave Wait waiting on an unfinished bar
			}
			p.Wait()
		}
		if err != nil {
			return err
		}
		cfg.Progress = nil
		o := serverlessOutput{Result: res, Traffic: describeTraffic(tr), Config: cfg, Preset: preset}
		simulatedCost(f.cat, &o)
		if f.out == "json" {
			enc := json.NewEncoder(st.Stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(o)
		}
		_, err = fmt.Fprint(st.Stdout, renderServerless(o))
		return err
	}
	return c
}

// parseSchedule reads "HH:MM=N,HH:MM=N,…" (times of day UTC, increasing).
func parseSchedule(v string) ([]serverless.Step, error) {
	var steps []serverless.Step
	for _, part := range strings.Split(v, ",") {
		at, n, ok := strings.Cut(strings.TrimSpace(part), "=")
		hh, mm, ok2 := strings.Cut(at, ":")
		h, errH := strconv.Atoi(hh)
		m, errM := strconv.Atoi(mm)
		c, errC := strconv.Atoi(n)
		if !ok || !ok2 || errH != nil || errM != nil || errC != nil || h < 0 || h > 23 || m < 0 || m > 59 || c < 0 {
			return nil, fmt.Errorf("%q is not a step (write HH:MM=COUNT, e.g. 08:00=10)", part)
		}
		from := float64(h*3600 + m*60)
		if len(steps) > 0 && from <= steps[len(steps)-1].From {
			return nil, fmt.Errorf("%q: steps must be in increasing time of day", part)
		}
		steps = append(steps, serverless.Step{From: from, Count: c})
	}
	return steps, nil
}

func describeTraffic(tr serverless.Traffic) string {
	s := "constant"
	if tr.Shape != nil {
		s = tr.Shape.String()
	}
	return fmt.Sprintf("Poisson, mean %g req/s, %s", tr.Rate, s)
}

// config turns the flags into a simulation configuration, reporting every
// problem at once.
func (f *serverlessFlags) config(st *State, cmd *cobra.Command) (serverless.Config, serverless.Traffic, *serverless.Preset, error) {
	var ps errs.Problems
	bad := func(flag, format string, a ...any) {
		ps = append(ps, errs.Problem{Field: "--" + flag, Message: fmt.Sprintf(format, a...)})
	}
	set := cmd.Flags().Changed
	dur := func(flag, v string, required bool) float64 {
		if v == "" {
			if required {
				bad(flag, "required: a duration such as 250ms, 2s or 10m")
			}
			return 0
		}
		d, err := time.ParseDuration(v)
		if err != nil {
			if _, numErr := strconv.ParseFloat(v, 64); numErr == nil {
				bad(flag, "%q has no unit: write a duration such as %ss or %sms", v, v, v)
			} else {
				bad(flag, "%q is not a duration (write e.g. 250ms, 2s, 10m or 1h30m)", v)
			}
			return 0
		}
		if d <= 0 {
			bad(flag, "%s must be a positive duration", v)
			return 0
		}
		// 12 significant digits: 2.244s reads back as 2.244, not 2.2439999999999998.
		secs, _ := strconv.ParseFloat(strconv.FormatFloat(d.Seconds(), 'g', 12, 64), 64)
		return secs
	}

	var preset *serverless.Preset
	if f.platform != "" {
		cat, err := loadCatalog(st, f.pricesFile)
		if err != nil {
			return serverless.Config{}, serverless.Traffic{}, nil, err
		}
		f.cat = cat
		if f.memoryMB > 0 {
			p, err := serverless.LoadPreset(cat, f.platform, f.runtime, f.memoryMB)
			if err != nil {
				bad("platform", "%s", err.Error())
			} else {
				preset = &p
			}
		}
	}
	if !(f.rate > 0) || math.IsInf(f.rate, 0) {
		if set("arrival-rate") {
			bad("arrival-rate", "%g must be a positive number of requests per second", f.rate)
		} else {
			bad("arrival-rate", "required: mean requests per second, e.g. 0.9")
		}
	}
	if !(f.memoryMB > 0) || math.IsInf(f.memoryMB, 0) {
		bad("memory-mb", "%g must be a positive number of MB", f.memoryMB)
	}
	kinds := map[string]serverless.DistKind{"constant": serverless.Constant, "exponential": serverless.Exponential, "lognormal": serverless.Lognormal}
	kind, ok := kinds[f.dist]
	if !ok {
		bad("service-dist", "%q is not a distribution (valid: constant, exponential, lognormal)", f.dist)
	}
	warm := serverless.Dist{Kind: kind, Mean: dur("warm-service", f.warm, true)}
	var cold serverless.Dist
	if f.cold != "" {
		cold = serverless.Dist{Kind: kind, Mean: dur("cold-service", f.cold, true)}
	}
	if kind == serverless.Lognormal {
		warm.P99 = dur("warm-p99", f.warmP99, true)
		if f.cold != "" {
			cold.P99 = dur("cold-p99", f.coldP99, true)
		}
	} else {
		if f.warmP99 != "" {
			bad("warm-p99", "only applies to --service-dist lognormal")
		}
		if f.coldP99 != "" {
			bad("cold-p99", "only applies to --service-dist lognormal")
		}
	}

	cfg := serverless.Config{ConcurrencyPerInstance: 1, Overflow: serverless.Reject, Billing: serverless.PerRequest, MemoryMB: f.memoryMB}
	if preset != nil {
		cfg = preset.Config(warm)
	}
	cfg.WarmService, cfg.ColdService = warm, cold
	if set("init") || f.initDur != "" {
		cfg.Init = dur("init", f.initDur, true)
	}
	if f.keepAlive != "" {
		cfg.KeepAlive = dur("keep-alive", f.keepAlive, true)
	} else if preset == nil {
		bad("keep-alive", "required without --platform: a duration such as 10m")
	}
	cfg.Horizon = dur("horizon", f.horizon, true)
	if set("max-instances") || preset == nil {
		if f.maxInstances < 0 {
			bad("max-instances", "%d must be ≥ 0 (0 means no cap)", f.maxInstances)
		}
		cfg.MaxInstances = f.maxInstances
	}
	if set("concurrency-per-instance") || preset == nil {
		if f.conc < 1 {
			bad("concurrency-per-instance", "%d must be at least 1", f.conc)
		}
		cfg.ConcurrencyPerInstance = f.conc
	}
	if f.overflow != "" {
		switch serverless.Overflow(f.overflow) {
		case serverless.Reject, serverless.Queue:
			cfg.Overflow = serverless.Overflow(f.overflow)
		default:
			bad("overflow", "%q is not a policy (valid: reject, queue)", f.overflow)
		}
	}
	if f.queueTimeout != "" {
		cfg.QueueTimeout = dur("queue-timeout", f.queueTimeout, true)
	}
	if f.provisioned < 0 {
		bad("provisioned", "%d must be ≥ 0", f.provisioned)
	}
	cfg.Provisioned = f.provisioned
	if f.schedule != "" {
		steps, err := parseSchedule(f.schedule)
		if err != nil {
			bad("provisioned-schedule", "%s", err.Error())
		}
		if f.provisioned != 0 {
			bad("provisioned-schedule", "give --provisioned or --provisioned-schedule, not both")
		}
		for _, st := range steps {
			if cfg.MaxInstances > 0 && st.Count > cfg.MaxInstances {
				bad("provisioned-schedule", "%d instances is above the instance cap of %d", st.Count, cfg.MaxInstances)
			}
		}
		cfg.ProvisionedSchedule = steps
	}
	if cfg.MaxInstances > 0 && f.provisioned > cfg.MaxInstances {
		bad("provisioned", "%d is above the instance cap of %d (provisioned instances count against --max-instances)", f.provisioned, cfg.MaxInstances)
	}
	var shape traffic.Shape
	switch f.shape {
	case "constant":
	case "diurnal":
		if f.peakToMean < 1 || f.peakToMean > 1000 {
			bad("peak-to-mean", "%g is out of range (valid: 1 to 1000)", f.peakToMean)
		}
		shape = traffic.NewDiurnal(f.peakToMean, 0)
	default:
		bad("shape", "%q is not a shape (valid: constant, diurnal)", f.shape)
	}
	if err := ps.Err(); err != nil {
		return serverless.Config{}, serverless.Traffic{}, nil, err
	}
	if err := cfg.Validate(); err != nil {
		return serverless.Config{}, serverless.Traffic{}, nil, flagNames(err)
	}
	return cfg, serverless.Traffic{Rate: f.rate, Shape: shape}, preset, nil
}

// flagNames prefixes the simulator's field names with "--" so they read as
// the flags the user typed.
func flagNames(err error) error {
	var ps errs.Problems
	if !errors.As(err, &ps) {
		return err
	}
	out := make(errs.Problems, len(ps))
	for i, p := range ps {
		p.Field = "--" + p.Field
		out[i] = p
	}
	return out.Err()
}

func renderServerless(o serverlessOutput) string {
	r := o.Result
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	n := func(x int64) string { return report.Thousands(x) }
	q := func(x float64) string { return report.Qty(decimal.NewFromFloat(x).Round(1)) }
	ms := func(x float64) string {
		if x > 0 && x < 10 {
			return strconv.FormatFloat(x, 'g', 3, 64) + " ms"
		}
		return report.Millis(x)
	}
	pct := func(x float64) string { return strconv.FormatFloat(100*x, 'f', 3, 64) + " %" }
	t := report.Table{Header: []string{"metric", "value"}, Right: map[int]bool{1: true}}
	add := func(k, v string) { t.Rows = append(t.Rows, []string{k, v}) }
	add("requests", n(r.Requests))
	add("cold starts", n(r.ColdStarts))
	add("cold-start probability", pct(r.ColdStartProbability))
	add("rejected", n(r.Rejected))
	add("rejection probability", pct(r.RejectionProbability))
	if r.Queued > 0 {
		add("queued", n(r.Queued))
	}
	add("mean instances", f(r.MeanInstances))
	add("  running", f(r.MeanRunningInstances))
	add("  idle", f(r.MeanIdleInstances))
	add("max instances", report.Thousands(int64(r.MaxInstances)))
	add("max concurrency", report.Thousands(int64(r.MaxConcurrency)))
	add("utilisation", pct(r.Utilization))
	add("latency p50", ms(r.Latency.P50))
	add("latency p95", ms(r.Latency.P95))
	add("latency p99", ms(r.Latency.P99))
	add("latency p99.9", ms(r.Latency.P999))
	add("billed GB-s", q(r.BilledGBSeconds))
	if o.Config.Provisioned > 0 || len(o.Config.ProvisionedSchedule) > 0 {
		add("  on provisioned instances", q(r.BilledProvisionedGBSeconds))
		add("provisioned GB-s", q(r.ProvisionedGBSeconds))
	}
	if o.CostUSD != nil {
		add("cost", report.USD(*o.CostUSD))
	} else {
		add("cost", "-")
	}
	add("seed", strconv.FormatUint(r.Seed, 10))
	var b strings.Builder
	fmt.Fprintf(&b, "traffic: %s over %s\n", o.Traffic, report.Seconds(o.Config.Horizon))
	if o.Preset != nil {
		fmt.Fprintf(&b, "platform: %s (%s, %g MB): init %s, keep-alive %s, %s per instance\n",
			o.Preset.Platform, o.Preset.Runtime, o.Preset.MemoryMB, report.Seconds(o.Config.Init), report.Seconds(o.Config.KeepAlive), report.Plural(float64(o.Config.ConcurrencyPerInstance), "request", "requests"))
	}
	b.WriteString(t.Fit(report.Width))
	if o.CostNote != "" {
		b.WriteString(report.Paragraph(o.CostNote, report.Width, "cost: "))
	}
	return b.String()
}
