package rules

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// DAXEndpointNotTLS is DDB105.
var DAXEndpointNotTLS = &Rule{
	ID:        "DDB105",
	Name:      "dax-endpoint-not-tls",
	Title:     "DAX cluster endpoint not encrypted with TLS",
	Severity:  Medium,
	CWE:       "CWE-319",
	Precision: "very-high",
	Controls:  []string{"DynamoDB.7"},
	Doc: Doc{
		Why: "Clients talk to a DAX cluster through its endpoint inside the VPC. Unless the endpoint encryption type " +
			"is TLS, items, keys and query results cross the network in clear text, readable by anything that can " +
			"observe VPC traffic (a compromised instance, traffic mirroring). The type is NONE by default and, like " +
			"encryption at rest, can only be chosen when the cluster is created.",
		FixTerraform: "Set `cluster_endpoint_encryption_type = \"TLS\"` on the `aws_dax_cluster` (this recreates " +
			"the cluster) and connect with a TLS-capable DAX client (`daxs://` endpoint).",
		FixCloudFormation: "Set `ClusterEndpointEncryptionType: TLS` on the `AWS::DAX::Cluster` (this replaces the " +
			"cluster) and connect with a TLS-capable DAX client (`daxs://` endpoint).",
		Terraform:      Example{Bad: example("DDB105", "bad.tf"), Good: example("DDB105", "good.tf")},
		CloudFormation: Example{Bad: example("DDB105", "bad.yaml"), Good: example("DDB105", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAXEncryptionInTransit.html",
		},
		AutoFix: "`dynamoguard fix --allow-replacement` sets `cluster_endpoint_encryption_type = \"TLS\"` (CloudFormation: `ClusterEndpointEncryptionType: TLS`); AWS replaces the cluster, so the fix is never applied without the flag.",
	},
	Check: checkDAXEndpointNotTLS,
}

func checkDAXEndpointNotTLS(p *Pass) {
	for _, c := range p.Project.DynamoDB.DAXClusters {
		v, known := c.EndpointEncryption.Effective()
		switch {
		case !known:
			p.Skip(c.Resource, c.EndpointEncryption.Meta)
		case !strings.EqualFold(v, "TLS") && !strings.EqualFold(v, "NONE"):
			m := c.EndpointEncryption.Meta
			m.State, m.Reason = model.Unknown, fmt.Sprintf("%s is %q, which is neither NONE nor TLS (the cluster cannot be created)", m.Path, v)
			p.Skip(c.Resource, m)
		case strings.EqualFold(v, "NONE"):
			p.ReportFix(c.Resource, c.EndpointEncryption.Meta, replacing(set(c.Resource, c.EndpointEncryption.Meta, "TLS")),
				"DAX cluster %s has %s %s, so cached items cross the VPC in clear text; %s (this recreates the cluster)",
				c.Address, c.EndpointEncryption.Path, valueText(c.EndpointEncryption.Meta, v),
				fixSetting(c.Resource, c.EndpointEncryption.Meta, quoteFor(c.Kind, "TLS")))
		}
	}
}
