// Command dynamoguard is a static analyzer for the DynamoDB parts of
// Terraform and CloudFormation: it reports unencrypted or weakly encrypted
// tables and replicas, missing backups and missing deletion protection as
// text, JSON or SARIF, with an exit code a CI gate can act on.
package main

import "os"

func main() {
	cmd := &Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(int(cmd.Run(os.Args[1:])))
}
