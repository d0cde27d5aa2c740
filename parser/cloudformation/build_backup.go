package cloudformation

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// Resource types of AWS Backup.
const (
	typeBackupVault     = "AWS::Backup::BackupVault"
	typeBackupPlan      = "AWS::Backup::BackupPlan"
	typeBackupSelection = "AWS::Backup::BackupSelection"
)

// buildBackupVault reads an AWS::Backup::BackupVault; without
// EncryptionKeyArn, AWS Backup encrypts with the AWS-managed aws/backup key.
func (t *template) buildBackupVault(res model.Resource, o *object) {
	v := &model.BackupVault{
		Resource:   res,
		Name:       t.stringProp(o, "", "BackupVaultName", "", res.Range),
		Encryption: keyRef(model.KeyAWSManaged, res.Range, "EncryptionKeyArn"),
	}
	if m, ok := o.get("EncryptionKeyArn"); ok {
		v.Encryption = t.classifyKey(m.val, "EncryptionKeyArn")
	}
	t.proj.Add(v)
}

// buildBackupPlan reads an AWS::Backup::BackupPlan.
func (t *template) buildBackupPlan(res model.Resource, o *object) {
	name := model.AbsentValue("", res.Range, "BackupPlan.BackupPlanName")
	if m, ok := o.get("BackupPlan"); ok {
		if po, ok := m.val.obj(); ok {
			name = t.stringProp(po, "BackupPlan", "BackupPlanName", "", t.src.rng(m.key))
		}
	}
	t.proj.Add(&model.BackupPlan{Resource: res, Name: name})
}

// buildBackupSelection reads an AWS::Backup::BackupSelection. What cannot
// be read makes the selection's coverage unknown, never empty.
func (t *template) buildBackupSelection(res model.Resource, o *object) {
	const spec = "BackupSelection"
	s := &model.BackupSelection{Resource: res, PlanID: t.stringProp(o, "", "BackupPlanId", "", res.Range)}
	m, ok := o.get(spec)
	if !ok {
		t.proj.Add(s)
		return
	}
	so, ok := m.val.obj()
	if !ok {
		u := model.UnknownValue[string](t.src.rng(m.val.node), spec, describe(spec, m.val))
		s.Resources = []model.SelectionItem{{Value: u}}
		t.proj.Add(s)
		return
	}
	s.Resources = t.selectionItems(so, spec+".Resources")
	s.NotResources = t.selectionItems(so, spec+".NotResources")
	s.Tags = t.listOfTags(so, spec+".ListOfTags")
	s.Conditions = t.selectionConditions(so, spec+".Conditions")
	t.proj.Add(s)
}

// selectionItems reads the list of ARNs or patterns at path (its last
// part is the property of o).
func (t *template) selectionItems(o *object, path string) []model.SelectionItem {
	m, ok := o.get(path[strings.LastIndexByte(path, '.')+1:])
	if !ok {
		return nil
	}
	items, ok := m.val.list()
	if !ok {
		return []model.SelectionItem{{Value: model.UnknownValue[string](t.src.rng(m.val.node), path, describe(path, m.val))}}
	}
	out := make([]model.SelectionItem, 0, len(items))
	for _, it := range items {
		si := model.SelectionItem{Value: t.stringOf(it, path)}
		if si.IsUnknown() && it.hasText {
			si.Text = it.text
		}
		out = append(out, si)
	}
	return out
}

// listOfTags reads ListOfTags: tests of which one suffices.
func (t *template) listOfTags(o *object, path string) []model.TagCondition {
	m, ok := o.get("ListOfTags")
	if !ok {
		return nil
	}
	items, ok := m.val.list()
	if !ok {
		return []model.TagCondition{unknownCondition(t.src.rng(m.val.node), path, describe(path, m.val))}
	}
	var out []model.TagCondition
	for _, it := range items {
		out = append(out, t.tagCondition(it, path, "ConditionType", model.Value[string]{}))
	}
	return out
}

// conditionTypes are the properties of a selection's Conditions.
var conditionTypes = []string{"StringEquals", "StringLike", "StringNotEquals", "StringNotLike"}

// selectionConditions reads Conditions: tests that must all hold.
func (t *template) selectionConditions(o *object, path string) []model.TagCondition {
	m, ok := o.get("Conditions")
	if !ok {
		return nil
	}
	co, ok := m.val.obj()
	if !ok {
		return []model.TagCondition{unknownCondition(t.src.rng(m.val.node), path, describe(path, m.val))}
	}
	var out []model.TagCondition
	for _, mem := range co.members {
		p := path + "." + mem.name
		known := false
		for _, ct := range conditionTypes {
			known = known || ct == mem.name
		}
		items, ok := mem.val.list()
		switch {
		case !known:
			out = append(out, unknownCondition(t.src.rng(mem.key), p, mem.name+" is not a condition AWS Backup knows"))
			continue
		case !ok:
			out = append(out, unknownCondition(t.src.rng(mem.val.node), p, describe(p, mem.val)))
			continue
		}
		op := model.KnownValue(mem.name, t.src.rng(mem.key), p)
		for _, it := range items {
			out = append(out, t.tagCondition(it, p, "", op))
		}
	}
	return out
}

// tagCondition reads one test (ConditionKey, ConditionValue and, when
// opProp is set, its type; else op). An aws:ResourceTag/ prefix of the key
// is removed.
func (t *template) tagCondition(it *val, path, opProp string, op model.Value[string]) model.TagCondition {
	to, ok := it.obj()
	if !ok {
		return unknownCondition(t.src.rng(it.node), path, describe(path, it))
	}
	rng := t.src.rng(it.node)
	c := model.TagCondition{
		Op:    op,
		Key:   t.stringProp(to, path, "ConditionKey", "", rng),
		Value: t.stringProp(to, path, "ConditionValue", "", rng),
	}
	if opProp != "" {
		c.Op = t.stringProp(to, path, opProp, "", rng)
	}
	c.Normalize()
	return c
}

// unknownCondition is a tag test that could not be read.
func unknownCondition(r model.Range, path, reason string) model.TagCondition {
	v := model.UnknownValue[string](r, path, reason)
	return model.TagCondition{Op: v, Key: v, Value: v}
}
