// Package sarif writes a scan as a SARIF 2.1.0 log for GitHub code scanning
// and other SARIF consumers. The log passes the SARIF Multitool's validation
// with its GitHub ingestion rules, and is deterministic: the same scan gives
// the same bytes, with no timestamps and no machine-dependent paths.
package sarif

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/report"
	"github.com/dynamoguard/dynamoguard/rules"
)

// SchemaURI is the $schema of the log: the OASIS 2.1.0 schema (errata 01),
// the one the SARIF Multitool recognises as final.
const SchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// InformationURI is the tool's home page.
const InformationURI = "https://github.com/dynamoguard/dynamoguard"

// SrcRoot is the uriBaseId of every artifact location: the scan root.
const SrcRoot = "%SRCROOT%"

// FingerprintKey is the partialFingerprints key of report.Fingerprint. The
// "/v1" suffix changes if the scheme ever does, so that GitHub does not
// compare fingerprints of different schemes.
const FingerprintKey = "dynamoguardFindingHash/v1"

// Write writes the scan as a SARIF log with one run: every rule that ran
// (s.Rules) as the driver's rules, every finding as a result, and the
// diagnostics, unanalysed checks and unanalysed input as notifications of
// the run's one invocation. Every finding's rule must be in s.Rules.
//
// The results are encoded and written one at a time, so that a large scan
// is not held in memory as one document, then indented as one.
func Write(w io.Writer, s *report.Scan) error {
	log, index, err := build(s)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	// The run's results are encoded as [] in the log, at a fixed depth:
	// nothing else can match, as JSON strings hold no raw line breaks.
	head, tail, ok := bytes.Cut(buf.Bytes(), []byte(resultsPlaceholder))
	if !ok {
		return errors.New("write SARIF: the log has no results array")
	}
	// A bufio.Writer keeps its first error and returns it from every later
	// call, Flush included: the writes are checked there.
	bw := bufio.NewWriter(w)
	_, _ = bw.Write(head)
	if len(s.Result.Findings) == 0 {
		_, _ = bw.WriteString(resultsPlaceholder)
	} else if err := writeResults(bw, s, index); err != nil {
		return err
	}
	_, _ = bw.Write(tail)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	return nil
}

// resultsPlaceholder is the run's empty results array as the encoder
// indents it.
const resultsPlaceholder = "\n      \"results\": []"

// writeResults writes the results array of the run, each result indented
// to its depth in the log. Write errors are left for w's Flush.
func writeResults(w *bufio.Writer, s *report.Scan, index map[string]int) error {
	const indent = "        " // runs[0].results[i]
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(indent, "  ")
	_, _ = w.WriteString("\n      \"results\": [")
	for i, f := range s.Result.Findings {
		buf.Reset()
		if err := enc.Encode(result(s, f, index[f.RuleID])); err != nil {
			return fmt.Errorf("write SARIF: %w", err)
		}
		if i > 0 {
			_ = w.WriteByte(',')
		}
		_, _ = w.WriteString("\n" + indent)
		_, _ = w.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	_, _ = w.WriteString("\n      ]")
	return nil
}

// build returns the log without its results, and the index of each rule in
// the driver's rules. It checks that every finding's rule is there.
func build(s *report.Scan) (*gosarif.Report, map[string]int, error) {
	log, err := gosarif.New(gosarif.Version210)
	if err != nil {
		return nil, nil, fmt.Errorf("create SARIF log: %w", err)
	}
	log.Schema = SchemaURI

	driver := gosarif.NewDriver(report.ToolName).WithInformationURI(InformationURI)
	version := toolVersion(s.Version)
	driver.WithVersion(version)
	if v, ok := semanticVersion(version); ok {
		driver.WithSemanticVersion(v)
	}
	index := map[string]int{}
	for i, r := range s.Rules {
		if r == nil {
			return nil, nil, fmt.Errorf("rule %d of the scan is nil", i)
		}
		driver.Rules = append(driver.Rules, descriptor(r))
		index[r.ID] = i
	}
	for _, f := range s.Result.Findings {
		if _, ok := index[f.RuleID]; !ok {
			return nil, nil, fmt.Errorf("finding of rule %s, which is not in the scan's rules", f.RuleID)
		}
	}

	run := gosarif.NewRun(*gosarif.NewTool(driver))
	// The artifact URIs are relative to %SRCROOT%, the scan root. Its
	// absolute location is deliberately left out: it would make the log
	// differ from machine to machine and leak local paths, and GitHub
	// resolves relative URIs against the checkout anyway. SARIF allows an
	// originalUriBaseIds entry without a uri (the consumer then supplies
	// the base; a uri would have to be absolute); the description says
	// what the base is.
	run.WithOriginalUriBaseIds(map[string]*gosarif.ArtifactLocation{
		SrcRoot: gosarif.NewArtifactLocation().WithDescriptionText("The working directory of the scan, normally the repository root; artifact paths are relative to it."),
	})
	run.WithColumnKind("unicodeCodePoints")
	// GitHub takes the part of the id before its last slash as the
	// category. An id in the log wins over upload-sarif's category input.
	category := strings.TrimSuffix(s.Category, "/")
	if category == "" {
		category = report.ToolName
	}
	id := category + "/"
	run.WithAutomationDetails(&gosarif.RunAutomationDetails{ID: &id})

	inv := run.AddInvocation(true)
	inv.ToolExecutionNotifications = notifications(s, index)
	log.AddRun(run)
	return log, index, nil
}

// level maps a severity to a SARIF level.
func level(sev rules.Severity) string {
	switch sev {
	case rules.Critical, rules.High:
		return "error"
	case rules.Medium:
		return "warning"
	}
	return "note"
}

// problemSeverity maps a severity to GitHub's problem.severity.
func problemSeverity(sev rules.Severity) string {
	switch sev {
	case rules.Critical, rules.High:
		return "error"
	case rules.Medium:
		return "warning"
	}
	return "recommendation"
}

func descriptor(r *rules.Rule) *gosarif.ReportingDescriptor {
	tags := []string{"security", "dynamodb"}
	if cwe, ok := strings.CutPrefix(r.CWE, "CWE-"); ok {
		tags = append(tags, "external/cwe/cwe-"+cwe)
	}
	props := gosarif.Properties{
		"tags":             tags,
		"problem.severity": problemSeverity(r.Severity),
	}
	// GitHub ranks security alerts by score from 0.1 up; a note (score
	// 0.0) is left unscored and shown as a plain note, not a security alert.
	if score := r.Severity.SecurityScore(); score != "0.0" {
		props["security-severity"] = score
	}
	if r.Precision != "" {
		props["precision"] = r.Precision
	}
	d := gosarif.NewRule(r.ID).
		WithName(r.Name).
		WithShortDescription(gosarif.NewMultiformatMessageString(sentence(r.Title))).
		WithFullDescription(gosarif.NewMultiformatMessageString(sentence(r.Doc.Why))).
		WithHelpURI(r.DocURL()).
		WithHelp(&gosarif.MultiformatMessageString{}).
		WithTextHelp(helpText(r)).
		WithMarkdownHelp(helpMarkdown(r)).
		WithDefaultConfiguration(&gosarif.ReportingConfiguration{Level: level(r.Severity)}).
		WithProperties(props)
	return d
}

// sentence ends s with a period: SARIF asks for plain-text messages that
// are complete sentences, while the finding messages have no period, by
// house style.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

func result(s *report.Scan, f rules.Finding, ruleIndex int) *gosarif.Result {
	r := report.FindingRange(f)
	rel := report.RelPath(s.Root, r.Filename)
	res := gosarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(level(f.Severity)).
		WithMessage(gosarif.NewTextMessage(sentence(f.Message)))
	loc := location(rel, r)
	if loc == nil {
		loc = gosarif.NewLocation()
	} else if loc.PhysicalLocation.Region == nil {
		// GitHub needs a line: a finding on no line in particular is
		// shown on the first.
		loc.PhysicalLocation.WithRegion(gosarif.NewRegion().WithStartLine(1))
	}
	if f.Resource.Address != "" {
		loc.WithLogicalLocations([]*gosarif.LogicalLocation{
			gosarif.NewLogicalLocation().
				WithName(f.Resource.Address).
				WithFullyQualifiedName(f.Resource.Address).
				WithKind("resource"),
		})
	}
	res.WithLocations([]*gosarif.Location{loc})
	res.WithPartialFingerPrints(map[string]any{FingerprintKey: report.Fingerprint(f, rel)})
	return res
}

// location returns the physical location of r, whose file is rel relative
// to the scan root, or nil when r names no file.
func location(rel string, r model.Range) *gosarif.Location {
	if rel == "" {
		return nil
	}
	al := gosarif.NewArtifactLocation()
	if u, ok := fileURI(rel); ok {
		al.WithUri(u)
	} else {
		al.WithUri(escapePath(rel)).WithUriBaseId(SrcRoot)
	}
	pl := gosarif.NewPhysicalLocation().WithArtifactLocation(al)
	if reg := region(r); reg != nil {
		pl.WithRegion(reg)
	}
	return gosarif.NewLocationWithPhysicalLocation(pl)
}

// region converts r, leaving out what is unknown and repairing what SARIF
// would reject: the end never precedes the start, and a region on one line
// ends after its start column or has no end column.
func region(r model.Range) *gosarif.Region {
	if r.Start.Line <= 0 {
		return nil
	}
	reg := gosarif.NewRegion().WithStartLine(r.Start.Line)
	startCol := 1
	if r.Start.Column > 0 {
		startCol = r.Start.Column
		reg.WithStartColumn(startCol)
	}
	switch {
	case r.End.Line > r.Start.Line:
		reg.WithEndLine(r.End.Line)
		if r.End.Column > 0 {
			reg.WithEndColumn(r.End.Column)
		}
	case r.End.Line == r.Start.Line:
		reg.WithEndLine(r.End.Line)
		if r.End.Column > startCol {
			reg.WithEndColumn(r.End.Column)
		}
	}
	return reg
}

// fileURI turns an absolute path (one outside any relation to the root,
// such as on another Windows volume) into a file URI.
func fileURI(p string) (string, bool) {
	switch {
	case strings.HasPrefix(p, "/"):
		return "file://" + escapePath(p), true
	case len(p) >= 3 && p[1] == ':' && p[2] == '/':
		return "file:///" + p[:2] + escapePath(p[2:]), true
	}
	return "", false
}

// escapePath percent-encodes every byte of a slash-separated path that may
// not appear as is in a URI path, and ':' too, so that a relative path is
// never read as a scheme.
func escapePath(p string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			strings.IndexByte("-._~/!$&'()*+,;=@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

// notifications reports the diagnostics, then the checks that could not be
// made, then the input that could not be analysed.
func notifications(s *report.Scan, index map[string]int) []*gosarif.Notification {
	var ns []*gosarif.Notification
	add := func(lvl, text string, r model.Range) *gosarif.Notification {
		n := gosarif.NewNotification().WithLevel(lvl).WithTextMessage(sentence(text))
		if loc := location(report.RelPath(s.Root, r.Filename), r); loc != nil {
			n.WithLocations([]*gosarif.Location{loc})
		}
		ns = append(ns, n)
		return n
	}
	for _, d := range s.SortedDiagnostics() {
		text := d.Summary
		if d.Detail != "" {
			text += ": " + d.Detail
		}
		add(d.Severity.String(), text, d.Subject)
	}
	for _, sk := range s.Result.Skipped {
		text := fmt.Sprintf("%s not checked on %s %s: %s", strings.Join(sk.RuleIDs, ", "), sk.Resource.Address, sk.Attribute, sk.Reason)
		n := add("note", text, sk.Range)
		// A notification names one rule: the first of those that could
		// not decide (the text names them all).
		if i, ok := index[sk.RuleIDs[0]]; ok {
			n.WithAssociatedRule(gosarif.NewReportingDescriptorReference().WithId(sk.RuleIDs[0]).WithIndex(i))
		}
	}
	for _, na := range s.SortedNotAnalysed() {
		add("note", fmt.Sprintf("not analysed: %s: %s", na.What, na.Reason), na.Range)
	}
	return ns
}

// toolVersion is the driver's version: v without a leading "v", so that it
// starts with a digit as SARIF consumers compare versions numerically (rule
// SARIF2005), or, for a build that is not a release (such as "dev"),
// "0.0.0-" and v made a valid pre-release identifier.
func toolVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v != "" && '0' <= v[0] && v[0] <= '9' {
		return v
	}
	if v == "" {
		v = "dev"
	}
	return "0.0.0-" + strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '-'
	}, v)
}

// semverPattern is SemVer 2.0.0, with an optional leading "v".
var semverPattern = regexp.MustCompile(`^v?((0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)$`)

// semanticVersion returns v as a semantic version without the "v", if it
// is one.
func semanticVersion(v string) (string, bool) {
	m := semverPattern.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	return m[1], true
}
