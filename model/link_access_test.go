package model

import "testing"

func TestBucketNameOf(t *testing.T) {
	for in, want := range map[string]string{
		"orders-exports":                                  "orders-exports",
		"arn:aws:s3:::orders-exports":                     "orders-exports",
		"arn:aws-cn:s3:::orders-exports/a/b/*":            "orders-exports",
		"arn:aws:dynamodb:us-east-1:1:table/t":            "",
		"arn:aws:s3:::orders-*/*":                         "orders-*",
		"arn:${AWS::Partition}:s3:::exports/*":            "exports",
		"arn:aws:s3:us-east-1:111122223333:accesspoint/x": "",
	} {
		if got := BucketNameOf(in); got != want {
			t.Errorf("BucketNameOf(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServiceOfName(t *testing.T) {
	for in, want := range map[string]string{
		"com.amazonaws.eu-west-1.dynamodb":      "dynamodb",
		"com.amazonaws.${AWS::Region}.dynamodb": "dynamodb",
		"com.amazonaws.eu-west-1.s3":            "s3",
		"com.amazonaws.eu-west-1.${Service}":    "",
		"dynamodb":                              "dynamodb",
		"":                                      "",
	} {
		if got := ServiceOfName(in); got != want {
			t.Errorf("ServiceOfName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestIsStreamARN(t *testing.T) {
	if !IsStreamARN("arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2024-01-01T00:00:00.000") {
		t.Error("a stream ARN is not one")
	}
	if IsStreamARN("arn:aws:dynamodb:us-east-1:111122223333:table/orders") {
		t.Error("a table ARN is a stream ARN")
	}
}

// TestLinkAccess links policies, blocks, exports and key and endpoint
// policies by reference, and buckets by name across scopes; a value that
// names two buckets links to neither.
func TestLinkAccess(t *testing.T) {
	res := func(typ, addr, scope string) Resource {
		return Resource{Kind: Terraform, Type: typ, Address: addr, Scope: scope}
	}
	ref := func(addr string) Value[string] {
		return Value[string]{Meta: Meta{State: Unknown, Refs: []Ref{{Address: addr}}}}
	}
	lit := func(s string) Value[string] { return KnownValue(s, Range{}, "bucket") }
	b := &Bucket{Resource: res("aws_s3_bucket", "module.m.aws_s3_bucket.b", "root"), Name: lit("orders-exports")}
	other := &Bucket{Resource: res("aws_s3_bucket", "aws_s3_bucket.o", "root"), Name: lit("other")}
	byRef := &BucketPolicy{Resource: res("aws_s3_bucket_policy", "aws_s3_bucket_policy.p", "root"), Bucket: ref("module.m.aws_s3_bucket.b")}
	byName := &BucketPolicy{Resource: res("aws_s3_bucket_policy", "aws_s3_bucket_policy.q", "elsewhere"),
		Bucket: lit("arn:aws:s3:::orders-exports")}
	both := &PublicAccessBlock{Resource: res("aws_s3_bucket_public_access_block", "aws_s3_bucket_public_access_block.x", "root"),
		Bucket: Value[string]{Meta: Meta{State: Unknown, Refs: []Ref{{Address: "module.m.aws_s3_bucket.b"}, {Address: "aws_s3_bucket.o"}}}}}
	export := &TableExport{Resource: res("aws_dynamodb_table_export", "aws_dynamodb_table_export.e", "root"), S3Bucket: lit("orders-exports")}
	key := &KMSKey{Resource: res("aws_kms_key", "aws_kms_key.k", "root")}
	kp := &KMSKeyPolicy{Resource: res("aws_kms_key_policy", "aws_kms_key_policy.k", "root"), KeyID: ref("aws_kms_key.k")}
	ep := &VPCEndpoint{Resource: res("aws_vpc_endpoint", "aws_vpc_endpoint.e", "root")}
	epp := &VPCEndpointPolicy{Resource: res("aws_vpc_endpoint_policy", "aws_vpc_endpoint_policy.e", "root"), EndpointID: ref("aws_vpc_endpoint.e")}
	p := &Project{}
	for _, r := range []Resourcer{b, other, byRef, byName, both, export, key, kp, ep, epp} {
		p.Add(r)
	}
	Link(p)
	if byRef.Target != b || byName.Target != b || len(b.Policies) != 2 {
		t.Errorf("bucket policies not linked: %v %v %d", byRef.Target, byName.Target, len(b.Policies))
	}
	if both.Target != nil || len(b.AccessBlocks)+len(other.AccessBlocks) != 0 {
		t.Error("a block naming two buckets was linked to one")
	}
	if len(b.Exports) != 1 || b.Exports[0] != export {
		t.Error("export not linked to its bucket by name")
	}
	if kp.Target != key || len(key.KeyPolicies) != 1 || epp.Target != ep || len(ep.Policies) != 1 {
		t.Error("key or endpoint policy not linked")
	}
}
