package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/wpti/toolkit/spec"
)

// body is one JSON body schema of a contract with its examples.
type body struct {
	where    string // e.g. wpti CreaAzienda request
	schema   *openapi3.Schema
	node     *fnode
	mode     checkMode
	examples [][]byte
}

func contractBodies(t testing.TB) (map[string]*Contract, []body) {
	t.Helper()
	cs := map[string]*Contract{}
	var out []body
	for name, y := range map[string][]byte{"wpti": spec.WPTI, "wpti-af": spec.WPTIAF, "sandbox": spec.Sandbox} {
		c, err := NewContract(name, "/"+name, y, nil, nil, ContractOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cs[name] = c
		add := func(where string, content openapi3.Content, mode checkMode) {
			for mt, m := range content {
				if !jsonMedia(mt) || m.Schema == nil {
					continue
				}
				b := body{where: where + " " + mt, schema: m.Schema.Value, node: c.fast[m.Schema.Value], mode: mode}
				var exs []any
				if m.Example != nil {
					exs = append(exs, m.Example)
				}
				names := make([]string, 0, len(m.Examples))
				for k := range m.Examples {
					names = append(names, k)
				}
				sort.Strings(names)
				for _, k := range names {
					if e := m.Examples[k]; e != nil && e.Value != nil && e.Value.Value != nil {
						exs = append(exs, e.Value.Value)
					}
				}
				for _, e := range exs {
					j, err := json.Marshal(e)
					if err != nil {
						t.Fatalf("%s: %v", where, err)
					}
					b.examples = append(b.examples, j)
				}
				out = append(out, b)
			}
		}
		for path, item := range c.doc.Paths.Map() {
			for method, op := range item.Operations() {
				where := fmt.Sprintf("%s %s %s (%s)", name, method, path, op.OperationID)
				if op.RequestBody != nil && op.RequestBody.Value != nil {
					add(where+" request", op.RequestBody.Value.Content, asRequest)
				}
				for status, r := range op.Responses.Map() {
					if r.Value != nil {
						add(where+" "+status, r.Value.Content, asResponse)
					}
				}
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].where < out[j].where })
	return cs, out
}

// kinVerdict is what kin-openapi says of the document, the way the contract validates it.
func kinVerdict(c *Contract, s *openapi3.Schema, doc []byte, mode checkMode) error {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	opts := append([]openapi3.SchemaValidationOption{openapi3.MultiErrors()}, c.schemaOpts...)
	if mode == asRequest {
		opts = append(opts, openapi3.VisitAsRequest())
	} else {
		opts = append(opts, openapi3.VisitAsResponse())
	}
	return s.VisitJSON(v, opts...)
}

// Every body of the three contracts is covered by the fast check (nothing falls back to
// kin-openapi for want of a keyword), and every example is accepted by both.
func TestFastCheckCoversEveryBodyAndAcceptsEveryExample(t *testing.T) {
	cs, bodies := contractBodies(t)
	examples := 0
	for _, b := range bodies {
		if b.node == nil {
			t.Errorf("%s: not compiled for the fast check", b.where)
			continue
		}
		c := cs[strings.Fields(b.where)[0]]
		for _, ex := range b.examples {
			examples++
			if err := kinVerdict(c, b.schema, ex, b.mode); err != nil {
				continue // error examples of other statuses are checked by spec tests
			}
			if !fastValid(b.node, ex, b.mode) {
				t.Errorf("%s: the fast check refuses a valid example: %s", b.where, ex)
			}
		}
	}
	if examples < 100 {
		t.Fatalf("only %d examples found: the walk over the contracts is broken", examples)
	}
}

// mutations returns documents near v: each value replaced by values of every JSON type and
// by edge cases of its own type, each object key dropped, an unknown key added, arrays
// emptied and given a duplicate.
func mutations(v any) []any {
	var out []any
	top := []any{v} // the document; setters below change it in place
	snap := func() { out = append(out, deepCopy(top[0])) }
	repl := []any{nil, true, json.Number("0"), json.Number("-1"), json.Number("1.5"), json.Number("1e3"), json.Number("99999999999"),
		"", "x", "AZ-0000000", "AZ-00000000", "2026-02-30", "2026-01-01T10:00:00+01:00", "2026-01-01T10:00:00", "a@b", "mario@pec.example.com",
		"è", strings.Repeat("z", 300), "ATTIVA", map[string]any{}, []any{}}
	var walk func(cur any, set func(any))
	walk = func(cur any, set func(any)) {
		for _, r := range repl {
			set(r)
			snap()
		}
		switch x := cur.(type) {
		case string:
			for _, r := range []string{x + "!", strings.ToLower(x), strings.ToUpper(x), x + "è", x[:len(x)/2], " " + x} {
				set(r)
				snap()
			}
		case json.Number:
			rs := []string{"0", "-" + string(x)}
			if x != "0" {
				rs = append(rs, string(x)+"0")
			}
			if !strings.ContainsAny(string(x), ".eE") {
				rs = append(rs, string(x)+".5")
			}
			for _, r := range rs {
				set(json.Number(r))
				snap()
			}
		}
		set(cur)
		switch x := cur.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				val := x[k]
				delete(x, k)
				snap()
				x[k] = val
				walk(val, func(nv any) { x[k] = nv })
				x[k] = val
			}
			x["campoSconosciuto"] = "x"
			snap()
			delete(x, "campoSconosciuto")
		case []any:
			for i := range x {
				val := x[i]
				walk(val, func(nv any) { x[i] = nv })
				x[i] = val
			}
			if len(x) > 0 {
				set(append(append([]any{}, x...), x[0]))
				snap()
				set([]any{})
				snap()
				set(cur)
			}
		}
	}
	walk(v, func(nv any) { top[0] = nv })
	return out
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = deepCopy(e)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, e := range x {
			s[i] = deepCopy(e)
		}
		return s
	}
	return v
}

// The fast check and kin-openapi agree on thousands of documents near the examples: what the
// fast check accepts, kin-openapi accepts (soundness: the answer never changes), and what
// kin-openapi accepts, the fast check accepts too (it really is the path valid traffic takes).
func TestFastCheckAgreesWithKinOpenAPI(t *testing.T) {
	cs, bodies := contractBodies(t)
	docs, unsound, slow := 0, 0, 0
	for _, b := range bodies {
		if b.node == nil {
			continue
		}
		c := cs[strings.Fields(b.where)[0]]
		for _, ex := range b.examples {
			if kinVerdict(c, b.schema, ex, b.mode) != nil {
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(ex))
			dec.UseNumber()
			var v any
			if err := dec.Decode(&v); err != nil {
				t.Fatal(err)
			}
			for i, m := range mutations(v) {
				if raceEnabled && i%4 != 0 {
					continue
				}
				doc, err := json.Marshal(m)
				if err != nil {
					t.Fatal(err)
				}
				docs++
				fast := fastValid(b.node, doc, b.mode)
				kerr := kinVerdict(c, b.schema, doc, b.mode)
				switch {
				case fast && kerr != nil:
					unsound++
					if unsound <= 10 {
						t.Errorf("%s: the fast check accepts what kin-openapi refuses (%v): %s", b.where, kerr, doc)
					}
				case !fast && kerr == nil:
					slow++
					if slow <= 10 {
						t.Errorf("%s: the fast check refuses what kin-openapi accepts: %s", b.where, doc)
					}
				}
			}
		}
	}
	t.Logf("%d documents compared; %d accepted only by the fast check, %d only by kin-openapi", docs, unsound, slow)
	if docs < 10000 || (!raceEnabled && docs < 100000) {
		t.Fatalf("only %d documents compared", docs)
	}
}

// Documents the fast check refuses on purpose, where encoding/json would quietly repair or
// drop something: kin-openapi then decides.
func TestFastCheckRefusesWhatItCannotBeSureOf(t *testing.T) {
	cs, bodies := contractBodies(t)
	_ = cs
	var azienda *body
	for i := range bodies {
		if strings.Contains(bodies[i].where, "(creaAzienda) request") {
			azienda = &bodies[i]
		}
	}
	if azienda == nil || len(azienda.examples) == 0 {
		t.Fatal("no CreaAzienda request example")
	}
	ex := azienda.examples[0]
	if !fastValid(azienda.node, ex, asRequest) {
		t.Fatalf("example refused: %s", ex)
	}
	trimmed := bytes.TrimSuffix(ex, []byte("}"))
	for name, doc := range map[string][]byte{
		"trailing data":                      append(append([]byte{}, ex...), []byte(" {}")...),
		"duplicate key, first value invalid": append(append([]byte{}, trimmed...), []byte(`,"maxCanali":-4}`)...),
		"invalid UTF-8":                      bytes.Replace(ex, []byte(`"Via`), []byte("\"\xffVia"), 1),
		"lone surrogate":                     bytes.Replace(ex, []byte(`"Via`), []byte(`"\ud800Via`), 1),
		"control character":                  bytes.Replace(ex, []byte(`"Via`), []byte("\"\x01Via"), 1),
		"truncated":                          ex[:len(ex)-1],
		"leading zero":                       bytes.Replace(ex, []byte(`"maxCanali":`), []byte(`"maxCanali":0`), 1),
		"deep nesting":                       []byte(strings.Repeat("[", 10000)),
		"empty":                              {},
	} {
		if bytes.Equal(doc, ex) && name != "empty" {
			t.Fatalf("%s: the mutation did not apply to %s", name, ex)
		}
		if fastValid(azienda.node, doc, asRequest) {
			t.Errorf("%s: accepted: %q", name, doc)
		}
	}
	// Escapes are decoded, not refused.
	esc := bytes.Replace(ex, []byte(`"Via`), []byte(`"\u0056ia`), 1)
	if bytes.Equal(esc, ex) || !fastValid(azienda.node, esc, asRequest) {
		t.Errorf("an escaped character in a valid string was refused: %s", esc)
	}
}

// FuzzFastCheck: whatever the bytes, a document the fast check accepts is one kin-openapi
// accepts. Seeds: every example of every body.
func FuzzFastCheck(f *testing.F) {
	cs, bodies := contractBodies(f)
	for i, b := range bodies {
		for _, ex := range b.examples {
			f.Add(uint16(i), ex)
		}
	}
	f.Fuzz(func(t *testing.T, which uint16, doc []byte) {
		b := bodies[int(which)%len(bodies)]
		if b.node == nil || !fastValid(b.node, doc, b.mode) {
			return
		}
		c := cs[strings.Fields(b.where)[0]]
		if !json.Valid(doc) {
			t.Fatalf("%s: the fast check accepts invalid JSON %q", b.where, doc)
		}
		if err := kinVerdict(c, b.schema, doc, b.mode); err != nil {
			t.Fatalf("%s: the fast check accepts what kin-openapi refuses (%v): %q", b.where, err, doc)
		}
	})
}

// A broken fast check would change answers: cross mode (the test suite's) catches it, on a
// request body and on a response body, as a loud 500; in the default mode a refusal by the
// fast check is only a second opinion asked of kin-openapi, never an answer of its own.
func TestFastCheckCrossModeCatchesADefect(t *testing.T) {
	bad := `{"elementi":5}` // not a ListaOrdiniWlr
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(bad))
	})
	c, err := NewContract("wpti", "/wpti/v1", spec.WPTI, h, fixedAuth{}, ContractOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	c.fastMode = fastCross
	for s := range c.fast {
		c.fast[s] = anything // a fast check that accepts everything
	}
	call := func(method, body string) *httptest.ResponseRecorder {
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req := httptest.NewRequest(method, "/wpti/v1/wlr/ordini", rd)
		req.Header.Set("Authorization", "Bearer x")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		return rec
	}
	get := func() *httptest.ResponseRecorder { return call("GET", "") }
	post := func() *httptest.ResponseRecorder { return call("POST", `{"tipo":"NON_ESISTE"}`) }
	if rec := get(); rec.Code != 500 || !strings.Contains(rec.Body.String(), "disaccordo") {
		t.Fatalf("response: a wrong fast verdict went unnoticed: %d %s", rec.Code, rec.Body)
	}
	if rec := post(); rec.Code != 500 || !strings.Contains(rec.Body.String(), "controllo rapido") {
		t.Fatalf("request: a wrong fast verdict went unnoticed: %d %s", rec.Code, rec.Body)
	}
	// A fast check that refuses everything costs time, never an answer.
	c.fastMode = fastOn
	for s := range c.fast {
		c.fast[s] = &fnode{unsure: true}
	}
	if rec := post(); rec.Code != 400 || !strings.Contains(rec.Body.String(), "tipo") {
		t.Fatalf("request refused by a fast check that is never sure: %d %s", rec.Code, rec.Body)
	}
}
