package terraform

import (
	"fmt"

	"github.com/dynamoguard/dynamoguard/model"
)

// build adds the module's resources to proj: KMS keys first, then aliases,
// which link to keys, then tables, which link to both.
func (l *loader) build(cfg *config, proj *model.Project) {
	l.remoteModules(cfg.modules, proj)
	for _, r := range cfg.resources {
		if r.typ == "aws_kms_key" {
			l.eachInstance(r, func(in instance) {
				proj.KMSKeys = append(proj.KMSKeys, l.buildKMSKey(r, in))
			})
		}
	}
	for _, r := range cfg.resources {
		if r.typ == "aws_kms_alias" {
			l.eachInstance(r, func(in instance) {
				proj.KMSAliases = append(proj.KMSAliases, l.buildKMSAlias(r, in))
			})
		}
	}
	for _, r := range cfg.resources {
		if r.typ == "aws_dynamodb_table" {
			l.eachInstance(r, func(in instance) {
				proj.Tables = append(proj.Tables, l.buildTable(r, in))
			})
		}
	}
}

// eachInstance calls fn for every instance of r. A panic while building r
// becomes an error diagnostic naming the resource, and the other resources
// are still built.
func (l *loader) eachInstance(r *resourceBlock, fn func(instance)) {
	defer func() {
		if p := recover(); p != nil {
			l.diags = append(l.diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "Internal error",
				Detail:   fmt.Sprintf("Building %s failed unexpectedly (%v); it is not analysed.", r.address(), p),
				Subject:  toRange(r.block.DefRange),
			})
		}
	}()
	for _, in := range l.instances(r) {
		fn(in)
	}
}
