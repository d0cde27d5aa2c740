package policy

import (
	"fmt"
	"strconv"

	"github.com/dynamoguard/dynamoguard/model"
)

// Document builds the policy document root holds, at attribute path. The
// document is Unknown when root is, or is not an object with a Statement;
// an element of the wrong type makes its statement (or the element)
// Unknown. Every such problem in what is written is also a warning.
func Document(root *Node, path string) (model.PolicyDocument, model.Diagnostics) {
	b := &builder{}
	doc := b.document(root, path)
	if b.dropped > 0 {
		b.diags = append(b.diags, model.Diagnostic{Severity: model.DiagWarning, Summary: "More invalid policy elements",
			Detail:  fmt.Sprintf("%d more elements of this policy are invalid and not analysed.", b.dropped),
			Subject: doc.Range})
	}
	return doc, b.diags
}

// maxWarnings bounds the warnings about one document; the others are
// counted in one last warning.
const maxWarnings = 20

type builder struct {
	diags   model.Diagnostics
	dropped int
}

// warn adds a warning about the policy element at r.
func (b *builder) warn(r model.Range, summary, detail string) {
	if len(b.diags) >= maxWarnings {
		b.dropped++
		return
	}
	b.diags = append(b.diags, model.Diagnostic{Severity: model.DiagWarning, Summary: summary,
		Detail: detail + " The element is not analysed.", Subject: r})
}

// pathOf is the path of node n: its own when it has one, else def.
func pathOf(n *Node, def string) string {
	if n != nil && n.Path != "" {
		return n.Path
	}
	return def
}

func join(path, elem string) string {
	if path == "" {
		return elem
	}
	return path + "." + elem
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// meta is the Meta of node n at path in state s.
func meta(n *Node, path string, s model.State) model.Meta {
	return model.Meta{State: s, Range: n.Range, Path: path, Refs: n.Refs, Origins: n.Origins, Reason: n.Reason}
}

// describe names the kind of a node for messages.
func describe(n *Node) string {
	switch n.Kind {
	case KindObject:
		return "an object"
	case KindList:
		return "a list"
	case KindString:
		return "a string"
	case KindScalar:
		if n.Null {
			return "null"
		}
		return n.Str
	}
	return "a value of no known kind"
}

func (b *builder) document(root *Node, path string) model.PolicyDocument {
	if root == nil {
		m := model.Meta{State: model.Unknown, Path: path, Reason: "the policy is empty"}
		return model.PolicyDocument{Meta: m, Version: model.Value[string]{Meta: m}, ID: model.Value[string]{Meta: m}}
	}
	path = pathOf(root, path)
	doc := model.PolicyDocument{Meta: meta(root, path, model.Known)}
	doc.Version = b.str(root.Get("Version"), root, join(path, "Version"))
	doc.ID = b.str(root.Get("Id"), root, join(path, "Id"))
	unknown := func(reason string) model.PolicyDocument {
		doc.State, doc.Reason = model.Unknown, reason
		return doc
	}
	switch root.Kind {
	case KindUnknown:
		return unknown(root.Reason)
	case KindObject:
	default:
		reason := fmt.Sprintf("the policy is %s, not a JSON object", describe(root))
		b.warn(root.Range, "Invalid policy document", upperFirst(reason)+".")
		return unknown(reason)
	}
	for _, f := range root.Fields {
		switch f.Key {
		case "Version", "Id", "Statement":
		default:
			b.warn(f.KeyRange, "Unknown policy element", fmt.Sprintf("%q is not an element of a policy document; AWS rejects the policy.", f.Key))
		}
	}
	st := root.Get("Statement")
	if st == nil {
		reason := "the policy has no Statement"
		b.warn(root.Range, "Policy without statements", upperFirst(reason)+"; AWS rejects it.")
		return unknown(reason)
	}
	sp := pathOf(st, join(path, "Statement"))
	switch st.Kind {
	case KindObject:
		doc.Statements = []model.Statement{b.statement(st, sp)}
	case KindList:
		doc.Statements = make([]model.Statement, 0, len(st.Items))
		for i, item := range st.Items {
			doc.Statements = append(doc.Statements, b.statement(item, index(sp, i)))
		}
	case KindUnknown:
		doc.Statements = []model.Statement{unknownStatement(st, sp, "")}
	default:
		reason := fmt.Sprintf("Statement is %s, not an object or a list of objects", describe(st))
		b.warn(st.Range, "Invalid policy statement", upperFirst(reason)+".")
		doc.Statements = []model.Statement{unknownStatement(st, sp, reason)}
	}
	return doc
}

// unknownStatement is a statement that could not be read: it and every
// part of it are Unknown with reason.
func unknownStatement(n *Node, path, reason string) model.Statement {
	m := meta(n, path, model.Unknown)
	if reason != "" {
		m.Reason = reason
	}
	part := func(name string) model.Meta {
		pm := m
		pm.Path = join(path, name)
		return pm
	}
	principals := func(name string) model.Principals {
		return model.Principals{Meta: part(name), Wildcard: model.Value[bool]{Meta: part(name + ".*")}}
	}
	return model.Statement{Meta: m,
		Sid: model.Value[string]{Meta: part("Sid")}, Effect: model.Value[string]{Meta: part("Effect")},
		Actions: model.StringList{Meta: part("Action")}, NotActions: model.StringList{Meta: part("NotAction")},
		Resources: model.StringList{Meta: part("Resource")}, NotResources: model.StringList{Meta: part("NotResource")},
		Principals: principals("Principal"), NotPrincipals: principals("NotPrincipal"),
		Conditions: model.Conditions{Meta: part("Condition")},
	}
}

// statementFields are the elements a statement may have.
var statementFields = map[string]bool{
	"Sid": true, "Effect": true, "Action": true, "NotAction": true, "Resource": true, "NotResource": true,
	"Principal": true, "NotPrincipal": true, "Condition": true,
}

func (b *builder) statement(n *Node, path string) model.Statement {
	path = pathOf(n, path)
	switch n.Kind {
	case KindObject:
	case KindUnknown:
		return unknownStatement(n, path, "")
	default:
		reason := fmt.Sprintf("the statement is %s, not an object", describe(n))
		b.warn(n.Range, "Invalid policy statement", upperFirst(reason)+".")
		return unknownStatement(n, path, reason)
	}
	for _, f := range n.Fields {
		if !statementFields[f.Key] {
			reason := fmt.Sprintf("the statement has the element %q, which a policy statement does not have", f.Key)
			b.warn(f.KeyRange, "Unknown statement element", upperFirst(reason)+"; AWS rejects the policy.")
			return unknownStatement(n, path, reason)
		}
	}
	s := model.Statement{Meta: meta(n, path, model.Known)}
	s.Sid = b.str(n.Get("Sid"), n, join(path, "Sid"))
	s.Effect = b.str(n.Get("Effect"), n, join(path, "Effect"))
	var bad []string
	list := func(name string) model.StringList {
		l, reason := b.strings(n.Get(name), n, join(path, name), name)
		if reason != "" {
			bad = append(bad, reason)
		}
		return l
	}
	s.Actions, s.NotActions = list("Action"), list("NotAction")
	s.Resources, s.NotResources = list("Resource"), list("NotResource")
	s.Principals = b.principals(n.Get("Principal"), n, join(path, "Principal"))
	s.NotPrincipals = b.principals(n.Get("NotPrincipal"), n, join(path, "NotPrincipal"))
	s.Conditions = b.conditions(n.Get("Condition"), n, join(path, "Condition"))
	if len(bad) > 0 {
		return unknownStatement(n, path, bad[0])
	}
	return s
}

// str reads a string element of owner: Absent at owner when n is nil.
func (b *builder) str(n, owner *Node, path string) model.Value[string] {
	if n == nil {
		return model.AbsentValue("", owner.Range, path)
	}
	path = pathOf(n, path)
	switch n.Kind {
	case KindString:
		return model.Value[string]{Value: n.Str, Meta: meta(n, path, model.Known)}
	case KindUnknown:
		return model.Value[string]{Meta: meta(n, path, model.Unknown)}
	}
	reason := fmt.Sprintf("%s is %s, not a string", lastElem(path), describe(n))
	b.warn(n.Range, "Invalid policy element", upperFirst(reason)+".")
	m := meta(n, path, model.Unknown)
	m.Reason = reason
	return model.Value[string]{Meta: m}
}

// strings reads a string-or-list element of owner. A value of the wrong
// type is reported and returned as the reason the statement is unknown.
func (b *builder) strings(n, owner *Node, path, name string) (model.StringList, string) {
	if n == nil {
		return model.StringList{Meta: model.Meta{State: model.Absent, Range: owner.Range, Path: path}}, ""
	}
	path = pathOf(n, path)
	switch n.Kind {
	case KindString:
		return model.StringList{Meta: meta(n, path, model.Known), Values: []model.Value[string]{b.item(n, index(path, 0))}}, ""
	case KindUnknown:
		return model.StringList{Meta: meta(n, path, model.Unknown)}, ""
	case KindList:
		l := model.StringList{Meta: meta(n, path, model.Known), Values: make([]model.Value[string], 0, len(n.Items))}
		for i, item := range n.Items {
			switch item.Kind {
			case KindString, KindUnknown:
				l.Values = append(l.Values, b.item(item, index(path, i)))
			default:
				reason := fmt.Sprintf("%s has an element that is %s, not a string", name, describe(item))
				b.warn(item.Range, "Invalid policy element", upperFirst(reason)+".")
				return l, reason
			}
		}
		return l, ""
	}
	reason := fmt.Sprintf("%s is %s, not a string or a list of strings", name, describe(n))
	b.warn(n.Range, "Invalid policy element", upperFirst(reason)+".")
	return model.StringList{Meta: meta(n, path, model.Unknown)}, reason
}

// item is one string of a list: a string or an unknown node.
func (b *builder) item(n *Node, path string) model.Value[string] {
	path = pathOf(n, path)
	if n.Kind == KindUnknown {
		return model.Value[string]{Meta: meta(n, path, model.Unknown)}
	}
	return model.Value[string]{Value: n.Str, Meta: meta(n, path, model.Known)}
}

func lastElem(path string) string {
	for i := len(path) - 1; i >= 0; i-- {
		if path[i] == '.' {
			return path[i+1:]
		}
	}
	return path
}

// principals reads a Principal or NotPrincipal element: "*" or a map of
// principal type to a string or a list of strings.
func (b *builder) principals(n, owner *Node, path string) model.Principals {
	if n == nil {
		return model.Principals{Meta: model.Meta{State: model.Absent, Range: owner.Range, Path: path},
			Wildcard: model.AbsentValue(false, owner.Range, join(path, "*"))}
	}
	path = pathOf(n, path)
	p := model.Principals{Meta: meta(n, path, model.Known), Wildcard: model.AbsentValue(false, n.Range, join(path, "*"))}
	unknown := func(reason string) model.Principals {
		p.State, p.Reason, p.Entries = model.Unknown, reason, nil
		b.warn(n.Range, "Invalid principal", upperFirst(reason)+".")
		return p
	}
	switch n.Kind {
	case KindUnknown:
		p.State = model.Unknown
		return p
	case KindString:
		if n.Str != "*" {
			return unknown(fmt.Sprintf("%s is the string %q; only \"*\" may be written without a principal type", lastElem(path), n.Str))
		}
		p.Wildcard = model.Value[bool]{Value: true, Meta: meta(n, path, model.Known)}
		return p
	case KindObject:
	default:
		return unknown(fmt.Sprintf("%s is %s, not \"*\" or a map of principal types", lastElem(path), describe(n)))
	}
	for _, f := range n.Fields {
		switch f.Key {
		case model.PrincipalAWS, model.PrincipalService, model.PrincipalFederated, model.PrincipalCanonicalUser:
		default:
			return unknown(fmt.Sprintf("%s has the principal type %q, which is not AWS, Service, Federated or CanonicalUser", lastElem(path), f.Key))
		}
		tp := join(path, f.Key)
		ids, reason := b.strings(f.Value, n, tp, lastElem(path)+"."+f.Key)
		if reason != "" {
			return unknown(reason)
		}
		p.Entries = append(p.Entries, model.PrincipalEntry{
			Type: model.Value[string]{Value: f.Key, Meta: model.Meta{State: model.Known, Range: f.KeyRange, Path: tp}},
			IDs:  ids,
		})
	}
	return p
}

// conditions reads a Condition element: a map of operator to a map of key
// to a value or a list of values.
func (b *builder) conditions(n, owner *Node, path string) model.Conditions {
	if n == nil {
		return model.Conditions{Meta: model.Meta{State: model.Absent, Range: owner.Range, Path: path}}
	}
	path = pathOf(n, path)
	c := model.Conditions{Meta: meta(n, path, model.Known)}
	unknown := func(at *Node, reason string) model.Conditions {
		c.State, c.Reason, c.Items = model.Unknown, reason, nil
		b.warn(at.Range, "Invalid condition", upperFirst(reason)+".")
		return c
	}
	switch n.Kind {
	case KindUnknown:
		c.State = model.Unknown
		return c
	case KindObject:
	default:
		return unknown(n, fmt.Sprintf("Condition is %s, not a map of condition operators", describe(n)))
	}
	for _, op := range n.Fields {
		opPath := join(path, op.Key)
		ov := op.Value
		switch ov.Kind {
		case KindObject:
		case KindUnknown:
			c.State, c.Reason, c.Items = model.Unknown, ov.Reason, nil
			c.Range, c.Refs = ov.Range, ov.Refs
			return c
		default:
			return unknown(ov, fmt.Sprintf("condition operator %s is %s, not a map of condition keys", op.Key, describe(ov)))
		}
		q, base, ifExists := model.ParseConditionOperator(op.Key)
		for _, k := range ov.Fields {
			kp := join(opPath, k.Key)
			values, reason := b.conditionValues(k.Value, ov, kp, op.Key+" "+k.Key)
			if reason != "" {
				return unknown(k.Value, reason)
			}
			c.Items = append(c.Items, model.Condition{
				Operator:     model.Value[string]{Value: op.Key, Meta: model.Meta{State: model.Known, Range: op.KeyRange, Path: opPath}},
				Base:         base,
				IfExists:     ifExists,
				SetQualifier: q,
				Key:          model.Value[string]{Value: k.Key, Meta: model.Meta{State: model.Known, Range: k.KeyRange, Path: kp}},
				Values:       values,
			})
		}
	}
	return c
}

// conditionValues reads the values of one condition key: strings, numbers
// and booleans, alone or in a list.
func (b *builder) conditionValues(n, owner *Node, path, name string) (model.StringList, string) {
	scalar := func(m *Node) bool { return m.Kind == KindScalar && !m.Null }
	if scalar(n) {
		return model.StringList{Meta: meta(n, path, model.Known), Values: []model.Value[string]{
			{Value: n.Str, Meta: meta(n, index(path, 0), model.Known)}}}, ""
	}
	if n.Kind == KindList {
		l := model.StringList{Meta: meta(n, path, model.Known)}
		for i, item := range n.Items {
			switch {
			case scalar(item):
				l.Values = append(l.Values, model.Value[string]{Value: item.Str, Meta: meta(item, index(path, i), model.Known)})
			case item.Kind == KindString || item.Kind == KindUnknown:
				l.Values = append(l.Values, b.item(item, index(path, i)))
			default:
				return l, fmt.Sprintf("condition %s has a value that is %s", name, describe(item))
			}
		}
		return l, ""
	}
	if n.Kind == KindObject || (n.Kind == KindScalar && n.Null) {
		return model.StringList{}, fmt.Sprintf("condition %s is %s, not a value or a list of values", name, describe(n))
	}
	return b.strings(n, owner, path, name)
}

// upperFirst capitalises the first byte of an ASCII sentence.
func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
