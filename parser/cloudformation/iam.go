package cloudformation

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/parser/policy"
)

// The IAM resource types the parser models.
const (
	typeIAMPolicy        = "AWS::IAM::Policy"
	typeIAMManagedPolicy = "AWS::IAM::ManagedPolicy"
	typeIAMRole          = "AWS::IAM::Role"
	typeIAMUser          = "AWS::IAM::User"
	typeIAMGroup         = "AWS::IAM::Group"
	typeFunction         = "AWS::Serverless::Function"
)

// buildIAMPolicy builds an AWS::IAM::Policy (inline in its roles, users
// and groups) or an AWS::IAM::ManagedPolicy.
func (t *template) buildIAMPolicy(res model.Resource, o *object) {
	p := &model.IAMPolicy{Resource: res, Kind: model.IAMInlinePolicy}
	name := "PolicyName"
	if res.Type == typeIAMManagedPolicy {
		p.Kind, name = model.IAMManagedPolicy, "ManagedPolicyName"
	}
	p.Name = t.stringProp(o, "", name, "", res.Range)
	doc, _ := o.get("PolicyDocument")
	p.Document = t.policyDocument(doc.val, res.Range, "PolicyDocument")
	for _, a := range []struct{ prop, to string }{
		{"Roles", model.AttachedRole}, {"Users", model.AttachedUser}, {"Groups", model.AttachedGroup},
	} {
		p.AttachedTo = append(p.AttachedTo, t.attachments(o, a.prop, a.to)...)
	}
	t.proj.Add(p)
}

// attachments reads a list of role, user or group names.
func (t *template) attachments(o *object, prop, to string) []model.IAMAttachment {
	m, ok := o.get(prop)
	if !ok {
		return nil
	}
	items, ok := m.val.list()
	if !ok {
		return []model.IAMAttachment{{To: to, Name: t.stringOf(m.val, prop)}}
	}
	out := make([]model.IAMAttachment, 0, len(items))
	for i, item := range items {
		out = append(out, model.IAMAttachment{To: to, Name: t.stringOf(item, fmt.Sprintf("%s[%d]", prop, i))})
	}
	return out
}

// buildIAMPrincipal builds an AWS::IAM::Role (its trust policy as an
// IAMRole), User or Group, and an inline IAMPolicy for each entry of its
// Policies.
func (t *template) buildIAMPrincipal(res model.Resource, o *object) {
	to := model.AttachedUser
	switch res.Type {
	case typeIAMRole:
		to = model.AttachedRole
		doc, _ := o.get("AssumeRolePolicyDocument")
		t.proj.Add(&model.IAMRole{
			Resource:         res,
			Name:             t.stringProp(o, "", "RoleName", "", res.Range),
			AssumeRolePolicy: t.policyDocument(doc.val, res.Range, "AssumeRolePolicyDocument"),
		})
	case typeIAMGroup:
		to = model.AttachedGroup
	}
	attached := []model.IAMAttachment{{To: to, Name: model.Value[string]{Value: "${" + res.Address + "}",
		Meta: model.Meta{State: model.Known, Range: res.Range, Path: "Policies",
			Refs: []model.Ref{{Address: res.Address, Range: res.Range}}}}}}
	if arns, ok := o.get("ManagedPolicyArns"); ok {
		if items, ok := arns.val.list(); ok {
			for i, item := range items {
				t.awsManaged(res, attached, item, fmt.Sprintf("ManagedPolicyArns[%d]", i))
			}
		}
	}
	m, ok := o.get("Policies")
	if !ok {
		return
	}
	items, ok := m.val.list()
	if !ok {
		t.unknownPolicy(res, attached, m.val, "Policies")
		return
	}
	for i, item := range items {
		path := fmt.Sprintf("Policies[%d]", i)
		entry, ok := item.obj()
		if !ok {
			t.unknownPolicy(res, attached, item, path)
			continue
		}
		doc, _ := entry.get("PolicyDocument")
		t.proj.Add(&model.IAMPolicy{
			Resource: res, Kind: model.IAMInlinePolicy, AttachedTo: attached,
			Name:     t.stringProp(entry, path, "PolicyName", "", t.src.rng(item.node)),
			Document: t.policyDocument(doc.val, t.src.rng(item.node), path+".PolicyDocument"),
		})
	}
}

// unknownPolicy records an inline policy that cannot be read.
func (t *template) unknownPolicy(res model.Resource, attached []model.IAMAttachment, v *val, path string) {
	m := t.meta(v, model.Unknown, path)
	m.Reason = reasonOf(v, path+" is not a list of policies")
	t.proj.Add(&model.IAMPolicy{
		Resource: res, Kind: model.IAMInlinePolicy, AttachedTo: attached,
		Name:     model.Value[string]{Meta: m},
		Document: model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}},
	})
}

// buildFunction builds the policies of an AWS::Serverless::Function's
// Policies: inline policy documents, and SAM policy templates expanded to
// the statements SAM writes for them. Managed policy names and ARNs are
// attached policies whose documents are not in the template; they are
// left out.
func (t *template) buildFunction(res model.Resource, o *object) {
	m, ok := o.get("Policies")
	if !ok {
		return
	}
	role := "${" + res.Address + "Role}" // the role SAM creates
	attached := []model.IAMAttachment{{To: model.AttachedRole, Name: model.Value[string]{Value: role,
		Meta: model.Meta{State: model.Known, Range: res.Range, Path: "Policies"}}}}
	items, ok := m.val.list()
	if !ok {
		if _, isString := m.val.scalar(); isString {
			t.awsManaged(res, attached, m.val, "Policies") // one managed policy
			return
		}
		if _, isObject := m.val.obj(); !isObject {
			t.unknownPolicy(res, attached, m.val, "Policies")
			return
		}
		items = []*val{m.val}
	}
	for i, item := range items {
		path := fmt.Sprintf("Policies[%d]", i)
		if _, isString := item.scalar(); isString || item.hasText {
			t.awsManaged(res, attached, item, path) // a managed policy name or ARN
			continue
		}
		entry, ok := item.obj()
		if !ok {
			t.unknownPolicy(res, attached, item, path)
			continue
		}
		p := &model.IAMPolicy{Resource: res, Kind: model.IAMInlinePolicy, AttachedTo: attached,
			Name: model.AbsentValue("", t.src.rng(item.node), path+".PolicyName")}
		if _, isDoc := entry.get("Statement"); isDoc || len(entry.members) != 1 {
			p.Document = t.policyDocument(item, t.src.rng(item.node), path)
			t.proj.Add(p)
			continue
		}
		mem := entry.members[0]
		root, ok := t.samPolicy(mem, path+"."+mem.name)
		if !ok {
			continue // a template that grants nothing on DynamoDB
		}
		p.Template = mem.name
		doc, diags := policy.Document(root, path+"."+mem.name)
		t.policyDiags(diags)
		doc.Range, doc.Path = t.src.rng(mem.key), path+"."+mem.name
		p.Document = doc
		t.proj.Add(p)
	}
}

// samTemplate is one statement of a SAM policy template: its actions, and
// its resources with the template's parameters as ${parameterName}.
type samStatement struct {
	actions   []string
	resources []string
}

const (
	samTable      = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}"
	samTableIndex = samTable + "/index/*"
)

// samPolicyTemplates are the SAM policy templates that grant DynamoDB
// actions, as SAM's policy_templates.json defines them.
var samPolicyTemplates = map[string][]samStatement{
	"DynamoDBCrudPolicy": {{
		actions: []string{"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
			"dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable",
			"dynamodb:ConditionCheckItem"},
		resources: []string{samTable, samTableIndex},
	}},
	"DynamoDBReadPolicy": {{
		actions: []string{"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
			"dynamodb:DescribeTable"},
		resources: []string{samTable, samTableIndex},
	}},
	"DynamoDBWritePolicy": {{
		actions:   []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"},
		resources: []string{samTable, samTableIndex},
	}},
	"DynamoDBReconfigurePolicy": {{
		actions:   []string{"dynamodb:UpdateTable"},
		resources: []string{samTable},
	}},
	"DynamoDBStreamReadPolicy": {
		{
			actions:   []string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"},
			resources: []string{samTable + "/stream/${streamName}"},
		},
		{
			actions:   []string{"dynamodb:ListStreams"},
			resources: []string{samTable + "/stream/*"},
		},
	},
	"DynamoDBBackupFullAccessPolicy": {
		{
			actions:   []string{"dynamodb:CreateBackup", "dynamodb:DescribeContinuousBackups"},
			resources: []string{samTable},
		},
		{
			actions:   []string{"dynamodb:DeleteBackup", "dynamodb:DescribeBackup", "dynamodb:ListBackups"},
			resources: []string{samTable + "/backup/*"},
		},
	},
	"DynamoDBRestoreFromBackupPolicy": {
		{
			actions:   []string{"dynamodb:RestoreTableFromBackup"},
			resources: []string{samTable + "/backup/*"},
		},
		{
			actions: []string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:GetItem",
				"dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchWriteItem"},
			resources: []string{samTable},
		},
	},
}

// samParameters name the template parameters, by their name in the
// resource ARNs.
var samParameters = map[string]string{"tableName": "TableName", "streamName": "StreamName"}

// samPolicy expands a SAM policy template entry into a policy node tree:
// the actions at the template's name, each resource at the parameter that
// decides it. false when the template is not one that grants DynamoDB
// actions.
func (t *template) samPolicy(mem member, path string) (*policy.Node, bool) {
	statements, ok := samPolicyTemplates[mem.name]
	if !ok {
		return nil, false
	}
	keyRange := t.src.rng(mem.key)
	params, _ := mem.val.obj()
	list := &policy.Node{Kind: policy.KindList, Range: keyRange}
	for i, st := range statements {
		sp := fmt.Sprintf("%s.Statement[%d]", path, i)
		actions := &policy.Node{Kind: policy.KindList, Range: keyRange, Path: path}
		for _, a := range st.actions {
			actions.Items = append(actions.Items, &policy.Node{Kind: policy.KindString, Str: a, Range: keyRange, Path: path})
		}
		resources := &policy.Node{Kind: policy.KindList, Range: keyRange, Path: path}
		for _, r := range st.resources {
			resources.Items = append(resources.Items, t.samResource(r, params, mem, path))
		}
		list.Items = append(list.Items, &policy.Node{Kind: policy.KindObject, Range: keyRange, Path: sp, Fields: []policy.Field{
			{Key: "Effect", KeyRange: keyRange, Value: &policy.Node{Kind: policy.KindString, Str: "Allow", Range: keyRange, Path: sp + ".Effect"}},
			{Key: "Action", KeyRange: keyRange, Value: actions},
			{Key: "Resource", KeyRange: keyRange, Value: resources},
		}})
	}
	return &policy.Node{Kind: policy.KindObject, Range: keyRange, Path: path, Fields: []policy.Field{
		{Key: "Statement", KeyRange: keyRange, Value: list},
	}}, true
}

// samResource fills the parameters into a template's resource ARN: a
// known parameter is its text, a reference keeps its ${Name} and
// reference, and anything else makes the resource unknown. The resource
// is at the parameter that decides it.
func (t *template) samResource(arn string, params *object, mem member, path string) *policy.Node {
	n := &policy.Node{Kind: policy.KindString, Range: t.src.rng(mem.key), Path: path}
	s := arn
	for name, prop := range samParameters {
		ph := "${" + name + "}"
		if !strings.Contains(s, ph) {
			continue
		}
		pm, ok := params.get(prop)
		if !ok {
			return policy.Unknown(n.Range, fmt.Sprintf("the %s policy template has no %s", mem.name, prop))
		}
		n.Range, n.Path = t.src.rng(pm.val.node), path+"."+prop
		meta := t.meta(pm.val, model.Known, "")
		n.Refs, n.Origins = append(n.Refs, meta.Refs...), append(n.Origins, meta.Origins...)
		text, known := pm.val.scalar()
		if !known {
			text, known = specificText(pm.val)
		}
		if !known {
			u := policy.Unknown(n.Range, reasonOf(pm.val, prop+" cannot be resolved"))
			u.Path = n.Path
			return u
		}
		s = strings.ReplaceAll(s, ph, text)
	}
	n.Str = s
	return n
}

// awsManaged adds the AWS managed policy an ARN or name attaches, when it
// is one whose DynamoDB statements are known.
func (t *template) awsManaged(res model.Resource, attached []model.IAMAttachment, v *val, path string) {
	s, ok := v.scalar()
	if !ok {
		s, ok = specificText(v)
	}
	name := policy.AWSManagedName(s)
	if !ok || name == "" {
		return
	}
	rng := t.src.rng(v.node)
	root, _ := policy.AWSManaged(name, rng, path)
	doc, diags := policy.Document(root, path)
	t.policyDiags(diags)
	doc.Range, doc.Path = rng, path
	t.proj.Add(&model.IAMPolicy{
		Resource: res, Kind: model.IAMManagedPolicy, Template: name, AttachedTo: attached,
		Name: model.KnownValue(name, rng, path), Document: doc,
	})
}
