package e2e_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// risorseOlo001 are ids of one operator's data, one of each kind the contracts expose.
type risorseOlo001 struct {
	ordine     wpti.OrdineWlr
	dn         string // a WLR line
	azienda    string
	ufficio    wpti.Ufficio
	utente     string
	numero     string // first number of the office's numbering
	portedOut  string
	com        string
	allarme    af.Allarme
	soglia     string
	blocco     string
	comLettaIl string // notice's read state, to see that nothing changed
}

// pagina is one page of a list operation: the response, its elements and the total.
type pagina[T any] struct {
	r   any
	err error
	el  []T
	tot int
}

// raccogli pages through a list operation and returns every element.
func raccogli[T any](t *testing.T, leggi func(ctx context.Context, n int) pagina[T]) []T {
	t.Helper()
	var out []T
	for n := 1; ; n++ {
		p := leggi(conT(t), n)
		stato(t, p.r, p.err, http.StatusOK)
		out = append(out, p.el...)
		if len(p.el) == 0 || len(out) >= p.tot {
			return out
		}
	}
}

// TestIsolamentoTenant checks that an OLO never reaches another OLO's data: with OLO002's
// token every OLO001 id is 404 on read, change and delete (as if it did not exist), never
// appears in OLO002's lists, cannot be named in OLO002's thresholds and blocks, and is
// still there, untouched, for OLO001 afterwards.
func TestIsolamentoTenant(t *testing.T) {
	t.Parallel()
	a := nuovoAmbiente(t)
	o1 := a.olo(t, "olo001-crm")
	o2 := a.olo(t, "olo002-crm")
	r := leggiRisorseOlo001(t, a, o1)
	p2, af2 := o2.p, o2.af

	dac := data(dopoLavorativi(a.oggi(), 10))
	milano := wpti.Indirizzo{Indirizzo: "Via Dante", Civico: "1", Cap: "20121", Comune: "Milano", Provincia: wpti.ProvinciaMI}
	numeroLibero := r.ufficio.Prefisso + "99999"
	casi := []casoErrore{
		{nome: "leggiOrdineWlr", call: func(ctx context.Context) (any, error) {
			return p2.LeggiOrdineWlrWithResponse(ctx, r.ordine.CodiceOrdineRo)
		}},
		{nome: "leggiStoricoOrdineWlr", call: func(ctx context.Context) (any, error) {
			return p2.LeggiStoricoOrdineWlrWithResponse(ctx, r.ordine.CodiceOrdineRo, nil)
		}},
		{nome: "annullaOrdineWlr", call: func(ctx context.Context) (any, error) {
			return p2.AnnullaOrdineWlrWithResponse(ctx, r.ordine.CodiceOrdineRo, nil, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "intrusione"})
		}},
		{nome: "rimodulaDacOrdineWlr", call: func(ctx context.Context) (any, error) {
			return p2.RimodulaDacOrdineWlrWithResponse(ctx, r.ordine.CodiceOrdineRo, nil, wpti.RichiestaRimodulazioneDac{Dac: dac})
		}},
		{nome: "leggiLineaWlr", call: func(ctx context.Context) (any, error) { return p2.LeggiLineaWlrWithResponse(ctx, r.dn) }},
		{nome: "leggiAzienda", call: func(ctx context.Context) (any, error) { return p2.LeggiAziendaWithResponse(ctx, r.azienda) }},
		{nome: "aggiornaAzienda", call: func(ctx context.Context) (any, error) {
			return p2.AggiornaAziendaWithResponse(ctx, r.azienda, wpti.ModificaAzienda{RagioneSociale: ptr("Presa S.r.l.")})
		}},
		{nome: "eliminaAzienda", call: func(ctx context.Context) (any, error) { return p2.EliminaAziendaWithResponse(ctx, r.azienda) }},
		{nome: "elencaUffici", call: func(ctx context.Context) (any, error) { return p2.ElencaUfficiWithResponse(ctx, r.azienda, nil) }},
		{nome: "creaUfficio", call: func(ctx context.Context) (any, error) {
			return p2.CreaUfficioWithResponse(ctx, r.azienda, nil, wpti.RichiestaUfficio{Nome: "Intruso", Indirizzo: milano, Prefisso: "02"})
		}},
		{nome: "leggiUfficio", call: func(ctx context.Context) (any, error) { return p2.LeggiUfficioWithResponse(ctx, r.ufficio.UfficioId) }},
		{nome: "aggiornaUfficio", call: func(ctx context.Context) (any, error) {
			return p2.AggiornaUfficioWithResponse(ctx, r.ufficio.UfficioId, wpti.ModificaUfficio{Nome: ptr("Intruso")})
		}},
		{nome: "eliminaUfficio", call: func(ctx context.Context) (any, error) { return p2.EliminaUfficioWithResponse(ctx, r.ufficio.UfficioId) }},
		{nome: "elencaNumerazioni", call: func(ctx context.Context) (any, error) {
			return p2.ElencaNumerazioniWithResponse(ctx, r.ufficio.UfficioId, nil)
		}},
		{nome: "creaNumerazione", call: func(ctx context.Context) (any, error) {
			return p2.CreaNumerazioneWithResponse(ctx, r.ufficio.UfficioId, nil, wpti.RichiestaNumerazione{Primo: numeroLibero, Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA})
		}},
		{nome: "eliminaNumerazione", call: func(ctx context.Context) (any, error) {
			return p2.EliminaNumerazioneWithResponse(ctx, r.ufficio.UfficioId, r.numero)
		}},
		{nome: "elencaUtenti", call: func(ctx context.Context) (any, error) {
			return p2.ElencaUtentiWithResponse(ctx, r.ufficio.UfficioId, nil)
		}},
		{nome: "creaUtente", call: func(ctx context.Context) (any, error) {
			return p2.CreaUtenteWithResponse(ctx, r.ufficio.UfficioId, nil, wpti.RichiestaUtente{Nome: "In", Cognome: "Truso", Email: "in.truso@example.com", Interno: "9999"})
		}},
		{nome: "leggiUtente", call: func(ctx context.Context) (any, error) { return p2.LeggiUtenteWithResponse(ctx, r.utente) }},
		{nome: "aggiornaUtente", call: func(ctx context.Context) (any, error) {
			return p2.AggiornaUtenteWithResponse(ctx, r.utente, wpti.ModificaUtente{Dnd: ptr(true)})
		}},
		{nome: "eliminaUtente", call: func(ctx context.Context) (any, error) { return p2.EliminaUtenteWithResponse(ctx, r.utente) }},
		{nome: "reimpostaPasswordUtente", call: func(ctx context.Context) (any, error) {
			return p2.ReimpostaPasswordUtenteWithResponse(ctx, r.utente, nil)
		}},
		{nome: "leggiPortedOut", call: func(ctx context.Context) (any, error) { return p2.LeggiPortedOutWithResponse(ctx, r.portedOut) }},
		{nome: "leggiComunicazione", call: func(ctx context.Context) (any, error) { return p2.LeggiComunicazioneWithResponse(ctx, r.com) }},
		{nome: "segnaComunicazioneLetta", call: func(ctx context.Context) (any, error) {
			return p2.SegnaComunicazioneLettaWithResponse(ctx, r.com, nil)
		}},
		{nome: "leggiAllarme", call: func(ctx context.Context) (any, error) { return af2.LeggiAllarmeWithResponse(ctx, r.allarme.Id) }},
		{nome: "aggiornaAllarme", call: func(ctx context.Context) (any, error) {
			return af2.AggiornaAllarmeWithResponse(ctx, r.allarme.Id, af.AggiornamentoAllarme{Stato: af.StatoAllarmeFALSOPOSITIVO, Nota: "intrusione"})
		}},
		{nome: "leggiSoglia", call: func(ctx context.Context) (any, error) { return af2.LeggiSogliaWithResponse(ctx, r.soglia) }},
		{nome: "aggiornaSoglia", call: func(ctx context.Context) (any, error) {
			return af2.AggiornaSogliaWithResponse(ctx, r.soglia, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Metrica: af.MetricaSogliaCHIAMATEMINUTO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
		}},
		{nome: "eliminaSoglia", call: func(ctx context.Context) (any, error) { return af2.EliminaSogliaWithResponse(ctx, r.soglia) }},
		{nome: "eliminaBlocco", call: func(ctx context.Context) (any, error) { return af2.EliminaBloccoWithResponse(ctx, r.blocco) }},
		{nome: "leggiTraffico", call: func(ctx context.Context) (any, error) {
			return af2.LeggiTrafficoWithResponse(ctx, &af.LeggiTrafficoParams{Dn: r.dn})
		}},
	}
	for i := range casi {
		casi[i].status, casi[i].codice = http.StatusNotFound, "NON_TROVATO"
	}
	t.Run("404 su ogni id di OLO001", func(t *testing.T) { eseguiCasi(t, casi) })

	t.Run("422 nominando dati di OLO001", func(t *testing.T) {
		propria := elencaLineeAttive(t, p2)[0]
		eseguiCasi(t, []casoErrore{
			{nome: "soglia su un DN di OLO001", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return af2.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &r.dn, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
			}},
			{nome: "soglia su un'azienda di OLO001", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return af2.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaAZIENDA, Riferimento: &r.azienda, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
			}},
			{nome: "blocco di un DN di OLO001", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return af2.CreaBloccoWithResponse(ctx, nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: r.dn, Profilo: "TOTALE", Motivo: "intrusione"})
			}},
			{nome: "blocco di un utente di OLO001", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return af2.CreaBloccoWithResponse(ctx, nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoUTENTE, Riferimento: r.utente, Profilo: "TOTALE", Motivo: "intrusione"})
			}},
			{nome: "blocco che cita un allarme di OLO001", status: 422, codice: "REGOLA_VIOLATA", call: func(ctx context.Context) (any, error) {
				return af2.CreaBloccoWithResponse(ctx, nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: propria, Profilo: "TOTALE", Motivo: "intrusione", AllarmeId: &r.allarme.Id})
			}},
		})
	})

	t.Run("mai negli elenchi di OLO002", func(t *testing.T) {
		ordini := raccogli(t, func(ctx context.Context, n int) pagina[wpti.OrdineWlr] {
			x, err := p2.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.OrdineWlr]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "ordini", ordini, func(o wpti.OrdineWlr) bool {
			return o.CodiceOrdineRo == r.ordine.CodiceOrdineRo || o.CodiceOrdineOlo == r.ordine.CodiceOrdineOlo
		})
		linee := raccogli(t, func(ctx context.Context, n int) pagina[wpti.LineaWlr] {
			x, err := p2.ElencaLineeWlrWithResponse(ctx, &wpti.ElencaLineeWlrParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.LineaWlr]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "linee", linee, func(l wpti.LineaWlr) bool { return l.Dn == r.dn })
		aziende := raccogli(t, func(ctx context.Context, n int) pagina[wpti.Azienda] {
			x, err := p2.ElencaAziendeWithResponse(ctx, &wpti.ElencaAziendeParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.Azienda]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "aziende", aziende, func(x wpti.Azienda) bool { return x.AziendaId == r.azienda })
		po := raccogli(t, func(ctx context.Context, n int) pagina[wpti.PortedOut] {
			x, err := p2.ElencaPortedOutWithResponse(ctx, &wpti.ElencaPortedOutParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.PortedOut]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "ported out", po, func(x wpti.PortedOut) bool { return x.IdRichiesta == r.portedOut || x.Dn == r.dn })
		com := raccogli(t, func(ctx context.Context, n int) pagina[wpti.Comunicazione] {
			x, err := p2.ElencaComunicazioniWithResponse(ctx, &wpti.ElencaComunicazioniParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.Comunicazione]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "comunicazioni", com, func(x wpti.Comunicazione) bool { return x.Id == r.com })
		docs := raccogli(t, func(ctx context.Context, n int) pagina[wpti.Documento] {
			x, err := p2.ElencaDocumentiWithResponse(ctx, &wpti.ElencaDocumentiParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[wpti.Documento]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "documenti", docs, func(x wpti.Documento) bool {
			return x.CodiceOrdineRo != nil && *x.CodiceOrdineRo == r.ordine.CodiceOrdineRo
		})
		allarmi := raccogli(t, func(ctx context.Context, n int) pagina[af.Allarme] {
			x, err := af2.ElencaAllarmiWithResponse(ctx, &af.ElencaAllarmiParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[af.Allarme]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "allarmi", allarmi, func(x af.Allarme) bool { return x.Id == r.allarme.Id || x.OpId != "OLO002" })
		soglie := raccogli(t, func(ctx context.Context, n int) pagina[af.Soglia] {
			x, err := af2.ElencaSoglieWithResponse(ctx, &af.ElencaSoglieParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[af.Soglia]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "soglie", soglie, func(x af.Soglia) bool { return x.Id == r.soglia })
		blocchi := raccogli(t, func(ctx context.Context, n int) pagina[af.Blocco] {
			x, err := af2.ElencaBlocchiWithResponse(ctx, &af.ElencaBlocchiParams{Pagina: &n, PerPagina: ptr(200)})
			p := pagina[af.Blocco]{r: x, err: err}
			if x != nil && x.JSON200 != nil {
				p.el, p.tot = x.JSON200.Elementi, x.JSON200.Totale
			}
			return p
		})
		assente(t, "blocchi", blocchi, func(x af.Blocco) bool { return x.Id == r.blocco || x.Riferimento == r.dn })

		op, err := p2.LeggiOperatoreWithResponse(conT(t))
		stato(t, op, err, http.StatusOK)
		if op.JSON200.OpId != "OLO002" {
			t.Errorf("GET /operatore con il token di OLO002: %s", op.JSON200.OpId)
		}
		dash, err := p2.LeggiRiepilogoDashboardWithResponse(conT(t), nil)
		stato(t, dash, err, http.StatusOK)
		if dash.JSON200.Voip.Aziende != len(aziende) {
			t.Errorf("dashboard di OLO002: %d aziende, il suo elenco ne ha %d", dash.JSON200.Voip.Aziende, len(aziende))
		}
	})

	t.Run("OLO003 non vede gli ordini di OLO001", func(t *testing.T) {
		o3 := a.clientWpti(t, a.tokenWpti(t, "olo003-crm"))
		x, err := o3.LeggiOrdineWlrWithResponse(conT(t), r.ordine.CodiceOrdineRo)
		problema(t, x, err, http.StatusNotFound, "NON_TROVATO")
	})

	t.Run("OLO001 ritrova tutto com'era", func(t *testing.T) {
		dopo := leggiRisorseOlo001(t, a, o1)
		stessoJSON(t, "ordine", dopo.ordine, r.ordine)
		stessoJSON(t, "allarme", dopo.allarme, r.allarme)
		if dopo.azienda != r.azienda || dopo.ufficio.UfficioId != r.ufficio.UfficioId || dopo.ufficio.Nome != r.ufficio.Nome || dopo.utente != r.utente || dopo.numero != r.numero ||
			dopo.soglia != r.soglia || dopo.blocco != r.blocco || dopo.comLettaIl != r.comLettaIl {
			t.Errorf("dati di OLO001 cambiati:\nprima %+v\ndopo  %+v", r, dopo)
		}
	})
}

// leggiRisorseOlo001 finds (or, for the kinds the world does not generate, creates once)
// one id of each kind of OLO001's data.
func leggiRisorseOlo001(t *testing.T, a *ambiente, o *olo) risorseOlo001 {
	t.Helper()
	ctx := conT(t)
	var r risorseOlo001
	ord, err := o.p.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Stato: &wpti.StatoOrdineFiltro{wpti.StatoOrdineWlrACCETTATO, wpti.StatoOrdineWlrINLAVORAZIONE, wpti.StatoOrdineWlrACQUISITO}, Ordinamento: ptr(wpti.OrdinamentoOrdini("dataCreazione")), PerPagina: ptr(1)})
	stato(t, ord, err, http.StatusOK)
	if len(ord.JSON200.Elementi) == 0 {
		t.Fatal("OLO001 non ha ordini aperti")
	}
	r.ordine = ord.JSON200.Elementi[0]
	r.dn = "0612345678" // the fixture's fixed customer line
	ln, err := o.p.LeggiLineaWlrWithResponse(ctx, r.dn)
	stato(t, ln, err, http.StatusOK)

	az, err := o.p.ElencaAziendeWithResponse(ctx, nil)
	stato(t, az, err, http.StatusOK)
	r.azienda = az.JSON200.Elementi[0].AziendaId
	uf, err := o.p.ElencaUfficiWithResponse(ctx, r.azienda, nil)
	stato(t, uf, err, http.StatusOK)
	r.ufficio = uf.JSON200.Elementi[0]
	nu, err := o.p.ElencaNumerazioniWithResponse(ctx, r.ufficio.UfficioId, nil)
	stato(t, nu, err, http.StatusOK)
	r.numero = nu.JSON200.Elementi[0].Primo
	ut, err := o.p.ElencaUtentiWithResponse(ctx, r.ufficio.UfficioId, nil)
	stato(t, ut, err, http.StatusOK)
	r.utente = ut.JSON200.Elementi[0].UtenteId

	po, err := o.p.ElencaPortedOutWithResponse(ctx, &wpti.ElencaPortedOutParams{PerPagina: ptr(1)})
	stato(t, po, err, http.StatusOK)
	r.portedOut = po.JSON200.Elementi[0].IdRichiesta
	com, err := o.p.ElencaComunicazioniWithResponse(ctx, &wpti.ElencaComunicazioniParams{PerPagina: ptr(1)})
	stato(t, com, err, http.StatusOK)
	r.com = com.JSON200.Elementi[0].Id
	if l := com.JSON200.Elementi[0].LettaIl; l != nil {
		r.comLettaIl = l.String()
	}

	al, err := o.af.ElencaAllarmiWithResponse(ctx, &af.ElencaAllarmiParams{Ordinamento: ptr(af.ElencaAllarmiParamsOrdinamento("rilevatoIl")), PerPagina: ptr(1)})
	stato(t, al, err, http.StatusOK)
	r.allarme = al.JSON200.Elementi[0]

	rif := r.dn
	so, err := o.af.ElencaSoglieWithResponse(ctx, &af.ElencaSoglieParams{Riferimento: &rif})
	stato(t, so, err, http.StatusOK)
	if len(so.JSON200.Elementi) == 0 {
		c, err := o.af.CreaSogliaWithResponse(ctx, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &rif, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 300, Critico: 600, Azione: af.AzioneSogliaNOTIFICA})
		stato(t, c, err, http.StatusCreated)
		r.soglia = c.JSON201.Id
	} else {
		r.soglia = so.JSON200.Elementi[0].Id
	}
	bl, err := o.af.ElencaBlocchiWithResponse(ctx, &af.ElencaBlocchiParams{Riferimento: &r.utente})
	stato(t, bl, err, http.StatusOK)
	if len(bl.JSON200.Elementi) == 0 {
		c, err := o.af.CreaBloccoWithResponse(ctx, nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoUTENTE, Riferimento: r.utente, Profilo: "INTERNAZIONALE", Motivo: "Prova di isolamento"})
		stato(t, c, err, http.StatusCreated)
		r.blocco = c.JSON201.Id
	} else {
		r.blocco = bl.JSON200.Elementi[0].Id
	}
	return r
}

func elencaLineeAttive(t *testing.T, c *wpti.ClientWithResponses) []string {
	t.Helper()
	r, err := c.ElencaLineeWlrWithResponse(conT(t), &wpti.ElencaLineeWlrParams{Stato: &wpti.StatoLineaFiltro{wpti.StatoLineaATTIVA}})
	stato(t, r, err, http.StatusOK)
	var out []string
	for _, l := range r.JSON200.Elementi {
		out = append(out, l.Dn)
	}
	if len(out) == 0 {
		t.Fatal("nessuna linea attiva")
	}
	return out
}

func assente[T any](t *testing.T, cosa string, lista []T, vietato func(T) bool) {
	t.Helper()
	if len(lista) == 0 {
		t.Errorf("%s: l'elenco di OLO002 e' vuoto, la prova non prova nulla", cosa)
	}
	if i := slices.IndexFunc(lista, vietato); i >= 0 {
		t.Errorf("%s: l'elenco di OLO002 contiene un dato di OLO001: %+v", cosa, lista[i])
	}
}
