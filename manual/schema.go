package manual

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// typeDesc describes a type for a table cell. The template links Ref to the schema's entry
// in "Modelli dati".
type typeDesc struct {
	Prefix string // "array di ", "mappa di "
	Base   string // string, integer, object...
	Format string // date, date-time...
	Ref    string // component schema name, when the type is a named model
	Alt    []typeDesc
	AltOp  string // "una tra" (oneOf), "almeno una tra" (anyOf)
}

// IsObject tells the template to print only the model's name, not "object" beside it.
func (t typeDesc) IsObject() bool { return t.Base == "object" || t.Base == "" }

// constraint is one validation rule of a field: a label and, usually, a value shown as code.
type constraint struct {
	Label string
	Value string
}

// fieldRow is one line of a nested field table.
type fieldRow struct {
	Level       int
	Name        string
	Type        typeDesc
	Required    bool
	Constraints []constraint
	Enum        []string
	EnumRef     string // long enums are listed once, in the model's own entry
	Desc        template.HTML
	Cycle       string // set when the model contains itself: the table stops and links
}

// fieldCtx walks schemas for one table: it carries the document and remembers which named
// models are open on the current path, so that a recursive model ends in a link instead of
// an endless table.
type fieldCtx struct {
	b          *builder
	expandRefs bool // request bodies expand named models in place; the model chapter links
	stack      []string
	rows       []fieldRow
}

const (
	maxDepth      = 8
	maxInlineEnum = 12
)

// schemaFields returns the field rows of a schema: its properties for an object, its items
// for an array, a single row for anything else.
func (b *builder) schemaFields(ref *openapi3.SchemaRef, ptr string, expandRefs bool) []fieldRow {
	if ref == nil || ref.Value == nil {
		return nil
	}
	fc := &fieldCtx{b: b, expandRefs: expandRefs}
	if ref.Ref != "" {
		fc.stack = append(fc.stack, ref.Ref)
		ptr = refPointer(ref.Ref)
	}
	s := ref.Value
	switch {
	case isObjectLike(s):
		fc.properties(ref, ptr, 0)
	case s.Items != nil && hasType(s, "array"):
		fc.row("[ ]", s.Items, ptr+"/items", false, 0)
	default:
		fc.row("(valore)", ref, ptr, true, 0)
	}
	return fc.rows
}

// properties emits a row per property of an object schema (allOf merged), recursing into
// nested objects.
func (fc *fieldCtx) properties(ref *openapi3.SchemaRef, ptr string, level int) {
	props, required := fc.b.mergedProperties(ref, ptr, 0)
	for _, p := range props {
		fc.row(p.name, p.ref, p.ptr, required[p.name], level)
	}
	s := ref.Value
	for _, kind := range []struct {
		name string
		refs openapi3.SchemaRefs
	}{{"oneOf", s.OneOf}, {"anyOf", s.AnyOf}} {
		for k, alt := range kind.refs {
			altPtr := fmt.Sprintf("%s/%s/%d", ptr, kind.name, k)
			if alt.Ref != "" && !fc.expandRefs {
				continue
			}
			if alt.Value != nil && isObjectLike(alt.Value) && level < maxDepth {
				label := "alternativa " + strconv.Itoa(k+1)
				if alt.Ref != "" {
					label += " (" + refName(alt.Ref) + ")"
				}
				fc.rows = append(fc.rows, fieldRow{Level: level, Name: label, Type: typeDesc{Base: kind.name}})
				fc.nested(alt, altPtr, level+1)
			}
		}
	}
}

// nested follows a named or inline object one level down, unless the model is already open
// on this path (a recursive model) or the table would get absurdly deep.
func (fc *fieldCtx) nested(ref *openapi3.SchemaRef, ptr string, level int) (cycle string) {
	if ref.Ref != "" {
		if slices.Contains(fc.stack, ref.Ref) {
			return refName(ref.Ref)
		}
		if !fc.expandRefs {
			return ""
		}
		fc.stack = append(fc.stack, ref.Ref)
		defer func() { fc.stack = fc.stack[:len(fc.stack)-1] }()
		ptr = refPointer(ref.Ref)
	}
	if level > maxDepth {
		return ""
	}
	fc.properties(ref, ptr, level)
	return ""
}

func (fc *fieldCtx) row(name string, ref *openapi3.SchemaRef, ptr string, required bool, level int) {
	if ref == nil || ref.Value == nil {
		return
	}
	if ref.Ref != "" {
		ptr = refPointer(ref.Ref)
	}
	r := fieldRow{
		Level:       level,
		Name:        name,
		Type:        fc.b.typeOf(ref),
		Required:    required,
		Constraints: fieldConstraints(ref),
		Desc:        markdownInline(describe(ref)),
	}
	r.Enum, r.EnumRef = enumOf(unwrap(ref))
	idx := len(fc.rows)
	fc.rows = append(fc.rows, r)

	// what to open below this row: the object itself, an array's items, a map's values
	child, childPtr := unwrap(ref), ptr
	if child != ref && child.Ref != "" {
		childPtr = refPointer(child.Ref)
	}
	for range 3 {
		cs := child.Value
		if cs == nil {
			return
		}
		switch {
		case hasType(cs, "array") && cs.Items != nil:
			child, childPtr = cs.Items, childPtr+"/items"
			if child.Ref != "" {
				childPtr = refPointer(child.Ref)
			}
			continue
		case cs.AdditionalProperties.Schema != nil && len(cs.Properties) == 0:
			child, childPtr = cs.AdditionalProperties.Schema, childPtr+"/additionalProperties"
			if child.Ref != "" {
				childPtr = refPointer(child.Ref)
			}
			continue
		}
		break
	}
	if child.Value == nil || !isObjectLike(child.Value) && len(child.Value.OneOf)+len(child.Value.AnyOf) == 0 {
		return
	}
	if cycle := fc.nested(child, childPtr, level+1); cycle != "" {
		fc.rows[idx].Cycle = cycle
	}
}

type property struct {
	name string
	ref  *openapi3.SchemaRef
	ptr  string
}

// mergedProperties flattens allOf into one ordered property list and one required set: the
// generated client and the sandbox see a single object, and so should the reader.
func (b *builder) mergedProperties(ref *openapi3.SchemaRef, ptr string, depth int) ([]property, map[string]bool) {
	required := map[string]bool{}
	var props []property
	if ref == nil || ref.Value == nil || depth > maxDepth {
		return props, required
	}
	if ref.Ref != "" {
		ptr = refPointer(ref.Ref)
	}
	s := ref.Value
	seen := map[string]bool{}
	add := func(ps []property, req map[string]bool) {
		for _, p := range ps {
			if !seen[p.name] {
				seen[p.name] = true
				props = append(props, p)
			}
		}
		for k := range req {
			required[k] = true
		}
	}
	for k, part := range s.AllOf {
		add(b.mergedProperties(part, fmt.Sprintf("%s/allOf/%d", ptr, k), depth+1))
	}
	own := make([]property, 0, len(s.Properties))
	for _, name := range sortKeys(b.order, ptr+"/properties", s.Properties) {
		own = append(own, property{name: name, ref: s.Properties[name], ptr: ptr + "/properties/" + escapePointer(name)})
	}
	req := map[string]bool{}
	for _, r := range s.Required {
		req[r] = true
	}
	add(own, req)
	return props, required
}

func hasType(s *openapi3.Schema, t string) bool {
	return s.Type != nil && s.Type.Includes(t)
}

// isObjectLike: an object, or an allOf composition of objects.
func isObjectLike(s *openapi3.Schema) bool {
	if hasType(s, "object") || len(s.Properties) > 0 {
		return true
	}
	if s.Type == nil && len(s.AllOf) > 0 {
		for _, p := range s.AllOf {
			if p.Value != nil && isObjectLike(p.Value) {
				return true
			}
		}
	}
	return false
}

// typeOf names a schema's type for the reader.
func (b *builder) typeOf(ref *openapi3.SchemaRef) typeDesc {
	return b.typeOfDepth(ref, 0)
}

func (b *builder) typeOfDepth(ref *openapi3.SchemaRef, depth int) typeDesc {
	if ref == nil || ref.Value == nil || depth > maxDepth {
		return typeDesc{Base: "any"}
	}
	if inner := unwrap(ref); inner != ref && ref.Ref == "" {
		return b.typeOfDepth(inner, depth+1)
	}
	s := ref.Value
	t := typeDesc{Format: s.Format}
	if b.schemaRefs[ref.Ref] {
		t.Ref = refName(ref.Ref)
	}
	switch {
	case s.Type != nil && len(s.Type.Slice()) > 0:
		ts := slices.DeleteFunc(slices.Clone(s.Type.Slice()), func(x string) bool { return x == "null" })
		t.Base = strings.Join(ts, " | ")
	case isObjectLike(s):
		t.Base = "object"
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		alts, op := s.OneOf, "una tra"
		if len(alts) == 0 {
			alts, op = s.AnyOf, "almeno una tra"
		}
		t.AltOp = op
		for _, a := range alts {
			t.Alt = append(t.Alt, b.typeOfDepth(a, depth+1))
		}
		return t
	case len(s.AllOf) == 1:
		inner := b.typeOfDepth(s.AllOf[0], depth+1)
		if t.Ref == "" {
			return inner
		}
		t.Base, t.Format = inner.Base, inner.Format
	default:
		t.Base = "any"
	}
	if t.Ref != "" {
		return t
	}
	if hasType(s, "array") && s.Items != nil {
		inner := b.typeOfDepth(s.Items, depth+1)
		inner.Prefix = "array di " + inner.Prefix
		return inner
	}
	if s.AdditionalProperties.Schema != nil && len(s.Properties) == 0 {
		inner := b.typeOfDepth(s.AdditionalProperties.Schema, depth+1)
		inner.Prefix = "mappa di " + inner.Prefix
		return inner
	}
	return t
}

// unwrap sees through the "allOf with one $ref" idiom that contracts use to give a shared
// type its own description: the rules live in the referenced schema.
func unwrap(ref *openapi3.SchemaRef) *openapi3.SchemaRef {
	for range maxDepth {
		s := ref.Value
		if s == nil || s.Type != nil || len(s.Properties) > 0 || len(s.AllOf) != 1 || s.AllOf[0].Value == nil {
			return ref
		}
		ref = s.AllOf[0]
	}
	return ref
}

// fieldConstraints joins the rules of a field and of the type it wraps, without repeats.
func fieldConstraints(ref *openapi3.SchemaRef) []constraint {
	out := constraints(ref.Value)
	if inner := unwrap(ref); inner != ref && inner.Value != nil {
		for _, c := range constraints(inner.Value) {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// constraints lists a schema's validation rules in the manual's words.
func constraints(s *openapi3.Schema) []constraint {
	var out []constraint
	add := func(label, value string) { out = append(out, constraint{label, value}) }
	if s.Pattern != "" {
		add("pattern", s.Pattern)
	}
	switch {
	case s.MinLength > 0 && s.MaxLength != nil && s.MinLength == *s.MaxLength:
		add("lunghezza", strconv.FormatUint(s.MinLength, 10))
	case s.MinLength > 0 && s.MaxLength != nil:
		add("lunghezza", fmt.Sprintf("%d..%d", s.MinLength, *s.MaxLength))
	case s.MinLength > 0:
		add("lunghezza min", strconv.FormatUint(s.MinLength, 10))
	case s.MaxLength != nil:
		add("lunghezza max", strconv.FormatUint(*s.MaxLength, 10))
	}
	if s.Min != nil {
		label := "min"
		if s.ExclusiveMin.IsTrue() {
			label = "min (escluso)"
		}
		add(label, number(*s.Min))
	} else if v := s.ExclusiveMin.Value; v != nil {
		add("min (escluso)", number(*v))
	}
	if s.Max != nil {
		label := "max"
		if s.ExclusiveMax.IsTrue() {
			label = "max (escluso)"
		}
		add(label, number(*s.Max))
	} else if v := s.ExclusiveMax.Value; v != nil {
		add("max (escluso)", number(*v))
	}
	if s.MultipleOf != nil {
		add("multiplo di", number(*s.MultipleOf))
	}
	if s.MinItems > 0 {
		add("elementi min", strconv.FormatUint(s.MinItems, 10))
	}
	if s.MaxItems != nil {
		add("elementi max", strconv.FormatUint(*s.MaxItems, 10))
	}
	if s.UniqueItems {
		add("elementi distinti", "")
	}
	if s.MinProps > 0 {
		add("proprietà min", strconv.FormatUint(s.MinProps, 10))
	}
	if s.MaxProps != nil {
		add("proprietà max", strconv.FormatUint(*s.MaxProps, 10))
	}
	if s.Default != nil {
		add("default", jsonScalar(s.Default))
	}
	if s.ReadOnly {
		add("sola lettura", "")
	}
	if s.WriteOnly {
		add("sola scrittura", "")
	}
	if s.Nullable {
		add("può essere null", "")
	}
	if s.Deprecated {
		add("deprecato", "")
	}
	if s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has && len(s.Properties) > 0 {
		add("nessun campo aggiuntivo", "")
	}
	if s.Example != nil && len(s.Enum) == 0 && !isObjectLike(s) && !hasType(s, "array") {
		add("es.", jsonScalar(s.Example))
	}
	return out
}

// enumOf returns the values to list beside a field. A long enum of a named model (the
// provinces) is listed once, in the model's entry, and the field links there.
func enumOf(ref *openapi3.SchemaRef) ([]string, string) {
	s := ref.Value
	for s != nil && hasType(s, "array") && s.Items != nil && len(s.Enum) == 0 {
		ref = s.Items
		s = ref.Value
	}
	if s == nil || len(s.Enum) == 0 {
		return nil, ""
	}
	if ref.Ref != "" && len(s.Enum) > maxInlineEnum {
		return nil, refName(ref.Ref)
	}
	return enumValues(s.Enum), ""
}

func enumValues(vs []any) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = jsonScalar(v)
	}
	return out
}

// describe picks the description for a field: its own, or the referenced model's.
func describe(ref *openapi3.SchemaRef) string {
	if ref.Value == nil {
		return ""
	}
	if ref.Value.Description != "" {
		return ref.Value.Description
	}
	if ref.Value.Title != "" {
		return ref.Value.Title
	}
	if it := ref.Value.Items; it != nil && it.Value != nil && hasType(ref.Value, "array") {
		return it.Value.Description
	}
	if inner := unwrap(ref); inner != ref && inner.Value != nil {
		return inner.Value.Description
	}
	return ""
}

// jsonScalar prints a value as it would appear in JSON, without quoting plain strings.
func jsonScalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return number(x)
	case nil:
		return "null"
	}
	out, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(out)
}

func number(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
