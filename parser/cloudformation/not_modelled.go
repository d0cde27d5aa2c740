package cloudformation

import "github.com/dynamoguard/dynamoguard/model"

// notModelled lists resource r as not analysed when its type belongs to a
// service around DynamoDB (and has no builder).
func (t *template) notModelled(r *resource) {
	if n, ok := model.NotModelled(r.typ, r.id, t.src.rng(r.key)); ok {
		t.proj.NotAnalysed = append(t.proj.NotAnalysed, n)
	}
}
