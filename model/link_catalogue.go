package model

import "strings"

// linkCatalogue resolves the links between the resources beyond tables and
// keys: the table of an export, the stream of a streaming destination, the
// tables a backup selection covers. An unresolvable link is left nil; the
// rules that follow it say it is not analysed.
func (x *Index) linkCatalogue(p *Project) {
	for _, e := range p.DynamoDB.TableExports {
		e.Table = x.table(e.Scope, e.TableARN)
	}
	x.linkSelections(p)
	for _, d := range p.DynamoDB.StreamingDestinations {
		d.Table = x.table(d.Scope, d.TableName)
		d.Stream = x.stream(d.Scope, p.Kinesis.Streams, d.StreamARN)
	}
}

// stream returns the stream of scope that v (a stream ARN) refers to: by
// reference, or by the name in a literal ARN when one stream has it.
func (x *Index) stream(scope string, streams []*KinesisStream, v Value[string]) *KinesisStream {
	for _, ref := range v.Refs {
		if s, ok := x.Lookup(scope, ref.Address).(*KinesisStream); ok {
			return s
		}
	}
	if !v.IsKnown() || len(v.Refs) > 0 {
		return nil
	}
	name := StreamNameOfARN(v.Value)
	var found *KinesisStream
	for _, s := range streams {
		if s.Scope == scope && s.Name.IsKnown() && s.Name.Value == name && name != "" {
			if found != nil {
				return nil
			}
			found = s
		}
	}
	return found
}

// table returns the table of scope that v (a table ARN or name) refers to:
// by reference, or by the table name of a literal ARN or name.
func (x *Index) table(scope string, v Value[string]) *Table {
	for _, ref := range v.Refs {
		if t, ok := x.Lookup(scope, ref.Address).(*Table); ok {
			return t
		}
	}
	if !v.IsKnown() || len(v.Refs) > 0 {
		return nil
	}
	return x.tableNamed(scope, TableNameOfARN(v.Value))
}

// tableNamed returns the table of scope with the known name, nil when there
// is none or several.
func (x *Index) tableNamed(scope, name string) *Table {
	if name == "" {
		return nil
	}
	ts := x.tablesByName[indexKey(scope, name)]
	if len(ts) != 1 {
		return nil
	}
	return ts[0]
}

// TableNameOfARN returns the table name of a table ARN
// (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME), or s itself when it is not
// an ARN; "" for an ARN of anything else.
func TableNameOfARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	_, rest, ok := strings.Cut(s, ":table/")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// linkSelections finds the plan of each backup selection and the tables
// its resources refer to.
func (x *Index) linkSelections(p *Project) {
	for _, s := range p.Backup.Selections {
		for _, ref := range s.PlanID.Refs {
			if pl, ok := x.Lookup(s.Scope, ref.Address).(*BackupPlan); ok {
				s.Plan = pl
				break
			}
		}
		for _, items := range [][]SelectionItem{s.Resources, s.NotResources} {
			for i := range items {
				x.linkSelectionItem(s.Scope, &items[i])
			}
		}
	}
}

// linkSelectionItem sets the tables an item of a selection refers to.
func (x *Index) linkSelectionItem(scope string, it *SelectionItem) {
	it.ByReference = len(it.Refs) > 0
	for _, ref := range it.Refs {
		t, ok := x.Lookup(scope, ref.Address).(*Table)
		if !ok {
			it.ByReference = false
			continue
		}
		it.Tables = append(it.Tables, t)
	}
	if it.ByReference && it.IsKnown() {
		it.ByReference = false // a literal that mentions a table: match it as written
	}
}
