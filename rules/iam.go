package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/dynamoguard/dynamoguard/internal/memo"
	"github.com/dynamoguard/dynamoguard/model"
)

// This file holds the IAM semantics the policy rules share: matching
// actions and resources as AWS evaluates them, what a statement grants on
// DynamoDB, whether a Deny cancels it, and whether a principal is public.
// Values computed from resources are written as ${…} in their text and
// carry Refs: they are specific values, never wildcards.

// wildcardMatch reports whether s matches pattern, where * matches any run
// of characters and ? any one character, as IAM matches Action and
// Resource strings; fold makes the match case-insensitive (actions).
func wildcardMatch(pattern, s string, fold bool) bool {
	if fold && (strings.ContainsFunc(pattern, nonASCII) || strings.ContainsFunc(s, nonASCII)) {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	p, i := 0, 0
	star, mark := -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || sameByte(pattern[p], s[i], fold)):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// nonASCII reports whether r is not an ASCII character, which folds byte
// by byte.
func nonASCII(r rune) bool { return r >= utf8.RuneSelf }

// sameByte reports whether a and b are the same byte, or, with fold, the
// same ASCII letter in either case.
func sameByte(a, b byte, fold bool) bool {
	if a == b {
		return true
	}
	if !fold {
		return false
	}
	if 'A' <= a && a <= 'Z' {
		a += 'a' - 'A'
	}
	if 'A' <= b && b <= 'Z' {
		b += 'a' - 'A'
	}
	return a == b
}

// splitARN splits an ARN into at most six parts at the colons that are
// not inside a ${…} reference (${AWS::Region}); the last part keeps its
// colons.
func splitARN(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s) && len(parts) < 5; i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			depth++
			i++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// hasWildcard reports whether an IAM string has * or ?.
func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// matchAction reports whether the Action pattern (service:name, or "*")
// matches action service:name; the service prefix and the action name are
// case-insensitive.
func matchAction(pattern, service, name string) bool {
	if pattern == "*" {
		return true
	}
	svc, act, ok := strings.Cut(pattern, ":")
	if !ok {
		return false
	}
	return wildcardMatch(svc, service, true) && wildcardMatch(act, name, true)
}

// matchingActions returns the DynamoDB actions the Action pattern matches,
// in table order.
func matchingActions(pattern string) []*Action {
	if m, ok := matched.Load(pattern); ok {
		return m
	}
	out := slices.Clip(matchActions(pattern)) // an append by a caller copies
	matched.Store(pattern, out)
	return out
}

// matched holds what matchingActions returned, by pattern: the policies of
// a repository write the same few patterns in many statements, which
// several rules read. Callers do not change the slices.
var matched = memo.Bounded[string, []*Action]{Max: 4096}

// matchActions is matchingActions, computed.
func matchActions(pattern string) []*Action {
	var out []*Action
	for i := range dynamoDBActions {
		if matchAction(pattern, "dynamodb", dynamoDBActions[i].Name) {
			out = append(out, &dynamoDBActions[i])
		}
	}
	return out
}

// isDynamoDBPattern reports whether an Action pattern names the dynamodb
// service (dynamodb:…, DynamoDB:…, dynamo*:…) or is "*".
func isDynamoDBPattern(pattern string) bool {
	if pattern == "*" {
		return true
	}
	svc, _, ok := strings.Cut(pattern, ":")
	return ok && wildcardMatch(svc, "dynamodb", true)
}

// isFullWildcard reports whether an Action pattern grants every DynamoDB
// action: "*", "dynamodb:*" or another spelling of them.
func isFullWildcard(pattern string) bool {
	if pattern == "*" {
		return true
	}
	svc, act, ok := strings.Cut(pattern, ":")
	return ok && wildcardMatch(svc, "dynamodb", true) && strings.Trim(act, "*") == ""
}

// maxListed bounds the actions a message lists.
const maxListed = 8

// grantsText names what an Action pattern grants, for messages:
// "dynamodb:*Item grants BatchGetItem, BatchWriteItem, …".
func grantsText(pattern string, actions []*Action) string {
	return fmt.Sprintf("%q grants %s", pattern, listActions(actions))
}

// listActions lists action names, the first maxListed of them.
func listActions(actions []*Action) string { return listActionsN(actions, maxListed) }

// listActionsN lists action names, the first n of them.
func listActionsN(actions []*Action, n int) string {
	names := actionNames(actions)
	if len(names) > n {
		return strings.Join(names[:n], ", ") + fmt.Sprintf(", … (%d actions)", len(names))
	}
	return strings.Join(names, ", ")
}

// grant is what one statement grants on DynamoDB: each action with the
// Action string that grants it (none for a grant by NotAction).
type grant struct {
	actions []*Action
	// by points at the Action strings of the statement, in the model.
	by map[*Action]*model.Value[string]
	// notAction is set when the actions are granted by NotAction.
	notAction bool
	// at is the NotAction element, for a grant by NotAction.
	at model.Meta
}

// statementGrant returns the DynamoDB actions statement s names (Action,
// or every action NotAction leaves out, none when it has neither); false
// when they cannot be told because some of them are unknown, with the
// Meta of what is unknown.
func statementGrant(s *model.Statement) (grant, model.Meta, bool) {
	g := grant{by: map[*Action]*model.Value[string]{}}
	switch {
	case s.Actions.Written():
		if s.Actions.IsUnknown() {
			return g, s.Actions.Meta, false
		}
		for i := range s.Actions.Values {
			v := &s.Actions.Values[i]
			if v.IsUnknown() {
				return g, v.Meta, false
			}
			for _, a := range matchingActions(v.Value) {
				if _, dup := g.by[a]; !dup {
					g.by[a] = v
					g.actions = append(g.actions, a)
				}
			}
		}
	case s.NotActions.Written():
		if s.NotActions.HasUnknown() {
			return g, s.NotActions.Meta, false
		}
		g.notAction, g.at = true, s.NotActions.Meta
		for i := range dynamoDBActions {
			a := &dynamoDBActions[i]
			excluded := false
			for _, v := range s.NotActions.Values {
				if matchAction(v.Value, "dynamodb", a.Name) {
					excluded = true
					break
				}
			}
			if !excluded {
				g.actions = append(g.actions, a)
			}
		}
	}
	// Neither Action nor NotAction: AWS rejects the statement; it grants
	// nothing.
	return g, model.Meta{}, true
}

// sampleARN parts: where a pattern has a wildcard in the partition,
// region or account, the probe uses these.
const (
	probePartition = "aws"
	probeRegion    = "us-east-1"
	probeAccount   = "123456789012"
	probeName      = "dynamoguard-probe-7f3a"
)

// probeARN returns the ARN of a resource of type typ (table, index,
// stream, backup, export, import, global-table) that no policy names
// specifically, in the partition, region and account pattern names when
// it names them: a pattern that matches it grants every resource of that
// type (in that account and region). References (${…}) in the partition,
// region or account are kept, so "arn:aws:dynamodb:${region}:${account}:
// table/*" still covers all tables.
func probeARN(pattern, typ string) string {
	parts := splitARN(pattern)
	pick := func(i int, def string) string {
		if i < len(parts) && i < 5 && parts[i] != "" && !hasWildcard(parts[i]) {
			return parts[i]
		}
		return def
	}
	region, account := pick(3, probeRegion), pick(4, probeAccount)
	var res string
	switch typ {
	case "global-table":
		region, res = "", "global-table/"+probeName
	case "index", "stream", "backup", "export", "import":
		res = "table/" + probeName + "/" + typ + "/" + probeName
	default:
		res = "table/" + probeName
	}
	return "arn:" + pick(1, probePartition) + ":dynamodb:" + region + ":" + account + ":" + res
}

// coversAll reports whether the resources of statement s include every
// resource of type typ: a Resource that matches the probe, or a
// NotResource none of whose values does. at is the value that makes it so
// (the Resource string, or the NotResource element). false with known
// false when an unknown value leaves it open.
func coversAll(s *model.Statement, typ string) (covers bool, at model.Meta, known bool) {
	switch {
	case s.Resources.Written():
		if s.Resources.IsUnknown() {
			return false, s.Resources.Meta, false
		}
		unknown := model.Meta{}
		for _, v := range s.Resources.Values {
			if v.IsUnknown() {
				unknown = v.Meta
				continue
			}
			if wildcardMatch(v.Value, probeARN(v.Value, typ), false) {
				return true, v.Meta, true
			}
		}
		if unknown.State == model.Unknown {
			return false, unknown, false
		}
		return false, model.Meta{}, true
	case s.NotResources.Written():
		if s.NotResources.HasUnknown() {
			return false, s.NotResources.Meta, false
		}
		for _, v := range s.NotResources.Values {
			if wildcardMatch(v.Value, probeARN(v.Value, typ), false) {
				return false, model.Meta{}, true
			}
		}
		return true, s.NotResources.Meta, true
	}
	// Neither Resource nor NotResource: AWS rejects the statement (a trust
	// policy has none, and is about who assumes the role, not about tables).
	return false, model.Meta{}, true
}

// deniedEverywhere reports whether a Deny statement of doc without
// conditions denies action a on every resource of type typ, which cancels
// any Allow of it (an explicit Deny always wins). It reads the whole
// document; to ask about many actions, use newDenials once.
func deniedEverywhere(doc *model.PolicyDocument, a *Action, typ string) bool {
	return newDenials(doc).cancels(a, typ)
}

// denials are the unconditional Deny statements of one document, read
// once, with the answers already given.
type denials struct {
	statements []*model.Statement
	grants     []grant
	memo       map[denialKey]bool
}

type denialKey struct {
	a   *Action
	typ string
}

// newDenials collects the Deny statements of doc without conditions or
// NotPrincipal.
func newDenials(doc *model.PolicyDocument) *denials {
	d := &denials{memo: map[denialKey]bool{}}
	for i := range doc.Statements {
		s := &doc.Statements[i]
		if !s.IsDeny() || s.Conditions.State != model.Absent || s.NotPrincipals.State != model.Absent {
			continue
		}
		if g, _, ok := statementGrant(s); ok {
			d.statements = append(d.statements, s)
			d.grants = append(d.grants, g)
		}
	}
	return d
}

// cancels reports whether a Deny denies action a on every resource of
// type typ.
func (d *denials) cancels(a *Action, typ string) bool {
	if d == nil || len(d.statements) == 0 {
		return false
	}
	k := denialKey{a, typ}
	if v, ok := d.memo[k]; ok {
		return v
	}
	v := false
	for i, s := range d.statements {
		g := d.grants[i]
		if _, named := g.by[a]; !named && (!g.notAction || !containsAction(g.actions, a)) {
			continue
		}
		if covers, _, known := coversAll(s, typ); covers && known {
			v = true
			break
		}
	}
	d.memo[k] = v
	return v
}

// live returns the actions of list that no Deny cancels.
func (d *denials) live(list []*Action) []*Action {
	var out []*Action
	for _, a := range list {
		if !d.cancels(a, scopeType(a)) {
			out = append(out, a)
		}
	}
	return out
}

func containsAction(list []*Action, a *Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

// resourceMayBeDynamoDB reports whether a Resource value can name a
// DynamoDB resource: "*" and other wildcards that match a table, a
// dynamodb ARN, or a reference to a DynamoDB resource (isTable tells,
// by address). A value computed only from other resources (an S3 bucket)
// cannot.
func resourceMayBeDynamoDB(v model.Value[string], isTable func(address string) bool) bool {
	if !v.IsKnown() {
		return false
	}
	s := v.Value
	if wildcardMatch(s, probeARN(s, "table"), false) {
		return true
	}
	if parts := splitARN(s); len(parts) >= 3 && parts[0] == "arn" && !strings.Contains(parts[2], "${") {
		return wildcardMatch(parts[2], "dynamodb", false)
	}
	for _, r := range v.Refs {
		if isTable(r.Address) {
			return true
		}
	}
	return false
}

// Public principals.

// principalPublic reports whether an Allow statement applies to everyone:
// Principal "*", an AWS principal "*", or NotPrincipal (everyone but the
// principals it names). at is the string that makes it so; known is false
// when the principals cannot be read.
func principalPublic(s *model.Statement) (public bool, at model.Meta, known bool) {
	if s.NotPrincipals.Written() {
		return true, s.NotPrincipals.Meta, true
	}
	p := &s.Principals
	switch p.State {
	case model.Unknown:
		return false, p.Meta, false
	case model.Absent:
		return false, model.Meta{}, true
	}
	if p.Wildcard.Value {
		return true, p.Wildcard.Meta, true
	}
	unknown := model.Meta{}
	for _, e := range p.Entries {
		if e.Type.Value != model.PrincipalAWS {
			continue
		}
		if e.IDs.IsUnknown() {
			unknown = e.IDs.Meta
			continue
		}
		for _, id := range e.IDs.Values {
			switch {
			case id.IsUnknown():
				unknown = id.Meta
			case id.Value == "*":
				return true, id.Meta, true
			}
		}
	}
	if unknown.State == model.Unknown {
		return false, unknown, false
	}
	return false, model.Meta{}, true
}

// restrictingKeys are the global condition keys that, compared with fixed
// values, limit a statement to the caller's own account, organisation,
// network or source resource, so that a Principal "*" statement is not
// public. Keys such as aws:SecureTransport, aws:UserAgent or
// aws:RequestedRegion limit how a request is made, not who makes it.
var restrictingKeys = map[string]bool{
	"aws:sourceaccount": true, "aws:sourcearn": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true,
	"aws:sourceowner": true, "aws:principalorgid": true, "aws:principalorgpaths": true,
	"aws:principalaccount": true, "aws:sourcevpce": true, "aws:sourcevpc": true, "aws:principalarn": true,
	"aws:sourceip": true, "aws:userid": true,
}

// restrictingOperators are the operators that require the key to be
// present and to equal (or match) the values. IfExists variants, negated
// operators and ForAllValues (true when the key is missing) do not.
var restrictingOperators = map[string]bool{
	"StringEquals": true, "StringEqualsIgnoreCase": true, "StringLike": true,
	"ArnEquals": true, "ArnLike": true, "IpAddress": true,
}

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

// restriction returns the condition of statement s that really restricts
// who the statement applies to (see restrictingKeys). known is false when
// a condition that might restrict has unknown values.
func restriction(s *model.Statement) (c *model.Condition, known bool) {
	if s.Conditions.IsUnknown() {
		return nil, false
	}
	known = true
	for i := range s.Conditions.Items {
		cond := &s.Conditions.Items[i]
		key := strings.ToLower(cond.Key.Value)
		if !restrictingKeys[key] || !restrictingOperators[cond.Base] || cond.IfExists || cond.SetQualifier == "ForAllValues" {
			continue
		}
		if cond.Values.HasUnknown() {
			known = false
			continue
		}
		if len(cond.Values.Values) > 0 && fixedValues(key, cond.Values.Values) {
			return cond, true
		}
	}
	return nil, known
}

// fixedValues reports whether every value of a restricting key is a fixed
// value: not "*", not an open network, and for aws:PrincipalArn an ARN of
// a specific account.
func fixedValues(key string, values []model.Value[string]) bool {
	for _, v := range values {
		s := v.Value
		switch {
		case strings.Trim(s, "*?") == "":
			return false
		case key == "aws:sourceip" && (s == "0.0.0.0/0" || s == "::/0"):
			return false
		case key == "aws:principalarn":
			if _, ok := arnAccount(s); !ok {
				return false
			}
		}
	}
	return true
}

// arnAccount returns the account of an ARN when it is a specific account
// (twelve digits, or a reference to one); false for a wildcard or an ARN
// without account.
func arnAccount(arn string) (string, bool) {
	parts := splitARN(arn)
	if len(parts) < 6 || parts[0] != "arn" {
		return "", false
	}
	acct := parts[4]
	if accountIDPattern.MatchString(acct) || (strings.HasPrefix(acct, "${") && strings.HasSuffix(acct, "}")) {
		return acct, true
	}
	return "", false
}

// principalAccount is the account an AWS principal belongs to.
type principalAccount struct {
	// Account is the twelve-digit account ID; "" when the principal is
	// computed from a reference (Value then holds ${…}) or is not an
	// account principal.
	Account string
	// Value is the principal string, with its range.
	Value model.Value[string]
}

// principalAccounts returns the accounts of the AWS principals of p:
// an account ID, arn:aws:iam::ACCOUNT:root, or a role, user or session ARN
// of an account. Principals that name no account (services, "*") are left
// out; known is false when some principal is unknown.
func principalAccounts(p *model.Principals) (out []principalAccount, known bool) {
	if p.IsUnknown() {
		return nil, false
	}
	known = true
	for _, e := range p.Entries {
		if e.Type.Value != model.PrincipalAWS {
			continue
		}
		if e.IDs.IsUnknown() {
			known = false
			continue
		}
		for _, id := range e.IDs.Values {
			switch {
			case id.IsUnknown():
				known = false
			case accountIDPattern.MatchString(id.Value):
				out = append(out, principalAccount{Account: id.Value, Value: id})
			default:
				if acct, ok := arnAccount(id.Value); ok {
					if !accountIDPattern.MatchString(acct) {
						acct = ""
					}
					out = append(out, principalAccount{Account: acct, Value: id})
				}
			}
		}
	}
	return out, known
}

// namesAction reports whether statement s names action service:name (any
// service: s3:PutObject, kms:Decrypt), through Action or NotAction; known
// is false when an unknown value leaves it open.
func namesAction(s *model.Statement, service, name string) (names, known bool) {
	switch {
	case s.Actions.Written():
		if s.Actions.IsUnknown() {
			return false, false
		}
		known = true
		for _, v := range s.Actions.Values {
			if v.IsUnknown() {
				known = false
				continue
			}
			if matchAction(v.Value, service, name) {
				return true, true
			}
		}
		return false, known
	case s.NotActions.Written():
		if s.NotActions.HasUnknown() {
			return false, false
		}
		for _, v := range s.NotActions.Values {
			if matchAction(v.Value, service, name) {
				return false, true
			}
		}
		return true, true
	}
	return false, true
}

// coversResource reports whether the resources of statement s include the
// resource arn (a concrete ARN, or one with ${…} references, which match
// only themselves); known is false when an unknown value leaves it open.
func coversResource(s *model.Statement, arn string) (covers, known bool) {
	switch {
	case s.Resources.Written():
		if s.Resources.IsUnknown() {
			return false, false
		}
		known = true
		for _, v := range s.Resources.Values {
			if v.IsUnknown() {
				known = false
				continue
			}
			if wildcardMatch(v.Value, arn, false) {
				return true, true
			}
		}
		return false, known
	case s.NotResources.Written():
		if s.NotResources.HasUnknown() {
			return false, false
		}
		for _, v := range s.NotResources.Values {
			if wildcardMatch(v.Value, arn, false) {
				return false, true
			}
		}
		return true, true
	}
	return false, true
}
