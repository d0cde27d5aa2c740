package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/dynamoguard/dynamoguard/baseline"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/suppress"
)

func (c *Command) baselineCommand() *cobra.Command {
	var f scanFlags
	var out string
	cmd := &cobra.Command{
		Use:   "baseline [PATH...]",
		Short: "Write today's findings as a baseline, so that scan --baseline fails only on new ones",
		Long: "Scan the paths (default .) as scan does and write the findings that count (not suppressed in the\n" +
			"source) to a baseline file, sorted, one entry per finding with its fingerprint, rule, file, resource\n" +
			"and attribute. Commit it and run scan --baseline FILE: the findings it lists are suppressed (SARIF\n" +
			"kind external) and never fail the gate. Entries match by fingerprint (rule, file, resource, attribute),\n" +
			"so line shifts and reformatting keep a finding baselined; a renamed file or resource makes it new.\n" +
			"Findings about suppressions themselves (DDB0xx) are left out: fix those instead.\n\n" +
			"Exit codes: 0 written; 2 usage or config error, or nothing could be parsed.",
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return c.baseline(args, &f, out)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&out, "output", "o", "", "the file to write (default "+baseline.DefaultFile+" at the scan root)")
	addInputFlags(fl, &f)
	return cmd
}

func (c *Command) baseline(paths []string, f *scanFlags, out string) error {
	opts, err := scanOptions(paths, f)
	if err != nil {
		return err
	}
	res, _, err := c.run(opts)
	if err != nil {
		return err
	}
	if err := nothingScanned(c, res, paths); err != nil {
		return err
	}
	for _, d := range res.Diagnostics {
		fmt.Fprintln(c.Stderr, d.Error())
	}
	findings := slices.DeleteFunc(slices.Clone(res.Findings), func(f rules.Finding) bool {
		return slices.ContainsFunc(suppress.Rules, func(r *rules.Rule) bool { return r.ID == f.RuleID })
	})
	b := baseline.New(findings)
	if out == "" {
		out = filepath.Join(res.Root, baseline.DefaultFile)
	}
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Fprintf(c.Stderr, "dynamoguard: wrote %d findings to %s\n", len(b.Findings), out)
	return nil
}
