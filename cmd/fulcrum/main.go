// Command fulcrum compares serverless and Kubernetes for each part of a system.
package main

import (
	"os"

	"github.com/fulcrum-tools/fulcrum/internal/cli"
)

func main() {
	os.Exit(cli.Main(cli.OSState()))
}
