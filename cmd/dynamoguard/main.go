// Command dynamoguard is a static analyzer for the DynamoDB parts of
// Terraform and CloudFormation: it reports unencrypted or weakly encrypted
// tables and replicas, missing backups and missing deletion protection as
// text, JSON or SARIF, with an exit code a CI gate can act on.
package main

import (
	"os"

	"github.com/dynamoguard/dynamoguard/internal/heaplimit"
)

// heapLimit is the soft memory limit of a run when GOMEMLIMIT does not set
// one: a scan's heap stays under it while its live heap is under three
// quarters of it (see heaplimit.Over), and grows as without a limit beyond
// that.
const heapLimit = 200 << 20

// heapGCPercent is GOGC while that limit holds, when GOGC does not set it:
// the limit bounds the heap, so below it the collector runs half as often
// as by default.
const heapGCPercent = 200

func main() {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		percent := heapGCPercent
		if _, set := os.LookupEnv("GOGC"); set {
			percent = 0 // as set
		}
		heaplimit.Set(heapLimit, percent) // for the whole run: never stopped
	}
	cmd := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(int(cmd.Run(os.Args[1:])))
}
