package report

import (
	"fmt"
	"regexp"
	"strings"
)

// Footnotes numbers the sources a rendering cites, so that each URL is
// printed once at the end instead of inline in every sentence.
type Footnotes struct {
	urls  []string
	index map[string]int
}

var (
	sourceRe = regexp.MustCompile(`\s*\(source: (https?://[^\s)]+)\)`)
	urlRe    = regexp.MustCompile(`https?://[^\s)\]]+`)
)

// Cite replaces every "(source: URL)" and bare URL in s by a footnote
// number like [3], numbering new URLs in the order first seen.
func (f *Footnotes) Cite(s string) string {
	s = sourceRe.ReplaceAllStringFunc(s, func(m string) string {
		u := sourceRe.FindStringSubmatch(m)[1]
		return fmt.Sprintf(" [%d]", f.number(u))
	})
	return urlRe.ReplaceAllStringFunc(s, func(m string) string {
		u := strings.TrimRight(m, ".,;:")
		return fmt.Sprintf("[%d]", f.number(u)) + m[len(u):]
	})
}

// Refs returns the footnote marks of urls, like "[1][4]".
func (f *Footnotes) Refs(urls []string) string {
	var b strings.Builder
	for _, u := range urls {
		fmt.Fprintf(&b, "[%d]", f.number(u))
	}
	return b.String()
}

func (f *Footnotes) number(u string) int {
	if f.index == nil {
		f.index = map[string]int{}
	}
	if n, ok := f.index[u]; ok {
		return n
	}
	f.urls = append(f.urls, u)
	f.index[u] = len(f.urls)
	return len(f.urls)
}

// Len is the number of distinct sources cited so far.
func (f *Footnotes) Len() int { return len(f.urls) }

// Text lists the sources, one a line, each under its number.
func (f *Footnotes) Text(width int) string {
	var b strings.Builder
	pad := len(fmt.Sprint(len(f.urls))) + 3
	for i, u := range f.urls {
		mark := fmt.Sprintf("[%d]", i+1)
		b.WriteString(paragraph(u, width, mark+strings.Repeat(" ", pad-len(mark))))
	}
	return b.String()
}

// Markdown lists the sources as a numbered list of links.
func (f *Footnotes) Markdown() string {
	var b strings.Builder
	for i, u := range f.urls {
		fmt.Fprintf(&b, "%d. <%s>\n", i+1, u)
	}
	return b.String()
}

// Palette decorates text for a colour terminal; its zero value adds nothing
// (pipes, files, NO_COLOR).
type Palette struct{ On bool }

func (p Palette) wrap(code, s string) string {
	if !p.On || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// Bold, Green, Yellow, Red and Dim style s when the palette is on.
func (p Palette) Bold(s string) string   { return p.wrap("1", s) }
func (p Palette) Green(s string) string  { return p.wrap("32", s) }
func (p Palette) Yellow(s string) string { return p.wrap("33", s) }
func (p Palette) Red(s string) string    { return p.wrap("31", s) }
func (p Palette) Dim(s string) string    { return p.wrap("2", s) }

// StripANSI removes colour codes (for measuring and tests).
func StripANSI(s string) string { return ansiRe.ReplaceAllString(s, "") }

var ansiRe = regexp.MustCompile("\x1b\\[[0-9;]*m")
