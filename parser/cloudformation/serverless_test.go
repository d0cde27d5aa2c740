package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
)

func TestServerlessVariables(t *testing.T) {
	src := `service: shop
provider:
  stage: ${opt:stage, 'prod'}
custom:
  loop: ${self:custom.loop}
  a: ${self:custom.b}
  b: ${self:custom.a}
  billing: PAY_
  protect:
    prod: true
  sse:
    SSEEnabled: true
    SSEType: KMS
    KMSMasterKeyId: arn:aws:kms:${aws:region}:${aws:accountId}:alias/aws/dynamodb
resources:
  - Resources:
      Orders:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: ${self:service}-orders-${sls:stage}
          BillingMode: !Sub "${self:custom.billing}${AWS::Region}"
          DeletionProtectionEnabled: ${self:custom.protect.${self:provider.stage}}
          SSESpecification: ${self:custom.sse}
      Loop:
        Type: AWS::DynamoDB::Table
        Properties:
          TableName: ${self:custom.loop}
          DeletionProtectionEnabled: ${self:custom.a}
          SSESpecification:
            SSEEnabled: ${ssm:/shop/sse}
  - ${file(resources/extra.yml)}
`
	p, diags := Parse("serverless.yml", []byte(src), Options{Params: map[string]string{"stage": "dev"}})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", viewDiags(diags))
	}
	model.Link(p)
	orders := table(t, p, "Orders")
	if orders.Name.Value != "shop-orders-prod" || !orders.DeletionProtection.Value {
		t.Errorf("Orders: name %q, deletion protection %+v", orders.Name.Value, viewBool(orders.DeletionProtection))
	}
	if orders.Encryption.Kind != model.KeyAWSManaged {
		t.Errorf("Orders key = %+v, want AWS-managed from the literal alias", viewKey(orders.Encryption))
	}
	if orders.BillingMode.State != model.Unknown || !strings.Contains(orders.BillingMode.Reason, "AWS::Region") {
		t.Errorf("Orders billing mode = %+v, want unknown through Fn::Sub", viewString(orders.BillingMode))
	}
	loop := table(t, p, "Loop")
	for _, v := range []valueView{viewString(loop.Name), viewBool(loop.DeletionProtection), viewBool(loop.SSEEnabled)} {
		if v.State != model.Unknown || !strings.Contains(v.Reason, "${") {
			t.Errorf("Loop value %+v, want unknown with the variable named", v)
		}
	}
	if len(p.NotAnalysed) != 1 || !strings.Contains(p.NotAnalysed[0].Reason, "${file(") {
		t.Errorf("not analysed = %+v", p.NotAnalysed)
	}
}

func TestServerlessWithoutResources(t *testing.T) {
	p, diags := Parse("serverless.yaml", []byte("service: x\nfunctions:\n  f: {handler: h}\n# Resources\n"), Options{})
	if len(diags) > 0 || len(p.Files) > 0 || len(p.DynamoDB.Tables) > 0 {
		t.Errorf("project %+v, diagnostics %v", p, diags)
	}
}

// TestServerlessBounded resolves variables that repeat each other
// exponentially, and that refer to each other in a cycle: bounded, unknown.
func TestServerlessBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("service: s\ncustom:\n  v0: " + strings.Repeat("x", 1000) + "\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "  v%d: %q\n", i, strings.Repeat(fmt.Sprintf("${self:custom.v%d}", i-1), 50))
	}
	b.WriteString("  c1: ${self:custom.c2}\n  c2: ${self:custom.c1}\n")
	b.WriteString("resources:\n  Resources:\n    T:\n      Type: AWS::DynamoDB::Table\n      Properties:\n" +
		"        TableName: ${self:custom.v12}\n        DeletionProtectionEnabled: ${self:custom.c1}\n")
	p, _ := Parse("serverless.yml", []byte(b.String()), Options{})
	tbl := table(t, p, "T")
	if tbl.Name.State != model.Unknown || tbl.DeletionProtection.State != model.Unknown {
		t.Errorf("name %+v, deletion protection %+v, want both unknown", viewString(tbl.Name), viewBool(tbl.DeletionProtection))
	}
}

func TestServerlessResourcesInOtherFiles(t *testing.T) {
	p, diags := Parse("app/serverless.yml", []byte("service: x\nresources:\n  - ${file(resources/tables.yml)}\n"), Options{})
	if len(diags) > 0 || len(p.NotAnalysed) != 1 || len(p.Files) != 1 {
		t.Errorf("project %+v, diagnostics %v", p, diags)
	}
}

// TestServerlessFiles reads resources files with ${file(…)}: their
// resources merge with the service's, ranges point into them, and a file
// that reads itself, one outside the scan root and code are unknown.
func TestServerlessFiles(t *testing.T) {
	files := map[string]string{
		"svc/res/tables.yml": "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n" +
			"      TableName: ${file(res/loop.yml):name}\n      SSESpecification: ${self:custom.sse}\n",
		"svc/res/keys.yml": "Resources:\n  K:\n    Type: AWS::KMS::Key\n",
		"svc/res/loop.yml": "name: ${file(res/loop.yml):name}\n",
	}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, fmt.Errorf("%s: no such file", name)
	}
	src := "service: s\ncustom:\n  sse: {SSEEnabled: true, SSEType: KMS, KMSMasterKeyId: !Ref K}\nresources:\n" +
		"  - ${file(res/tables.yml)}\n  - ${file(res/keys.yml)}\n  - ${file(../../etc/x.yml)}\n  - ${file(res/extra.js)}\n"
	p, diags := Parse("svc/serverless.yml", []byte(src), Options{ReadTemplate: read})
	model.Link(p)
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", viewDiags(diags))
	}
	tbl := table(t, p, "T")
	if tbl.Range.Filename != "svc/res/tables.yml" || start(tbl.Range) != (at{2, 3}) {
		t.Errorf("T at %s:%v", tbl.Range.Filename, start(tbl.Range))
	}
	if tbl.Encryption.Kind != model.KeyCustomerManaged || tbl.Encryption.Key == nil {
		t.Errorf("T key = %+v, want K of keys.yml", viewKey(tbl.Encryption))
	}
	if tbl.Name.State != model.Unknown {
		t.Errorf("T name = %+v, want unknown", viewString(tbl.Name))
	}
	var reasons []string
	for _, n := range p.NotAnalysed {
		reasons = append(reasons, n.Reason)
	}
	if len(reasons) != 2 || !strings.Contains(reasons[0], "outside the scan root") || !strings.Contains(reasons[1], "computed by code") {
		t.Errorf("not analysed: %q", reasons)
	}
}

// TestServerlessFragmentAlone scans a resources file without its service
// file: its variables are unknown, not values of the wrong type.
func TestServerlessFragmentAlone(t *testing.T) {
	src := "Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n" +
		"      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: '${self:custom.pitr}'}\n"
	p, diags := parse(t, "res/tables.yml", src, Options{})
	if len(diags) > 0 {
		t.Errorf("diagnostics: %v", viewDiags(diags))
	}
	if v := table(t, p, "T").PITR; v.State != model.Unknown || !strings.Contains(v.Reason, "${self:custom.pitr} is a Serverless Framework variable") {
		t.Errorf("PITR = %+v", viewBool(v))
	}
}
