package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dynamoguard/dynamoguard/rules"
)

func (c *Command) rulesCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List the rule catalogue",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			w := cmd.OutOrStdout()
			switch format {
			case "text":
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tNAME\tCONTROLS\tTITLE")
				for _, r := range rules.All {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, r.Name, controlsText(r), r.Title)
				}
				return tw.Flush()
			case "markdown":
				_, err := fmt.Fprint(w, rulesMarkdown())
				return err
			case "json":
				enc := json.NewEncoder(w)
				enc.SetIndent("", "  ")
				return enc.Encode(rulesJSON())
			}
			return fmt.Errorf("unknown --format %q (valid: text, json, markdown)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text, json or markdown")
	return cmd
}

// rulesMarkdown is the catalogue as a Markdown table, as in the README.
func rulesMarkdown() string {
	var b strings.Builder
	b.WriteString("| ID | Name | Severity | Security Hub | Title |\n|---|---|---|---|---|\n")
	for _, r := range rules.All {
		links := make([]string, len(r.Controls))
		for i, c := range r.Controls {
			links[i] = "[" + c + "](" + rules.ControlURL(c) + ")"
		}
		fmt.Fprintf(&b, "| [%s](docs/rules/%s.md) | `%s` | %s | %s | %s |\n", r.ID, r.ID, r.Name, r.Severity,
			strings.Join(links, ", "), r.Title)
	}
	return b.String()
}

// controlsText is the Security Hub controls of r for the text table, "-"
// for none.
func controlsText(r *rules.Rule) string {
	if len(r.Controls) == 0 {
		return "-"
	}
	return strings.Join(r.Controls, ",")
}

// rulesJSON is the catalogue in the one JSON shape of a rule.
func rulesJSON() []rules.Info {
	out := make([]rules.Info, len(rules.All))
	for i, r := range rules.All {
		out[i] = r.Info()
	}
	return out
}

func (c *Command) explainCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "explain RULE",
		Short: "Print a rule's documentation",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := rules.ByID(args[0])
			if r == nil {
				for _, x := range rules.All {
					if x.Name == args[0] {
						r = x
					}
				}
			}
			if r == nil {
				_, err := rules.Select([]string{args[0]}, nil)
				return err
			}
			switch format {
			case "text":
				_, err := fmt.Fprint(cmd.OutOrStdout(), r.Text())
				return err
			case "markdown":
				_, err := fmt.Fprint(cmd.OutOrStdout(), r.Markdown())
				return err
			}
			return fmt.Errorf("unknown --format %q (valid: text, markdown)", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or markdown")
	return cmd
}
