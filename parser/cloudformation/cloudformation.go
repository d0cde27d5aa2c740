// Package cloudformation reads CloudFormation, SAM and CDK-synthesized
// templates (YAML or JSON) into the common model.
//
// Positions come from a go.yaml.in/yaml/v3 node tree, so that every value
// carries the exact range of the expression that set it. Intrinsic functions
// (short and long forms) are resolved over parameter defaults, user
// overrides, conditions and mappings; what cannot be resolved statically
// (pseudo parameters, resource attributes, imports, dynamic references such
// as {{resolve:ssm:…}}) becomes an unknown value with a reason, and so does
// what CloudFormation would read in a way the scanner cannot know: a key
// written twice in a mapping, a null. YAML merge keys (<<) are merged, and
// UTF-16 files with a byte order mark are read. goformation gives the typed
// shape of each modelled resource: resolved properties are coerced the way
// CloudFormation does and decoded with it one resource at a time, and a
// rejection is a warning, never the loss of the template.
//
// Templates compose: nested stacks with a local template are read through
// Options.ReadTemplate and evaluated with the parameters their stack
// resource passes; Fn::ForEach loops are expanded; the resources section
// of a Serverless Framework service file is read as a template once its
// variables are resolved within the file.
package cloudformation

import (
	"bytes"
	"fmt"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/dynamoguard/dynamoguard/model"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Options tunes how templates are resolved.
type Options struct {
	// Params overrides parameter defaults (from --cfn-params), by parameter
	// name.
	Params map[string]string
	// ReadTemplate reads the template of a nested stack whose location is
	// local, by its slash-separated path in the scan root; nil: nested
	// stacks are not followed.
	ReadTemplate func(name string) ([]byte, error)
}

// IsTemplate reports whether data (YAML or JSON; name is the file name)
// looks like a CloudFormation, SAM or CDK template: a top-level mapping with
// AWSTemplateFormatVersion, or with a Resources mapping one of whose entries
// has a Type starting with AWS::, Custom:: or Alexa::. It returns false for
// input that is not YAML.
func IsTemplate(name string, data []byte) bool {
	data, _ = decodeUTF16(data)
	if wellKnownOther(name) || !mentionsTemplate(data) {
		return false
	}
	root, err := parseRoot(data)
	return err == nil && isTemplateRoot(root)
}

// Parse reads a file that may be a template, parsing it once. A document
// that is not a template gives an empty project and no diagnostics: it is
// some other YAML or JSON and is left alone. A file that does not parse is
// reported (listed, not parsed, with the error) only when its text reads
// like a template; otherwise it is not ours either.
func Parse(name string, data []byte, opts Options) (*model.Project, model.Diagnostics) {
	if wellKnownOther(name) {
		return &model.Project{}, nil
	}
	text, transcoded := decodeUTF16(data)
	if !mentionsTemplate(text) && !isServerless(name) {
		return &model.Project{}, nil
	}
	root, err := parseRoot(text)
	switch {
	case err == nil && isServerless(name):
		return parseServerless(indexSource(name, text, transcoded), root, opts)
	case err != nil && readsLikeTemplate(text):
		return &model.Project{Files: []model.File{{Path: name, Kind: model.CloudFormation}}},
			model.Diagnostics{syntaxError(indexSource(name, text, transcoded), err)}
	case err != nil || !isTemplateRoot(root):
		return &model.Project{}, nil
	}
	return parseTemplate(indexSource(name, text, transcoded), root, opts)
}

// decodeUTF16 converts UTF-16 text that starts with a byte order mark to
// UTF-8, and reports whether it did. Other data is returned as is.
func decodeUTF16(data []byte) ([]byte, bool) {
	if !bytes.HasPrefix(data, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return data, false
	}
	out, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), data)
	if err != nil {
		return data, false
	}
	return out, true
}

// mentionsTemplate is the cheap test that spares parsing most other files.
func mentionsTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) || bytes.Contains(data, []byte("Resources"))
}

// readsLikeTemplate is the textual guess made for a file that does not parse.
func readsLikeTemplate(data []byte) bool {
	return bytes.Contains(data, []byte("AWSTemplateFormatVersion")) ||
		bytes.Contains(data, []byte("Resources")) && bytes.Contains(data, []byte("AWS::"))
}

// parseRoot parses data and returns its top-level node (nil for an empty
// document). yaml.v3 panics on a few pathological inputs; that is an error.
func parseRoot(data []byte) (root *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root, err = nil, fmt.Errorf("yaml: %v", r)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	return deref(doc.Content[0]), nil
}

// isTemplateRoot applies IsTemplate's test to a parsed document.
func isTemplateRoot(root *yaml.Node) bool {
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	if k, _ := mapGet(root, "AWSTemplateFormatVersion"); k != nil {
		return true
	}
	_, resources := mapGet(root, "Resources")
	if resources == nil || resources.Kind != yaml.MappingNode {
		return false
	}
	pairs := entries(resources)
	for i := 1; i < len(pairs); i += 2 {
		_, typ := mapGet(pairs[i], "Type")
		if typ != nil && typ.Kind == yaml.ScalarNode && hasTypePrefix(typ.Value) {
			return true
		}
	}
	return false
}

// wellKnownOther reports whether the file name is one of the JSON files
// found next to templates that are never templates themselves (some of them
// large), so that they are not parsed.
func wellKnownOther(name string) bool {
	switch base := path.Base(filepath.ToSlash(name)); base {
	case "package.json", "package-lock.json", "tsconfig.json", "cdk.json", "cdk.context.json",
		"tree.json", "manifest.json", "composer.json", "composer.lock":
		return true
	default:
		return strings.HasSuffix(base, ".assets.json")
	}
}

func hasTypePrefix(typ string) bool {
	return strings.HasPrefix(typ, "AWS::") || strings.HasPrefix(typ, "Custom::") || strings.HasPrefix(typ, "Alexa::")
}

// ParseTemplate parses one template named name, whatever it looks like. It
// always returns a project, which lists the file, and reports problems as
// diagnostics: a template that is not valid YAML or JSON is one error; a
// resource that cannot be read is a warning and the others are still read.
func ParseTemplate(name string, data []byte, opts Options) (*model.Project, model.Diagnostics) {
	src := newSource(name, data)
	root, err := parseRoot(src.data)
	if err != nil {
		return &model.Project{Files: []model.File{{Path: name, Kind: model.CloudFormation}}},
			model.Diagnostics{syntaxError(src, err)}
	}
	return parseTemplate(src, root, opts)
}

// parseTemplate reads the parsed document root of the template src.
func parseTemplate(src *source, root *yaml.Node, opts Options) (*model.Project, model.Diagnostics) {
	return parseTemplateWith(src, root, opts, nil)
}

// parseTemplateWith is parseTemplate where the nodes of unknown hold
// values decided beforehand (the unresolved variables of a Serverless
// Framework file).
func parseTemplateWith(src *source, root *yaml.Node, opts Options, unknown map[*yaml.Node]*val) (proj *model.Project, diags model.Diagnostics) {
	name := src.name
	proj = &model.Project{Files: []model.File{{Path: name, Kind: model.CloudFormation, Parsed: true}}}
	var t *template
	defer func() {
		if r := recover(); r != nil {
			if t != nil {
				diags = t.diags
			}
			diags = append(diags, model.Diagnostic{
				Severity: model.DiagError,
				Summary:  "internal error while reading the template",
				Detail:   fmt.Sprintf("%v. Please report this with the template; part of it was not analysed.", r),
				Subject:  model.Range{Filename: name},
			})
		}
	}()
	if root == nil || root.Kind != yaml.MappingNode {
		return proj, model.Diagnostics{{
			Severity: model.DiagError,
			Summary:  "not a CloudFormation template",
			Detail:   "The top level of a template must be a mapping with a Resources section; nothing was analysed.",
			Subject:  src.rng(root),
		}}
	}
	t = newTemplate(src, opts, proj)
	t.preset = unknown
	t.read(root)
	return proj, t.diags
}

// errorLine finds the line number in a yaml.v3 error message.
var errorLine = regexp.MustCompile(`line (\d+)`)

// syntaxError converts a YAML parse error, whose message may hold the line
// ("yaml: line 3: mapping values are not allowed in this context").
func syntaxError(src *source, err error) model.Diagnostic {
	d := model.Diagnostic{
		Severity: model.DiagError,
		Summary:  "invalid YAML or JSON",
		Detail:   err.Error() + ". Fix the syntax; nothing in this file was analysed.",
		Subject:  model.Range{Filename: src.name},
	}
	msg := err.Error()
	if m := errorLine.FindStringSubmatch(msg); m != nil {
		if line, err := strconv.Atoi(m[1]); err == nil {
			// yaml.v3 counts the lines of its parser errors ("did not find
			// expected …") from 0, and those of its scanner errors from 1.
			if strings.Contains(msg, "did not find expected") {
				line++
			}
			d.Subject = src.lineRange(min(max(line, 1), len(src.yaml.start)))
		}
	}
	return d
}
