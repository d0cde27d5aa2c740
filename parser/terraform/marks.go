package terraform

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/dynamoguard/dynamoguard/model"
)

// refMark marks the unknown value that stands for a resource, data source or
// remote module call of a module instance. cty and HCL carry marks through
// attribute access, indexing, templates and function calls, so a value
// derived from a reference still names what it came from, across module
// inputs and outputs.
type refMark struct {
	// owner is the module instance that declares what is referenced.
	owner *loader
	// mode is "resource", "data" or "module".
	mode string
	typ  string
	name string
	// source is the source of a remote module call.
	source string
}

const (
	modeResource = "resource"
	modeData     = "data"
	modeModule   = "module"
)

// address renders the referenced address, module path included.
func (r refMark) address() string {
	switch r.mode {
	case modeData:
		return r.owner.address("data." + r.typ + "." + r.name)
	case modeModule:
		return r.owner.address("module." + r.name)
	}
	return r.owner.address(r.typ + "." + r.name)
}

// why says why a value derived from the reference is unknown.
func (r refMark) why() string {
	if r.mode == modeModule {
		if r.source == "" {
			return fmt.Sprintf("it comes from %s, whose source is not a literal string", r.address())
		}
		return fmt.Sprintf("it comes from %s, whose source %q is not fetched", r.address(), r.source)
	}
	return fmt.Sprintf("it depends on %s, which is known only after apply", r.address())
}

// originMark marks a value decided by an input: a variable's default, a
// tfvars file, --var, TF_VAR_name, or a module call's argument.
type originMark struct{ origin model.Origin }

// unknownMark marks a value that is unknown for a reason other than a
// reference: a variable with no value, an unsupported function, an
// evaluation error, a reference cycle.
type unknownMark struct {
	reason string
	// problem is set when the cause is a problem in the input, reported as
	// a warning (once per key) where a value derived from it is analysed.
	problem bool
	key     string
	summary string
	detail  string
	subject hcl.Range
}

// unknownWith returns an unknown value marked with reason.
func unknownWith(reason string) cty.Value {
	return cty.DynamicVal.Mark(unknownMark{reason: reason})
}

// marksOf returns the marks anywhere in v, split by kind and sorted.
func marksOf(v cty.Value) (unknowns []unknownMark, refs []refMark) {
	_, marks := unmarkDeep(v)
	for mk := range marks {
		switch mk := mk.(type) {
		case unknownMark:
			unknowns = append(unknowns, mk)
		case refMark:
			refs = append(refs, mk)
		}
	}
	sortMarks(unknowns, refs)
	return unknowns, refs
}

// originsOf returns the origins marked anywhere in v, sorted by place.
func originsOf(v cty.Value) []model.Origin {
	_, marks := unmarkDeep(v)
	var out []model.Origin
	for mk := range marks {
		if o, ok := mk.(originMark); ok {
			out = append(out, o.origin)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Range != b.Range {
			return model.RangeLess(a.Range, b.Range)
		}
		return a.Name < b.Name
	})
	return out
}

func sortMarks(unknowns []unknownMark, refs []refMark) {
	sort.Slice(unknowns, func(i, j int) bool {
		a, b := unknowns[i], unknowns[j]
		if a.reason != b.reason {
			return a.reason < b.reason
		}
		if a.subject.Filename != b.subject.Filename {
			return a.subject.Filename < b.subject.Filename
		}
		return a.subject.Start.Byte < b.subject.Start.Byte
	})
	sort.Slice(refs, func(i, j int) bool { return refs[i].address() < refs[j].address() })
}

// reasonOf explains why v is unknown and reports the input problems that
// made it so.
func (l *loader) reasonOf(v cty.Value) string {
	unknowns, refs := marksOf(v)
	l.noteRemote(refs)
	var reasons []string
	for _, u := range unknowns {
		l.reportProblem(u)
		reasons = appendNew(reasons, u.reason)
	}
	if len(reasons) == 0 {
		for _, r := range refs {
			reasons = appendNew(reasons, r.why())
		}
	}
	if len(reasons) == 0 {
		return "the value cannot be determined before apply"
	}
	const limit = 3
	if len(reasons) > limit {
		reasons = append(reasons[:limit], "…")
	}
	return strings.Join(reasons, "; ")
}

// reportProblem warns about the input problem behind u, if any.
func (l *loader) reportProblem(u unknownMark) {
	if u.problem {
		l.warnOnce(u.key, u.subject, u.summary, u.detail)
	}
}

// noteRemote records, for the not-analysed entry of each remote module
// among refs, that an analysed value depends on it. The value is named by
// the reference being built (l.current).
func (l *loader) noteRemote(refs []refMark) {
	for _, r := range refs {
		if r.mode != modeModule {
			continue
		}
		if rc := l.t.remote[r.address()]; rc != nil && l.current != "" {
			rc.used = appendNew(rc.used, l.current)
		}
	}
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// eval evaluates expr; evaluation errors become an unknown value marked with
// what went wrong. It never panics.
func (l *loader) eval(expr hcl.Expression, ctx *hcl.EvalContext) (v cty.Value) {
	defer func() {
		if r := recover(); r != nil {
			rng := expr.Range()
			v = cty.DynamicVal.Mark(unknownMark{
				reason:  fmt.Sprintf("evaluating the expression at %s failed unexpectedly", toRange(rng)),
				problem: true,
				key:     "panic:" + rng.String(),
				summary: "Internal error",
				detail:  fmt.Sprintf("Evaluating this expression failed unexpectedly (%v); it is not analysed.", r),
				subject: rng,
			})
		}
	}()
	v, diags := expr.Value(ctx)
	if !diags.HasErrors() {
		return v
	}
	for _, d := range diags {
		if d.Severity == hcl.DiagError {
			return cty.DynamicVal.Mark(problemMark(d, expr.Range()))
		}
	}
	return v
}

// problemMark turns an evaluation error into the mark of the unknown value
// that replaces the result.
func problemMark(d *hcl.Diagnostic, exprRange hcl.Range) unknownMark {
	subject := exprRange
	if d.Subject != nil {
		subject = *d.Subject
	}
	if extra, ok := hcl.DiagnosticExtra[hclsyntax.FunctionCallUnknownDiagExtra](d); ok {
		name := extra.CalledFunctionNamespace() + extra.CalledFunctionName()
		return unknownMark{
			reason:  fmt.Sprintf("function %q is not supported", name),
			problem: true,
			key:     "func:" + name,
			summary: "Unsupported function",
			detail:  fmt.Sprintf("dynamoguard cannot evaluate function %q; values computed with it are not analysed.", name),
			subject: subject,
		}
	}
	detail := strings.TrimSpace(d.Detail)
	return unknownMark{
		reason:  fmt.Sprintf("%s at %s: %s", strings.ToLower(d.Summary), toRange(subject), detail),
		problem: true,
		key:     "eval:" + subject.String() + ":" + d.Summary,
		summary: d.Summary,
		detail:  strings.TrimSpace(detail + " The value is not analysed."),
		subject: subject,
	}
}

// unmarkDeep is v.UnmarkDeep(): v without its marks, and the marks anywhere
// in it. A value of a primitive type holds no nested values, so its own
// marks are all there are, without cty's walk through the value.
func unmarkDeep(v cty.Value) (cty.Value, cty.ValueMarks) {
	if v.Type().IsPrimitiveType() {
		return v.Unmark()
	}
	return v.UnmarkDeep()
}
