package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func init() {
	// Another test file of this package may define -update too; share it.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata/")
	}
}

func moreUpdate() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// runMore runs the CLI in-process and returns stdout, stderr and the exit code.
func runMore(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{
		Args:     args,
		Stdout:   &out,
		Stderr:   &errb,
		Stdin:    strings.NewReader(""),
		ReadFile: os.ReadFile,
		Now:      func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) },
	}
	code := Main(st)
	return out.String(), errb.String(), code
}

// TestPriceMoreGolden runs each GCP, Azure, Cloudflare and Vercel offering
// and compares the table with testdata/price_<offering>.golden (-update
// rewrites them).
func TestPriceMoreGolden(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
		total  string // the provider's figure where one exists
	}{
		// Cloudflare Workers pricing page, Example 1: $8.00.
		{"price_cloudflare-workers", []string{"price", "cloudflare-workers", "--requests", "15000000", "--cpu-time", "7ms"}, "$8.00"},
		{"price_gcp-cloud-run", []string{"price", "gcp-cloud-run", "--requests", "10000000", "--duration", "200ms", "--vcpu", "1", "--memory-mb", "512", "--concurrency", "1", "--free-tier"}, "$48.48"},
		{"price_gcp-cloud-functions", []string{"price", "gcp-cloud-functions", "--invocations", "10000000", "--duration", "300ms", "--memory-mb", "128", "--free-tier"}, "$7.20"},
		{"price_gke", []string{"price", "gke", "--hours", "730"}, "$73.00"},
		{"price_gke_free-tier", []string{"price", "gke", "--hours", "744", "--free-tier"}, "$0.00"},
		{"price_gce", []string{"price", "gce", "--machine-type", "e2-standard-2", "--count", "3", "--hours", "730"}, "$146.74"},
		{"price_aks", []string{"price", "aks", "--hours", "730"}, "$0.00"},
		{"price_aks_standard", []string{"price", "aks", "--hours", "730", "--tier", "standard"}, "$73.00"},
		{"price_azure-vm", []string{"price", "azure-vm", "--size", "Standard_D2s_v5", "--count", "3", "--hours", "730"}, "$210.24"},
		// Learn's Flex Consumption example, CPU-bound, one hour: $1.872 + $0.0576, lines rounded.
		{"price_azure-functions", []string{"price", "azure-functions", "--plan", "flex", "--executions", "144000", "--duration", "250ms", "--memory-mb", "2048"}, "$1.93"},
		{"price_vercel-functions", []string{"price", "vercel-functions", "--invocations", "10000000", "--cpu-time", "50ms", "--duration", "200ms"}, "$35.56"},
		// Cloud NAT pricing page example: $18.61.
		{"price_gcp-cloud-nat", []string{"price", "gcp-cloud-nat", "--vms", "14", "--hours", "720", "--gb", "100"}, "$18.61"},
		{"price_gcp-load-balancer", []string{"price", "gcp-load-balancer", "--rules", "1", "--gb", "1000"}, "$26.25"},
		{"price_azure-load-balancer", []string{"price", "azure-load-balancer", "--rules", "10", "--gb", "1000"}, "$59.75"},
		{"price_azure-nat-gateway", []string{"price", "azure-nat-gateway", "--gb", "1000"}, "$77.85"},
		{"price_persistent-disk", []string{"price", "persistent-disk", "--provider", "azure", "--gb-months", "128"}, "$9.60"},
	}
	for _, tc := range tests {
		t.Run(tc.golden, func(t *testing.T) {
			out, errOut, code := runMore(t, tc.args...)
			if code != 0 {
				t.Fatalf("exit %d, stderr: %s", code, errOut)
			}
			if !strings.Contains(strings.SplitN(out, "\n", 2)[0], tc.total+" per month") {
				t.Errorf("first line %q, want total %s", strings.SplitN(out, "\n", 2)[0], tc.total)
			}
			path := filepath.Join("testdata", tc.golden+".golden")
			if moreUpdate() {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/cli -run TestPriceMoreGolden -update)", err)
			}
			if out != string(want) {
				t.Errorf("output differs from %s:\n--- got\n%s\n--- want\n%s", path, out, want)
			}
		})
	}
}

func TestPriceMoreJSON(t *testing.T) {
	out, errOut, code := runMore(t, "price", "cloudflare-workers", "--requests", "100000000", "--cpu-time", "7ms", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var b struct {
		Total     json.Number `json:"total_usd"`
		LineItems []struct {
			Amount json.Number `json:"amount_usd"`
		} `json:"line_items"`
	}
	if err := json.Unmarshal([]byte(out), &b); err != nil {
		t.Fatal(err)
	}
	// Workers pricing page, Example 4: 100M requests × 7 ms = $45.40.
	if b.Total.String() != "45.4" || len(b.LineItems) != 3 {
		t.Errorf("total %s with %d lines, want 45.4 with 3", b.Total, len(b.LineItems))
	}
}

// Bad flags and values exit 2 with a message naming the problem.
func TestPriceMoreBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"price", "gke", "--hours", "abc"}, `invalid argument "abc" for "--hours"`},
		{[]string{"price", "cloudflare-workers", "--cpu-time", "7"}, `invalid argument "7" for "--cpu-time"`},
		{[]string{"price", "cloudflare-workers", "--requests", "-5"}, "requests = -5: must be a finite number >= 0"},
		{[]string{"price", "aks", "--tier", "gold"}, `unknown tier "gold" (valid: free, standard, premium)`},
		{[]string{"price", "gce", "--machine-type", "e2-huge"}, `unknown type "e2-huge" (closest: e2-`},
		{[]string{"price", "azure-vm", "--size", "Standard_X"}, `unknown type "Standard_X"`},
		{[]string{"price", "azure-functions", "--plan", "premium"}, `unknown plan "premium"`},
		{[]string{"price", "gcp-cloud-run", "--gpus", "1"}, "GPUs require instance-based billing"},
		{[]string{"price", "vercel-functions", "--plan", "hobby", "--invocations", "5000000"}, "exceeds the Hobby plan"},
		{[]string{"price", "gcp-cloud-functions", "--memory-mb", "16384"}, "exceeds the largest 1st gen tier"},
		{[]string{"price", "gke", "--nodes", "3"}, "unknown flag: --nodes"},
	} {
		out, errOut, code := runMore(t, tc.args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", tc.args, code, errOut)
		}
		if !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: stderr %q, want it to contain %q", tc.args, errOut, tc.want)
		}
		if out != "" || strings.Contains(errOut, "goroutine") {
			t.Errorf("%v: unexpected stdout %q or a stack trace", tc.args, out)
		}
	}
}
