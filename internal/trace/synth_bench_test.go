package trace

import (
	"io"
	"testing"
)

// BenchmarkSynthDay writes one day of a 2,000-function synthetic trace.
func BenchmarkSynthDay(b *testing.B) {
	s := NewSynth(2000, 1, 1)
	for b.Loop() {
		if err := s.WriteInvocations(io.Discard, 0); err != nil {
			b.Fatal(err)
		}
	}
}
