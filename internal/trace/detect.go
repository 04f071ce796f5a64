package trace

import (
	"bufio"
	"bytes"
	"io"
	"path"
	"strings"

	"github.com/fulcrum-tools/fulcrum/internal/errs"
)

// Open returns a reader of r. With format "" it detects the format from the
// file name and the first lines (Detect).
func Open(format, name string, r io.Reader, opt Options) (Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if format == "" {
		head, _ := br.Peek(8 << 10)
		f, err := Detect(name, head)
		if err != nil {
			return nil, err
		}
		format = f
	}
	return New(format, name, br, opt)
}

// Detect names the format of a file from its name and its first bytes.
func Detect(name string, head []byte) (string, error) {
	base := path.Base(name)
	switch {
	case strings.HasPrefix(base, "invocations_per_function"):
		return "azure2019", nil
	case strings.HasPrefix(base, "function_durations_percentiles"), strings.HasPrefix(base, "app_memory_percentiles"):
		return "", errs.Errorf(errs.Usage, "%s is an Azure 2019 durations or memory file; give the invocations_per_function file, or the directory holding it", name)
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return "prometheus", nil
	}
	line := firstLine(trimmed)
	switch {
	case bytes.HasPrefix(line, []byte("HashOwner,HashApp,HashFunction,Trigger")):
		return "azure2019", nil
	case bytes.HasPrefix(line, []byte("HashOwner")):
		return "", errs.Errorf(errs.Usage, "%s is an Azure 2019 durations or memory file; give the invocations_per_function file", name)
	case bytes.HasPrefix(line, []byte("app")) && bytes.Contains(line, []byte("end_timestamp")):
		return "azure2021", nil
	}
	if tok := bytes.Fields(line); len(tok) > 12 && albTypes[string(tok[0])] {
		if _, err := parseTime(tok[1]); err == nil {
			return "alb", nil
		}
	}
	if open := bytes.IndexByte(line, '['); open >= 0 && bytes.IndexByte(line, '"') > open {
		return "combined", nil
	}
	// CSV: skip a header, then look at the first data line.
	data := line
	f := fields(line, ',', nil)
	if _, err := parseTime(bytes.TrimSpace(f[0])); err != nil && isHeader(f[0]) {
		rest := trimmed[len(line):]
		data = firstLine(bytes.TrimLeft(rest, "\r\n"))
		if bytes.Contains(bytes.ToLower(line), []byte("count")) {
			return "csv-counts", nil
		}
	}
	f = fields(data, ',', nil)
	if _, err := parseTime(bytes.TrimSpace(f[0])); err == nil {
		if len(f) == 1 {
			return "csv", nil
		}
		if len(f) == 2 {
			// Two columns: timestamp,count or timestamp,duration_ms. Integer second
			// columns on a regular grid are counts; the header decides otherwise.
			if bytes.Contains(bytes.ToLower(line), []byte("duration")) {
				return "csv", nil
			}
			return "csv-counts", nil
		}
	}
	return "", errs.WithHint(errs.Errorf(errs.Invalid, "%s: cannot tell the trace format from its first line %q", name, clip(line)),
		"give --format; valid formats:\n"+FormatList())
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return bytes.TrimRight(b[:i], "\r")
	}
	return b
}
