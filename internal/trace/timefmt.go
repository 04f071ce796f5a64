package trace

import (
	"fmt"
	"strconv"
	"time"
)

// parseTime reads a timestamp as seconds since the Unix epoch. It accepts
// RFC 3339 (with or without fractional seconds, "T" or a space between date
// and time, a zone or "Z"; no zone means UTC) and Unix epoch numbers:
// seconds, or milliseconds / microseconds / nanoseconds when the number is
// too large to be seconds before the year 5000 (above 1e11, 1e14, 1e17).
func parseTime(b []byte) (float64, error) {
	if len(b) == 0 {
		return 0, fmt.Errorf("empty timestamp")
	}
	if c := b[0]; c >= '0' && c <= '9' && !hasDateDash(b) {
		v, err := strconv.ParseFloat(string(b), 64)
		if err != nil || v < 0 {
			return 0, fmt.Errorf("%q is not a timestamp", b)
		}
		switch {
		case v > 1e17:
			v /= 1e9
		case v > 1e14:
			v /= 1e6
		case v > 1e11:
			v /= 1e3
		}
		return v, nil
	}
	s := string(b)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.UnixNano()) / 1e9, nil
		}
	}
	return 0, fmt.Errorf("%q is not a timestamp", b)
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
}

func hasDateDash(b []byte) bool {
	return len(b) > 4 && b[4] == '-'
}
