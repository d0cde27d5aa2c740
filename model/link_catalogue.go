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
