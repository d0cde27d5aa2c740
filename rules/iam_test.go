package rules

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
)

func TestActionTableCoversTheAPI(t *testing.T) {
	f, err := os.Open("testdata/iam/api-operations.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		op, actions, mapped := strings.Cut(line, "=")
		names := []string{strings.TrimSpace(op)}
		if mapped {
			names = strings.Fields(actions)
		}
		for _, name := range names {
			if lookupAction(name) == nil {
				t.Errorf("operation %s: action %s is not in the table", strings.TrimSpace(op), name)
			}
		}
	}
	if n < 60 {
		t.Fatalf("only %d operations read", n)
	}
}

func TestActionTable(t *testing.T) {
	seen := map[string]bool{}
	for i := range dynamoDBActions {
		a := &dynamoDBActions[i]
		if seen[a.Name] {
			t.Errorf("%s is listed twice", a.Name)
		}
		seen[a.Name] = true
		if a.Group == groupInvalid || a.Access == "" {
			t.Errorf("%s has no group or access level", a.Name)
		}
		if a.Group == GroupList && a.ResourceLevel() {
			t.Errorf("%s is list-only but has a required resource type", a.Name)
		}
	}
	// Actions the reference documents as supporting only Resource "*".
	for _, name := range []string{"ListTables", "DescribeLimits", "DescribeReservedCapacity", "DescribeReservedCapacityOfferings",
		"ListBackups", "ListGlobalTables", "ListExports", "ListImports", "DescribeEndpoints", "ListStreams",
		"ListContributorInsights", "PurchaseReservedCapacityOfferings", "GetAbacStatus", "UpdateAbacStatus", "InjectError"} {
		if a := lookupAction(name); a == nil || a.ResourceLevel() {
			t.Errorf("%s should support only Resource \"*\"", name)
		}
	}
	for _, name := range []string{"GetItem", "DeleteTable", "ExportTableToPointInTime", "GetRecords", "DeleteBackup", "PartiQLSelect"} {
		if a := lookupAction(name); a == nil || !a.ResourceLevel() {
			t.Errorf("%s should support resource-level permissions", name)
		}
	}
}

func TestWildcardMatch(t *testing.T) {
	cases := []struct {
		pattern, s string
		fold, want bool
	}{
		{"*", "", false, true},
		{"*", "anything", false, true},
		{"Get*", "GetItem", false, true},
		{"get*", "GetItem", false, false},
		{"get*", "GetItem", true, true},
		{"*Item", "BatchGetItem", false, true},
		{"*Item", "ItemX", false, false},
		{"?etItem", "GetItem", false, true},
		{"?etItem", "etItem", false, false},
		{"G?t*m", "GetItem", false, true},
		{"a*b*c", "aXbYbZc", false, true},
		{"a*b*c", "aXbYbZ", false, false},
		{"a*", "a*b", false, true},
		{"arn:aws:dynamodb:*:*:table/*", "arn:aws:dynamodb:us-east-1:1:table/t", false, true},
		{"arn:aws:dynamodb:*:*:table/o*", "arn:aws:dynamodb:us-east-1:1:table/t", false, false},
		{"ARN:aws:*", "arn:aws:x", false, false},
		{"DYNAMODB", "dynamodb", true, true},
		{"*ITEM", "BatchGetItem", true, true},
		{"get?tem", "GETITEM", true, true},
		{"get[tem", "get{tem", true, false}, // folding is of letters only
		{"Ärger*", "ärgerlich", true, true}, // non-ASCII folds by Unicode
		{"Ärger*", "ärgerlich", false, false},
	}
	for _, c := range cases {
		if got := wildcardMatch(c.pattern, c.s, c.fold); got != c.want {
			t.Errorf("wildcardMatch(%q, %q, %v) = %v", c.pattern, c.s, c.fold, got)
		}
	}
}

func TestMatchAction(t *testing.T) {
	cases := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "GetItem", true},
		{"dynamodb:*", "DeleteTable", true},
		{"DynamoDB:GETITEM", "GetItem", true},
		{"dynamodb:getitem", "GetItem", true},
		{"dynamo*:Get*", "GetItem", true},
		{"s3:*", "GetItem", false},
		{"dynamodb:Get?tem", "GetItem", true},
		{"dynamodb:Get?", "GetItem", false},
		{"dynamodb", "GetItem", false},
	}
	for _, c := range cases {
		if got := matchAction(c.pattern, "dynamodb", c.action); got != c.want {
			t.Errorf("matchAction(%q, %s) = %v", c.pattern, c.action, got)
		}
	}
	got := actionNames(matchingActions("dynamodb:*Item"))
	want := "BatchGetItem BatchWriteItem ConditionCheckItem DeleteItem GetItem PutItem UpdateItem"
	if strings.Join(got, " ") != want {
		t.Errorf("dynamodb:*Item = %v", got)
	}
	if s := grantsText("dynamodb:*Item", matchingActions("dynamodb:*Item")); !strings.HasPrefix(s, `"dynamodb:*Item" grants BatchGetItem, BatchWriteItem`) {
		t.Errorf("grantsText = %s", s)
	}
	if s := listActions(matchingActions("dynamodb:*")); !strings.HasSuffix(s, "actions)") {
		t.Errorf("a long list is not shortened: %s", s)
	}
	for p, want := range map[string]bool{"*": true, "dynamodb:*": true, "DynamoDB:**": true, "dynamodb:Get*": false, "s3:*": false} {
		if isFullWildcard(p) != want {
			t.Errorf("isFullWildcard(%q) != %v", p, want)
		}
	}
}

// doc parses a JSON policy for the tests.
func doc(t testing.TB, text string) *model.PolicyDocument {
	t.Helper()
	d, diags := policy.FromJSON(policy.Literal([]byte(text), "p.json", model.Pos{Line: 1, Column: 1}),
		model.Range{Filename: "p.json"}, "policy")
	if len(diags) > 0 || !d.IsKnown() {
		t.Fatalf("policy: %v %s", diags, d.Reason)
	}
	return &d
}

func TestStatementGrantAndScope(t *testing.T) {
	d := doc(t, `{"Statement": [
	  {"Effect": "Allow", "NotAction": ["dynamodb:Delete*", "s3:*"], "Resource": "*"},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "arn:aws:dynamodb:*:*:table/${Orders}"},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "NotResource": "arn:aws:dynamodb:*:*:table/secret"},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "NotResource": "arn:aws:dynamodb:*:*:table/*"},
	  {"Effect": "Allow", "Action": "dynamodb:GetRecords", "Resource": "arn:aws:dynamodb:*:*:table/*"},
	  {"Effect": "Allow", "Action": "dynamodb:GetRecords", "Resource": "arn:aws:dynamodb:*:*:table/*/stream/*"}
	]}`)
	g, _, ok := statementGrant(&d.Statements[0])
	if !ok || !g.notAction || containsAction(g.actions, lookupAction("DeleteTable")) || !containsAction(g.actions, lookupAction("GetItem")) {
		t.Errorf("NotAction grant = %v", actionNames(g.actions))
	}
	for i, want := range []bool{true, true, false, true, false, true, true} {
		typ := "table"
		if i >= 5 {
			typ = "stream"
		}
		covers, _, known := coversAll(&d.Statements[i], typ)
		if !known || covers != want {
			t.Errorf("statement %d covers all %ss = %v (known %v), want %v", i, typ, covers, known, want)
		}
	}
	// table/* does cover streams (table/x/stream/y matches table/*).
}

func TestDenyOverridesAllow(t *testing.T) {
	d := doc(t, `{"Statement": [
	  {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
	  {"Effect": "Deny", "Action": ["dynamodb:Delete*"], "Resource": "*"},
	  {"Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
	  {"Effect": "Deny", "Action": "dynamodb:Query", "Resource": "arn:aws:dynamodb:*:*:table/secret"},
	  {"Effect": "Deny", "NotAction": "dynamodb:*Item", "Resource": "*"}
	]}`)
	for name, want := range map[string]bool{
		"DeleteTable": true, "DeleteItem": true, "Scan": true, // Scan: by the NotAction Deny
		"Query": true, "GetItem": false, "PutItem": false,
	} {
		if got := deniedEverywhere(d, lookupAction(name), "table"); got != want {
			t.Errorf("%s denied = %v, want %v", name, got, want)
		}
	}
	d = doc(t, `{"Statement": [{"Effect": "Deny", "Action": "dynamodb:Scan", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}`)
	if deniedEverywhere(d, lookupAction("Scan"), "table") {
		t.Error("a conditional Deny does not cancel an Allow everywhere")
	}
}

func TestPrincipalPublicAndRestrictions(t *testing.T) {
	d := doc(t, `{"Statement": [
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Principal": "*"},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Principal": {"AWS": ["arn:aws:iam::111122223333:root", "*"]}},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Principal": {"AWS": "111122223333"}},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "NotPrincipal": {"AWS": "111122223333"}},
	  {"Effect": "Allow", "Action": "dynamodb:GetItem", "Principal": {"Service": "lambda.amazonaws.com"}}
	]}`)
	for i, want := range []bool{true, true, false, true, false} {
		if got, _, known := principalPublic(&d.Statements[i]); !known || got != want {
			t.Errorf("statement %d public = %v", i, got)
		}
	}
	accts, known := principalAccounts(&d.Statements[1].Principals)
	if !known || len(accts) != 1 || accts[0].Account != "111122223333" {
		t.Errorf("accounts = %+v", accts)
	}
	cond := func(c string) string {
		return `{"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Principal": "*", "Condition": ` + c + `}]}`
	}
	cases := map[string]bool{
		`{"StringEquals": {"aws:SourceAccount": "111122223333"}}`:               true,
		`{"StringEquals": {"AWS:SOURCEACCOUNT": "111122223333"}}`:               true,
		`{"ArnLike": {"aws:SourceArn": "arn:aws:s3:::bucket"}}`:                 true,
		`{"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}`:                     true,
		`{"StringEquals": {"aws:SourceVpce": ["vpce-1"]}}`:                      true,
		`{"StringEquals": {"aws:SourceVpc": "vpc-1"}}`:                          true,
		`{"StringEquals": {"aws:PrincipalAccount": "111122223333"}}`:            true,
		`{"StringEquals": {"aws:SourceOrgID": "o-abc"}}`:                        true,
		`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/*"}}`: true,
		`{"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/admin"}}`:        false,
		`{"StringLike": {"aws:SourceAccount": "*"}}`:                            false,
		`{"StringEqualsIfExists": {"aws:SourceAccount": "111122223333"}}`:       false,
		`{"StringNotEquals": {"aws:SourceAccount": "111122223333"}}`:            false,
		`{"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-abc"}}`:        false,
		`{"Bool": {"aws:SecureTransport": "true"}}`:                             false,
		`{"StringLike": {"aws:UserAgent": "curl*"}}`:                            false,
		`{"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}`:                false,
		`{"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}`:                          false,
		`{"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}`:                     true,
	}
	for c, want := range cases {
		d := doc(t, cond(c))
		got, known := restriction(&d.Statements[0])
		if !known || (got != nil) != want {
			t.Errorf("%s restricts = %v, want %v", c, got != nil, want)
		}
	}
}

func TestProbeAndSplit(t *testing.T) {
	if got := splitARN("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/a:b"); len(got) != 6 || got[5] != "table/a:b" || got[1] != "${AWS::Partition}" {
		t.Errorf("splitARN = %q", got)
	}
	v := model.KnownValue("arn:aws:s3:::bucket/*", model.Range{}, "r")
	if resourceMayBeDynamoDB(v, func(string) bool { return false }) {
		t.Error("an S3 ARN is not DynamoDB")
	}
	v = model.KnownValue("${aws_dynamodb_table.t.arn}", model.Range{}, "r")
	v.Refs = []model.Ref{{Address: "aws_dynamodb_table.t"}}
	if !resourceMayBeDynamoDB(v, func(a string) bool { return strings.HasPrefix(a, "aws_dynamodb_table.") }) {
		t.Error("a reference to a table is DynamoDB")
	}
	if !resourceMayBeDynamoDB(model.KnownValue("*", model.Range{}, "r"), func(string) bool { return false }) {
		t.Error(`"*" may be DynamoDB`)
	}
}

// identityProject is a project with one policy of a Deny and n Allow
// statements with partial wildcards.
func identityProject(tb testing.TB, n int) *model.Project {
	var b strings.Builder
	b.WriteString(`{"Statement": [{"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}`)
	for i := range n {
		fmt.Fprintf(&b, `, {"Effect": "Allow", "Action": ["dynamodb:*Item", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:us-east-1:1:table/t%d"}`, i)
	}
	b.WriteString("]}")
	p := &model.Project{}
	p.Add(&model.IAMPolicy{Resource: model.Resource{Kind: model.Terraform, Type: "aws_iam_policy", Address: "aws_iam_policy.p", Scope: "."},
		Kind: model.IAMManagedPolicy, Document: *doc(tb, b.String())})
	return p
}

var identityRules = []*Rule{IAMFullWildcard, IAMPartialWildcard, IAMAnyTable, PartiQLBroadAccess}

// TestIdentityRulesLarge checks a document of 20,000 statements gets one
// DDB402 a statement; BenchmarkIdentityRules shows the cost is linear (a
// Deny is looked up once per document, not once per action and statement).
func TestIdentityRulesLarge(t *testing.T) {
	if res := Run(identityProject(t, 20000), Options{Rules: identityRules}); len(res.Findings) != 20000 {
		t.Fatalf("%d findings for 20000 statements", len(res.Findings))
	}
}

func BenchmarkIdentityRules(b *testing.B) {
	for _, n := range []int{2000, 4000, 8000, 16000} {
		p := identityProject(b, n)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Run(p, Options{Rules: identityRules})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/statement")
		})
	}
}

func TestNamesActionAndCoversResource(t *testing.T) {
	d := doc(t, `{"Statement": [
	  {"Effect": "Allow", "Action": ["s3:Put*", "kms:Decrypt"], "Resource": "arn:aws:s3:::exports/*"},
	  {"Effect": "Allow", "NotAction": "s3:Delete*", "NotResource": "arn:aws:s3:::secret/*"}
	]}`)
	cases := []struct {
		st            int
		service, name string
		want          bool
	}{
		{0, "s3", "PutObject", true}, {0, "S3", "putobjectacl", true}, {0, "s3", "GetObject", false},
		{0, "kms", "Decrypt", true}, {1, "s3", "GetObject", true}, {1, "s3", "DeleteObject", false},
	}
	for _, c := range cases {
		if got, known := namesAction(&d.Statements[c.st], c.service, c.name); !known || got != c.want {
			t.Errorf("statement %d names %s:%s = %v", c.st, c.service, c.name, got)
		}
	}
	for arn, want := range map[string]bool{"arn:aws:s3:::exports/x": true, "arn:aws:s3:::exports": false} {
		if got, known := coversResource(&d.Statements[0], arn); !known || got != want {
			t.Errorf("covers %s = %v", arn, got)
		}
	}
	for arn, want := range map[string]bool{"arn:aws:s3:::secret/x": false, "arn:aws:s3:::other/x": true} {
		if got, known := coversResource(&d.Statements[1], arn); !known || got != want {
			t.Errorf("NotResource covers %s = %v", arn, got)
		}
	}
}
