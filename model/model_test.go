package model

import "testing"

func TestValueStates(t *testing.T) {
	r := Range{Filename: "main.tf", Start: Pos{Line: 3, Column: 5}}
	if v, ok := KnownValue(true, r).Effective(); !ok || !v {
		t.Error("known true is not effective true")
	}
	if v, ok := AbsentValue(false, r).Effective(); !ok || v {
		t.Error("absent false is not effective false")
	}
	u := UnknownValue[bool](r, "var.x has no value")
	if _, ok := u.Effective(); ok || !u.IsUnknown() || u.IsKnown() {
		t.Error("unknown value is treated as resolved")
	}
}

func TestReplicaLabel(t *testing.T) {
	named := Replica{Region: KnownValue("eu-west-1", Range{})}
	if got := named.Label(3); got != "eu-west-1" {
		t.Errorf("Label = %q, want the region", got)
	}
	if got := (Replica{Region: UnknownValue[string](Range{}, "var")}).Label(3); got != "#3" {
		t.Errorf("Label = %q, want the position #3", got)
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
}
