package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
	"github.com/fulcrum-tools/fulcrum/internal/trace"
)

func init() { commands = append(commands, newTraceCmd) }

func newTraceCmd(st *State) *cobra.Command {
	c := &cobra.Command{
		Use:   "trace",
		Short: "Summarise a recorded request trace, or write a synthetic one",
		Args:  usageArgs(cobra.NoArgs),
	}
	c.AddCommand(newTraceStatsCmd(st), newTraceSynthCmd(st))
	return c
}

func newTraceStatsCmd(st *State) *cobra.Command {
	var format, out, function string
	var skipBad bool
	var scale float64
	c := &cobra.Command{
		Use:   "stats FILE",
		Short: "Requests, rates, peak-to-mean, idle minutes, inter-arrival times and the closest built-in shape",
		Long: `Reads a trace in one streaming pass and reports its requests, span, mean and
peak rates (per second and per minute), peak-to-mean, share of idle minutes,
inter-arrival percentiles, service times where the format records them, and
which built-in traffic shape it resembles, with the spec parameters that
reproduce it.

FILE may be an Azure Functions 2019 directory: every
invocations_per_function_md.anon.dNN.csv in it is read, day by day.

Formats (detected from the file when --format is left out):
` + trace.FormatList(),
		Example: `  fulcrum trace stats access.log
  fulcrum trace stats requests.csv --format csv -o json
  fulcrum trace stats azure2019/ --function APP/FUNCTION`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outputFormat(out, "table", "json"); err != nil {
				return err
			}
			if format != "" && !contains(trace.Formats, format) {
				return errs.Errorf(errs.Usage, "unknown trace format %q (valid: %s)", format, strings.Join(trace.Formats, ", "))
			}
			if scale < 0 || math.IsNaN(scale) {
				return errs.Errorf(errs.Usage, "--scale %g is negative (valid: above 0; 2 doubles every count)", scale)
			}
			opt := trace.Options{SkipBadLines: skipBad, Scale: scale}
			r, closeAll, err := openTrace(st, args[0], format, opt)
			if err != nil {
				return err
			}
			defer closeAll()
			sum, err := trace.Summarize(r, function)
			if err != nil {
				return classifyTraceErr(err)
			}
			if err := azureDurations(st, args[0], function, opt, &sum); err != nil {
				return classifyTraceErr(err)
			}
			if function != "" && sum.Requests == 0 {
				return errs.Errorf(errs.NotFound, "%s has no requests for function %q (functions are named app/function)", args[0], function)
			}
			if out == "json" {
				enc := json.NewEncoder(st.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(struct {
					File string `json:"file"`
					trace.Summary
				}{path.Base(args[0]), sum})
			}
			_, err = io.WriteString(st.Stdout, renderStats(path.Base(args[0]), sum))
			return err
		},
	}
	c.Flags().StringVar(&format, "format", "", "trace format (default: detect); one of "+strings.Join(trace.Formats, ", "))
	c.Flags().StringVarP(&out, "output", "o", "table", "output format: table or json")
	c.Flags().BoolVar(&skipBad, "skip-bad-lines", false, "skip malformed lines and count them instead of failing")
	c.Flags().StringVar(&function, "function", "", "only this function of a multi-function trace (app/function)")
	c.Flags().Float64Var(&scale, "scale", 1, "multiply every count (what-if: 2 doubles the traffic)")
	return c
}

// classifyTraceErr keeps a positioned problem as it is and marks anything
// else from reading a user's file as invalid input.
func classifyTraceErr(err error) error {
	if trace.IsProblem(err) || errs.KindOf(err) != errs.Internal {
		return err
	}
	return errs.E(errs.Invalid, err)
}

// openTrace opens a trace file, or every Azure 2019 day file of a directory
// read one after another.
func openTrace(st *State, name, format string, opt trace.Options) (trace.Reader, func(), error) {
	if days, err := azureDays(st, name); err == nil && len(days) > 0 {
		if format != "" && format != "azure2019" {
			return nil, nil, errs.Errorf(errs.Usage, "%s is a directory of Azure 2019 files; --format %s does not apply", name, format)
		}
		m := &multiReader{st: st, files: days, opt: opt}
		return m, m.close, nil
	}
	f, err := st.Open(name)
	if err != nil {
		return nil, nil, openErr(name, err)
	}
	r, err := trace.Open(format, name, f, opt)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return r, func() { f.Close() }, nil
}

func openErr(name string, err error) error {
	var pe *fs.PathError
	if !errors.As(err, &pe) {
		err = fmt.Errorf("open %s: %w", name, err)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return errs.E(errs.NotFound, err)
	}
	return errs.E(errs.Invalid, err)
}

// azureDays lists dir's invocations_per_function_md.anon.dNN.csv files by day.
func azureDays(st *State, dir string) ([]string, error) {
	if st.ReadDir == nil {
		return nil, errors.New("no directory listing")
	}
	names, err := st.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var days []string
	for _, n := range names {
		if strings.HasPrefix(n, "invocations_per_function") && strings.HasSuffix(n, ".csv") {
			days = append(days, path.Join(dir, n))
		}
	}
	sort.Slice(days, func(i, j int) bool { return trace.DayOf(days[i]) < trace.DayOf(days[j]) })
	return days, nil
}

// azureDurations fills an Azure 2019 directory's service time from its
// function_durations_percentiles files: the Count-weighted mean of the
// functions' daily Average (of one function with --function). It does
// nothing for other traces.
func azureDurations(st *State, name, function string, opt trace.Options, sum *trace.Summary) error {
	names, err := st.ReadDir(name)
	if err != nil {
		return nil // not a directory
	}
	var total, count float64
	for _, n := range names {
		if !strings.HasPrefix(n, "function_durations_percentiles") || !strings.HasSuffix(n, ".csv") {
			continue
		}
		p := path.Join(name, n)
		f, err := st.Open(p)
		if err != nil {
			return openErr(p, err)
		}
		day := map[string]trace.Durations{}
		skipped, err := trace.ReadDurations(p, f, opt, day)
		f.Close()
		if err != nil {
			return err
		}
		sum.SkippedLines += skipped
		for k, d := range day {
			if function == "" || k == function {
				total += d.Average * d.Count
				count += d.Count
			}
		}
	}
	if count > 0 {
		sum.Duration = map[string]float64{"mean": math.Round(total/count) / 1000}
		sum.Notes = append(sum.Notes, "service time from function_durations_percentiles: the invocation-weighted mean of daily averages (percentiles there are of 30-second averages, not of invocations)")
	}
	return nil
}

// multiReader reads several Azure 2019 day files as one trace.
type multiReader struct {
	st      *State
	files   []string
	opt     trace.Options
	i       int
	cur     trace.Reader
	f       io.Closer
	skipped int
}

func (m *multiReader) Info() trace.Info { return trace.Info{Format: "azure2019"} }
func (m *multiReader) Skipped() int {
	if m.cur != nil {
		return m.skipped + m.cur.Skipped()
	}
	return m.skipped
}

func (m *multiReader) Next() (trace.Record, error) {
	for {
		if m.cur == nil {
			if m.i >= len(m.files) {
				return trace.Record{}, io.EOF
			}
			f, err := m.st.Open(m.files[m.i])
			if err != nil {
				return trace.Record{}, openErr(m.files[m.i], err)
			}
			r, err := trace.New("azure2019", m.files[m.i], f, m.opt)
			if err != nil {
				f.Close()
				return trace.Record{}, err
			}
			m.cur, m.f = r, f
			m.i++
		}
		rec, err := m.cur.Next()
		if err == io.EOF {
			m.skipped += m.cur.Skipped()
			m.f.Close()
			m.cur, m.f = nil, nil
			continue
		}
		return rec, err
	}
}

func (m *multiReader) close() {
	if m.f != nil {
		m.f.Close()
	}
}

func renderStats(file string, s trace.Summary) string {
	var b strings.Builder
	row := func(k, format string, args ...any) {
		fmt.Fprintf(&b, "%-15s %s\n", k, fmt.Sprintf(format, args...))
	}
	row("trace", "%s (%s)", file, s.Format)
	row("requests", "%s", num(s.Requests))
	if s.Functions > 0 {
		row("functions", "%d", s.Functions)
	}
	if s.Requests == 0 {
		for _, n := range s.Notes {
			row("note", "%s", n)
		}
		return b.String()
	}
	row("span", "%s (%s to %s)", strings.TrimSuffix(durationText(s.SpanSeconds), " "), s.Start, s.End)
	row("mean rate", "%s/s, %s/min", num(s.MeanPerSecond), num(s.MeanPerMinute))
	row("peak rate", "%s/s, %s/min", num(s.PeakPerSecond), num(s.PeakPerMinute))
	row("peak-to-mean", "%s (busiest minute), %s (busiest hour)", num(s.PeakToMean), num(s.PeakToMeanHour))
	row("idle minutes", "%s %%", num(100*s.IdleMinutes))
	if len(s.InterArrival) > 0 {
		est := ""
		if s.InterArrivalEst {
			est = " (arrivals spread evenly within each minute)"
		}
		row("inter-arrival", "p50 %s, p90 %s, p99 %s, p99.9 %s, max %s%s",
			secs(s.InterArrival["p50"]), secs(s.InterArrival["p90"]), secs(s.InterArrival["p99"]),
			secs(s.InterArrival["p99.9"]), secs(s.InterArrival["max"]), est)
	}
	if s.Duration != nil {
		var parts []string
		for _, k := range []string{"mean", "p50", "p99"} {
			if v, ok := s.Duration[k]; ok {
				parts = append(parts, k+" "+secs(v))
			}
		}
		row("service time", "%s", strings.Join(parts, ", "))
	}
	row("resembles", "%s%s", s.Resembles.Shape, paramText(s.Resembles.Params))
	row("", "(%s)", s.Resembles.Reason)
	if len(s.Resembles.Errors) > 0 {
		keys := make([]string, 0, len(s.Resembles.Errors))
		for k := range s.Resembles.Errors {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + " " + num(s.Resembles.Errors[k])
		}
		row("fit error", "%s (RMS of hourly rate ÷ mean)", strings.Join(parts, ", "))
	}
	row("skipped lines", "%d", s.SkippedLines)
	if s.OutOfOrder > 0 {
		row("out of order", "%d arrivals more than 4096 lines late", s.OutOfOrder)
	}
	for _, n := range s.Notes {
		row("note", "%s", n)
	}
	return b.String()
}

func paramText(p map[string]any) string {
	if len(p) == 0 {
		return ""
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s: %v", k, p[k])
	}
	return " {" + strings.Join(parts, ", ") + "}"
}

// num prints a float with up to 4 significant digits, without exponent for
// everyday magnitudes.
func num(x float64) string {
	if x == 0 {
		return "0"
	}
	if math.Abs(x) >= 1e4 {
		return strconv.FormatFloat(math.Round(x), 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func secs(x float64) string { return num(x) + " s" }

func durationText(s float64) string {
	d := int64(math.Round(s))
	days, d := d/86400, d%86400
	h, d := d/3600, d%3600
	m, sec := d/60, d%60
	var b strings.Builder
	if days > 0 {
		fmt.Fprintf(&b, "%dd ", days)
	}
	if h > 0 || days > 0 {
		fmt.Fprintf(&b, "%dh ", h)
	}
	if m > 0 || h > 0 || days > 0 {
		fmt.Fprintf(&b, "%dm ", m)
	}
	fmt.Fprintf(&b, "%ds", sec)
	return b.String()
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func newTraceSynthCmd(st *State) *cobra.Command {
	var functions, days int
	var seed uint64
	var out string
	c := &cobra.Command{
		Use:   "synth --out DIR",
		Short: "Write a synthetic trace in the Azure Functions 2019 layout",
		Long: `Writes invocations_per_function_md.anon.dNN.csv,
function_durations_percentiles.anon.dNN.csv and app_memory_percentiles.anon.dNN.csv
for each day, with functions whose trigger mix, invocation frequencies,
durations and memory follow the distributions published for the Azure
Functions workload (Shahrad et al., "Serverless in the Wild", USENIX ATC 2020;
docs/traffic.md lists each figure). The same seed writes the same files.`,
		Example: `  fulcrum trace synth --functions 1000 --days 14 --seed 1 --out trace/`,
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return errs.WithHint(errs.Errorf(errs.Usage, "--out is required: the directory to write the trace to"), "see 'fulcrum trace synth --help'")
			}
			if functions < 1 || functions > 1_000_000 {
				return errs.Errorf(errs.Usage, "--functions %d is out of range (valid: 1 to 1000000)", functions)
			}
			if days < 1 || days > 99 {
				return errs.Errorf(errs.Usage, "--days %d is out of range (valid: 1 to 99)", days)
			}
			s := trace.NewSynth(functions, days, seed)
			bar := startProgress(st, "writing the trace")
			err := writeSynth(cmd.Context(), st, s, out, bar.steps())
			bar.finish(err)
			if err != nil {
				return err
			}
			var perMin float64
			for _, f := range s.Functions {
				perMin += f.PerMinute
			}
			_, err = fmt.Fprintf(st.Stdout, "wrote %d days × 3 files to %s: %d functions in %d apps, about %s invocations (seed %d)\n",
				days, out, functions, len(s.AppMemMB), num(math.Round(perMin*1440*float64(days))), seed)
			return err
		},
	}
	c.Flags().IntVar(&functions, "functions", 1000, "number of functions")
	c.Flags().IntVar(&days, "days", 14, "number of days (one set of files per day)")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed (the same seed writes the same trace)")
	c.Flags().StringVar(&out, "out", "", "directory to write to (created if missing)")
	return c
}

// writeSynth writes every day's three files, days in parallel, under
// temporary names that are renamed into place once every day is written:
// an error or Ctrl-C (ctx) leaves no partial trace behind. done hears each
// day written.
func writeSynth(ctx context.Context, st *State, s *trace.Synth, dir string, done func(days, of int)) (err error) {
	errsOut := make([]error, s.Days)
	var wg sync.WaitGroup
	next := make(chan int)
	var mu sync.Mutex
	var written []string // final names whose temporary files exist
	finished := 0
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range next {
				names, err := writeSynthDay(ctx, st, s, dir, d)
				mu.Lock()
				written = append(written, names...)
				if err == nil {
					finished++
					done(finished, s.Days)
				}
				mu.Unlock()
				errsOut[d] = err
			}
		}()
	}
feed:
	for d := range s.Days {
		select {
		case next <- d:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	err = errors.Join(errsOut...)
	if err == nil {
		err = ctx.Err()
	}
	for _, name := range written {
		tmp := partialName(name)
		if err == nil {
			if rerr := st.Rename(tmp, name); rerr != nil {
				err = errs.E(errs.Invalid, fmt.Errorf("rename %s: %w", tmp, rerr))
			}
			continue
		}
		_ = st.Remove(tmp)
	}
	if err != nil {
		for _, name := range written { // a failed rename: take the rest back too
			_ = st.Remove(partialName(name))
		}
	}
	return err
}

// partialName is where a file is written before it is complete.
func partialName(name string) string {
	dir, file := path.Split(name)
	return dir + "." + file + ".partial"
}

// writeSynthDay writes day d's three files under their partial names and
// returns the final names of those it created.
func writeSynthDay(ctx context.Context, st *State, s *trace.Synth, dir string, d int) ([]string, error) {
	suffix := fmt.Sprintf(".anon.d%02d.csv", d+1)
	names := []string{"invocations_per_function_md", "function_durations_percentiles", "app_memory_percentiles"}
	files := make([]io.WriteCloser, 0, 3)
	var created []string
	defer func() {
		for _, f := range files {
			f.Close()
		}
	}()
	for _, n := range names {
		p := path.Join(dir, n+suffix)
		f, err := st.Create(partialName(p))
		if err != nil {
			return created, errs.E(errs.Invalid, fmt.Errorf("create %s: %w", p, err))
		}
		created = append(created, p)
		files = append(files, f)
	}
	// Writes fail once the user interrupts, so a large day stops at once.
	ws := make([]io.Writer, len(files))
	for i, f := range files {
		ws[i] = ctxWriter{ctx, f}
	}
	if err := s.WriteDay(ws[0], ws[1], ws[2], d); err != nil {
		if ctx.Err() != nil {
			return created, ctx.Err()
		}
		return created, errs.E(errs.Invalid, fmt.Errorf("write day %d to %s: %w", d+1, dir, err))
	}
	for i, f := range files {
		if err := f.Close(); err != nil {
			files = files[i+1:]
			return created, errs.E(errs.Invalid, fmt.Errorf("write %s: %w", path.Join(dir, names[i]+suffix), err))
		}
	}
	files = files[:0]
	return created, nil
}

// ctxWriter is w until ctx is done, then an error.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}
