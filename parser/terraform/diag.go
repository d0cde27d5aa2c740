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

// convertDiags converts HCL diagnostics at the boundary; file names the
// subject of a diagnostic that has none, dir when file is empty too.
func convertDiags(diags hcl.Diagnostics, file, dir string) model.Diagnostics {
	out := make(model.Diagnostics, 0, len(diags))
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
			subject.Filename = dir
		}
		out = append(out, model.Diagnostic{Severity: sev, Summary: d.Summary, Detail: d.Detail, Subject: subject})
	}
	return out
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
