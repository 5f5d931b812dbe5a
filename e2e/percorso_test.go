package e2e_test

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// percorso is the state the success-path steps pass on to each other: one OLO001 working
// day after day, as its CRM would.
type percorso struct {
	a   *ambiente
	o   *olo
	dac time.Time // DAC of the orders placed at the start

	ordine     wpti.OrdineWlr // activation followed to ESPLETATO
	rimodulato wpti.OrdineWlr // activation whose DAC moves before the work starts
	dnAttivato string
	dnRimodul  string
	alertTraff af.Allarme
}

// TestPercorsoCompleto walks every operation of both contracts on a realistic success path,
// then checks that the operations seen succeeding are exactly those the contracts declare.
func TestPercorsoCompleto(t *testing.T) {
	t.Parallel()
	a := nuovoAmbiente(t)
	p := &percorso{a: a, o: a.olo(t, "olo001-crm")}
	passi := []struct {
		nome string
		f    func(*testing.T)
	}{
		{"generale", p.generale},
		{"ordini esistenti", p.ordiniEsistenti},
		{"ciclo di vita degli ordini", p.cicloOrdini},
		{"dashboard", p.dashboard},
		{"voip", p.voip},
		{"ported out", p.portedOut},
		{"allarmi", p.allarmi},
		{"traffico", p.traffico},
		{"soglie", p.soglie},
		{"blocchi", p.blocchi},
	}
	for _, s := range passi {
		if !t.Run(s.nome, s.f) {
			t.Fatalf("passo %q fallito: i successivi dipendono da lui", s.nome)
		}
	}

	dichiarate := operazioniDichiarate(t)
	riuscite := a.v.operazioniRiuscite()
	if !slices.Equal(riuscite, dichiarate) {
		var mancano, estranee []string
		for _, op := range dichiarate {
			if !slices.Contains(riuscite, op) {
				mancano = append(mancano, fmt.Sprintf("%s (%d chiamate, nessun successo)", op, a.v.numeroChiamate(op)))
			}
		}
		for _, op := range riuscite {
			if !slices.Contains(dichiarate, op) {
				estranee = append(estranee, op)
			}
		}
		t.Errorf("copertura: senza un successo %v; fuori dai contratti %v", mancano, estranee)
	}
	if len(dichiarate) < 50 {
		t.Errorf("i contratti dichiarano solo %d operazioni: caricamento incompleto?", len(dichiarate))
	}
}

func (p *percorso) generale(t *testing.T) {
	ctx := conT(t)
	c := p.o.p

	op, err := c.LeggiOperatoreWithResponse(ctx)
	stato(t, op, err, http.StatusOK)
	if op.JSON200.OpId != "OLO001" || op.JSON200.PartitaIva != "00743110157" || op.JSON200.CodiceCow != "DMO" {
		t.Errorf("profilo: %+v", op.JSON200)
	}
	for _, s := range []wpti.ServizioAbilitato{"WLR", "VOIP", "PORTED_OUT", "ANTIFRODE"} {
		if !slices.Contains(op.JSON200.ServiziAbilitati, s) {
			t.Errorf("servizio %s non abilitato: %v", s, op.JSON200.ServiziAbilitati)
		}
	}

	// A notice not read yet: read it, mark it read (twice: the first reading stays).
	nonLette, err := c.ElencaComunicazioniWithResponse(ctx, &wpti.ElencaComunicazioniParams{Letta: ptr(false)})
	stato(t, nonLette, err, http.StatusOK)
	if len(nonLette.JSON200.Elementi) == 0 {
		t.Fatal("nessuna comunicazione non letta nel mondo di prova")
	}
	for _, x := range nonLette.JSON200.Elementi {
		if x.Letta {
			t.Errorf("filtro letta=false restituisce %s letta", x.Id)
		}
	}
	elencata := nonLette.JSON200.Elementi[0]
	dett, err := c.LeggiComunicazioneWithResponse(ctx, elencata.Id)
	stato(t, dett, err, http.StatusOK)
	stessoJSON(t, "comunicazione letta e elencata", *dett.JSON200, elencata)
	letta, err := c.SegnaComunicazioneLettaWithResponse(ctx, elencata.Id, nil)
	stato(t, letta, err, http.StatusOK)
	adesso := p.a.sb.Clock.Now().Truncate(time.Second)
	if !letta.JSON200.Letta || letta.JSON200.LettaIl == nil || !letta.JSON200.LettaIl.Equal(adesso) {
		t.Errorf("dopo la lettura: letta=%v lettaIl=%v, atteso %v", letta.JSON200.Letta, letta.JSON200.LettaIl, adesso)
	}
	p.a.sb.Advance(t, time.Minute)
	ancora, err := c.SegnaComunicazioneLettaWithResponse(ctx, elencata.Id, nil)
	stato(t, ancora, err, http.StatusOK)
	if ancora.JSON200.LettaIl == nil || !ancora.JSON200.LettaIl.Equal(adesso) {
		t.Errorf("seconda lettura: lettaIl %v, deve restare la prima %v", ancora.JSON200.LettaIl, adesso)
	}
	lette, err := c.ElencaComunicazioniWithResponse(ctx, &wpti.ElencaComunicazioniParams{Letta: ptr(true), PerPagina: ptr(200)})
	stato(t, lette, err, http.StatusOK)
	if !slices.ContainsFunc(lette.JSON200.Elementi, func(x wpti.Comunicazione) bool { return x.Id == elencata.Id }) {
		t.Errorf("%s non compare tra le lette", elencata.Id)
	}

	// Reference table with its ETag, then the conditional request.
	tab, err := c.LeggiTabellaWithResponse(ctx, wpti.NomeTabellaCausaliKo, nil)
	stato(t, tab, err, http.StatusOK)
	var codici []string
	for _, v := range tab.JSON200.Voci {
		codici = append(codici, v.Codice)
	}
	if want := []string{"KO01", "KO02", "KO03", "KO04", "KO05", "KO06", "KO07", "KO08", "KO09", "KO10"}; !slices.Equal(codici, want) {
		t.Errorf("causali-ko: %v", codici)
	}
	etag := tab.HTTPResponse.Header.Get("ETag")
	if etag == "" {
		t.Fatal("tabella senza ETag")
	}
	nm, err := c.LeggiTabellaWithResponse(ctx, wpti.NomeTabellaCausaliKo, &wpti.LeggiTabellaParams{IfNoneMatch: &etag})
	stato(t, nm, err, http.StatusNotModified)
	if len(nm.Body) != 0 || nm.HTTPResponse.Header.Get("ETag") != etag {
		t.Errorf("304: corpo %q, ETag %q", nm.Body, nm.HTTPResponse.Header.Get("ETag"))
	}

	// Feasibility: a sellable number and the documented "exchange closed" test value.
	for _, tc := range []struct {
		dn        string
		vendibile bool
		causale   wpti.CausaleKo
	}{{"0612345678", true, ""}, {"0612340004", false, "KO04"}} {
		f, err := c.VerificaFattibilitaWithResponse(ctx, &wpti.VerificaFattibilitaParams{Dn: tc.dn})
		stato(t, f, err, http.StatusOK)
		v := f.JSON200
		if v.Dn != tc.dn || v.Vendibile != tc.vendibile || (tc.causale == "") != (v.CausaleKo == nil) || (v.CausaleKo != nil && *v.CausaleKo != tc.causale) {
			t.Errorf("fattibilita' %s: %+v", tc.dn, v)
		}
		if tc.causale == "KO04" && !v.CentraleChiusaWlr {
			t.Errorf("fattibilita' %s: centraleChiusaWlr falso", tc.dn)
		}
	}

	docs, err := c.ElencaDocumentiWithResponse(ctx, &wpti.ElencaDocumentiParams{PerPagina: ptr(5)})
	stato(t, docs, err, http.StatusOK)
	if docs.JSON200.Totale == 0 || len(docs.JSON200.Elementi) > 5 {
		t.Errorf("documenti: totale %d, %d elementi in una pagina da 5", docs.JSON200.Totale, len(docs.JSON200.Elementi))
	}
	for _, d := range docs.JSON200.Elementi {
		if !strings.HasPrefix(d.Percorso, "/DOC/") || !strings.HasSuffix(d.Percorso, d.NomeFile) {
			t.Errorf("documento %s: percorso %s, nome %s", d.Id, d.Percorso, d.NomeFile)
		}
	}
}

// ordiniEsistenti lists the generated orders and reads one back with its history.
func (p *percorso) ordiniEsistenti(t *testing.T) {
	ctx := conT(t)
	c := p.o.p
	lst, err := c.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{PerPagina: ptr(5)})
	stato(t, lst, err, http.StatusOK)
	if lst.JSON200.Totale < 5 || len(lst.JSON200.Elementi) != 5 || lst.JSON200.PerPagina != 5 {
		t.Fatalf("elenco ordini: totale %d, %d elementi", lst.JSON200.Totale, len(lst.JSON200.Elementi))
	}
	for i := 1; i < len(lst.JSON200.Elementi); i++ {
		if lst.JSON200.Elementi[i].DataCreazione.After(lst.JSON200.Elementi[i-1].DataCreazione) {
			t.Errorf("ordinamento predefinito non e' -dataCreazione")
		}
	}
	primo := lst.JSON200.Elementi[0]
	r, err := c.LeggiOrdineWlrWithResponse(ctx, primo.CodiceOrdineRo)
	stato(t, r, err, http.StatusOK)
	stessoJSON(t, "ordine letto ed elencato", *r.JSON200, primo)
	st, err := c.LeggiStoricoOrdineWlrWithResponse(ctx, primo.CodiceOrdineRo, nil)
	stato(t, st, err, http.StatusOK)
	el := st.JSON200.Elementi
	if len(el) == 0 || el[0].A != wpti.StatoOrdineWlrINVIATO || el[len(el)-1].A != primo.Stato {
		t.Errorf("storico di %s (stato %s): %+v", primo.CodiceOrdineRo, primo.Stato, el)
	}

	linee, err := c.ElencaLineeWlrWithResponse(ctx, &wpti.ElencaLineeWlrParams{Stato: &wpti.StatoLineaFiltro{wpti.StatoLineaATTIVA}, PerPagina: ptr(3)})
	stato(t, linee, err, http.StatusOK)
	if len(linee.JSON200.Elementi) == 0 {
		t.Fatal("nessuna linea attiva")
	}
	for _, l := range linee.JSON200.Elementi {
		if l.Stato != wpti.StatoLineaATTIVA {
			t.Errorf("filtro stato=ATTIVA restituisce %s %s", l.Dn, l.Stato)
		}
		one, err := c.LeggiLineaWlrWithResponse(ctx, l.Dn)
		stato(t, one, err, http.StatusOK)
		stessoJSON(t, "linea letta ed elencata", *one.JSON200, l)
	}
}

// nuovaAttivazione is an activation of an active line for a DN that is not a line of the OLO.
func nuovaAttivazione(codice, dn string, dac time.Time) wpti.RichiestaOrdineWlr {
	return wpti.RichiestaOrdineWlr{
		CodiceOrdineOlo:      codice,
		Tipo:                 wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA,
		Dn:                   &dn,
		Cliente:              wpti.ClienteWlr{Nominativo: ptr("Manuela Riccardi"), CodiceFiscale: ptr("RCCMNL83S18D969H")},
		Categoria:            wpti.CategoriaRESIDENZIALE,
		TipoAccesso:          wpti.TipoAccessoPOTS,
		ServiziSupplementari: &[]wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIP, wpti.ServizioSupplementareAVVISOCHIAMATA},
		Dac:                  data(dac),
		Nota:                 ptr("Ordine della suite e2e"),
	}
}

// cicloOrdini places orders and follows them on the sandbox clock: one to ESPLETATO (the
// line appears), one cancelled, one whose DAC moves, and documented test values with a
// fixed outcome.
func (p *percorso) cicloOrdini(t *testing.T) {
	ctx := conT(t)
	c := p.o.p
	oggi := p.a.oggi()
	p.dac = dopoLavorativi(oggi, 6)
	p.dnAttivato, p.dnRimodul = "0612349876", "0612349877"
	dnAnnullato := "0612349878"

	for _, dn := range []string{p.dnAttivato, p.dnRimodul, dnAnnullato} {
		r, err := c.LeggiLineaWlrWithResponse(ctx, dn)
		problema(t, r, err, http.StatusNotFound, "NON_TROVATO")
	}
	crea := func(body wpti.RichiestaOrdineWlr) wpti.OrdineWlr {
		t.Helper()
		r, err := c.CreaOrdineWlrWithResponse(ctx, body)
		stato(t, r, err, http.StatusCreated)
		o := *r.JSON201
		if o.Stato != wpti.StatoOrdineWlrINVIATO || o.CodiceOrdineOlo != body.CodiceOrdineOlo || !o.Dac.Equal(body.Dac.Time) || !o.DataCreazione.Equal(p.a.sb.Clock.Now().Truncate(time.Second)) {
			t.Errorf("ordine creato: %+v", o)
		}
		if loc := r.HTTPResponse.Header.Get("Location"); loc != "/wpti/v1/wlr/ordini/"+o.CodiceOrdineRo {
			t.Errorf("Location %q per %s", loc, o.CodiceOrdineRo)
		}
		back, err := c.LeggiOrdineWlrWithResponse(ctx, o.CodiceOrdineRo)
		stato(t, back, err, http.StatusOK)
		stessoJSON(t, "ordine riletto dopo la creazione", *back.JSON200, o)
		return o
	}
	p.ordine = crea(nuovaAttivazione("E2E-ATT-0001", p.dnAttivato, p.dac))
	p.rimodulato = crea(nuovaAttivazione("E2E-ATT-0002", p.dnRimodul, p.dac))
	annullato := crea(nuovaAttivazione("E2E-ATT-0003", dnAnnullato, p.dac))

	// Documented test values: each number's ending gives a fixed outcome.
	valori := []struct {
		dn      string
		finale  wpti.StatoOrdineWlr
		causale wpti.CausaleKo
		passa   wpti.StatoOrdineWlr // a state it must go through
	}{
		{"0612340002", wpti.StatoOrdineWlrKOFORMALE, "KO02", wpti.StatoOrdineWlrACQUISITO},
		{"0612340010", wpti.StatoOrdineWlrKOTECNICO, "KO10", wpti.StatoOrdineWlrINLAVORAZIONE},
		{"0612340011", wpti.StatoOrdineWlrESPLETATO, "", wpti.StatoOrdineWlrSOSPESO},
	}
	ordiniTest := make([]wpti.OrdineWlr, len(valori))
	for i, v := range valori {
		ordiniTest[i] = crea(nuovaAttivazione(fmt.Sprintf("E2E-TEST-%02d", i+1), v.dn, p.dac))
	}

	// Same body, same codiceOrdineOlo: the very order again, 200 and the same Location.
	replay, err := c.CreaOrdineWlrWithResponse(ctx, nuovaAttivazione("E2E-ATT-0001", p.dnAttivato, p.dac))
	stato(t, replay, err, http.StatusOK)
	if replay.JSON200.CodiceOrdineRo != p.ordine.CodiceOrdineRo || replay.HTTPResponse.Header.Get("Location") != "/wpti/v1/wlr/ordini/"+p.ordine.CodiceOrdineRo {
		t.Errorf("replay: %s %q, atteso %s", replay.JSON200.CodiceOrdineRo, replay.HTTPResponse.Header.Get("Location"), p.ordine.CodiceOrdineRo)
	}

	ann, err := c.AnnullaOrdineWlrWithResponse(ctx, annullato.CodiceOrdineRo, nil, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "Il cliente rinuncia"})
	stato(t, ann, err, http.StatusOK)
	if ann.JSON200.Stato != wpti.StatoOrdineWlrANNULLATO {
		t.Errorf("annullamento: stato %s", ann.JSON200.Stato)
	}

	// leggi reads an order and records each state it is seen in.
	visti := map[string][]wpti.StatoOrdineWlr{}
	leggi := func(id string) wpti.OrdineWlr {
		t.Helper()
		r, err := c.LeggiOrdineWlrWithResponse(ctx, id)
		stato(t, r, err, http.StatusOK)
		if s := visti[id]; len(s) == 0 || s[len(s)-1] != r.JSON200.Stato {
			visti[id] = append(s, r.JSON200.Stato)
		}
		return *r.JSON200
	}
	seguiti := []string{p.ordine.CodiceOrdineRo, p.rimodulato.CodiceOrdineRo}
	for _, o := range ordiniTest {
		seguiti = append(seguiti, o.CodiceOrdineRo)
	}
	// The customer asks to postpone: the DAC moves before the work starts.
	vecchiaDac, nuovaDac := p.dac, dopoLavorativi(p.dac, 4)
	rim, err := c.RimodulaDacOrdineWlrWithResponse(ctx, p.rimodulato.CodiceOrdineRo, nil, wpti.RichiestaRimodulazioneDac{Dac: data(nuovaDac), Motivo: ptr("Cliente assente fino a fine settimana")})
	stato(t, rim, err, http.StatusOK)
	if !rim.JSON200.Dac.Equal(nuovaDac) || rim.JSON200.DacOriginale == nil || !rim.JSON200.DacOriginale.Equal(vecchiaDac) || rim.JSON200.Stato != p.rimodulato.Stato {
		t.Errorf("rimodulazione: dac %v, dacOriginale %v, stato %s", rim.JSON200.Dac, rim.JSON200.DacOriginale, rim.JSON200.Stato)
	}

	// Follow the orders on the clock, six hours at a time, recording every state seen.
	for step := 0; step < 4*30; step++ {
		finiti := true
		for _, id := range seguiti {
			o := leggi(id)
			if o.Stato != wpti.StatoOrdineWlrESPLETATO && o.Stato != wpti.StatoOrdineWlrKOFORMALE && o.Stato != wpti.StatoOrdineWlrKOTECNICO {
				finiti = false
			}
			if id == p.rimodulato.CodiceOrdineRo && o.Stato == wpti.StatoOrdineWlrESPLETATO && p.a.oggi().Before(nuovaDac) {
				t.Errorf("ordine rimodulato al %s gia' ESPLETATO il %s (DAC originale %s)", nuovaDac.Format(time.DateOnly), p.a.oggi().Format(time.DateOnly), vecchiaDac.Format(time.DateOnly))
			}
		}
		if finiti {
			break
		}
		p.a.sb.Advance(t, 6*time.Hour)
	}

	// Polling every six hours sees a subsequence of the normal path (ACQUISITO lasts
	// minutes); the history has all of it.
	normale := []wpti.StatoOrdineWlr{"INVIATO", "ACQUISITO", "ACCETTATO", "IN_LAVORAZIONE", "ESPLETATO"}
	for _, id := range []string{p.ordine.CodiceOrdineRo, p.rimodulato.CodiceOrdineRo} {
		if got := visti[id]; !sottosequenza(got, normale) || got[len(got)-1] != wpti.StatoOrdineWlrESPLETATO {
			t.Errorf("stati visti per %s: %v, non un cammino di %v", id, got, normale)
		}
		if got := p.statiStorico(t, id); !slices.Equal(got, normale) {
			t.Errorf("storico di %s: %v, atteso %v", id, got, normale)
		}
	}
	p.ordine = leggi(p.ordine.CodiceOrdineRo)
	if p.ordine.DataEspletamento == nil || !p.ordine.DataEspletamento.Equal(p.dac) {
		t.Errorf("espletamento %v, atteso sulla DAC %s", p.ordine.DataEspletamento, p.dac.Format(time.DateOnly))
	}
	p.rimodulato = leggi(p.rimodulato.CodiceOrdineRo)
	if p.rimodulato.Stato != wpti.StatoOrdineWlrESPLETATO || p.rimodulato.DataEspletamento == nil || !p.rimodulato.DataEspletamento.Equal(nuovaDac) {
		t.Errorf("ordine rimodulato: stato %s, espletamento %v, atteso il %s", p.rimodulato.Stato, p.rimodulato.DataEspletamento, nuovaDac.Format(time.DateOnly))
	}
	for i, v := range valori {
		o := leggi(ordiniTest[i].CodiceOrdineRo)
		if o.Stato != v.finale || (v.causale != "" && (o.CausaleKo == nil || *o.CausaleKo != v.causale)) {
			t.Errorf("valore di test %s: stato %s causale %v, atteso %s %s", v.dn, o.Stato, o.CausaleKo, v.finale, v.causale)
		}
		if !slices.Contains(p.statiStorico(t, o.CodiceOrdineRo), v.passa) {
			t.Errorf("valore di test %s: non passa per %s", v.dn, v.passa)
		}
	}

	// History: every transition chained to the previous one, in time order, never ahead of
	// the sandbox clock; the DAC change shows as a step with da == a.
	adesso := p.a.sb.Clock.Now()
	for _, id := range []string{p.ordine.CodiceOrdineRo, p.rimodulato.CodiceOrdineRo, annullato.CodiceOrdineRo} {
		st, err := c.LeggiStoricoOrdineWlrWithResponse(ctx, id, &wpti.LeggiStoricoOrdineWlrParams{PerPagina: ptr(200)})
		stato(t, st, err, http.StatusOK)
		el := st.JSON200.Elementi
		if st.JSON200.Totale != len(el) || len(el) < 2 {
			t.Fatalf("storico di %s: %+v", id, st.JSON200)
		}
		stessoGiro := 0
		for i, tr := range el {
			if tr.Timestamp.After(adesso) {
				t.Errorf("storico di %s: passaggio a %s datato %s, dopo l'orologio %s", id, tr.A, tr.Timestamp, adesso)
			}
			if i == 0 {
				continue
			}
			if tr.Da == nil || *tr.Da != el[i-1].A || tr.Timestamp.Before(el[i-1].Timestamp) {
				t.Errorf("storico di %s: passaggio %d %+v non segue %+v", id, i, tr, el[i-1])
			}
			if *tr.Da == tr.A {
				stessoGiro++
			}
		}
		switch id {
		case p.rimodulato.CodiceOrdineRo:
			if stessoGiro != 1 {
				t.Errorf("storico di %s: %d passaggi da==a, atteso 1 (la rimodulazione)", id, stessoGiro)
			}
		case annullato.CodiceOrdineRo:
			if el[len(el)-1].A != wpti.StatoOrdineWlrANNULLATO || el[len(el)-1].Nota == nil || !strings.Contains(*el[len(el)-1].Nota, "Il cliente rinuncia") {
				t.Errorf("storico dell'annullato: %+v", el[len(el)-1])
			}
		}
	}

	// The completed activation created the line.
	for _, o := range []wpti.OrdineWlr{p.ordine, p.rimodulato} {
		ll, err := c.ElencaLineeWlrWithResponse(ctx, &wpti.ElencaLineeWlrParams{Dn: o.Dn})
		stato(t, ll, err, http.StatusOK)
		if ll.JSON200.Totale != 1 || len(ll.JSON200.Elementi) != 1 {
			t.Fatalf("GET /wlr/linee?dn=%s: %d linee", *o.Dn, ll.JSON200.Totale)
		}
		l := ll.JSON200.Elementi[0]
		if l.Stato != wpti.StatoLineaATTIVA || l.UltimoOrdine == nil || *l.UltimoOrdine != o.CodiceOrdineRo || !l.DataAttivazione.Equal(o.DataEspletamento.Time) ||
			l.Cliente.CodiceFiscale == nil || *l.Cliente.CodiceFiscale != "RCCMNL83S18D969H" || !slices.Equal(l.ServiziSupplementari, o.ServiziSupplementari) {
			t.Errorf("linea %s dopo l'espletamento: %+v", *o.Dn, l)
		}
	}
	tutte := elencaTutteLeLinee(t, c)
	if !slices.Contains(tutte, p.dnAttivato) || slices.Contains(tutte, dnAnnullato) {
		t.Errorf("elenco completo delle linee: %s presente=%v, %s (annullato) presente=%v", p.dnAttivato, slices.Contains(tutte, p.dnAttivato), dnAnnullato, slices.Contains(tutte, dnAnnullato))
	}

	// Filters find the orders again; the documentation flow has their documents.
	byCod, err := c.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{CodiceOrdineOlo: ptr("E2E-ATT-0001")})
	stato(t, byCod, err, http.StatusOK)
	if byCod.JSON200.Totale != 1 || byCod.JSON200.Elementi[0].CodiceOrdineRo != p.ordine.CodiceOrdineRo {
		t.Errorf("filtro codiceOrdineOlo: %+v", byCod.JSON200)
	}
	esp, err := c.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Stato: &wpti.StatoOrdineFiltro{wpti.StatoOrdineWlrESPLETATO}, Dal: ptr(data(oggi)), Al: ptr(data(oggi)), PerPagina: ptr(200)})
	stato(t, esp, err, http.StatusOK)
	var ids []string
	for _, o := range esp.JSON200.Elementi {
		ids = append(ids, o.CodiceOrdineRo)
		if o.Stato != wpti.StatoOrdineWlrESPLETATO || !o.DataCreazione.After(oggi) {
			t.Errorf("filtro stato=ESPLETATO dal=al=oggi: %s %s creato %s", o.CodiceOrdineRo, o.Stato, o.DataCreazione)
		}
	}
	for _, id := range []string{p.ordine.CodiceOrdineRo, p.rimodulato.CodiceOrdineRo, ordiniTest[2].CodiceOrdineRo} {
		if !slices.Contains(ids, id) {
			t.Errorf("ordini di oggi espletati: %v, manca %s", ids, id)
		}
	}
	docs, err := c.ElencaDocumentiWithResponse(ctx, &wpti.ElencaDocumentiParams{CodiceOrdineRo: &p.ordine.CodiceOrdineRo})
	stato(t, docs, err, http.StatusOK)
	var tipi []wpti.TipoDocumento
	for _, d := range docs.JSON200.Elementi {
		tipi = append(tipi, d.Tipo)
	}
	if !slices.Contains(tipi, wpti.TipoDocumentoCONFERMAORDINE) || !slices.Contains(tipi, wpti.TipoDocumentoVERBALEESPLETAMENTO) {
		t.Errorf("documenti dell'ordine %s: %v", p.ordine.CodiceOrdineRo, tipi)
	}
}

// statiStorico lists the distinct states of an order's history, in order (a DAC change,
// da == a, does not repeat the state).
func (p *percorso) statiStorico(t *testing.T, id string) []wpti.StatoOrdineWlr {
	t.Helper()
	st, err := p.o.p.LeggiStoricoOrdineWlrWithResponse(conT(t), id, nil)
	stato(t, st, err, http.StatusOK)
	var out []wpti.StatoOrdineWlr
	for _, tr := range st.JSON200.Elementi {
		if len(out) == 0 || out[len(out)-1] != tr.A {
			out = append(out, tr.A)
		}
	}
	return out
}

// sottosequenza reports whether sub appears in seq in the same order.
func sottosequenza[T comparable](sub, seq []T) bool {
	i := 0
	for _, x := range seq {
		if i < len(sub) && sub[i] == x {
			i++
		}
	}
	return i == len(sub) && len(sub) > 0
}

// elencaTutteLeLinee pages through GET /wlr/linee.
func elencaTutteLeLinee(t *testing.T, c *wpti.ClientWithResponses) []string {
	t.Helper()
	var out []string
	for pg := 1; ; pg++ {
		r, err := c.ElencaLineeWlrWithResponse(conT(t), &wpti.ElencaLineeWlrParams{Pagina: ptr(pg), PerPagina: ptr(25)})
		stato(t, r, err, http.StatusOK)
		for _, l := range r.JSON200.Elementi {
			out = append(out, l.Dn)
		}
		if len(r.JSON200.Elementi) == 0 || len(out) >= r.JSON200.Totale {
			if len(out) != r.JSON200.Totale {
				t.Errorf("pagine delle linee: %d elementi, totale %d", len(out), r.JSON200.Totale)
			}
			return out
		}
	}
}

// dashboard checks the figures against what the other sections show.
func (p *percorso) dashboard(t *testing.T) {
	ctx := conT(t)
	c := p.o.p
	marzo := &wpti.LeggiRiepilogoDashboardParams{Dal: ptr(data(giorno(2026, 3, 1))), Al: ptr(data(giorno(2026, 3, 31)))}
	r, err := c.LeggiRiepilogoDashboardWithResponse(ctx, marzo)
	stato(t, r, err, http.StatusOK)
	d := r.JSON200

	ordini, err := c.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Dal: marzo.Dal, Al: marzo.Al, PerPagina: ptr(1)})
	stato(t, ordini, err, http.StatusOK)
	somma := 0
	for _, s := range d.OrdiniWlr.PerStato {
		somma += s.Numero
	}
	if d.OrdiniWlr.Totale != ordini.JSON200.Totale || somma != d.OrdiniWlr.Totale {
		t.Errorf("riepilogo: %d ordini (per stato %d), l'elenco di marzo ne ha %d", d.OrdiniWlr.Totale, somma, ordini.JSON200.Totale)
	}
	attive, err := c.ElencaLineeWlrWithResponse(ctx, &wpti.ElencaLineeWlrParams{Stato: &wpti.StatoLineaFiltro{wpti.StatoLineaATTIVA}, PerPagina: ptr(1)})
	stato(t, attive, err, http.StatusOK)
	if d.LineeAttive != attive.JSON200.Totale {
		t.Errorf("riepilogo: %d linee attive, l'elenco ne ha %d", d.LineeAttive, attive.JSON200.Totale)
	}
	po, err := c.ElencaPortedOutWithResponse(ctx, &wpti.ElencaPortedOutParams{Dal: marzo.Dal, Al: marzo.Al, PerPagina: ptr(1)})
	stato(t, po, err, http.StatusOK)
	if d.PortedOut != po.JSON200.Totale {
		t.Errorf("riepilogo: %d ported out, l'elenco ne ha %d", d.PortedOut, po.JSON200.Totale)
	}
	az, err := c.ElencaAziendeWithResponse(ctx, &wpti.ElencaAziendeParams{Stato: &wpti.StatoAziendaFiltro{wpti.StatoAziendaATTIVA, wpti.StatoAziendaSOSPESA}, PerPagina: ptr(1)})
	stato(t, az, err, http.StatusOK)
	if d.Voip.Aziende != az.JSON200.Totale {
		t.Errorf("riepilogo: %d aziende, l'elenco delle non cessate ne ha %d", d.Voip.Aziende, az.JSON200.Totale)
	}

	and, err := c.LeggiAndamentoDashboardWithResponse(ctx, &wpti.LeggiAndamentoDashboardParams{Metrica: wpti.MetricaAndamentoORDINIINVIATI, Granularita: ptr(wpti.GranularitaGiorno), Dal: marzo.Dal, Al: marzo.Al})
	stato(t, and, err, http.StatusOK)
	tot := 0.0
	for i, pt := range and.JSON200.Punti {
		if !pt.InizioPeriodo.Equal(giorno(2026, 3, 1+i)) {
			t.Errorf("punto %d: %s", i, pt.InizioPeriodo)
		}
		tot += pt.Valore
	}
	if len(and.JSON200.Punti) != 31 || int(math.Round(tot)) != ordini.JSON200.Totale {
		t.Errorf("andamento ORDINI_INVIATI di marzo: %d punti, somma %g; l'elenco ha %d ordini", len(and.JSON200.Punti), tot, ordini.JSON200.Totale)
	}

	// SLA: per class, the orders completed in March, as the order list shows them.
	sla, err := c.LeggiSlaDashboardWithResponse(ctx, &wpti.LeggiSlaDashboardParams{Dal: marzo.Dal, Al: marzo.Al})
	stato(t, sla, err, http.StatusOK)
	attesi := map[wpti.ClasseSla]int{}
	for pg := 1; ; pg++ {
		r, err := c.ElencaOrdiniWlrWithResponse(ctx, &wpti.ElencaOrdiniWlrParams{Stato: &wpti.StatoOrdineFiltro{wpti.StatoOrdineWlrESPLETATO}, Pagina: ptr(pg), PerPagina: ptr(200)})
		stato(t, r, err, http.StatusOK)
		for _, o := range r.JSON200.Elementi {
			if o.ClasseSla != nil && o.DataEspletamento != nil && o.DataEspletamento.Month() == time.March && o.DataEspletamento.Year() == 2026 {
				attesi[*o.ClasseSla]++
			}
		}
		if len(r.JSON200.Elementi) < 200 {
			break
		}
	}
	if len(sla.JSON200.Classi) != 4 {
		t.Errorf("sla: %d classi, attese 4", len(sla.JSON200.Classi))
	}
	for _, k := range sla.JSON200.Classi {
		if k.OrdiniEspletati != attesi[k.Classe] || k.EntroSla+k.FuoriSla != k.OrdiniEspletati {
			t.Errorf("sla %s: %+v; l'elenco ordini ne ha %d espletati a marzo", k.Classe, k, attesi[k.Classe])
		}
	}
	// Our two activations and the 0011 test value are among them.
	if attesi[wpti.ClasseSlaSTANDARD] < 3 {
		t.Errorf("sla STANDARD: %d espletati a marzo, almeno 3 sono della suite", attesi[wpti.ClasseSlaSTANDARD])
	}
}

// voip builds a company top-down, changes each level, then tears it down bottom-up.
func (p *percorso) voip(t *testing.T) {
	ctx := conT(t)
	c := p.o.p

	lst, err := c.ElencaAziendeWithResponse(ctx, nil)
	stato(t, lst, err, http.StatusOK)
	if len(lst.JSON200.Elementi) == 0 {
		t.Fatal("nessuna azienda VoIP")
	}
	esistente := lst.JSON200.Elementi[0]
	one, err := c.LeggiAziendaWithResponse(ctx, esistente.AziendaId)
	stato(t, one, err, http.StatusOK)
	stessoJSON(t, "azienda letta ed elencata", *one.JSON200, esistente)
	uff, err := c.ElencaUfficiWithResponse(ctx, esistente.AziendaId, nil)
	stato(t, uff, err, http.StatusOK)
	if len(uff.JSON200.Elementi) != esistente.NumeroUffici {
		t.Errorf("azienda %s: numeroUffici %d, elenco %d", esistente.AziendaId, esistente.NumeroUffici, len(uff.JSON200.Elementi))
	}

	piva := partitaIva("0123456001")
	milano := wpti.Indirizzo{Indirizzo: "Via Melchiorre Gioia", Civico: "8", Cap: "20124", Comune: "Milano", CodiceIstatComune: ptr("015146"), Provincia: wpti.ProvinciaMI}
	nuova := wpti.RichiestaAzienda{RagioneSociale: "Officine Lombarde E2E S.r.l.", PartitaIva: piva, SedeLegale: milano, Pec: "amministrazione@pec.officinelombarde.example", CodiceSdi: ptr("M5UXCR1"), Profilo: wpti.ProfiloAziendaAZIENDA, MaxCanali: 10}
	ca, err := c.CreaAziendaWithResponse(ctx, &wpti.CreaAziendaParams{IdempotencyKey: ptr("e2e-azienda-0001")}, nuova)
	stato(t, ca, err, http.StatusCreated)
	az := *ca.JSON201
	if az.PartitaIva != piva || az.CodiceFiscale != piva || az.Stato != wpti.StatoAziendaATTIVA || az.NumeroUffici != 0 || az.MaxCanali != 10 {
		t.Errorf("azienda creata: %+v", az)
	}
	if loc := ca.HTTPResponse.Header.Get("Location"); loc != "/wpti/v1/voip/aziende/"+az.AziendaId {
		t.Errorf("Location %q", loc)
	}
	again, err := c.CreaAziendaWithResponse(ctx, &wpti.CreaAziendaParams{IdempotencyKey: ptr("e2e-azienda-0001")}, nuova)
	stato(t, again, err, http.StatusCreated)
	if again.JSON201.AziendaId != az.AziendaId {
		t.Errorf("stessa Idempotency-Key: nuova azienda %s invece di %s", again.JSON201.AziendaId, az.AziendaId)
	}
	mod, err := c.AggiornaAziendaWithResponse(ctx, az.AziendaId, wpti.ModificaAzienda{RagioneSociale: ptr("Officine Lombarde E2E S.p.A."), MaxCanali: ptr(12)})
	stato(t, mod, err, http.StatusOK)
	rb, err := c.LeggiAziendaWithResponse(ctx, az.AziendaId)
	stato(t, rb, err, http.StatusOK)
	if rb.JSON200.RagioneSociale != "Officine Lombarde E2E S.p.A." || rb.JSON200.MaxCanali != 12 || rb.JSON200.Pec != nuova.Pec {
		t.Errorf("azienda riletta dopo la modifica: %+v", rb.JSON200)
	}
	stessoJSON(t, "azienda modificata e riletta", *rb.JSON200, *mod.JSON200)

	cu, err := c.CreaUfficioWithResponse(ctx, az.AziendaId, nil, wpti.RichiestaUfficio{Nome: "Sede di Milano", Indirizzo: milano, Prefisso: "02"})
	stato(t, cu, err, http.StatusCreated)
	u := *cu.JSON201
	if u.AziendaId != az.AziendaId || u.Prefisso != "02" || u.Distretto == "" || u.NumeroNumerazioni != 0 || u.NumeroUtenti != 0 {
		t.Errorf("ufficio creato: %+v", u)
	}
	mu, err := c.AggiornaUfficioWithResponse(ctx, u.UfficioId, wpti.ModificaUfficio{Nome: ptr("Sede centrale di Milano")})
	stato(t, mu, err, http.StatusOK)
	ru, err := c.LeggiUfficioWithResponse(ctx, u.UfficioId)
	stato(t, ru, err, http.StatusOK)
	if ru.JSON200.Nome != "Sede centrale di Milano" {
		t.Errorf("ufficio riletto: %+v", ru.JSON200)
	}
	lu, err := c.ElencaUfficiWithResponse(ctx, az.AziendaId, nil)
	stato(t, lu, err, http.StatusOK)
	if lu.JSON200.Totale != 1 || lu.JSON200.Elementi[0].UfficioId != u.UfficioId {
		t.Errorf("uffici dell'azienda nuova: %+v", lu.JSON200)
	}

	cn, err := c.CreaNumerazioneWithResponse(ctx, u.UfficioId, nil, wpti.RichiestaNumerazione{Primo: "0287650000", Ultimo: ptr("0287650009"), Tipo: wpti.TipoNumerazioneGEOGRAFICO, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: ptr(true)})
	stato(t, cn, err, http.StatusCreated)
	if n := cn.JSON201; n.Quantita != 10 || n.Ultimo != "0287650009" || !n.Pilota || n.UfficioId != u.UfficioId {
		t.Errorf("numerazione creata: %+v", n)
	}
	ln, err := c.ElencaNumerazioniWithResponse(ctx, u.UfficioId, nil)
	stato(t, ln, err, http.StatusOK)
	if ln.JSON200.Totale != 1 || ln.JSON200.Elementi[0].Primo != "0287650000" {
		t.Errorf("numerazioni dell'ufficio: %+v", ln.JSON200)
	}

	ut, err := c.CreaUtenteWithResponse(ctx, u.UfficioId, nil, wpti.RichiestaUtente{Nome: "Giulia", Cognome: "Bianchi", Email: "giulia.bianchi@officinelombarde.example", Interno: "201", Numero: ptr("0287650001"), CliPresentazione: ptr("0287650000"), MaxChiamateContemporanee: ptr(2)})
	stato(t, ut, err, http.StatusCreated)
	utente := *ut.JSON201
	if len(utente.SipPassword) < 12 || utente.SipUsername == "" || utente.AziendaId != az.AziendaId || utente.ProfiloBlocco != "BASE_418_07" {
		t.Errorf("utente creato: %+v", utente)
	}
	if cc := ut.HTTPResponse.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("creazione utente: Cache-Control %q", cc)
	}
	lt, err := c.LeggiUtenteWithResponse(ctx, utente.UtenteId)
	stato(t, lt, err, http.StatusOK)
	if strings.Contains(string(lt.Body), "sipPassword") || strings.Contains(string(lt.Body), utente.SipPassword) {
		t.Errorf("GET utente mostra la password: %s", lt.Body)
	}
	if lt.JSON200.SipUsername != utente.SipUsername || lt.JSON200.Interno != "201" {
		t.Errorf("utente riletto: %+v", lt.JSON200)
	}
	elu, err := c.ElencaUtentiWithResponse(ctx, u.UfficioId, nil)
	stato(t, elu, err, http.StatusOK)
	if elu.JSON200.Totale != 1 || strings.Contains(string(elu.Body), utente.SipPassword) {
		t.Errorf("elenco utenti: %s", elu.Body)
	}
	mt, err := c.AggiornaUtenteWithResponse(ctx, utente.UtenteId, wpti.ModificaUtente{Dnd: ptr(true), Deviazioni: &wpti.Deviazioni{Incondizionata: ptr("+393351234567")}})
	stato(t, mt, err, http.StatusOK)
	if !mt.JSON200.Dnd || mt.JSON200.Deviazioni == nil || mt.JSON200.Deviazioni.Incondizionata == nil || *mt.JSON200.Deviazioni.Incondizionata != "+393351234567" || mt.JSON200.AggiornatoIl == nil {
		t.Errorf("utente modificato: %+v", mt.JSON200)
	}
	rp, err := c.ReimpostaPasswordUtenteWithResponse(ctx, utente.UtenteId, nil)
	stato(t, rp, err, http.StatusOK)
	if rp.JSON200.SipPassword == utente.SipPassword || len(rp.JSON200.SipPassword) < 12 || rp.JSON200.SipUsername != utente.SipUsername || rp.JSON200.UtenteId != utente.UtenteId {
		t.Errorf("reset della password: %+v (prima %q)", rp.JSON200, utente.SipPassword)
	}
	if cc := rp.HTTPResponse.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("reset della password: Cache-Control %q", cc)
	}
	ruf, err := c.LeggiUfficioWithResponse(ctx, u.UfficioId)
	stato(t, ruf, err, http.StatusOK)
	if ruf.JSON200.NumeroNumerazioni != 10 || ruf.JSON200.NumeroUtenti != 1 {
		t.Errorf("ufficio con una numerazione e un utente: %+v", ruf.JSON200)
	}

	// Tear down bottom-up; each level refuses while the level below is there.
	del, err := c.EliminaAziendaWithResponse(ctx, az.AziendaId)
	problema(t, del, err, http.StatusConflict, "CONFLITTO")
	du, err := c.EliminaUtenteWithResponse(ctx, utente.UtenteId)
	stato(t, du, err, http.StatusNoContent)
	gone, err := c.LeggiUtenteWithResponse(ctx, utente.UtenteId)
	problema(t, gone, err, http.StatusNotFound, "NON_TROVATO")
	dn, err := c.EliminaNumerazioneWithResponse(ctx, u.UfficioId, "0287650000")
	stato(t, dn, err, http.StatusNoContent)
	ln2, err := c.ElencaNumerazioniWithResponse(ctx, u.UfficioId, nil)
	stato(t, ln2, err, http.StatusOK)
	if ln2.JSON200.Totale != 0 {
		t.Errorf("numerazioni dopo il rilascio: %+v", ln2.JSON200)
	}
	dlu, err := c.EliminaUfficioWithResponse(ctx, u.UfficioId)
	stato(t, dlu, err, http.StatusNoContent)
	gu, err := c.LeggiUfficioWithResponse(ctx, u.UfficioId)
	problema(t, gu, err, http.StatusNotFound, "NON_TROVATO")
	da, err := c.EliminaAziendaWithResponse(ctx, az.AziendaId)
	stato(t, da, err, http.StatusNoContent)
	ga, err := c.LeggiAziendaWithResponse(ctx, az.AziendaId)
	problema(t, ga, err, http.StatusNotFound, "NON_TROVATO")
}

func (p *percorso) portedOut(t *testing.T) {
	ctx := conT(t)
	c := p.o.p
	marzo := &wpti.ElencaPortedOutParams{Dal: ptr(data(giorno(2026, 3, 1))), Al: ptr(data(giorno(2026, 3, 31))), PerPagina: ptr(200)}
	lst, err := c.ElencaPortedOutWithResponse(ctx, marzo)
	stato(t, lst, err, http.StatusOK)
	if len(lst.JSON200.Elementi) == 0 {
		t.Fatal("nessun ported out a marzo")
	}
	for _, x := range lst.JSON200.Elementi {
		if x.Timeline != nil {
			t.Errorf("l'elenco riporta la timeline di %s", x.IdRichiesta)
		}
	}
	primo := lst.JSON200.Elementi[0]
	one, err := c.LeggiPortedOutWithResponse(ctx, primo.IdRichiesta)
	stato(t, one, err, http.StatusOK)
	if one.JSON200.Timeline == nil || len(*one.JSON200.Timeline) == 0 || (*one.JSON200.Timeline)[len(*one.JSON200.Timeline)-1].Stato != one.JSON200.Stato {
		t.Errorf("timeline di %s (stato %s): %+v", primo.IdRichiesta, one.JSON200.Stato, one.JSON200.Timeline)
	}
	senza := *one.JSON200
	senza.Timeline = nil
	stessoJSON(t, "ported out letto ed elencato", senza, primo)

	rie, err := c.LeggiRiepilogoPortedOutWithResponse(ctx, &wpti.LeggiRiepilogoPortedOutParams{Mese: "2026-03"})
	stato(t, rie, err, http.StatusOK)
	somma := 0
	for _, r := range rie.JSON200.PerRecipient {
		somma += r.Totale
	}
	if rie.JSON200.Totale != lst.JSON200.Totale || somma != rie.JSON200.Totale {
		t.Errorf("riepilogo di marzo: totale %d (per recipient %d), l'elenco ne ha %d", rie.JSON200.Totale, somma, lst.JSON200.Totale)
	}
}

// allarmi takes an open alert through its workflow to CHIUSO.
func (p *percorso) allarmi(t *testing.T) {
	ctx := conT(t)
	c := p.o.af
	lst, err := c.ElencaAllarmiWithResponse(ctx, &af.ElencaAllarmiParams{Stato: &[]af.StatoAllarme{af.StatoAllarmeAPERTO}, PerPagina: ptr(200)})
	stato(t, lst, err, http.StatusOK)
	var scelto *af.Allarme
	for i, x := range lst.JSON200.Elementi {
		if x.Stato != af.StatoAllarmeAPERTO || x.OpId != "OLO001" {
			t.Errorf("filtro stato=APERTO: %s %s %s", x.Id, x.Stato, x.OpId)
		}
		if scelto == nil && x.Dn != nil && len(x.CdrIds) > 0 {
			scelto = &lst.JSON200.Elementi[i]
		}
	}
	if scelto == nil {
		t.Fatal("nessun allarme aperto nato da chiamate CDR")
	}
	p.alertTraff = *scelto
	one, err := c.LeggiAllarmeWithResponse(ctx, scelto.Id)
	stato(t, one, err, http.StatusOK)
	stessoJSON(t, "allarme letto ed elencato", *one.JSON200, *scelto)

	prima := len(one.JSON200.Storico)
	for _, s := range []af.StatoAllarme{af.StatoAllarmePRESAINCARICO, af.StatoAllarmeFRODECONFERMATA, af.StatoAllarmeCHIUSO} {
		r, err := c.AggiornaAllarmeWithResponse(ctx, scelto.Id, af.AggiornamentoAllarme{Stato: s, Nota: "Verifica e2e: " + string(s)})
		stato(t, r, err, http.StatusOK)
		if r.JSON200.Stato != s {
			t.Errorf("PATCH a %s: stato %s", s, r.JSON200.Stato)
		}
	}
	fin, err := c.LeggiAllarmeWithResponse(ctx, scelto.Id)
	stato(t, fin, err, http.StatusOK)
	st := fin.JSON200.Storico
	if fin.JSON200.Stato != af.StatoAllarmeCHIUSO || len(st) != prima+3 {
		t.Fatalf("allarme chiuso: stato %s, storico %+v", fin.JSON200.Stato, st)
	}
	for _, x := range st[prima:] {
		if x.Autore != "olo001-crm" || x.Da == nil || !strings.HasPrefix(x.Nota, "Verifica e2e") {
			t.Errorf("storico dell'allarme: %+v", x)
		}
	}
	if *st[prima].Da != af.StatoAllarmeAPERTO || *st[prima+2].Da != af.StatoAllarmeFRODECONFERMATA {
		t.Errorf("storico dell'allarme non concatenato: %+v", st[prima:])
	}
}

// traffico reads the traffic of the number the alert names, on the days of its calls.
func (p *percorso) traffico(t *testing.T) {
	al := p.alertTraff
	// cdrIds are <OP_ID>-<YYYYMMDD>-<n>: the days of the calls behind the alert.
	var giorni []time.Time
	for _, id := range al.CdrIds {
		parti := strings.Split(id, "-")
		d, err := time.Parse("20060102", parti[1])
		if err != nil || parti[0] != "OLO001" {
			t.Fatalf("cdrId %q", id)
		}
		giorni = append(giorni, d)
	}
	dal, aL := slices.MinFunc(giorni, time.Time.Compare), slices.MaxFunc(giorni, time.Time.Compare)
	r, err := p.o.af.LeggiTrafficoWithResponse(conT(t), &af.LeggiTrafficoParams{Dn: *al.Dn, Dal: ptr(data(dal)), Al: ptr(data(aL))})
	stato(t, r, err, http.StatusOK)
	tr := r.JSON200
	if tr.Dn != *al.Dn || len(tr.PerTipoDestinazione) != 9 || tr.Totale.NChiamate < al.NChiamate || tr.UltimaChiamataIl == nil {
		t.Errorf("traffico di %s: %+v (l'allarme conta %d chiamate)", *al.Dn, tr, al.NChiamate)
	}
	var n, sec int
	var imp float64
	for _, x := range tr.PerTipoDestinazione {
		n += x.NChiamate
		sec += x.Secondi
		imp += x.ImportoEur
	}
	if n != tr.Totale.NChiamate || sec != tr.Totale.Secondi || math.Abs(imp-tr.Totale.ImportoEur) > 0.0001*9 {
		t.Errorf("traffico: le classi sommano %d chiamate %d s %.4f EUR, il totale dice %+v", n, sec, imp, tr.Totale)
	}
}

func (p *percorso) soglie(t *testing.T) {
	ctx := conT(t)
	c := p.o.af
	lst, err := c.ElencaSoglieWithResponse(ctx, nil)
	stato(t, lst, err, http.StatusOK)
	if lst.JSON200.Totale == 0 {
		t.Fatal("nessuna soglia predefinita")
	}
	prima := lst.JSON200.Totale
	rif := p.dnAttivato // the line the lifecycle just created is this OLO's
	body := af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &rif, Metrica: af.MetricaSogliaCOSTOGIORNOEUR, Warning: 150, Critico: 500, Azione: af.AzioneSogliaBLOCCOINTERNAZIONALE}
	cr, err := c.CreaSogliaWithResponse(ctx, &af.CreaSogliaParams{IdempotencyKey: ptr("e2e-soglia-0001")}, body)
	stato(t, cr, err, http.StatusCreated)
	s := *cr.JSON201
	if s.FinestraMinuti != 1440 || !s.Attiva || s.Riferimento == nil || *s.Riferimento != rif || s.Warning != 150 || s.Critico != 500 {
		t.Errorf("soglia creata: %+v", s)
	}
	if loc := cr.HTTPResponse.Header.Get("Location"); loc != "/wpti-af/v1/soglie/"+s.Id {
		t.Errorf("Location %q", loc)
	}
	rep, err := c.CreaSogliaWithResponse(ctx, &af.CreaSogliaParams{IdempotencyKey: ptr("e2e-soglia-0001")}, body)
	stato(t, rep, err, http.StatusCreated)
	if rep.JSON201.Id != s.Id {
		t.Errorf("stessa Idempotency-Key: soglia %s invece di %s", rep.JSON201.Id, s.Id)
	}
	one, err := c.LeggiSogliaWithResponse(ctx, s.Id)
	stato(t, one, err, http.StatusOK)
	stessoJSON(t, "soglia riletta", *one.JSON200, s)

	p.a.sb.Advance(t, time.Minute)
	body.Critico, body.Attiva = 650, ptr(false)
	up, err := c.AggiornaSogliaWithResponse(ctx, s.Id, body)
	stato(t, up, err, http.StatusOK)
	back, err := c.LeggiSogliaWithResponse(ctx, s.Id)
	stato(t, back, err, http.StatusOK)
	if back.JSON200.Critico != 650 || back.JSON200.Attiva || !back.JSON200.AggiornataIl.After(s.AggiornataIl) || !back.JSON200.CreataIl.Equal(s.CreataIl) {
		t.Errorf("soglia dopo PUT: %+v", back.JSON200)
	}
	filt, err := c.ElencaSoglieWithResponse(ctx, &af.ElencaSoglieParams{Riferimento: &rif})
	stato(t, filt, err, http.StatusOK)
	if filt.JSON200.Totale != 1 || filt.JSON200.Elementi[0].Id != s.Id {
		t.Errorf("soglie del DN %s: %+v", rif, filt.JSON200)
	}
	del, err := c.EliminaSogliaWithResponse(ctx, s.Id)
	stato(t, del, err, http.StatusNoContent)
	gone, err := c.LeggiSogliaWithResponse(ctx, s.Id)
	problema(t, gone, err, http.StatusNotFound, "NON_TROVATO")
	dopo, err := c.ElencaSoglieWithResponse(ctx, nil)
	stato(t, dopo, err, http.StatusOK)
	if dopo.JSON200.Totale != prima {
		t.Errorf("soglie dopo l'eliminazione: %d, prima %d", dopo.JSON200.Totale, prima)
	}
}

func (p *percorso) blocchi(t *testing.T) {
	ctx := conT(t)
	c := p.o.af
	prof, err := c.ElencaProfiliBloccoWithResponse(ctx, nil)
	stato(t, prof, err, http.StatusOK)
	var codici []string
	for _, x := range prof.JSON200.Elementi {
		codici = append(codici, x.Codice)
	}
	personalizzato := ""
	for _, cod := range codici {
		if strings.HasPrefix(cod, "PB-") {
			personalizzato = cod
		}
	}
	for _, want := range []string{"BASE_418_07", "INTERNAZIONALE", "TOTALE"} {
		if !slices.Contains(codici, want) {
			t.Errorf("profilo %s mancante: %v", want, codici)
		}
	}
	if personalizzato == "" {
		t.Fatalf("nessun profilo personalizzato: %v", codici)
	}

	body := af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: *p.alertTraff.Dn, Profilo: personalizzato, Motivo: "Frode confermata in verifica e2e", AllarmeId: &p.alertTraff.Id}
	cr, err := c.CreaBloccoWithResponse(ctx, nil, body)
	stato(t, cr, err, http.StatusCreated)
	b := *cr.JSON201
	if b.Origine != af.OrigineBloccoMANUALE || b.CreatoDa != "olo001-crm" || b.Profilo != personalizzato || b.AllarmeId == nil || *b.AllarmeId != p.alertTraff.Id {
		t.Errorf("blocco creato: %+v", b)
	}
	if loc := cr.HTTPResponse.Header.Get("Location"); loc != "/wpti-af/v1/blocchi/"+b.Id {
		t.Errorf("Location %q", loc)
	}
	lst, err := c.ElencaBlocchiWithResponse(ctx, &af.ElencaBlocchiParams{Riferimento: &body.Riferimento, Profilo: &personalizzato})
	stato(t, lst, err, http.StatusOK)
	if lst.JSON200.Totale != 1 {
		t.Fatalf("blocchi di %s: %+v", body.Riferimento, lst.JSON200)
	}
	stessoJSON(t, "blocco elencato", lst.JSON200.Elementi[0], b)
	del, err := c.EliminaBloccoWithResponse(ctx, b.Id)
	stato(t, del, err, http.StatusNoContent)
	dopo, err := c.ElencaBlocchiWithResponse(ctx, &af.ElencaBlocchiParams{Riferimento: &body.Riferimento, Profilo: &personalizzato})
	stato(t, dopo, err, http.StatusOK)
	if dopo.JSON200.Totale != 0 {
		t.Errorf("blocco ancora elencato dopo DELETE: %+v", dopo.JSON200)
	}
	again, err := c.EliminaBloccoWithResponse(ctx, b.Id)
	problema(t, again, err, http.StatusNotFound, "NON_TROVATO")
}

// stessoJSON compares two values by their JSON form (what the client saw on the wire).
func stessoJSON(t testing.TB, cosa string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s: diversi\n got %s\nwant %s", cosa, g, w)
	}
}
