package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/dynamoguard/dynamoguard/baseline"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/parser/terraform"
	"github.com/dynamoguard/dynamoguard/report"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/sarif"
	"github.com/dynamoguard/dynamoguard/scan"
)

type scanFlags struct {
	format    string
	outputs   []string
	baseline  string
	noInline  bool
	failOn    string
	color     string
	exclude   []string
	rules     []string
	skipRules []string
	vars      []string
	varFiles  []string
	cfnParams string
	config    string
	workers   int
	// maxFileSize is --max-file-size as written ("" for the default).
	maxFileSize string
	// planConfig is the configuration folder of the plans scanned.
	planConfig string
}

func (c *Command) scanCommand() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Scan Terraform and CloudFormation under the paths (default .)",
		Long: "Scan Terraform (.tf, .tf.json), Terraform plan and state JSON (terraform show -json) and\n" +
			"CloudFormation/SAM/CDK templates (YAML or JSON) under the given files and folders and report\n" +
			"DynamoDB security findings.\n\n" +
			"Several reports from one scan: --output FORMAT=FILE, repeatable, FILE \"-\" for standard output, such as\n" +
			"  --output sarif=dynamoguard.sarif --output markdown=summary.md --output github=-\n" +
			"A plain --output FILE writes the --format report to FILE.\n\n" +
			"Suppressed findings (dynamoguard:ignore comments, Metadata, peers' syntax, --baseline) stay in the\n" +
			"JSON and SARIF reports, are counted apart, and never fail the gate.\n\n" +
			"Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error, a path\n" +
			"that does not exist, or IaC files found but none of them could be parsed.",
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				args = []string{"."}
			}
			return c.scan(args, &f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "text", "output format: "+strings.Join(formatNames, ", "))
	fl.StringArrayVarP(&f.outputs, "output", "o", nil, "write a report to a file: FILE (in --format) or FORMAT=FILE, \"-\" for standard output; repeatable")
	fl.StringVar(&f.baseline, "baseline", "", "baseline file (from dynamoguard baseline): the findings it lists are suppressed and do not fail the gate")
	fl.BoolVar(&f.noInline, "no-inline-suppressions", false, "ignore every suppression written in the source (comments, Metadata, other tools' syntax), for audits")
	addFailOn(fl, &f)
	addInputFlags(fl, &f)
	return cmd
}

// addFailOn adds the gate's threshold flag.
func addFailOn(fl *pflag.FlagSet, f *scanFlags) {
	fl.StringVar(&f.failOn, "fail-on", "low", "exit 1 when a finding is at or above this severity: critical, high, medium, low, note, or none")
	fl.StringVar(&f.color, "color", "auto", "colour the text output: auto, always or never (NO_COLOR is honoured)")
}

// addInputFlags adds the flags that say what to scan and how, shared by
// scan and baseline.
func addInputFlags(fl *pflag.FlagSet, f *scanFlags) {
	fl.StringArrayVar(&f.exclude, "exclude", nil, "skip files and folders matching this glob (** allowed), relative to each scanned path; repeatable")
	fl.StringArrayVar(&f.rules, "rule", nil, "run only this rule ID; repeatable")
	fl.StringArrayVar(&f.skipRules, "skip-rule", nil, "do not run this rule ID; repeatable")
	fl.StringArrayVar(&f.vars, "var", nil, "set a Terraform variable, name=value; repeatable")
	fl.StringArrayVar(&f.varFiles, "var-file", nil, "read Terraform variables from this .tfvars file; repeatable")
	fl.StringVar(&f.cfnParams, "cfn-params", "", "CloudFormation parameter values: a JSON object {\"Name\": \"value\"} or the CLI's [{\"ParameterKey\",\"ParameterValue\"}] list")
	fl.StringVar(&f.config, "config", "", "configuration file (default: .dynamoguard.yml at the scan root, if any)")
	fl.StringVar(&f.maxFileSize, "max-file-size", "10MB", "files larger than this are not read (a diagnostic says so); Terraform plan JSON is streamed and has no limit")
	fl.IntVar(&f.workers, "workers", 0, "modules and templates parsed at once (default: one per CPU)")
	fl.StringVar(&f.planConfig, "plan-config", "", "the Terraform configuration folder the scanned plan JSON was made from, to report at the .tf source (default: the plan's folder, when it holds .tf files)")
}

func (c *Command) scan(paths []string, f *scanFlags) error {
	threshold, never, err := parseFailOn(f.failOn)
	if err != nil {
		return err
	}
	outputs, err := c.outputs(f)
	if err != nil {
		return err
	}
	opts, err := scanOptions(paths, f)
	if err != nil {
		return err
	}
	if err := readBaseline(f.baseline, &opts); err != nil {
		return err
	}
	res, s, err := c.run(opts)
	if err != nil {
		return err
	}
	for _, out := range outputs {
		if err := out.write(s); err != nil {
			return err
		}
	}
	if !slices.ContainsFunc(outputs, func(o output) bool { return o.format == "text" && o.path == "-" }) {
		// Other reports carry diagnostics too; tell the person as well.
		for _, d := range res.Diagnostics {
			d.Subject.Filename = s.DisplayPath(d.Subject.Filename)
			fmt.Fprintln(c.Stderr, d.Error())
		}
		if gone := s.GoneMessage(); gone != "" {
			fmt.Fprintln(c.Stderr, "dynamoguard: "+gone)
		}
	}
	if err := nothingScanned(c, res, paths); err != nil || len(res.Files) == 0 {
		return err
	}
	// The gate: computed once, from the findings that count.
	if never {
		return nil
	}
	for _, fd := range res.Findings {
		if scan.Counting(fd) && fd.Severity >= threshold {
			return exitError{ExitFindings}
		}
	}
	return nil
}

// readBaseline reads the --baseline file name, if any, into opts.
func readBaseline(name string, opts *scan.Options) error {
	if name == "" {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("--baseline: %w", err)
	}
	if opts.Baseline, err = baseline.Parse(data); err != nil {
		return fmt.Errorf("--baseline %s: %w", name, err)
	}
	opts.BaselineName = filepath.ToSlash(name)
	return nil
}

// scanOptions are the pipeline's options from the flags.
func scanOptions(paths []string, f *scanFlags) (scan.Options, error) {
	popts, err := parserOptions(f)
	if err != nil {
		return scan.Options{}, err
	}
	return scan.Options{
		Paths: paths, ConfigPath: f.config, Rules: f.rules, SkipRules: f.skipRules, Parser: popts,
		NoInlineSuppressions: f.noInline, PlanConfig: f.planConfig,
	}, nil
}

// run runs the pipeline and builds what the writers need.
func (c *Command) run(opts scan.Options) (*scan.Result, *report.Scan, error) {
	res, err := scan.Run(context.Background(), opts)
	var cfgErr *scan.ConfigError
	if errors.As(err, &cfgErr) {
		for _, d := range cfgErr.Diagnostics {
			fmt.Fprintln(c.Stderr, d.Error())
		}
		return nil, nil, errors.New("the configuration file has errors")
	}
	if err != nil {
		return nil, nil, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, nil, fmt.Errorf("scan: %w", err)
	}
	s := &report.Scan{
		Root:         res.Root,
		Cwd:          cwd,
		Rules:        res.Rules,
		Result:       rules.Result{Findings: res.Findings, Skipped: res.Skipped},
		Diagnostics:  res.Diagnostics,
		Files:        res.Files,
		NotAnalysed:  res.NotAnalysed,
		Version:      toolVersion(),
		BaselineName: opts.BaselineName,
		BaselineGone: len(res.BaselineGone),
	}
	return res, s, nil
}

// nothingScanned says so when no IaC file was found (nil: exit 0), and
// returns an error when none of those found could be parsed.
func nothingScanned(c *Command, res *scan.Result, paths []string) error {
	parsed := 0
	for _, file := range res.Files {
		if file.Parsed {
			parsed++
		}
	}
	switch {
	case len(res.Files) == 0 && !res.Diagnostics.HasErrors():
		fmt.Fprintf(c.Stderr, "dynamoguard: no Terraform or CloudFormation files found in %s\n", strings.Join(paths, ", "))
		return nil
	case parsed == 0:
		return fmt.Errorf("none of the infrastructure-as-code files under %s could be parsed", strings.Join(paths, ", "))
	}
	return nil
}

func parseFailOn(s string) (rules.Severity, bool, error) {
	if strings.EqualFold(s, "none") || strings.EqualFold(s, "never") {
		return 0, true, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, false, fmt.Errorf("--fail-on: %w", err)
	}
	return sev, false, nil
}

// formatNames are the report formats.
var formatNames = []string{"text", "json", "sarif", "markdown", "github"}

// output is one report to write: a format and a file ("-": standard
// output).
type output struct {
	format, path string
	render       func(io.Writer, *report.Scan) error
	stdout       io.Writer
}

func (o output) write(s *report.Scan) error {
	if o.path == "-" {
		return o.render(o.stdout, s)
	}
	// The report is written as it is rendered, never held whole; a report
	// file that could not be written whole is removed rather than left in
	// part (a device or a pipe given as the path is left alone).
	f, err := os.Create(o.path)
	if err != nil {
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	info, err := f.Stat()
	regular := err == nil && info.Mode().IsRegular()
	bw := bufio.NewWriterSize(f, 1<<16)
	err = o.render(bw, s)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if regular {
			_ = os.Remove(o.path)
		}
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// outputs reads the --output flags: FORMAT=FILE, or FILE for the --format
// report; none means the --format report on standard output.
func (c *Command) outputs(f *scanFlags) ([]output, error) {
	if !slices.Contains(formatNames, f.format) {
		return nil, fmt.Errorf("unknown --format %q (valid: %s)", f.format, strings.Join(formatNames, ", "))
	}
	specs := f.outputs
	if len(specs) == 0 {
		specs = []string{"-"}
	}
	var out []output
	stdout := 0
	for _, spec := range specs {
		o := output{format: f.format, path: spec, stdout: c.Stdout}
		if name, file, ok := strings.Cut(spec, "="); ok && slices.Contains(formatNames, name) {
			o.format, o.path = name, file
		}
		if o.path == "" {
			return nil, fmt.Errorf("--output %q: no file (use - for standard output)", spec)
		}
		if o.path == "-" {
			if stdout++; stdout > 1 {
				return nil, errors.New("--output: only one report can go to standard output")
			}
		}
		var err error
		if o.render, err = c.renderer(o, f); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// renderer returns the function that renders a report in the output's
// format.
func (c *Command) renderer(o output, f *scanFlags) (func(io.Writer, *report.Scan) error, error) {
	switch o.format {
	case "text":
		color, err := c.useColor(f, o.path == "-")
		if err != nil {
			return nil, err
		}
		return func(w io.Writer, s *report.Scan) error {
			return report.WriteText(w, s, report.TextOptions{Color: color, Source: snippetSource, Context: 1})
		}, nil
	case "json":
		return report.WriteJSON, nil
	case "sarif":
		return sarif.Write, nil
	case "markdown":
		opts := report.MarkdownOptions{LinkBase: githubBlobBase(os.Getenv)}
		return func(w io.Writer, s *report.Scan) error { return report.WriteMarkdown(w, s, opts) }, nil
	case "github":
		return report.WriteGitHub, nil
	}
	return nil, fmt.Errorf("unknown format %q (valid: %s)", o.format, strings.Join(formatNames, ", "))
}

// githubBlobBase is the address of the files of the commit a GitHub
// Actions job runs on, from its environment, so that Markdown links open
// the lines; "" outside GitHub Actions.
func githubBlobBase(getenv func(string) string) string {
	server, repo, sha := getenv("GITHUB_SERVER_URL"), getenv("GITHUB_REPOSITORY"), getenv("GITHUB_SHA")
	if server == "" || repo == "" || sha == "" {
		return ""
	}
	return strings.TrimSuffix(server, "/") + "/" + repo + "/blob/" + sha + "/"
}

func (c *Command) useColor(f *scanFlags, toStdout bool) (bool, error) {
	switch f.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		_, noColor := os.LookupEnv("NO_COLOR")
		return toStdout && !noColor && isTerminal(c.Stdout), nil
	}
	return false, fmt.Errorf("unknown --color %q (valid: auto, always, never)", f.color)
}

// parserOptions reads the variable and parameter inputs named by the flags.
func parserOptions(f *scanFlags) (parser.Options, error) {
	opts := parser.Options{Exclude: f.exclude, Workers: f.workers}
	if f.maxFileSize != "" {
		n, err := parseSize(f.maxFileSize)
		if err != nil {
			return opts, err
		}
		opts.MaxFileSize = n
	}
	opts.Terraform.Env = tfVarEnv(os.Environ())
	if len(f.vars) > 0 {
		opts.Terraform.Vars = map[string]string{}
		for _, v := range f.vars {
			name, value, ok := strings.Cut(v, "=")
			if !ok || strings.TrimSpace(name) == "" {
				return opts, fmt.Errorf("--var %q: want name=value", v)
			}
			opts.Terraform.Vars[strings.TrimSpace(name)] = value
		}
	}
	for _, p := range f.varFiles {
		data, err := os.ReadFile(p)
		if err != nil {
			return opts, fmt.Errorf("--var-file: %w", err)
		}
		name, err := filepath.Abs(p)
		if err != nil {
			return opts, fmt.Errorf("--var-file: %w", err)
		}
		opts.Terraform.VarFiles = append(opts.Terraform.VarFiles, terraform.SourceFile{Name: filepath.ToSlash(name), Data: data})
	}
	if f.cfnParams != "" {
		params, err := readCFNParams(f.cfnParams)
		if err != nil {
			return opts, err
		}
		opts.CloudFormation.Params = params
	}
	for _, pat := range f.exclude {
		if !doublestar.ValidatePattern(pat) {
			return opts, fmt.Errorf("--exclude %q: not a valid glob", pat)
		}
	}
	return opts, nil
}

// tfVarEnv returns the TF_VAR_name environment variables by name, as
// Terraform reads them.
func tfVarEnv(environ []string) map[string]string {
	out := map[string]string{}
	for _, kv := range environ {
		k, v, ok := strings.Cut(kv, "=")
		if name, isVar := strings.CutPrefix(k, "TF_VAR_"); ok && isVar && name != "" {
			out[name] = v
		}
	}
	return out
}

// readCFNParams reads {"Name": "value"} or the AWS CLI's
// [{"ParameterKey": "Name", "ParameterValue": "value"}]. Values may be
// strings, numbers, booleans or lists of them (a CommaDelimitedList).
func readCFNParams(p string) (map[string]string, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, fmt.Errorf("--cfn-params: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var list []struct {
			ParameterKey   string
			ParameterValue json.RawMessage
		}
		if err := json.Unmarshal(data, &list); err != nil {
			return nil, fmt.Errorf("--cfn-params %s: want a JSON object or a list of ParameterKey/ParameterValue: %w", p, err)
		}
		raw = make(map[string]json.RawMessage, len(list))
		for _, e := range list {
			raw[e.ParameterKey] = e.ParameterValue
		}
	}
	out := make(map[string]string, len(raw))
	for name, v := range raw {
		s, err := paramString(v)
		if err != nil {
			return nil, fmt.Errorf("--cfn-params %s: parameter %q: %w", p, name, err)
		}
		out[name] = s
	}
	return out, nil
}

// paramString renders a parameter value as CloudFormation receives it.
func paramString(raw json.RawMessage) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	switch x := v.(type) {
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			item, err := json.Marshal(e)
			if err != nil {
				return "", err
			}
			if parts[i], err = paramString(item); err != nil {
				return "", err
			}
		}
		return strings.Join(parts, ","), nil
	}
	return "", fmt.Errorf("want a string, number, boolean or list, got %s", raw)
}

// snippetSource reads a file for the text report's snippets; a file larger
// than the parsers read (a Terraform plan is streamed) gets none.
func snippetSource(name string) ([]byte, error) {
	if info, err := os.Stat(name); err == nil && info.Size() > parser.DefaultMaxFileSize {
		return nil, fmt.Errorf("%s: too large for snippets", name)
	}
	return os.ReadFile(name)
}
