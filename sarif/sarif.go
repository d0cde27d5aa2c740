// Package sarif writes a scan as a SARIF 2.1.0 log for GitHub code scanning
// and other SARIF consumers. The log passes the SARIF Multitool's validation
// with its GitHub ingestion rules, and is deterministic: the same scan gives
// the same bytes, with no timestamps and no machine-dependent paths.
package sarif

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
	"golang.org/x/mod/semver"

	"github.com/dynamoguard/dynamoguard/internal/workers"
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

// FingerprintKey is the partialFingerprints key of a finding's
// fingerprint (rules.Finding.ComputeFingerprint). The "/v1" suffix changes
// if the scheme ever does, so that GitHub does not compare fingerprints of
// different schemes.
const FingerprintKey = "dynamoguardFindingHash/v1"

// Write writes the scan as a SARIF log with one run: every rule that ran
// (s.Rules) as the driver's rules, every finding as a result, and the
// diagnostics, unanalysed checks and unanalysed input as notifications of
// the run's one invocation. Every finding's rule must be in s.Rules. A
// suppressed finding (in the source, or in the baseline) is a result with a
// suppression of kind inSource or external, status accepted, and its
// justification.
//
// The log is made of go-sarif's types and encoded with encoding/json,
// without HTML escaping: the log indented by two spaces, and each result
// compact on a line of its own, so that a log of many results is half the
// size and a change of one result is a change of one line. The results are
// encoded a batch at a time and written one by one, so that a large log is
// never held in memory whole; nothing is written when a finding's rule is
// not among the scan's.
func Write(w io.Writer, s *report.Scan) error {
	log, index, err := build(s)
	if err != nil {
		return err
	}
	for _, f := range s.Result.Findings {
		if _, ok := index[f.RuleID]; !ok {
			return fmt.Errorf("finding of rule %s, which is not in the scan's rules", f.RuleID)
		}
	}
	head, err := encode(log, "  ")
	if err != nil {
		return err
	}
	// The results go where the log without them has its empty array: the
	// only key at the depth of a run's properties that is named results (a
	// raw newline is never inside a JSON string).
	const slot = "\n" + resultsIndent + `"results": []`
	at := bytes.Index(head, []byte(slot))
	if at < 0 || bytes.Count(head, []byte(slot)) != 1 {
		return fmt.Errorf("write SARIF: no single place for the results in the log")
	}
	at += len(slot) - len("]")
	// The results are encoded a batch at a time on GOMAXPROCS workers, and
	// written in order, each with the separator before it, in one write;
	// the writer's first error ends the log.
	bw := bufio.NewWriter(w)
	var piece bytes.Buffer
	piece.Write(head[:at])
	findings := s.Result.Findings
	encoded := make([][]byte, min(len(findings), encodeBatch))
	for lo := 0; lo < len(findings); lo += encodeBatch {
		batch := findings[lo:min(lo+encodeBatch, len(findings))]
		if err := encodeResults(batch, index, encoded); err != nil {
			return err
		}
		for i := range batch {
			if lo+i > 0 {
				piece.WriteByte(',')
			}
			piece.WriteString("\n" + resultsIndent + "  ")
			piece.Write(encoded[i])
			if _, err := bw.Write(piece.Bytes()); err != nil {
				return fmt.Errorf("write SARIF: %w", err)
			}
			piece.Reset()
		}
	}
	if len(s.Result.Findings) > 0 {
		piece.WriteString("\n" + resultsIndent)
	}
	piece.Write(head[at:])
	piece.WriteByte('\n')
	if _, err := bw.Write(piece.Bytes()); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write SARIF: %w", err)
	}
	return nil
}

// encodeBatch is how many results are encoded before they are written.
const encodeBatch = 512

// encodeResults encodes the results of the findings into out, on
// GOMAXPROCS workers; the error joins those of the findings, in order.
func encodeResults(findings []rules.Finding, index map[string]int, out [][]byte) error {
	errs := make([]error, len(findings))
	workers.Each(len(findings), 0, func(i int) {
		f := &findings[i]
		out[i], errs[i] = encode(result(*f, index[f.RuleID]), "")
	})
	return errors.Join(errs...)
}

// resultsIndent is the indentation of the keys of a run: the log's runs
// are at depth 1, each run at depth 2, its keys at depth 3.
const resultsIndent = "      "

// encode is v as JSON without HTML escaping and without a final newline:
// indented by indent at each depth, or compact when indent is empty.
func encode(v any, indent string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if indent != "" {
		enc.SetIndent("", indent)
	}
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("write SARIF: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// build returns the log of the scan without its results, and the index of
// each rule in the driver's rules by ID.
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

	run := gosarif.NewRun(*gosarif.NewTool(driver))
	// The artifact URIs are relative to %SRCROOT%, the scan root. Its
	// absolute location is deliberately left out: it would make the log
	// differ from machine to machine and leak local paths, and GitHub
	// resolves relative URIs against the checkout anyway. SARIF allows an
	// originalUriBaseIds entry without a uri (the consumer then supplies
	// the base; a uri would have to be absolute); the description says
	// what the base is.
	run.WithOriginalUriBaseIds(map[string]*gosarif.ArtifactLocation{
		SrcRoot: gosarif.NewArtifactLocation().WithDescriptionText("The scan root: the repository root when the " +
			"scanned paths are inside a git work tree, else the scanned folder; artifact paths are relative to it."),
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
	props := gosarif.Properties{
		"tags":             r.Info().Tags,
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
	return gosarif.NewRule(r.ID).
		WithName(r.Name).
		WithShortDescription(gosarif.NewMultiformatMessageString(sentence(r.Title))).
		WithFullDescription(gosarif.NewMultiformatMessageString(sentence(r.Doc.Why))).
		WithHelpURI(r.DocURL()).
		WithHelp(&gosarif.MultiformatMessageString{}).
		WithTextHelp(r.Text()).
		WithMarkdownHelp(r.Markdown()).
		WithDefaultConfiguration(&gosarif.ReportingConfiguration{Level: level(r.Severity)}).
		WithProperties(props)
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

// result is the finding as a result. Its location is where the finding
// is, in the file that declares the resource (a module's own file for a
// resource of a module); its related locations are the places that explain
// it: the module calls that instantiated the resource and the inputs the
// value came from.
func result(f rules.Finding, ruleIndex int) *gosarif.Result {
	res := gosarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(level(f.Severity)).
		WithMessage(gosarif.NewTextMessage(sentence(f.Message)))
	loc := lineLocation(report.FindingRange(f))
	if loc == nil {
		loc = gosarif.NewLocation()
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
	for _, rel := range f.Related {
		l := lineLocation(rel.Range)
		if l == nil {
			continue // a place without a file cannot be shown
		}
		// Ids start at 1, the first a message could link to as [text](1).
		// GitHub rejects a related location without a message.
		l.WithId(len(res.RelatedLocations) + 1).
			WithMessage(gosarif.NewTextMessage(sentence(report.RelatedMessage(rel))))
		res.AddRelatedLocation(l)
	}
	if f.Fix != nil {
		res.AddFix(fixOf(f.Fix))
	}
	fp := f.Fingerprint
	if fp == "" {
		fp = f.ComputeFingerprint()
	}
	res.WithPartialFingerPrints(map[string]any{FingerprintKey: fp})
	if sup := f.Suppression; sup != nil {
		// GitHub code scanning closes the alert of a result with an
		// accepted suppression ("dismissed"); other consumers hide it.
		// Where it is written: the comment or Metadata entry, or the
		// baseline file. The guid is derived from the finding and the
		// suppression, so that the log stays deterministic.
		where := location(sup.Range)
		if where == nil {
			where = gosarif.NewLocation()
		}
		res.WithSuppression([]*gosarif.Suppression{
			gosarif.NewSuppression(sup.Kind.String()).
				WithStatus("accepted").
				WithJustifcation(sup.Justification).
				WithLocation(where).
				WithGuid(guid(fp, sup.Kind.String(), sup.Location)),
		})
	}
	return res
}

// fixOf is a fix as SARIF writes it: one artifactChange a file, whose
// replacements delete a region (lines and columns, and the byte offset and
// length) and insert the new text.
func fixOf(fx *rules.SuggestedFix) *gosarif.Fix {
	desc := fx.Description
	if len(fx.Notes) > 0 {
		desc += " (" + strings.Join(fx.Notes, "; ") + ")"
	}
	out := gosarif.NewFix().WithDescriptionText(sentence(desc))
	changes := map[string]*gosarif.ArtifactChange{}
	for _, e := range fx.Edits {
		ch, ok := changes[e.Range.Filename]
		if !ok {
			ch = gosarif.NewArtifactChange(artifactLocation(e.Range.Filename))
			changes[e.Range.Filename] = ch
			out.AddArtifactChanges(ch)
		}
		r := e.Range
		deleted := gosarif.NewRegion().
			WithStartLine(r.Start.Line).WithStartColumn(r.Start.Column).
			WithEndLine(r.End.Line).WithEndColumn(r.End.Column).
			WithByteOffset(r.Start.Byte).WithByteLength(r.End.Byte - r.Start.Byte)
		text := e.New
		ch.WithReplacement(gosarif.NewReplacement(deleted).WithInsertedContent(&gosarif.ArtifactContent{Text: &text}))
	}
	return out
}

// location returns the physical location of r, with a region when r has a
// line, or nil when r names no file.
func location(r model.Range) *gosarif.Location {
	if r.Filename == "" {
		return nil
	}
	pl := gosarif.NewPhysicalLocation().WithArtifactLocation(artifactLocation(r.Filename))
	if reg := region(r); reg != nil {
		pl.WithRegion(reg)
	}
	return gosarif.NewLocationWithPhysicalLocation(pl)
}

// lineLocation is location for a result or a related location: GitHub
// needs a line there, so a place on no line in particular is put on the
// first.
func lineLocation(r model.Range) *gosarif.Location {
	loc := location(r)
	if loc != nil && loc.PhysicalLocation.Region == nil {
		loc.PhysicalLocation.WithRegion(gosarif.NewRegion().WithStartLine(1))
	}
	return loc
}

// artifactLocation locates the file of a scan by its name: a URI relative
// to %SRCROOT% for a name relative to the scan root, a file URI for an
// absolute name (a file outside the root). net/url escapes what a URI
// path cannot hold as is (spaces, '#', '?', '%', non-ASCII), and writes
// a relative path whose first segment holds a ':' as ./a:b so that it is
// not read as a scheme.
func artifactLocation(name string) *gosarif.ArtifactLocation {
	p := filepath.ToSlash(name)
	if abs, ok := absolutePath(p); ok {
		return gosarif.NewArtifactLocation().WithUri((&url.URL{Scheme: "file", Path: abs}).String())
	}
	return gosarif.NewArtifactLocation().WithUri((&url.URL{Path: p}).String()).WithUriBaseId(SrcRoot)
}

// absolutePath returns a slash-separated absolute path as the path of a
// file URI: /dir/x.tf, or /C:/dir/x.tf for a Windows path.
func absolutePath(p string) (string, bool) {
	switch {
	case strings.HasPrefix(p, "/"):
		return p, true
	case len(p) >= 3 && p[1] == ':' && p[2] == '/' && ('a' <= p[0] && p[0] <= 'z' || 'A' <= p[0] && p[0] <= 'Z'):
		return "/" + p, true
	}
	return "", false
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

// notifications reports the diagnostics, then the checks that could not be
// made, then the input that could not be analysed.
func notifications(s *report.Scan, index map[string]int) []*gosarif.Notification {
	var ns []*gosarif.Notification
	add := func(lvl, text string, r model.Range) *gosarif.Notification {
		n := gosarif.NewNotification().WithLevel(lvl).WithTextMessage(sentence(text))
		if loc := location(r); loc != nil {
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

// semanticVersion returns v as a semantic version without the "v", if it
// is one (golang.org/x/mod/semver, which wants the "v").
func semanticVersion(v string) (string, bool) {
	canonical := "v" + strings.TrimPrefix(v, "v")
	// Canonical completes "v1.2" to "v1.2.0" and drops the build: a full
	// version is one it leaves as it is.
	if !semver.IsValid(canonical) || semver.Canonical(canonical)+semver.Build(canonical) != canonical {
		return "", false
	}
	return canonical[1:], true
}

// guid is a name-based UUID (version 5 layout, SHA-256 truncated) of the
// parts: the same suppression of the same finding always has the same one.
func guid(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}
