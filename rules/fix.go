package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// SuggestedFix is a change of the source that fixes a finding, as
// golang.org/x/tools/go/analysis has: a description and the byte-range
// edits that make it.
type SuggestedFix struct {
	// Description says what the fix changes, in a phrase: "set
	// point_in_time_recovery.enabled = true".
	Description string `json:"description"`
	// Edits replace byte ranges of files; each carries the text it expects
	// to replace, so a file that changed since the scan is detected.
	Edits []TextEdit `json:"edits"`
	// ReplacesResource is set when applying the fix makes AWS replace the
	// resource (destroy and create it again).
	ReplacesResource bool `json:"replaces_resource,omitempty"`
	// AtOrigin is set when the fix changes the input the value came from
	// rather than the resource; Notes then say who else uses that input.
	AtOrigin bool `json:"at_origin,omitempty"`
	// Notes are sentences a reviewer should read before applying the fix.
	Notes []string `json:"notes,omitempty"`
}

// TextEdit replaces the bytes of Range (from Start.Byte up to End.Byte; an
// empty range inserts) with New. Old is the text the range held when the
// edit was made.
type TextEdit struct {
	Range model.Range `json:"range"`
	Old   string      `json:"old"`
	New   string      `json:"new"`
}

// Ref is a change's value that references an attribute of a resource of
// the same module or template: aws_kms_key.orders.arn, !GetAtt OrdersKey.Arn.
type Ref struct {
	// Address is the resource's address in its module (without module
	// path) or its logical ID.
	Address   string
	Attribute string
	Kind      model.SourceKind
}

// String renders the reference in its format.
func (r Ref) String() string {
	if r.Kind == model.CloudFormation {
		return "!GetAtt " + r.Address + "." + r.Attribute
	}
	return r.Address + "." + r.Attribute
}

// DenyInsecureTransport is a change's value that appends, after the
// statement the change is at, a statement denying every S3 action on
// Bucket and its objects when aws:SecureTransport is false.
type DenyInsecureTransport struct {
	Bucket Ref
}

// Change is what a rule asks to change to fix a finding: the attribute of
// At (its path in the file's dialect, its state and origins) on resource
// Resource set to Value (a bool or a string). Package fix turns it into
// edits of the source.
type Change struct {
	Resource model.Resource
	At       model.Meta
	Value    any // bool, string or Ref
	// Replaces is set when the change makes AWS replace the resource.
	Replaces bool
}

// Description is the change in the file's dialect: "set
// point_in_time_recovery { enabled = true }".
func (c *Change) Description() string {
	if _, ok := c.Value.(DenyInsecureTransport); ok {
		return "add a statement that denies s3:* when aws:SecureTransport is false"
	}
	v := fmt.Sprint(c.Value)
	if s, ok := c.Value.(string); ok && c.Resource.Kind != model.CloudFormation {
		v = fmt.Sprintf("%q", s)
	}
	return "set " + c.Resource.Kind.Setting(c.At.Path, v)
}

// ReportFix is Report with the changes that fix the finding.
func (p *Pass) ReportFix(res model.Resource, at model.Meta, fix []Change, format string, args ...any) {
	p.Report(res, at, format, args...)
	p.last().Changes = fix
}

// set is the change of the attribute of at on res to value.
func set(res model.Resource, at model.Meta, value any) []Change {
	return []Change{{Resource: res, At: at, Value: value}}
}

// replacing marks changes that make AWS replace the resource.
func replacing(cs []Change) []Change {
	for i := range cs {
		cs[i].Replaces = true
	}
	return cs
}

// reportCMKFix reports a finding on the key of table t with the changes
// that encrypt it with the chosen customer managed key, or the reason no
// key can be chosen.
func reportCMKFix(p *Pass, t *model.Table, format string, args ...any) {
	changes, reason := cmkChanges(p, t)
	p.Report(t.Resource, t.Encryption.Meta, format, args...)
	f := p.last()
	f.Changes, f.NoFix = changes, reason
}

// modulePrefix is the module path of a Terraform address
// ("module.db[\"a\"]." of module.db["a"].aws_kms_key.k), "" in a root module.
func modulePrefix(addr string) string {
	base := (&model.Resource{Address: addr}).BaseAddress()
	parts := strings.Split(base, ".")
	if len(parts) < 2 {
		return ""
	}
	return strings.TrimSuffix(base, parts[len(parts)-2]+"."+parts[len(parts)-1])
}

// chooseKey returns the customer managed key that a fix of res names: the
// one given with --kms-key, else the only key declared beside res (in its
// module instance, or its template); an empty reason means found.
func chooseKey(p *Pass, res model.Resource) (any, string) {
	prefix := ""
	if res.Kind == model.Terraform {
		prefix = modulePrefix(res.Address)
	}
	var keys []string
	for _, k := range p.fixKeys()[keyGroup{res.Kind, res.Scope, prefix}] {
		keys = append(keys, strings.TrimPrefix(k, prefix))
	}
	attr := "arn"
	if res.Kind == model.CloudFormation {
		attr = "Arn"
	}
	switch want := p.Settings.FixKMSKey; {
	case strings.HasPrefix(want, "arn:"):
		return want, ""
	case want != "":
		if slices.Contains(keys, want) {
			return Ref{Address: want, Attribute: attr, Kind: res.Kind}, ""
		}
		return nil, fmt.Sprintf("--kms-key %s is not a customer managed key declared beside %s", want, res.Address)
	case len(keys) == 1:
		return Ref{Address: keys[0], Attribute: attr, Kind: res.Kind}, ""
	case len(keys) == 0:
		return nil, "no customer managed key is declared beside " + res.Address + "; name one with dynamoguard fix --kms-key ADDRESS|ARN"
	}
	return nil, fmt.Sprintf("%d customer managed keys are declared beside %s (%s); choose one with dynamoguard fix --kms-key ADDRESS|ARN",
		len(keys), res.Address, strings.Join(keys, ", "))
}

// keyGroup is where a fix looks for a customer managed key: the source kind
// and scope of the resource, and for Terraform its module instance prefix.
type keyGroup struct {
	kind          model.SourceKind
	scope, prefix string
}

// fixKeys are the addresses of the project's customer managed keys that a
// fix may name, by the group they are declared in: keys with a file, and in
// Terraform not an instance of count or for_each. They are indexed once per
// run, so that choosing a key costs the keys of one group, not all of them.
func (p *Pass) fixKeys() map[keyGroup][]string {
	if p.shared == nil {
		p.shared = &runShared{}
	}
	p.shared.keysOnce.Do(func() {
		p.shared.keys = map[keyGroup][]string{}
		for _, k := range p.Project.KMS.Keys {
			if k.Range.Filename == "" {
				continue
			}
			g := keyGroup{kind: k.Kind, scope: k.Scope}
			if k.Kind == model.Terraform {
				if k.BaseAddress() != k.Address {
					continue
				}
				g.prefix = modulePrefix(k.Address)
			}
			p.shared.keys[g] = append(p.shared.keys[g], k.Address)
		}
	})
	return p.shared.keys
}

// cmkChanges are the changes that encrypt table t with the customer
// managed key of chooseKey, or the reason there are none.
func cmkChanges(p *Pass, t *model.Table) ([]Change, string) {
	key, reason := chooseKey(p, t.Resource)
	if reason != "" {
		return nil, reason
	}
	enabled := t.SSEEnabled.Meta
	keyAt := t.Encryption.Meta
	keyAt.Origins = nil // the key is written in the resource; a reference cannot go in an input
	var cs []Change
	on := t.SSEEnabled.IsKnown() && t.SSEEnabled.Value
	if t.Kind == model.CloudFormation {
		enabled.Path, keyAt.Path = "SSESpecification.SSEEnabled", "SSESpecification.KMSMasterKeyId"
		if !on {
			cs = append(cs, Change{Resource: t.Resource, At: enabled, Value: true})
		}
		return append(cs,
			Change{Resource: t.Resource, At: model.Meta{State: model.Absent, Path: "SSESpecification.SSEType"}, Value: "KMS"},
			Change{Resource: t.Resource, At: keyAt, Value: key},
		), ""
	}
	enabled.Path, keyAt.Path = "server_side_encryption.enabled", "server_side_encryption.kms_key_arn"
	if !on {
		cs = append(cs, Change{Resource: t.Resource, At: enabled, Value: true})
	}
	return append(cs, Change{Resource: t.Resource, At: keyAt, Value: key}), ""
}

// transportChange is the change that adds the deny-insecure-transport
// statement to policy document doc of resource res about bucket b, or the
// reason there is none.
func transportChange(res model.Resource, doc *model.PolicyDocument, b *model.Bucket) ([]Change, string) {
	if len(doc.Statements) == 0 || !doc.Statements[len(doc.Statements)-1].IsKnown() {
		return nil, "the policy has no statement to add one after; add the statement by hand"
	}
	if res.Kind == model.Terraform && modulePrefix(res.Address) != modulePrefix(b.Address) {
		return nil, "the bucket is declared in another module than its policy; add the statement by hand"
	}
	bucket := Ref{Address: strings.TrimPrefix(b.BaseAddress(), modulePrefix(b.Address)), Attribute: "arn", Kind: res.Kind}
	if res.Kind == model.CloudFormation {
		bucket.Attribute = "Arn"
	}
	at := doc.Statements[len(doc.Statements)-1].Meta
	at.Path = "Statement"
	return []Change{{Resource: res, At: at, Value: DenyInsecureTransport{Bucket: bucket}}}, ""
}
