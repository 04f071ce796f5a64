package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// Plural writes n with its noun, singular for exactly one: "1 engineer",
// "2 engineers", "0.5 engineers". plural is the noun's plural form.
func Plural(n float64, singular, plural string) string {
	if n == 1 {
		return "1 " + singular
	}
	return fmt.Sprintf("%s %s", trimNum(n), plural)
}

func trimNum(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return Qty(decimal.NewFromFloat(f))
	}
	return fmt.Sprintf("%.3g", f)
}

// Article is "a" or "an" for the word that follows, as it is spoken:
// "an AKS cluster", "an EKS cluster", "a GKE cluster", "an API".
func Article(word string) string {
	if word == "" {
		return "a"
	}
	w := strings.ToLower(word)
	// Initialisms are read letter by letter.
	if len(word) > 1 && strings.ToUpper(word) == word && !strings.ContainsAny(word, "-_ ") {
		if strings.ContainsRune("aefhilmnorsx", rune(w[0])) {
			return "an"
		}
		return "a"
	}
	if strings.ContainsRune("aeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}

// Millis formats a latency or duration given in milliseconds in the unit a
// reader would use: "45 ms", "32.1 s", "30.2 min", "2.5 h".
func Millis(ms float64) string {
	if ms < 0 || ms == 0 { // -0 too
		return "0 ms"
	}
	switch {
	case ms < 10_000:
		return fmt.Sprintf("%.0f ms", ms)
	case ms < 60_000:
		return fmt.Sprintf("%.1f s", ms/1000)
	case ms < 3_600_000:
		return fmt.Sprintf("%.1f min", ms/60_000)
	default:
		return fmt.Sprintf("%.1f h", ms/3_600_000)
	}
}

// Latency formats a simulated latency like Millis, or "-" when there is
// none to show: a zero, negative or NaN percentile means nothing finished
// (a p99 of 0 ms would read as instant).
func Latency(ms float64) string {
	if !(ms > 0) {
		return "-"
	}
	return Millis(ms)
}

// Seconds formats a duration in seconds the same way.
func Seconds(s float64) string { return Millis(s * 1000) }

// Delta formats a change in dollars with its sign: "+$2.00", "-$13.50", "$0.00".
func Delta(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + USD(d)
	}
	return USD(d)
}

// Percent formats the change from old to new: "+12.5%", "-3.0%", "new" when
// old is zero.
func Percent(old, new decimal.Decimal) string {
	if old.IsZero() {
		if new.IsZero() {
			return "0.0%"
		}
		return "new"
	}
	p := new.Sub(old).Div(old.Abs()).Mul(decimal.NewFromInt(100)).InexactFloat64()
	if p > 0 {
		return fmt.Sprintf("+%.1f%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

// Thousands writes an integer with thousands separators.
func Thousands(n int64) string { return Qty(decimal.NewFromInt(n)) }
