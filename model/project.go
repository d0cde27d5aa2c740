package model

import "sort"

// File is one input file the scanner read.
type File struct {
	Path string     `json:"path"`
	Kind SourceKind `json:"kind"`
	// Parsed is false when the file could not be parsed at all.
	Parsed bool `json:"parsed"`
}

// NotAnalysed records something the scanner saw but could not analyse, such
// as a remote module call or a resource whose type could not be decoded.
type NotAnalysed struct {
	Range  Range  `json:"range"`
	What   string `json:"what"`
	Reason string `json:"reason"`
}

// Project is everything the parsers found under the scanned paths.
type Project struct {
	Files       []File        `json:"files"`
	Tables      []*Table      `json:"tables,omitempty"`
	KMSKeys     []*KMSKey     `json:"kms_keys,omitempty"`
	KMSAliases  []*KMSAlias   `json:"kms_aliases,omitempty"`
	NotAnalysed []NotAnalysed `json:"not_analysed,omitempty"`
}

// Merge appends everything in o to p.
func (p *Project) Merge(o *Project) {
	if o == nil {
		return
	}
	p.Files = append(p.Files, o.Files...)
	p.Tables = append(p.Tables, o.Tables...)
	p.KMSKeys = append(p.KMSKeys, o.KMSKeys...)
	p.KMSAliases = append(p.KMSAliases, o.KMSAliases...)
	p.NotAnalysed = append(p.NotAnalysed, o.NotAnalysed...)
}

// Sort orders every list by file, position and address so that output is
// deterministic whatever order the parsers finished in.
func (p *Project) Sort() {
	sort.SliceStable(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	sort.SliceStable(p.Tables, func(i, j int) bool { return resourceLess(&p.Tables[i].Resource, &p.Tables[j].Resource) })
	sort.SliceStable(p.KMSKeys, func(i, j int) bool { return resourceLess(&p.KMSKeys[i].Resource, &p.KMSKeys[j].Resource) })
	sort.SliceStable(p.KMSAliases, func(i, j int) bool {
		return resourceLess(&p.KMSAliases[i].Resource, &p.KMSAliases[j].Resource)
	})
	sort.SliceStable(p.NotAnalysed, func(i, j int) bool {
		return RangeLess(p.NotAnalysed[i].Range, p.NotAnalysed[j].Range)
	})
}

func resourceLess(a, b *Resource) bool {
	if a.Range != b.Range {
		return RangeLess(a.Range, b.Range)
	}
	return a.Address < b.Address
}

// RangeLess orders ranges by file, then start line and column.
func RangeLess(a, b Range) bool {
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Start.Line != b.Start.Line {
		return a.Start.Line < b.Start.Line
	}
	return a.Start.Column < b.Start.Column
}
