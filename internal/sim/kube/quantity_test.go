package kube

import (
	"strings"
	"testing"
)

func TestParseCPU(t *testing.T) {
	t.Parallel()
	// Notation: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-cpu
	for _, c := range []struct {
		in   string
		want int64
	}{{"500m", 500}, {"0.5", 500}, {"2", 2000}, {"1.25", 1250}, {"100m", 100}, {"0.1", 100}, {"1.5m", 2}} {
		got, err := ParseCPU(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseCPU(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"500mm", "-1", "", "abc", "1.2.3", "0", "5Gi", "m"} {
		if _, err := ParseCPU(in); err == nil {
			t.Errorf("ParseCPU(%q): want an error", in)
		} else if !strings.Contains(err.Error(), "valid") && !strings.Contains(err.Error(), "zero") {
			t.Errorf("ParseCPU(%q): message %q does not say what is valid", in, err)
		}
	}
}

func TestParseMemory(t *testing.T) {
	t.Parallel()
	// Notation: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#meaning-of-memory
	for _, c := range []struct {
		in   string
		want int64
	}{{"512Mi", 512 << 20}, {"1Gi", 1 << 30}, {"128974848", 128974848}, {"129M", 129e6}, {"123Mi", 128974848}, {"1.5Gi", 3 << 29}, {"64Ki", 65536}} {
		got, err := ParseMemory(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseMemory(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"-1Gi", "512MiB", "1gi", "", "Gi", "0Mi", "1..5Gi"} {
		if _, err := ParseMemory(in); err == nil {
			t.Errorf("ParseMemory(%q): want an error", in)
		}
	}
}
