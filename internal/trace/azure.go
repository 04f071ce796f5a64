package trace

import (
	"bytes"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// MinutesPerDay is the number of per-minute columns in an Azure 2019 row.
const MinutesPerDay = 1440

// Azure2019Row is one row of invocations_per_function_md.anon.dNN.csv:
// a function's per-minute invocation counts for one day (Azure Functions
// Trace 2019, Azure/AzurePublicDataset AzureFunctionsDataset2019.md).
type Azure2019Row struct {
	Owner, App, Function, Trigger string
	Counts                        [MinutesPerDay]uint32
}

// Key is the function's identity across files: app/function.
func (r *Azure2019Row) Key() string { return r.App + "/" + r.Function }

// Azure2019Reader reads rows of one day's invocation-count file.
type Azure2019Reader struct {
	*lines
	// Day is the day index (0-based) from the file name's .dNN suffix, 0 if none.
	Day int
	f   [][]byte
}

var daySuffix = regexp.MustCompile(`\.d(\d+)\.csv$`)

// DayOf returns the 0-based day from an Azure 2019 file name (…anon.d03.csv → 2).
func DayOf(name string) int {
	m := daySuffix.FindStringSubmatch(path.Base(name))
	if m == nil {
		return 0
	}
	d, _ := strconv.Atoi(m[1])
	if d < 1 {
		return 0
	}
	return d - 1
}

// NewAzure2019 reads the Azure 2019 invocation counts in r; name is for errors.
func NewAzure2019(name string, r io.Reader, opt Options) *Azure2019Reader {
	return &Azure2019Reader{lines: newLines(name, r, opt), Day: DayOf(name)}
}

const azureInvHeader = "HashOwner,HashApp,HashFunction,Trigger"

// NextRow fills row with the next function's counts (scaled counts are
// rounded to whole invocations). It returns io.EOF at the end.
func (r *Azure2019Reader) NextRow(row *Azure2019Row) error {
	for {
		line, err := r.next()
		if err != nil {
			return err
		}
		if r.n == 1 && bytes.HasPrefix(line, []byte("HashOwner")) {
			if !bytes.HasPrefix(line, []byte(azureInvHeader)) {
				if e := r.bad("expected the Azure 2019 invocations header %s,1,…,1440", azureInvHeader); e != nil {
					return e
				}
			}
			continue
		}
		msg := r.parseRow(line, row)
		if msg == "" {
			return nil
		}
		if e := r.bad("%s", msg); e != nil {
			return e
		}
	}
}

func (r *Azure2019Reader) parseRow(line []byte, row *Azure2019Row) string {
	r.f = fields(line, ',', r.f)
	if len(r.f) != 4+MinutesPerDay {
		return "expected 1444 columns (HashOwner,HashApp,HashFunction,Trigger and the counts of minutes 1 to 1440), found " + strconv.Itoa(len(r.f))
	}
	for i := range 4 {
		if len(r.f[i]) == 0 {
			return "expected a non-empty " + strings.Split(azureInvHeader, ",")[i]
		}
	}
	row.Owner, row.App, row.Function, row.Trigger = string(r.f[0]), string(r.f[1]), string(r.f[2]), string(r.f[3])
	scale := r.opt.Scale
	for m, b := range r.f[4:] {
		v, ok := atou(b)
		if !ok {
			return "expected a whole number of invocations in minute " + strconv.Itoa(m+1) + " (column " + strconv.Itoa(m+5) + "), found " + strconv.Quote(clip(b))
		}
		if scale != 0 && scale != 1 {
			v = uint32(float64(v)*scale + 0.5)
		}
		row.Counts[m] = v
	}
	return ""
}

// atou parses a non-negative decimal integer (a trailing ".0" is accepted, as
// some exports write counts as floats) without allocating.
func atou(b []byte) (uint32, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var v uint64
	for i, c := range b {
		if c == '.' {
			for _, z := range b[i+1:] {
				if z != '0' {
					return 0, false
				}
			}
			return uint32(v), i > 0
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
		if v > 1<<32-1 {
			return 0, false
		}
	}
	return uint32(v), true
}

// azure2019Records adapts rows to records: one per non-empty minute.
type azure2019Records struct {
	r   *Azure2019Reader
	row Azure2019Row
	key string
	m   int
	ok  bool
}

func newAzure2019Records(l *lines) *azure2019Records {
	return &azure2019Records{r: &Azure2019Reader{lines: l, Day: DayOf(l.name)}}
}

func (a *azure2019Records) Info() Info   { return Info{Format: "azure2019"} }
func (a *azure2019Records) Skipped() int { return a.r.skipped }

func (a *azure2019Records) Next() (Record, error) {
	for {
		if !a.ok {
			if err := a.r.NextRow(&a.row); err != nil {
				return Record{}, err
			}
			a.ok, a.m, a.key = true, 0, a.row.Key()
		}
		for a.m < MinutesPerDay {
			m := a.m
			a.m++
			// Zero minutes are skipped, except a row's first and last, so that
			// the span covers the whole day the file records.
			if c := a.row.Counts[m]; c > 0 || m == 0 || m == MinutesPerDay-1 {
				t := float64(a.r.Day*86400 + m*60)
				return Record{Function: a.key, Time: t, Count: float64(c), Interval: 60, Duration: nan}, nil
			}
		}
		a.ok = false
	}
}

// Durations is one function's row of function_durations_percentiles.anon.dNN.csv
// (milliseconds; percentiles are of 30-second averages, not of invocations).
type Durations struct {
	Average, Count, Minimum, Maximum float64
	// P0, P1, P25, P50, P75, P99, P100 are the weighted percentiles.
	P0, P1, P25, P50, P75, P99, P100 float64
}

const azureDurHeader = "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,percentile_Average_75,percentile_Average_99,percentile_Average_100"

// ReadDurations reads a durations file into a map keyed by app/function.
// A function present on several days keeps the row with the larger Count
// when called again with the same map.
func ReadDurations(name string, r io.Reader, opt Options, into map[string]Durations) (skipped int, err error) {
	return readNumericRows(name, r, opt, azureDurHeader, 3, func(f [][]byte, v []float64) {
		d := Durations{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10]}
		key := string(f[1]) + "/" + string(f[2])
		if old, ok := into[key]; !ok || d.Count > old.Count {
			into[key] = d
		}
	})
}

// Memory is one app's row of app_memory_percentiles.anon.dNN.csv (MB of
// committed memory, sampled every 5 s and averaged per minute).
type Memory struct {
	SampleCount, AverageMB                float64
	P1, P5, P25, P50, P75, P95, P99, P100 float64
}

const azureMemHeader = "HashOwner,HashApp,SampleCount,AverageAllocatedMb,AverageAllocatedMb_pct1,AverageAllocatedMb_pct5,AverageAllocatedMb_pct25,AverageAllocatedMb_pct50,AverageAllocatedMb_pct75,AverageAllocatedMb_pct95,AverageAllocatedMb_pct99,AverageAllocatedMb_pct100"

// ReadMemory reads an app-memory file into a map keyed by app, keeping the
// row with the larger SampleCount across days.
func ReadMemory(name string, r io.Reader, opt Options, into map[string]Memory) (skipped int, err error) {
	return readNumericRows(name, r, opt, azureMemHeader, 2, func(f [][]byte, v []float64) {
		m := Memory{v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]}
		key := string(f[1])
		if old, ok := into[key]; !ok || m.SampleCount > old.SampleCount {
			into[key] = m
		}
	})
}

// readNumericRows streams one of the Azure 2019 percentile files: a header
// line, then rows whose columns from first on are non-negative numbers. row
// sees each good line's fields and numbers; a bad line is an error naming the
// file, line and column (or is skipped and counted, per opt).
func readNumericRows(name string, r io.Reader, opt Options, header string, first int, row func(f [][]byte, v []float64)) (int, error) {
	cols := strings.Split(header, ",")
	ls := newLines(name, r, opt)
	var f [][]byte
	v := make([]float64, len(cols)-first)
	for {
		line, err := ls.next()
		if err == io.EOF {
			return ls.skipped, nil
		}
		if err != nil {
			return ls.skipped, err
		}
		if ls.n == 1 && bytes.HasPrefix(line, []byte("HashOwner")) {
			continue
		}
		f = fields(line, ',', f)
		if len(f) != len(cols) {
			if e := ls.bad("expected %d columns (%s), found %d", len(cols), header, len(f)); e != nil {
				return ls.skipped, e
			}
			continue
		}
		bad := -1
		for i := range v {
			x, err := strconv.ParseFloat(string(f[first+i]), 64)
			if err != nil || x < 0 {
				bad = first + i
				break
			}
			v[i] = x
		}
		if bad >= 0 {
			if e := ls.bad("expected a non-negative number for %s (column %d), found %q", cols[bad], bad+1, clip(f[bad])); e != nil {
				return ls.skipped, e
			}
			continue
		}
		row(f, v)
	}
}

// azure2021Reader reads the Azure Functions Invocation Trace 2021
// (AzureFunctionsInvocationTrace2021.md): app,func,end_timestamp,duration
// with times in seconds; the arrival is end_timestamp − duration. Commas or
// whitespace separate the columns.
type azure2021Reader struct {
	*lines
	f [][]byte
}

func (r *azure2021Reader) Info() Info   { return Info{Format: "azure2021"} }
func (r *azure2021Reader) Skipped() int { return r.skipped }

func (r *azure2021Reader) Next() (Record, error) {
	for {
		line, err := r.next()
		if err != nil {
			return Record{}, err
		}
		if r.n == 1 && bytes.HasPrefix(bytes.TrimSpace(line), []byte("app")) {
			continue
		}
		if bytes.IndexByte(line, ',') >= 0 {
			r.f = fields(line, ',', r.f)
		} else {
			r.f = append(r.f[:0], bytes.Fields(line)...)
		}
		if len(r.f) != 4 {
			if e := r.bad("expected 4 columns (app,func,end_timestamp,duration), found %d", len(r.f)); e != nil {
				return Record{}, e
			}
			continue
		}
		end, err1 := strconv.ParseFloat(string(bytes.TrimSpace(r.f[2])), 64)
		dur, err2 := strconv.ParseFloat(string(bytes.TrimSpace(r.f[3])), 64)
		switch {
		case err1 != nil || end < 0:
			if e := r.bad("expected end_timestamp in seconds in column 3, found %q", clip(r.f[2])); e != nil {
				return Record{}, e
			}
			continue
		case err2 != nil || dur < 0:
			if e := r.bad("expected duration in seconds in column 4, found %q", clip(r.f[3])); e != nil {
				return Record{}, e
			}
			continue
		}
		key := string(bytes.TrimSpace(r.f[0])) + "/" + string(bytes.TrimSpace(r.f[1]))
		return Record{Function: key, Time: end - dur, Count: r.scale(1), Duration: dur}, nil
	}
}

// LineReader exposes the line reading of every line format, for callers
// that parse lines in parallel (fulcrum fleet): Next returns a line valid
// until the following call, Line its 1-based number.
type LineReader struct{ l *lines }

// NewLineReader reads name's lines from r.
func NewLineReader(name string, r io.Reader) *LineReader {
	return &LineReader{l: newLines(name, r, Options{})}
}

// Next returns the next non-blank line, or io.EOF.
func (r *LineReader) Next() ([]byte, error) { return r.l.next() }

// Line is the number of the line Next last returned.
func (r *LineReader) Line() int { return r.l.n }

// IsAzure2019Header reports whether line is the invocations file's header.
func IsAzure2019Header(line []byte) bool {
	return bytes.HasPrefix(line, []byte(azureInvHeader))
}

// ParseAzure2019Line parses one data line of an invocations file into row,
// reusing *scratch; it returns "" or a description of what was expected.
// Scale as in Options (0 or 1 = unscaled).
func ParseAzure2019Line(line []byte, row *Azure2019Row, scratch *[][]byte, scale float64) string {
	r := Azure2019Reader{lines: &lines{opt: Options{Scale: scale}}, f: *scratch}
	msg := r.parseRow(line, row)
	*scratch = r.f
	return msg
}

// Problem builds the positioned error for a malformed line.
func Problem(file string, line int, msg string) error { return problem(file, line, "%s", msg) }
