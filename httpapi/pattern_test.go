package httpapi

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wpti/toolkit/spec"
)

// contractPatterns is every pattern of the contracts.
func contractPatterns(t testing.TB) []string {
	seen := map[string]bool{}
	var out []string
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 30 {
			return
		}
		if s.Pattern != "" && !seen[s.Pattern] {
			seen[s.Pattern] = true
			out = append(out, s.Pattern)
		}
		for _, p := range s.Properties {
			walk(p.Value, depth+1)
		}
		if s.Items != nil {
			walk(s.Items.Value, depth+1)
		}
		for _, l := range [][]*openapi3.SchemaRef{s.AllOf, s.OneOf, s.AnyOf} {
			for _, r := range l {
				walk(r.Value, depth+1)
			}
		}
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema.Value, depth+1)
		}
	}
	for _, src := range [][]byte{spec.WPTI, spec.WPTIAF} {
		doc, err := openapi3.NewLoader().LoadFromData(src)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range doc.Components.Schemas {
			walk(s.Value, 0)
		}
		for _, s := range doc.Components.Parameters {
			if s.Value.Schema != nil {
				walk(s.Value.Schema.Value, 0)
			}
		}
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				for _, p := range op.Parameters {
					if p.Value.Schema != nil {
						walk(p.Value.Schema.Value, 0)
					}
				}
			}
		}
	}
	return out
}

// TestBytePatternAgreesWithRegexp: on every pattern of the contracts that it compiles, plus
// shapes chosen to stress it, bytePattern and regexp agree on strings built from the
// pattern's own characters and others.
func TestBytePatternAgreesWithRegexp(t *testing.T) {
	patterns := contractPatterns(t)
	if len(patterns) < 10 {
		t.Fatalf("only %d patterns found in the contracts", len(patterns))
	}
	patterns = append(patterns, `^a*a*$`, `^[a-c]+b$`, `^(ab|a[bc]d|[0-9]+)$`, `^(x+|y)`, `^x?y{2,3}z*$`, `^/DOC/`, `^[0-9]+[A-Za-z0-9/ -]*$`, `^\d{3}-?\d{2}$`)
	compiled := 0
	rng := rand.New(rand.NewPCG(3, 4))
	for _, expr := range patterns {
		re := regexp.MustCompile(expr)
		p := compileBytePattern(expr, re)
		if p == nil {
			continue
		}
		compiled++
		// An alphabet of the literal characters of the pattern plus neighbours and outsiders.
		alpha := []byte("aZ09-._/ :\"\n\xc3\xa0\xff")
		for _, c := range []byte(expr) {
			if c >= 0x20 && c < 0x7f {
				alpha = append(alpha, c)
			}
		}
		for _, seq := range p.alts {
			for _, e := range seq {
				for c := 0; c < 128; c++ {
					if e.has(byte(c)) && rng.IntN(4) == 0 {
						alpha = append(alpha, byte(c))
					}
				}
			}
		}
		matched := 0
		for range 20000 {
			n := rng.IntN(24)
			if rng.IntN(3) == 0 {
				n = rng.IntN(80)
			}
			b := make([]byte, n)
			for i := range b {
				b[i] = alpha[rng.IntN(len(alpha))]
			}
			// Half the time, start from a string made of each element's own characters.
			if rng.IntN(2) == 0 {
				b = b[:0]
				for _, e := range p.alts[rng.IntN(len(p.alts))] {
					cnt := e.min + rng.IntN(3)
					if e.max >= 0 && cnt > e.max {
						cnt = e.max
					}
					for range cnt {
						for {
							c := byte(rng.IntN(128))
							if e.has(c) {
								b = append(b, c)
								break
							}
						}
					}
				}
				if rng.IntN(4) == 0 && len(b) > 0 {
					b[rng.IntN(len(b))] = alpha[rng.IntN(len(alpha))]
				}
			}
			want := re.Match(b)
			if got := p.Match(b); got != want {
				t.Fatalf("pattern %s on %q: bytePattern %v, regexp %v", expr, b, got, want)
			}
			if want {
				matched++
			}
		}
		if matched == 0 {
			t.Errorf("pattern %s: no random string matched, the comparison proves little", expr)
		}
	}
	if compiled < len(patterns)/2 {
		t.Fatalf("only %d of %d patterns compiled", compiled, len(patterns))
	}
	// Long strings go to regexp.
	p := compileBytePattern(`^[a-z]+$`, regexp.MustCompile(`^[a-z]+$`))
	if !p.Match([]byte(strings.Repeat("a", 10000))) || p.Match([]byte(strings.Repeat("a", 10000)+"1")) {
		t.Fatal("long strings are judged wrongly")
	}
}

// TestBytePatternRefuses: shapes it must leave to regexp.
func TestBytePatternRefuses(t *testing.T) {
	for _, expr := range []string{`[0-9]+`, `^(a|b)c$`, `^(a(b|c))$`, `^(?i)abc$`, `^[^"]+$`, `^.+$`, `^à$`, `^a+?$`, `^a+b+c+$`, `^\w+@\w+$x`} {
		re, err := regexp.Compile(expr)
		if err != nil {
			continue
		}
		if compileBytePattern(expr, re) != nil {
			t.Errorf("compileBytePattern(%q) compiled; it must be left to regexp", expr)
		}
	}
}

func FuzzBytePattern(f *testing.F) {
	f.Add(`^AZ-[0-9A-Z]{8}$`, "AZ-0000000A")
	f.Add(`^[0-9]+[A-Za-z0-9/ -]*$`, "12/b")
	f.Fuzz(func(t *testing.T, expr, s string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		p := compileBytePattern(expr, re)
		if p == nil {
			return
		}
		if got, want := p.Match([]byte(s)), re.MatchString(s); got != want {
			t.Fatalf("pattern %q on %q: bytePattern %v, regexp %v", expr, s, got, want)
		}
	})
}
