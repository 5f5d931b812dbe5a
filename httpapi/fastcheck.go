package httpapi

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// The fast check: an OpenAPI 3.0 schema compiled once into a tree that checks a JSON
// document straight from its bytes, with no map[string]any built on the way. kin-openapi
// decodes every body into interfaces and walks the schema generically; on the sandbox's hot
// path (a create: the request body, then the response) that was about half of the CPU.
//
// The fast check only ever answers "valid" or "not sure". What it accepts, kin-openapi
// accepts: every construct it does not reproduce exactly makes the schema "not sure", and
// where it is unsure of a value it says no. A body it refuses is validated again by
// kin-openapi, whose verdict and report are the answer (problem+json for a request, the
// loud 500 of strict mode for a response). So it changes the cost of valid traffic, never an
// answer. Held by fastcheck_test.go (every example and mutations of them, both ways) and by
// Contract.crossCheck, on in every test run, which validates with kin-openapi too whenever
// the fast check accepts and panics on a disagreement.

type checkMode uint8

const (
	asRequest checkMode = iota + 1
	asResponse
)

// fnode is one compiled schema.
type fnode struct {
	unsure bool // uses a keyword the fast check does not reproduce: always "not sure"

	anyType                                  bool // no type: every JSON type is allowed
	tString, tNumber, tInteger, tBool, tObj  bool
	tArray                                   bool
	nullable                                 bool
	enum                                     map[string]struct{}
	minLen                                   int64
	maxLen                                   int64 // -1: none
	pattern                                  *regexp.Regexp
	bytePat                                  *bytePattern // the pattern without regexp, when its shape allows
	strFormat                                openapi3.StringFormatValidator
	numFormat                                openapi3.NumberFormatValidator
	intFormat                                openapi3.IntegerFormatValidator
	min, max                                 *float64
	minItems                                 uint64
	maxItems                                 int64 // -1: none
	unique                                   bool
	items                                    *fnode
	props                                    map[string]*fprop
	required                                 uint64 // bits of the required properties
	requiredRO, requiredWO                   uint64 // those not required in a request / response
	noExtra                                  bool   // additionalProperties: false
	extra                                    *fnode // additionalProperties: {schema}
	allOf                                    []*fnode
	onlyAllOf                                bool // nothing of its own but allOf (a described $ref)
	acceptsAll                               bool // the empty schema plus null: anything goes
	requiredNames                            []string
	hasProps, hasEnum, hasNumChecks, hasStrs bool
}

type fprop struct {
	n                   *fnode
	bit                 uint64
	readOnly, writeOnly bool
	undeclared          bool // required but not among the properties: an additional property
}

// anything is what an unconstrained position (no items, additionalProperties absent) takes.
var anything = &fnode{anyType: true, nullable: true, maxLen: -1, maxItems: -1, acceptsAll: true}

type fastCompiler struct {
	memo    map[*openapi3.Schema]*fnode
	formats map[string]openapi3.StringFormatValidator // the document's own, before the global ones
}

func newFastCompiler(formats map[string]openapi3.StringFormatValidator) *fastCompiler {
	return &fastCompiler{memo: map[*openapi3.Schema]*fnode{}, formats: formats}
}

func (c *fastCompiler) compile(s *openapi3.Schema) *fnode {
	if s == nil {
		return &fnode{unsure: true}
	}
	if n, ok := c.memo[s]; ok {
		return n
	}
	n := &fnode{maxLen: -1, maxItems: -1}
	c.memo[s] = n
	// Keywords the contracts do not use and the fast check does not reproduce.
	if s.Always != nil || s.Not != nil || len(s.OneOf) > 0 || len(s.AnyOf) > 0 || s.Discriminator != nil ||
		s.MultipleOf != nil || s.ExclusiveMin.IsSet() || s.ExclusiveMax.IsSet() || s.MinProps != 0 || s.MaxProps != nil ||
		s.Const != nil || len(s.PrefixItems) > 0 || strings.Contains(s.Pattern, `\u`) || s.AllowEmptyValue {
		n.unsure = true
		return n
	}
	n.nullable = s.Nullable || s.Type.IncludesNull()
	if s.Type == nil {
		n.anyType = true
	} else {
		n.tString = s.Type.Permits(openapi3.TypeString)
		n.tNumber = s.Type.Permits(openapi3.TypeNumber)
		n.tInteger = s.Type.Permits(openapi3.TypeInteger)
		n.tBool = s.Type.Permits(openapi3.TypeBoolean)
		n.tObj = s.Type.Permits(openapi3.TypeObject)
		n.tArray = s.Type.Permits(openapi3.TypeArray)
	}
	if len(s.Enum) > 0 {
		n.hasEnum = true
		n.enum = make(map[string]struct{}, len(s.Enum))
		for _, v := range s.Enum {
			str, ok := v.(string)
			if !ok {
				n.unsure = true
				return n
			}
			n.enum[str] = struct{}{}
		}
	}
	// Strings.
	n.minLen = int64(s.MinLength)
	if s.MaxLength != nil {
		if *s.MaxLength > math.MaxInt64 {
			n.unsure = true
			return n
		}
		n.maxLen = int64(*s.MaxLength)
	}
	if s.Pattern != "" {
		re, err := regexp.Compile(s.Pattern)
		if err != nil {
			n.unsure = true
			return n
		}
		n.pattern = re
		n.bytePat = compileBytePattern(s.Pattern, re)
	}
	// Formats: the document's validators first, then kin-openapi's global ones, as it does.
	// An unknown format is not checked by kin-openapi either.
	if f := s.Format; f != "" {
		if v, ok := c.formats[f]; ok {
			n.strFormat = v
		} else if v, ok := openapi3.SchemaStringFormats[f]; ok {
			n.strFormat = v
		}
		if v, ok := openapi3.SchemaNumberFormats[f]; ok {
			n.numFormat = v
		}
		if v, ok := openapi3.SchemaIntegerFormats[f]; ok {
			n.intFormat = v
		}
	}
	n.min, n.max = s.Min, s.Max
	// Arrays.
	n.minItems = s.MinItems
	if s.MaxItems != nil {
		if *s.MaxItems > math.MaxInt64 {
			n.unsure = true
			return n
		}
		n.maxItems = int64(*s.MaxItems)
	}
	n.unique = s.UniqueItems
	if s.Items != nil {
		n.items = c.compile(s.Items.Value)
	}
	// Objects.
	if len(s.Properties) > 64 {
		n.unsure = true
		return n
	}
	n.hasProps = len(s.Properties) > 0
	n.props = make(map[string]*fprop, len(s.Properties))
	bit := uint64(1)
	for name, ref := range s.Properties {
		if ref == nil || ref.Value == nil {
			n.unsure = true
			return n
		}
		n.props[name] = &fprop{n: c.compile(ref.Value), bit: bit, readOnly: ref.Value.ReadOnly, writeOnly: ref.Value.WriteOnly}
		bit <<= 1
	}
	for _, name := range s.Required {
		p, ok := n.props[name]
		if !ok {
			// Required but not declared: give it a bit of its own.
			if bit == 0 {
				n.unsure = true
				return n
			}
			p = &fprop{n: anything, bit: bit, undeclared: true}
			n.props[name] = p
			bit <<= 1
		}
		n.required |= p.bit
		if p.readOnly {
			n.requiredRO |= p.bit
		}
		if p.writeOnly {
			n.requiredWO |= p.bit
		}
	}
	n.requiredNames = s.Required
	if has := s.AdditionalProperties.Has; has != nil && !*has {
		n.noExtra = true
	}
	if ref := s.AdditionalProperties.Schema; ref != nil {
		if ref.Value == nil {
			n.unsure = true
			return n
		}
		n.extra = c.compile(ref.Value)
	}
	for _, ref := range s.AllOf {
		if ref == nil || ref.Value == nil {
			n.unsure = true
			return n
		}
		n.allOf = append(n.allOf, c.compile(ref.Value))
	}
	n.hasNumChecks = n.min != nil || n.max != nil || n.numFormat != nil || n.intFormat != nil
	n.hasStrs = n.minLen != 0 || n.maxLen >= 0 || n.pattern != nil || n.strFormat != nil
	own := !n.anyType || n.nullable || n.hasEnum || n.hasStrs || n.hasNumChecks || n.minItems != 0 ||
		n.maxItems >= 0 || n.unique || n.items != nil || len(n.props) > 0 || n.noExtra || n.extra != nil
	n.onlyAllOf = len(n.allOf) > 0 && !own
	return n
}

// sure reports whether n and everything under it can be checked here.
func (n *fnode) sure() bool { return !n.unsureDeep(map[*fnode]bool{}) }

func (n *fnode) unsureDeep(seen map[*fnode]bool) bool {
	if seen[n] {
		return false
	}
	seen[n] = true
	if n.unsure {
		return true
	}
	if n.items != nil && n.items.unsureDeep(seen) {
		return true
	}
	if n.extra != nil && n.extra.unsureDeep(seen) {
		return true
	}
	for _, p := range n.props {
		if p.n.unsureDeep(seen) {
			return true
		}
	}
	for _, c := range n.allOf {
		if c.unsureDeep(seen) {
			return true
		}
	}
	return false
}

// fastValid reports whether the JSON document b surely satisfies n in the given direction.
func fastValid(n *fnode, b []byte, mode checkMode) bool {
	ok, _ := fastScan(n, b, mode)
	return ok
}

// fastScan is fastValid that also names a declared property found twice in one object
// (dup; the scan stops there, so ok is false): decoders keep the last value silently.
func fastScan(n *fnode, b []byte, mode checkMode) (ok bool, dup string) {
	if n == nil || n.unsure {
		return false, ""
	}
	s := scanner{b: b, mode: mode}
	if !s.value(n) {
		return false, s.dup
	}
	s.ws()
	return s.i == len(s.b), ""
}

const maxFastDepth = 128

type scanner struct {
	b     []byte
	i     int
	mode  checkMode
	depth int
	buf   []byte // unescaped strings
	dup   string // a declared property met twice in one object
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) value(n *fnode) bool {
	if n.unsure {
		return false
	}
	s.ws()
	if s.i >= len(s.b) {
		return false
	}
	if n.onlyAllOf {
		start := s.i
		end := -1
		for _, c := range n.allOf {
			s.i = start
			if !s.value(c) || (end >= 0 && s.i != end) {
				return false
			}
			end = s.i
		}
		return true
	}
	start := s.i
	if !s.own(n) {
		return false
	}
	if len(n.allOf) > 0 {
		end := s.i
		for _, c := range n.allOf {
			s.i = start
			if !s.value(c) || s.i != end {
				return false
			}
		}
	}
	return true
}

func (s *scanner) own(n *fnode) bool {
	switch c := s.b[s.i]; {
	case c == 'n':
		if !s.lit("null") {
			return false
		}
		return n.nullable
	case c == 't' || c == 'f':
		if (c == 't' && !s.lit("true")) || (c == 'f' && !s.lit("false")) {
			return false
		}
		if n.acceptsAll {
			return true
		}
		return !n.hasEnum && (n.anyType || n.tBool)
	case c == '"':
		str, ok := s.str()
		if !ok {
			return false
		}
		if n.acceptsAll {
			return true
		}
		return s.checkString(n, str)
	case c == '-' || (c >= '0' && c <= '9'):
		num, ok := s.num()
		if !ok {
			return false
		}
		if n.acceptsAll {
			return true
		}
		return s.checkNumber(n, num)
	case c == '{':
		if !n.acceptsAll && (n.hasEnum || !(n.anyType || n.tObj)) {
			return false
		}
		return s.object(n)
	case c == '[':
		if !n.acceptsAll && (n.hasEnum || !(n.anyType || n.tArray)) {
			return false
		}
		return s.array(n)
	}
	return false
}

func (s *scanner) lit(w string) bool {
	if len(s.b)-s.i < len(w) || string(s.b[s.i:s.i+len(w)]) != w {
		return false
	}
	s.i += len(w)
	return true
}

// str reads a JSON string and returns its value (a slice of the input when it has no
// escapes). Invalid UTF-8 and lone surrogates, which encoding/json would replace silently,
// are refused: kin-openapi then decides.
func (s *scanner) str() ([]byte, bool) {
	s.i++ // the quote
	start := s.i
	plain := true
	ascii := true
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			if !ascii && !utf8.Valid(raw) {
				return nil, false
			}
			if plain {
				return raw, true
			}
			out, ok := unescape(raw, s.buf[:0])
			s.buf = out
			return out, ok
		case c == '\\':
			plain = false
			s.i++
			if s.i >= len(s.b) {
				return nil, false
			}
			s.i++
		case c < 0x20:
			return nil, false
		case c >= 0x80:
			ascii = false
			s.i++
		default:
			s.i++
		}
	}
	return nil, false
}

func unescape(raw, out []byte) ([]byte, bool) {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		i++
		if i >= len(raw) {
			return nil, false
		}
		switch raw[i] {
		case '"', '\\', '/':
			out = append(out, raw[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(raw, i+1)
			if !ok {
				return nil, false
			}
			i += 4
			if r >= 0xD800 && r < 0xDC00 {
				if i+2 >= len(raw) || raw[i+1] != '\\' || raw[i+2] != 'u' {
					return nil, false
				}
				lo, ok := hex4(raw, i+3)
				if !ok || lo < 0xDC00 || lo > 0xDFFF {
					return nil, false
				}
				i += 6
				r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
			} else if r >= 0xDC00 && r <= 0xDFFF {
				return nil, false
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, false
		}
	}
	return out, true
}

func hex4(b []byte, at int) (rune, bool) {
	if at+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[at : at+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c-'a') + 10
		case c >= 'A' && c <= 'F':
			r |= rune(c-'A') + 10
		default:
			return 0, false
		}
	}
	return r, true
}

// num reads a JSON number (strict grammar) and returns its value.
func (s *scanner) num() (float64, bool) {
	start := s.i
	if s.b[s.i] == '-' {
		s.i++
	}
	digits := func() int {
		k := s.i
		for s.i < len(s.b) && s.b[s.i] >= '0' && s.b[s.i] <= '9' {
			s.i++
		}
		return s.i - k
	}
	if s.i < len(s.b) && s.b[s.i] == '0' {
		s.i++
	} else if digits() == 0 {
		return 0, false
	}
	integral := true
	if s.i < len(s.b) && s.b[s.i] == '.' {
		s.i++
		integral = false
		if digits() == 0 {
			return 0, false
		}
	}
	if s.i < len(s.b) && (s.b[s.i] == 'e' || s.b[s.i] == 'E') {
		s.i++
		integral = false
		if s.i < len(s.b) && (s.b[s.i] == '+' || s.b[s.i] == '-') {
			s.i++
		}
		if digits() == 0 {
			return 0, false
		}
	}
	lit := s.b[start:s.i]
	if integral && len(lit) <= 16 {
		var v int64
		neg := lit[0] == '-'
		for _, c := range lit {
			if c != '-' {
				v = v*10 + int64(c-'0')
			}
		}
		if neg {
			v = -v
		}
		return float64(v), true // |v| < 10^16: exact enough for float64's own rounding
	}
	f, err := strconv.ParseFloat(string(lit), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

func (s *scanner) checkString(n *fnode, v []byte) bool {
	if n.hasEnum {
		if _, ok := n.enum[string(v)]; !ok {
			return false
		}
	}
	if !n.anyType && !n.tString {
		return false
	}
	if !n.hasStrs {
		return true
	}
	if n.minLen != 0 || n.maxLen >= 0 {
		l := int64(utf8.RuneCount(v))
		if l < n.minLen || (n.maxLen >= 0 && l > n.maxLen) {
			return false
		}
	}
	if n.bytePat != nil {
		if !n.bytePat.Match(v) {
			return false
		}
	} else if n.pattern != nil && !n.pattern.Match(v) {
		return false
	}
	if n.strFormat != nil && n.strFormat.Validate(string(v)) != nil {
		return false
	}
	return true
}

func (s *scanner) checkNumber(n *fnode, v float64) bool {
	if n.hasEnum {
		return false
	}
	requireInteger := false
	if !n.anyType {
		if n.tInteger && !n.tNumber {
			requireInteger = true
			if v != math.Trunc(v) {
				return false
			}
		} else if !n.tInteger && !n.tNumber {
			return false
		}
	}
	if !n.hasNumChecks {
		return true
	}
	if requireInteger {
		if f := n.intFormat; f != nil {
			switch {
			case v == float64(math.MaxInt64):
				if f.Validate(math.MaxInt64) != nil {
					return false
				}
			case v >= float64(math.MinInt64) && v < float64(math.MaxInt64):
				if f.Validate(int64(v)) != nil {
					return false
				}
			default:
				return false
			}
		}
	} else if f := n.numFormat; f != nil && f.Validate(v) != nil {
		return false
	}
	if n.min != nil && !(*n.min <= v) {
		return false
	}
	if n.max != nil && !(*n.max >= v) {
		return false
	}
	return true
}

func (s *scanner) object(n *fnode) bool {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxFastDepth {
		return false
	}
	s.i++ // {
	var seen uint64
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == '}' {
		s.i++
	} else {
		for {
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != '"' {
				return false
			}
			key, ok := s.str()
			if !ok {
				return false
			}
			var p *fprop
			if !n.acceptsAll {
				p = n.props[string(key)]
			}
			s.ws()
			if s.i >= len(s.b) || s.b[s.i] != ':' {
				return false
			}
			s.i++
			if p != nil && seen&p.bit != 0 {
				s.dup = string(key)
				return false
			}
			switch {
			case p != nil && !p.undeclared:
				if (s.mode == asRequest && p.readOnly) || (s.mode == asResponse && p.writeOnly) {
					return false
				}
				seen |= p.bit
				if !s.value(p.n) {
					return false
				}
			default:
				if p != nil {
					seen |= p.bit // required, not declared: any value, as additional
				}
				if n.noExtra {
					return false
				}
				x := n.extra
				if x == nil {
					x = anything
				}
				if !s.value(x) {
					return false
				}
			}
			more, ok := s.after('}')
			if !ok {
				return false
			}
			if !more {
				break
			}
		}
	}
	need := n.required
	switch s.mode {
	case asRequest:
		need &^= n.requiredRO
	case asResponse:
		need &^= n.requiredWO
	}
	return seen&need == need
}

// after reads what follows a member of an object or array: a comma (more to come) or the
// closing bracket.
func (s *scanner) after(closer byte) (more, ok bool) {
	s.ws()
	if s.i >= len(s.b) {
		return false, false
	}
	switch s.b[s.i] {
	case ',':
		s.i++
		return true, true
	case closer:
		s.i++
		return false, true
	}
	return false, false
}

func (s *scanner) array(n *fnode) bool {
	s.depth++
	defer func() { s.depth-- }()
	if s.depth > maxFastDepth {
		return false
	}
	s.i++ // [
	items := n.items
	if items == nil || n.acceptsAll {
		items = anything
	}
	var count int64
	var uniq map[string]struct{}
	if n.unique && !n.acceptsAll {
		uniq = map[string]struct{}{}
	}
	s.ws()
	if s.i < len(s.b) && s.b[s.i] == ']' {
		s.i++
	} else {
		for {
			s.ws()
			if s.i >= len(s.b) {
				return false
			}
			if uniq != nil {
				// Unique items are checked for strings only (all the contracts use).
				if s.b[s.i] != '"' {
					return false
				}
				start := s.i
				v, ok := s.str()
				if !ok {
					return false
				}
				if _, dup := uniq[string(v)]; dup {
					return false
				}
				uniq[string(v)] = struct{}{}
				s.i = start
			}
			if !s.value(items) {
				return false
			}
			count++
			more, ok := s.after(']')
			if !ok {
				return false
			}
			if !more {
				break
			}
		}
	}
	if uint64(count) < n.minItems || (n.maxItems >= 0 && count > n.maxItems) {
		return false
	}
	return true
}
