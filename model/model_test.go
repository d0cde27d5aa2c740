package model

import (
	"strings"
	"testing"
)

func TestValueStates(t *testing.T) {
	r := Range{Filename: "main.tf", Start: Pos{Line: 3, Column: 5}}
	if v, ok := KnownValue(true, r, "a").Effective(); !ok || !v {
		t.Error("known true is not effective true")
	}
	if v, ok := AbsentValue(false, r, "a").Effective(); !ok || v {
		t.Error("absent false is not effective false")
	}
	u := UnknownValue[bool](r, "a", "var.x has no value")
	if _, ok := u.Effective(); ok || !u.IsUnknown() || u.IsKnown() {
		t.Error("unknown value is treated as resolved")
	}
	if _, ok := (Value[bool]{Value: true}).Effective(); ok {
		t.Error("a value nobody set is effective")
	}
}

func TestReplicaLabel(t *testing.T) {
	if got := ReplicaLabel(KnownValue("eu-west-1", Range{}, "r"), 3); got != "eu-west-1" {
		t.Errorf("ReplicaLabel = %q, want the region", got)
	}
	if got := ReplicaLabel(UnknownValue[string](Range{}, "r", "var"), 3); got != "#3" {
		t.Errorf("ReplicaLabel = %q, want the position #3", got)
	}
}

func TestClassifyKeyID(t *testing.T) {
	for id, want := range map[string]KeyKind{
		"alias/aws/dynamodb": KeyAWSManaged,
		"arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/aws/dynamodb":              KeyAWSManaged,
		"arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/dynamodb": KeyAWSManaged,
		"alias/orders": KeyCustomerManaged,
		"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab":           KeyCustomerManaged,
		"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab": KeyCustomerManaged,
		"1234abcd-12ab-34cd-56ef-1234567890ab":                                                  KeyCustomerManaged,
		"arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyId}":                             KeyUnknown,
		"${KeyArn}": KeyUnknown,
		"":          KeyUnknown,
	} {
		if got := ClassifyKeyID(id); got != want {
			t.Errorf("ClassifyKeyID(%q) = %v, want %v", id, got, want)
		}
	}
}

func TestSetting(t *testing.T) {
	for _, tc := range []struct {
		kind       SourceKind
		path, want string
	}{
		{Terraform, "deletion_protection_enabled", "deletion_protection_enabled = true"},
		{Terraform, "point_in_time_recovery.enabled", "point_in_time_recovery { enabled = true }"},
		{Terraform, "replica[eu-west-1].point_in_time_recovery", "point_in_time_recovery = true in replica[eu-west-1]"},
		{CloudFormation, "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled: true"},
	} {
		if got := tc.kind.Setting(tc.path, "true"); got != tc.want {
			t.Errorf("%s Setting(%q) = %q, want %q", tc.kind, tc.path, got, tc.want)
		}
	}
}

func res(typ, addr, scope string, line int) Resource {
	return Resource{Kind: Terraform, Type: typ, Address: addr, Scope: scope,
		Range: Range{Filename: scope + "/main.tf", Start: Pos{Line: line, Column: 1}}}
}

func known(m Meta) Meta { m.State = Known; return m }

func TestMergeSortAndLink(t *testing.T) {
	key := &KMSKey{Resource: res("aws_kms_key", `module.kms.aws_kms_key.k[0]`, "a", 9)}
	other := &KMSKey{Resource: res("aws_kms_key", `module.kms.aws_kms_key.k[0]`, "b", 1)}
	alias := &KMSAlias{Resource: res("aws_kms_alias", "aws_kms_alias.a", "a", 5),
		Name:        KnownValue("alias/orders", Range{}, "name"),
		TargetKeyID: Value[string]{Meta: Meta{State: Unknown, Path: "target_key_id", Refs: []Ref{{Address: "module.kms.aws_kms_key.k"}}}}}
	byAddress := &Table{Resource: res("aws_dynamodb_table", "aws_dynamodb_table.a", "a", 3),
		Encryption: KeyRef{Kind: KeyCustomerManaged, KeyAddress: "module.kms.aws_kms_key.k", Meta: known(Meta{Path: "k"})},
		Replicas:   []Replica{{Encryption: KeyRef{Kind: KeyCustomerManaged, KeyAddress: "aws_kms_alias.a", Meta: known(Meta{Path: "r"})}}}}
	byName := &Table{Resource: res("aws_dynamodb_table", "aws_dynamodb_table.b", "a", 1),
		Encryption: KeyRef{Kind: KeyCustomerManaged, ID: "arn:aws:kms:us-east-1:111122223333:alias/orders", Meta: known(Meta{Path: "k"})}}

	p := &Project{}
	p.Add(byAddress)
	p.Add(key)
	q := &Project{}
	q.Add(byName)
	q.Add(alias)
	q.Add(other)
	p.Merge(q)
	p.Sort()
	if len(p.DynamoDB.Tables) != 2 || p.DynamoDB.Tables[0] != byName || len(p.KMS.Keys) != 2 || p.KMS.Keys[0] != key {
		t.Fatalf("merged and sorted wrongly: tables %v, keys %v", p.DynamoDB.Tables, p.KMS.Keys)
	}
	if got := len(p.Resources()); got != 5 {
		t.Errorf("Resources() has %d resources, want 5", got)
	}
	Link(p)
	switch {
	case alias.TargetKey != key:
		t.Errorf("alias target = %v, want the key of its scope", alias.TargetKey)
	case byAddress.Encryption.Key != key:
		t.Errorf("key by address without instance key = %v, want the first instance", byAddress.Encryption.Key)
	case byAddress.Replicas[0].Encryption.Key != key:
		t.Errorf("replica key through the alias = %v, want the key", byAddress.Replicas[0].Encryption.Key)
	case byName.Encryption.Key != key:
		t.Errorf("key by the ARN of a literal alias = %v, want the key", byName.Encryption.Key)
	}
}

func TestAddPanicsOnAnUnknownKind(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Add of a kind the project does not hold did not panic")
		}
	}()
	(&Project{}).Add(&struct{ Resource }{})
}

func TestValidate(t *testing.T) {
	p := &Project{}
	p.Add(&Table{Resource: res("aws_dynamodb_table", "aws_dynamodb_table.t", "a", 1),
		Name:       KnownValue("t", Range{}, "name"),
		Encryption: KeyRef{Meta: known(Meta{Path: "k"})},
		Replicas:   []Replica{{PITR: Value[bool]{Meta: Meta{State: Known}}}}})
	err := Validate(p)
	if err == nil {
		t.Fatal("Validate accepted values nobody set")
	}
	for _, want := range []string{"Encryption has no key kind", "Region has no state", "Replicas[0].PITR has no attribute path"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate error lacks %q:\n%v", want, err)
		}
	}
}

func TestOrigin(t *testing.T) {
	o := Origin{Kind: OriginVariableDefault, Name: "pitr", Range: Range{Filename: "variables.tf", Start: Pos{Line: 12}}}
	if got, want := o.String(), `the default of variable "pitr" (variables.tf:12)`; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got := (Origin{}).String(); !strings.Contains(got, "invalid") {
		t.Errorf("the zero Origin reads %q, want it called invalid", got)
	}
}

func TestDiagnostics(t *testing.T) {
	ds := Diagnostics{
		{Severity: DiagWarning, Summary: "b", Subject: Range{Filename: "b.tf", Start: Pos{Line: 1, Column: 1}}},
		{Severity: DiagError, Summary: "a", Detail: "fix it.", Subject: Range{Filename: "a.tf", Start: Pos{Line: 2, Column: 3}}},
		{Severity: DiagError, Summary: "no line", Subject: Range{Filename: "a.tf"}},
	}
	if !ds.HasErrors() || (Diagnostics{ds[0]}).HasErrors() {
		t.Error("HasErrors is wrong")
	}
	ds.Sort()
	want := "a.tf: error: no line\na.tf:2:3: error: a: fix it.\nb.tf:1:1: warning: b"
	if got := ds.Error(); got != want {
		t.Errorf("sorted diagnostics:\n%s\nwant:\n%s", got, want)
	}
	if DiagInvalid.String() != "invalid" {
		t.Error("the zero DiagSeverity is not invalid")
	}
}

func TestLinkImportedKeys(t *testing.T) {
	key := &KMSKey{Resource: Resource{Kind: CloudFormation, Type: "AWS::KMS::Key", Address: "Key", Scope: "keys.yaml"}}
	unknown := func(name string) KeyRef {
		return KeyRef{Kind: KeyUnknown, Import: name, Meta: Meta{State: Unknown, Path: "k", Reason: "imported"}}
	}
	tbl := &Table{Resource: Resource{Kind: CloudFormation, Type: "AWS::DynamoDB::Table", Address: "T", Scope: "tables.yaml"},
		Encryption: unknown("key"),
		Replicas:   []Replica{{Encryption: unknown("twice")}, {Encryption: unknown("absent")}}}
	p := &Project{Exports: []Export{
		{Scope: "keys.yaml", Name: "key", Value: Meta{Refs: []Ref{{Address: "Key"}}}},
		{Scope: "keys.yaml", Name: "twice", Text: "alias/aws/dynamodb"},
		{Scope: "other.yaml", Name: "twice", Text: "alias/aws/dynamodb"},
	}}
	p.Add(key)
	p.Add(tbl)
	Link(p)
	if e := tbl.Encryption; e.Kind != KeyCustomerManaged || e.Key != key || e.State != Known || e.Reason != "" {
		t.Errorf("imported key = %+v, want the exporting stack's CMK", e)
	}
	for i, r := range tbl.Replicas {
		if r.Encryption.Kind != KeyUnknown || r.Encryption.Reason != "imported" {
			t.Errorf("replica %d key = %+v, want it left unknown (exported twice, or not at all)", i, r.Encryption)
		}
	}
}
