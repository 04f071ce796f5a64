package priceimport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// posReader passes a stream through and remembers enough of it to turn a
// byte offset into a line and column: the line count up to the start of a
// bounded window of the most recent bytes, and the window itself. A JSON
// decoder reads ahead of the offset it reports by at most its buffer, which
// stays far below the window for the providers' files (one product or one
// SKU's terms at a time).
type posReader struct {
	r        io.Reader
	window   []byte
	base     int64 // stream offset of window[0]
	baseLine int   // newlines before base
	baseCol  int   // runes since the last newline before base
	max      int
}

const posWindow = 4 << 20

func newPosReader(r io.Reader) *posReader { return &posReader{r: r, max: posWindow} }

func (p *posReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		if len(p.window)+n > p.max {
			drop := len(p.window) + n - p.max/2
			if drop > len(p.window) {
				drop = len(p.window)
			}
			p.advance(p.window[:drop])
			p.window = append(p.window[:0], p.window[drop:]...)
		}
		p.window = append(p.window, b[:n]...)
	}
	return n, err
}

// advance moves the window's start past gone.
func (p *posReader) advance(gone []byte) {
	p.base += int64(len(gone))
	if nl := bytes.Count(gone, []byte{'\n'}); nl > 0 {
		p.baseLine += nl
		p.baseCol = utf8.RuneCount(gone[bytes.LastIndexByte(gone, '\n')+1:])
	} else {
		p.baseCol += utf8.RuneCount(gone)
	}
}

// at returns the 1-based line and column of stream offset off (0, 0 when
// off is before the window).
func (p *posReader) at(off int64) (line, col int) {
	if off < p.base {
		return 0, 0
	}
	i := int(off - p.base)
	if i > len(p.window) {
		i = len(p.window)
	}
	seg := p.window[:i]
	nl := bytes.Count(seg, []byte{'\n'})
	if nl == 0 {
		return p.baseLine + 1, p.baseCol + utf8.RuneCount(seg) + 1
	}
	return p.baseLine + nl + 1, utf8.RuneCount(seg[bytes.LastIndexByte(seg, '\n')+1:]) + 1
}

// skipSep returns the offset of the first byte at or after off that is not
// whitespace, ':' or ',' (where the value after a key starts).
func (p *posReader) skipSep(off int64) int64 {
	for off >= p.base && off-p.base < int64(len(p.window)) {
		switch p.window[off-p.base] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
			continue
		}
		break
	}
	return off
}

// jsonStream is a json.Decoder over a posReader with positioned errors.
type jsonStream struct {
	name string
	pr   *posReader
	dec  *json.Decoder
}

func newJSONStream(name string, r io.Reader) *jsonStream {
	pr := newPosReader(r)
	return &jsonStream{name: name, pr: pr, dec: json.NewDecoder(pr)}
}

// problem is an Invalid error at stream offset off.
func (s *jsonStream) problem(off int64, format string, args ...any) error {
	pos := errs.Position{File: s.name}
	pos.Line, pos.Column = s.pr.at(off)
	msg := fmt.Sprintf(format, args...)
	if pos.Line == 0 {
		msg += fmt.Sprintf(" (at byte %d)", off)
	}
	return errs.Problems{{Position: pos, Message: msg}}.Err()
}

// fail turns a decoder error into a positioned problem. valueStart is the
// offset where the value being decoded starts, or -1 when a token was
// being read. Decode's own offsets do not count the bytes Token consumed,
// so errors inside a value are located again by re-reading that value
// from the window.
func (s *jsonStream) fail(err error, valueStart int64) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		end := s.pr.base + int64(len(s.pr.window))
		return s.problem(end, "the file ends in the middle of the JSON document (truncated download?)")
	case errors.As(err, &se):
		off := se.Offset
		if valueStart >= 0 {
			off = s.syntaxIn(valueStart, off)
		}
		if off > 0 {
			off-- // Offset counts the offending byte
		}
		return s.problem(off, "malformed JSON: %s", se.Error())
	case errors.As(err, &te):
		off := s.dec.InputOffset()
		if valueStart >= 0 {
			off = s.fieldIn(valueStart, te.Field)
		}
		field := te.Field
		if field == "" {
			field = "value"
		}
		return s.problem(off, "%s: expected %s, got JSON %s", field, te.Type, te.Value)
	}
	off := s.dec.InputOffset()
	if valueStart >= 0 {
		off = valueStart
	}
	return s.problem(off, "%v", err)
}

// syntaxIn re-reads the value at start from the window and returns the
// stream offset of its syntax error (def when it cannot).
func (s *jsonStream) syntaxIn(start, def int64) int64 {
	i := start - s.pr.base
	if i < 0 || i > int64(len(s.pr.window)) {
		return def
	}
	var raw json.RawMessage
	err := json.NewDecoder(bytes.NewReader(s.pr.window[i:])).Decode(&raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return start + se.Offset
	}
	return def
}

// fieldIn finds the dotted field path (as UnmarshalTypeError names it)
// inside the value at start and returns the offset of that field's value.
func (s *jsonStream) fieldIn(start int64, field string) int64 {
	i := start - s.pr.base
	if i < 0 || i > int64(len(s.pr.window)) || field == "" {
		return start
	}
	d := json.NewDecoder(bytes.NewReader(s.pr.window[i:]))
	if off, ok := findField(d, nil, strings.Split(field, ".")); ok {
		return s.pr.skipSep(start + off)
	}
	return start
}

// findField walks one value, returning the decoder offset just after the
// key whose path is want.
func findField(d *json.Decoder, path, want []string) (int64, bool) {
	t, err := d.Token()
	if err != nil {
		return 0, false
	}
	switch t {
	case json.Delim('{'):
		for d.More() {
			kt, err := d.Token()
			k, ok := kt.(string)
			if err != nil || !ok {
				return 0, false
			}
			p := append(slices.Clip(path), k)
			if slices.Equal(p, want) {
				return d.InputOffset(), true
			}
			if off, ok := findField(d, p, want); ok {
				return off, true
			}
		}
		_, _ = d.Token()
	case json.Delim('['):
		for d.More() {
			if off, ok := findField(d, path, want); ok {
				return off, true
			}
		}
		_, _ = d.Token()
	}
	return 0, false
}

// token reads the next token.
func (s *jsonStream) token() (json.Token, error) {
	t, err := s.dec.Token()
	if err != nil {
		return nil, s.fail(err, -1)
	}
	return t, nil
}

// delim reads the next token and requires it to be d.
func (s *jsonStream) delim(d json.Delim, what string) error {
	off := s.pr.skipSep(s.dec.InputOffset())
	t, err := s.token()
	if err != nil {
		return err
	}
	if got, ok := t.(json.Delim); !ok || got != d {
		return s.problem(off, "%s: expected %q, got %v", what, string(d), describe(t))
	}
	return nil
}

// key reads an object key, or reports the end of the object.
func (s *jsonStream) key() (string, bool, error) {
	if !s.dec.More() {
		if err := s.delim('}', "object"); err != nil {
			return "", false, err
		}
		return "", false, nil
	}
	t, err := s.token()
	if err != nil {
		return "", false, err
	}
	k, ok := t.(string)
	if !ok {
		return "", false, s.problem(s.dec.InputOffset(), "expected an object key, got %v", describe(t))
	}
	return k, true, nil
}

// decode decodes the next value into v.
func (s *jsonStream) decode(v any) error {
	start := s.pr.skipSep(s.dec.InputOffset())
	if err := s.dec.Decode(v); err != nil {
		return s.fail(err, start)
	}
	return nil
}

// skipper consumes a JSON value without keeping it.
type skipper struct{}

func (*skipper) UnmarshalJSON([]byte) error { return nil }

// skip consumes the next value. An object or array is walked one level
// down, so that a huge value (the Reserved terms of an EC2 offer) never
// sits whole in the decoder's buffer.
func (s *jsonStream) skip() error {
	t, err := s.token()
	if err != nil {
		return err
	}
	switch t {
	case json.Delim('['):
		for s.dec.More() {
			if err := s.decode(&skipper{}); err != nil {
				return err
			}
		}
		return s.delim(']', "array")
	case json.Delim('{'):
		for {
			_, ok, err := s.key()
			if err != nil || !ok {
				return err
			}
			if err := s.decode(&skipper{}); err != nil {
				return err
			}
		}
	}
	return nil // a scalar, consumed by token
}

// end requires that nothing but whitespace follows the document.
func (s *jsonStream) end() error {
	off := s.pr.skipSep(s.dec.InputOffset())
	if _, err := s.dec.Token(); !errors.Is(err, io.EOF) {
		return s.problem(off, "unexpected data after the end of the JSON document")
	}
	return nil
}

func describe(t json.Token) string {
	switch v := t.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return fmt.Sprintf("the string %q", v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", t)
}

// eachOf streams a page that is one object whose key field holds an array
// (a Retail Prices page's "Items", a Billing Catalog page's "skus"): every
// other key is skipped, each element is decoded into a T and handed to fn,
// and a page without the key is an error naming it. what names the page in
// messages ("Retail Prices page").
func eachOf[T any](s *jsonStream, what, field string, fn func(T)) error {
	if err := s.delim('{', what); err != nil {
		return err
	}
	saw := false
	for {
		k, ok, err := s.key()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		if k != field {
			if err := s.skip(); err != nil {
				return err
			}
			continue
		}
		saw = true
		if err := s.delim('[', field); err != nil {
			return err
		}
		for s.dec.More() {
			var v T
			if err := s.decode(&v); err != nil {
				return err
			}
			fn(v)
		}
		if err := s.delim(']', field); err != nil {
			return err
		}
	}
	if err := s.end(); err != nil {
		return err
	}
	if !saw {
		return errs.Problems{{Position: errs.Position{File: s.name}, Message: fmt.Sprintf("no %q in the %s", field, what)}}.Err()
	}
	return nil
}
