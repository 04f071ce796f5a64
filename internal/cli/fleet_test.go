package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFleetGolden(t *testing.T) {
	for _, o := range []string{"table", "json"} {
		out, errOut, code := runTraceCLI(t, "fleet", filepath.Join("..", "trace", "testdata"), "--keep-alive", "10m,20m,60m", "-o", o)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		p := filepath.Join("testdata", "fleet", "fixture."+o+".golden")
		if updating() {
			os.WriteFile(p, []byte(out), 0o644)
			continue
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if string(want) != out {
			t.Errorf("fleet -o %s differs from %s:\n%s", o, p, out)
		}
	}
}

func TestFleetErrors(t *testing.T) {
	empty := t.TempDir()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"fleet", empty}, 2, "holds no invocations_per_function"},
		{[]string{"fleet", filepath.Join(empty, "nope")}, 1, "no such file"},
		{[]string{"fleet", empty, "--keep-alive", "10 minutes"}, 2, "not a positive duration"},
		{[]string{"fleet", empty, "--node-type", "x1.huge"}, 2, "valid: c6i.large"},
		{[]string{"fleet", empty, "--utilization", "1.5"}, 2, "--utilization 1.5 is out of range"},
		{[]string{"fleet"}, 2, "accepts 1 arg"},
	}
	for _, c := range cases {
		_, errOut, code := runTraceCLI(t, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
}
