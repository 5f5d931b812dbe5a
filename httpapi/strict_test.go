package httpapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wpti/toolkit/spec"
)

type fixedAuth struct{}

func (fixedAuth) Authenticate(string) (Principal, bool) {
	return Principal{OpID: "OLO001", Scopes: []string{"wlr"}}, true
}

// Strict mode stops a response that violates the contract, every time it is produced, and
// lets a valid one through (remembering it, so the same page read again costs nothing).
func TestStrictModeCatchesViolations(t *testing.T) {
	body := `{"elementi":[],"pagina":1,"perPagina":50,"totale":0}`
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("stato") == "ESPLETATO" {
			_, _ = w.Write([]byte(`{"elementi":5}`)) // not a ListaOrdiniWlr
			return
		}
		_, _ = w.Write([]byte(body))
	})
	c, err := NewContract("wpti", "/wpti/v1", spec.WPTI, h, fixedAuth{}, ContractOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		req := httptest.NewRequest("GET", "/wpti/v1/wlr/ordini?stato=ESPLETATO", nil)
		req.Header.Set("Authorization", "Bearer x")
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		if rec.Code != 500 || !strings.Contains(rec.Body.String(), "viola il contratto") {
			t.Fatalf("run %d: invalid response let through: %d %s", i, rec.Code, rec.Body)
		}
		req = httptest.NewRequest("GET", "/wpti/v1/wlr/ordini", nil)
		req.Header.Set("Authorization", "Bearer x")
		rec = httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		if rec.Code != 200 || rec.Body.String() != body {
			t.Fatalf("run %d: valid response: %d %s", i, rec.Code, rec.Body)
		}
	}
}
