package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Codice string `json:"codice"`
	Errori []struct {
		Campo     string `json:"campo"`
		Messaggio string `json:"messaggio"`
	} `json:"errori"`
}

func do(t *testing.T, method, url, token, ctype, accept, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func asProblem(t *testing.T, resp *http.Response, b []byte, status int) problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", resp.StatusCode, status, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	var p problem
	if err := json.Unmarshal(b, &p); err != nil || p.Status != status || p.Codice == "" || p.Title == "" || p.Type == "" {
		t.Fatalf("not a complete problem: %s", b)
	}
	return p
}

// Refusals driven by a request header: a compressed body, a Prefer value outside the ones
// documented.
func TestMiddlewareHeaderRefusals(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, "olo001-crm")
	w := sb.URL + "/wpti/v1"
	cases := []struct {
		name, method, url, body, header, value string
		status                                 int
		detail                                 string
	}{
		{"gzip body", "PATCH", w + "/voip/aziende/AZ-7K3M9Q2X", `{"maxCanali":5}`, "Content-Encoding", "gzip", 415, "Content-Encoding"},
		{"Prefer dynamic neither true nor false", "GET", w + "/wlr/ordini", "", "Prefer", "dynamic=maybe", 400, "dynamic"},
	}
	_, prima := do(t, "GET", w+"/voip/aziende/AZ-7K3M9Q2X", tok, "", "", "")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, _ := http.NewRequest(c.method, c.url, strings.NewReader(c.body))
			r.Header.Set("Authorization", "Bearer "+tok)
			if c.body != "" {
				r.Header.Set("Content-Type", "application/json")
			}
			r.Header.Set(c.header, c.value)
			resp, err := http.DefaultClient.Do(r)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			p := asProblem(t, resp, b, c.status)
			if !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, c.detail)
			}
		})
	}
	// Nothing was changed by the refused PATCH.
	if resp, b := do(t, "GET", w+"/voip/aziende/AZ-7K3M9Q2X", tok, "", "", ""); resp.StatusCode != 200 || string(b) != string(prima) {
		t.Errorf("after the refused PATCH: %d %s, before %s", resp.StatusCode, b, prima)
	}
}

// Refusals the middleware owns, each a problem+json with a clear message, never a 5xx.
func TestMiddlewareRefusals(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, "olo001-crm")
	w, af := sb.URL+"/wpti/v1", sb.URL+"/wpti-af/v1"
	big := `{"motivo":"` + strings.Repeat("x", 1<<20+10) + `"}`
	cases := []struct {
		name                              string
		method, url, token, ctype, accept string
		body                              string
		status                            int
		codice, detail, campo             string
	}{
		{"no token", "GET", w + "/wlr/ordini", "", "", "", "", 401, "NON_AUTENTICATO", "Bearer", ""},
		{"unknown token", "GET", w + "/wlr/ordini", "nope", "", "", "", 401, "NON_AUTENTICATO", "", ""},
		{"plus sent as space", "GET", af + "/allarmi?dal=2026-03-01T01:59:59+01:00", tok, "", "", "", 400, "VALIDAZIONE", "%2B", "query.dal"},
		{"date-time without offset", "GET", af + "/allarmi?dal=2026-03-01T01:59:59", tok, "", "", "", 400, "VALIDAZIONE", "", "query.dal"},
		{"perPagina out of range", "GET", w + "/wlr/ordini?perPagina=0", tok, "", "", "", 400, "VALIDAZIONE", "", "query.perPagina"},
		{"number where a string is expected", "POST", w + "/voip/aziende", tok, "application/json", "", `{"ragioneSociale":"Prova Srl","partitaIva":743110157,"pec":"a@b.it","profilo":"AZIENDA","maxCanali":2,"sedeLegale":{"indirizzo":"Via Roma","civico":"1","cap":"00118","comune":"Roma","provincia":"RM"}}`, 400, "VALIDAZIONE", "", "body.partitaIva"},
		{"unknown field", "POST", w + "/wlr/ordini/ORD-20260310-000001/annullamento", tok, "application/json", "", `{"motivo":"x","extra":1}`, 400, "VALIDAZIONE", "", ""},
		{"malformed JSON", "POST", w + "/wlr/ordini", tok, "application/json", "", `{`, 400, "VALIDAZIONE", "", ""},
		{"data after the JSON document", "POST", w + "/wlr/ordini/ORD-20260310-000001/annullamento", tok, "application/json", "", `{"motivo":"cliente ha cambiato idea"} {}`, 400, "VALIDAZIONE", "altri dati", "body"},
		{"garbage after the JSON document", "POST", w + "/wlr/ordini/ORD-20260310-000001/annullamento", tok, "application/json", "", `{"motivo":"cliente ha cambiato idea"}garbage`, 400, "VALIDAZIONE", "altri dati", "body"},
		{"bad email, named and in Italian", "POST", w + "/voip/aziende", tok, "application/json", "", `{"ragioneSociale":"Prova Srl","partitaIva":"00743110157","pec":"non-una-email","profilo":"AZIENDA","maxCanali":2,"sedeLegale":{"indirizzo":"Via Roma","civico":"1","cap":"00118","comune":"Roma","provincia":"RM"}}`, 400, "VALIDAZIONE", "email", "body.pec"},
		{"form body sent as JSON", "POST", w + "/auth/token", "", "application/json", "", `{}`, 415, "TIPO_NON_SUPPORTATO", "x-www-form-urlencoded", ""},
		{"enum in Italian", "GET", w + "/wlr/ordini?stato=BOH", tok, "", "", "", 400, "VALIDAZIONE", "valori possibili", "query.stato"},
		{"body too large", "POST", w + "/wlr/ordini/ORD-20260310-000001/annullamento", tok, "application/json", "", big, 413, "TROPPO_GRANDE", "", ""},
		{"unsupported content type", "POST", w + "/voip/aziende", tok, "text/plain", "", "ciao", 415, "TIPO_NON_SUPPORTATO", "application/json", "header.Content-Type"},
		{"not acceptable", "GET", w + "/wlr/ordini", tok, "", "text/html", "", 406, "NON_ACCETTABILE", "", ""},
		{"unknown path", "GET", w + "/non-esiste", tok, "", "", "", 404, "NON_TROVATO", "", ""},
		{"method not allowed", "PUT", w + "/wlr/ordini", tok, "", "", "", 405, "METODO_NON_AMMESSO", "", ""},
		{"bad Prefer", "GET", w + "/wlr/ordini", tok, "", "", "", 400, "VALIDAZIONE", "Prefer", ""},
		{"a key twice in one object", "POST", af + "/blocchi", tok, "application/json", "", `{"oggetto":"DN","oggetto":"AZIENDA","riferimento":"0612345678","profilo":"TOTALE","motivo":"x"}`, 400, "VALIDAZIONE", "oggetto", "body.oggetto"},
		{"a key twice in a nested object", "POST", w + "/voip/aziende", tok, "application/json", "", `{"ragioneSociale":"Prova Srl","partitaIva":"00743110157","pec":"a@b.it","profilo":"AZIENDA","maxCanali":2,"sedeLegale":{"indirizzo":"Via Roma","civico":"1","cap":"00118","cap":"00119","comune":"Roma","provincia":"RM"}}`, 400, "VALIDAZIONE", "cap", "body.cap"},
		{"JSON with a byte order mark", "POST", af + "/blocchi", tok, "application/json", "", "\xef\xbb\xbf{}", 400, "VALIDAZIONE", "BOM", "body"},
		{"JSON that is not UTF-8", "PATCH", w + "/voip/aziende/AZ-7K3M9Q2X", tok, "application/json", "", "{\"ragioneSociale\":\"Ab\xff\xfe S.r.l.\"}", 400, "VALIDAZIONE", "UTF-8", "body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, c.url, strings.NewReader(c.body))
			_ = req
			var resp *http.Response
			var b []byte
			if c.name == "bad Prefer" {
				r, _ := http.NewRequest("GET", c.url, nil)
				r.Header.Set("Authorization", "Bearer "+tok)
				r.Header.Set("Prefer", "code=abc")
				var err error
				resp, err = http.DefaultClient.Do(r)
				if err != nil {
					t.Fatal(err)
				}
				b, _ = io.ReadAll(resp.Body)
				resp.Body.Close()
			} else {
				resp, b = do(t, c.method, c.url, c.token, c.ctype, c.accept, c.body)
			}
			p := asProblem(t, resp, b, c.status)
			if p.Codice != c.codice {
				t.Errorf("codice %s, want %s", p.Codice, c.codice)
			}
			if c.detail != "" && !strings.Contains(p.Detail, c.detail) {
				t.Errorf("detail %q lacks %q", p.Detail, c.detail)
			}
			if c.campo != "" {
				found := false
				for _, e := range p.Errori {
					found = found || strings.HasPrefix(e.Campo, c.campo)
				}
				if !found {
					t.Errorf("errori %+v do not name %s", p.Errori, c.campo)
				}
			}
			if strings.Contains(string(b), strings.Repeat("x", 100)) {
				t.Error("the problem echoes the rejected value")
			}
		})
	}
}

// A 204 has no body whatever the Accept header; application/*+json variants get JSON.
func TestContentNegotiation(t *testing.T) {
	sb := sandboxtest.New(t)
	tok := sb.Token(t, "olo001-crm")
	resp, b := do(t, "GET", sb.URL+"/wpti/v1/wlr/ordini", tok, "", "application/vnd.wpti+json", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("+json Accept: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	_ = b
	resp, _ = do(t, "GET", sb.URL+"/wpti-af/v1/soglie", tok, "", "", "")
	var list struct {
		Elementi []struct {
			ID string `json:"id"`
		} `json:"elementi"`
	}
	_, body := do(t, "GET", sb.URL+"/wpti-af/v1/soglie", tok, "", "", "")
	if err := json.Unmarshal(body, &list); err != nil || len(list.Elementi) == 0 {
		t.Fatalf("no soglie: %s", body)
	}
	resp, b = do(t, "DELETE", sb.URL+"/wpti-af/v1/soglie/"+list.Elementi[0].ID, tok, "", "text/html", "")
	if resp.StatusCode != 204 || len(b) != 0 {
		t.Fatalf("DELETE with Accept text/html: %d %q", resp.StatusCode, b)
	}
}

// The contracts are served as YAML beside each API, for OLOs' own generators.
func TestContractsServed(t *testing.T) {
	sb := sandboxtest.New(t)
	for _, base := range []string{"/wpti/v1", "/wpti-af/v1", "/sandbox/v1"} {
		resp, b := do(t, "GET", sb.URL+base+"/openapi.yaml", "", "", "", "")
		if resp.StatusCode != 200 || !strings.HasPrefix(string(b), "openapi: 3.0.3") {
			t.Errorf("%s/openapi.yaml: %d %.40s", base, resp.StatusCode, b)
		}
	}
}
