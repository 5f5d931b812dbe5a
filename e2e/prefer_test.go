package e2e_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// esempioContratto returns a named example of an operation's response, from the loaded
// contract (not from the sandbox), as JSON.
func esempioContratto(t *testing.T, contratto, path, method string, status int, media, nome string) []byte {
	t.Helper()
	for _, c := range contratti(t) {
		if c.nome != contratto {
			continue
		}
		item := c.doc.Paths.Find(path)
		if item == nil || item.GetOperation(method) == nil {
			t.Fatalf("%s %s non e' nel contratto %s", method, path, contratto)
		}
		resp := item.GetOperation(method).Responses.Status(status)
		if resp == nil || resp.Value == nil || resp.Value.Content[media] == nil {
			t.Fatalf("%s %s: nessuna risposta %d %s", method, path, status, media)
		}
		ex := resp.Value.Content[media].Examples[nome]
		if ex == nil || ex.Value == nil {
			t.Fatalf("%s %s %d: nessun esempio %q", method, path, status, nome)
		}
		b, err := json.Marshal(ex.Value.Value)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	t.Fatalf("contratto %s sconosciuto", contratto)
	return nil
}

// stessoJSONGrezzo compares two JSON documents by value.
func stessoJSONGrezzo(t *testing.T, cosa string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: JSON illeggibile %v: %s", cosa, err, got)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if string(gb) != string(wb) {
		t.Errorf("%s:\n got %s\nwant %s", cosa, gb, wb)
	}
}

// TestPrefer checks the Prism-style Prefer header an OLO's tests use to get a documented
// answer on demand: code= picks the status, example= the named example of the contract, and
// neither changes the world.
func TestPrefer(t *testing.T) {
	t.Parallel()
	a := nuovoAmbiente(t)
	o1 := a.olo(t, "olo001-crm")
	tokP := a.tokenWpti(t, "olo001-crm")
	tokAf := a.tokenAf(t, "olo001-crm", "")
	ctx := conT(t)

	lst, err := o1.p.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{PerPagina: ptr(1)})
	stato(t, lst, err, http.StatusOK)
	esistente := lst.JSON200.Elementi[0].CodiceOrdineRo

	t.Run("code=404 su un ordine esistente", func(t *testing.T) {
		c := a.clientWpti(t, tokP, intestazione("Prefer", "code=404"))
		r, err := c.LeggiOrdineWlrWithResponse(conT(t), esistente)
		problema(t, r, err, http.StatusNotFound, "NON_TROVATO")
		// Without the header the very same order is there.
		ok, err := o1.p.LeggiOrdineWlrWithResponse(conT(t), esistente)
		stato(t, ok, err, http.StatusOK)
	})

	t.Run("example=koFormale", func(t *testing.T) {
		c := a.clientWpti(t, tokP, intestazione("Prefer", "example=koFormale"))
		r, err := c.LeggiOrdineWlrWithResponse(conT(t), esistente)
		stato(t, r, err, http.StatusOK)
		want := esempioContratto(t, "wpti", "/wlr/ordini/{id}", http.MethodGet, 200, "application/json", "koFormale")
		stessoJSONGrezzo(t, "esempio koFormale", r.Body, want)
		if r.JSON200.Stato != wpti.StatoOrdineWlrKOFORMALE {
			t.Errorf("esempio koFormale: stato %s", r.JSON200.Stato)
		}
	})

	t.Run("code=422 con example=ko05 su creaOrdineWlr non crea nulla", func(t *testing.T) {
		c := a.clientWpti(t, tokP, intestazione("Prefer", "code=422, example=ko05"))
		body := nuovaAttivazione("E2E-PREFER-01", "0612349500", dopoLavorativi(a.oggi(), 6))
		r, err := c.CreaOrdineWlrWithResponse(conT(t), body)
		problema(t, r, err, http.StatusUnprocessableEntity, "KO05")
		want := esempioContratto(t, "wpti", "/wlr/ordini", http.MethodPost, 422, "application/problem+json", "ko05")
		stessoJSONGrezzo(t, "esempio ko05", r.Body, want)
		l, err := o1.p.ElencaOrdiniWlrWithResponse(conT(t), &wpti.ElencaOrdiniWlrParams{CodiceOrdineOlo: ptr(body.CodiceOrdineOlo)})
		stato(t, l, err, http.StatusOK)
		if l.JSON200.Totale != 0 {
			t.Errorf("una risposta d'esempio ha creato l'ordine: %+v", l.JSON200.Elementi)
		}
	})

	t.Run("example su WPTI_AF", func(t *testing.T) {
		c := a.clientAf(t, tokAf, intestazione("Prefer", "example=allarmiAperti"))
		r, err := c.ElencaAllarmiWithResponse(conT(t), nil)
		stato(t, r, err, http.StatusOK)
		want := esempioContratto(t, "wptiaf", "/allarmi", http.MethodGet, 200, "application/json", "allarmiAperti")
		stessoJSONGrezzo(t, "esempio allarmiAperti", r.Body, want)
	})

	t.Run("example sconosciuto e' 400", func(t *testing.T) {
		c := a.clientWpti(t, tokP, intestazione("Prefer", "example=nonEsiste"))
		r, err := c.LeggiOrdineWlrWithResponse(conT(t), esistente)
		p := problema(t, r, err, http.StatusBadRequest, "VALIDAZIONE")
		if !p.campoInErrore("header.Prefer") {
			t.Errorf("il problem non nomina header.Prefer: %+v", p.Errori)
		}
		ca := a.clientAf(t, tokAf, intestazione("Prefer", "example=nonEsiste"))
		ra, err := ca.LeggiSogliaWithResponse(conT(t), "SG-00000000")
		problema(t, ra, err, http.StatusBadRequest, "VALIDAZIONE")
	})

	t.Run("code non documentato e' 400", func(t *testing.T) {
		c := a.clientAf(t, tokAf, intestazione("Prefer", "code=418"))
		r, err := c.ElencaBlocchiWithResponse(conT(t), nil)
		problema(t, r, err, http.StatusBadRequest, "VALIDAZIONE")
	})

	t.Run("l'autenticazione resta obbligatoria", func(t *testing.T) {
		c := a.clientAf(t, "", intestazione("Prefer", "example=allarmiAperti"))
		r, err := c.ElencaAllarmiWithResponse(conT(t), &af.ElencaAllarmiParams{})
		problema(t, r, err, http.StatusUnauthorized, "NON_AUTENTICATO")
	})
}
