// Package report writes the results of a scan for people and programs: a
// text report for terminals and CI logs (WriteText) and a JSON document with
// a stable schema (WriteJSON). It also holds what every writer shares, the
// SARIF writer in package sarif included: the Scan type and the messages of
// related locations (RelatedMessage).
//
// # JSON schema, version "1"
//
// WriteJSON writes one object, indented by two spaces and ending in a
// newline. Every key below is always present unless marked "omitted when
// empty"; lists are never null. Paths are relative to the scan root and
// slash-separated; a file outside the root (a --var-file elsewhere) has its
// absolute path. Lines and columns are 1-based, 0 when unknown; end_column
// points just past the last character of the range.
//
//	{
//	  "version": "1",                  // schema version; bumped only on incompatible change
//	  "tool": {"name": "dynamoguard", "version": "0.1.0"},
//	  "rules": [                       // the rules that ran, in catalogue order (rules.Info)
//	    {"id": "DDB101", "name": "table-aws-owned-key", "title": "…",
//	     "severity": "medium",         // the default severity
//	     "cwe": "CWE-311", "precision": "very-high",
//	     "tags": ["security", "dynamodb", "external/cwe/cwe-311"],
//	     "doc_url": "https://…/DDB101.md"}
//	  ],
//	  "findings": [                    // sorted by file, line, column, rule ID
//	    {
//	      "rule_id": "DDB101",
//	      "rule_name": "table-aws-owned-key",
//	      "severity": "medium",        // critical, high, medium, low or note
//	      "message": "…",              // one line, no trailing period
//	      "file": "infra/main.tf",
//	      "start_line": 3, "start_column": 1, "end_line": 3, "end_column": 38,
//	      "resource": {"kind": "terraform", "type": "aws_dynamodb_table",
//	                   "address": "aws_dynamodb_table.orders"},
//	      "attribute": "server_side_encryption.enabled",
//	      "fingerprint": "…",          // 32 hex digits, see rules.Finding.ComputeFingerprint
//	      "doc_url": "https://…/DDB101.md",
//	      "suppression": {             // omitted for a finding that counts
//	        "kind": "inSource",        // inSource (a comment, Metadata, a peer's syntax) or external (the baseline)
//	        "justification": "…", "syntax": "dynamoguard", "location": "main.tf:4"},
//	      "related": [                 // omitted when empty: the module calls that
//	                                   // instantiated the resource, innermost first,
//	                                   // then the inputs the value came from
//	        {"message": "called from module.db[\"a\"]",
//	         "file": "main.tf", "start_line": 12, "start_column": 1, "end_line": 12, "end_column": 10}
//	      ]
//	    }
//	  ],
//	  "diagnostics": [                 // problems with the input, sorted by file and position
//	    {"severity": "error",          // error or warning
//	     "summary": "…", "detail": "…", // detail omitted when empty
//	     "file": "…", "start_line": 1, "start_column": 1, "end_line": 1, "end_column": 9}
//	  ],
//	  "not_analysed": [                // what could not be analysed, checks first
//	    {"kind": "check",              // rules could not decide: the value is unknown
//	     "rule_ids": ["DDB201", "DDB202"], "resource": {…}, "attribute": "…",
//	     "reason": "…", "file": "…", "start_line": …, "start_column": …, "end_line": …, "end_column": …},
//	    {"kind": "input",              // input the parsers saw but could not analyse
//	     "what": "…", "reason": "…", "file": "…", "start_line": …, …}
//	  ],                               // rule_ids, resource, attribute: omitted for "input";
//	                                   // what: omitted for "check"
//	  "summary": {
//	    "files": 4, "findings": 2,   // findings that count (not suppressed)
//	    "by_severity": {"critical": 0, "high": 0, "medium": 2, "low": 0, "note": 0},
//	    "diagnostics": 1, "not_analysed": 2,
//	    "suppressed": {"in_source": 1, "baseline": 3}, // suppressed findings, counted apart
//	    "baseline_gone": 0             // baseline entries that no finding matched any more
//	  }
//	}
package report

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// Scan is everything a writer needs. Result comes from rules.Run,
// Diagnostics from the parsers.
//
// Every file name in it (in ranges of findings, related locations,
// diagnostics and input not analysed) is relative to Root and
// slash-separated, as the scan pipeline makes them; a file outside the
// root (a --var-file elsewhere) is named by its absolute path. SARIF and
// JSON write the names as they are; the text report shows them relative to
// Cwd (see DisplayPath).
type Scan struct {
	// Root is the scan root, an absolute path: the repository root when the
	// scanned paths are inside a git work tree, else the scanned folder.
	Root string
	// Cwd is the working directory the scan ran in, an absolute path.
	Cwd string
	// Rules are the rules that ran, in the order they are listed.
	Rules []*rules.Rule
	// Result is the findings, sorted, and the checks that could not be
	// made.
	Result rules.Result
	// Diagnostics are the problems the parsers met in the input.
	Diagnostics model.Diagnostics
	// Files are the files scanned.
	Files []model.File
	// NotAnalysed is the input the parsers saw but could not analyse.
	NotAnalysed []model.NotAnalysed
	// Version is the tool version, such as "0.1.0" or "dev".
	Version string
	// BaselineName is the baseline file the scan was compared with ("":
	// none); BaselineGone counts its entries that no finding matched any
	// more.
	BaselineName string
	BaselineGone int
	// Category names the analysis for GitHub code scanning (the SARIF
	// run.automationDetails.id, less its trailing slash), so that scans of
	// several directories of one repository do not replace each other's
	// alerts. Empty means ToolName.
	Category string
}

// ToolName is the tool's name in every output format.
const ToolName = "dynamoguard"

// DisplayPath returns the file name (relative to Root, or absolute) as
// people in Cwd can open it: relative to Cwd. An absolute name stays
// absolute unless the file is inside Cwd. Without Root or Cwd, or when no
// relative path exists (another Windows volume), name is returned as it is.
func (s *Scan) DisplayPath(name string) string {
	if name == "" || s.Cwd == "" {
		return name
	}
	native := filepath.FromSlash(name)
	abs := filepath.IsAbs(native)
	if !abs {
		if s.Root == "" {
			return name
		}
		native = filepath.Join(s.Root, native)
	}
	rel, err := filepath.Rel(s.Cwd, native)
	if err != nil {
		return name
	}
	if abs && (rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return name
	}
	return rel
}

// sourcePath is the path to read the file of name from: name joined to
// Root, or name itself when it is absolute or there is no Root.
func (s *Scan) sourcePath(name string) string {
	native := filepath.FromSlash(name)
	if s.Root == "" || filepath.IsAbs(native) {
		return native
	}
	return filepath.Join(s.Root, native)
}

// RelatedMessage is the message of a related location as the writers show
// it, beside the location they write themselves: without a trailing
// " (file:line)" that names that same location.
func RelatedMessage(r model.Related) string {
	if r.Range.Start.Line > 0 {
		suffix := fmt.Sprintf(" (%s:%d)", r.Range.Filename, r.Range.Start.Line)
		if m, ok := strings.CutSuffix(r.Message, suffix); ok && m != "" {
			return m
		}
	}
	return r.Message
}

// fingerprint is the finding's fingerprint: the one the pipeline set, or
// the one it would set.
func fingerprint(f *rules.Finding) string {
	if f.Fingerprint != "" {
		return f.Fingerprint
	}
	return f.ComputeFingerprint()
}

// FindingRange is where a finding is shown: its own range, or its resource's
// when the finding's range names no file.
func FindingRange(f rules.Finding) model.Range {
	if f.Range.Filename == "" {
		return f.Resource.Range
	}
	return f.Range
}

// SortedDiagnostics returns a copy of the scan's diagnostics sorted by
// position, summary, then severity and detail, so that the order in which
// the parsers finished never shows.
func (s *Scan) SortedDiagnostics() model.Diagnostics {
	ds := append(model.Diagnostics(nil), s.Diagnostics...)
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		switch {
		case a.Subject != b.Subject:
			return rangeLess(a.Subject, b.Subject)
		case a.Summary != b.Summary:
			return a.Summary < b.Summary
		case a.Severity != b.Severity:
			return a.Severity < b.Severity
		}
		return a.Detail < b.Detail
	})
	return ds
}

// SortedNotAnalysed returns a copy of the scan's NotAnalysed sorted by
// position, then what and why.
func (s *Scan) SortedNotAnalysed() []model.NotAnalysed {
	na := append([]model.NotAnalysed(nil), s.NotAnalysed...)
	sort.SliceStable(na, func(i, j int) bool {
		a, b := na[i], na[j]
		switch {
		case a.Range != b.Range:
			return rangeLess(a.Range, b.Range)
		case a.What != b.What:
			return a.What < b.What
		}
		return a.Reason < b.Reason
	})
	return na
}

// rangeLess orders ranges by file and start, then end, so that distinct
// ranges never tie.
func rangeLess(a, b model.Range) bool {
	if a.Filename != b.Filename || a.Start.Line != b.Start.Line || a.Start.Column != b.Start.Column {
		return model.RangeLess(a, b)
	}
	if a.End.Line != b.End.Line {
		return a.End.Line < b.End.Line
	}
	if a.End.Column != b.End.Column {
		return a.End.Column < b.End.Column
	}
	return a.Start.Byte < b.Start.Byte
}

// Rule returns the rule of the scan with the given ID, or nil.
func (s *Scan) Rule(id string) *rules.Rule {
	for _, r := range s.Rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// DocURL is the documentation address of the rule with the given ID.
func DocURL(id string) string { return (&rules.Rule{ID: id}).DocURL() }

// Counts tallies findings by severity, indexed by rules.Severity.
type Counts [rules.Critical + 1]int

// CountFindings tallies by severity the scan's findings that count: those
// not suppressed in the source nor accepted in the baseline.
func (s *Scan) CountFindings() Counts {
	var c Counts
	for _, f := range s.Result.Findings {
		if f.Suppression == nil && int(f.Severity) < len(c) {
			c[f.Severity]++
		}
	}
	return c
}

// Tally counts the findings that count (New), those suppressed in the
// source (InSource) and those accepted in the baseline (Baselined).
type Tally struct{ New, InSource, Baselined int }

// Tally counts the scan's findings by what became of them.
func (s *Scan) Tally() Tally {
	var t Tally
	for _, f := range s.Result.Findings {
		switch {
		case f.Suppression == nil:
			t.New++
		case f.Suppression.Kind == rules.External:
			t.Baselined++
		default:
			t.InSource++
		}
	}
	return t
}

// GoneMessage is the sentence about baseline entries that no longer
// occur, "" when there are none.
func (s *Scan) GoneMessage() string {
	switch s.BaselineGone {
	case 0:
		return ""
	case 1:
		return "1 baselined finding no longer occurs: remove it with dynamoguard baseline"
	}
	return fmt.Sprintf("%d baselined findings no longer occur: remove them with dynamoguard baseline", s.BaselineGone)
}
