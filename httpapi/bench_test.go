package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/sandbox"
	"github.com/wpti/toolkit/sandbox/sandboxtest"
)

// BenchmarkListOrders is one GET /wpti/v1/wlr/ordini (first page, 50 orders) through the
// whole pipeline: routing, token, request validation, the world, and strict response
// validation when on.
func BenchmarkListOrders(b *testing.B) {
	for _, strict := range []bool{true, false} {
		name := "strict"
		if !strict {
			name = "nonstrict"
		}
		b.Run(name, func(b *testing.B) {
			sb := sandboxtest.New(b, sandboxtest.WithConfig(func(c *sandbox.Config) { c.Strict = strict }))
			tok := sb.Token(b, "olo001-crm")
			h := sb.Handler()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				req := httptest.NewRequest("GET", "/wpti/v1/wlr/ordini", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("status %d: %s", rec.Code, rec.Body)
				}
			}
		})
	}
}

// BenchmarkCreateCompany is one POST /wpti/v1/voip/aziende with a fresh valid partita IVA.
func BenchmarkCreateCompany(b *testing.B) {
	sb := sandboxtest.New(b)
	tok := sb.Token(b, "olo001-crm")
	h := sb.Handler()
	n := 0
	b.ReportAllocs()
	for b.Loop() {
		n++
		base := fmt.Sprintf("%07d%03d", n, 58)
		check, _ := italia.CifraControlloPartitaIva(base)
		body := fmt.Sprintf(`{"ragioneSociale":"Bench %d S.r.l.","partitaIva":"%s%c","pec":"b%d@pec.example.com","profilo":"AZIENDA","maxCanali":4,"sedeLegale":{"indirizzo":"Via del Corso","civico":"1","cap":"00186","comune":"Roma","provincia":"RM"}}`, n, base, check, n)
		req := httptest.NewRequest("POST", "/wpti/v1/voip/aziende", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}
