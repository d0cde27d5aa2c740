package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// Resource types of access control the parser models.
const (
	typeBucket       = "AWS::S3::Bucket"
	typeBucketPolicy = "AWS::S3::BucketPolicy"
	typeVPCEndpoint  = "AWS::EC2::VPCEndpoint"
)

// pathAccessBlock is a bucket's public-access block configuration.
const pathAccessBlock = "PublicAccessBlockConfiguration"

// accessBlockProps are the properties of PublicAccessBlockConfiguration,
// in the order of model.AccessBlockConfig.Settings.
var accessBlockProps = []string{"BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"}

// buildBucket reads an AWS::S3::Bucket and its public-access block.
func (t *template) buildBucket(res model.Resource, o *object) {
	b := &model.Bucket{
		Resource:    res,
		Name:        t.stringProp(o, "", "BucketName", "", res.Range),
		AccessBlock: t.accessBlock(o, res.Range),
		Policy:      t.policyDocument(nil, res.Range, typeBucketPolicy),
	}
	if m, ok := o.get("BucketName"); ok && b.Name.IsUnknown() {
		b.NameText, _ = m.val.pattern()
	}
	t.proj.Add(b)
}

// accessBlock reads PublicAccessBlockConfiguration: Absent at the bucket
// when not written, each setting false when left out of it.
func (t *template) accessBlock(o *object, owner model.Range) model.AccessBlockConfig {
	c := model.AccessBlockConfig{}
	m, ok := o.get(pathAccessBlock)
	if !ok {
		c.Meta = model.Meta{State: model.Absent, Range: owner, Path: pathAccessBlock}
		for i, s := range c.Settings() {
			*s = model.AbsentValue(false, owner, pathAccessBlock+"."+accessBlockProps[i])
		}
		return c
	}
	spec, ok := m.val.obj()
	if !ok {
		c.Meta = t.meta(m.val, model.Unknown, pathAccessBlock)
		c.Reason = reasonOf(m.val, pathAccessBlock+" is not a mapping")
		for i, s := range c.Settings() {
			*s = model.UnknownValue[bool](c.Range, pathAccessBlock+"."+accessBlockProps[i], c.Reason)
		}
		return c
	}
	c.Meta = model.Meta{State: model.Known, Range: t.src.rng(m.key), Path: pathAccessBlock}
	for i, s := range c.Settings() {
		*s = t.boolProp(spec, pathAccessBlock, accessBlockProps[i], c.Range)
	}
	return c
}

// buildBucketPolicy reads an AWS::S3::BucketPolicy; Link finds its bucket.
func (t *template) buildBucketPolicy(res model.Resource, o *object) {
	t.proj.Add(&model.BucketPolicy{
		Resource: res,
		Bucket:   t.stringProp(o, "", "Bucket", "", res.Range),
		Policy:   t.docProp(o, "PolicyDocument", res.Range),
	})
}

// buildVPCEndpoint reads an AWS::EC2::VPCEndpoint.
func (t *template) buildVPCEndpoint(res model.Resource, o *object) {
	e := &model.VPCEndpoint{
		Resource:    res,
		ServiceName: t.stringProp(o, "", "ServiceName", "", res.Range),
		Type:        t.stringProp(o, "", "VpcEndpointType", "Gateway", res.Range),
		Policy:      t.docProp(o, "PolicyDocument", res.Range),
	}
	e.Service = model.Value[string]{Meta: e.ServiceName.Meta}
	if m, ok := o.get("ServiceName"); ok {
		if s, ok := m.val.pattern(); ok {
			if svc := model.ServiceOfName(s); svc != "" {
				e.Service.Value, e.Service.State, e.Service.Reason = svc, model.Known, ""
			}
		}
	}
	t.proj.Add(e)
}

// docProp reads the policy document property name of o.
func (t *template) docProp(o *object, name string, owner model.Range) model.PolicyDocument {
	var v *val
	if m, ok := o.get(name); ok {
		v = m.val
	}
	return t.policyDocument(v, owner, name)
}

// tablePolicies adds the resource policies written on a table or on one
// of its replicas (prefix Replicas[LABEL].): ResourcePolicy, and that of
// the stream in streamSpec (StreamSpecification or
// ReplicaStreamSpecification). They have the table's identity.
func (t *template) tablePolicies(res model.Resource, o *object, prefix, replica, streamSpec string) {
	add := func(spec *object, at string, stream bool) {
		m, ok := spec.get("ResourcePolicy")
		if !ok {
			return
		}
		path := join(at, "ResourcePolicy")
		rp := &model.ResourcePolicy{
			Resource:     res,
			ResourceARN:  model.AbsentValue("", t.src.rng(m.key), path),
			TableAddress: res.Address,
			Stream:       stream,
			Replica:      replica,
		}
		if po, ok := m.val.obj(); ok {
			rp.Policy = t.docProp(po, "PolicyDocument", t.src.rng(m.key))
			rp.Policy.Path = join(path, "PolicyDocument")
		} else {
			rp.Policy = model.PolicyDocument{Meta: t.meta(m.val, model.Unknown, join(path, "PolicyDocument"))}
			rp.Policy.Reason = reasonOf(m.val, path+" is not a mapping")
		}
		t.proj.Add(rp)
	}
	add(o, prefix, false)
	if m, ok := o.get(streamSpec); ok {
		if spec, ok := m.val.obj(); ok {
			add(spec, join(prefix, streamSpec), true)
		}
	}
}

// replicaPolicies adds the resource policies of the replicas of a global
// table.
func (t *template) replicaPolicies(res model.Resource, tbl *model.Table, o *object) {
	m, ok := o.get("Replicas")
	if !ok {
		return
	}
	items, _ := m.val.list()
	for _, it := range items {
		ro, ok := it.obj()
		if !ok {
			continue
		}
		label := ""
		for _, r := range tbl.Replicas {
			if r.Range == t.src.rng(it.node) {
				label = r.Label
			}
		}
		t.tablePolicies(res, ro, "Replicas["+label+"]", label, "ReplicaStreamSpecification")
	}
}
