package terraform

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/dynamoguard/dynamoguard/model"
)

var backupVaultSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "name"}, {Name: "kms_key_arn"}},
}

// buildBackupVault builds one instance of an aws_backup_vault; without
// kms_key_arn, AWS Backup encrypts with the AWS-managed aws/backup key.
func (l *loader) buildBackupVault(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(backupVaultSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	owner := r.block.DefRange
	v := &model.BackupVault{
		Resource: l.resource(r, in.address),
		Name:     l.stringValue(content.Attributes["name"], in.ctx, "", owner, "name"),
	}
	ref, ok := l.classifyKeyAttr(content.Attributes["kms_key_arn"], in.ctx, "kms_key_arn")
	if !ok {
		ref = awsManagedDefault(ref, toRange(owner), "kms_key_arn")
	}
	v.Encryption = ref
	l.t.proj.Add(v)
}

var backupPlanSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "name"}}}

// buildBackupPlan builds one instance of an aws_backup_plan.
func (l *loader) buildBackupPlan(r *resourceBlock, in instance) {
	content, _, diags := r.block.Body.PartialContent(backupPlanSchema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	l.t.proj.Add(&model.BackupPlan{
		Resource: l.resource(r, in.address),
		Name:     l.stringValue(content.Attributes["name"], in.ctx, "", r.block.DefRange, "name"),
	})
}

const (
	blockSelectionTag = "selection_tag"
	blockCondition    = "condition"
)

var backupSelectionSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "plan_id"}, {Name: "resources"}, {Name: "not_resources"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: blockSelectionTag}, {Type: blockCondition}},
}

var selectionTagSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "type"}, {Name: "key"}, {Name: "value"}},
}

// conditionOps are the nested blocks of a selection's condition block.
var conditionOps = []string{"string_equals", "string_like", "string_not_equals", "string_not_like"}

var conditionSchema = func() *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, op := range conditionOps {
		s.Blocks = append(s.Blocks, hcl.BlockHeaderSchema{Type: op})
	}
	return s
}()

var conditionParamSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "key"}, {Name: "value"}}}

// buildBackupSelection builds one instance of an aws_backup_selection.
// A block that cannot be read (a dynamic block over an unknown list)
// becomes a tag condition whose type is unknown, so coverage is unknown.
func (l *loader) buildBackupSelection(r *resourceBlock, in instance) {
	owner := r.block.DefRange
	content, unread := l.readBlocks(r.block.Body, in.ctx, backupSelectionSchema)
	attrs := content.Attributes
	s := &model.BackupSelection{
		Resource:     l.resource(r, in.address),
		PlanID:       l.stringValue(attrs["plan_id"], in.ctx, "", owner, "plan_id"),
		Resources:    l.selectionItems(attrs["resources"], in.ctx, "resources"),
		NotResources: l.selectionItems(attrs["not_resources"], in.ctx, "not_resources"),
	}
	if u, ok := unread[blockSelectionTag]; ok {
		s.Tags = append(s.Tags, unreadCondition(u, blockSelectionTag))
	}
	if u, ok := unread[blockCondition]; ok {
		s.Conditions = append(s.Conditions, unreadCondition(u, blockCondition))
	}
	for _, b := range content.Blocks {
		switch b.Type {
		case blockSelectionTag:
			body, _, diags := b.Body.PartialContent(selectionTagSchema)
			l.addHCLDiags(diags, b.DefRange.Filename)
			s.Tags = append(s.Tags, l.tagCondition(body.Attributes, in.ctx, b.DefRange, blockSelectionTag, "type"))
		case blockCondition:
			s.Conditions = append(s.Conditions, l.conditions(b, in.ctx)...)
		}
	}
	l.t.proj.Add(s)
}

// conditions reads the tests of a condition block.
func (l *loader) conditions(b *hcl.Block, ctx *hcl.EvalContext) []model.TagCondition {
	content, unread := l.readBlocks(b.Body, ctx, conditionSchema)
	var out []model.TagCondition
	for _, op := range conditionOps {
		if u, ok := unread[op]; ok {
			out = append(out, unreadCondition(u, blockCondition+"."+op))
		}
	}
	for _, ob := range content.Blocks {
		body, _, diags := ob.Body.PartialContent(conditionParamSchema)
		l.addHCLDiags(diags, ob.DefRange.Filename)
		path := blockCondition + "." + ob.Type
		c := l.tagCondition(body.Attributes, ctx, ob.DefRange, path, "")
		c.Op = model.KnownValue(ob.Type, toRange(ob.DefRange), path)
		out = append(out, c)
	}
	return out
}

// tagCondition reads the key and value (and, when opAttr is set, the test
// type) of a tag test block at path. An aws:ResourceTag/ prefix of the key
// is removed.
func (l *loader) tagCondition(attrs hcl.Attributes, ctx *hcl.EvalContext, rng hcl.Range, path, opAttr string) model.TagCondition {
	c := model.TagCondition{
		Key:   l.stringValue(attrs["key"], ctx, "", rng, path+".key"),
		Value: l.stringValue(attrs["value"], ctx, "", rng, path+".value"),
	}
	if opAttr != "" {
		c.Op = l.stringValue(attrs[opAttr], ctx, "", rng, path+"."+opAttr)
	}
	c.Normalize()
	return c
}

// unreadCondition is a tag test that could not be read.
func unreadCondition(u unreadBlocks, path string) model.TagCondition {
	v := model.UnknownValue[string](toRange(u.rng), path, u.reason)
	return model.TagCondition{Op: v, Key: v, Value: v}
}

// selectionItems reads a list of ARNs or patterns at path, item by item
// when the list is written as a list.
func (l *loader) selectionItems(a *hcl.Attribute, ctx *hcl.EvalContext, path string) []model.SelectionItem {
	if a == nil {
		return nil
	}
	if tuple, ok := a.Expr.(*hclsyntax.TupleConsExpr); ok {
		out := make([]model.SelectionItem, 0, len(tuple.Exprs))
		for _, e := range tuple.Exprs {
			it := model.SelectionItem{Value: l.stringValue(&hcl.Attribute{Name: a.Name, Expr: e, Range: e.Range()}, ctx, "", e.Range(), path)}
			if it.IsUnknown() {
				it.Text = l.templateText(e, ctx)
			}
			out = append(out, it)
		}
		return out
	}
	v := l.eval(a.Expr, ctx)
	meta := l.meta(v, a.Expr, path)
	u, _ := unmarkDeep(v)
	if !u.IsKnown() || u.IsNull() || !u.CanIterateElements() {
		meta.State, meta.Reason = model.Unknown, a.Name+" is "+l.exprText(a.Expr)+": "+l.reasonOf(v)
		if u.IsKnown() {
			meta.Reason = a.Name + " is not a list"
		}
		return []model.SelectionItem{{Value: model.Value[string]{Meta: meta}}}
	}
	var out []model.SelectionItem
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		m := l.meta(e, a.Expr, path)
		s, ok := knownString(e)
		switch {
		case ok:
			m.State = model.Known
		case !e.IsWhollyKnown():
			m.State, m.Reason = model.Unknown, l.reasonOf(e)
		default:
			m.State, m.Reason = model.Unknown, a.Name+" holds a value that is not a string"
		}
		out = append(out, model.SelectionItem{Value: model.Value[string]{Value: s, Meta: m}})
	}
	return out
}
