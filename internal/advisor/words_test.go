package advisor

import "testing"

func TestWords(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{some(1, "engineer"), "1 engineer"},
		{some(0.5, "engineer"), "0.5 engineers"},
		{some(3, "platform engineer"), "3 platform engineers"},
		{some(0, "GPU"), "0 GPUs"},
		{some(1.004, "component"), "1 component"},
		{some(250, "component"), "250 components"},
		{grouped(12288), "12,288"},
		{grouped(512), "512"},
		{grouped(1234567), "1,234,567"},
		{grouped(-1000), "-1,000"},
		{article("AKS"), "an"},
		{article("EKS"), "an"},
		{article("GKE"), "a"},
		{article("Amazon"), "an"},
		{article("Google"), "a"},
		{possessive("Vercel Functions"), "Vercel Functions'"},
		{possessive("AWS Fargate"), "AWS Fargate's"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
