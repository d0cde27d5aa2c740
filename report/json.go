package report

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// JSONVersion is the version of the JSON schema WriteJSON writes.
const JSONVersion = "1"

type jsonDoc struct {
	Version     string            `json:"version"`
	Tool        jsonTool          `json:"tool"`
	Rules       []rules.Info      `json:"rules"`
	Findings    []jsonFinding     `json:"findings"`
	Diagnostics []jsonDiagnostic  `json:"diagnostics"`
	NotAnalysed []jsonNotAnalysed `json:"not_analysed"`
	Summary     jsonSummary       `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// jsonSpan is embedded in every located entry.
type jsonSpan struct {
	File        string `json:"file"`
	StartLine   int    `json:"start_line"`
	StartColumn int    `json:"start_column"`
	EndLine     int    `json:"end_line"`
	EndColumn   int    `json:"end_column"`
}

type jsonResource struct {
	Kind    string `json:"kind"`
	Type    string `json:"type"`
	Address string `json:"address"`
}

type jsonFinding struct {
	RuleID   string `json:"rule_id"`
	RuleName string `json:"rule_name"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	jsonSpan
	Resource    jsonResource  `json:"resource"`
	Attribute   string        `json:"attribute"`
	Fingerprint string        `json:"fingerprint"`
	DocURL      string        `json:"doc_url"`
	Related     []jsonRelated `json:"related,omitempty"`
	// Suppression is omitted for a finding that counts.
	Suppression *rules.Suppression `json:"suppression,omitempty"`
	// Fix is the automatic fix offered; NoFix says why none is, for a
	// rule that has fixes.
	Fix   *rules.SuggestedFix `json:"fix,omitempty"`
	NoFix string              `json:"no_fix,omitempty"`
}

// jsonRelated is a place that explains a finding.
type jsonRelated struct {
	Message string `json:"message"`
	jsonSpan
}

type jsonDiagnostic struct {
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Detail   string `json:"detail,omitempty"`
	jsonSpan
}

type jsonNotAnalysed struct {
	Kind      string        `json:"kind"`
	RuleIDs   []string      `json:"rule_ids,omitempty"`
	Resource  *jsonResource `json:"resource,omitempty"`
	Attribute string        `json:"attribute,omitempty"`
	What      string        `json:"what,omitempty"`
	Reason    string        `json:"reason"`
	jsonSpan
}

type jsonSummary struct {
	Files       int            `json:"files"`
	Findings    int            `json:"findings"`
	BySeverity  jsonBySeverity `json:"by_severity"`
	Diagnostics int            `json:"diagnostics"`
	NotAnalysed int            `json:"not_analysed"`
	Suppressed  jsonSuppressed `json:"suppressed"`
	// BaselineGone counts the baseline's entries that no longer occur.
	BaselineGone int `json:"baseline_gone"`
}

type jsonSuppressed struct {
	InSource int `json:"in_source"`
	Baseline int `json:"baseline"`
}

// jsonBySeverity is a struct, not a map, so that the keys come most severe
// first.
type jsonBySeverity struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Note     int `json:"note"`
}

// WriteJSON writes the scan as one JSON document in the schema described in
// the package documentation.
func WriteJSON(w io.Writer, s *Scan) error {
	diags := s.SortedDiagnostics()
	doc := jsonDoc{
		Version:     JSONVersion,
		Tool:        jsonTool{Name: ToolName, Version: s.Version},
		Rules:       make([]rules.Info, 0, len(s.Rules)),
		Findings:    jsonFindings(s),
		Diagnostics: make([]jsonDiagnostic, 0, len(diags)),
		NotAnalysed: jsonNotAnalysedList(s),
	}
	for _, r := range s.Rules {
		doc.Rules = append(doc.Rules, r.Info())
	}
	for _, d := range diags {
		doc.Diagnostics = append(doc.Diagnostics, jsonDiagnostic{
			Severity: d.Severity.String(),
			Summary:  d.Summary,
			Detail:   d.Detail,
			jsonSpan: span(d.Subject),
		})
	}
	c := s.CountFindings()
	tally := s.Tally()
	doc.Summary = jsonSummary{
		Files:    len(s.Files),
		Findings: tally.New,
		BySeverity: jsonBySeverity{
			Critical: c[rules.Critical], High: c[rules.High], Medium: c[rules.Medium],
			Low: c[rules.Low], Note: c[rules.Note],
		},
		Diagnostics:  len(diags),
		NotAnalysed:  len(doc.NotAnalysed),
		Suppressed:   jsonSuppressed{InSource: tally.InSource, Baseline: tally.Baselined},
		BaselineGone: s.BaselineGone,
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// jsonFindings converts the scan's findings.
func jsonFindings(s *Scan) []jsonFinding {
	names := make(map[string]string, len(s.Rules))
	for _, r := range s.Rules {
		names[r.ID] = r.Name
	}
	out := make([]jsonFinding, 0, len(s.Result.Findings))
	for _, f := range s.Result.Findings {
		jf := jsonFinding{
			RuleID:      f.RuleID,
			RuleName:    names[f.RuleID],
			Severity:    f.Severity.String(),
			Message:     f.Message,
			jsonSpan:    span(FindingRange(f)),
			Resource:    resource(f.Resource),
			Attribute:   f.Attribute,
			Fingerprint: fingerprint(&f),
			DocURL:      DocURL(f.RuleID),
			Suppression: f.Suppression,
			Fix:         f.Fix,
			NoFix:       f.NoFix,
		}
		for _, r := range f.Related {
			jf.Related = append(jf.Related, jsonRelated{Message: RelatedMessage(r), jsonSpan: span(r.Range)})
		}
		out = append(out, jf)
	}
	return out
}

// jsonNotAnalysedList lists the checks that could not be made, then the
// input that could not be analysed.
func jsonNotAnalysedList(s *Scan) []jsonNotAnalysed {
	out := []jsonNotAnalysed{}
	for _, sk := range s.Result.Skipped {
		res := resource(sk.Resource)
		out = append(out, jsonNotAnalysed{
			Kind:      "check",
			RuleIDs:   sk.RuleIDs,
			Resource:  &res,
			Attribute: sk.Attribute,
			Reason:    sk.Reason,
			jsonSpan:  span(sk.Range),
		})
	}
	for _, na := range s.SortedNotAnalysed() {
		out = append(out, jsonNotAnalysed{
			Kind:     "input",
			What:     na.What,
			Reason:   na.Reason,
			jsonSpan: span(na.Range),
		})
	}
	return out
}

// span locates an entry: its file as the scan names it (relative to the
// scan root, or absolute), and its positions.
func span(r model.Range) jsonSpan {
	return jsonSpan{
		File:        r.Filename,
		StartLine:   r.Start.Line,
		StartColumn: r.Start.Column,
		EndLine:     r.End.Line,
		EndColumn:   r.End.Column,
	}
}

func resource(r model.Resource) jsonResource {
	return jsonResource{Kind: string(r.Kind), Type: r.Type, Address: r.Address}
}
