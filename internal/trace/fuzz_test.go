package trace

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzFormat feeds arbitrary input to a reader: it must never panic, must
// end, and every failure must be a positioned problem (exit code 2).
func fuzzFormat(f *testing.F, format string, seeds ...string) {
	for _, s := range seeds {
		if b, err := os.ReadFile(filepath.Join("testdata", s)); err == nil {
			f.Add(string(b))
		} else {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, skip := range []bool{false, true} {
			r, err := New(format, "fuzz", strings.NewReader(in), Options{SkipBadLines: skip})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; ; i++ {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					if !IsProblem(err) {
						t.Fatalf("error is not a problem: %v", err)
					}
					if skip && format != "prometheus" {
						t.Fatalf("skipping line formats still failed: %v", err)
					}
					break
				}
				if rec.Count < 0 {
					t.Fatalf("negative count %g", rec.Count)
				}
				if i > len(in)*MinutesPerDay+10 {
					t.Fatal("reader does not end")
				}
			}
		}
	})
}

func FuzzCSV(f *testing.F)       { fuzzFormat(f, "csv", "requests.csv", "1,2\n,\n") }
func FuzzCSVCounts(f *testing.F) { fuzzFormat(f, "csv-counts", "counts.csv", "1,2\n3\n") }
func FuzzCombined(f *testing.F)  { fuzzFormat(f, "combined", "access.log", `[" "`) }
func FuzzALB(f *testing.F)       { fuzzFormat(f, "alb", "alb.log", `http "`) }
func FuzzAzure2019(f *testing.F) {
	fuzzFormat(f, "azure2019", "invocations_per_function_md.anon.d01.csv")
}
func FuzzAzure2021(f *testing.F) { fuzzFormat(f, "azure2021", "azure2021.csv", "a b 1 2\n") }
func FuzzPrometheus(f *testing.F) {
	fuzzFormat(f, "prometheus", "prometheus.json", `{"data":{"result":[{"values":[[1,"2"]]}]}}`)
}

func FuzzDetect(f *testing.F) {
	for _, s := range []string{"requests.csv", "counts.csv", "access.log", "alb.log", "azure2021.csv", "prometheus.json"} {
		b, _ := os.ReadFile(filepath.Join("testdata", s))
		f.Add(s, string(b))
	}
	f.Fuzz(func(t *testing.T, name, head string) {
		Detect(name, []byte(head)) // must not panic
	})
}
