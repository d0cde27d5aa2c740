package model

import (
	"reflect"
	"slices"
	"strings"
)

// linkAccess resolves the links of the access-control resources: a bucket
// policy, public-access block or table export to its bucket (by reference,
// or by a literal bucket name, in any scope: bucket names are global), a
// key policy to its key, an endpoint policy to its endpoint, and a table
// resource policy to its table.
func (x *Index) linkAccess(p *Project) {
	byName := map[string][]*Bucket{}
	for _, b := range p.S3.Buckets {
		if b.Name.IsKnown() && b.Name.Value != "" {
			byName[b.Name.Value] = append(byName[b.Name.Value], b)
		}
	}
	bucket := func(scope string, v Value[string]) *Bucket {
		if b := lookupRef[*Bucket](x, scope, v.Refs); b != nil {
			return b
		}
		if !v.IsKnown() || len(v.Refs) > 0 {
			return nil
		}
		if bs := byName[BucketNameOf(v.Value)]; len(bs) == 1 {
			return bs[0]
		}
		return nil
	}
	for _, bp := range p.S3.BucketPolicies {
		if bp.Target = bucket(bp.Scope, bp.Bucket); bp.Target != nil {
			bp.Target.Policies = append(bp.Target.Policies, bp)
		}
	}
	for _, pab := range p.S3.PublicAccessBlocks {
		if pab.Account {
			continue
		}
		if pab.Target = bucket(pab.Scope, pab.Bucket); pab.Target != nil {
			pab.Target.AccessBlocks = append(pab.Target.AccessBlocks, pab)
		}
	}
	for _, e := range p.DynamoDB.TableExports {
		if b := bucket(e.Scope, e.S3Bucket); b != nil {
			b.Exports = append(b.Exports, e)
		}
	}
	for _, kp := range p.KMS.KeyPolicies {
		if kp.Target = lookupRef[*KMSKey](x, kp.Scope, kp.KeyID.Refs); kp.Target != nil {
			kp.Target.KeyPolicies = append(kp.Target.KeyPolicies, kp)
		}
	}
	for _, ep := range p.EC2.VPCEndpointPolicies {
		if ep.Target = lookupRef[*VPCEndpoint](x, ep.Scope, ep.EndpointID.Refs); ep.Target != nil {
			ep.Target.Policies = append(ep.Target.Policies, ep)
		}
	}
	for _, rp := range p.DynamoDB.ResourcePolicies {
		if rp.TableAddress != "" {
			rp.Table, _ = x.Lookup(rp.Scope, rp.TableAddress).(*Table)
			continue
		}
		rp.Table = x.table(rp.Scope, rp.ResourceARN)
	}
}

// lookupRef returns the one resource of type T that refs name in scope:
// nil when none or several different ones do (a value chosen between two
// buckets is attached to neither for sure).
func lookupRef[T Resourcer](x *Index, scope string, refs []Ref) T {
	var found T
	n := 0
	for _, ref := range refs {
		if r, ok := x.Lookup(scope, ref.Address).(T); ok && (n == 0 || Resourcer(r) != Resourcer(found)) {
			found = r
			n++
		}
	}
	if n != 1 {
		var zero T
		return zero
	}
	return found
}

// BucketNameOf returns the bucket name of a bucket ARN
// (arn:aws:s3:::NAME or arn:aws:s3:::NAME/key, the partition possibly
// ${AWS::Partition}), or s itself when it is not an ARN; "" for an ARN of
// anything else.
func BucketNameOf(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return s
	}
	_, rest, ok := strings.Cut(s, ":s3:::")
	if !ok {
		return ""
	}
	name, _, _ := strings.Cut(rest, "/")
	return name
}

// KeyUsers returns, for every key resource that a KeyRef of the project
// resolves to, the resources whose KeyRefs name it, in project order. Link
// must have run.
func KeyUsers(p *Project) map[*KMSKey][]*Resource {
	out := map[*KMSKey][]*Resource{}
	for _, r := range p.Resources() {
		id := r.Identity()
		eachKeyRef(reflect.ValueOf(r).Elem(), func(k *KeyRef) {
			if k.Key != nil && !slices.Contains(out[k.Key], id) {
				out[k.Key] = append(out[k.Key], id)
			}
		})
	}
	return out
}
