package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ProvisionedAutoScaling is DDB601.
var ProvisionedAutoScaling = &Rule{
	ID:        "DDB601",
	Name:      "provisioned-without-autoscaling",
	Title:     "Provisioned capacity without autoscaling",
	Severity:  Note,
	CWE:       "CWE-400",
	Precision: "high",
	Controls:  []string{"DynamoDB.1"},
	Doc: Doc{
		Why: "A table in PROVISIONED billing mode (the default of `aws_dynamodb_table` and " +
			"`AWS::DynamoDB::Table`) serves only the read and write capacity it is given. Without autoscaling " +
			"the capacity is fixed: a burst above it is throttled (requests fail with " +
			"`ProvisionedThroughputExceededException`, an availability risk an attacker or a bug can trigger), " +
			"and capacity above the load is paid for unused. This is a cost and availability note, not a " +
			"security finding, which is why its severity is note. It is silent on on-demand " +
			"(`PAY_PER_REQUEST`) tables and on tables an Application Auto Scaling target scales for both reads " +
			"and writes.",
		FixTerraform: "Switch to `billing_mode = \"PAY_PER_REQUEST\"`, or add `aws_appautoscaling_target`s " +
			"(`service_namespace = \"dynamodb\"`, `resource_id = \"table/${aws_dynamodb_table.t.name}\"`, " +
			"`scalable_dimension` `dynamodb:table:ReadCapacityUnits` and `dynamodb:table:WriteCapacityUnits`) " +
			"with an `aws_appautoscaling_policy` each.",
		FixCloudFormation: "Set `BillingMode: PAY_PER_REQUEST`, or add `AWS::ApplicationAutoScaling::ScalableTarget`s " +
			"for the table's read and write capacity (`ResourceId: !Sub table/${Table}`) with a " +
			"`ScalingPolicy` each; an `AWS::DynamoDB::GlobalTable` sets " +
			"`WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings` and, on each replica, " +
			"`ReadProvisionedThroughputSettings.ReadCapacityAutoScalingSettings`.",
		Terraform:      Example{Bad: example("DDB601", "bad.tf"), Good: example("DDB601", "good.tf")},
		CloudFormation: Example{Bad: example("DDB601", "bad.yaml"), Good: example("DDB601", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/AutoScaling.html",
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/capacity-mode.html",
		},
	},
	Check: checkProvisionedAutoScaling,
}

func checkProvisionedAutoScaling(p *Pass) {
	scaled := map[*model.Table]map[string]bool{}
	undecidedDim := map[*model.Table]model.Meta{}   // a target of the table whose dimension is unknown
	unresolved := map[string]*model.ScalingTarget{} // by scope: a target of no known table
	for _, tg := range p.Project.AutoScaling.Targets {
		switch {
		case tg.Table != nil:
			if scaled[tg.Table] == nil {
				scaled[tg.Table] = map[string]bool{}
			}
			if !tg.ScalableDimension.IsKnown() {
				if _, ok := undecidedDim[tg.Table]; !ok {
					undecidedDim[tg.Table] = tg.ScalableDimension.Meta
				}
				continue
			}
			scaled[tg.Table][tg.ScalableDimension.Value] = true
		case tg.ResourceID.IsUnknown() && (tg.IsDynamoDB() || !tg.ServiceNamespace.IsKnown()):
			if unresolved[tg.Scope] == nil {
				unresolved[tg.Scope] = tg
			}
		}
	}
	for _, t := range p.Project.DynamoDB.Tables {
		mode, ok := t.BillingMode.Effective()
		if !ok {
			p.Skip(t.Resource, t.BillingMode.Meta)
			continue
		}
		if !strings.EqualFold(mode, "PROVISIONED") {
			continue
		}
		if t.InlineAutoScaling.State != model.Absent {
			switch on, known := t.InlineAutoScaling.Effective(); {
			case !known:
				p.Skip(t.Resource, t.InlineAutoScaling.Meta)
			case !on:
				p.Report(t.Resource, t.InlineAutoScaling.Meta,
					"global table %s is PROVISIONED and %s is not autoscaled, so load above it is throttled and "+
						"capacity above the load is paid for; set %s or use BillingMode: PAY_PER_REQUEST",
					t.Address, t.InlineAutoScaling.Path, autoScalingSetting(t.InlineAutoScaling.Path))
			}
			continue
		}
		dims := scaled[t]
		var missing []string
		for _, d := range []string{"read", "write"} {
			dim := model.DimensionTableRead
			if d == "write" {
				dim = model.DimensionTableWrite
			}
			if !dims[dim] {
				missing = append(missing, d)
			}
		}
		if len(missing) == 0 {
			continue
		}
		if m, ok := undecidedDim[t]; ok {
			if m.State == model.Absent {
				m.Reason = "an autoscaling target of the table has no scalable_dimension"
			}
			p.Skip(t.Resource, m)
			continue
		}
		if tg := unresolved[t.Scope]; tg != nil {
			m := tg.ResourceID.Meta
			m.Reason = "autoscaling target " + tg.Address + " may scale this table: its resource_id is unknown: " + m.Reason
			p.Skip(t.Resource, m)
			continue
		}
		p.Report(t.Resource, t.BillingMode.Meta,
			"table %s has %s with no autoscaling of its %s capacity, so load above it is throttled "+
				"and capacity above the load is paid for; %s",
			t.Address, modeText(t.BillingMode), strings.Join(missing, " and "), fixAutoScaling(t))
	}
}

// autoScalingSetting names the autoscaling settings to add at path.
func autoScalingSetting(path string) string {
	if strings.HasSuffix(path, "ReadCapacityUnits") {
		return strings.TrimSuffix(path, "ReadCapacityUnits") + "ReadCapacityAutoScalingSettings"
	}
	return path
}

func fixAutoScaling(t *model.Table) string {
	if t.Kind == model.CloudFormation {
		return "set BillingMode: PAY_PER_REQUEST or add AWS::ApplicationAutoScaling::ScalableTarget resources for it"
	}
	return "set billing_mode = \"PAY_PER_REQUEST\" or add aws_appautoscaling_target resources for it"
}

// modeText describes a PROVISIONED billing mode as the file sets it.
func modeText(v model.Value[string]) string {
	switch {
	case v.Path == "ProvisionedThroughput":
		return "provisioned capacity (ProvisionedThroughput)"
	case v.State == model.Absent:
		return v.Path + " not set (default PROVISIONED)"
	}
	return v.Path + " " + v.Value
}
