package cloudformation

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

func (t *template) buildKey(res model.Resource, o *object) {
	k := &model.KMSKey{Resource: res, Rotation: t.boolProp(o, "EnableKeyRotation", res.Range)}
	t.keys[res.Address] = k
	t.proj.KMSKeys = append(t.proj.KMSKeys, k)
}

func (t *template) buildAlias(res model.Resource, o *object) {
	a := &model.KMSAlias{
		Resource:    res,
		Name:        t.stringProp(o, "AliasName", "", res.Range),
		TargetKeyID: t.stringProp(o, "TargetKeyId", "", res.Range),
	}
	if m, ok := o.get("TargetKeyId"); ok {
		a.TargetKey = t.refKey(m.val)
	}
	t.aliases[res.Address] = a
	t.proj.KMSAliases = append(t.proj.KMSAliases, a)
}

// refKey returns the template's KMS key that v refers to, if any.
func (t *template) refKey(v *val) *model.KMSKey {
	for _, r := range v.refs {
		if k := t.keys[r.id]; k != nil {
			return k
		}
	}
	return nil
}

// classifyKey classifies the KMSMasterKeyId value v of an enabled
// SSESpecification.
func (t *template) classifyKey(v *val) model.KeyRef {
	kr := model.KeyRef{Kind: model.KeyUnknown, Range: t.src.rng(v.node)}
	if s, ok := v.scalar(); ok && s != "" {
		kr.Kind, kr.ID = model.KeyCustomerManaged, s
		if awsManagedID(s) {
			kr.Kind = model.KeyAWSManaged
		} else {
			setKey(&kr, t.aliasTarget(s))
		}
		return kr
	}
	for _, r := range v.refs {
		res := t.resources[r.id]
		if res == nil {
			continue
		}
		switch res.typ {
		case typeKMSKey:
			kr.Kind = model.KeyCustomerManaged
			setKey(&kr, t.keys[r.id])
			return kr
		case typeKMSAlias:
			kr.Kind = model.KeyCustomerManaged
			if a := t.aliases[r.id]; a != nil {
				if a.Name.IsKnown() {
					kr.ID = a.Name.Value
				}
				setKey(&kr, a.TargetKey)
			}
			return kr
		}
	}
	if v.state == model.Unknown && v.hasText {
		if kind := patternKind(v.text); kind != model.KeyUnknown {
			kr.Kind, kr.ID = kind, v.text
			return kr
		}
	}
	kr.Reason = describe("KMSMasterKeyId", v)
	return kr
}

func setKey(kr *model.KeyRef, k *model.KMSKey) {
	if k != nil {
		kr.Key, kr.KeyAddress = k, k.Address
	}
}

// awsManagedID reports whether a key identifier names an AWS-managed key:
// alias/aws/dynamodb or another alias/aws/… alias, or its ARN.
func awsManagedID(s string) bool {
	return strings.HasPrefix(s, "alias/aws/") || strings.Contains(s, ":alias/aws/")
}

// patternKind classifies a key identifier whose text is only partly known,
// such as arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/aws/dynamodb:
// the literal alias or key part decides.
func patternKind(text string) model.KeyKind {
	rest, ok := "", false
	if i := strings.LastIndex(text, "alias/"); i >= 0 && (i == 0 || text[i-1] == ':') {
		rest, ok = text[i+len("alias/"):], true
		if strings.HasPrefix(rest, "aws/") {
			return model.KeyAWSManaged
		}
	} else if i := strings.LastIndex(text, ":key/"); i >= 0 {
		rest, ok = text[i+len(":key/"):], true
	}
	if !ok || rest == "" || strings.Contains(rest, "${") {
		return model.KeyUnknown
	}
	return model.KeyCustomerManaged
}

// aliasTarget returns the key of the template's alias called name (or whose
// ARN is name), when that alias targets a key of the template.
func (t *template) aliasTarget(name string) *model.KMSKey {
	if !strings.HasPrefix(name, "alias/") && !strings.Contains(name, ":alias/") {
		return nil
	}
	for _, a := range t.proj.KMSAliases {
		if a.Name.IsKnown() && (name == a.Name.Value || strings.HasSuffix(name, ":"+a.Name.Value)) {
			return a.TargetKey
		}
	}
	return nil
}
