package terraform

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// maxFileSize bounds what file() and templatefile() read.
const maxFileSize = 4 << 20

// fileFuncs implements file and templatefile over the module's FS. Each
// file is read, and each template parsed, once per module however many
// times it is used.
type fileFuncs struct {
	fsys fs.FS
	// base is the function table templates are evaluated with: every
	// function but templatefile, so that templates cannot recurse.
	base      map[string]function.Function
	texts     map[string]fileText
	templates map[string]parsedTemplate
}

// fileText is the result of reading one file: its text, or why not.
type fileText struct{ text, why string }

// parsedTemplate is the result of parsing one template file.
type parsedTemplate struct {
	expr hcl.Expression
	why  string
	err  error
}

// newFileFuncs returns the file functions over fsys; base is completed
// with file.
func newFileFuncs(fsys fs.FS, base map[string]function.Function) *fileFuncs {
	f := &fileFuncs{fsys: fsys, base: base, texts: map[string]fileText{}, templates: map[string]parsedTemplate{}}
	base["file"] = f.fileFunc()
	return f
}

// fileFunc returns file(path).
func (f *fileFuncs) fileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{{Name: "path", Type: cty.String}},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			t := f.cachedRead(args[0].AsString())
			if t.why != "" {
				return cty.UnknownVal(cty.String).Mark(unknownMark{reason: t.why}), nil
			}
			return cty.StringVal(t.text), nil
		},
	})
}

// templateFileFunc returns templatefile(path, vars).
func (f *fileFuncs) templateFileFunc() function.Function {
	return function.New(&function.Spec{
		Params: []function.Parameter{
			{Name: "path", Type: cty.String},
			{Name: "vars", Type: cty.DynamicPseudoType},
		},
		Type: function.StaticReturnType(cty.DynamicPseudoType),
		Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
			name := args[0].AsString()
			t := f.template(name)
			switch {
			case t.why != "":
				return cty.DynamicVal.Mark(unknownMark{reason: t.why}), nil
			case t.err != nil:
				return cty.NilVal, t.err
			}
			return f.render(name, t.expr, args[1])
		},
	})
}

// cachedRead is read, once per name.
func (f *fileFuncs) cachedRead(name string) fileText {
	t, ok := f.texts[name]
	if !ok {
		t.text, t.why = f.read(name)
		f.texts[name] = t
	}
	return t
}

// template returns the parsed template file name, parsing it once.
func (f *fileFuncs) template(name string) parsedTemplate {
	if t, ok := f.templates[name]; ok {
		return t
	}
	var t parsedTemplate
	text := f.cachedRead(name)
	switch {
	case text.why != "":
		t.why = text.why
	default:
		if d := checkNesting([]byte(text.text), name, true); d != nil {
			t.err = fmt.Errorf("template %q: %s", name, d.Detail)
			break
		}
		var diags hcl.Diagnostics
		t.expr, diags = hclsyntax.ParseTemplate([]byte(text.text), name, hcl.InitialPos)
		if diags.HasErrors() {
			t.err = fmt.Errorf("template %q: %s", name, diags.Error())
		}
	}
	f.templates[name] = t
	return t
}

// render evaluates a template with vars, an object or map of known keys.
func (f *fileFuncs) render(name string, tmpl hcl.Expression, vars cty.Value) (cty.Value, error) {
	ty := vars.Type()
	if !ty.IsObjectType() && !ty.IsMapType() {
		return cty.NilVal, errors.New("vars must be an object or a map")
	}
	if vars.IsNull() {
		return cty.NilVal, errors.New("vars must not be null")
	}
	ctx := &hcl.EvalContext{Variables: vars.AsValueMap(), Functions: f.base}
	v, diags := tmpl.Value(ctx)
	if diags.HasErrors() {
		return cty.NilVal, fmt.Errorf("template %q: %s", name, diags.Error())
	}
	return v, nil
}

// read returns the content of a file of the module, or why it cannot.
func (f *fileFuncs) read(name string) (text, why string) {
	clean, ok := modulePath(name)
	if !ok {
		return "", fmt.Sprintf("file %q is outside the module directory and is not read", name)
	}
	if f.fsys == nil {
		return "", fmt.Sprintf("file %q is not read: no file system was given", name)
	}
	info, err := fs.Stat(f.fsys, clean)
	if err != nil {
		return "", fmt.Sprintf("file %q cannot be read: %v", name, err)
	}
	if !info.Mode().IsRegular() || info.Size() > maxFileSize {
		return "", fmt.Sprintf("file %q is not a regular file of at most %d bytes", name, maxFileSize)
	}
	data, err := fs.ReadFile(f.fsys, clean)
	if err != nil {
		return "", fmt.Sprintf("file %q cannot be read: %v", name, err)
	}
	if !utf8.Valid(data) {
		return "", fmt.Sprintf("file %q is not UTF-8 text", name)
	}
	return string(data), ""
}

// modulePath turns a path relative to the module directory (path.module is
// ".") into an fs.FS path, refusing anything that leaves the directory.
func modulePath(name string) (string, bool) {
	p := strings.ReplaceAll(name, `\`, "/")
	if path.IsAbs(p) || (len(p) >= 2 && p[1] == ':') {
		return "", false
	}
	p = path.Clean(p)
	if p == ".." || strings.HasPrefix(p, "../") || !fs.ValidPath(p) {
		return "", false
	}
	return p, true
}
