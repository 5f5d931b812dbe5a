package manual

import (
	"bytes"
	"encoding/json"
	"regexp/syntax"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// omap is a JSON object that keeps its keys in the contract's order, so that an example in
// the manual reads in the same order as the field table above it.
type omap struct {
	keys []string
	vals map[string]any
}

func (m *omap) set(k string, v any) {
	if m.vals == nil {
		m.vals = map[string]any{}
	}
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// ordered copies an example value from the contract, turning every object into an omap in
// the order its keys were written at ptr.
func (ko keyOrder) ordered(v any, ptr string) any {
	switch x := v.(type) {
	case map[string]any:
		m := &omap{vals: make(map[string]any, len(x))}
		for _, k := range sortKeys(ko, ptr, x) {
			m.set(k, ko.ordered(x[k], ptr+"/"+escapePointer(k)))
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = ko.ordered(e, ptr+"/"+strconv.Itoa(i))
		}
		return out
	}
	return v
}

// prettyJSON writes v with two-space indentation. Strings are not HTML-escaped here: the
// template escapes the whole block once.
func prettyJSON(v any) string {
	var b strings.Builder
	writeJSON(&b, v, "")
	return b.String()
}

func writeJSON(b *strings.Builder, v any, indent string) {
	switch x := v.(type) {
	case *omap:
		if len(x.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range x.keys {
			b.WriteString(indent + "  ")
			b.WriteString(jsonString(k))
			b.WriteString(": ")
			writeJSON(b, x.vals[k], indent+"  ")
			if i < len(x.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "}")
	case map[string]any:
		writeJSON(b, keyOrder{}.ordered(x, ""), indent)
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		if allScalars(x) && len(x) <= 8 {
			b.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					b.WriteString(", ")
				}
				writeJSON(b, e, indent)
			}
			b.WriteByte(']')
			return
		}
		b.WriteString("[\n")
		for i, e := range x {
			b.WriteString(indent + "  ")
			writeJSON(b, e, indent+"  ")
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(indent + "]")
	case string:
		b.WriteString(jsonString(x))
	case float64:
		b.WriteString(number(x))
	default:
		out, err := json.Marshal(x)
		if err != nil {
			b.WriteString("null")
			return
		}
		b.Write(out)
	}
}

func allScalars(xs []any) bool {
	for _, x := range xs {
		switch x.(type) {
		case *omap, map[string]any, []any:
			return false
		}
	}
	return true
}

func jsonString(s string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

// sampleValue makes up a value for a schema that has no example: the example, default or
// first enum value when there is one, else a value that satisfies the type, format and
// pattern. Objects get their required properties and those with an example.
func (b *builder) sampleValue(ref *openapi3.SchemaRef, ptr string, depth int) any {
	if ref == nil || ref.Value == nil || depth > maxDepth {
		return nil
	}
	if ref.Ref != "" {
		ptr = refPointer(ref.Ref)
	}
	s := ref.Value
	switch {
	case s.Example != nil:
		return b.order.ordered(s.Example, ptr+"/example")
	case s.Default != nil:
		return b.order.ordered(s.Default, ptr+"/default")
	case len(s.Enum) > 0:
		return s.Enum[0]
	}
	switch {
	case isObjectLike(s):
		props, required := b.mergedProperties(ref, ptr, 0)
		m := &omap{}
		for _, p := range props {
			if required[p.name] || (p.ref.Value != nil && p.ref.Value.Example != nil) {
				if v := b.sampleValue(p.ref, p.ptr, depth+1); v != nil {
					m.set(p.name, v)
				}
			}
		}
		if len(m.keys) == 0 && len(s.OneOf) > 0 {
			return b.sampleValue(s.OneOf[0], ptr+"/oneOf/0", depth+1)
		}
		return m
	case len(s.OneOf) > 0:
		return b.sampleValue(s.OneOf[0], ptr+"/oneOf/0", depth+1)
	case len(s.AnyOf) > 0:
		return b.sampleValue(s.AnyOf[0], ptr+"/anyOf/0", depth+1)
	case len(s.AllOf) > 0:
		return b.sampleValue(s.AllOf[0], ptr+"/allOf/0", depth+1)
	case hasType(s, "array"):
		if v := b.sampleValue(s.Items, ptr+"/items", depth+1); v != nil {
			return []any{v}
		}
		return []any{}
	case hasType(s, "integer"), hasType(s, "number"):
		v := 1.0
		if s.Min != nil {
			v = *s.Min
			if s.ExclusiveMin.IsTrue() {
				v++
			}
		}
		return v
	case hasType(s, "boolean"):
		return true
	case hasType(s, "string"):
		return sampleString(s)
	}
	return nil
}

// sampleString gives a string that passes the schema's format, pattern and length.
func sampleString(s *openapi3.Schema) string {
	switch s.Format {
	case "date":
		return "2025-01-15"
	case "date-time":
		return "2025-01-15T10:30:00+01:00"
	case "email":
		return "referente@example.it"
	case "uri", "url":
		return "https://example.it/"
	case "uuid":
		return "3f1c2a9e-5b7d-4c1e-9a2b-6d8e0f1a2b3c"
	case "ipv4":
		return "192.0.2.10"
	}
	if s.Pattern != "" {
		if v, ok := regexSample(s.Pattern); ok {
			return v
		}
	}
	v := "esempio"
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

// regexSample builds the shortest plain string the pattern accepts (first alternative, least
// repetitions, the first letter or digit of each class), so that made-up identifiers such as
// AZ-00000000 still pass the contract's own validation.
func regexSample(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if !regexWrite(&b, re.Simplify(), 0) {
		return "", false
	}
	return b.String(), true
}

func regexWrite(b *strings.Builder, re *syntax.Regexp, depth int) bool {
	if depth > 50 {
		return false
	}
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
		return true
	case syntax.OpCharClass:
		r, ok := classSample(re.Rune)
		if ok {
			b.WriteRune(r)
		}
		return ok
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
		return true
	case syntax.OpCapture:
		return regexWrite(b, re.Sub[0], depth+1)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !regexWrite(b, s, depth+1) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return regexWrite(b, re.Sub[0], depth+1)
	case syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpPlus:
		return regexWrite(b, re.Sub[0], depth+1)
	case syntax.OpRepeat:
		for range max(re.Min, 0) {
			if !regexWrite(b, re.Sub[0], depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// classSample picks a readable rune from a character class: a digit, then an upper-case
// letter, a lower-case letter, and only then anything printable.
func classSample(ranges []rune) (rune, bool) {
	prefs := []func(rune) bool{unicode.IsDigit, unicode.IsUpper, unicode.IsLower,
		func(r rune) bool { return r > ' ' && r < 0x7f }}
	for _, pref := range prefs {
		for i := 0; i+1 < len(ranges); i += 2 {
			lo, hi := ranges[i], min(ranges[i+1], ranges[i]+200)
			for r := lo; r <= hi; r++ {
				if pref(r) {
					return r, true
				}
			}
		}
	}
	return 0, false
}

// paramValue is the value an example request uses for a parameter.
func (b *builder) paramValue(p *openapi3.Parameter, ptr string) any {
	if p.Example != nil {
		return p.Example
	}
	for _, k := range sortKeys(b.order, ptr+"/examples", p.Examples) {
		if e := p.Examples[k]; e != nil && e.Value != nil && e.Value.Value != nil {
			return e.Value.Value
		}
	}
	if p.Schema == nil {
		return "esempio"
	}
	if s := p.Schema.Value; s != nil && s.Example == nil && (s.Format == "date" || s.Format == "date-time") {
		end := slices.Contains([]string{"al", "a", "fino", "fine", "finoAl"}, p.Name)
		switch {
		case s.Format == "date" && end:
			return "2025-01-31"
		case s.Format == "date":
			return "2025-01-01"
		case end:
			return "2025-01-31T23:59:59+01:00"
		default:
			return "2025-01-01T00:00:00+01:00"
		}
	}
	return b.sampleValue(p.Schema, ptr+"/schema", 0)
}

// scalarText prints a parameter value as it goes on the wire (arrays comma-separated, the
// form style with explode false that the contracts use for lists).
func scalarText(v any) string {
	switch x := v.(type) {
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = scalarText(e)
		}
		return strings.Join(parts, ",")
	case *omap:
		return prettyJSON(x)
	}
	return jsonScalar(v)
}

// sortedStrings returns a sorted copy, for deterministic output.
func sortedStrings(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}
