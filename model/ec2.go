package model

import "strings"

// EC2 holds the network resources that decide how DynamoDB is reached.
type EC2 struct {
	// VPCEndpoints are aws_vpc_endpoint / AWS::EC2::VPCEndpoint.
	VPCEndpoints []*VPCEndpoint `json:"vpc_endpoints,omitempty"`
	// VPCEndpointPolicies are aws_vpc_endpoint_policy resources.
	VPCEndpointPolicies []*VPCEndpointPolicy `json:"vpc_endpoint_policies,omitempty"`
}

// VPCEndpoint is a VPC endpoint of some AWS service.
type VPCEndpoint struct {
	Resource
	// ServiceName is com.amazonaws.REGION.SERVICE (service_name,
	// ServiceName).
	ServiceName Value[string] `json:"service_name"`
	// Service is the service the endpoint reaches, the last part of
	// ServiceName: Known also when only the region of the name is not
	// resolved (com.amazonaws.${AWS::Region}.dynamodb).
	Service Value[string] `json:"service"`
	// Type is Gateway (the default), Interface or GatewayLoadBalancer.
	Type Value[string] `json:"type"`
	// Policy is the endpoint policy written on the endpoint (policy,
	// PolicyDocument); Absent when not written, which means full access
	// unless an aws_vpc_endpoint_policy sets one.
	Policy PolicyDocument `json:"policy"`
	// Policies are the aws_vpc_endpoint_policy resources of the endpoint,
	// set by Link.
	Policies []*VPCEndpointPolicy `json:"-"`
}

// IsDynamoDB reports whether the endpoint is known to be one of DynamoDB.
func (e *VPCEndpoint) IsDynamoDB() bool {
	return e.Service.IsKnown() && strings.EqualFold(e.Service.Value, "dynamodb")
}

// ServiceOfName returns the service part of a VPC endpoint service name
// (dynamodb in com.amazonaws.eu-west-1.dynamodb), "" when the last part is
// not literal text.
func ServiceOfName(name string) string {
	i := strings.LastIndexByte(name, '.')
	svc := name[i+1:]
	if svc == "" || strings.ContainsAny(svc, "${}") {
		return ""
	}
	return svc
}

// VPCEndpointPolicy is aws_vpc_endpoint_policy: the policy of an endpoint
// written as a resource of its own.
type VPCEndpointPolicy struct {
	Resource
	// EndpointID is the endpoint: a literal ID or a reference (Refs).
	EndpointID Value[string]  `json:"vpc_endpoint_id"`
	Policy     PolicyDocument `json:"policy"`
	// Target is the endpoint resource, set by Link.
	Target *VPCEndpoint `json:"-"`
}
