package terraform

import (
	"sort"

	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

// toRange converts an HCL range to a model range.
func toRange(r hcl.Range) model.Range {
	return model.Range{
		Filename: r.Filename,
		Start:    model.Pos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      model.Pos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// addHCLDiags converts HCL diagnostics at the boundary; file names the
// subject of a diagnostic that has none.
func (l *loader) addHCLDiags(diags hcl.Diagnostics, file string) {
	for _, d := range diags {
		sev := model.DiagError
		if d.Severity == hcl.DiagWarning {
			sev = model.DiagWarning
		}
		subject := model.Range{Filename: file}
		if d.Subject != nil {
			subject = toRange(*d.Subject)
		}
		if subject.Filename == "" {
			subject.Filename = l.dirName()
		}
		l.diags = append(l.diags, model.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Subject: subject})
	}
}

// dirName names the module in diagnostics that have no file.
func (l *loader) dirName() string {
	if l.mod.Dir == "" {
		return "."
	}
	return l.mod.Dir
}

// warn adds a warning about the input at r.
func (l *loader) warn(r hcl.Range, summary, detail string) {
	l.diags = append(l.diags, model.Diagnostic{
		Severity: model.DiagWarning,
		Summary:  summary,
		Detail:   detail,
		Subject:  toRange(r),
	})
}

// warnOnce adds a warning unless one with the same key was already added.
func (l *loader) warnOnce(key string, r hcl.Range, summary, detail string) {
	if l.warned[key] {
		return
	}
	l.warned[key] = true
	l.warn(r, summary, detail)
}

// sortByRange orders items by the start of their range.
func sortByRange[T any](items []T, rng func(T) hcl.Range) {
	sort.SliceStable(items, func(i, j int) bool {
		a, b := rng(items[i]), rng(items[j])
		if a.Filename != b.Filename {
			return a.Filename < b.Filename
		}
		return a.Start.Byte < b.Start.Byte
	})
}
