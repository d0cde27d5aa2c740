package model

import (
	"reflect"
	"sort"
	"strings"
)

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

// Export is a value a CloudFormation stack exports (Outputs with
// Export.Name), which other stacks read with Fn::ImportValue.
type Export struct {
	// Scope is the template that exports it.
	Scope string `json:"scope"`
	Name  string `json:"name"`
	// Value is the exported value: its Refs name resources of Scope; a
	// literal value is Text.
	Value Meta   `json:"value"`
	Text  string `json:"text,omitempty"`
}

// Project is everything the parsers found under the scanned paths, grouped
// by service. Every field of a service is a slice of pointers to a resource
// kind (a struct embedding Resource): Merge, Sort, Resources and Link handle
// a new kind without further code.
type Project struct {
	Files       []File        `json:"files"`
	DynamoDB    DynamoDB      `json:"dynamodb"`
	KMS         KMS           `json:"kms"`
	AutoScaling AutoScaling   `json:"auto_scaling"`
	Backup      Backup        `json:"backup"`
	Kinesis     Kinesis       `json:"kinesis"`
	S3          S3            `json:"s3,omitzero"`
	EC2         EC2           `json:"ec2,omitzero"`
	IAM         IAM           `json:"iam"`
	Exports     []Export      `json:"exports,omitempty"`
	NotAnalysed []NotAnalysed `json:"not_analysed,omitempty"`
}

// kindFields are the index paths, within Project, of the resource slices.
var kindFields = func() [][]int {
	var out [][]int
	pt := reflect.TypeFor[Project]()
	for i := range pt.NumField() {
		svc := pt.Field(i)
		if svc.Type.Kind() != reflect.Struct {
			continue
		}
		for j := range svc.Type.NumField() {
			f := svc.Type.Field(j)
			if f.Type.Kind() == reflect.Slice && f.Type.Elem().Implements(reflect.TypeFor[Resourcer]()) {
				out = append(out, []int{i, j})
			}
		}
	}
	return out
}()

// Add appends r to the list of its kind. It panics when r is not of a kind
// the Project holds, which is a bug in a builder.
func (p *Project) Add(r Resourcer) {
	v := reflect.ValueOf(r)
	pv := reflect.ValueOf(p).Elem()
	for _, idx := range kindFields {
		f := pv.FieldByIndex(idx)
		if f.Type().Elem() == v.Type() {
			f.Set(reflect.Append(f, v))
			return
		}
	}
	panic("model: Project holds no list of " + v.Type().String())
}

// Merge appends everything in o to p.
func (p *Project) Merge(o *Project) {
	if o == nil {
		return
	}
	p.Files = append(p.Files, o.Files...)
	p.Exports = append(p.Exports, o.Exports...)
	p.NotAnalysed = append(p.NotAnalysed, o.NotAnalysed...)
	pv, ov := reflect.ValueOf(p).Elem(), reflect.ValueOf(o).Elem()
	for _, idx := range kindFields {
		f := pv.FieldByIndex(idx)
		f.Set(reflect.AppendSlice(f, ov.FieldByIndex(idx)))
	}
}

// Remove drops the resources for which drop returns true.
func (p *Project) Remove(drop func(*Resource) bool) {
	pv := reflect.ValueOf(p).Elem()
	for _, idx := range kindFields {
		f := pv.FieldByIndex(idx)
		kept := reflect.MakeSlice(f.Type(), 0, f.Len())
		for i := range f.Len() {
			if e := f.Index(i); !drop(e.Interface().(Resourcer).Identity()) {
				kept = reflect.Append(kept, e)
			}
		}
		f.Set(kept)
	}
}

// Resources returns every resource of the project, kind by kind in field
// order, each kind in its list's order.
func (p *Project) Resources() []Resourcer {
	var out []Resourcer
	pv := reflect.ValueOf(p).Elem()
	for _, idx := range kindFields {
		f := pv.FieldByIndex(idx)
		for i := range f.Len() {
			out = append(out, f.Index(i).Interface().(Resourcer))
		}
	}
	return out
}

// Sort orders every list by file, position and address so that output is
// deterministic whatever order the parsers finished in.
func (p *Project) Sort() {
	sort.SliceStable(p.Files, func(i, j int) bool { return p.Files[i].Path < p.Files[j].Path })
	sort.SliceStable(p.Exports, func(i, j int) bool { return RangeLess(p.Exports[i].Value.Range, p.Exports[j].Value.Range) })
	sort.SliceStable(p.NotAnalysed, func(i, j int) bool {
		a, b := p.NotAnalysed[i], p.NotAnalysed[j]
		if a.Range != b.Range {
			return RangeLess(a.Range, b.Range)
		}
		return a.What < b.What
	})
	pv := reflect.ValueOf(p).Elem()
	for _, idx := range kindFields {
		f := pv.FieldByIndex(idx)
		swap := reflect.Swapper(f.Interface())
		at := func(i int) *Resource { return f.Index(i).Interface().(Resourcer).Identity() }
		sort.Stable(resourceSorter{n: f.Len(), swap: swap, at: at})
	}
}

type resourceSorter struct {
	n    int
	swap func(i, j int)
	at   func(i int) *Resource
}

func (s resourceSorter) Len() int           { return s.n }
func (s resourceSorter) Swap(i, j int)      { s.swap(i, j) }
func (s resourceSorter) Less(i, j int) bool { return ResourceLess(s.at(i), s.at(j)) }

// ResourceLess orders resources by their header's range, then address.
func ResourceLess(a, b *Resource) bool {
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

// relatedPrefixes are the resource type prefixes, in both formats, of the
// services around DynamoDB.
var relatedPrefixes = []string{
	"aws_dynamodb_", "aws_dax_", "aws_backup_", "aws_kms_", "aws_appautoscaling_",
	"AWS::DynamoDB::", "AWS::DAX::", "AWS::Backup::", "AWS::KMS::", "AWS::ApplicationAutoScaling::",
}

// NotModelled is the not-analysed entry of a resource of a service around
// DynamoDB (DynamoDB, DAX, Backup, KMS, Application Auto Scaling) whose
// type no builder reads, so that none is skipped silently; false for
// resources of other services.
func NotModelled(typ, address string, r Range) (NotAnalysed, bool) {
	for _, p := range relatedPrefixes {
		if strings.HasPrefix(typ, p) {
			return NotAnalysed{Range: r, What: address,
				Reason: "dynamoguard does not model " + typ + " resources, so its settings are not checked"}, true
		}
	}
	return NotAnalysed{}, false
}
