// Package scan is the pipeline the CLI runs: load (discovery, parsing and
// evaluation of every format) → link (references between resources, across
// files, templates and modules) → rules → suppressions (package suppress)
// → baseline (package baseline). Each
// stage is a function of this package over the previous stage's output;
// the configuration file is read once and handed to the stages that need
// it.
package scan

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dynamoguard/dynamoguard/baseline"
	"github.com/dynamoguard/dynamoguard/config"
	"github.com/dynamoguard/dynamoguard/fix"
	"github.com/dynamoguard/dynamoguard/internal/workers"
	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser"
	"github.com/dynamoguard/dynamoguard/rules"
	"github.com/dynamoguard/dynamoguard/suppress"
)

// Options say what to scan and how.
type Options struct {
	// Paths are the files and folders to scan, as the user named them
	// (relative to the working directory, or absolute); none means ".".
	Paths []string
	// ConfigPath is the configuration file to use; "" looks for one of
	// config.FileNames at the scan root.
	ConfigPath string
	// Rules and SkipRules select rules by ID, on top of the configuration:
	// Rules replaces its enable list, SkipRules adds to its disable list.
	Rules, SkipRules []string
	// Parser tunes discovery and the format parsers.
	Parser parser.Options
	// NoInlineSuppressions ignores every suppression written in the source
	// (comments, Metadata, peers' syntax), for audits.
	NoInlineSuppressions bool
	// Baseline, when set, marks the findings it lists as suppressed;
	// BaselineName names it in justifications and messages.
	Baseline     *baseline.File
	BaselineName string
	// Now is the time suppression expiry dates are compared with; zero
	// means the current time.
	Now time.Time
	// Fix says which automatic fixes the findings may offer; FixKMSKey is
	// the customer managed key fixes name (rules.Settings.FixKMSKey).
	Fix       fix.Options
	FixKMSKey string
	// PlanConfig is the Terraform configuration folder the scanned plans
	// were made from, as the user named it; "" means each plan's folder.
	PlanConfig string
}

// Result is what a scan found.
type Result struct {
	// Root is the scan root, absolute: every file name of the result is
	// relative to it, slash-separated.
	Root string
	// Config is the configuration used (the zero configuration when there
	// is no file).
	Config *config.Config
	// Rules are the rules that ran, in catalogue order, then those of the
	// suppressions (package suppress) that reported something.
	Rules []*rules.Rule
	// Findings are sorted by file, position and rule; each has its
	// fingerprint.
	Findings []rules.Finding
	// Skipped are the checks that could not be made.
	Skipped []rules.Skipped
	// Diagnostics are the problems met in the input.
	Diagnostics model.Diagnostics
	// Files are the files scanned.
	Files []model.File
	// NotAnalysed is the input that was seen but not analysed.
	NotAnalysed []model.NotAnalysed
	// BaselineGone are the entries of the baseline that no finding of the
	// scanned files matched any more.
	BaselineGone []baseline.Entry
	// Sources are the files the fixes were made against, known by the
	// digest of their content then, and FixOptions the options they were
	// made with.
	Sources    *fix.Files
	FixOptions fix.Options
}

// Counting reports whether the finding counts towards the gate: it is not
// suppressed in the source nor accepted in the baseline.
func Counting(f rules.Finding) bool { return f.Suppression == nil }

// ConfigError is a configuration file that cannot be used; its
// diagnostics say where and why.
type ConfigError struct {
	Diagnostics model.Diagnostics
}

func (e *ConfigError) Error() string { return e.Diagnostics.Error() }

// Run runs the pipeline. The error is for what stops a scan before it
// starts: a path that does not exist, an unusable configuration, an
// unknown rule ID. Problems in the scanned files are diagnostics of the
// result.
func Run(ctx context.Context, opts Options) (*Result, error) {
	paths := opts.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	rootPaths := paths
	if opts.PlanConfig != "" {
		rootPaths = append(slices.Clone(paths), opts.PlanConfig)
	}
	root, err := parser.ScanRoot(rootPaths)
	if err != nil {
		return nil, err
	}
	cfg, err := loadConfig(root, opts.ConfigPath)
	if err != nil {
		return nil, err
	}
	// The suppressions' own rules (DDB0xx) are not in the catalogue that
	// rules.Select knows: --skip-rule of one drops its notes.
	var skipNotes []string
	opts.SkipRules = slices.DeleteFunc(slices.Clone(opts.SkipRules), func(id string) bool {
		if slices.ContainsFunc(suppress.Rules, func(r *rules.Rule) bool { return strings.EqualFold(r.ID, id) }) {
			skipNotes = append(skipNotes, strings.ToUpper(id))
			return true
		}
		return false
	})
	ropts, err := ruleOptions(cfg, opts)
	if err != nil {
		return nil, err
	}
	popts := opts.Parser
	if opts.PlanConfig != "" {
		if popts.PlanConfig, err = parser.RelPath(root, opts.PlanConfig); err != nil {
			return nil, err
		}
	}
	popts.ExcludeRoot = append(append([]string(nil), popts.ExcludeRoot...), cfg.Exclude...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	proj, diags, err := parser.Load(root, paths, popts)
	if err != nil {
		return nil, err
	}
	model.Link(proj)
	res := rules.Run(proj, ropts)
	out := &Result{
		Root:        root,
		Config:      cfg,
		Rules:       ropts.Rules,
		Findings:    res.Findings,
		Skipped:     res.Skipped,
		Diagnostics: diags,
		Files:       proj.Files,
		NotAnalysed: proj.NotAnalysed,
	}
	workers.Each(len(out.Findings), 0, func(i int) { out.Findings[i].Fingerprint = out.Findings[i].ComputeFingerprint() })
	named, err := namedFiles(root, paths)
	if err != nil {
		return nil, err
	}
	named = withPlanSources(named, out.Files)
	named = withFolders(root, paths, named, out.Files)
	if !opts.NoInlineSuppressions {
		suppressStage(out, named, !cfg.Suppressions.NoPeerSyntax, opts.Now)
	}
	onlyNamed(out, named)
	out.Findings = filter(out.Findings, func(f rules.Finding) bool { return !slices.Contains(skipNotes, f.RuleID) })
	addSuppressionRules(out)
	if opts.Baseline != nil {
		file, err := parser.RelPath(root, opts.BaselineName)
		if err != nil {
			file, _ = filepath.Abs(opts.BaselineName)
			file = filepath.ToSlash(file)
		}
		out.BaselineGone = opts.Baseline.Apply(out.Findings, opts.BaselineName, file, inScope(root, paths, named))
	}
	out.Sources = fix.NewFiles(root)
	fixOpts := opts.Fix
	if fixOpts.AtOrigin {
		fixOpts.Users = fix.FindUsers(proj)
	}
	fix.Suggest(out.Sources, out.Findings, fixOpts)
	out.FixOptions = fixOpts
	return out, nil
}

// loadConfig reads the configuration file: the one named, else the one at
// the scan root, else none (the zero configuration).
func loadConfig(root, name string) (*config.Config, error) {
	if name == "" {
		found, ok := config.Find(os.DirFS(root))
		if !ok {
			return &config.Config{}, nil
		}
		name = filepath.Join(root, filepath.FromSlash(found))
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	display := name
	if rel, err := parser.RelPath(root, name); err == nil {
		display = rel
	}
	cfg, diags := config.Load(display, data)
	if diags.HasErrors() {
		return nil, &ConfigError{Diagnostics: diags}
	}
	return cfg, nil
}

// ruleOptions combines the configuration and the command line into the
// options of the rules stage.
func ruleOptions(cfg *config.Config, opts Options) (rules.Options, error) {
	enable := cfg.Rules.Enable
	if len(opts.Rules) > 0 {
		enable = opts.Rules
	}
	disable := append(append([]string(nil), cfg.Rules.Disable...), opts.SkipRules...)
	set, err := rules.Select(enable, disable)
	if err != nil {
		return rules.Options{}, err
	}
	settings := cfg.Settings()
	settings.FixKMSKey = opts.FixKMSKey
	return rules.Options{
		Rules:    set,
		Severity: cfg.Rules.Severity,
		Settings: settings,
	}, nil
}

// namedFiles returns the root-relative names of the paths that are files,
// nil when none is.
func namedFiles(root string, paths []string) (map[string]bool, error) {
	var named map[string]bool
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("%s: %w", p, parser.ErrNotExist)
			}
			return nil, fmt.Errorf("scan %s: %w", p, err)
		}
		if info.IsDir() {
			continue
		}
		rel, err := parser.RelPath(root, p)
		if err != nil {
			return nil, err
		}
		if named == nil {
			named = map[string]bool{}
		}
		named[rel] = true
	}
	return named, nil
}

// withPlanSources adds to the named files, when a Terraform plan is one of
// them, the configuration files its findings are placed in.
func withPlanSources(named map[string]bool, files []model.File) map[string]bool {
	if !slices.ContainsFunc(files, func(f model.File) bool { return f.Kind == model.Plan && named[f.Path] }) {
		return named
	}
	for _, f := range files {
		if f.Kind == model.Terraform {
			named[f.Path] = true
		}
	}
	return named
}

// withFolders adds to the named files, when folders are named beside
// them, the files scanned under those folders: a scan of a folder and a
// file reports both.
func withFolders(root string, paths []string, named map[string]bool, files []model.File) map[string]bool {
	if named == nil {
		return nil
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil || !info.IsDir() {
			continue
		}
		rel, err := parser.RelPath(root, p)
		if err != nil {
			continue
		}
		for _, f := range files {
			if rel == "." || strings.HasPrefix(f.Path, rel+"/") {
				named[f.Path] = true
			}
		}
	}
	return named
}

// onlyNamed keeps, when files were named (as pre-commit does), what is
// about those files only: their modules were evaluated with the callers
// that give them their inputs, but the rest of the repository is not
// reported.
func onlyNamed(r *Result, named map[string]bool) {
	if named == nil {
		return
	}
	r.Findings = filter(r.Findings, func(f rules.Finding) bool { return named[f.Range.Filename] })
	r.Skipped = filter(r.Skipped, func(s rules.Skipped) bool { return named[s.Range.Filename] })
	r.Diagnostics = filter(r.Diagnostics, func(d model.Diagnostic) bool { return named[d.Subject.Filename] })
	r.NotAnalysed = filter(r.NotAnalysed, func(n model.NotAnalysed) bool { return named[n.Range.Filename] })
	r.Files = filter(r.Files, func(f model.File) bool { return named[f.Path] })
}

func filter[T any](in []T, keep func(T) bool) []T {
	out := in[:0]
	for _, x := range in {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

// suppressStage is the suppression stage: the suppressions written in the
// files of the findings (and in every scanned file, so that the unused ones
// are reported) mark the findings they cover, and the notes about them
// (package suppress's rules) join the findings. It runs before the
// findings are narrowed to the named files, so that a module block's
// suppression covers its module's files when only those are named.
func suppressStage(r *Result, named map[string]bool, peers bool, now time.Time) {
	if now.IsZero() {
		now = time.Now()
	}
	kinds := map[string]model.SourceKind{}
	for _, f := range r.Files {
		kinds[f.Path] = f.Kind
	}
	want := map[string]bool{}
	for _, f := range r.Findings {
		want[f.Range.Filename] = true
		want[f.Resource.Range.Filename] = true
		for _, c := range f.Resource.CalledFrom {
			want[c.Range.Filename] = true
		}
	}
	for _, f := range r.Files {
		if named == nil || named[f.Path] {
			want[f.Path] = true
		}
	}
	var names []string
	for name := range want {
		if name != "" && !filepath.IsAbs(filepath.FromSlash(name)) && !strings.HasPrefix(name, "/") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	// The files are read on GOMAXPROCS workers, each into its own place,
	// and their directives joined in the order of the names.
	found := make([][]suppress.Directive, len(names))
	workers.Each(len(names), 0, func(i int) {
		name := names[i]
		kind, ok := kinds[name]
		if kind == model.Plan {
			return // JSON written by Terraform holds no suppression
		}
		if !ok {
			kind = model.CloudFormation
			if strings.HasSuffix(name, ".tf") {
				kind = model.Terraform
			}
		}
		src, err := os.ReadFile(filepath.Join(r.Root, filepath.FromSlash(name)))
		if err != nil {
			return // the parsers reported it
		}
		found[i] = suppress.Read(name, kind, src, peers)
	})
	var ds []suppress.Directive
	for _, d := range found {
		ds = append(ds, d...)
	}
	ran := map[string]bool{}
	for _, rule := range r.Rules {
		ran[rule.ID] = true
	}
	notes := suppress.Apply(r.Findings, ds, suppress.Options{
		Now:   now,
		Known: func(id string) bool { return rules.ByID(id) != nil },
		Ran:   func(id string) bool { return ran[id] },
	})
	if len(notes) == 0 {
		return // the findings are still in order
	}
	for i := range notes {
		notes[i].Fingerprint = notes[i].ComputeFingerprint()
	}
	r.Findings = append(r.Findings, notes...)
	rules.SortFindings(r.Findings)
}

// addSuppressionRules adds to the rules of the result those of package
// suppress that reported something, so that every finding's rule is
// among them.
func addSuppressionRules(r *Result) {
	for _, rule := range suppress.Rules {
		if slices.ContainsFunc(r.Findings, func(f rules.Finding) bool { return f.RuleID == rule.ID }) {
			r.Rules = append(r.Rules, rule)
		}
	}
}

// inScope tells which baseline entries the scan could have matched: those
// of the named files when files were named, else those under the scanned
// folders.
func inScope(root string, paths []string, named map[string]bool) func(string) bool {
	if named != nil {
		return func(file string) bool { return named[file] }
	}
	var prefixes []string
	for _, p := range paths {
		rel, err := parser.RelPath(root, p)
		if err != nil {
			continue
		}
		if rel == "." {
			return nil
		}
		prefixes = append(prefixes, rel+"/")
	}
	return func(file string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(file, p) {
				return true
			}
		}
		return false
	}
}
