package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

func (t *template) buildKey(res model.Resource, o *object) {
	t.proj.Add(&model.KMSKey{
		Resource:    res,
		Rotation:    t.boolProp(o, "", "EnableKeyRotation", res.Range),
		MultiRegion: t.boolProp(o, "", "MultiRegion", res.Range),
		Policy:      t.docProp(o, "KeyPolicy", res.Range),
	})
}

func (t *template) buildAlias(res model.Resource, o *object) {
	t.proj.Add(&model.KMSAlias{
		Resource:    res,
		Name:        t.stringProp(o, "", "AliasName", "", res.Range),
		TargetKeyID: t.stringProp(o, "", "TargetKeyId", "", res.Range),
	})
}

func (t *template) buildReplicaKey(res model.Resource, o *object) {
	t.proj.Add(&model.KMSReplicaKey{
		Resource:      res,
		PrimaryKeyARN: t.stringProp(o, "", "PrimaryKeyArn", "", res.Range),
	})
}

// isKeyType reports whether a resource type is a KMS key or an alias of one.
func isKeyType(typ string) bool {
	return typ == typeKMSKey || typ == typeKMSAlias || typ == typeKMSReplicaKey
}

// classifyKey classifies the KMSMasterKeyId value v, at path, of an enabled
// SSESpecification. The key resource is found by Link, by the address a
// reference names or by a literal alias name.
func (t *template) classifyKey(v *val, path string) model.KeyRef {
	if s, ok := v.scalar(); ok && s != "" {
		return model.KeyRef{Kind: model.ClassifyKeyID(s), ID: s, Meta: t.meta(v, model.Known, path)}
	}
	for _, r := range v.refs {
		if r.imp != "" && len(v.refs) == 1 {
			m := t.meta(v, model.Unknown, path)
			m.Reason = describe(path, v)
			return model.KeyRef{Kind: model.KeyUnknown, Import: r.imp, Meta: m}
		}
		owner := t
		if r.in != nil {
			owner = r.in
		}
		if res := owner.resources[r.id]; res != nil && isKeyType(res.typ) {
			k := model.KeyRef{Kind: model.KeyCustomerManaged, KeyAddress: r.id, Meta: t.meta(v, model.Known, path)}
			if owner != t {
				k.Scope = owner.scope()
			}
			return k
		}
	}
	if v.state == model.Unknown && v.hasText {
		if kind := model.ClassifyKeyID(v.text); kind != model.KeyUnknown {
			return model.KeyRef{Kind: kind, ID: v.text, Meta: t.meta(v, model.Known, path)}
		}
	}
	m := t.meta(v, model.Unknown, path)
	m.Reason = describe(path, v)
	return model.KeyRef{Kind: model.KeyUnknown, Meta: m}
}
