package model

// DAXCluster is aws_dax_cluster / AWS::DAX::Cluster: an in-memory cache in
// front of DynamoDB tables, holding copies of their items.
type DAXCluster struct {
	Resource
	Name Value[string] `json:"name"`
	// SSEEnabled is server-side encryption at rest of the cluster's nodes;
	// off unless enabled.
	SSEEnabled Value[bool] `json:"sse_enabled"`
	// EndpointEncryption is the cluster endpoint's encryption type: NONE
	// (the default) or TLS.
	EndpointEncryption Value[string] `json:"endpoint_encryption"`
}
