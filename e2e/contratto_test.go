package e2e_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/wpti/toolkit/spec"
)

// contratto is one OpenAPI contract as the client side sees it: the document and a router
// that finds an operation from a path relative to the contract's base path.
type contratto struct {
	nome   string // prefix of the recorded operation names: "wpti" or "wptiaf"
	base   string // base path the sandbox serves it under
	doc    *openapi3.T
	router routers.Router
}

// caricaContratti loads both contracts once for the whole suite (routers and documents are
// read-only afterwards, so tests share them).
var caricaContratti = sync.OnceValues(func() ([]*contratto, error) {
	var out []*contratto
	for _, c := range []struct {
		nome, base string
		yaml       []byte
	}{
		{"wpti", "/wpti/v1", spec.WPTI},
		{"wptiaf", "/wpti-af/v1", spec.WPTIAF},
	} {
		doc, err := openapi3.NewLoader().LoadFromData(c.yaml)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.nome, err)
		}
		if err := doc.Validate(context.Background()); err != nil {
			return nil, fmt.Errorf("%s non valido: %w", c.nome, err)
		}
		// Paths are matched relative to the base path; a servers block would make the router
		// compare the Host header too, which is the test listener's random port.
		doc.Servers = nil
		r, err := gorillamux.NewRouter(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.nome, err)
		}
		out = append(out, &contratto{nome: c.nome, base: c.base, doc: doc, router: r})
	}
	return out, nil
})

func contratti(t testing.TB) []*contratto {
	t.Helper()
	cs, err := caricaContratti()
	if err != nil {
		t.Fatalf("contratti: %v", err)
	}
	return cs
}

// operazioniDichiarate lists "contract.operationId" for every operation of both contracts,
// read from the documents: the target of the coverage check.
func operazioniDichiarate(t testing.TB) []string {
	t.Helper()
	var out []string
	for _, c := range contratti(t) {
		for _, item := range c.doc.Paths.Map() {
			for _, op := range item.Operations() {
				out = append(out, c.nome+"."+op.OperationID)
			}
		}
	}
	slices.Sort(out)
	return out
}

type chiaveTest struct{}
type chiaveNonConforme struct{}

// conT puts the running (sub)test in the context given to a generated client method, so a
// contract violation seen by the transport fails that very test.
func conT(t testing.TB) context.Context {
	return context.WithValue(context.Background(), chiaveTest{}, t)
}

// nonConforme marks a request the test breaks on purpose (bad parameter, malformed body):
// the transport then requires the request to FAIL validation, and still checks the response.
func nonConforme(ctx context.Context) context.Context {
	return context.WithValue(ctx, chiaveNonConforme{}, true)
}

// verificatore is the http.RoundTripper of every generated client in the suite. For each
// exchange it finds the operation in the right contract, validates the request and the
// response with openapi3filter, fails the test on any violation and records which
// operations answered a success.
type verificatore struct {
	t         testing.TB // fallback when the context does not carry the test
	next      http.RoundTripper
	contratti []*contratto

	mu       sync.Mutex
	riuscite map[string]int // "contract.operationId" -> 2xx/304 answers (Prefer excluded)
	chiamate map[string]int // "contract.operationId" -> any answer
}

func nuovoVerificatore(t testing.TB) *verificatore {
	return &verificatore{t: t, next: http.DefaultTransport, contratti: contratti(t), riuscite: map[string]int{}, chiamate: map[string]int{}}
}

func (v *verificatore) contrattoDi(path string) *contratto {
	for _, c := range v.contratti {
		if path == c.base || strings.HasPrefix(path, c.base+"/") {
			return c
		}
	}
	return nil
}

func (v *verificatore) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	t, _ := ctx.Value(chiaveTest{}).(testing.TB)
	if t == nil {
		t = v.t
	}
	voluta, _ := ctx.Value(chiaveNonConforme{}).(bool)

	c := v.contrattoDi(req.URL.Path)
	if c == nil {
		t.Errorf("contratto: %s %s non e' sotto /wpti/v1 ne' /wpti-af/v1", req.Method, req.URL.Path)
		return v.next.RoundTrip(req)
	}
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	}

	// The copy the validator sees: same request, path relative to the contract's base.
	vr := req.Clone(ctx)
	vr.URL.Path = strings.TrimPrefix(req.URL.Path, c.base)
	vr.URL.RawPath = ""
	vr.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := c.router.FindRoute(vr)
	if err != nil {
		t.Errorf("contratto %s: nessuna operazione per %s %s: %v", c.nome, req.Method, req.URL.Path, err)
		return v.next.RoundTrip(req)
	}
	op := c.nome + "." + route.Operation.OperationID
	in := &openapi3filter.RequestValidationInput{
		Request:    vr,
		PathParams: params,
		Route:      route,
		Options:    &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
	}
	errReq := openapi3filter.ValidateRequest(ctx, in)
	switch {
	case errReq != nil && !voluta:
		t.Errorf("%s: la richiesta %s %s viola il contratto: %v", op, req.Method, req.URL.RequestURI(), errReq)
	case errReq == nil && voluta:
		t.Errorf("%s: la richiesta %s %s doveva violare il contratto ma e' conforme", op, req.Method, req.URL.RequestURI())
	}

	resp, err := v.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	rb, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(rb))

	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(rb)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("%s: la risposta %d a %s %s viola il contratto: %v\ncorpo: %s", op, resp.StatusCode, req.Method, req.URL.RequestURI(), err, troncato(rb))
	}

	v.mu.Lock()
	v.chiamate[op]++
	if (resp.StatusCode/100 == 2 || resp.StatusCode == http.StatusNotModified) && req.Header.Get("Prefer") == "" && !voluta {
		v.riuscite[op]++
	}
	v.mu.Unlock()
	return resp, nil
}

// numeroChiamate is how many answers an operation gave, whatever the status.
func (v *verificatore) numeroChiamate(op string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.chiamate[op]
}

// operazioniRiuscite returns the operations that answered a success so far, sorted.
func (v *verificatore) operazioniRiuscite() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]string, 0, len(v.riuscite))
	for k := range v.riuscite {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func troncato(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "..."
	}
	return string(b)
}

// TestVerificatoreRifiuta proves the transport is not a rubber stamp: a response that breaks
// the contract (an undocumented status, a body of the wrong shape) and a request that breaks
// it both fail the test that made them.
func TestVerificatoreRifiuta(t *testing.T) {
	cs := contratti(t)
	cases := []struct {
		nome   string
		method string
		path   string
		status int
		ct     string
		body   string
		voluta bool
		errori int
	}{
		{nome: "corpo di forma sbagliata", method: "GET", path: "/wpti/v1/operatore", status: 200, ct: "application/json", body: `{"opId":1}`, errori: 1},
		{nome: "status non documentato", method: "GET", path: "/wpti/v1/operatore", status: 418, ct: "application/json", body: `{}`, errori: 1},
		{nome: "problem senza codice", method: "GET", path: "/wpti-af/v1/allarmi", status: 401, ct: "application/problem+json", body: `{"type":"x","title":"y","status":401}`, errori: 1},
		{nome: "parametro fuori contratto", method: "GET", path: "/wpti/v1/wlr/ordini?perPagina=0", status: 400, ct: "application/problem+json", body: `{"type":"x","title":"y","status":400,"codice":"VALIDAZIONE"}`, errori: 1},
		{nome: "parametro fuori contratto voluto", method: "GET", path: "/wpti/v1/wlr/ordini?perPagina=0", status: 400, ct: "application/problem+json", body: `{"type":"x","title":"y","status":400,"codice":"VALIDAZIONE"}`, voluta: true, errori: 0},
		{nome: "voluto ma conforme", method: "GET", path: "/wpti/v1/wlr/ordini?perPagina=10", status: 200, ct: "application/json", body: `{"totale":0,"pagina":1,"perPagina":10,"elementi":[]}`, voluta: true, errori: 1},
		{nome: "risposta conforme", method: "GET", path: "/wpti/v1/wlr/ordini", status: 200, ct: "application/json", body: `{"totale":0,"pagina":1,"perPagina":50,"elementi":[]}`, errori: 0},
	}
	for _, tc := range cases {
		t.Run(tc.nome, func(t *testing.T) {
			rec := &registraErrori{TB: t}
			v := &verificatore{t: rec, contratti: cs, riuscite: map[string]int{}, chiamate: map[string]int{},
				next: rispostaFissa(tc.status, tc.ct, tc.body)}
			ctx := context.WithValue(context.Background(), chiaveTest{}, testing.TB(rec))
			if tc.voluta {
				ctx = nonConforme(ctx)
			}
			req, err := http.NewRequestWithContext(ctx, tc.method, "http://127.0.0.1:1"+tc.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := v.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			if string(b) != tc.body {
				t.Errorf("il corpo restituito al client e' cambiato: %q", b)
			}
			if len(rec.errori) != tc.errori {
				t.Errorf("errori = %d %q, attesi %d", len(rec.errori), rec.errori, tc.errori)
			}
			if got := v.operazioniRiuscite(); tc.errori == 0 && !tc.voluta && tc.status == 200 && !slices.Equal(got, []string{"wpti.elencaOrdiniWlr"}) {
				t.Errorf("operazioni riuscite = %v", got)
			}
		})
	}
}

// registraErrori keeps the Errorf calls of the transport instead of failing the test, so
// TestVerificatoreRifiuta can count them.
type registraErrori struct {
	testing.TB
	errori []string
}

func (r *registraErrori) Errorf(format string, a ...any) {
	r.errori = append(r.errori, fmt.Sprintf(format, a...))
}

type trasportoFisso func(*http.Request) (*http.Response, error)

func (f trasportoFisso) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// rispostaFissa answers every request with the same status, content type and body.
func rispostaFissa(status int, ct, body string) trasportoFisso {
	return func(r *http.Request) (*http.Response, error) {
		h := http.Header{}
		h.Set("Content-Type", ct)
		return &http.Response{StatusCode: status, Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	}
}
