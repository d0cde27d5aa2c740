package model

import "strings"

// AutoScaling holds the Application Auto Scaling resources.
type AutoScaling struct {
	Targets  []*ScalingTarget `json:"targets,omitempty"`
	Policies []*ScalingPolicy `json:"policies,omitempty"`
}

// ScalingTarget is aws_appautoscaling_target /
// AWS::ApplicationAutoScaling::ScalableTarget: a capacity that Application
// Auto Scaling adjusts.
type ScalingTarget struct {
	Resource
	// ServiceNamespace is "dynamodb" for tables and indexes.
	ServiceNamespace Value[string] `json:"service_namespace"`
	// ResourceID is table/NAME or table/NAME/index/INDEX; when it is
	// computed from a table resource, its Refs name that table.
	ResourceID Value[string] `json:"resource_id"`
	// ScalableDimension is dynamodb:table:ReadCapacityUnits,
	// dynamodb:table:WriteCapacityUnits or their dynamodb:index: forms.
	ScalableDimension Value[string] `json:"scalable_dimension"`
	// Table is the table the target scales, set by Link.
	Table *Table `json:"-"`
}

// ScalingPolicy is aws_appautoscaling_policy /
// AWS::ApplicationAutoScaling::ScalingPolicy.
type ScalingPolicy struct {
	Resource
	ServiceNamespace  Value[string] `json:"service_namespace"`
	ResourceID        Value[string] `json:"resource_id"`
	ScalableDimension Value[string] `json:"scalable_dimension"`
}

// The table-level scalable dimensions of DynamoDB.
const (
	DimensionTableRead  = "dynamodb:table:ReadCapacityUnits"
	DimensionTableWrite = "dynamodb:table:WriteCapacityUnits"
)

// ScalingTableName returns the table name of a DynamoDB resource ID
// (table/NAME or table/NAME/index/INDEX) and the index, if any; ok is false
// for any other text.
func ScalingTableName(id string) (table, index string, ok bool) {
	rest, found := strings.CutPrefix(id, "table/")
	if !found || rest == "" {
		return "", "", false
	}
	name, idx, hasIndex := strings.Cut(rest, "/index/")
	if name == "" || strings.Contains(name, "/") || (hasIndex && (idx == "" || strings.Contains(idx, "/"))) {
		return "", "", false
	}
	return name, idx, true
}

// IsDynamoDB reports whether the target scales a DynamoDB table or index:
// its namespace is dynamodb, or its dimension is one of DynamoDB's. It is
// false when neither is known.
func (t *ScalingTarget) IsDynamoDB() bool {
	if t.ServiceNamespace.IsKnown() {
		return t.ServiceNamespace.Value == "dynamodb"
	}
	return t.ScalableDimension.IsKnown() && strings.HasPrefix(t.ScalableDimension.Value, "dynamodb:")
}
