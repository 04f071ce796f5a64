package trace

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// maxLine is the longest line any format needs (an Azure 2019 row is about
// 1440 × 6 bytes); longer lines are malformed, not a reason to grow memory.
const maxLine = 1 << 20

// lines reads a file line by line, numbering lines from 1, and implements the
// skip-or-fail policy for malformed lines shared by every line format.
type lines struct {
	name    string
	r       *bufio.Reader
	n       int
	opt     Options
	skipped int
	buf     []byte
}

func newLines(name string, r io.Reader, opt Options) *lines {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	return &lines{name: name, r: br, opt: opt}
}

// next returns the next non-blank line without its line ending; the slice is
// valid until the following call. It returns io.EOF at the end.
func (l *lines) next() ([]byte, error) {
	for {
		line, err := l.read()
		if err != nil {
			return nil, err
		}
		l.n++
		line = bytes.TrimRight(line, "\r\n")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		return line, nil
	}
}

func (l *lines) read() ([]byte, error) {
	line, err := l.r.ReadSlice('\n')
	if err == nil || (err == io.EOF && len(line) > 0) {
		return line, nil
	}
	if err == io.EOF {
		return nil, io.EOF
	}
	if err != bufio.ErrBufferFull {
		return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", l.name, err))
	}
	l.buf = append(l.buf[:0], line...)
	for {
		more, err := l.r.ReadSlice('\n')
		l.buf = append(l.buf, more...)
		if len(l.buf) > maxLine {
			// Drain the rest of the line so that skipping can continue after it.
			for err == bufio.ErrBufferFull {
				_, err = l.r.ReadSlice('\n')
			}
			l.n++
			e := problem(l.name, l.n, "line longer than %d bytes; expected a trace line", maxLine)
			if l.opt.SkipBadLines {
				l.skipped++
				return l.read()
			}
			return nil, e
		}
		if err == nil || err == io.EOF {
			return l.buf, nil
		}
		if err != bufio.ErrBufferFull {
			return nil, errs.E(errs.Invalid, fmt.Errorf("read %s: %w", l.name, err))
		}
	}
}

// bad handles a malformed current line: it counts it and returns nil when
// skipping, else the problem naming the file and line.
func (l *lines) bad(format string, args ...any) error {
	if l.opt.SkipBadLines {
		l.skipped++
		return nil
	}
	return problem(l.name, l.n, format, args...)
}

func (l *lines) scale(c float64) float64 {
	if l.opt.Scale == 0 {
		return c
	}
	return c * l.opt.Scale
}

// fields splits a line on sep, into dst (reused), without allocating strings.
func fields(line []byte, sep byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	for {
		i := bytes.IndexByte(line, sep)
		if i < 0 {
			return append(dst, line)
		}
		dst = append(dst, line[:i])
		line = line[i+1:]
	}
}
