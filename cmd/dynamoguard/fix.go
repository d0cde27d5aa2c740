package main

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/dynamoguard/dynamoguard/fix"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/scan"
)

type fixFlags struct {
	scanFlags
	diff             bool
	atOrigin         bool
	allowReplacement bool
	kmsKey           string
}

func (c *Command) fixCommand() *cobra.Command {
	var f fixFlags
	cmd := &cobra.Command{
		Use:   "fix [PATH...]",
		Short: "Apply the safe automatic fixes of the findings under the paths (default .)",
		Long: "Scan as dynamoguard scan does, then apply the automatic fixes of the findings in place, or print\n" +
			"them as a unified diff with --diff (nothing is changed). Only findings that count are fixed: a\n" +
			"suppressed or baselined finding never is.\n\n" +
			"Safety: a value that comes from a variable, a parameter or a module input is changed at its origin\n" +
			"only with --at-origin (the diff says who else uses it); a fix that makes AWS replace the resource\n" +
			"(DAX encryption settings) only with --allow-replacement. A fix that names a customer managed key uses\n" +
			"the only key declared beside the table, or the one of --kms-key. A file that changed since the scan or is\n" +
			"read-only is skipped with a message; a file is replaced by renaming a complete temporary file.\n\n" +
			"Exit codes, as scan's, for the findings that remain: 0 nothing at or above --fail-on; 1 findings at\n" +
			"or above it; 2 usage error, a path that does not exist, or nothing could be parsed.",
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return c.fix(args, &f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.diff, "diff", false, "print the fixes as a unified diff and change nothing")
	fl.BoolVar(&f.atOrigin, "at-origin", false, "fix a value at the variable, parameter or module input it comes from (every other user of it changes too)")
	fl.BoolVar(&f.allowReplacement, "allow-replacement", false, "apply fixes that make AWS replace the resource (destroy and create it again)")
	fl.StringVar(&f.kmsKey, "kms-key", "", "the customer managed key that encryption fixes name: an address (aws_kms_key.orders), a logical ID or an ARN (default: the only key declared beside the table)")
	fl.StringVar(&f.baseline, "baseline", "", "baseline file (from dynamoguard baseline): the findings it lists are not fixed")
	fl.BoolVar(&f.noInline, "no-inline-suppressions", false, "ignore every suppression written in the source, so that suppressed findings are fixed too")
	fl.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding that remains is at or above this severity: critical, high, medium, low, note, or none")
	addInputFlags(fl, &f.scanFlags)
	return cmd
}

func (c *Command) fix(paths []string, f *fixFlags) error {
	threshold, never, err := parseFailOn(f.failOn)
	if err != nil {
		return err
	}
	opts, err := scanOptions(paths, &f.scanFlags)
	if err != nil {
		return err
	}
	opts.Fix = fix.Options{AtOrigin: f.atOrigin, AllowReplacement: f.allowReplacement}
	opts.FixKMSKey = f.kmsKey
	if err := readBaseline(f.baseline, &opts); err != nil {
		return err
	}
	res, s, err := c.run(opts)
	if err != nil {
		return err
	}
	for _, d := range res.Diagnostics {
		d.Subject.Filename = s.DisplayPath(d.Subject.Filename)
		fmt.Fprintln(c.Stderr, d.Error())
	}
	if err := nothingScanned(c, res, paths); err != nil || len(res.Files) == 0 {
		return err
	}
	plan := fix.NewPlan(res.Sources, res.Findings, res.FixOptions)
	var remaining []rules.Finding
	if f.diff {
		d, err := plan.Diff()
		if err != nil {
			return err
		}
		fmt.Fprint(c.Stdout, d)
	} else {
		written := plan.Write()
		for _, name := range written {
			fmt.Fprintf(c.Stderr, "dynamoguard: fixed %s\n", s.DisplayPath(name))
		}
	}
	where := func(fd *rules.Finding) string {
		r := fd.Range
		r.Filename = s.DisplayPath(r.Filename)
		return fmt.Sprintf("%s: [%s]", r, fd.RuleID)
	}
	for _, sk := range plan.Skipped {
		fmt.Fprintf(c.Stderr, "%s fix skipped: %s\n", where(sk.Finding), sk.Reason)
	}
	for i := range res.Findings {
		if fd := &res.Findings[i]; fd.NoFix != "" {
			fmt.Fprintf(c.Stderr, "%s no automatic fix: %s\n", where(fd), fd.NoFix)
		}
	}
	applied := func(fd *rules.Finding) bool {
		return slices.ContainsFunc(plan.Applied, func(a fix.Applied) bool { return a.Finding == fd })
	}
	for i := range res.Findings {
		if fd := &res.Findings[i]; scan.Counting(*fd) && !applied(fd) {
			remaining = append(remaining, *fd)
		}
	}
	verb := "applied"
	if f.diff {
		verb = "to apply"
	}
	fmt.Fprintf(c.Stderr, "dynamoguard: %d %s %s, %d %s remaining\n", len(plan.Applied), plural(len(plan.Applied), "fix", "fixes"), verb,
		len(remaining), plural(len(remaining), "finding", "findings"))
	if never {
		return nil
	}
	for _, fd := range remaining {
		if fd.Severity >= threshold {
			return exitError{ExitFindings}
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
