package e2e_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// casoErrore is one refusal: the call, the status and codice it must answer, and the field
// the problem must name (when the refusal is about one).
type casoErrore struct {
	nome   string
	call   func(ctx context.Context) (any, error)
	voluta bool // the request itself breaks the contract
	status int
	codice string
	campo  string
}

func eseguiCasi(t *testing.T, casi []casoErrore) {
	t.Helper()
	for _, tc := range casi {
		t.Run(tc.nome, func(t *testing.T) {
			ctx := conT(t)
			if tc.voluta {
				ctx = nonConforme(ctx)
			}
			r, err := tc.call(ctx)
			p := problema(t, r, err, tc.status, tc.codice)
			if tc.campo != "" && !p.campoInErrore(tc.campo) {
				t.Errorf("il problem non nomina %s: %+v", tc.campo, p.Errori)
			}
			if tc.status == http.StatusUnauthorized && !strings.HasPrefix(httpDi(r).Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 senza WWW-Authenticate Bearer: %q", httpDi(r).Header.Get("WWW-Authenticate"))
			}
		})
	}
}

// TestErrori holds the refusals of both contracts: each answers the documented status with
// application/problem+json and the stable codice.
func TestErrori(t *testing.T) {
	t.Parallel()
	a := nuovoAmbiente(t)
	o1 := a.olo(t, "olo001-crm")
	ctx := conT(t)

	// Data the cases refer to, read through the clients.
	anon := a.clientWpti(t, "")
	anonAf := a.clientAf(t, "")
	falso := a.clientWpti(t, "wpti_token-che-non-esiste")
	falsoAf := a.clientAf(t, "wpti_token-che-non-esiste")
	o3p := a.clientWpti(t, a.tokenWpti(t, "olo003-crm"))
	o3af := a.clientAf(t, a.tokenAf(t, "olo003-crm", ""))
	soloAf := a.clientWpti(t, a.tokenAf(t, "olo001-crm", "antifrode"))

	az, err := o1.p.ElencaAziendeWithResponse(ctx, nil)
	stato(t, az, err, http.StatusOK)
	conUffici := az.JSON200.Elementi[0]
	if conUffici.NumeroUffici == 0 {
		t.Fatalf("l'azienda %s non ha uffici", conUffici.AziendaId)
	}
	uf, err := o1.p.ElencaUfficiWithResponse(ctx, conUffici.AziendaId, nil)
	stato(t, uf, err, http.StatusOK)
	ufficio := uf.JSON200.Elementi[0]
	fuori := "0105550100" // Genova
	if ufficio.Prefisso == "010" {
		fuori = "0612345600" // Roma
	}
	al, err := o1.af.ElencaAllarmiWithResponse(ctx, &af.ElencaAllarmiParams{Stato: &[]af.StatoAllarme{af.StatoAllarmeAPERTO}})
	stato(t, al, err, http.StatusOK)
	if len(al.JSON200.Elementi) == 0 {
		t.Fatal("nessun allarme aperto")
	}
	aperto := al.JSON200.Elementi[0].Id
	esp, err := o1.p.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Stato: &wpti.StatoOrdineFiltro{wpti.StatoOrdineWlrESPLETATO}, PerPagina: ptr(1)})
	stato(t, esp, err, http.StatusOK)
	if len(esp.JSON200.Elementi) == 0 {
		t.Fatal("nessun ordine espletato")
	}
	espletato := esp.JSON200.Elementi[0].CodiceOrdineRo

	sbagliato := "sbagliato"
	dac := dopoLavorativi(a.oggi(), 7)
	dnAperto := "0612349001"
	cr, err := o1.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-ERR-0001", dnAperto, dac))
	stato(t, cr, err, http.StatusCreated)
	milano := wpti.Indirizzo{Indirizzo: "Via Melchiorre Gioia", Civico: "8", Cap: "20124", Comune: "Milano", Provincia: wpti.ProvinciaMI}
	azienda := func(piva string) wpti.RichiestaAzienda {
		return wpti.RichiestaAzienda{RagioneSociale: "Prova Errori S.r.l.", PartitaIva: piva, SedeLegale: milano, Pec: "prova@pec.example.com", Profilo: wpti.ProfiloAziendaRETAIL, MaxCanali: 2}
	}

	t.Run("401", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "senza token WPTI", status: 401, codice: "NON_AUTENTICATO", call: func(ctx context.Context) (any, error) { return anon.LeggiOperatoreWithResponse(ctx) }},
			{nome: "token sconosciuto WPTI", status: 401, codice: "NON_AUTENTICATO", call: func(ctx context.Context) (any, error) {
				return falso.ElencaOrdiniWlrWithResponse(ctx, nil)
			}},
			{nome: "senza token WPTI_AF", status: 401, codice: "NON_AUTENTICATO", call: func(ctx context.Context) (any, error) { return anonAf.ElencaAllarmiWithResponse(ctx, nil) }},
			{nome: "token sconosciuto WPTI_AF", status: 401, codice: "NON_AUTENTICATO", call: func(ctx context.Context) (any, error) {
				return falsoAf.LeggiSogliaWithResponse(ctx, "SG-00000000")
			}},
		})
		// Wrong credentials on creaToken are 401 too (no WWW-Authenticate: there is no bearer yet).
		for _, tc := range []struct {
			nome string
			call func() (any, error)
		}{
			{"WPTI", func() (any, error) {
				return anon.CreaTokenWithFormdataBodyWithResponse(conT(t), wpti.RichiestaToken{GrantType: "client_credentials", ClientId: "olo001-crm", ClientSecret: &sbagliato})
			}},
			{"WPTI_AF", func() (any, error) {
				return anonAf.CreaTokenWithFormdataBodyWithResponse(conT(t), af.RichiestaToken{GrantType: "client_credentials", ClientId: "olo001-crm", ClientSecret: &sbagliato})
			}},
		} {
			r, err := tc.call()
			problema(t, r, err, http.StatusUnauthorized, "NON_AUTENTICATO")
		}
	})

	t.Run("403", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "OLO003 senza voip", status: 403, codice: "NON_AUTORIZZATO", call: func(ctx context.Context) (any, error) { return o3p.ElencaAziendeWithResponse(ctx, nil) }},
			{nome: "OLO003 senza voip in scrittura", status: 403, codice: "NON_AUTORIZZATO", call: func(ctx context.Context) (any, error) {
				return o3p.CreaAziendaWithResponse(ctx, nil, azienda("00743110157"))
			}},
			{nome: "OLO003 senza antifrode", status: 403, codice: "NON_AUTORIZZATO", call: func(ctx context.Context) (any, error) { return o3af.ElencaAllarmiWithResponse(ctx, nil) }},
			{nome: "token con il solo scope antifrode su WPTI", status: 403, codice: "NON_AUTORIZZATO", call: func(ctx context.Context) (any, error) { return soloAf.LeggiOperatoreWithResponse(ctx) }},
		})
		// OLO003 still reaches what it has: its scopes are real, not a blanket refusal.
		r, err := o3p.ElencaLineeWlrWithResponse(conT(t), nil)
		stato(t, r, err, http.StatusOK)
	})

	t.Run("400", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "perPagina=0", voluta: true, status: 400, codice: "VALIDAZIONE", campo: "query.perPagina", call: func(ctx context.Context) (any, error) {
				return o1.p.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{PerPagina: ptr(0)})
			}},
			{nome: "perPagina=201 su WPTI_AF", voluta: true, status: 400, codice: "VALIDAZIONE", campo: "query.perPagina", call: func(ctx context.Context) (any, error) {
				return o1.af.ElencaSoglieWithResponse(ctx, &af.ElencaSoglieParams{PerPagina: ptr(201)})
			}},
			{nome: "JSON malformato", voluta: true, status: 400, codice: "VALIDAZIONE", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaAziendaWithBodyWithResponse(ctx, nil, "application/json", strings.NewReader(`{"ragioneSociale": "Tronca`))
			}},
			{nome: "partita IVA come numero JSON", voluta: true, status: 400, codice: "VALIDAZIONE", campo: "body.partitaIva", call: func(ctx context.Context) (any, error) {
				body := `{"ragioneSociale":"Numeri S.r.l.","partitaIva":743110157,"sedeLegale":{"indirizzo":"Via Roma","civico":"1","cap":"20100","comune":"Milano","provincia":"MI"},"pec":"a@pec.example.com","profilo":"RETAIL","maxCanali":2}`
				return o1.p.CreaAziendaWithBodyWithResponse(ctx, nil, "application/json", strings.NewReader(body))
			}},
			{nome: "campo sconosciuto", voluta: true, status: 400, codice: "VALIDAZIONE", call: func(ctx context.Context) (any, error) {
				return o1.af.AggiornaAllarmeWithBodyWithResponse(ctx, aperto, "application/json", strings.NewReader(`{"stato":"PRESA_IN_CARICO","nota":"x","priorita":1}`))
			}},
		})
	})

	t.Run("404", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "ordine inesistente", status: 404, codice: "NON_TROVATO", call: func(ctx context.Context) (any, error) {
				return o1.p.LeggiOrdineWlrWithResponse(ctx, "ORD-20260310-ZZZZZZ")
			}},
			{nome: "azienda inesistente", status: 404, codice: "NON_TROVATO", call: func(ctx context.Context) (any, error) {
				return o1.p.LeggiAziendaWithResponse(ctx, "AZ-ZZZZZZZZ")
			}},
			{nome: "allarme inesistente", status: 404, codice: "NON_TROVATO", call: func(ctx context.Context) (any, error) {
				return o1.af.LeggiAllarmeWithResponse(ctx, "AL-ZZZZZZZZ")
			}},
			{nome: "traffico di un numero non dell'OLO", status: 404, codice: "NON_TROVATO", call: func(ctx context.Context) (any, error) {
				return o1.af.LeggiTrafficoWithResponse(ctx, &af.LeggiTrafficoParams{Dn: "0299999999"})
			}},
		})
	})

	t.Run("409", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "azienda con uffici", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o1.p.EliminaAziendaWithResponse(ctx, conUffici.AziendaId)
			}},
			{nome: "allarme da APERTO a CHIUSO", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o1.af.AggiornaAllarmeWithResponse(ctx, aperto, af.AggiornamentoAllarme{Stato: af.StatoAllarmeCHIUSO, Nota: "salto non ammesso"})
			}},
			{nome: "allarme verso lo stato attuale", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o1.af.AggiornaAllarmeWithResponse(ctx, aperto, af.AggiornamentoAllarme{Stato: af.StatoAllarmeAPERTO, Nota: "nessun cambio"})
			}},
			{nome: "annullare un ordine espletato", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o1.p.AnnullaOrdineWlrWithResponse(ctx, espletato, nil, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "troppo tardi"})
			}},
		})
		// Nothing changed: the company still stands, the alert is still open.
		r, err := o1.p.LeggiAziendaWithResponse(conT(t), conUffici.AziendaId)
		stato(t, r, err, http.StatusOK)
		ra, err := o1.af.LeggiAllarmeWithResponse(conT(t), aperto)
		stato(t, ra, err, http.StatusOK)
		if ra.JSON200.Stato != af.StatoAllarmeAPERTO {
			t.Errorf("allarme %s dopo i rifiuti: %s", aperto, ra.JSON200.Stato)
		}
	})

	t.Run("422", func(t *testing.T) {
		eseguiCasi(t, []casoErrore{
			{nome: "partita IVA con cifra di controllo errata", status: 422, codice: "REGOLA_VIOLATA", campo: "body.partitaIva", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaAziendaWithResponse(ctx, nil, azienda("00743110158"))
			}},
			{nome: "DID geografico fuori distretto", status: 422, codice: "REGOLA_VIOLATA", campo: "body.primo", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaNumerazioneWithResponse(ctx, ufficio.UfficioId, nil, wpti.RichiestaNumerazione{Primo: fuori, Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA})
			}},
			{nome: "soglia con warning uguale a critico", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o1.af.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 600, Critico: 600, Azione: af.AzioneSogliaNOTIFICA})
			}},
			{nome: "soglia con warning oltre critico", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o1.af.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 900, Critico: 600, Azione: af.AzioneSogliaNOTIFICA})
			}},
			{nome: "DAC troppo vicina (KO07)", status: 422, codice: "KO07", campo: "body.dac", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-ERR-0002", "0612349002", dopoLavorativi(a.oggi(), 2)))
			}},
			{nome: "DAC oltre 90 giorni (KO07)", status: 422, codice: "KO07", campo: "body.dac", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-ERR-0003", "0612349003", dopoLavorativi(a.oggi().AddDate(0, 0, 90), 1)))
			}},
			{nome: "ordine gia' aperto sul DN (KO05)", status: 422, codice: "KO05", call: func(ctx context.Context) (any, error) {
				return o1.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-ERR-0004", dnAperto, dac))
			}},
		})
	})

	t.Run("idempotenza di creaOrdineWlr", func(t *testing.T) {
		ctx := conT(t)
		body := nuovaAttivazione("E2E-IDEM-0001", "0612349010", dac)
		first, err := o1.p.CreaOrdineWlrWithResponse(ctx, body)
		stato(t, first, err, http.StatusCreated)
		a.sb.Advance(t, 20*time.Minute) // the order moves on: the replay shows its current state
		again, err := o1.p.CreaOrdineWlrWithResponse(ctx, body)
		stato(t, again, err, http.StatusOK)
		if again.JSON200.CodiceOrdineRo != first.JSON201.CodiceOrdineRo || again.JSON200.Stato == wpti.StatoOrdineWlrINVIATO {
			t.Errorf("replay: %s in stato %s, atteso %s non piu' INVIATO", again.JSON200.CodiceOrdineRo, again.JSON200.Stato, first.JSON201.CodiceOrdineRo)
		}
		diverso := body
		diverso.Dac = data(dopoLavorativi(dac, 1))
		conf, err := o1.p.CreaOrdineWlrWithResponse(ctx, diverso)
		problema(t, conf, err, http.StatusConflict, "CONFLITTO")
		list, err := o1.p.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{CodiceOrdineOlo: ptr("E2E-IDEM-0001")})
		stato(t, list, err, http.StatusOK)
		if list.JSON200.Totale != 1 || !list.JSON200.Elementi[0].Dac.Equal(dac) {
			t.Errorf("dopo replay e conflitto: %+v", list.JSON200)
		}
	})
}
