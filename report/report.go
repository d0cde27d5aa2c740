// Package report writes the results of a scan for people and programs: a
// text report for terminals and CI logs (WriteText) and a JSON document with
// a stable schema (WriteJSON). It also holds what every writer shares, the
// SARIF writer in package sarif included: the Scan type, root-relative paths
// (RelPath) and finding fingerprints (Fingerprint).
//
// # JSON schema, version "1"
//
// WriteJSON writes one object, indented by two spaces and ending in a
// newline. Every key below is always present unless marked "omitted when
// empty"; lists are never null. Paths are relative to the scan root and
// slash-separated. Lines and columns are 1-based, 0 when unknown; end_column
// points just past the last character of the range.
//
//	{
//	  "version": "1",                  // schema version; bumped only on incompatible change
//	  "tool": {"name": "dynamoguard", "version": "0.1.0"},
//	  "rules": [                       // the rules that ran, in catalogue order
//	    {"id": "DDB101", "name": "table-aws-owned-key", "title": "…",
//	     "severity": "medium", "cwe": "CWE-311", "doc_url": "https://…/DDB101.md"}
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
//	      "fingerprint": "…",          // 32 hex digits, see Fingerprint
//	      "doc_url": "https://…/DDB101.md"
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
//	    "files": 4, "findings": 2,
//	    "by_severity": {"critical": 0, "high": 0, "medium": 2, "low": 0, "note": 0},
//	    "diagnostics": 1, "not_analysed": 2
//	  }
//	}
package report

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// Scan is everything a writer needs. Result comes from rules.Run,
// Diagnostics from the parsers.
type Scan struct {
	// Root is the scan root: the paths in the output are made relative to
	// it (slash-separated).
	Root string
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
	// Category names the analysis for GitHub code scanning (the SARIF
	// run.automationDetails.id, less its trailing slash), so that scans of
	// several directories of one repository do not replace each other's
	// alerts. Empty means ToolName.
	Category string
}

// ToolName is the tool's name in every output format.
const ToolName = "dynamoguard"

// RelPath returns filename relative to root, slash-separated. A file outside
// root gets a path that starts with "../"; a file that is the root itself
// gets its base name. Relative paths are taken relative to the working
// directory. An empty root means ".".
func RelPath(root, filename string) string {
	if filename == "" {
		return ""
	}
	if root == "" {
		root = "."
	}
	r, f := root, filename
	if filepath.IsAbs(r) != filepath.IsAbs(f) {
		if a, err := filepath.Abs(r); err == nil {
			r = a
		}
		if a, err := filepath.Abs(f); err == nil {
			f = a
		}
	}
	rel, err := filepath.Rel(r, f)
	if err != nil {
		return filepath.ToSlash(filepath.Clean(filename))
	}
	if rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		// Outside the root: an absolute path (a file:// URI in SARIF)
		// says where the file is; a run of ../ would not.
		if a, err := filepath.Abs(filename); err == nil {
			return filepath.ToSlash(a)
		}
	}
	if rel == "." {
		return filepath.ToSlash(filepath.Base(f))
	}
	return filepath.ToSlash(rel)
}

// fingerprintVersion is hashed first, so that a change of scheme changes
// every fingerprint; bump it together with the SARIF key's suffix.
const fingerprintVersion = "dynamoguard/v1"

// Fingerprint identifies a finding across runs: the first 32 hex digits of
// the SHA-256 of the rule ID, the root-relative path of its file, the
// resource address and the attribute path. Positions are left out, so the
// fingerprint survives edits elsewhere in the file; it changes when the
// finding moves to another resource, attribute or file.
func Fingerprint(f rules.Finding, relPath string) string {
	h := sha256.New()
	for _, part := range []string{fingerprintVersion, f.RuleID, relPath, f.Resource.Address, f.Attribute} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
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

// CountFindings tallies the scan's findings by severity.
func (s *Scan) CountFindings() Counts {
	var c Counts
	for _, f := range s.Result.Findings {
		if int(f.Severity) < len(c) {
			c[f.Severity]++
		}
	}
	return c
}
