package fix

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/dynamoguard/dynamoguard/model"
	"github.com/dynamoguard/dynamoguard/rules"
)

// denySid is the Sid of the statement the fix adds.
const denySid = "DenyInsecureTransport"

// statementEdits add the deny-insecure-transport statement after the
// statement at r, in the syntax that statement is written in: a statement
// block of an aws_iam_policy_document, an object of jsonencode, a YAML list
// item or a JSON object of a template. A policy written as a string (a
// heredoc) is not edited.
func statementEdits(s *source, r model.Range, d rules.DenyInsecureTransport) ([]rules.TextEdit, error) {
	start, end := r.Start.Byte-s.shift, r.End.Byte-s.shift
	if start < 0 || end > len(s.body) || end <= start {
		return nil, errors.New("cannot locate the policy statement in the file")
	}
	switch {
	case strings.HasSuffix(s.name, ".tf"):
		return terraformStatement(s, start, end, d)
	case strings.HasSuffix(strings.ToLower(s.name), ".json"):
		return jsonStatement(s, start, end, d)
	}
	return yamlStatement(s, start, end, d)
}

// terraformStatement adds the statement after a statement block or a
// jsonencode object.
func terraformStatement(s *source, start, end int, d rules.DenyInsecureTransport) ([]rules.TextEdit, error) {
	body, err := s.hcl()
	if err != nil {
		return nil, err
	}
	var block *hclsyntax.Block
	var object *hclsyntax.ObjectConsExpr
	inString := false
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		rng := n.Range()
		if rng.Start.Byte > start || rng.End.Byte < end {
			return nil
		}
		switch n := n.(type) {
		case *hclsyntax.Block:
			if n.Type == "statement" && rng.Start.Byte == start {
				block = n
			}
		case *hclsyntax.ObjectConsExpr:
			if rng.Start.Byte == start {
				object = n
			}
		case *hclsyntax.TemplateExpr, *hclsyntax.TemplateWrapExpr:
			inString = true
		}
		return nil
	})
	arn := d.Bucket.String()
	switch {
	case inString:
		return nil, errors.New("the policy is JSON in a string (a heredoc or a quoted string), which is not edited; add the statement by hand or write the policy with jsonencode")
	case block != nil:
		text := fmt.Sprintf(`statement {
sid = %q
effect = "Deny"
actions = ["s3:*"]
resources = [%s, "${%s}/*"]
principals {
type = "*"
identifiers = ["*"]
}
condition {
test = "Bool"
variable = "aws:SecureTransport"
values = ["false"]
}
}
`, denySid, arn, arn)
		indent := s.lineIndent(start)
		at := block.CloseBraceRange.End.Byte
		return []rules.TextEdit{s.edit(at, at, s.newline+indentLines(s, string(hclwrite.Format([]byte(text))), indent, false))}, nil
	case object != nil:
		text := fmt.Sprintf(`x = {
Sid = %q
Effect = "Deny"
Principal = "*"
Action = "s3:*"
Resource = [%s, "${%s}/*"]
Condition = {
Bool = {
"aws:SecureTransport" = "false"
}
}
}
`, denySid, arn, arn)
		formatted := strings.TrimPrefix(string(hclwrite.Format([]byte(text))), "x = ")
		indent := s.lineIndent(start)
		at := object.Range().End.Byte
		return []rules.TextEdit{s.edit(at, at, ","+s.newline+indent+indentLines(s, formatted, indent, true))}, nil
	}
	return nil, errors.New("the statement is not a statement block or an object; add the statement by hand")
}

// indentLines indents the lines of text (ending with a newline, which is
// dropped) by indent, in the file's line ending; skipFirst leaves the first
// line as it is.
func indentLines(s *source, text, indent string, skipFirst bool) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, l := range lines {
		if (i > 0 || !skipFirst) && l != "" {
			lines[i] = indent + l
		}
	}
	return strings.Join(lines, s.newline)
}

// denyStatement is the statement as JSON, in the order people write it.
type denyStatement struct {
	Sid       string         `json:"Sid"`
	Effect    string         `json:"Effect"`
	Principal string         `json:"Principal"`
	Action    string         `json:"Action"`
	Resource  [2]any         `json:"Resource"`
	Condition map[string]any `json:"Condition"`
}

// jsonStatement adds the statement after a statement object of a JSON
// template.
func jsonStatement(s *source, start, end int, d rules.DenyInsecureTransport) ([]rules.TextEdit, error) {
	if s.body[start] != '{' {
		return nil, errors.New("the statement is not a JSON object; add the statement by hand")
	}
	st := denyStatement{
		Sid: denySid, Effect: "Deny", Principal: "*", Action: "s3:*",
		Resource: [2]any{
			map[string]any{"Fn::GetAtt": []string{d.Bucket.Address, d.Bucket.Attribute}},
			map[string]any{"Fn::Sub": "${" + d.Bucket.Address + "." + d.Bucket.Attribute + "}/*"},
		},
		Condition: map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
	}
	indent := s.lineIndent(start)
	step := "  "
	if inner := s.lineIndent(end - 1); len(inner) > len(indent) && strings.HasPrefix(inner, indent) {
		// the closing brace is on its own line; the keys are one step in
		if i := bytes.IndexByte(s.body[start:end], '\n'); i >= 0 {
			if k := s.lineIndent(start + i + 1); len(k) > len(indent) {
				step = k[len(indent):]
			}
		}
	}
	out, err := json.MarshalIndent(st, indent, step)
	if err != nil {
		return nil, err
	}
	text := strings.ReplaceAll(string(out), "\n", s.newline)
	return []rules.TextEdit{s.edit(end, end, ","+s.newline+indent+text)}, nil
}

// yamlStatement adds the statement as a list item after the block list
// item at start.
func yamlStatement(s *source, start, end int, d rules.DenyInsecureTransport) ([]rules.TextEdit, error) {
	ls := s.lineStart(start)
	dash := strings.TrimRight(string(s.body[ls:start]), " ")
	if !strings.HasSuffix(dash, "-") || strings.TrimSpace(dash) != "-" {
		return nil, errors.New("the statement is not a block list item; add the statement by hand")
	}
	dashIndent := dash[:len(dash)-1]
	key := strings.Repeat(" ", start-ls)
	at := end
	if i := bytes.IndexByte(s.body[end:], '\n'); i >= 0 {
		at = end + i + 1
	}
	arn := d.Bucket.Address + "." + d.Bucket.Attribute
	lines := []string{
		dashIndent + "- Sid: " + denySid,
		key + "Effect: Deny",
		key + `Principal: "*"`,
		key + `Action: "s3:*"`,
		key + "Resource:",
		key + "  - !GetAtt " + arn,
		key + `  - !Sub "${` + arn + `}/*"`,
		key + "Condition:",
		key + "  Bool:",
		key + `    aws:SecureTransport: "false"`,
	}
	text := strings.Join(lines, s.newline) + s.newline
	if at == len(s.body) && !bytes.HasSuffix(s.body, []byte("\n")) {
		text = s.newline + text
	}
	return []rules.TextEdit{s.edit(at, at, text)}, nil
}
