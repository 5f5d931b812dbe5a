package e2e_test

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Rome without relying on the host's zoneinfo

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/sandbox"
	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

// ambiente is one in-process sandbox seen by OLO clients through the validating transport.
type ambiente struct {
	sb   *sandboxtest.Server
	v    *verificatore
	http *http.Client
}

func nuovoAmbiente(t *testing.T) *ambiente {
	t.Helper()
	// The sandbox's own strict mode is off: the transport, not the sandbox, must catch a
	// response that breaks the contract (and then sees the real body, not a 500).
	sb := sandboxtest.New(t, sandboxtest.WithConfig(func(c *sandbox.Config) { c.Strict = false }))
	v := nuovoVerificatore(t)
	hc := &http.Client{Transport: v, Timeout: 20 * time.Second}
	t.Cleanup(hc.CloseIdleConnections)
	return &ambiente{sb: sb, v: v, http: hc}
}

// olo is one operator's pair of clients, each with a token obtained from its own contract's
// creaToken.
type olo struct {
	clientID string
	p        *wpti.ClientWithResponses
	af       *wptiaf.ClientWithResponses
}

// segreto is the fixture's client secret of clientID.
func (a *ambiente) segreto(t testing.TB, clientID string) string {
	t.Helper()
	for _, op := range a.sb.World.Fixtures().Operatori {
		if op.API.ClientID == clientID {
			return op.API.ClientSecret
		}
	}
	t.Fatalf("client %s non e' nelle fixture", clientID)
	return ""
}

// clientWpti returns a provisioning client sending tok (none when empty) plus any editors.
func (a *ambiente) clientWpti(t testing.TB, tok string, editors ...wpti.RequestEditorFn) *wpti.ClientWithResponses {
	t.Helper()
	opts := []wpti.ClientOption{wpti.WithHTTPClient(a.http)}
	if tok != "" {
		opts = append(opts, wpti.WithRequestEditorFn(bearer(tok)))
	}
	for _, e := range editors {
		opts = append(opts, wpti.WithRequestEditorFn(e))
	}
	c, err := wpti.NewClientWithResponses(a.sb.URL+"/wpti/v1", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// clientAf returns an anti-fraud client sending tok (none when empty) plus any editors.
func (a *ambiente) clientAf(t testing.TB, tok string, editors ...wptiaf.RequestEditorFn) *wptiaf.ClientWithResponses {
	t.Helper()
	opts := []wptiaf.ClientOption{wptiaf.WithHTTPClient(a.http)}
	if tok != "" {
		opts = append(opts, wptiaf.WithRequestEditorFn(bearer(tok)))
	}
	for _, e := range editors {
		opts = append(opts, wptiaf.WithRequestEditorFn(e))
	}
	c, err := wptiaf.NewClientWithResponses(a.sb.URL+"/wpti-af/v1", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func bearer(tok string) func(context.Context, *http.Request) error {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
}

// intestazione returns a request editor that sets one header (Prefer, If-None-Match...).
func intestazione(k, v string) func(context.Context, *http.Request) error {
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set(k, v)
		return nil
	}
}

// tokenWpti asks the provisioning contract's creaToken for a token.
func (a *ambiente) tokenWpti(t testing.TB, clientID string) string {
	t.Helper()
	sec := a.segreto(t, clientID)
	r, err := a.clientWpti(t, "").CreaTokenWithFormdataBodyWithResponse(conT(t), wpti.RichiestaToken{GrantType: "client_credentials", ClientId: clientID, ClientSecret: &sec})
	stato(t, r, err, http.StatusOK)
	if r.JSON200.AccessToken == "" || r.JSON200.TokenType != "Bearer" || r.JSON200.ExpiresIn < 1 {
		t.Fatalf("token WPTI di %s: %+v", clientID, r.JSON200)
	}
	if cc := r.HTTPResponse.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("token WPTI: Cache-Control %q, atteso no-store", cc)
	}
	return r.JSON200.AccessToken
}

// tokenAf asks the anti-fraud contract's creaToken for a token; with scope, only those.
func (a *ambiente) tokenAf(t testing.TB, clientID string, scope string) string {
	t.Helper()
	sec := a.segreto(t, clientID)
	body := wptiaf.RichiestaToken{GrantType: "client_credentials", ClientId: clientID, ClientSecret: &sec}
	if scope != "" {
		body.Scope = &scope
	}
	r, err := a.clientAf(t, "").CreaTokenWithFormdataBodyWithResponse(conT(t), body)
	stato(t, r, err, http.StatusOK)
	if r.JSON200.AccessToken == "" || r.JSON200.TokenType != "Bearer" {
		t.Fatalf("token WPTI_AF di %s: %+v", clientID, r.JSON200)
	}
	return r.JSON200.AccessToken
}

// olo logs an operator in on both contracts.
func (a *ambiente) olo(t testing.TB, clientID string) *olo {
	t.Helper()
	return &olo{
		clientID: clientID,
		p:        a.clientWpti(t, a.tokenWpti(t, clientID)),
		af:       a.clientAf(t, a.tokenAf(t, clientID, "")),
	}
}

// corpoDi and httpDi read the Body and HTTPResponse fields every generated response type has.
func corpoDi(r any) []byte {
	v := reflect.ValueOf(r)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	return v.Elem().FieldByName("Body").Bytes()
}

func httpDi(r any) *http.Response {
	v := reflect.ValueOf(r)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return nil
	}
	h, _ := v.Elem().FieldByName("HTTPResponse").Interface().(*http.Response)
	return h
}

// stato stops the test unless the call went through and answered want.
func stato(t testing.TB, r any, err error, want int) {
	t.Helper()
	if err != nil {
		t.Fatalf("chiamata fallita: %v", err)
	}
	h := httpDi(r)
	if h == nil {
		t.Fatalf("nessuna risposta")
	}
	if h.StatusCode != want {
		t.Fatalf("%s %s: status %d, atteso %d\n%s", h.Request.Method, h.Request.URL.RequestURI(), h.StatusCode, want, troncato(corpoDi(r)))
	}
}

// problemaAtteso is the RFC 9457 body both contracts share.
type problemaAtteso struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Instance string `json:"instance"`
	Codice   string `json:"codice"`
	Errori   []struct {
		Campo     string `json:"campo"`
		Messaggio string `json:"messaggio"`
	} `json:"errori"`
}

// problema checks an error answer: the status, application/problem+json, the status echoed
// in the body and the stable codice. It returns the decoded problem for further checks.
func problema(t testing.TB, r any, err error, status int, codice string) problemaAtteso {
	t.Helper()
	stato(t, r, err, status)
	h := httpDi(r)
	mt, _, _ := mime.ParseMediaType(h.Header.Get("Content-Type"))
	if mt != "application/problem+json" {
		t.Errorf("%s %s: Content-Type %q, atteso application/problem+json", h.Request.Method, h.Request.URL.Path, h.Header.Get("Content-Type"))
	}
	var p problemaAtteso
	if err := json.Unmarshal(corpoDi(r), &p); err != nil {
		t.Fatalf("problem illeggibile: %v\n%s", err, corpoDi(r))
	}
	if p.Status != status || p.Codice != codice || p.Type == "" || p.Title == "" {
		t.Errorf("%s %s: problem %+v, atteso status %d codice %s", h.Request.Method, h.Request.URL.Path, p, status, codice)
	}
	// instance is the path of the request as the client sent it, base path included (the
	// contract's examples: /wpti/v1/wlr/ordini/...); a Prefer answer is the contract's
	// static example as written.
	if p.Instance != h.Request.URL.Path && h.Header.Get("Preference-Applied") == "" {
		t.Errorf("%s %s: instance %q, atteso il percorso della richiesta", h.Request.Method, h.Request.URL.Path, p.Instance)
	}
	return p
}

// campoInErrore reports whether the problem names the field.
func (p problemaAtteso) campoInErrore(campo string) bool {
	for _, e := range p.Errori {
		if e.Campo == campo {
			return true
		}
	}
	return false
}

// Calendar rules of the contract, written here independently of the sandbox's own
// implementation: Mon-Fri minus the Italian national holidays.
var festiviFissi = map[[2]int]bool{{1, 1}: true, {1, 6}: true, {4, 25}: true, {5, 1}: true, {6, 2}: true, {8, 15}: true, {11, 1}: true, {12, 8}: true, {12, 25}: true, {12, 26}: true}

// pasquetta is Easter Monday of the years the suite's clock can reach.
var pasquetta = map[int]time.Time{2026: giorno(2026, 4, 6), 2027: giorno(2027, 3, 29)}

func giorno(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func lavorativo(d time.Time) bool {
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday || festiviFissi[[2]int{int(d.Month()), d.Day()}] {
		return false
	}
	p, ok := pasquetta[d.Year()]
	if !ok {
		panic("pasquetta sconosciuta per il " + d.Format("2006"))
	}
	return !d.Equal(p)
}

// dopoLavorativi is the n-th working day after d.
func dopoLavorativi(d time.Time, n int) time.Time {
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if lavorativo(d) {
			n--
		}
	}
	return d
}

// oggi is the sandbox clock's current day in Italy.
func (a *ambiente) oggi() time.Time {
	roma, _ := time.LoadLocation("Europe/Rome")
	n := a.sb.Clock.Now().In(roma)
	return giorno(n.Year(), n.Month(), n.Day())
}

func data(d time.Time) openapi_types.Date { return openapi_types.Date{Time: d} }

// partitaIva completes ten digits with the check digit of the contract's algorithm.
func partitaIva(dieci string) string {
	sum := 0
	for i, c := range dieci {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return dieci + string(rune('0'+(10-sum%10)%10))
}

func ptr[T any](v T) *T { return &v }
