package cli_test

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestPricesAWS(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ golden, format string }{
		{"prices_aws.golden", "table"}, {"prices_aws.md", "markdown"}, {"prices_aws.json", "json"},
	} {
		t.Run(tt.format, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := awsRun(t, "prices", "--provider", "aws", "-o", tt.format)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			awsGolden(t, tt.golden, out)
		})
	}
}

func TestPricesJSONShape(t *testing.T) {
	t.Parallel()
	out, _, code := awsRun(t, "prices", "--provider", "aws", "-o", "json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var l struct {
		AsOf    string `json:"as_of"`
		Entries []struct {
			ID, Kind, Unit, Source, Retrieved, Confidence, Provider string
			Value                                                   float64
			Tiers                                                   []struct{ UpTo, Price float64 }
		} `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &l); err != nil {
		t.Fatal(err)
	}
	if l.AsOf != "2026-10-01" {
		t.Errorf("as_of = %q", l.AsOf)
	}
	ids := map[string]bool{}
	for _, e := range l.Entries {
		ids[e.ID] = true
		if e.Provider != "aws" || e.Source == "" || e.Retrieved == "" || e.Confidence == "" {
			t.Errorf("%s: provider %q source %q retrieved %q confidence %q", e.ID, e.Provider, e.Source, e.Retrieved, e.Confidence)
		}
	}
	for _, id := range []string{"aws.lambda.requests", "aws.lambda.duration.x86_64", "aws.eks.cluster_hour", "aws.ec2.g5.xlarge.hourly", "aws-lambda.attested.hipaa", "eks.attested.fedramp"} {
		if !ids[id] {
			t.Errorf("listing lacks %s", id)
		}
	}
}

func TestPricesUnknownProvider(t *testing.T) {
	t.Parallel()
	_, errOut, code := awsRun(t, "prices", "--provider", "oracle")
	if code != 2 || !strings.Contains(errOut, `unknown provider "oracle" (valid: aws`) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}
