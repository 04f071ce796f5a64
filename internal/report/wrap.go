package report

import (
	"strings"
	"unicode/utf8"
)

// Width is the number of columns the terminal renderings fit in.
const Width = 100

// wrap breaks s into lines of at most width runes at spaces. A word longer
// than width (a long URL) is cut into pieces of width runes, so that no line
// is ever wider than asked; nothing is dropped.
func wrap(s string, width int) []string {
	if width < 1 {
		width = 1
	}
	var lines []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		lines = append(lines, cur.String())
		cur.Reset()
		curLen = 0
	}
	for _, word := range strings.FieldsFunc(s, isBreak) {
		n := utf8.RuneCountInString(word)
		for n > width {
			if curLen > 0 {
				flush()
			}
			r := []rune(word)
			lines = append(lines, string(r[:width]))
			word = string(r[width:])
			n -= width
		}
		if n == 0 {
			continue
		}
		switch {
		case curLen == 0:
		case curLen+1+n <= width:
			cur.WriteByte(' ')
			curLen++
		default:
			flush()
		}
		cur.WriteString(word)
		curLen += n
	}
	if curLen > 0 || len(lines) == 0 {
		flush()
	}
	return lines
}

// paragraph wraps s to width with first prefixing the first line and an
// equally wide indent the others (a hanging indent for list items).
func paragraph(s string, width int, first string) string {
	ind := strings.Repeat(" ", utf8.RuneCountInString(first))
	var b strings.Builder
	for i, l := range wrap(s, width-utf8.RuneCountInString(first)) {
		if i == 0 {
			b.WriteString(first)
		} else {
			b.WriteString(ind)
		}
		b.WriteString(l)
		b.WriteString("\n")
	}
	return b.String()
}

// Fit renders t for a terminal in at most width columns: when the natural
// widths are too wide, the widest wrappable columns (Wrap, or the last
// column if none is marked) are narrowed and their cells wrapped onto
// further lines. Nothing is truncated.
func (t Table) Fit(width int) string {
	w := t.widths()
	total := 2 * (len(w) - 1)
	for _, x := range w {
		total += x
	}
	wrapCols := t.Wrap
	if len(wrapCols) == 0 {
		wrapCols = map[int]bool{len(w) - 1: true}
	}
	for total > width {
		// Narrow the widest wrappable column by one, down to a floor.
		best := -1
		for i := range w {
			if wrapCols[i] && w[i] > minWrap(t.Header[i]) && (best < 0 || w[i] > w[best]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		w[best]--
		total--
	}
	var b strings.Builder
	line := func(row int, cells []string) {
		// Each cell as its lines.
		parts := make([][]string, len(cells))
		height := 1
		for i, c := range cells {
			if i < len(w) && utf8.RuneCountInString(c) > w[i] {
				parts[i] = wrap(c, w[i])
			} else {
				parts[i] = []string{c}
			}
			height = max(height, len(parts[i]))
		}
		for k := range height {
			var lb strings.Builder
			for i := range cells {
				c := ""
				if k < len(parts[i]) {
					c = parts[i][k]
				}
				if i > 0 {
					lb.WriteString("  ")
				}
				pad := max(w[i]-utf8.RuneCountInString(c), 0)
				styled := c
				if t.Style != nil && row >= 0 && c != "" {
					styled = t.Style(row, i, c)
				}
				if t.Right[i] {
					lb.WriteString(strings.Repeat(" ", pad))
					lb.WriteString(styled)
				} else {
					lb.WriteString(styled)
					lb.WriteString(strings.Repeat(" ", pad))
				}
			}
			b.WriteString(strings.TrimRight(lb.String(), " "))
			b.WriteString("\n")
		}
	}
	line(-1, t.Header)
	rule := make([]string, len(t.Header))
	for i := range rule {
		rule[i] = strings.Repeat("─", w[i])
	}
	line(-2, rule)
	starts := make([]int, len(w))
	for i := 1; i < len(w); i++ {
		starts[i] = starts[i-1] + w[i-1] + 2
	}
	for r, row := range t.Rows {
		line(r, row)
		if t.After != nil {
			b.WriteString(t.After(r, starts))
		}
	}
	return b.String()
}

// minWrap is the narrowest a wrapped column may become: its header's width,
// and at least 12.
func minWrap(header string) int {
	return max(utf8.RuneCountInString(header), 12)
}

// isBreak is where wrap may break a line: ASCII white space only, so that a
// no-break space (U+00A0) holds "gke ×3" together.
func isBreak(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }

// Paragraph wraps s to width columns, first prefixing its first line and
// an indent as wide the others.
func Paragraph(s string, width int, first string) string { return paragraph(s, width, first) }
