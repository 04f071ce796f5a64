package cli_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fulcrum-tools/fulcrum/internal/cli"
)

func init() {
	// Golden files are rewritten with 'go test ./internal/cli -update'. The
	// flag may be defined by another test file of this package too.
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files in testdata/")
	}
}

// awsRun runs the CLI in-process with a fixed clock and no files.
func awsRun(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &cli.State{
		Args:   args,
		Stdout: &out,
		Stderr: &errb,
		Stdin:  strings.NewReader(""),
		ReadFile: func(name string) ([]byte, error) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		},
		Open: func(name string) (io.ReadCloser, error) {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		},
		Now: func() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) },
		Ctx: context.Background(),
	}
	code = cli.Main(st)
	return out.String(), errb.String(), code
}

// awsGolden compares got with testdata/name, or rewrites it under -update.
func awsGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if f := flag.Lookup("update"); f != nil && f.Value.String() == "true" {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("%s does not exist; run go test ./internal/cli -update", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs (run with -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestPriceAWSOfferings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		args   []string
		total  string // the bill's total, checked in the output too
	}{
		// Lambda pricing page, example 1 ("Mobile application backend"): $2.73.
		{"price_aws_lambda.golden", []string{"price", "aws-lambda", "--requests", "3000000", "--duration", "120ms", "--memory-mb", "1536", "--free-tier"}, "$2.73"},
		// Same usage without the free tier: 540,000 GB-s × $0.0000166667 = $9.00 + $0.60.
		{"price_aws_lambda_nofree.json", []string{"price", "aws-lambda", "--requests", "3000000", "--duration", "120ms", "--memory-mb", "1536", "-o", "json"}, "9.6"},
		// Example 3 with 2048 MB ephemeral storage: $106.41.
		{"price_aws_lambda_ephemeral.md", []string{"price", "aws-lambda", "--requests", "6000000", "--duration", "280ms", "--memory-mb", "4096", "--ephemeral-storage-mb", "2048", "--free-tier", "-o", "markdown"}, "$106.41"},
		// Provisioned Concurrency example 2 (Cyber Monday): $32.26.
		{"price_aws_lambda_pc.golden", []string{"price", "aws-lambda", "--requests", "2000000", "--duration", "280ms", "--memory-mb", "4096",
			"--provisioned-concurrency", "7", "--provisioned-hours", "24", "--provisioned-share", "1"}, "$32.26"},
		{"price_aws_lambda_arm64.golden", []string{"price", "aws-lambda", "--requests", "3000000", "--duration", "120ms", "--memory-mb", "1536", "--arch", "arm64"}, "$7.80"},
		// 300M × $1.00/M + 132M × $0.90/M.
		{"price_api_gateway_http.json", []string{"price", "api-gateway-http", "--requests", "432000000", "-o", "json"}, "418.8"},
		// 333M × $3.50/M + 99M × $2.80/M = $1,165.50 + $277.20.
		{"price_api_gateway_rest.golden", []string{"price", "api-gateway-rest", "--requests", "432000000"}, "$1,442.70"},
		{"price_eks.golden", []string{"price", "eks", "--hours", "730"}, "$73.00"},
		{"price_ec2.golden", []string{"price", "ec2", "--instance-type", "t3.medium", "--count", "3", "--hours", "730"}, "$91.10"},
		// 730 × $0.04048 = $29.55; 2 × 730 × $0.004445 = $6.49.
		{"price_fargate.golden", []string{"price", "fargate", "--vcpu", "1", "--memory-gb", "2", "--hours", "730"}, "$36.04"},
		{"price_fargate_arm64.golden", []string{"price", "fargate", "--vcpu", "1", "--memory-gb", "2", "--hours", "730", "--arch", "arm64"}, "$28.84"},
		{"price_dynamodb.golden", []string{"price", "dynamodb", "--reads", "100000000", "--writes", "10000000"}, "$18.75"},
		{"price_s3.golden", []string{"price", "s3", "--gets", "1000000", "--puts", "1000000"}, "$5.40"},
		{"price_sqs.golden", []string{"price", "sqs", "--requests", "1000000"}, "$0.40"},
		// ELB pricing page example: 1.08 LCU from 300 KB/s processed; 730 h:
		// $16.43 + 1.08 × 730 × $0.008 = $6.31.
		{"price_alb.golden", []string{"price", "alb", "--new-conn-per-sec", "1", "--active-conn-per-min", "120", "--processed-gb-per-hour", "1.08", "--rule-evals-per-sec", "250"}, "$22.74"},
		{"price_nat_gateway.golden", []string{"price", "nat-gateway", "--gb", "100"}, "$37.35"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := awsRun(t, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if !strings.Contains(out, tt.total) {
				t.Errorf("output does not contain total %s:\n%s", tt.total, out)
			}
			awsGolden(t, tt.golden, out)
		})
	}
}

func TestPriceAWSBadFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"price", "aws-lambda", "--requests", "-5"}, "requests: must not be negative"},
		{[]string{"price", "aws-lambda", "--arch", "sparc"}, `unknown value "sparc" (valid: x86_64, arm64)`},
		{[]string{"price", "aws-lambda", "--memory-mb", "20000"}, "memory_mb: must be between 128 and 10240 MB"},
		{[]string{"price", "aws-lambda", "--duration", "16m"}, "duration_ms: must be between 0 and 900000"},
		{[]string{"price", "aws-lambda", "--duration", "fast"}, `invalid argument "fast"`},
		{[]string{"price", "ec2", "--instance-type", "t3.nano"}, "closest: t3.large, t3.xlarge, t3.2xlarge, t3.medium; 77 types priced"},
		{[]string{"price", "fargate", "--vcpu", "-1", "--arch", "ppc"}, "2 problems found"},
		{[]string{"price", "eks", "--hours", "-1"}, "hours: must not be negative"},
		{[]string{"price", "sqs", "--requests", "many"}, `invalid argument "many"`},
		{[]string{"price", "s3", "-o", "yaml"}, `unknown output format "yaml"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			out, errOut, code := awsRun(t, tt.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2 (stderr %q)", code, errOut)
			}
			if out != "" {
				t.Errorf("stdout should be empty on error, got %q", out)
			}
			if !strings.Contains(errOut, tt.want) {
				t.Errorf("stderr %q does not mention %q", errOut, tt.want)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Errorf("stderr shows a panic: %q", errOut)
			}
		})
	}
}
