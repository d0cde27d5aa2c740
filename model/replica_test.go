package model

import "testing"

func TestScalingTableName(t *testing.T) {
	for id, want := range map[string][3]string{
		"table/orders":                {"orders", "", "ok"},
		"table/orders/index/by-date":  {"orders", "by-date", "ok"},
		"table/":                      {"", "", ""},
		"table/orders/index/":         {"", "", ""},
		"table/a/b":                   {"", "", ""},
		"keyspace/k/table/t":          {"", "", ""},
		"table/orders/index/by/date":  {"", "", ""},
		"service/cluster/serviceName": {"", "", ""},
	} {
		name, index, ok := ScalingTableName(id)
		got := [3]string{name, index, ""}
		if ok {
			got[2] = "ok"
		}
		if got != want {
			t.Errorf("ScalingTableName(%q) = %q, want %q", id, got, want)
		}
	}
}

// testTable is a table of scope s named name, encrypted with kind.
func testTable(address, name string, kind KeyKind) *Table {
	r := Range{Filename: "main.tf", Start: Pos{Line: 1, Column: 1}}
	return &Table{
		Resource:   Resource{Kind: Terraform, Type: "aws_dynamodb_table", Address: address, Scope: "s"},
		Name:       KnownValue(name, r, "name"),
		Encryption: KeyRef{Kind: kind, Meta: Meta{State: Known, Range: r, Path: "server_side_encryption.enabled"}},
	}
}

func TestLinkReplication(t *testing.T) {
	orders := testTable("aws_dynamodb_table.orders", "orders", KeyCustomerManaged)
	plain := testTable("aws_dynamodb_table.plain", "plain", KeyAWSOwned)
	noKey := func(address string, arn Value[string]) *TableReplica {
		return &TableReplica{
			Resource:       Resource{Kind: Terraform, Type: "aws_dynamodb_table_replica", Address: address, Scope: "s"},
			GlobalTableARN: arn,
			Encryption:     KeyRef{Kind: KeyUnknown, Meta: Meta{State: Absent, Path: "kms_key_arn", Reason: "no table"}},
		}
	}
	byRef := UnknownValue[string](Range{}, "global_table_arn", "known after apply")
	byRef.Refs = []Ref{{Address: "aws_dynamodb_table.orders", Attribute: "arn"}}
	r1 := noKey("aws_dynamodb_table_replica.a", byRef)
	r2 := noKey("aws_dynamodb_table_replica.b", KnownValue("arn:aws:dynamodb:us-east-1:111122223333:table/plain", Range{}, "global_table_arn"))
	r3 := noKey("aws_dynamodb_table_replica.c", KnownValue("arn:aws:dynamodb:us-east-1:111122223333:table/elsewhere", Range{}, "global_table_arn"))

	tgRef := UnknownValue[string](Range{}, "resource_id", "known after apply")
	tgRef.Refs = []Ref{{Address: "aws_dynamodb_table.orders", Attribute: "name"}}
	tg1 := &ScalingTarget{Resource: Resource{Address: "aws_appautoscaling_target.a", Scope: "s"}, ResourceID: tgRef}
	tg2 := &ScalingTarget{Resource: Resource{Address: "aws_appautoscaling_target.b", Scope: "s"},
		ResourceID: KnownValue("table/plain/index/i", Range{}, "resource_id")}
	tg3 := &ScalingTarget{Resource: Resource{Address: "aws_appautoscaling_target.c", Scope: "other"},
		ResourceID: KnownValue("table/plain", Range{}, "resource_id")}

	p := &Project{
		DynamoDB:    DynamoDB{Tables: []*Table{orders, plain}, TableReplicas: []*TableReplica{r1, r2, r3}},
		AutoScaling: AutoScaling{Targets: []*ScalingTarget{tg1, tg2, tg3}},
	}
	Link(p)
	if r1.Primary != orders || r1.Encryption.Kind != KeyAWSManaged {
		t.Errorf("replica by reference: primary %v, key %v; want orders, aws-managed", r1.Primary, r1.Encryption.Kind)
	}
	if r2.Primary != plain || r2.Encryption.Kind != KeyAWSOwned {
		t.Errorf("replica by ARN: primary %v, key %v; want plain, aws-owned", r2.Primary, r2.Encryption.Kind)
	}
	if r3.Primary != nil || r3.Encryption.Kind != KeyUnknown {
		t.Errorf("replica of an unknown table: primary %v, key %v; want none, unknown", r3.Primary, r3.Encryption.Kind)
	}
	if tg1.Table != orders || tg2.Table != plain || tg3.Table != nil {
		t.Errorf("targets linked to %v, %v, %v; want orders, plain, none (another scope)", tg1.Table, tg2.Table, tg3.Table)
	}
}
