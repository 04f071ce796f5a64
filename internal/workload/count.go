package workload

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
)

// CountTextPattern is how a spec may write a count as text: digits with
// optional separators and decimals, then a suffix (40k, 10M, 1.5B).
var CountTextPattern = regexp.MustCompile(`^[0-9][0-9_,]*(\.[0-9]+)?[kKMBGT]$`)

// countSuffixes are the multipliers a count may end in.
var countSuffixes = map[byte]float64{'k': 1e3, 'K': 1e3, 'M': 1e6, 'B': 1e9, 'G': 1e9, 'T': 1e12}

// ParseCount reads a count as people write one: 1500, 1,500, 1_500, 2.5e6,
// 40k, 10M, 1.5B (k or K thousand, M million, B or G billion, T trillion).
// Lower-case m is refused: it means milli in Kubernetes quantities.
func ParseCount(s string) (float64, error) {
	t := strings.TrimSpace(s)
	mult := 1.0
	if n := len(t); n > 1 {
		if m, ok := countSuffixes[t[n-1]]; ok {
			mult, t = m, t[:n-1]
		}
	}
	t = strings.NewReplacer(",", "", "_", "").Replace(t)
	if t == "" || strings.ContainsAny(t, "xXpP") || strings.HasPrefix(strings.ToLower(t), "0x") {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, fmt.Errorf("%q is not a count", s)
	}
	// Round away the float noise of the multiplication (1.1M is 1,100,000).
	v := f * mult
	if mult > 1 {
		v = math.Round(v*1e6) / 1e6
	}
	return v, nil
}
