package kube

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Quantities follow the Kubernetes resource.Quantity notation for the cases a
// pod spec uses: CPU as cores ("0.5", "2") or millicores ("500m"), memory as
// bytes with a binary ("Ki", "Mi", "Gi", "Ti") or decimal ("k", "M", "G",
// "T") suffix. This small parser replaces k8s.io/apimachinery, whose
// resource package pulls in enough dependencies to add about 30 s to a cold
// build; see docs/kubernetes-simulator.md.

// ParseCPU parses a CPU quantity and returns millicores. Fractions of a
// millicore are rounded up, as the API server does for requests.
func ParseCPU(s string) (int64, error) {
	num, suffix, err := splitQuantity(s)
	if err != nil {
		return 0, fmt.Errorf("cpu %q: %w (valid: cores such as 0.5 or 2, or millicores such as 500m)", s, err)
	}
	var milli float64
	switch suffix {
	case "":
		milli = num * 1000
	case "m":
		milli = num
	default:
		return 0, fmt.Errorf("cpu %q: unknown suffix %q (valid: cores such as 0.5 or 2, or millicores such as 500m)", s, suffix)
	}
	if milli <= 0 {
		return 0, fmt.Errorf("cpu %q: must be more than zero", s)
	}
	if milli > 1e9 {
		return 0, fmt.Errorf("cpu %q: too large", s)
	}
	return int64(math.Ceil(milli - 1e-9)), nil
}

var memSuffix = map[string]float64{
	"":   1,
	"k":  1e3,
	"M":  1e6,
	"G":  1e9,
	"T":  1e12,
	"Ki": 1 << 10,
	"Mi": 1 << 20,
	"Gi": 1 << 30,
	"Ti": 1 << 40,
}

// ParseMemory parses a memory quantity and returns bytes (rounded up).
func ParseMemory(s string) (int64, error) {
	num, suffix, err := splitQuantity(s)
	if err != nil {
		return 0, fmt.Errorf("memory %q: %w (valid: bytes with a suffix such as 512Mi, 1Gi or 500M)", s, err)
	}
	mul, ok := memSuffix[suffix]
	if !ok {
		return 0, fmt.Errorf("memory %q: unknown suffix %q (valid: Ki, Mi, Gi, Ti, k, M, G, T)", s, suffix)
	}
	b := num * mul
	if b <= 0 {
		return 0, fmt.Errorf("memory %q: must be more than zero", s)
	}
	if b > 1<<50 {
		return 0, fmt.Errorf("memory %q: too large", s)
	}
	return int64(math.Ceil(b - 1e-6)), nil
}

// splitQuantity separates a non-negative decimal number from its suffix.
func splitQuantity(s string) (float64, string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, "", fmt.Errorf("empty quantity")
	}
	if s[0] == '-' {
		return 0, "", fmt.Errorf("negative quantity")
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == '+') {
		i++
	}
	numPart, suffix := s[:i], s[i:]
	if numPart == "" || strings.Count(numPart, ".") > 1 || strings.Contains(numPart[1:], "+") {
		return 0, "", fmt.Errorf("not a number")
	}
	num, err := strconv.ParseFloat(numPart, 64)
	if err != nil || math.IsNaN(num) || math.IsInf(num, 0) {
		return 0, "", fmt.Errorf("not a number")
	}
	return num, suffix, nil
}

// MiB is the number of bytes in a mebibyte.
const MiB = 1 << 20

// GiB is the number of bytes in a gibibyte.
const GiB = 1 << 30
