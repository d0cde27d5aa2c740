package terraform

import "github.com/dynamoguard/dynamoguard/model"

// notModelled lists resource block r as not analysed when its type belongs
// to a service around DynamoDB (and has no builder).
func (l *loader) notModelled(r *resourceBlock) {
	if n, ok := model.NotModelled(r.typ, l.address(r.address()), toRange(r.block.DefRange)); ok {
		l.t.proj.NotAnalysed = append(l.t.proj.NotAnalysed, n)
	}
}
