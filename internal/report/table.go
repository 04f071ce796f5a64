// Package report renders results as terminal tables, Markdown and JSON. Every
// renderer draws from the same structs; none of them computes anything.
package report

import (
	"strings"
	"unicode/utf8"
)

// Table is a simple column-aligned table. Right-aligned columns are for numbers.
type Table struct {
	Header []string
	Rows   [][]string
	Right  map[int]bool
	// Wrap marks the columns Fit may wrap (default: the last one).
	Wrap map[int]bool
	// Style, when set, decorates a cell's text (colour) after it is padded
	// and wrapped, so widths are measured without it. row is the row index.
	Style func(row, col int, cell string) string
	// After, when set, adds text under a row in Fit; starts holds the
	// column each table column starts at.
	After func(row int, starts []int) string
}

// Text renders t for a terminal: two spaces between columns, a rule under the header.
func (t Table) Text() string {
	w := t.widths()
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := w[i] - utf8.RuneCountInString(c)
			if t.Right[i] {
				b.WriteString(strings.Repeat(" ", pad))
				b.WriteString(c)
			} else {
				b.WriteString(c)
				if i < len(cells)-1 {
					b.WriteString(strings.Repeat(" ", pad))
				}
			}
		}
		b.WriteString("\n")
	}
	line(t.Header)
	rule := make([]string, len(t.Header))
	for i := range rule {
		rule[i] = strings.Repeat("─", w[i])
	}
	line(rule)
	for _, r := range t.Rows {
		line(r)
	}
	return b.String()
}

// Markdown renders t as a GitHub-flavoured Markdown table.
func (t Table) Markdown() string {
	var b strings.Builder
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	b.WriteString("|")
	for _, h := range t.Header {
		b.WriteString(" " + esc(h) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Header {
		if t.Right[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func (t Table) widths() []int {
	w := make([]int, len(t.Header))
	for i, h := range t.Header {
		w[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			if i < len(w) && utf8.RuneCountInString(c) > w[i] {
				w[i] = utf8.RuneCountInString(c)
			}
		}
	}
	return w
}
