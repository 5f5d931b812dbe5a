package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

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
