package e2e_test

import (
	"cmp"
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// TestRegoleDelContratto holds rules the contracts state in their descriptions (not in the
// schemas, so the validating transport alone cannot see them), checked from the client side.
func TestRegoleDelContratto(t *testing.T) {
	t.Parallel()
	a := nuovoAmbiente(t)
	o := a.olo(t, "olo001-crm")

	t.Run("DAC rimodulata durante la lavorazione", func(t *testing.T) {
		ctx := conT(t)
		dac := dopoLavorativi(a.oggi(), 6)
		nuova := dopoLavorativi(dac, 3)
		cr, err := o.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-REG-0001", "0612349301", dac))
		stato(t, cr, err, http.StatusCreated)
		id := cr.JSON201.CodiceOrdineRo
		leggi := func() wpti.OrdineWlr {
			t.Helper()
			r, err := o.p.LeggiOrdineWlrWithResponse(ctx, id)
			stato(t, r, err, http.StatusOK)
			return *r.JSON200
		}
		for i := 0; i < 40 && leggi().Stato != wpti.StatoOrdineWlrINLAVORAZIONE; i++ {
			a.sb.Advance(t, 6*time.Hour)
		}
		if s := leggi().Stato; s != wpti.StatoOrdineWlrINLAVORAZIONE {
			t.Fatalf("l'ordine non arriva IN_LAVORAZIONE: %s", s)
		}
		r, err := o.p.RimodulaDacOrdineWlrWithResponse(ctx, id, nil, wpti.RichiestaRimodulazioneDac{Dac: data(nuova)})
		stato(t, r, err, http.StatusOK)
		// Past the old DAC the order is still in work; it completes on the new one.
		for a.oggi().Before(nuova) {
			a.sb.Advance(t, 6*time.Hour)
			if x := leggi(); x.Stato == wpti.StatoOrdineWlrESPLETATO && a.oggi().Before(nuova) {
				t.Fatalf("espletato il %s, prima della nuova DAC %s (DAC originale %s)", a.oggi().Format(time.DateOnly), nuova.Format(time.DateOnly), dac.Format(time.DateOnly))
			}
		}
		a.sb.Advance(t, 24*time.Hour)
		x := leggi()
		if x.Stato != wpti.StatoOrdineWlrESPLETATO || x.DataEspletamento == nil || !x.DataEspletamento.Equal(nuova) {
			t.Errorf("dopo la nuova DAC: stato %s, espletamento %v, atteso %s", x.Stato, x.DataEspletamento, nuova.Format(time.DateOnly))
		}
		st, err := o.p.LeggiStoricoOrdineWlrWithResponse(ctx, id, nil)
		stato(t, st, err, http.StatusOK)
		for _, tr := range st.JSON200.Elementi {
			if tr.Timestamp.After(a.sb.Clock.Now()) {
				t.Errorf("storico: passaggio a %s datato %s, nel futuro dell'orologio %s", tr.A, tr.Timestamp, a.sb.Clock.Now())
			}
		}
	})

	t.Run("finestra predefinita delle soglie", func(t *testing.T) {
		ctx := conT(t)
		rif := "0612345678"
		for metrica, finestra := range map[af.MetricaSoglia]int{
			af.MetricaSogliaCHIAMATEMINUTO:            1,
			af.MetricaSogliaCHIAMATECONTEMPORANEE:     5,
			af.MetricaSogliaCHIAMATEINTERNAZIONALIORA: 60,
			af.MetricaSogliaMINUTIGIORNO:              1440,
			af.MetricaSogliaCOSTOGIORNOEUR:            1440,
		} {
			r, err := o.af.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &rif, Metrica: metrica, Warning: 10, Critico: 20, Azione: af.AzioneSogliaNOTIFICA})
			stato(t, r, err, http.StatusCreated)
			if r.JSON201.FinestraMinuti != finestra {
				t.Errorf("%s: finestraMinuti %d, la finestra naturale e' %d", metrica, r.JSON201.FinestraMinuti, finestra)
			}
			d, err := o.af.EliminaSogliaWithResponse(ctx, r.JSON201.Id)
			stato(t, d, err, http.StatusNoContent)
		}
	})

	t.Run("traffico: periodo oltre 366 giorni e' 400", func(t *testing.T) {
		al := a.oggi()
		r, err := o.af.LeggiTrafficoWithResponse(conT(t), &af.LeggiTrafficoParams{Dn: "0612345678", Dal: ptr(data(al.AddDate(0, 0, -400))), Al: ptr(data(al))})
		problema(t, r, err, http.StatusBadRequest, "VALIDAZIONE")
	})

	// A company of its own for the VoIP rules.
	ctx := conT(t)
	milano := wpti.Indirizzo{Indirizzo: "Via Tortona", Civico: "27", Cap: "20144", Comune: "Milano", CodiceIstatComune: ptr("015146"), Provincia: wpti.ProvinciaMI}
	ca, err := o.p.CreaAziendaWithResponse(ctx, nil, wpti.RichiestaAzienda{RagioneSociale: "Regole E2E S.r.l.", PartitaIva: partitaIva("0123457002"), SedeLegale: milano, Pec: "regole@pec.example.com", Profilo: wpti.ProfiloAziendaAZIENDA, MaxCanali: 4})
	stato(t, ca, err, http.StatusCreated)
	az := ca.JSON201.AziendaId
	var uffici []string
	for _, nome := range []string{"Zeta", "alfa", "Beta"} {
		r, err := o.p.CreaUfficioWithResponse(ctx, az, nil, wpti.RichiestaUfficio{Nome: nome, Indirizzo: milano, Prefisso: "02"})
		stato(t, r, err, http.StatusCreated)
		uffici = append(uffici, r.JSON201.UfficioId)
	}
	uf := uffici[0]
	cn, err := o.p.CreaNumerazioneWithResponse(ctx, uf, nil, wpti.RichiestaNumerazione{Primo: "0287650100", Ultimo: ptr("0287650199"), Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: ptr(true)})
	stato(t, cn, err, http.StatusCreated)
	var utenti []string
	for _, interno := range []string{"30", "201", "1000"} {
		r, err := o.p.CreaUtenteWithResponse(ctx, uf, nil, wpti.RichiestaUtente{Nome: "Utente", Cognome: interno, Email: openapi_types.Email("u" + interno + "@regole.example.com"), Interno: interno, Numero: ptr("02876501" + interno[len(interno)-2:]), CliPresentazione: ptr("0287650100"), MaxChiamateContemporanee: ptr(3)})
		stato(t, r, err, http.StatusCreated)
		utenti = append(utenti, r.JSON201.UtenteId)
	}

	t.Run("elenchi VoIP nell'ordine del contratto", func(t *testing.T) {
		ctx := conT(t)
		la, err := o.p.ElencaAziendeWithResponse(ctx, &wpti.ElencaAziendeParams{PerPagina: ptr(200)})
		stato(t, la, err, http.StatusOK)
		if !slices.IsSortedFunc(la.JSON200.Elementi, func(x, y wpti.Azienda) int {
			return cmp.Compare(strings.ToLower(x.RagioneSociale), strings.ToLower(y.RagioneSociale))
		}) {
			t.Errorf("aziende non per ragione sociale: %v", nomi(la.JSON200.Elementi, func(x wpti.Azienda) string { return x.RagioneSociale }))
		}
		lu, err := o.p.ElencaUfficiWithResponse(ctx, az, nil)
		stato(t, lu, err, http.StatusOK)
		if got := nomi(lu.JSON200.Elementi, func(x wpti.Ufficio) string { return x.Nome }); !slices.Equal(got, []string{"alfa", "Beta", "Zeta"}) {
			t.Errorf("uffici non per nome: %v", got)
		}
		lt, err := o.p.ElencaUtentiWithResponse(ctx, uf, nil)
		stato(t, lt, err, http.StatusOK)
		if got := nomi(lt.JSON200.Elementi, func(x wpti.Utente) string { return x.Interno }); !slices.IsSortedFunc(got, confrontaInterni) || len(got) != 3 {
			t.Errorf("utenti non per interno: %v", got)
		}
	})

	t.Run("regole VoIP", func(t *testing.T) {
		altro := "0287650300"
		eseguiCasi(t, []casoErrore{
			{nome: "intervallo oltre 100 numeri", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o.p.CreaNumerazioneWithResponse(ctx, uffici[1], nil, wpti.RichiestaNumerazione{Primo: "0287651000", Ultimo: ptr("0287651100"), Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA})
			}},
			{nome: "secondo numero pilota", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o.p.CreaNumerazioneWithResponse(ctx, uf, nil, wpti.RichiestaNumerazione{Primo: altro, Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: ptr(true)})
			}},
			{nome: "numero gia' assegnato", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o.p.CreaNumerazioneWithResponse(ctx, uffici[1], nil, wpti.RichiestaNumerazione{Primo: "0287650150", Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA})
			}},
			{nome: "numerazione che e' il cliPresentazione di utenti", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o.p.EliminaNumerazioneWithResponse(ctx, uf, "0287650100")
			}},
			{nome: "nome d'ufficio gia' usato nell'azienda", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o.p.CreaUfficioWithResponse(ctx, az, nil, wpti.RichiestaUfficio{Nome: "ZETA", Indirizzo: milano, Prefisso: "02"})
			}},
			{nome: "interno gia' usato nell'azienda", status: 409, codice: "CONFLITTO", call: func(ctx context.Context) (any, error) {
				return o.p.CreaUtenteWithResponse(ctx, uffici[1], nil, wpti.RichiestaUtente{Nome: "Doppio", Cognome: "Interno", Email: "doppio@regole.example.com", Interno: "201"})
			}},
			{nome: "numero non dell'ufficio", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o.p.CreaUtenteWithResponse(ctx, uffici[1], nil, wpti.RichiestaUtente{Nome: "Senza", Cognome: "Numero", Email: "senza@regole.example.com", Interno: "77", Numero: ptr("0287650101")})
			}},
			{nome: "cliPresentazione non dell'azienda", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o.p.AggiornaUtenteWithResponse(ctx, utenti[0], wpti.ModificaUtente{CliPresentazione: ptr("0612345678")})
			}},
			{nome: "maxChiamateContemporanee oltre maxCanali", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o.p.AggiornaUtenteWithResponse(ctx, utenti[0], wpti.ModificaUtente{MaxChiamateContemporanee: ptr(5)})
			}},
			{nome: "maxCanali sotto un utente", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return o.p.AggiornaAziendaWithResponse(ctx, az, wpti.ModificaAzienda{MaxCanali: ptr(2)})
			}},
		})
	})

	t.Run("reset-password con Idempotency-Key", func(t *testing.T) {
		ctx := conT(t)
		chiave := &wpti.ReimpostaPasswordUtenteParams{IdempotencyKey: ptr("e2e-reset-0001")}
		p1, err := o.p.ReimpostaPasswordUtenteWithResponse(ctx, utenti[1], chiave)
		stato(t, p1, err, http.StatusOK)
		p2, err := o.p.ReimpostaPasswordUtenteWithResponse(ctx, utenti[1], chiave)
		stato(t, p2, err, http.StatusOK)
		p3, err := o.p.ReimpostaPasswordUtenteWithResponse(ctx, utenti[1], nil)
		stato(t, p3, err, http.StatusOK)
		if p1.JSON200.SipPassword != p2.JSON200.SipPassword || p3.JSON200.SipPassword == p1.JSON200.SipPassword {
			t.Errorf("stessa chiave: %q e %q (devono coincidere); senza chiave %q (deve cambiare)", p1.JSON200.SipPassword, p2.JSON200.SipPassword, p3.JSON200.SipPassword)
		}
	})

	t.Run("Idempotency-Key sulle altre POST", func(t *testing.T) {
		difettoNoto(t, "world.AnnullaOrdineWlr e RimodulaDacOrdineWlr ignorano Idempotency-Key")
		ctx := conT(t)
		// A replay with the same key and body gives the first answer without repeating the
		// effect (an order cancelled twice would otherwise be 409, a DAC moved twice 422).
		dac := dopoLavorativi(a.oggi(), 8)
		cr, err := o.p.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-REG-0002", "0612349302", dac))
		stato(t, cr, err, http.StatusCreated)
		id := cr.JSON201.CodiceOrdineRo
		rk := &wpti.RimodulaDacOrdineWlrParams{IdempotencyKey: ptr("e2e-rimodula-0001")}
		rb := wpti.RichiestaRimodulazioneDac{Dac: data(dopoLavorativi(dac, 2))}
		r1, err := o.p.RimodulaDacOrdineWlrWithResponse(ctx, id, rk, rb)
		stato(t, r1, err, http.StatusOK)
		r2, err := o.p.RimodulaDacOrdineWlrWithResponse(ctx, id, rk, rb)
		stato(t, r2, err, http.StatusOK)
		stessoJSON(t, "rimodulazione ripetuta con la stessa chiave", *r2.JSON200, *r1.JSON200)
		ak := &wpti.AnnullaOrdineWlrParams{IdempotencyKey: ptr("e2e-annulla-0001")}
		ab := wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "Rinuncia"}
		a1, err := o.p.AnnullaOrdineWlrWithResponse(ctx, id, ak, ab)
		stato(t, a1, err, http.StatusOK)
		a2, err := o.p.AnnullaOrdineWlrWithResponse(ctx, id, ak, ab)
		stato(t, a2, err, http.StatusOK)
		stessoJSON(t, "annullamento ripetuto con la stessa chiave", *a2.JSON200, *a1.JSON200)
		a3, err := o.p.AnnullaOrdineWlrWithResponse(ctx, id, ak, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "Altro motivo"})
		problema(t, a3, err, http.StatusConflict, "CONFLITTO")
	})

	t.Run("Idempotency-Key riusata con un altro corpo", func(t *testing.T) {
		ctx := conT(t)
		k := &af.CreaSogliaParams{IdempotencyKey: ptr("e2e-soglia-chiave")}
		rif := "0612345678"
		body := af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &rif, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 100, Critico: 200, Azione: af.AzioneSogliaNOTIFICA}
		s1, err := o.af.CreaSogliaWithResponse(ctx, k, body)
		stato(t, s1, err, http.StatusCreated)
		body.Critico = 300
		s2, err := o.af.CreaSogliaWithResponse(ctx, k, body)
		problema(t, s2, err, http.StatusConflict, "CONFLITTO")
		d, err := o.af.EliminaSogliaWithResponse(ctx, s1.JSON201.Id)
		stato(t, d, err, http.StatusNoContent)
	})

	t.Run("la dashboard conta le aziende non cessate", func(t *testing.T) {
		difettoNoto(t, "world.LeggiRiepilogoDashboard conta anche le aziende CESSATE")
		ctx := conT(t)
		prima, err := o.p.LeggiRiepilogoDashboardWithResponse(ctx, nil)
		stato(t, prima, err, http.StatusOK)
		c, err := o.p.CreaAziendaWithResponse(ctx, nil, wpti.RichiestaAzienda{RagioneSociale: "Cessanda S.r.l.", PartitaIva: partitaIva("0123458003"), SedeLegale: milano, Pec: "cessanda@pec.example.com", Profilo: wpti.ProfiloAziendaRETAIL, MaxCanali: 1})
		stato(t, c, err, http.StatusCreated)
		m, err := o.p.AggiornaAziendaWithResponse(ctx, c.JSON201.AziendaId, wpti.ModificaAzienda{Stato: ptr(wpti.StatoAziendaCESSATA)})
		stato(t, m, err, http.StatusOK)
		dopo, err := o.p.LeggiRiepilogoDashboardWithResponse(ctx, nil)
		stato(t, dopo, err, http.StatusOK)
		if dopo.JSON200.Voip.Aziende != prima.JSON200.Voip.Aziende {
			t.Errorf("aziende nella dashboard: %d prima, %d dopo un'azienda creata e cessata", prima.JSON200.Voip.Aziende, dopo.JSON200.Voip.Aziende)
		}
	})

	t.Run("un numero portato via non e' piu' tra le linee", func(t *testing.T) {
		ctx := conT(t)
		po, err := o.p.ElencaPortedOutWithResponse(ctx, &wpti.ElencaPortedOutParams{Stato: &wpti.StatoPortedOutFiltro{wpti.StatoPortedOutESPLETATA}, Recipient: nil, PerPagina: ptr(200)})
		stato(t, po, err, http.StatusOK)
		if len(po.JSON200.Elementi) == 0 {
			t.Fatal("nessun ported out espletato")
		}
		for _, x := range po.JSON200.Elementi {
			if x.Servizio != wpti.ServizioNumeroWLR {
				continue
			}
			l, err := o.p.ElencaLineeWlrWithResponse(ctx, &wpti.ElencaLineeWlrParams{Dn: &x.Dn})
			stato(t, l, err, http.StatusOK)
			for _, ln := range l.JSON200.Elementi {
				if ln.Stato != wpti.StatoLineaCESSATA {
					t.Errorf("%s portato via il %v e' ancora una linea %s", x.Dn, x.DataEspletamento, ln.Stato)
				}
			}
			if l.JSON200.Totale != 0 {
				t.Errorf("%s portato via il %v compare ancora in GET /wlr/linee (%d)", x.Dn, x.DataEspletamento, l.JSON200.Totale)
			}
		}
	})
}

// difettoNoto skips a check that fails because of a sandbox defect already reported (see
// the e2e report), unless WPTI_E2E_DIFETTI=1: the suite stays green for the others while
// the check is ready to prove the fix. Remove the call once the defect is fixed.
func difettoNoto(t *testing.T, dove string) {
	t.Helper()
	if os.Getenv("WPTI_E2E_DIFETTI") == "" {
		t.Skipf("difetto noto della sandbox: %s (WPTI_E2E_DIFETTI=1 per verificarlo)", dove)
	}
}

func nomi[T any](v []T, f func(T) string) []string {
	out := make([]string, len(v))
	for i, x := range v {
		out[i] = f(x)
	}
	return out
}

// confrontaInterni orders extensions as numbers (30 before 201 before 1000).
func confrontaInterni(a, b string) int {
	return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
}
