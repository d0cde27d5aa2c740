package rules

import (
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
)

// ExportBucketPublicAccess is DDB304.
var ExportBucketPublicAccess = &Rule{
	ID:        "DDB304",
	Name:      "export-bucket-public-access-not-blocked",
	Title:     "Export bucket without a complete public-access block",
	Severity:  High,
	CWE:       "CWE-732",
	Precision: "high",
	Doc: Doc{
		Why: "A table export is a full copy of the table's data in S3. S3 Block Public Access is the guard rail that " +
			"keeps a later bucket policy, object ACL or access point from making that copy public by mistake; it " +
			"works only with all four settings on (`BlockPublicAcls`, `IgnorePublicAcls`, `BlockPublicPolicy`, " +
			"`RestrictPublicBuckets`). A bucket that receives exports (the target of a table export, a bucket " +
			"whose policy lets DynamoDB write exports, a bucket a principal may export into, or one named in " +
			"`export_buckets`) and has no block, or a partial one, relies on every future policy edit being right. " +
			"An account-level block (`aws_s3_account_public_access_block`) in the project counts for every bucket.",
		FixTerraform: "Add an `aws_s3_bucket_public_access_block` for the bucket with `block_public_acls`, " +
			"`block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all `true`.",
		FixCloudFormation: "Set `PublicAccessBlockConfiguration` on the `AWS::S3::Bucket` with `BlockPublicAcls`, " +
			"`BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all `true`.",
		Terraform:      Example{Bad: example("DDB304", "bad.tf"), Good: example("DDB304", "good.tf")},
		CloudFormation: Example{Bad: example("DDB304", "bad.yaml"), Good: example("DDB304", "good.yaml")},
		References: []string{
			"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
			"https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.HowItWorks.html",
		},
		AutoFix: "`dynamoguard fix` turns on the four settings of an existing `aws_s3_bucket_public_access_block`, or writes the bucket's `PublicAccessBlockConfiguration` with all four in CloudFormation; a Terraform bucket without a public-access block resource gets none (a new resource is not written automatically).",
	},
	Check: checkExportBucketPublicAccess,
}

func checkExportBucketPublicAccess(p *Pass) {
	account := accountBlock(p)
	for _, b := range exportBuckets(p) {
		if len(b.AccessBlocks) > 0 {
			for _, blk := range b.AccessBlocks {
				checkAccessBlock(p, b, blk.Resource, &blk.Config, account)
			}
			continue
		}
		switch c := &b.AccessBlock; c.State {
		case model.Unknown:
			p.Skip(b.Resource, c.Meta)
		case model.Known:
			checkAccessBlock(p, b, b.Resource, c, account)
		default:
			if account.covers(p) {
				continue
			}
			var changes []Change
			if b.Kind == model.CloudFormation {
				for _, s := range c.Settings() {
					changes = append(changes, set(b.Resource, s.Meta, true)...)
				}
			}
			p.ReportFix(b.Resource, c.Meta, changes,
				"export bucket %s (%s) has no public-access block, so one policy or ACL change can expose the "+
					"exported data; %s",
				b.Address, b.why, fixAccessBlock(b.Kind, ""))
		}
	}
}

// accountSettings are the settings of the account's public-access blocks
// (aws_s3_account_public_access_block), which apply to every bucket: on
// when a block turns the setting on, unknown when one may.
type accountSettings struct {
	on      [4]bool
	unknown [4]*model.Meta
	res     [4]model.Resource
}

// accountBlock collects the account's public-access blocks of the project.
func accountBlock(p *Pass) accountSettings {
	var a accountSettings
	for _, blk := range p.Project.S3.PublicAccessBlocks {
		if !blk.Account {
			continue
		}
		for i, s := range blk.Config.Settings() {
			switch on, known := s.Effective(); {
			case !known && a.unknown[i] == nil:
				a.unknown[i], a.res[i] = &s.Meta, blk.Resource
			case known && on:
				a.on[i] = true
			}
		}
	}
	return a
}

// setting says whether the account turns setting i on, recording as not
// analysed an account block that may.
func (a *accountSettings) setting(p *Pass, i int) (on, unknown bool) {
	switch {
	case a.on[i]:
		return true, false
	case a.unknown[i] != nil:
		p.Skip(a.res[i], *a.unknown[i])
		return false, true
	}
	return false, false
}

// covers reports whether the account's blocks turn every setting on; false
// also when that cannot be told (recorded as not analysed).
func (a *accountSettings) covers(p *Pass) bool {
	all := true
	for i := range a.on {
		on, unknown := a.setting(p, i)
		if unknown {
			return true // not analysed, not reported
		}
		all = all && on
	}
	return all
}

// checkAccessBlock reports the settings of c, the block of export bucket
// b declared in res, that are off and that the account's blocks do not
// turn on.
func checkAccessBlock(p *Pass, b exportBucket, res model.Resource, c *model.AccessBlockConfig, account accountSettings) {
	var off []string
	var changes []Change
	at := c.Meta
	written := false
	for i, s := range c.Settings() {
		if !disabled(p, res, *s) {
			continue
		}
		if on, unknown := account.setting(p, i); on || unknown {
			continue
		}
		name := s.Path[strings.LastIndexByte(s.Path, '.')+1:]
		off = append(off, name+" "+flagText(s.Meta))
		changes = append(changes, set(res, s.Meta, true)...)
		if s.State == model.Known && !written {
			at, written = s.Meta, true
		}
	}
	if len(off) == 0 {
		return
	}
	at.Path = c.Path
	p.ReportFix(res, at, changes,
		"public-access block of export bucket %s (%s) has %s, so a policy or ACL can expose the exported "+
			"data; %s",
		b.Address, b.why, strings.Join(off, ", "), fixAccessBlock(res.Kind, res.Address))
}

// fixAccessBlock says how to block public access in the format of kind.
func fixAccessBlock(kind model.SourceKind, block string) string {
	switch {
	case kind == model.CloudFormation && block == "":
		return "add PublicAccessBlockConfiguration with BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and " +
			"RestrictPublicBuckets true"
	case kind == model.CloudFormation:
		return "set BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls and RestrictPublicBuckets to true"
	}
	if block != "" {
		return "set block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets to true"
	}
	return "add an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, " +
		"ignore_public_acls and restrict_public_buckets true"
}
