package fleet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/trace"
	"github.com/fulcrum-tools/fulcrum/internal/workload"
)

// Config is one fleet analysis.
type Config struct {
	KeepAlive    []time.Duration
	Seed         uint64
	Workers      int // 0 = GOMAXPROCS
	SkipBadLines bool
	Cost         CostModel
	// MaxExact is the largest minute simulated invocation by invocation (64
	// when 0); busier minutes go in aggregate when every keep-alive ≥ 1 min.
	MaxExact int
	// Progress, when set, hears how much of the invocation files has been
	// read, in thousandths (files count equally; within a file, by bytes
	// when its size is known).
	Progress func(done, total int)
}

// Inputs are an Azure 2019 trace's files, opened through Open.
type Inputs struct {
	Invocations []string // one per day, in day order
	Durations   []string
	Memory      []string
	Open        func(name string) (io.ReadCloser, error)
}

// Function is one function's result.
type Function struct {
	App           string             `json:"app"`
	Function      string             `json:"function"`
	Trigger       string             `json:"trigger"`
	Invocations   int64              `json:"invocations"`
	PerMonth      float64            `json:"invocations_per_month"`
	DurationMS    float64            `json:"duration_ms"`
	MemoryMB      float64            `json:"memory_mb"`
	ColdStartRate map[string]float64 `json:"cold_start_rate"`
	LambdaUSD     decimal.Decimal    `json:"lambda_usd_month"`
	KubeUSD       decimal.Decimal    `json:"kubernetes_usd_month"`
	Placement     string             `json:"placement"`
	Simulation    string             `json:"simulation"`
}

// ColdStarts summarises one keep-alive across the fleet.
type ColdStarts struct {
	KeepAlive string  `json:"keep_alive"`
	Overall   float64 `json:"overall_rate"`
	// P50, P90, P99 are percentiles of the per-function rates.
	P50 float64 `json:"p50_function_rate"`
	P90 float64 `json:"p90_function_rate"`
	P99 float64 `json:"p99_function_rate"`
	// Buckets is the share of functions by cold-start rate.
	Buckets []Bucket `json:"functions_by_rate"`
}

// Bucket is a share of functions whose rate lies in [From, To).
type Bucket struct {
	From  float64 `json:"from"`
	To    float64 `json:"to"`
	Share float64 `json:"share"`
}

// Summary is the fleet-wide result.
type Summary struct {
	Functions         int             `json:"functions"`
	Invocations       int64           `json:"invocations"`
	ShareFunctionsK8s float64         `json:"share_functions_cheaper_on_kubernetes"`
	ShareInvocsK8s    float64         `json:"share_invocations_cheaper_on_kubernetes"`
	AllLambdaUSD      decimal.Decimal `json:"all_lambda_usd_month"`
	AllKubeUSD        decimal.Decimal `json:"all_kubernetes_usd_month"`
	BestUSD           decimal.Decimal `json:"best_placement_usd_month"`
	ColdStarts        []ColdStarts    `json:"cold_starts"`
	ExactMinutes      int64           `json:"minutes_simulated_per_invocation"`
	AggregateMinutes  int64           `json:"minutes_simulated_in_aggregate"`
}

// Report is the whole analysis.
type Report struct {
	Seed        uint64     `json:"seed"`
	Days        int        `json:"days"`
	KeepAlive   []string   `json:"keep_alive"`
	Node        string     `json:"node_type"`
	Utilization float64    `json:"utilization_target"`
	PricesAsOf  string     `json:"prices_as_of"`
	Summary     Summary    `json:"summary"`
	Functions   []Function `json:"functions"`
	Skipped     int        `json:"skipped_lines"`
	Notes       []string   `json:"notes"`
}

type fnState struct {
	seq     uint64
	app, fn string
	trigger string
	warm    *Warm
}

type batch struct {
	file  int
	day   int
	buf   []byte
	ends  []int
	lines []int
}

type lineErr struct {
	file, line int
	err        error
}

// Run analyses the trace. Lines are read by one goroutine and parsed and
// simulated by Workers goroutines, each owning the functions whose key hashes
// to it (so a function's days reach its worker in order and no state is
// shared); the result is sorted by first appearance, so it is the same for
// any number of workers.
func Run(ctx context.Context, cfg Config, in Inputs) (*Report, error) {
	if len(in.Invocations) == 0 {
		return nil, errors.New("no invocations_per_function files")
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ka := make([]float64, len(cfg.KeepAlive))
	for i, k := range cfg.KeepAlive {
		ka[i] = k.Seconds()
	}
	durs, mem, skipped, err := readSide(in, cfg.SkipBadLines)
	if err != nil {
		return nil, err
	}
	maxExact := cfg.MaxExact
	if maxExact == 0 {
		maxExact = 64
	}

	seed := maphash.MakeSeed()
	shards := make([]map[string]*fnState, workers)
	chans := make([]chan *batch, workers)
	free := make(chan *batch, 4*workers)
	var mu sync.Mutex
	var lineErrs []lineErr
	var badCount int
	var wg sync.WaitGroup
	parent := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := range workers {
		shards[w] = map[string]*fnState{}
		chans[w] = make(chan *batch, 2)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var row trace.Azure2019Row
			var scratch [][]byte
			key := make([]byte, 0, 160)
			bad := 0
			for b := range chans[w] {
				start := 0
				for i, end := range b.ends {
					line := b.buf[start:end]
					start = end
					if msg := trace.ParseAzure2019Line(line, &row, &scratch, 0); msg != "" {
						if cfg.SkipBadLines {
							bad++
							continue
						}
						mu.Lock()
						lineErrs = append(lineErrs, lineErr{b.file, b.lines[i], trace.Problem(in.Invocations[b.file], b.lines[i], msg)})
						mu.Unlock()
						cancel()
						continue
					}
					key = append(append(append(key[:0], row.App...), '/'), row.Function...)
					st := shards[w][string(key)]
					if st == nil {
						k := string(key)
						d := durs[k]
						if d == 0 {
							d = workload.DefaultDurationMS
						}
						pcg := rand.NewPCG(cfg.Seed, hashString(k))
						st = &fnState{seq: uint64(b.file)<<32 | uint64(b.lines[i]), app: row.App, fn: row.Function, trigger: row.Trigger}
						st.warm = NewWarm(ka, d/1000, rand.New(pcg))
						st.warm.MaxExact = maxExact
						shards[w][k] = st
					}
					base := float64(b.day) * 86400
					for m, n := range row.Counts {
						if n != 0 {
							st.warm.Minute(base+float64(m)*60, n)
						}
					}
				}
				b.buf, b.ends, b.lines = b.buf[:0], b.ends[:0], b.lines[:0]
				select {
				case free <- b:
				default:
				}
			}
			mu.Lock()
			badCount += bad
			mu.Unlock()
		}(w)
	}

	readErr := dispatch(ctx, in, workers, seed, chans, free, cfg.Progress)
	for _, c := range chans {
		close(c)
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return nil, err // stopped half-way: no report of part of the trace
	}
	if len(lineErrs) > 0 {
		sort.Slice(lineErrs, func(i, j int) bool {
			if lineErrs[i].file != lineErrs[j].file {
				return lineErrs[i].file < lineErrs[j].file
			}
			return lineErrs[i].line < lineErrs[j].line
		})
		return nil, lineErrs[0].err
	}
	if readErr != nil {
		return nil, readErr
	}
	var all []*fnState
	for _, s := range shards {
		for _, st := range s {
			all = append(all, st)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	rep, err := report(cfg, all, durs, mem, len(in.Invocations))
	if err != nil {
		return nil, err
	}
	rep.Skipped = badCount + skipped
	return rep, nil
}

// hashString is a deterministic 64-bit hash (FNV-1a) of a function key, for
// its PCG stream: independent of the process, unlike maphash.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// dispatch reads every day file's lines and sends them, in batches, to the
// worker owning each function.
func dispatch(ctx context.Context, in Inputs, workers int, seed maphash.Seed, chans []chan *batch, free chan *batch, progress func(done, total int)) error {
	const batchBytes = 256 << 10
	files := len(in.Invocations)
	for fi, name := range in.Invocations {
		f, err := in.Open(name)
		if err != nil {
			return fmt.Errorf("open %s: %w", name, err)
		}
		cr := &countingReader{r: f}
		if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
			if info, err := st.Stat(); err == nil {
				cr.size = info.Size()
			}
		}
		if progress != nil {
			cr.report = func(read, size int64) {
				part := 0.0
				if size > 0 {
					part = min(float64(read)/float64(size), 1)
				}
				progress(int((float64(fi)+part)*1000/float64(files)), 1000)
			}
		}
		lr := trace.NewLineReader(name, cr)
		day := trace.DayOf(name)
		pending := make([]*batch, workers)
		get := func() *batch {
			select {
			case b := <-free:
				b.file, b.day = fi, day
				return b
			default:
				return &batch{file: fi, day: day, buf: make([]byte, 0, batchBytes+16<<10)}
			}
		}
		for {
			if ctx.Err() != nil {
				f.Close()
				return nil
			}
			line, err := lr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				f.Close()
				return err
			}
			if lr.Line() == 1 && bytes.HasPrefix(line, []byte("HashOwner")) {
				if !trace.IsAzure2019Header(line) {
					f.Close()
					return trace.Problem(name, 1, "expected the Azure 2019 invocations header HashOwner,HashApp,HashFunction,Trigger,1,…,1440")
				}
				continue
			}
			w := owner(line, seed, workers)
			b := pending[w]
			if b == nil {
				b = get()
				pending[w] = b
			}
			b.buf = append(b.buf, line...)
			b.ends = append(b.ends, len(b.buf))
			b.lines = append(b.lines, lr.Line())
			if len(b.buf) >= batchBytes {
				chans[w] <- b
				pending[w] = nil
			}
		}
		f.Close()
		for w, b := range pending {
			if b != nil {
				chans[w] <- b
			}
		}
	}
	if progress != nil {
		progress(1000, 1000)
	}
	return nil
}

// countingReader reports the bytes read through it, every megabyte.
type countingReader struct {
	r          io.Reader
	read, size int64
	reported   int64
	report     func(read, size int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.read += int64(n)
	if c.report != nil && c.read-c.reported >= 1<<20 {
		c.reported = c.read
		c.report(c.read, c.size)
	}
	return n, err
}

// owner picks the worker of a line from its HashApp and HashFunction fields.
func owner(line []byte, seed maphash.Seed, workers int) int {
	c1 := bytes.IndexByte(line, ',')
	if c1 < 0 {
		return 0
	}
	rest := line[c1+1:]
	c2 := bytes.IndexByte(rest, ',')
	if c2 < 0 {
		return 0
	}
	c3 := bytes.IndexByte(rest[c2+1:], ',')
	if c3 < 0 {
		return 0
	}
	return int(maphash.Bytes(seed, rest[:c2+1+c3]) % uint64(workers))
}

// readSide reads the durations (weighted mean of each day's Average by its
// Count) and memory (per app, the day with most samples) files.
func readSide(in Inputs, skip bool) (map[string]float64, map[string]float64, int, error) {
	sum := map[string]float64{}
	cnt := map[string]float64{}
	skipped := 0
	for _, name := range in.Durations {
		f, err := in.Open(name)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("open %s: %w", name, err)
		}
		day := map[string]trace.Durations{}
		n, err := trace.ReadDurations(name, f, trace.Options{SkipBadLines: skip}, day)
		f.Close()
		if err != nil {
			return nil, nil, 0, err
		}
		skipped += n
		for k, d := range day {
			w := math.Max(d.Count, 1)
			sum[k] += d.Average * w
			cnt[k] += w
		}
	}
	durs := make(map[string]float64, len(sum))
	for k, s := range sum {
		durs[k] = s / cnt[k]
	}
	memRows := map[string]trace.Memory{}
	for _, name := range in.Memory {
		f, err := in.Open(name)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("open %s: %w", name, err)
		}
		n, err := trace.ReadMemory(name, f, trace.Options{SkipBadLines: skip}, memRows)
		f.Close()
		if err != nil {
			return nil, nil, 0, err
		}
		skipped += n
	}
	mem := make(map[string]float64, len(memRows))
	for k, m := range memRows {
		mem[k] = m.AverageMB
	}
	return durs, mem, skipped, nil
}

// MinMemoryMB is the smallest Lambda memory setting (aws.lambda.memory_mb.min).
const MinMemoryMB = 128

func report(cfg Config, all []*fnState, durs, mem map[string]float64, days int) (*Report, error) {
	rep := &Report{Seed: cfg.Seed, Days: days, Node: cfg.Cost.Node.Type, Utilization: cfg.Cost.Utilization,
		PricesAsOf: cfg.Cost.Catalog.AsOf, Functions: make([]Function, 0, len(all))}
	for _, k := range cfg.KeepAlive {
		rep.KeepAlive = append(rep.KeepAlive, fmtKeepAlive(k))
	}
	perApp := map[string]int{}
	for _, st := range all {
		perApp[st.app]++
	}
	scale := cfg.Cost.HoursPerMonth * 3600 / (float64(days) * 86400)
	s := &rep.Summary
	s.AllLambdaUSD, s.AllKubeUSD, s.BestUSD = decimal.Zero, decimal.Zero, decimal.Zero
	rates := make([][]float64, len(cfg.KeepAlive))
	totalCold := make([]int64, len(cfg.KeepAlive))
	var k8sInv int64
	for _, st := range all {
		w := st.warm
		key := st.app + "/" + st.fn
		memMB := float64(workload.DefaultMemoryMB)
		if m, ok := mem[st.app]; ok {
			// Azure measures memory per app; split it equally among the app's
			// functions, as vHive InVitro does, at least Lambda's minimum.
			memMB = math.Max(MinMemoryMB, math.Ceil(m/float64(perApp[st.app])))
		}
		durMS := w.Duration * 1000
		if _, ok := durs[key]; !ok {
			durMS = workload.DefaultDurationMS
		}
		u := Usage{RequestsPerMonth: float64(w.Invocations) * scale, DurationMS: math.Max(durMS, 1), MemoryMB: memMB}
		lam, err := cfg.Cost.Lambda(u)
		if err != nil {
			return nil, fmt.Errorf("function %s: %w", key, err)
		}
		kube := cfg.Cost.Kubernetes(u)
		f := Function{App: st.app, Function: st.fn, Trigger: st.trigger, Invocations: w.Invocations,
			PerMonth: math.Round(u.RequestsPerMonth), DurationMS: round3(durMS), MemoryMB: memMB,
			ColdStartRate: map[string]float64{}, LambdaUSD: lam, KubeUSD: kube, Placement: "serverless"}
		if kube.LessThan(lam) {
			f.Placement = "kubernetes"
			s.ShareFunctionsK8s++
			k8sInv += w.Invocations
			s.BestUSD = s.BestUSD.Add(kube)
		} else {
			s.BestUSD = s.BestUSD.Add(lam)
		}
		switch {
		case w.AggMins == 0:
			f.Simulation = "per-invocation"
		case w.ExactMins == 0:
			f.Simulation = "aggregate"
		default:
			f.Simulation = "mixed"
		}
		for i, c := range w.Cold {
			r := 0.0
			if w.Invocations > 0 {
				r = float64(c) / float64(w.Invocations)
			}
			f.ColdStartRate[rep.KeepAlive[i]] = round6(r)
			rates[i] = append(rates[i], r)
			totalCold[i] += c
		}
		s.AllLambdaUSD = s.AllLambdaUSD.Add(lam)
		s.AllKubeUSD = s.AllKubeUSD.Add(kube)
		s.Invocations += w.Invocations
		s.ExactMinutes += w.ExactMins
		s.AggregateMinutes += w.AggMins
		rep.Functions = append(rep.Functions, f)
	}
	s.Functions = len(all)
	if s.Functions > 0 {
		s.ShareFunctionsK8s = round6(s.ShareFunctionsK8s / float64(s.Functions))
	}
	if s.Invocations > 0 {
		s.ShareInvocsK8s = round6(float64(k8sInv) / float64(s.Invocations))
	}
	edges := []float64{0, 0.001, 0.01, 0.1, 0.5, 1.000001}
	for i := range cfg.KeepAlive {
		cs := ColdStarts{KeepAlive: rep.KeepAlive[i]}
		if s.Invocations > 0 {
			cs.Overall = round6(float64(totalCold[i]) / float64(s.Invocations))
		}
		r := rates[i]
		sort.Float64s(r)
		cs.P50, cs.P90, cs.P99 = round6(quantile(r, 0.5)), round6(quantile(r, 0.9)), round6(quantile(r, 0.99))
		for e := 0; e+1 < len(edges); e++ {
			n := 0
			for _, x := range r {
				if x >= edges[e] && x < edges[e+1] {
					n++
				}
			}
			share := 0.0
			if len(r) > 0 {
				share = round6(float64(n) / float64(len(r)))
			}
			cs.Buckets = append(cs.Buckets, Bucket{From: edges[e], To: math.Min(edges[e+1], 1), Share: share})
		}
		s.ColdStarts = append(s.ColdStarts, cs)
	}
	rep.Notes = []string{
		fmt.Sprintf("the %d-day trace is scaled to a %g-hour month", days, cfg.Cost.HoursPerMonth),
		"Lambda: x86, no free tier, no INIT billing for cold starts (init times are not in the trace)",
		fmt.Sprintf("Kubernetes: share of an on-demand %s node; the cluster fee and system pods are fleet costs and left out", cfg.Cost.Node.Type),
	}
	return rep, nil
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func fmtKeepAlive(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	if s == "" || strings.HasSuffix(s, ".") {
		return d.String()
	}
	return s
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }
