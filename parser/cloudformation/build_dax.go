package cloudformation

import (
	"github.com/dynamoguard/dynamoguard/model"
)

const typeDAXCluster = "AWS::DAX::Cluster"

// buildDAXCluster reads an AWS::DAX::Cluster.
func (t *template) buildDAXCluster(res model.Resource, o *object) {
	t.proj.Add(&model.DAXCluster{
		Resource:           res,
		Name:               t.stringProp(o, "", "ClusterName", "", res.Range),
		SSEEnabled:         t.nestedBool(o, "SSESpecification", "SSEEnabled", res.Range),
		EndpointEncryption: t.stringProp(o, "", "ClusterEndpointEncryptionType", "NONE", res.Range),
	})
}

// nestedBool reads boolean property name of the mapping property spec of
// o; absent, it is false at owner (or at spec's key when spec is written).
func (t *template) nestedBool(o *object, spec, name string, owner model.Range) model.Value[bool] {
	path := spec + "." + name
	m, ok := o.get(spec)
	if !ok {
		return model.AbsentValue(false, owner, path)
	}
	so, ok := m.val.obj()
	if !ok {
		return model.UnknownValue[bool](t.src.rng(m.val.node), path, reasonOf(m.val, spec+" is not a mapping"))
	}
	return t.boolProp(so, spec, name, t.src.rng(m.key))
}
