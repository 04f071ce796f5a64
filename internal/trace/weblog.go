package trace

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

// combinedReader reads the NCSA common and combined log formats written by
// Apache (LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\"")
// and nginx (the predefined "combined" log_format). A trailing request time
// is read when present: a decimal number of seconds after the last quoted
// field (nginx $request_time) or a key rt=/request_time=. nginx writes
// $time_local when the request completes, so with a request time the arrival
// is the logged time minus the request time; without one it is the logged
// time (Apache's %t is the time the request was received).
type combinedReader struct {
	*lines
	lastStamp []byte
	lastTime  float64
}

func (r *combinedReader) Info() Info   { return Info{Format: "combined", Absolute: true} }
func (r *combinedReader) Skipped() int { return r.skipped }

const clfLayout = "02/Jan/2006:15:04:05 -0700"

func (r *combinedReader) Next() (Record, error) {
	for {
		line, err := r.next()
		if err != nil {
			return Record{}, err
		}
		rec, msg := r.parse(line)
		if msg != "" {
			if e := r.bad("%s", msg); e != nil {
				return Record{}, e
			}
			continue
		}
		return rec, nil
	}
}

func (r *combinedReader) parse(line []byte) (Record, string) {
	open := bytes.IndexByte(line, '[')
	if open < 0 {
		return Record{}, "expected a [day/Mon/year:hh:mm:ss zone] timestamp (combined log format)"
	}
	end := bytes.IndexByte(line[open:], ']')
	if end < 0 {
		return Record{}, "expected ] closing the timestamp"
	}
	stamp := line[open+1 : open+end]
	var t float64
	if bytes.Equal(stamp, r.lastStamp) {
		t = r.lastTime
	} else {
		tt, err := time.Parse(clfLayout, string(stamp))
		if err != nil {
			return Record{}, "expected a timestamp like [10/Oct/2000:13:55:36 -0700], found [" + clip(stamp) + "]"
		}
		t = float64(tt.Unix())
		r.lastStamp = append(r.lastStamp[:0], stamp...)
		r.lastTime = t
	}
	rest := line[open+end+1:]
	q := bytes.IndexByte(rest, '"')
	if q < 0 {
		return Record{}, "expected a quoted request line (\"GET / HTTP/1.1\") after the timestamp"
	}
	if bytes.IndexByte(rest[q+1:], '"') < 0 {
		return Record{}, "expected a closing quote after the request line"
	}
	rec := Record{Time: t, Count: r.scale(1), Duration: nan}
	// Request time: the last token after the last quote.
	last := bytes.LastIndexByte(rest, '"')
	tail := bytes.Fields(rest[last+1:])
	if len(tail) > 0 {
		tok := string(tail[len(tail)-1])
		if k := strings.IndexByte(tok, '='); k >= 0 {
			key := tok[:k]
			if key == "rt" || key == "request_time" {
				tok = tok[k+1:]
			} else {
				tok = ""
			}
		} else if !strings.Contains(tok, ".") {
			tok = "" // an integer could be %D (µs) or %T (s): ambiguous, ignored
		}
		if tok != "" {
			if d, err := strconv.ParseFloat(tok, 64); err == nil && d >= 0 {
				rec.Duration = d
				rec.Time = t - d
			}
		}
	}
	return rec, ""
}

// albReader reads AWS Application Load Balancer access logs (space-separated,
// quoted fields; docs.aws.amazon.com/elasticloadbalancing/latest/application/
// load-balancer-access-logs.html). The arrival is request_creation_time
// (field 22) when present, else the response time (field 2); the service time
// is target_processing_time (field 7; -1, "not dispatched", becomes unknown).
type albReader struct {
	*lines
	tok [][]byte
}

func (r *albReader) Info() Info   { return Info{Format: "alb", Absolute: true} }
func (r *albReader) Skipped() int { return r.skipped }

func (r *albReader) Next() (Record, error) {
	for {
		line, err := r.next()
		if err != nil {
			return Record{}, err
		}
		rec, msg := r.parse(line)
		if msg != "" {
			if e := r.bad("%s", msg); e != nil {
				return Record{}, e
			}
			continue
		}
		return rec, nil
	}
}

var albTypes = map[string]bool{"http": true, "https": true, "h2": true, "grpcs": true, "ws": true, "wss": true}

func (r *albReader) parse(line []byte) (Record, string) {
	var ok bool
	r.tok, ok = quotedFields(line, r.tok)
	if !ok {
		return Record{}, "expected a closing quote (ALB access log)"
	}
	if len(r.tok) < 13 {
		return Record{}, "expected at least 13 space-separated fields (ALB access log: type time elb client target request_processing_time target_processing_time …), found " + strconv.Itoa(len(r.tok))
	}
	if !albTypes[string(r.tok[0])] {
		return Record{}, "expected a request type (http, https, h2, grpcs, ws, wss) in field 1, found " + strconv.Quote(clip(r.tok[0]))
	}
	t, err := parseTime(r.tok[1])
	if err != nil {
		return Record{}, "expected an ISO 8601 time in field 2, found " + strconv.Quote(clip(r.tok[1]))
	}
	rec := Record{Time: t, Count: r.scale(1), Duration: nan}
	if len(r.tok) > 21 {
		if c, err := parseTime(r.tok[21]); err == nil {
			rec.Time = c
		}
	}
	tp, err := strconv.ParseFloat(string(r.tok[6]), 64)
	if err != nil {
		return Record{}, "expected target_processing_time (seconds or -1) in field 7, found " + strconv.Quote(clip(r.tok[6]))
	}
	if tp >= 0 {
		rec.Duration = tp
	}
	return rec, ""
}

// quotedFields splits on spaces, keeping "quoted strings" (with \" escapes)
// as one field without their quotes.
func quotedFields(line []byte, dst [][]byte) ([][]byte, bool) {
	dst = dst[:0]
	i := 0
	for i < len(line) {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i >= len(line) {
			break
		}
		if line[i] == '"' {
			j := i + 1
			for j < len(line) && line[j] != '"' {
				if line[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(line) {
				return dst, false
			}
			dst = append(dst, line[i+1:j])
			i = j + 1
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		dst = append(dst, line[i:j])
		i = j
	}
	return dst, true
}
