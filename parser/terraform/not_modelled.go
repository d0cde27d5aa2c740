package terraform

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// relatedPrefixes are the resource type prefixes of the services around
// DynamoDB whose resources are listed as not analysed when no builder reads
// them, so that none is skipped silently.
var relatedPrefixes = []string{"aws_dynamodb_", "aws_dax_", "aws_backup_", "aws_kms_", "aws_appautoscaling_"}

// notModelled lists resource block r as not analysed when its type belongs
// to a service around DynamoDB and has no builder.
func (l *loader) notModelled(r *resourceBlock) {
	for _, p := range relatedPrefixes {
		if strings.HasPrefix(r.typ, p) {
			l.t.proj.NotAnalysed = append(l.t.proj.NotAnalysed, model.NotAnalysed{
				Range:  toRange(r.block.DefRange),
				What:   l.address(r.address()),
				Reason: "dynamoguard does not model " + r.typ + " resources, so its settings are not checked",
			})
			return
		}
	}
}
