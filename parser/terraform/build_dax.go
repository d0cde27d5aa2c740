package terraform

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/dynamoguard/dynamoguard/model"
)

var daxSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "cluster_name"}, {Name: "cluster_endpoint_encryption_type"}},
	Blocks:     []hcl.BlockHeaderSchema{{Type: blockSSE}},
}

var daxSSESchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "enabled"}}}

// buildDAXCluster builds one instance of an aws_dax_cluster.
func (l *loader) buildDAXCluster(r *resourceBlock, in instance) {
	owner := r.block.DefRange
	content, unread := l.readBlocks(r.block.Body, in.ctx, daxSchema)
	attrs := content.Attributes
	c := &model.DAXCluster{
		Resource: l.resource(r, in.address),
		Name:     l.stringValue(attrs["cluster_name"], in.ctx, "", owner, "cluster_name"),
		EndpointEncryption: l.stringValue(attrs["cluster_endpoint_encryption_type"], in.ctx, "NONE", owner,
			"cluster_endpoint_encryption_type"),
	}
	sse := l.onlyBlock(content.Blocks, blockSSE, unread)
	if u, ok := unread[blockSSE]; ok {
		c.SSEEnabled = model.UnknownValue[bool](toRange(u.rng), pathSSEEnabled, u.reason)
	} else if sse == nil {
		c.SSEEnabled = model.AbsentValue(false, toRange(owner), pathSSEEnabled)
	} else {
		body, _, diags := sse.Body.PartialContent(daxSSESchema)
		l.addHCLDiags(diags, sse.DefRange.Filename)
		c.SSEEnabled = l.boolValue(body.Attributes["enabled"], in.ctx, false, sse.DefRange, pathSSEEnabled)
	}
	l.t.proj.Add(c)
}
