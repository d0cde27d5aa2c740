// Package baseline holds the baseline file: the findings a team has
// accepted as they are today, so that a pull-request gate fails only on new
// ones. Entries are matched by fingerprint (rules.Finding.ComputeFingerprint:
// rule, file, resource address and attribute, not the line), so a finding
// that moved within its file, or whose file was reformatted, stays
// baselined; a finding whose file was renamed or whose resource was renamed
// is new, and the old entry is reported as gone.
//
// # File format, version "1"
//
//	{
//	  "tool": "dynamoguard",
//	  "version": "1",
//	  "findings": [                // sorted by file, rule, resource, attribute, fingerprint
//	    {"fingerprint": "…",      // 32 hex digits: what is matched
//	     "rule_id": "DDB201",      // the rest is for people reading the file
//	     "file": "infra/main.tf",
//	     "resource": "aws_dynamodb_table.orders",
//	     "attribute": "point_in_time_recovery.enabled"}
//	  ]
//	}
package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// DefaultFile is the baseline's default name, at the scan root.
const DefaultFile = ".dynamoguard-baseline.json"

// Version is the version of the file format.
const Version = "1"

// Tool is the tool named in the file.
const Tool = "dynamoguard"

// File is a baseline.
type File struct {
	Tool     string  `json:"tool"`
	Version  string  `json:"version"`
	Findings []Entry `json:"findings"`
}

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	RuleID      string `json:"rule_id"`
	File        string `json:"file"`
	Resource    string `json:"resource"`
	Attribute   string `json:"attribute"`
}

// New is the baseline of the findings that count today: those not
// already suppressed in the source.
func New(findings []rules.Finding) *File {
	b := &File{Tool: Tool, Version: Version, Findings: []Entry{}}
	seen := map[Entry]bool{}
	for _, f := range findings {
		if f.Suppression != nil {
			continue
		}
		fp := f.Fingerprint
		if fp == "" {
			fp = f.ComputeFingerprint()
		}
		e := Entry{Fingerprint: fp, RuleID: f.RuleID, File: f.Range.Filename, Resource: f.Resource.Address, Attribute: f.Attribute}
		if !seen[e] {
			seen[e] = true
			b.Findings = append(b.Findings, e)
		}
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		switch {
		case x.File != y.File:
			return x.File < y.File
		case x.RuleID != y.RuleID:
			return x.RuleID < y.RuleID
		case x.Resource != y.Resource:
			return x.Resource < y.Resource
		case x.Attribute != y.Attribute:
			return x.Attribute < y.Attribute
		}
		return x.Fingerprint < y.Fingerprint
	})
	return b
}

// Write writes the baseline as indented JSON ending in a newline.
func (b *File) Write(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("write baseline: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

var fingerprintRE = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ErrInvalid is wrapped by every error of Parse about the content.
var ErrInvalid = errors.New("not a dynamoguard baseline")

// Parse reads a baseline. A document that is not JSON, is another tool's,
// of another version, or has an entry without a valid fingerprint is an
// error that says which.
func Parse(data []byte) (*File, error) {
	var b File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			line := 1 + bytes.Count(data[:min(int(syn.Offset), len(data))], []byte("\n"))
			return nil, fmt.Errorf("%w: line %d: %w", ErrInvalid, line, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	switch {
	case b.Tool != Tool:
		return nil, fmt.Errorf("%w: its tool is %q, not %q", ErrInvalid, b.Tool, Tool)
	case b.Version != Version:
		return nil, fmt.Errorf("%w of version %s: its version is %q; write a new one with dynamoguard baseline", ErrInvalid, Version, b.Version)
	}
	for i, e := range b.Findings {
		if !fingerprintRE.MatchString(e.Fingerprint) {
			return nil, fmt.Errorf("%w: entry %d (%s %s): fingerprint %q is not 32 lower-case hex digits", ErrInvalid, i+1, e.RuleID, e.Resource, e.Fingerprint)
		}
	}
	return &b, nil
}

// Apply marks the findings the baseline lists as suppressed (external,
// justified by name, the baseline's file name as the user gave it, and
// located at file, its name relative to the scan root or absolute) and
// returns the entries no finding matched among those inScope accepts (the
// files that were scanned): the findings that no longer occur.
func (b *File) Apply(findings []rules.Finding, name, file string, inScope func(file string) bool) []Entry {
	want := map[string]bool{}
	for _, e := range b.Findings {
		want[e.Fingerprint] = true
	}
	matched := map[string]bool{}
	for i := range findings {
		f := &findings[i]
		fp := f.Fingerprint
		if fp == "" {
			fp = f.ComputeFingerprint()
		}
		if !want[fp] {
			continue
		}
		matched[fp] = true
		if f.Suppression == nil {
			f.Suppression = &rules.Suppression{Kind: rules.External, Justification: "accepted in the baseline " + name,
				Syntax: "baseline", Location: name, Range: model.Range{Filename: file}}
		}
	}
	var gone []Entry
	for _, e := range b.Findings {
		if !matched[e.Fingerprint] && (inScope == nil || inScope(e.File)) {
			gone = append(gone, e)
		}
	}
	return gone
}
