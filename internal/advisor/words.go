package advisor

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/fulcrum-tools/fulcrum/internal/pricing"
)

// some says "1 engineer", "0.5 engineers", "3 GPUs": n (to two significant
// figures, as the advisor's reasons give people and counts) and the noun in
// the number it agrees with.
func some(n float64, noun string) string {
	s := fmt.Sprintf("%.2g", n)
	if strings.ContainsAny(s, "e") {
		s = fmt.Sprintf("%.0f", n)
	}
	if s == "1" {
		return s + " " + noun
	}
	return s + " " + noun + "s"
}

// article is "a" or "an" before a word, by its sound: "an AKS cluster", "an
// EKS", "a GKE", "an hour".
func article(word string) string {
	if word == "" {
		return "a"
	}
	first := word[0]
	// Initialisms read letter by letter: A, E, F, H, I, L, M, N, O, R, S, X
	// begin with a vowel sound ("an EKS", "an S3 bucket").
	if len(word) > 1 && word[1] >= 'A' && word[1] <= 'Z' && first >= 'A' && first <= 'Z' {
		if strings.IndexByte("AEFHILMNORSX", first) >= 0 {
			return "an"
		}
		return "a"
	}
	if strings.IndexByte("aeiouAEIOU", first) >= 0 {
		return "an"
	}
	return "a"
}

// grouped formats a whole number with thousands separators: 12,288.
func grouped(f float64) string { return pricing.FormatQty(decimal.NewFromFloat(f).Round(0)) }

// Article names the article Fulcrum starts from, where a reason cites it
// (docs/article-audit.md checks its claims).
const Article = "the article “Kubernetes vs Serverless: When to Use What in 2026”"
