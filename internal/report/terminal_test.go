package report

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func TestWrap(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		in    string
		width int
		want  []string
	}{
		{"fits", "a b c", 10, []string{"a b c"}},
		{"breaks at spaces", "one two three", 7, []string{"one two", "three"}},
		{"long word cut, not dropped", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"no-break space holds", "gke\u00a0×3, eks", 7, []string{"gke\u00a0×3,", "eks"}},
		{"empty", "", 5, []string{""}},
	}
	for _, c := range cases {
		got := wrap(c.in, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: wrap(%q, %d) = %q, want %q", c.name, c.in, c.width, got, c.want)
		}
	}
}

// TestFitNeverWider: a table with a long prose column fits the width, and
// every word of every cell is still there.
func TestFitNeverWider(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a reason with many words ", 12)
	tb := Table{Header: []string{"name", "amount", "why"}, Right: map[int]bool{1: true},
		Rows: [][]string{{"web", "$1.00", long}, {"api", "$10.00", "short"}}}
	out := tb.Fit(60)
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 60 {
			t.Errorf("line of %d columns: %q", n, l)
		}
	}
	if got, want := strings.Count(out, "reason"), 12; got != want {
		t.Errorf("%d of %d words kept:\n%s", got, want, out)
	}
	if !strings.Contains(out, "api   $10.00  short") {
		t.Errorf("columns misaligned:\n%s", out)
	}
}

func TestFootnotes(t *testing.T) {
	t.Parallel()
	var f Footnotes
	a := f.Cite("no GPUs (source: https://example.com/a); limit (source: https://example.com/b)")
	b := f.Cite("again (source: https://example.com/a), and https://example.com/c.")
	if a != "no GPUs [1]; limit [2]" || b != "again [1], and [3]." {
		t.Errorf("got %q and %q", a, b)
	}
	if got := f.Text(80); got != "[1] https://example.com/a\n[2] https://example.com/b\n[3] https://example.com/c\n" {
		t.Errorf("footnotes:\n%s", got)
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	cases := []struct{ got, want string }{
		{Plural(1, "engineer", "engineers"), "1 engineer"},
		{Plural(2, "engineer", "engineers"), "2 engineers"},
		{Plural(0.5, "engineer", "engineers"), "0.5 engineers"},
		{Plural(1500, "request", "requests"), "1,500 requests"},
		{Article("AKS") + " AKS", "an AKS"},
		{Article("EKS") + " EKS", "an EKS"},
		{Article("GKE") + " GKE", "a GKE"},
		{Article("Azure") + " Azure", "an Azure"},
		{Millis(45), "45 ms"},
		{Millis(32139), "32.1 s"},
		{Millis(1809652), "30.2 min"}, // a 30-minute batch job's p99
		{Millis(-0.0), "0 ms"},        // never "-0 ms"
		{Latency(2424), "2424 ms"},    // a simulated p99
		{Latency(0), "-"},             // nothing finished: no latency, not "0 ms"
		{Latency(-0.0), "-"},          // nor "-0 ms"
		{Latency(math.NaN()), "-"},    // nor "NaN ms"
		{Delta(decimal.NewFromInt(2)), "+$2.00"},
		{Delta(decimal.NewFromInt(-3)), "-$3.00"},
		{Percent(decimal.NewFromInt(100), decimal.NewFromInt(112)), "+12.0%"},
		{Percent(decimal.Zero, decimal.NewFromInt(5)), "new"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestPaletteOffAddsNothing(t *testing.T) {
	t.Parallel()
	if (Palette{}).Green("x") != "x" || StripANSI((Palette{On: true}).Green("x")) != "x" {
		t.Error("palette")
	}
}
