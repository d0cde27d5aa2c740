package cloudformation

import (
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
