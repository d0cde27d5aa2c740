package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var bucketSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "bucket"}, {Name: "policy"}},
}

// attributes reads the attributes of schema from the body of r.
func (l *loader) attributes(r *resourceBlock, schema *hcl.BodySchema) hcl.Attributes {
	content, _, diags := r.block.Body.PartialContent(schema)
	l.addHCLDiags(diags, r.block.DefRange.Filename)
	return content.Attributes
}

// pathAccessBlock is the path of a Terraform bucket's public-access block,
// which is a resource of its own: the bucket's AccessBlock is Absent.
const pathAccessBlock = "aws_s3_bucket_public_access_block"

// buildBucket builds one instance of an aws_s3_bucket; its legacy policy
// argument is a bucket policy of its own.
func (l *loader) buildBucket(r *resourceBlock, in instance) {
	attrs := l.attributes(r, bucketSchema)
	owner := r.block.DefRange
	b := &model.Bucket{
		Resource:    l.resource(r, in.address),
		Name:        l.stringValue(attrs["bucket"], in.ctx, "", owner, "bucket"),
		AccessBlock: absentAccessBlock(toRange(owner), pathAccessBlock),
		Policy:      l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	}
	if b.Name.IsUnknown() {
		b.NameText = l.templateText(attrs["bucket"].Expr, in.ctx)
	}
	l.t.proj.Add(b)
}

// absentAccessBlock is a public-access block configuration not written,
// at the range of its owner.
func absentAccessBlock(owner model.Range, path string) model.AccessBlockConfig {
	c := model.AccessBlockConfig{Meta: model.Meta{State: model.Absent, Range: owner, Path: path}}
	for i, s := range c.Settings() {
		*s = model.AbsentValue(false, owner, path+"."+accessBlockArgs[i])
	}
	return c
}

// accessBlockArgs are the arguments of aws_s3_bucket_public_access_block,
// in the order of model.AccessBlockConfig.Settings.
var accessBlockArgs = []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"}

var accessBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "bucket"}, {Name: accessBlockArgs[0]}, {Name: accessBlockArgs[1]}, {Name: accessBlockArgs[2]}, {Name: accessBlockArgs[3]},
	},
}

// buildPublicAccessBlock builds one instance of an
// aws_s3_bucket_public_access_block; model.Link finds its bucket.
func (l *loader) buildPublicAccessBlock(r *resourceBlock, in instance) {
	attrs := l.attributes(r, accessBlockSchema)
	owner := r.block.DefRange
	res := l.resource(r, in.address)
	c := model.AccessBlockConfig{Meta: model.Meta{State: model.Known, Range: res.Range, Path: pathAccessBlock}}
	for i, s := range c.Settings() {
		*s = l.boolValue(attrs[accessBlockArgs[i]], in.ctx, false, owner, accessBlockArgs[i])
	}
	l.t.proj.Add(&model.PublicAccessBlock{
		Resource: res,
		Bucket:   l.stringValue(attrs["bucket"], in.ctx, "", owner, "bucket"),
		Config:   c,
	})
}

var accountAccessBlockSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: accessBlockArgs[0]}, {Name: accessBlockArgs[1]}, {Name: accessBlockArgs[2]}, {Name: accessBlockArgs[3]},
	},
}

// buildAccountAccessBlock builds one instance of an
// aws_s3_account_public_access_block, which covers every bucket of the
// account.
func (l *loader) buildAccountAccessBlock(r *resourceBlock, in instance) {
	attrs := l.attributes(r, accountAccessBlockSchema)
	owner := r.block.DefRange
	res := l.resource(r, in.address)
	c := model.AccessBlockConfig{Meta: model.Meta{State: model.Known, Range: res.Range, Path: r.typ}}
	for i, s := range c.Settings() {
		*s = l.boolValue(attrs[accessBlockArgs[i]], in.ctx, false, owner, accessBlockArgs[i])
	}
	l.t.proj.Add(&model.PublicAccessBlock{
		Resource: res,
		Account:  true,
		Bucket:   model.AbsentValue("", toRange(owner), "bucket"),
		Config:   c,
	})
}

var bucketPolicySchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "bucket"}, {Name: "policy"}},
}

// buildBucketPolicy builds one instance of an aws_s3_bucket_policy;
// model.Link finds its bucket.
func (l *loader) buildBucketPolicy(r *resourceBlock, in instance) {
	attrs := l.attributes(r, bucketPolicySchema)
	owner := r.block.DefRange
	l.t.proj.Add(&model.BucketPolicy{
		Resource: l.resource(r, in.address),
		Bucket:   l.stringValue(attrs["bucket"], in.ctx, "", owner, "bucket"),
		Policy:   l.policyDocument(attrs["policy"], in.ctx, owner, "policy"),
	})
}
