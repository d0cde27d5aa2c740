package rules

import (
	"github.com/dynamoguard/dynamoguard/model"
)

// PartiQLBroadAccess is DDB404.
var PartiQLBroadAccess = &Rule{
	ID:        "DDB404",
	Name:      "partiql-broad-access",
	Title:     "PartiQL actions granted on every table or through a wildcard",
	Severity:  Medium,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "The PartiQL actions (`PartiQLSelect`, `PartiQLInsert`, `PartiQLUpdate`, `PartiQLDelete`) are what " +
			"the console's PartiQL editor and `ExecuteStatement` use: SQL-like access to any item. Granted on " +
			"`Resource: \"*\"` they open every table of the account to ad-hoc queries and writes — a full-table " +
			"`SELECT` is a scan — and they are separate actions from `GetItem`/`PutItem`, so a policy reviewed " +
			"for item actions may not show them. A wildcard such as `dynamodb:PartiQL*` also grants the write " +
			"statements. (`dynamodb:*`, `*` and `NotAction` are reported by DDB401.)",
		FixTerraform: "Grant only the PartiQL actions the principal needs, on the ARNs of its tables " +
			"(`aws_dynamodb_table.orders.arn`); use `dynamodb:FullTableScan` in a `Deny` condition to forbid " +
			"scans.",
		FixCloudFormation: "Grant only the PartiQL actions the principal needs, on the ARNs of its tables " +
			"(`!GetAtt Orders.Arn`).",
		Terraform:      Example{Bad: example("DDB404", "bad.tf"), Good: example("DDB404", "good.tf")},
		CloudFormation: Example{Bad: example("DDB404", "bad.yaml"), Good: example("DDB404", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html",
		},
	},
	Check: checkPartiQLBroadAccess,
}

func checkPartiQLBroadAccess(p *Pass) {
	eachIdentityAllow(p, func(pol *model.IAMPolicy, s *model.Statement, deny *denials) {
		g, unknown, ok := statementGrant(s)
		if !ok {
			p.Skip(pol.Resource, unknown)
			return
		}
		if g.notAction {
			return // DDB401
		}
		type hit struct {
			v       model.Value[string]
			actions []*Action
			all     bool
		}
		var hits []*hit
		byPath := map[string]*hit{}
		for _, a := range g.actions {
			if a.Group != GroupPartiQL {
				continue
			}
			v := g.by[a]
			if isFullWildcard(v.Value) {
				continue // DDB401
			}
			covers, at, known := coversAll(s, "table")
			if !known {
				p.Skip(pol.Resource, at)
				return
			}
			if (!covers && !hasWildcard(v.Value)) || deny.cancels(a, "table") {
				continue
			}
			h := byPath[v.Path]
			if h == nil {
				h = &hit{v: *v, all: covers}
				byPath[v.Path] = h
				hits = append(hits, h)
			}
			h.actions = append(h.actions, a)
		}
		for _, h := range hits {
			how := "through a wildcard"
			if h.all {
				_, at, _ := coversAll(s, "table")
				how = "on every table (" + resourceText(s, at) + ")"
			}
			what := ""
			if hasWildcard(h.v.Value) {
				what = ": " + grantsText(h.v.Value, matchingActions(h.v.Value))
			}
			p.Report(pol.Resource, h.v.Meta, "%s allows PartiQL %s %s%s, which lets the principal query and change "+
				"items with SQL statements; grant the PartiQL actions it needs on the ARNs of its tables",
				policyLabel(pol), listActions(h.actions), how, what)
		}
	})
}
