package model

import "testing"

func TestSelectionCovers(t *testing.T) {
	known := func(s string) Value[string] { return KnownValue(s, Range{}, "p") }
	unknown := UnknownValue[string](Range{}, "p", "var.x has no value")
	item := func(s string) SelectionItem { return SelectionItem{Value: known(s)} }
	tag := func(op, k, v string) TagCondition { return TagCondition{Op: known(op), Key: known(k), Value: known(v)} }
	orders := &Table{Resource: Resource{Address: "aws_dynamodb_table.orders", Scope: "."}, Name: known("orders"),
		Tags: map[string]string{"backup": "daily", "env": "prod"}}
	other := &Table{Resource: Resource{Address: "aws_dynamodb_table.other", Scope: "."}, Name: known("other")}
	unnamed := &Table{Resource: Resource{Address: "T", Scope: "t.yaml"}, Name: AbsentValue("", Range{}, "TableName")}
	tests := []struct {
		name string
		s    BackupSelection
		t    *Table
		want Coverage
	}{
		{"star", BackupSelection{Resources: []SelectionItem{item("*")}}, orders, Covered},
		{"table wildcard", BackupSelection{Resources: []SelectionItem{item("arn:aws:dynamodb:*:*:table/*")}}, unnamed, Covered},
		{"name pattern", BackupSelection{Resources: []SelectionItem{item("arn:aws:dynamodb:us-east-1:1:table/ord*")}}, orders, Covered},
		{"name pattern, other", BackupSelection{Resources: []SelectionItem{item("arn:aws:dynamodb:us-east-1:1:table/ord*")}}, other, NotCovered},
		{"name pattern, unnamed table", BackupSelection{Resources: []SelectionItem{item("arn:aws:dynamodb:*:*:table/ord*")}}, unnamed, CoverageUnknown},
		{"other service", BackupSelection{Resources: []SelectionItem{item("arn:aws:s3:::bucket")}}, orders, NotCovered},
		{"unresolved region", BackupSelection{Resources: []SelectionItem{{Value: unknown, Text: "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders"}}}, orders, Covered},
		{"unresolved name", BackupSelection{Resources: []SelectionItem{{Value: unknown, Text: "arn:aws:dynamodb:*:*:table/${Name}"}}}, orders, CoverageUnknown},
		{"unknown item", BackupSelection{Resources: []SelectionItem{{Value: unknown}}}, orders, CoverageUnknown},
		{"by reference", BackupSelection{Resources: []SelectionItem{{Value: unknown, Tables: []*Table{orders}, ByReference: true}}}, orders, Covered},
		{"by reference, other", BackupSelection{Resources: []SelectionItem{{Value: unknown, Tables: []*Table{orders}, ByReference: true}}}, other, NotCovered},
		{"excluded", BackupSelection{Resources: []SelectionItem{item("*")}, NotResources: []SelectionItem{item("arn:aws:dynamodb:*:*:table/orders")}}, orders, NotCovered},
		{"exclusion unknown", BackupSelection{Resources: []SelectionItem{item("*")}, NotResources: []SelectionItem{{Value: unknown}}}, orders, CoverageUnknown},
		{"tag", BackupSelection{Tags: []TagCondition{tag("STRINGEQUALS", "backup", "daily")}}, orders, Covered},
		{"tag, other value", BackupSelection{Tags: []TagCondition{tag("STRINGEQUALS", "backup", "weekly")}}, orders, NotCovered},
		{"tag, unknown tags", BackupSelection{Tags: []TagCondition{tag("STRINGEQUALS", "backup", "daily")}},
			&Table{Resource: Resource{Address: "u"}, Name: known("u"), TagsUnknown: "tags is var.tags"}, CoverageUnknown},
		{"tag, unknown type", BackupSelection{Tags: []TagCondition{tag("STRINGSOUNDSLIKE", "backup", "daily")}}, orders, CoverageUnknown},
		{"condition holds", BackupSelection{Resources: []SelectionItem{item("*")}, Conditions: []TagCondition{tag("string_like", "env", "pr*")}}, orders, Covered},
		{"condition fails", BackupSelection{Resources: []SelectionItem{item("*")}, Conditions: []TagCondition{tag("StringNotEquals", "env", "prod")}}, orders, NotCovered},
		{"conditions only", BackupSelection{Conditions: []TagCondition{tag("string_equals", "env", "prod")}}, orders, Covered},
		{"nothing", BackupSelection{}, orders, NotCovered},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, _ := tt.s.Covers(tt.t); got != tt.want {
				t.Errorf("Covers = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestNamesOfARNs(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:dynamodb:us-east-1:111122223333:table/orders":             "orders",
		"arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024": "orders",
		"orders":              "orders",
		"arn:aws:s3:::orders": "",
	} {
		if got := TableNameOfARN(in); got != want {
			t.Errorf("TableNameOfARN(%q) = %q, want %q", in, got, want)
		}
	}
	if got := StreamNameOfARN("arn:aws:kinesis:eu-west-1:111122223333:stream/changes"); got != "changes" {
		t.Errorf("StreamNameOfARN = %q", got)
	}
	if got := StreamNameOfARN("arn:aws:dynamodb:eu-west-1:1:table/t/stream/x"); got != "" {
		t.Errorf("StreamNameOfARN of a table stream = %q, want empty", got)
	}
}
