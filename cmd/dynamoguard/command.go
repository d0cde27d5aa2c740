package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// ExitCode is what the process returns.
type ExitCode int

// The exit codes of DESIGN.md.
const (
	// ExitClean: nothing at or above the --fail-on threshold.
	ExitClean ExitCode = 0
	// ExitFindings: findings at or above the threshold.
	ExitFindings ExitCode = 1
	// ExitError: usage or config error, a path that does not exist, or IaC
	// files found but none of them could be parsed.
	ExitError ExitCode = 2
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// Command is the CLI with its streams; main wires it to the process.
type Command struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// exitError carries an exit code out of a cobra command.
type exitError struct{ code ExitCode }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Run executes the command line args (without the program name) and returns
// the exit code.
func (c *Command) Run(args []string) ExitCode {
	root := c.rootCommand()
	root.SetArgs(args)
	root.SetIn(c.Stdin)
	root.SetOut(c.Stdout)
	root.SetErr(c.Stderr)
	err := root.Execute()
	var ee exitError
	switch {
	case err == nil:
		return ExitClean
	case errors.As(err, &ee):
		return ee.code
	default:
		fmt.Fprintf(c.Stderr, "dynamoguard: %v\n", err)
		return ExitError
	}
}

func (c *Command) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "dynamoguard",
		Short: "Static analysis of DynamoDB security in Terraform and CloudFormation",
		Long: "dynamoguard reads Terraform and CloudFormation (SAM, CDK output) and reports DynamoDB tables and\n" +
			"replicas that are not encrypted with a customer managed key, have no point-in-time recovery or no\n" +
			"deletion protection. Output as text, JSON, SARIF, Markdown or GitHub annotations; the exit code gates CI,\n" +
			"and a baseline (dynamoguard baseline) or suppressions in the source accept findings.",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       toolVersion(),
	}
	root.SetVersionTemplate("dynamoguard {{.Version}}\n")
	root.AddCommand(c.scanCommand(), c.fixCommand(), c.baselineCommand(), c.rulesCommand(), c.explainCommand(), c.versionCommand())
	return root
}

func (c *Command) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "dynamoguard %s\n", toolVersion())
			return err
		},
	}
}

// toolVersion is the linker-set version, else the module version of the
// build, else "dev".
func toolVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// isTerminal reports whether w is a terminal (for colour and defaults).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
