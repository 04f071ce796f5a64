package trace

import (
	"bytes"
	"io"
	"strconv"
)

// csvReader reads one request per line: timestamp[,duration_ms]. A first
// line whose first field is not a timestamp is a header and is skipped.
type csvReader struct {
	*lines
	f [][]byte
}

func (r *csvReader) Info() Info   { return Info{Format: "csv", Absolute: true} }
func (r *csvReader) Skipped() int { return r.skipped }

func (r *csvReader) Next() (Record, error) {
	for {
		line, err := r.next()
		if err != nil {
			return Record{}, err
		}
		r.f = fields(line, ',', r.f)
		t, err := parseTime(bytes.TrimSpace(r.f[0]))
		if err != nil {
			if r.n == 1 && isHeader(r.f[0]) {
				continue
			}
			if e := r.bad("expected a timestamp (RFC 3339 or Unix seconds) in the first column, found %q", clip(r.f[0])); e != nil {
				return Record{}, e
			}
			continue
		}
		rec := Record{Time: t, Count: r.scale(1), Duration: nan}
		if len(r.f) > 1 && len(bytes.TrimSpace(r.f[1])) > 0 {
			ms, err := strconv.ParseFloat(string(bytes.TrimSpace(r.f[1])), 64)
			if err != nil || ms < 0 {
				if e := r.bad("expected a duration in milliseconds in the second column, found %q", clip(r.f[1])); e != nil {
					return Record{}, e
				}
				continue
			}
			rec.Duration = ms / 1000
		}
		return rec, nil
	}
}

// csvCountsReader reads one interval per line: timestamp,count. Each row's
// interval runs to the next row's timestamp (the last row reuses the
// previous interval), so it holds one row back.
type csvCountsReader struct {
	*lines
	f       [][]byte
	pending *Record
	lastGap float64
	done    bool
}

func (r *csvCountsReader) Info() Info   { return Info{Format: "csv-counts", Absolute: true} }
func (r *csvCountsReader) Skipped() int { return r.skipped }

func (r *csvCountsReader) row() (Record, error) {
	for {
		line, err := r.next()
		if err != nil {
			return Record{}, err
		}
		r.f = fields(line, ',', r.f)
		t, err := parseTime(bytes.TrimSpace(r.f[0]))
		if err != nil {
			if r.n == 1 && isHeader(r.f[0]) {
				continue
			}
			if e := r.bad("expected a timestamp (RFC 3339 or Unix seconds) in the first column, found %q", clip(r.f[0])); e != nil {
				return Record{}, e
			}
			continue
		}
		if len(r.f) < 2 {
			if e := r.bad("expected timestamp,count (two columns), found one"); e != nil {
				return Record{}, e
			}
			continue
		}
		c, err := strconv.ParseFloat(string(bytes.TrimSpace(r.f[1])), 64)
		if err != nil || c < 0 {
			if e := r.bad("expected a non-negative request count in the second column, found %q", clip(r.f[1])); e != nil {
				return Record{}, e
			}
			continue
		}
		return Record{Time: t, Count: r.scale(c), Duration: nan}, nil
	}
}

func (r *csvCountsReader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	if r.pending == nil {
		first, err := r.row()
		if err != nil {
			return Record{}, err
		}
		r.pending = &first
	}
	next, err := r.row()
	cur := *r.pending
	if err == io.EOF {
		r.done = true
		cur.Interval = r.lastGap
		return cur, nil
	}
	if err != nil {
		return Record{}, err
	}
	if gap := next.Time - cur.Time; gap > 0 {
		r.lastGap = gap
	}
	cur.Interval = r.lastGap
	*r.pending = next
	return cur, nil
}

func isHeader(b []byte) bool {
	for _, c := range b {
		if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '"' || c == ' ' {
			continue
		}
		return false
	}
	return len(b) > 0
}

// clip shortens a field for an error message.
func clip(b []byte) string {
	if len(b) > 40 {
		return string(b[:40]) + "…"
	}
	return string(b)
}
