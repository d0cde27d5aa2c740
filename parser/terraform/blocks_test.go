package terraform

import (
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

// TestBlocksThatCannotBeRead: blocks that are written but cannot be read
// make their settings unknown, with a warning; they are never absent, which
// would report a setting the user did write as missing.
func TestBlocksThatCannotBeRead(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		src      string
		wantWarn string
		// wantUnknown lists the unknown settings: sse, pitr, replicas.
		wantUnknown []string
		wantReason  string
	}{
		{
			name: "server_side_encryption twice",
			src: `resource "aws_dynamodb_table" "t" {
  server_side_encryption {
    enabled = false
  }
  server_side_encryption {
    enabled     = true
    kms_key_arn = "arn:aws:kms:us-east-1:111122223333:key/k"
  }
}`,
			wantWarn:    "Duplicate block",
			wantUnknown: []string{"sse"},
			wantReason:  "server_side_encryption is given more than once",
		},
		{
			name: "point_in_time_recovery twice from a dynamic block",
			src: `resource "aws_dynamodb_table" "t" {
  dynamic "point_in_time_recovery" {
    for_each = [false, true]
    content {
      enabled = point_in_time_recovery.value
    }
  }
}`,
			wantWarn:    "Duplicate block",
			wantUnknown: []string{"pitr"},
			wantReason:  "point_in_time_recovery is given more than once",
		},
		{
			name: "blocks written as arguments",
			src: `resource "aws_dynamodb_table" "t" {
  server_side_encryption = { enabled = true }
  point_in_time_recovery = { enabled = true }
  replica                = [{ region_name = "eu-west-1" }]
}`,
			wantWarn:    "Block written as an argument",
			wantUnknown: []string{"sse", "pitr", "replicas"},
			wantReason:  "is written as an argument",
		},
		{
			name: "JSON block given as a string",
			file: "main.tf.json",
			src: `{"resource": {"aws_dynamodb_table": {"t": {
  "server_side_encryption": "${var.sse}",
  "point_in_time_recovery": true
}}}, "variable": {"sse": {}}}`,
			wantWarn:    "Incorrect JSON value type",
			wantUnknown: []string{"sse", "pitr"},
			wantReason:  "blocks cannot be read",
		},
		{
			name: "dynamic block with a null for_each",
			src: `resource "aws_dynamodb_table" "t" {
  dynamic "server_side_encryption" {
    for_each = null
    content {
      enabled = true
    }
  }
}`,
			wantWarn:    "Invalid dynamic for_each value",
			wantUnknown: []string{"sse"},
			wantReason:  "Cannot use a null value in for_each",
		},
		{
			name: "dynamic block without content",
			src: `resource "aws_dynamodb_table" "t" {
  dynamic "point_in_time_recovery" {
    for_each = [1]
  }
}`,
			wantWarn:    "Missing dynamic content block",
			wantUnknown: []string{"pitr"},
			wantReason:  "point_in_time_recovery blocks cannot be read",
		},
		{
			name: "dynamic replicas over a set with an unknown element",
			src: `variable "extra" {}
resource "aws_dynamodb_table" "t" {
  dynamic "replica" {
    for_each = toset(["eu-west-1", var.extra])
    content {
      region_name = replica.value
    }
  }
}`,
			wantUnknown: []string{"replicas"},
			wantReason:  `for_each of dynamic "replica" is toset(["eu-west-1", var.extra]): variable "extra" has no default`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "main.tf"
			}
			p, diags := loadFiles(t, map[string]string{file: tc.src}, Options{})
			table := onlyTable(t, p, diags)
			reasons := map[string]string{}
			if table.SSEEnabled.IsUnknown() && table.Encryption.Kind == model.KeyUnknown {
				reasons["sse"] = table.Encryption.Reason
			}
			if table.PITR.IsUnknown() {
				reasons["pitr"] = table.PITR.Reason
			}
			if table.ReplicasUnknown.IsUnknown() {
				reasons["replicas"] = table.ReplicasUnknown.Reason
			}
			var unknown []string
			for _, s := range []string{"sse", "pitr", "replicas"} {
				if r, ok := reasons[s]; ok {
					unknown = append(unknown, s)
					if !strings.Contains(r, tc.wantReason) {
						t.Errorf("%s reason %q does not contain %q", s, r, tc.wantReason)
					}
				}
			}
			if d := diff(tc.wantUnknown, unknown); d != "" {
				t.Errorf("unknown settings (-want +got):\n%s\ntable: %+v", d, table)
			}
			if len(table.Replicas) > 0 {
				t.Errorf("replicas %+v, want none read", table.Replicas)
			}
			var warned []string
			for _, w := range warnings(diags) {
				if w != tc.wantWarn {
					t.Errorf("unexpected warning %q", w)
				}
				warned = appendNew(warned, w)
			}
			if tc.wantWarn != "" && len(warned) == 0 {
				t.Errorf("want a warning %q, got %v", tc.wantWarn, diags)
			}
		})
	}
}

// TestBlocksReadOnceAcrossInstances: every instance of a counted table
// reads its blocks, but a problem in the source is reported once.
func TestBlocksReadOnceAcrossInstances(t *testing.T) {
	src := `resource "aws_dynamodb_table" "t" {
  count = 3
  server_side_encryption {
    enabled = true
  }
  server_side_encryption {
    enabled = false
  }
}`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(p.DynamoDB.Tables) != 3 {
		t.Fatalf("got %d tables, want 3", len(p.DynamoDB.Tables))
	}
	if len(diags) != 1 {
		t.Errorf("want one warning, got %v", diags)
	}
}

// TestTooManyDynamicBlocks: a dynamic for_each is capped like count.
func TestTooManyDynamicBlocks(t *testing.T) {
	src := `resource "aws_dynamodb_table" "t" {
  dynamic "replica" {
    for_each = setproduct(range(100), range(100))
    content {
      region_name = "r-${replica.value[0]}-${replica.value[1]}"
    }
  }
}`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	table := onlyTable(t, p, diags)
	if len(table.Replicas) != 0 || !table.ReplicasUnknown.IsUnknown() {
		t.Errorf("%d replicas, ReplicasUnknown %+v; want none and unknown", len(table.Replicas), table.ReplicasUnknown)
	}
	if w := warnings(diags); len(w) != 1 || w[0] != "Too many dynamic blocks" {
		t.Errorf("warnings %v, want Too many dynamic blocks", w)
	}
}

// TestNestedDynamicBlocks: a dynamic block inside a block that is not
// dynamic is expanded, and blocks with no dynamic block under them are
// read as written.
func TestNestedDynamicBlocks(t *testing.T) {
	src := `resource "aws_backup_selection" "s" {
  plan_id = "p"
  condition {
    dynamic "string_equals" {
      for_each = { tier = "critical", team = "data" }
      content {
        key   = "aws:ResourceTag/${string_equals.key}"
        value = string_equals.value
      }
    }
    string_like {
      key   = "env"
      value = "prod*"
    }
  }
  selection_tag {
    type  = "STRINGEQUALS"
    key   = "backup"
    value = "daily"
  }
}`
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) != 0 || len(p.Backup.Selections) != 1 {
		t.Fatalf("got %d selections, diagnostics %v; want one, none", len(p.Backup.Selections), diags)
	}
	s := p.Backup.Selections[0]
	var got []string
	for _, c := range append(s.Tags, s.Conditions...) {
		got = append(got, c.Op.Value+" "+c.Key.Value+"="+c.Value.Value)
	}
	want := []string{"STRINGEQUALS backup=daily", "string_equals team=data", "string_equals tier=critical", "string_like env=prod*"}
	if d := diff(want, got); d != "" {
		t.Errorf("tag tests (-want +got):\n%s", d)
	}
}
