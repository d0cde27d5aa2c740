package terraform

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

const childTable = `variable "pitr" {
  type    = bool
  default = false
}

variable "key" {
  type    = string
  default = null
}

resource "aws_dynamodb_table" "t" {
  name = "t"

  server_side_encryption {
    enabled     = true
    kms_key_arn = var.key
  }

  point_in_time_recovery {
    enabled = var.pitr
  }
}

output "arn" {
  value = aws_dynamodb_table.t.arn
}
`

func tableAddresses(p *model.Project) []string {
	var out []string
	for _, t := range p.DynamoDB.Tables {
		out = append(out, t.Address)
	}
	return out
}

func hasDiag(diags model.Diagnostics, sev model.DiagSeverity, summary string) bool {
	for _, d := range diags {
		if d.Severity == sev && d.Summary == summary {
			return true
		}
	}
	return false
}

func TestModuleInstancesAndInputs(t *testing.T) {
	files := map[string]string{
		"main.tf": `module "kms" {
  source = "./kms"
}

module "db" {
  source   = "./table"
  for_each = toset(["a", "b"])
  pitr     = each.key == "a"
  key      = module.kms.arn
}

module "legacy" {
  source = "./table"
  count  = 1
}
`,
		"kms/main.tf":   "resource \"aws_kms_key\" \"this\" {}\noutput \"arn\" { value = aws_kms_key.this.arn }\n",
		"table/main.tf": childTable,
	}
	p, diags := loadFiles(t, files, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	want := []string{`module.db["a"].aws_dynamodb_table.t`, `module.db["b"].aws_dynamodb_table.t`, `module.legacy[0].aws_dynamodb_table.t`}
	if d := diff(want, tableAddresses(p)); d != "" {
		t.Fatalf("tables (-want +got):\n%s", d)
	}
	byAddr := map[string]*model.Table{}
	for _, tb := range p.DynamoDB.Tables {
		byAddr[tb.Address] = tb
	}
	a, b, legacy := byAddr[`module.db["a"].aws_dynamodb_table.t`], byAddr[`module.db["b"].aws_dynamodb_table.t`], byAddr[`module.legacy[0].aws_dynamodb_table.t`]
	if !a.PITR.Value || b.PITR.Value || !a.PITR.IsKnown() || !b.PITR.IsKnown() {
		t.Errorf("PITR a=%v b=%v, want true and false from the inputs", a.PITR, b.PITR)
	}
	if a.Encryption.Kind != model.KeyCustomerManaged || a.Encryption.Key == nil || a.Encryption.Key.Address != "module.kms.aws_kms_key.this" {
		t.Errorf("key of db[a] = %+v, want the key of module.kms through its output", a.Encryption)
	}
	if legacy.Encryption.Kind != model.KeyAWSManaged || len(legacy.Encryption.Origins) != 1 ||
		legacy.Encryption.Origins[0].Kind != model.OriginVariableDefault || legacy.Encryption.Origins[0].Module != "module.legacy[0]" {
		t.Errorf("key of legacy[0] = %+v, want AWS-managed from the child's default", legacy.Encryption)
	}
	if o := b.PITR.Origins; len(o) != 1 || o[0].Kind != model.OriginModuleInput || o[0].Name != "pitr" || o[0].Range.Start.Line != 8 {
		t.Errorf("origin of db[b] PITR = %+v, want the input pitr at main.tf:8", o)
	}
	calls := a.CalledFrom
	if len(calls) != 1 || calls[0].Address != `module.db["a"]` || calls[0].Range.Start.Line != 5 {
		t.Errorf("CalledFrom = %+v, want the module block at main.tf:5", calls)
	}
	if a.Range.Filename != "table/main.tf" {
		t.Errorf("range %v, want the child's file", a.Range)
	}
}

func TestModuleBadInput(t *testing.T) {
	deep := map[string]string{"main.tf": `module "m" { source = "./m0" }`}
	for i := range 20 {
		deep[fmt.Sprintf("m%d/main.tf", i)] = fmt.Sprintf("module \"m\" {\n  source = \"../m%d\"\n}\nresource \"aws_kms_key\" \"k\" {}\n", i+1)
	}
	tests := []struct {
		name     string
		files    map[string]string
		severity model.DiagSeverity
		summary  string
		tables   int
	}{
		{"calls itself", map[string]string{"main.tf": `module "m" { source = "./a" }`,
			"a/main.tf": "module \"again\" {\n  source = \"../a\"\n}\n" + childTable}, model.DiagError, "Module cycle", 1},
		{"sibling cycle", map[string]string{"main.tf": `module "a" { source = "./a" }`,
			"a/main.tf": `module "b" { source = "../b" }`, "b/main.tf": `module "a" { source = "../a" }`}, model.DiagError, "Module cycle", 0},
		{"missing folder", map[string]string{"main.tf": `module "m" { source = "./nothere" }`}, model.DiagWarning, "Module not found", 0},
		{"huge count", map[string]string{"main.tf": "module \"m\" {\n  source = \"./t\"\n  count = 1000000000\n}",
			"t/main.tf": childTable}, model.DiagWarning, "Too many instances", 1},
		{"wrong input type", map[string]string{"main.tf": "module \"m\" {\n  source = \"./t\"\n  pitr = \"maybe\"\n}",
			"t/main.tf": childTable}, model.DiagWarning, "Invalid value for variable", 1},
		{"undeclared input", map[string]string{"main.tf": "module \"m\" {\n  source = \"./t\"\n  nope = 1\n}",
			"t/main.tf": childTable}, model.DiagWarning, "Unsupported argument", 1},
		{"too deep", deep, model.DiagError, "Module calls nest too deep", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, diags := loadFiles(t, tc.files, Options{})
			if !hasDiag(diags, tc.severity, tc.summary) {
				t.Errorf("diagnostics %v, want a %s %q", diags, tc.severity, tc.summary)
			}
			for _, d := range diags {
				if d.Subject.Start.Line == 0 || d.Summary == "Internal error" {
					t.Errorf("diagnostic without a line, or internal: %v", d)
				}
			}
			if len(p.DynamoDB.Tables) != tc.tables {
				t.Errorf("got tables %v, want %d", tableAddresses(p), tc.tables)
			}
		})
	}
	// The depth limit holds: 16 module calls deep, no further.
	p, _ := loadFiles(t, deep, Options{})
	if n := len(p.KMS.Keys); n != DefaultMaxDepth-1 {
		t.Errorf("got %d keys of the nested modules, want %d", n, DefaultMaxDepth-1)
	}
}

func TestModuleUnknownForEach(t *testing.T) {
	files := map[string]string{
		"main.tf":   "variable \"names\" {}\nmodule \"m\" {\n  source   = \"./t\"\n  for_each = var.names\n  pitr     = true\n}\n",
		"t/main.tf": childTable,
	}
	p, diags := loadFiles(t, files, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	// One instance stands for the unknown ones; what depends on each is
	// unknown, the rest is analysed.
	if d := diff([]string{"module.m.aws_dynamodb_table.t"}, tableAddresses(p)); d != "" {
		t.Errorf("tables (-want +got):\n%s", d)
	}
	if tb := p.DynamoDB.Tables[0]; !tb.PITR.IsKnown() || !tb.PITR.Value {
		t.Errorf("PITR = %+v, want true from the input", tb.PITR)
	}
}

func TestModuleProviderRegion(t *testing.T) {
	files := map[string]string{
		"main.tf": `provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

module "eu" {
  source = "./t"
}

module "us" {
  source    = "./t"
  providers = { aws = aws.us }
}
`,
		"t/main.tf": childTable,
	}
	p, diags := loadFiles(t, files, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	got := map[string]string{}
	for _, tb := range p.DynamoDB.Tables {
		got[tb.Address] = tb.Region.Value
	}
	want := map[string]string{"module.eu.aws_dynamodb_table.t": "eu-west-1", "module.us.aws_dynamodb_table.t": "us-east-1"}
	if d := diff(want, got); d != "" {
		t.Errorf("regions (-want +got):\n%s", d)
	}
}

func TestRemoteModuleDependents(t *testing.T) {
	src := `module "kms" {
  source = "app.terraform.io/acme/kms/aws"
}

resource "aws_dynamodb_table" "t" {
  server_side_encryption {
    enabled     = true
    kms_key_arn = module.kms.key_arn
  }
}
`
	p, _ := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(p.NotAnalysed) != 1 || !strings.Contains(p.NotAnalysed[0].Reason, "these analysed values depend on its outputs and were not decided: aws_dynamodb_table.t") {
		t.Errorf("not analysed = %v, want the remote module with the table that depends on it", p.NotAnalysed)
	}
}

func TestKnownConditionTakesOneBranch(t *testing.T) {
	src := sseTable + "var.flag ? data.aws_kms_alias.x.target_key_arn : aws_kms_key.k.arn" + sseTableEnd +
		"variable \"flag\" { default = false }\ndata \"aws_kms_alias\" \"x\" { name = var.alias }\nvariable \"alias\" {}\nresource \"aws_kms_key\" \"k\" {}\n"
	p, diags := loadFiles(t, map[string]string{"main.tf": src}, Options{})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if k := onlyTable(t, p, diags).Encryption; k.Kind != model.KeyCustomerManaged || k.KeyAddress != "aws_kms_key.k" {
		t.Errorf("Encryption = %+v, want the key of the false branch", k)
	}
}

func TestEnvironmentVariables(t *testing.T) {
	src := "variable \"pitr\" { default = false }\nresource \"aws_dynamodb_table\" \"t\" {\n  point_in_time_recovery {\n    enabled = var.pitr\n  }\n}\n"
	files := map[string]string{"main.tf": src, "terraform.tfvars": "pitr = false\n"}
	// TF_VAR_ comes before the var files, as in Terraform.
	p, _ := loadFiles(t, files, Options{Env: map[string]string{"pitr": "true"}})
	if v := onlyTable(t, p, nil).PITR; v.Value || v.Origins[0].Kind != model.OriginVarFile {
		t.Errorf("PITR = %+v, want false from terraform.tfvars, which overrides TF_VAR_pitr", v)
	}
	p, _ = loadFiles(t, map[string]string{"main.tf": src}, Options{Env: map[string]string{"pitr": "true"}})
	if v := onlyTable(t, p, nil).PITR; !v.Value || v.Origins[0].Kind != model.OriginEnvVar {
		t.Errorf("PITR = %+v, want true from TF_VAR_pitr", v)
	}
}

func TestResourceInstanceBudget(t *testing.T) {
	files := map[string]string{
		"main.tf":   "module \"m\" {\n  source = \"./t\"\n  count  = 50\n}\n",
		"t/main.tf": "resource \"aws_kms_key\" \"k\" {\n  count = 50\n}\n",
	}
	p, diags := loadFiles(t, files, Options{MaxResources: 1000})
	if !hasDiag(diags, model.DiagWarning, "Too many resource instances") || len(p.KMS.Keys) != 1000 {
		t.Errorf("%d keys, diagnostics %v; want 1000 and a warning", len(p.KMS.Keys), diags)
	}
}
