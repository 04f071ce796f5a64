package spec

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func BenchmarkParse(b *testing.B) {
	full, err := os.ReadFile("testdata/good/full.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var big strings.Builder
	big.WriteString("version: 1\nname: big\ncomponents:\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&big, "  - name: c%d\n    type: http-api\n    requests_per_month: 1000000\n    duration_ms: 120\n    memory_mb: 512\n    traffic: {shape: diurnal, peak_to_mean: 3}\n    downstream: {dynamodb_reads: 2, s3_puts: 1}\n", i)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{{"full", full}, {"1000-components", []byte(big.String())}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			for b.Loop() {
				if _, _, err := Parse("b.yaml", tc.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
