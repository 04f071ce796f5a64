package workload

import "testing"

func TestParseCount(t *testing.T) {
	t.Parallel()
	ok := []struct {
		in   string
		want float64
	}{
		{"1500", 1500},          // a plain number
		{"1,500", 1500},         // thousands separators
		{"1_500", 1500},         // YAML-style underscores
		{"40k", 40_000},         // thousand
		{"40K", 40_000},         // thousand, capital
		{"10M", 10_000_000},     // million
		{"1.5B", 1_500_000_000}, // billion
		{"2G", 2_000_000_000},   // billion, SI letter
		{"1.1M", 1_100_000},     // no float noise
		{"0.5k", 500},           // fractions of a suffix
		{"2.5e6", 2_500_000},    // exponent
		{"0", 0},                // zero
		{" 3M ", 3_000_000},     // surrounding blanks
	}
	for _, c := range ok {
		got, err := ParseCount(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseCount(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []string{
		"",      // nothing
		"M",     // a suffix alone
		"10m",   // milli, not million
		"ten",   // words
		"10MB",  // a unit, not a count
		"1e999", // infinite
		"0x10",  // hex
		"NaN",   // not a number
	}
	for _, in := range bad {
		if got, err := ParseCount(in); err == nil {
			t.Errorf("ParseCount(%q) = %v, want an error", in, got)
		}
	}
}
