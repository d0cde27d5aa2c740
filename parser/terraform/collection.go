package terraform

import (
	"fmt"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
)

// lookupFunc is Terraform's lookup: the default is optional and may be
// null, which cty's lookup does not allow. An element that is itself
// unknown is returned as it is, marks and all, so that lookup of a map of
// key references still names the key.
var lookupFunc = function.New(&function.Spec{
	Params: []function.Parameter{
		{Name: "inputMap", Type: cty.DynamicPseudoType, AllowMarked: true},
		{Name: "key", Type: cty.String, AllowMarked: true},
	},
	VarParam: &function.Parameter{
		Name: "default", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true,
	},
	Type: lookupType,
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		m, mapMarks := args[0].Unmark()
		key, keyMarks := args[1].Unmark()
		if !m.IsKnown() {
			return cty.UnknownVal(retType).WithMarks(mapMarks, keyMarks), nil
		}
		k := key.AsString()
		switch {
		case m.Type().IsObjectType() && m.Type().HasAttribute(k):
			return m.GetAttr(k).WithMarks(mapMarks, keyMarks), nil
		case m.Type().IsMapType() && m.HasIndex(key) == cty.True:
			return m.Index(key).WithMarks(mapMarks, keyMarks), nil
		case len(args) == 3:
			def, err := convert.Convert(args[2], retType)
			if err != nil {
				return cty.NilVal, err
			}
			return def.WithMarks(mapMarks, keyMarks), nil
		}
		return cty.NilVal, fmt.Errorf("lookup failed to find key %q", k)
	},
})

// lookupType is the result type of lookup(inputMap, key[, default]).
func lookupType(args []cty.Value) (cty.Type, error) {
	if len(args) > 3 {
		return cty.NilType, fmt.Errorf("lookup takes two or three arguments, got %d", len(args))
	}
	ty := args[0].Type()
	switch {
	case ty.IsObjectType():
		if !args[1].IsKnown() {
			return cty.DynamicPseudoType, nil
		}
		key, _ := args[1].Unmark()
		if k := key.AsString(); ty.HasAttribute(k) {
			return ty.AttributeType(k), nil
		}
		if len(args) == 3 {
			return args[2].Type(), nil
		}
		return cty.DynamicPseudoType, nil
	case ty.IsMapType():
		if len(args) == 3 {
			if _, err := convert.Convert(args[2], ty.ElementType()); err != nil {
				return cty.NilType, function.NewArgErrorf(2, "the default value must have the same type as the map elements")
			}
		}
		return ty.ElementType(), nil
	case ty == cty.DynamicPseudoType:
		return cty.DynamicPseudoType, nil
	}
	return cty.NilType, function.NewArgErrorf(0, "lookup() requires a map as the first argument")
}

// oneFunc is Terraform's one: the only element of a list, set or tuple of
// at most one element, or null when it is empty.
var oneFunc = function.New(&function.Spec{
	Params: []function.Parameter{{Name: "list", Type: cty.DynamicPseudoType}},
	Type: func(args []cty.Value) (cty.Type, error) {
		ty := args[0].Type()
		switch {
		case ty.IsListType() || ty.IsSetType():
			return ty.ElementType(), nil
		case ty.IsTupleType() && len(ty.TupleElementTypes()) == 0:
			return cty.DynamicPseudoType, nil
		case ty.IsTupleType() && len(ty.TupleElementTypes()) == 1:
			return ty.TupleElementType(0), nil
		}
		return cty.NilType, function.NewArgErrorf(0, "must be a list, set or tuple value with either zero or one elements")
	},
	Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
		list := args[0]
		if list.IsNull() {
			return cty.NilVal, function.NewArgErrorf(0, "argument must not be null")
		}
		length := list.Length()
		if !length.IsKnown() {
			return cty.UnknownVal(retType), nil
		}
		switch list.LengthInt() {
		case 0:
			return cty.NullVal(retType), nil
		case 1:
			it := list.ElementIterator()
			it.Next()
			_, v := it.Element()
			return v, nil
		}
		return cty.NilVal, function.NewArgErrorf(0, "must be a list, set or tuple value with either zero or one elements")
	},
})

// identityFunc returns its argument: sensitive and nonsensitive, whose
// marks do not matter to the analysis.
var identityFunc = function.New(&function.Spec{
	Params: []function.Parameter{{
		Name: "value", Type: cty.DynamicPseudoType,
		AllowUnknown: true, AllowDynamicType: true, AllowNull: true, AllowMarked: true,
	}},
	Type: func(args []cty.Value) (cty.Type, error) { return args[0].Type(), nil },
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) { return args[0], nil },
})
