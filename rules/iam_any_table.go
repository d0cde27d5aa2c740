package rules

import (
	"fmt"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// IAMAnyTable is DDB403.
var IAMAnyTable = &Rule{
	ID:        "DDB403",
	Name:      "iam-dynamodb-any-table",
	Title:     "Identity policy grants DynamoDB data, stream, backup, export or destructive actions on every table",
	Severity:  Medium,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "`Resource: \"*\"` (or `arn:aws:dynamodb:*:*:table/*`, or a `NotResource`) on item, stream, backup, " +
			"restore, export or table-deleting actions reaches every table of the account, today's and " +
			"tomorrow's: a function written for one table can read, overwrite, export or delete all of them. " +
			"DynamoDB supports resource-level permissions for these actions, so scope them to the ARNs of the " +
			"tables (and `/index/*`, `/stream/*`, `/backup/*` of them). Actions that support only `Resource: " +
			"\"*\"` in the Service Authorization Reference (`ListTables`, `ListStreams`, `DescribeLimits`, " +
			"`DescribeReservedCapacity…`, `ListBackups`, `ListGlobalTables`, `ListExports`, `DescribeEndpoints`, …) " +
			"are never reported, nor are `Describe…` metadata actions (`DescribeTable`, `DescribeBackup`). A reference (`${aws_dynamodb_table.t.arn}/*`, `!GetAtt Table.Arn`) is a " +
			"specific table, whatever the partition, region or account are.",
		FixTerraform: "Set the statement's resources to the tables it is for: `aws_dynamodb_table.orders.arn` " +
			"and `\"${aws_dynamodb_table.orders.arn}/index/*\"` (streams: `aws_dynamodb_table.orders.stream_arn`), " +
			"and move actions that support only `*` into a statement of their own.",
		FixCloudFormation: "Set `Resource` to the tables it is for: `!GetAtt Orders.Arn` and " +
			"`!Sub \"${Orders.Arn}/index/*\"` (streams: `!GetAtt Orders.StreamArn`); for a SAM policy template, " +
			"pass `TableName: !Ref Orders` rather than `\"*\"`.",
		Terraform:      Example{Bad: example("DDB403", "bad.tf"), Good: example("DDB403", "good.tf")},
		CloudFormation: Example{Bad: example("DDB403", "bad.yaml"), Good: example("DDB403", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/using-identity-based-policies.html",
			"https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html",
		},
	},
	Check: checkIAMAnyTable,
}

// anyTableGroups are the action groups DDB403 reports on every table.
var anyTableGroups = map[ActionGroup]bool{
	GroupRead: true, GroupWrite: true, GroupStreams: true, GroupBackup: true, GroupExport: true, GroupDestructive: true,
}

func checkIAMAnyTable(p *Pass) {
	eachIdentityAllow(p, func(pol *model.IAMPolicy, s *model.Statement, deny *denials) {
		g, unknown, ok := statementGrant(s)
		if !ok {
			p.Skip(pol.Resource, unknown)
			return
		}
		type hit struct {
			at      model.Meta
			actions []*Action
		}
		var hits []*hit
		byPath := map[string]*hit{}
		skipped := false
		for _, a := range g.actions {
			if !anyTableGroups[a.Group] || !a.ResourceLevel() || !sensitive(a) {
				continue
			}
			typ := scopeType(a)
			covers, at, known := coversAll(s, typ)
			if !known {
				if !skipped {
					p.Skip(pol.Resource, at)
					skipped = true
				}
				continue
			}
			if !covers || deny.cancels(a, typ) {
				continue
			}
			h := byPath[at.Path]
			if h == nil {
				h = &hit{at: at}
				byPath[at.Path] = h
				hits = append(hits, h)
			}
			h.actions = append(h.actions, a)
		}
		for _, h := range hits {
			p.Report(pol.Resource, h.at, "%s grants %s on every table of the account (%s); scope it to the ARNs "+
				"of the tables it is for", policyLabel(pol), groupedActions(h.actions), resourceText(s, h.at))
		}
	})
}

// groupedActions lists actions by group, at most four of each: "data-plane
// write DeleteItem, PutItem; destructive control plane DeleteTable".
func groupedActions(actions []*Action) string {
	var parts []string
	for g := GroupRead; g <= GroupList; g++ {
		var in []*Action
		for _, a := range actions {
			if a.Group == g {
				in = append(in, a)
			}
		}
		if len(in) > 0 {
			parts = append(parts, g.String()+" "+listActionsN(in, 4))
		}
	}
	return strings.Join(parts, "; ")
}

// resourceText names the resource element that covers everything.
func resourceText(s *model.Statement, at model.Meta) string {
	if s.NotResources.Written() && at.Path == s.NotResources.Path {
		return "NotResource " + listValues(s.NotResources.Values)
	}
	for _, v := range s.Resources.Values {
		if v.Path == at.Path {
			return fmt.Sprintf("Resource %q", v.Value)
		}
	}
	return "Resource"
}
