package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fulcrum-tools/fulcrum/internal/pricedata"
)

const importFixtures = "internal/priceimport/testdata/"

func catalogImportGolden(t *testing.T, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", "catalog_import", name)
	if updating() {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cli -run TestCatalogImport -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs (rerun with -update after checking):\n%s", p, firstDiff(string(want), got))
	}
}

// TestCatalogImportGolden: the AWS offers to stdout, the summary on stderr.
func TestCatalogImportGolden(t *testing.T) {
	t.Parallel()
	args := []string{"catalog", "import"}
	for _, f := range []string{"ec2-offer.json", "lambda-offer.json", "ecs-offer.json", "eks-offer.json"} {
		args = append(args, importFixtures+f)
	}
	out, stderr, code := execCLI(t, args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	catalogImportGolden(t, "aws.yaml", out)
	catalogImportGolden(t, "aws.stderr", stderr)

	out, stderr, code = execCLI(t, "catalog", "import", importFixtures+"gcp-skus-page1.json", "--families", "general", "--min-size", "large")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	catalogImportGolden(t, "gcp.yaml", out)
	catalogImportGolden(t, "gcp.stderr", stderr)

	out, _, code = execCLI(t, "catalog", "import", "--help")
	if code != 0 {
		t.Fatalf("--help exit %d", code)
	}
	checkWidth(t, out, 80)
	catalogImportGolden(t, "help.txt", out)
}

// TestCatalogImportOutFile: --out writes a sheet that --prices loads and
// prices with; a second run refuses to overwrite it without --force.
func TestCatalogImportOutFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "prices-aws.yaml")
	_, stderr, code := execCLI(t, "catalog", "import", importFixtures+"ec2-offer.csv", "--out", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "wrote "+out+"; use it with --prices "+out) {
		t.Errorf("stderr does not say where the sheet went: %s", stderr)
	}
	sheet, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := pricedata.Load()
	if err != nil {
		t.Fatal(err)
	}
	if err := pricedata.Override(cat, out, sheet); err != nil {
		t.Fatalf("the written sheet does not load: %v", err)
	}
	if e := cat.Entries["aws.ec2.m7g.large.hourly"]; !e.Overridden || e.Value.String() != "0.0816" || !strings.HasSuffix(e.Source, "/index.csv") {
		t.Errorf("m7g.large after --prices: %+v", e)
	}
	// And the price command uses it.
	priced, stderr, code := execCLI(t, "price", "ec2", "--instance-type", "m5.large", "--hours", "730", "--prices", out, "-o", "json")
	if code != 0 || !strings.Contains(priced, "70.08") || !strings.Contains(priced, "AmazonEC2/20261001000000/index.csv") {
		t.Errorf("price ec2 with the imported sheet: exit %d, %s %s", code, priced, stderr)
	}

	// A second run must not overwrite.
	if err := os.WriteFile(out, []byte("mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = execCLI(t, "catalog", "import", importFixtures+"ec2-offer.csv", "--out", out)
	if code != 2 || !strings.Contains(stderr, "exists; not overwriting it") || !strings.Contains(stderr, "--force") {
		t.Errorf("overwrite without --force: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "mine\n" {
		t.Errorf("the existing file was changed: %q", b)
	}
	_, stderr, code = execCLI(t, "catalog", "import", importFixtures+"ec2-offer.csv", "--out", out, "--force")
	if b, _ := os.ReadFile(out); code != 0 || string(b) != string(sheet) {
		t.Errorf("--force: exit %d (%s), file rewritten: %v", code, stderr, string(b) == string(sheet))
	}
}

// TestCatalogImportBadInput: malformed, truncated and unknown files exit 2
// with their position, and nothing is written.
func TestCatalogImportBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{importFixtures + "ec2-offer.json", importFixtures + "ec2-truncated.json"}, "ec2-truncated.json:326:28: the file ends in the middle of the JSON document"},
		{[]string{importFixtures + "ec2-malformed.json"}, "ec2-malformed.json:74:9: malformed JSON"},
		{[]string{importFixtures + "ec2-truncated.csv"}, "ec2-truncated.csv:15:1: row 15 has"},
		{[]string{importFixtures + "not-a-price-file.yaml"}, "hint: fulcrum catalog import reads AWS Price List offer files for AmazonEC2, AWSLambda, AmazonECS and AmazonEKS"},
		{[]string{importFixtures + "ec2-offer.json", importFixtures + "gcp-skus-page1.json"}, "import one provider's files at a time"},
		{[]string{importFixtures + "ec2-offer.json", "--families", "gpus"}, "--families \"gpus\": valid families are"},
		{[]string{importFixtures + "ec2-offer.json", "--region", "eu-west-3"}, "no prices in"},
	}
	for i, c := range cases {
		out := filepath.Join(dir, "sheet.yaml")
		args := append([]string{"catalog", "import", "--out", out}, c.args...)
		_, stderr, code := execCLI(t, args...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("case %d %v: exit %d, stderr %q, want exit 2 and %q", i, c.args, code, stderr, c.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("case %d: a sheet was written despite the error", i)
		}
		if ms, _ := filepath.Glob(filepath.Join(dir, ".sheet.yaml.tmp-*")); len(ms) > 0 {
			t.Errorf("case %d: temporary files left: %v", i, ms)
		}
	}
	// --spot without --all-types: the spot ids are named, not written.
	out, stderr, code := execCLI(t, "catalog", "import", importFixtures+"azure-retail-page1.json", "--spot")
	if code != 0 || strings.Contains(out, "spot_hourly") || !strings.Contains(stderr, "Standard_D4s_v5.spot_hourly") {
		t.Errorf("--spot without --all-types: exit %d, spot written %v, stderr %s", code, strings.Contains(out, "spot_hourly"), stderr)
	}
	_, stderr, code = execCLI(t, "catalog", "import", "no-such-file.json")
	if code != 1 || !strings.Contains(stderr, "no-such-file.json") {
		t.Errorf("missing file: exit %d, %s", code, stderr)
	}
}
