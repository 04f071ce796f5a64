package trace

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
)

// promReader streams a Prometheus HTTP API range-query response
// (prometheus.io/docs/prometheus/latest/querying/api/#range-queries):
// {"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},
// "values":[[<unix seconds>,"<value>"],…]},…]}}. Each value is a request rate
// per second (e.g. sum(rate(http_requests_total[1m]))); it becomes
// rate × step requests over the step to the next sample of the same series.
type promReader struct {
	name  string
	dec   *json.Decoder
	lt    *lineTracker
	opt   Options
	state int // 0 start, 1 in result array, 2 in values array, 3 done
	depth int // object nesting to close after the result array
	label string
	idx   int
	prev  *Record
	gap   float64
	skip  int
}

func newPrometheus(name string, r io.Reader, opt Options) *promReader {
	lt := &lineTracker{r: r}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	return &promReader{name: name, dec: dec, lt: lt, opt: opt}
}

func (p *promReader) Info() Info   { return Info{Format: "prometheus", Absolute: true} }
func (p *promReader) Skipped() int { return p.skip }

func (p *promReader) fail(format string, args ...any) error {
	return problem(p.name, p.lt.lineAt(p.dec.InputOffset()), format, args...)
}

func (p *promReader) token() (json.Token, error) {
	t, err := p.dec.Token()
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, problem(p.name, p.lt.total+1, "unexpected end of file; expected a complete Prometheus range-query response")
	}
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, problem(p.name, p.lt.lineAt(se.Offset), "expected JSON: %v", err)
		}
		return nil, p.fail("expected JSON: %v", err)
	}
	return t, nil
}

func (p *promReader) expectDelim(d json.Delim, what string) error {
	t, err := p.token()
	if err != nil {
		return err
	}
	if t != d {
		return p.fail("expected %s, found %v", what, t)
	}
	return nil
}

// seek walks from the top to the first entry of data.result.
func (p *promReader) seek() error {
	if err := p.expectDelim('{', "a JSON object (a Prometheus range-query response)"); err != nil {
		return err
	}
	for p.dec.More() {
		k, err := p.token()
		if err != nil {
			return err
		}
		switch k {
		case "status":
			var s string
			if err := p.dec.Decode(&s); err != nil || s != "success" {
				return p.fail("expected \"status\": \"success\", found %q", s)
			}
		case "data":
			if err := p.expectDelim('{', "an object for \"data\""); err != nil {
				return err
			}
			for p.dec.More() {
				k, err := p.token()
				if err != nil {
					return err
				}
				switch k {
				case "resultType":
					var s string
					if err := p.dec.Decode(&s); err != nil || s != "matrix" {
						return p.fail("expected \"resultType\": \"matrix\" (a range query, /api/v1/query_range), found %q", s)
					}
				case "result":
					if err := p.expectDelim('[', "an array for \"result\""); err != nil {
						return err
					}
					p.state = 1
					return nil
				default:
					var skip json.RawMessage
					if err := p.dec.Decode(&skip); err != nil {
						return p.fail("expected JSON: %v", err)
					}
				}
			}
			return p.fail("expected \"result\" in \"data\"")
		default:
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return p.fail("expected JSON: %v", err)
			}
		}
	}
	return p.fail("expected \"data\" with a \"result\" array")
}

// Next implements Reader. Records of one series come in time order; each is
// emitted when the next sample fixes its step.
func (p *promReader) Next() (Record, error) {
	for {
		switch p.state {
		case 0:
			if err := p.seek(); err != nil {
				p.state = 3
				return Record{}, err
			}
		case 1: // between series
			if !p.dec.More() {
				p.state = 3
				return Record{}, io.EOF
			}
			if err := p.enterSeries(); err != nil {
				p.state = 3
				return Record{}, err
			}
		case 2: // inside a series' values
			if !p.dec.More() {
				if err := p.leaveSeries(); err != nil {
					p.state = 3
					return Record{}, err
				}
				if p.prev != nil {
					r := *p.prev
					r.Interval = p.gap
					r.Count = p.scale(r.Count * p.gap)
					p.prev = nil
					return r, nil
				}
				continue
			}
			var pair []json.RawMessage
			if err := p.dec.Decode(&pair); err != nil || len(pair) != 2 {
				if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
					p.state = 3
					return Record{}, problem(p.name, p.lt.total+1, "unexpected end of file; expected a complete Prometheus range-query response")
				}
				if p.opt.SkipBadLines && err == nil {
					p.skip++
					continue
				}
				p.state = 3
				return Record{}, p.fail("expected a sample [<unix seconds>, \"<rate>\"]")
			}
			var vs string
			ts, err1 := strconv.ParseFloat(string(pair[0]), 64)
			err2 := json.Unmarshal(pair[1], &vs)
			v, err3 := strconv.ParseFloat(vs, 64)
			if err1 != nil || err2 != nil || err3 != nil || v < 0 || ts < 0 {
				if p.opt.SkipBadLines {
					p.skip++
					continue
				}
				p.state = 3
				return Record{}, p.fail("expected a sample [<unix seconds>, \"<non-negative rate>\"], found [%s, %s]", clip(pair[0]), clip(pair[1]))
			}
			cur := Record{Function: p.label, Time: ts, Count: v, Duration: nan}
			if p.prev == nil {
				p.prev = &cur
				continue
			}
			out := *p.prev
			if g := ts - out.Time; g > 0 {
				p.gap = g
			}
			out.Interval = p.gap
			out.Count = p.scale(out.Count * p.gap)
			*p.prev = cur
			return out, nil
		default:
			return Record{}, io.EOF
		}
	}
}

func (p *promReader) scale(c float64) float64 {
	if p.opt.Scale == 0 {
		return c
	}
	return c * p.opt.Scale
}

// enterSeries reads a result entry up to the start of its values array.
func (p *promReader) enterSeries() error {
	if err := p.expectDelim('{', "a series object {\"metric\": …, \"values\": …}"); err != nil {
		return err
	}
	p.label = "series " + strconv.Itoa(p.idx)
	p.idx++
	p.gap = 0
	for p.dec.More() {
		k, err := p.token()
		if err != nil {
			return err
		}
		switch k {
		case "metric":
			var m map[string]string
			if err := p.dec.Decode(&m); err != nil {
				return p.fail("expected \"metric\" to be an object of label strings")
			}
			if len(m) > 0 {
				p.label = labelString(m)
			}
		case "values":
			if err := p.expectDelim('[', "an array for \"values\""); err != nil {
				return err
			}
			p.state = 2
			return nil
		default:
			var skip json.RawMessage
			if err := p.dec.Decode(&skip); err != nil {
				return p.fail("expected JSON: %v", err)
			}
		}
	}
	return p.fail("expected \"values\" in a series (a range query returns values, an instant query value)")
}

// leaveSeries closes a values array and the rest of its series object.
func (p *promReader) leaveSeries() error {
	if err := p.expectDelim(']', "] closing \"values\""); err != nil {
		return err
	}
	for p.dec.More() {
		if _, err := p.token(); err != nil {
			return err
		}
		var skip json.RawMessage
		if err := p.dec.Decode(&skip); err != nil {
			return p.fail("expected JSON: %v", err)
		}
	}
	if err := p.expectDelim('}', "} closing a series"); err != nil {
		return err
	}
	p.state = 1
	return nil
}

func labelString(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%q", k, m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// lineTracker counts newlines in what the decoder has read, remembering the
// offsets of the most recent ones, so an input offset maps to a line number
// within the decoder's read-ahead without keeping the file in memory.
type lineTracker struct {
	r     io.Reader
	off   int64
	total int
	ring  [1 << 14]int64
	head  int
}

func (l *lineTracker) Read(b []byte) (int, error) {
	n, err := l.r.Read(b)
	for i := 0; i < n; i++ {
		if b[i] == '\n' {
			l.ring[l.head] = l.off + int64(i)
			l.head = (l.head + 1) % len(l.ring)
			l.total++
		}
	}
	l.off += int64(n)
	return n, err
}

// lineAt is the 1-based line holding byte offset off.
func (l *lineTracker) lineAt(off int64) int {
	line := l.total + 1
	n := min(l.total, len(l.ring))
	for i := 1; i <= n; i++ {
		pos := l.ring[(l.head-i+len(l.ring))%len(l.ring)]
		if pos < off {
			break
		}
		line--
	}
	return line
}
