package cloudformation

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// relatedPrefixes are the resource type prefixes of the services around
// DynamoDB whose resources are listed as not analysed when no builder reads
// them, so that none is skipped silently.
var relatedPrefixes = []string{"AWS::DynamoDB::", "AWS::DAX::", "AWS::Backup::", "AWS::KMS::", "AWS::ApplicationAutoScaling::"}

// notModelled lists resource r as not analysed when its type belongs to a
// service around DynamoDB and has no builder.
func (t *template) notModelled(r *resource) {
	for _, p := range relatedPrefixes {
		if strings.HasPrefix(r.typ, p) {
			t.proj.NotAnalysed = append(t.proj.NotAnalysed, model.NotAnalysed{
				Range:  t.src.rng(r.key),
				What:   r.id,
				Reason: "dynamoguard does not model " + r.typ + " resources, so its settings are not checked",
			})
			return
		}
	}
}
