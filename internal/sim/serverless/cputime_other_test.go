//go:build !unix

package serverless

func cpuSeconds() (float64, bool) { return 0, false }
