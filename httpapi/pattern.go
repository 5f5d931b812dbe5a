package httpapi

import (
	"regexp"
	"regexp/syntax"
)

// bytePattern is a contract pattern of the common shape, anchored at the start, made of
// ASCII literals and ASCII character classes with counts, or one group of alternatives of
// that kind (^AZ-[0-9A-Z]{8}$, ^\d{11}$, ^[a-z0-9._-]{4,64}$, ^/DOC/,
// ^(0\d{5,10}|3\d{8,9})$), matched on bytes without regexp's machinery. It says exactly what
// regexp says for those patterns (TestBytePatternAgreesWithRegexp); any other pattern, and
// any string longer than bytePatternMaxLen, is left to regexp.
type bytePattern struct {
	alts      [][]pelem // the string matches one of these sequences
	endAnchor bool
	re        *regexp.Regexp // the same pattern, for long strings
}

type pelem struct {
	set      [4]uint64 // bytes 0..255 (only ASCII ones are ever set)
	min, max int       // max -1: unbounded
}

// bytePatternMaxLen bounds the backtracking (at most two elements of a sequence have a
// variable count).
const bytePatternMaxLen = 256

// compileBytePattern returns nil when the pattern is not of the shape bytePattern handles.
func compileBytePattern(expr string, re *regexp.Regexp) *bytePattern {
	t, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || t.Op != syntax.OpConcat || len(t.Sub) < 2 || t.Sub[0].Op != syntax.OpBeginText {
		return nil
	}
	p := &bytePattern{re: re}
	subs := t.Sub[1:]
	if last := subs[len(subs)-1]; last.Op == syntax.OpEndText {
		p.endAnchor = true
		subs = subs[:len(subs)-1]
	}
	// ^(a|b|c)$: one group of alternatives and nothing else.
	if len(subs) == 1 && subs[0].Op == syntax.OpCapture && len(subs[0].Sub) == 1 && subs[0].Sub[0].Op == syntax.OpAlternate {
		for _, alt := range subs[0].Sub[0].Sub {
			items := []*syntax.Regexp{alt}
			if alt.Op == syntax.OpConcat {
				items = alt.Sub
			}
			seq := compileSeq(items)
			if seq == nil {
				return nil
			}
			p.alts = append(p.alts, seq)
		}
		return p
	}
	seq := compileSeq(subs)
	if seq == nil {
		return nil
	}
	p.alts = [][]pelem{seq}
	return p
}

// compileSeq compiles a sequence of literals, classes and counted classes; nil if any item
// is of another kind.
func compileSeq(subs []*syntax.Regexp) []pelem {
	var out []pelem
	variable := 0
	for _, s := range subs {
		if s.Flags&syntax.FoldCase != 0 {
			return nil
		}
		switch s.Op {
		case syntax.OpLiteral:
			for _, r := range s.Rune {
				e := pelem{min: 1, max: 1}
				if !e.add(r, r) {
					return nil
				}
				out = append(out, e)
			}
			continue
		case syntax.OpCharClass:
			e := pelem{min: 1, max: 1}
			if !e.addClass(s) {
				return nil
			}
			out = append(out, e)
			continue
		}
		var e pelem
		switch s.Op {
		case syntax.OpRepeat:
			e.min, e.max = s.Min, s.Max
		case syntax.OpPlus:
			e.min, e.max = 1, -1
		case syntax.OpStar:
			e.min, e.max = 0, -1
		case syntax.OpQuest:
			e.min, e.max = 0, 1
		default:
			return nil
		}
		if len(s.Sub) != 1 || s.Flags&syntax.NonGreedy != 0 {
			return nil
		}
		sub := s.Sub[0]
		if sub.Flags&syntax.FoldCase != 0 {
			return nil
		}
		switch {
		case sub.Op == syntax.OpCharClass:
			if !e.addClass(sub) {
				return nil
			}
		case sub.Op == syntax.OpLiteral && len(sub.Rune) == 1:
			if !e.add(sub.Rune[0], sub.Rune[0]) {
				return nil
			}
		default:
			return nil
		}
		if e.min != e.max {
			variable++
		}
		out = append(out, e)
	}
	if variable > 2 || len(out) == 0 {
		return nil
	}
	return out
}

func (e *pelem) add(lo, hi rune) bool {
	if lo < 0 || hi > 0x7f || lo > hi {
		return false
	}
	for c := lo; c <= hi; c++ {
		e.set[c>>6] |= 1 << (c & 63)
	}
	return true
}

func (e *pelem) addClass(s *syntax.Regexp) bool {
	if len(s.Rune)%2 != 0 || len(s.Rune) == 0 {
		return false
	}
	for i := 0; i < len(s.Rune); i += 2 {
		if !e.add(s.Rune[i], s.Rune[i+1]) {
			return false
		}
	}
	return true
}

func (e *pelem) has(c byte) bool { return e.set[c>>6]&(1<<(c&63)) != 0 }

// Match reports whether b matches the pattern, as regexp.Match would.
func (p *bytePattern) Match(b []byte) bool {
	if len(b) > bytePatternMaxLen {
		return p.re.Match(b)
	}
	for _, seq := range p.alts {
		if p.match(seq, b, 0, 0) {
			return true
		}
	}
	return false
}

func (p *bytePattern) match(seq []pelem, b []byte, i, k int) bool {
	if k == len(seq) {
		return !p.endAnchor || i == len(b)
	}
	e := &seq[k]
	n := 0
	for i+n < len(b) && (e.max < 0 || n < e.max) && e.has(b[i+n]) {
		n++
	}
	for ; n >= e.min; n-- {
		if p.match(seq, b, i+n, k+1) {
			return true
		}
	}
	return false
}
