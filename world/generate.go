package world

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
)

// suffissiTest are the DN endings reserved to documented test values: generated numbers
// never end with them, so only an OLO that means it gets a fixed outcome.
func (w *World) suffissoRiservato(dn string) bool {
	for _, v := range w.fx.ValoriTest {
		if v.Suffisso != "" && strings.HasSuffix(dn, v.Suffisso) {
			return true
		}
	}
	return false
}

func indirizzoAPI(i italia.Indirizzo) wpti.Indirizzo {
	out := wpti.Indirizzo{Indirizzo: i.Via, Civico: i.Civico, Cap: i.Cap, Comune: i.Comune, Provincia: wpti.Provincia(i.Provincia)}
	if i.CodiceIstat != "" {
		out.CodiceIstatComune = ptr(i.CodiceIstat)
	}
	return out
}

// comuniPerPrefisso are the embedded comuni by telephone district prefix.
var comuniPerPrefisso = sync.OnceValue(func() map[string][]italia.Comune {
	m := map[string][]italia.Comune{}
	for _, c := range italia.Comuni() {
		m[c.Prefisso] = append(m[c.Prefisso], c)
	}
	return m
})

// sedeNelDistretto is where a line with number dn is installed: in its number's telephone
// district, as its exchange is. The customer's own address when it lies there (a home
// line), otherwise an address in a comune of that district (a business's local site).
func sedeNelDistretto(g *italia.Generatore, dn string, sede italia.Indirizzo) italia.Indirizzo {
	pref, ok := italia.Prefisso(dn)
	if !ok {
		return sede
	}
	comuni := comuniPerPrefisso()[pref]
	if len(comuni) == 0 || slices.ContainsFunc(comuni, func(c italia.Comune) bool { return c.CodiceIstat == sede.CodiceIstat }) {
		return sede
	}
	return g.IndirizzoIn(comuni[g.Intn(len(comuni))])
}

// lavorativoTra draws a working-hours instant (09:00-18:00, Mon-Fri) between two instants.
func lavorativoTra(g *italia.Generatore, da, a time.Time) time.Time {
	for range 50 {
		t := g.DataTra(da, a).In(italia.Roma())
		if italia.GiornoLavorativo(t) {
			return time.Date(t.Year(), t.Month(), t.Day(), 9+g.Intn(9), g.Intn(60), g.Intn(60), 0, italia.Roma())
		}
	}
	return da
}

// generateTenant grows the world around one OLO: lines, orders with their history replayed
// on the event queue, VoIP companies, ported-out requests, notices, thresholds.
func (w *World) generateTenant(op Operatore) (*tenant, error) {
	opc := op
	t := newTenant(&opc)
	// Registered first: the lifecycle events replayed below look the tenant up.
	w.tenants[op.OpID] = t
	// The demo OLO's first objects of each kind carry the contract's example ids.
	w.ids.esempi = w.esempiPer(op)
	defer func() { w.ids.esempi = nil }()
	start := w.start
	g := w.gen("tenant", op.OpID)
	usati := map[string]bool{}
	nuovoDN := func(pref string) string {
		for {
			dn := g.DNGeografico(pref)
			if !usati[dn] && !w.suffissoRiservato(dn) {
				usati[dn] = true
				return dn
			}
		}
	}
	servizi := []wpti.ServizioSupplementare{wpti.ServizioSupplementareAVVISOCHIAMATA, wpti.ServizioSupplementareCONFERENZAATRE, wpti.ServizioSupplementareSEGRETERIATELEFONICA, wpti.ServizioSupplementareTRASFERIMENTOCHIAMATA}
	clienteDa := func() (wpti.ClienteWlr, wpti.Categoria, italia.Indirizzo) {
		if g.Vero(0.7) {
			p := g.Persona()
			nom := p.Nome + " " + p.Cognome
			return wpti.ClienteWlr{Nominativo: &nom, CodiceFiscale: ptr(p.CodiceFiscale)}, wpti.CategoriaRESIDENZIALE, g.Indirizzo()
		}
		a := g.Azienda()
		return wpti.ClienteWlr{RagioneSociale: ptr(a.RagioneSociale), PartitaIva: ptr(a.PartitaIva)}, wpti.CategoriaNONRESIDENZIALE, a.SedeLegale
	}
	nuovaLinea := func(dn string, cl wpti.ClienteWlr, cat wpti.Categoria, sede italia.Indirizzo) *wpti.LineaWlr {
		acc := wpti.TipoAccessoPOTS
		switch r := g.Float64(); {
		case r > 0.95:
			acc = wpti.TipoAccessoGNR
		case r > 0.90:
			acc = wpti.TipoAccessoISDNPRA
		case r > 0.75:
			acc = wpti.TipoAccessoISDNBRA
		}
		ss := []wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIP}
		for _, s := range servizi {
			if g.Vero(0.3) {
				ss = append(ss, s)
			}
		}
		att := g.DataTra(time.Date(2012, 1, 1, 0, 0, 0, 0, italia.Roma()), start.AddDate(0, -3, 0))
		l := &wpti.LineaWlr{Categoria: cat, Centrale: centraleDi(dn), Cliente: cl, DataAttivazione: date(att), Dn: dn, Sede: ptr(indirizzoAPI(sede)), ServiziSupplementari: ss, Stato: wpti.StatoLineaATTIVA, TipoAccesso: acc}
		switch r := g.Float64(); {
		case r > 0.96:
			l.Stato = wpti.StatoLineaCESSATA
			d := date(g.DataTra(att, start.AddDate(0, 0, -7)))
			l.DataCessazione = &d
		case r > 0.92:
			l.Stato = wpti.StatoLineaSOSPESA
		}
		t.linee[dn] = l
		return l
	}
	// Fixed test customers first.
	fissi := map[string]bool{}
	for _, c := range op.Clienti {
		cl := wpti.ClienteWlr{}
		cat := wpti.CategoriaRESIDENZIALE
		if c.Nominativo != "" {
			cl.Nominativo, cl.CodiceFiscale = ptr(c.Nominativo), ptr(c.CodiceFiscale)
		} else {
			cl.RagioneSociale, cl.PartitaIva = ptr(c.RagioneSociale), ptr(c.PartitaIva)
			cat = wpti.CategoriaNONRESIDENZIALE
		}
		for _, dn := range c.DN {
			usati[dn], fissi[dn] = true, true
			l := nuovaLinea(dn, cl, cat, sedeNelDistretto(g, dn, g.Indirizzo()))
			l.Stato, l.DataCessazione = wpti.StatoLineaATTIVA, nil
		}
	}
	for range op.Dimensioni.LineeWlr {
		c := g.Comune()
		cl, cat, sede := clienteDa()
		_ = c
		pref, _ := italia.Prefisso(g.DNGeografico(italia.Scegli(g, []string{"02", "06", "011", "081", "055", "010", "051", "091", "070", "080", "049", "045", "0471", "0521", "0832"})))
		dn := nuovoDN(pref)
		nuovaLinea(dn, cl, cat, sedeNelDistretto(g, dn, sede))
	}

	// Orders, created in the past and replayed through the same code path as the API.
	if hasService(&opc, "WLR") {
		type creazione struct {
			at time.Time
			r  wpti.RichiestaOrdineWlr
		}
		var cr []creazione
		// Generated orders never touch a fixed test customer's line: the fixtures promise
		// those lines active and free for the OLO's own tests.
		attive := []*wpti.LineaWlr{}
		for _, l := range t.lineeOrdinate() {
			if l.Stato == wpti.StatoLineaATTIVA && !fissi[l.Dn] {
				attive = append(attive, l)
			}
		}
		for i := range op.Dimensioni.OrdiniWlr {
			at := lavorativoTra(g, start.AddDate(0, 0, -40), start.Add(-time.Hour))
			// The first order of the demo OLO is the contract's example: created on the
			// example's day (a working day), long since completed. Same draws as the
			// others, so the rest of the world does not move.
			giornoEsempio, esempio := w.esempioDatato("ORD")
			esempio = esempio && i == 0
			if esempio {
				at = nelGiorno(giornoEsempio, at)
			}
			lead := 5 + g.Intn(8)
			dac := date(italia.AggiungiGiorniLavorativi(giornoRoma(at), lead))
			r := wpti.RichiestaOrdineWlr{CodiceOrdineOlo: fmt.Sprintf("%s-%s-%04d", op.Cow, at.Format("060102"), i+1), Dac: dac, TipoAccesso: wpti.TipoAccessoPOTS}
			switch k := g.Intn(10); {
			case k < 4 || len(attive) == 0: // new customer on an active line (or migration)
				cl, cat, sede := clienteDa()
				dn := nuovoDN(italia.Scegli(g, []string{"02", "06", "011", "081", "055", "051"}))
				if g.Vero(0.08) {
					// a few orders on documented test numbers, so the world shows KOs
					// (never the example order, which the manual shows completed)
					v := italia.Scegli(g, w.fx.ValoriTest)
					if v.Suffisso != "" && !esempio {
						dn = dn[:len(dn)-len(v.Suffisso)] + v.Suffisso
					}
				}
				r.Dn, r.Cliente, r.Categoria, r.Sede = &dn, cl, cat, ptr(indirizzoAPI(sedeNelDistretto(g, dn, sede)))
				r.Tipo = wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA
				if g.Vero(0.3) {
					r.Tipo = wpti.TipoOrdineWlrMIGRAZIONE
					cow := italia.Scegli(g, []string{"TIM", "VOD", "WND", "FWB"})
					r.CodiceMigrazione = ptr(g.CodiceMigrazione(cow, dn, "001"))
				}
				r.ServiziSupplementari = &[]wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIP}
			default:
				j := g.Intn(len(attive))
				// the example order only touches a line active on its day
				for n := 0; esempio && n < len(attive) && !attive[j].DataAttivazione.Before(at); n++ {
					j = (j + 1) % len(attive)
				}
				l := attive[j]
				r.Dn, r.Cliente, r.Categoria, r.TipoAccesso = ptr(l.Dn), l.Cliente, l.Categoria, l.TipoAccesso
				ss := slices.Clone(l.ServiziSupplementari)
				r.ServiziSupplementari = &ss
				switch k {
				case 4, 5, 6:
					r.Tipo = wpti.TipoOrdineWlrVARIAZIONE
					if !slices.Contains(ss, wpti.ServizioSupplementareSEGRETERIATELEFONICA) {
						ss = append(ss, wpti.ServizioSupplementareSEGRETERIATELEFONICA)
						r.ServiziSupplementari = &ss
					}
				case 7:
					r.Tipo = wpti.TipoOrdineWlrCESSAZIONE
				case 8:
					r.Tipo = wpti.TipoOrdineWlrTRASLOCO
					r.Sede = ptr(indirizzoAPI(sedeNelDistretto(g, deref(r.Dn), g.Indirizzo()))) // the number stays: a move within its district
				default:
					r.Tipo = wpti.TipoOrdineWlrSUBENTRO
					cl, _, _ := clienteDa()
					r.Cliente = cl
				}
			}
			cr = append(cr, creazione{at: at, r: r})
		}
		slices.SortStableFunc(cr, func(a, b creazione) int { return a.at.Compare(b.at) })
		for _, c := range cr {
			w.applyDue(c.at)
			// A generated order the rules refuse (e.g. another open order on the DN) is
			// simply not part of the world.
			_, _, _ = w.creaOrdine(t, c.r, c.at)
		}
	}

	// VoIP companies, offices, numbers, users.
	if hasService(&opc, "VOIP") {
		for range op.Dimensioni.AziendeVoip {
			a := g.Azienda()
			at := g.DataTra(start.AddDate(-2, 0, 0), start.AddDate(0, -1, 0)).Truncate(time.Second)
			az := &wpti.Azienda{AziendaId: w.ids.next("AZ"), CodiceFiscale: a.CodiceFiscale, CodiceSdi: ptr(a.CodiceSdi), CreataIl: at, AggiornataIl: at, MaxCanali: 4 + 2*g.Intn(8),
				PartitaIva: a.PartitaIva, Pec: openapi_types.Email(a.Pec), Profilo: wpti.ProfiloAziendaAZIENDA, RagioneSociale: a.RagioneSociale, SedeLegale: indirizzoAPI(a.SedeLegale), Stato: wpti.StatoAziendaATTIVA}
			if g.Vero(0.2) {
				az.Profilo = wpti.ProfiloAziendaRETAIL
			}
			interno := 200
			if az.AziendaId == esempiContratto["AZ"] {
				aziendaEsempio(az)
				interno = 210 // 201, the interno of the manual's new-user example, stays free
			}
			t.aziende[az.AziendaId] = az
			t.aziendeID = append(t.aziendeID, az.AziendaId)
			t.perPiva[az.PartitaIva] = append(t.perPiva[az.PartitaIva], az.AziendaId)
			dominio := strings.TrimSuffix(strings.TrimPrefix(a.Pec, ""), "@pec.example.com") + ".example.com"
			nomiUffici := map[string]bool{}
			for k := range op.Dimensioni.UfficiPerAzienda {
				c := g.Comune()
				if k == 0 {
					if cc, ok := italia.ComuneDaIstat(deref(az.SedeLegale.CodiceIstatComune)); ok {
						c = cc
					}
				}
				u := &wpti.Ufficio{AziendaId: az.AziendaId, CreatoIl: at.Add(time.Duration(k+1) * time.Hour), Distretto: nomeDistretto(c.Prefisso), Indirizzo: indirizzoAPI(g.IndirizzoIn(c)), Nome: "Sede di " + c.Nome, Prefisso: c.Prefisso, UfficioId: w.ids.next("UF")}
				if k == 0 {
					u.Nome = "Sede legale"
				}
				// Office names are unique within a company (the rule of CreaUfficio).
				for n := 2; nomiUffici[u.Nome]; n++ {
					u.Nome = fmt.Sprintf("Sede di %s %d", c.Nome, n)
				}
				nomiUffici[u.Nome] = true
				t.uffici[u.UfficioId] = u
				t.ufficiID = append(t.ufficiID, u.UfficioId)
				// a block of 10 consecutive DIDs ending in 0..9
				var base string
				for {
					base = g.DNGeografico(c.Prefisso)
					base = base[:len(base)-1] + "0"
					if !usati[base] && !w.suffissoRiservato(base) {
						break
					}
				}
				esempioUf := u.UfficioId == esempiContratto["UF"]
				if esempioUf {
					base = ufficioEsempio(u)
				}
				ultimo := base[:len(base)-1] + "9"
				for d := 0; d < 10; d++ {
					usati[base[:len(base)-1]+fmt.Sprint(d)] = true
				}
				t.numerazioni[u.UfficioId] = []*wpti.Numerazione{{AttivataIl: u.CreatoIl, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: true, Primo: base, Quantita: 10, Tipo: wpti.TipoNumerazioneGEOGRAFICO, UfficioId: u.UfficioId, Ultimo: ultimo}}
				if esempioUf {
					t.numerazioni[u.UfficioId] = numerazioniEsempio(t.numerazioni[u.UfficioId], u, usati)
				}

				for j := range op.Dimensioni.UtentiPerUfficio {
					p := g.Persona()
					numero := base[:len(base)-1] + fmt.Sprint(1+j%9)
					interno++
					ut := &wpti.Utente{AziendaId: az.AziendaId, CliPresentazione: ptr(base), Cognome: p.Cognome, CreatoIl: u.CreatoIl.Add(time.Duration(j+1) * time.Minute), DominioSip: DominioSip,
						Email: openapi_types.Email(strings.ToLower(slugNome(p.Nome)+"."+slugNome(p.Cognome)) + "@" + dominio), Interno: fmt.Sprint(interno), MaxChiamateContemporanee: 2, Nome: p.Nome,
						Numero: &numero, ProfiloBlocco: "BASE_418_07", UfficioId: u.UfficioId, UtenteId: w.ids.next("UT")}
					ut.SipUsername = strings.ToLower(ut.Interno + "." + az.AziendaId)
					t.utenti[ut.UtenteId] = ut
					t.utentiID = append(t.utentiID, ut.UtenteId)
				}
			}
		}
	}

	// Ported-out requests: numbers of this OLO moving to another operator.
	if hasService(&opc, "PORTED_OUT") {
		// Candidates: active lines no order touches, and never a fixed test customer's
		// line (the fixtures promise those stay active).
		conOrdini := map[string]bool{}
		for _, id := range t.ordiniID {
			for _, dn := range dnDi(t.ordini[id].Dn, t.ordini[id].DnList) {
				conOrdini[dn] = true
			}
		}
		var cand []*wpti.LineaWlr
		for _, l := range t.lineeOrdinate() {
			if l.Stato == wpti.StatoLineaATTIVA && l.UltimoOrdine == nil && !fissi[l.Dn] && !conOrdini[l.Dn] {
				cand = append(cand, l)
			}
		}
		italia.Mescola(g, cand)
		// The first request of the demo OLO is the contract's example, received on the
		// example's day: its number is one already active then.
		giornoEsempio, esempio := w.esempioDatato("PO")
		if esempio {
			for j, l := range cand {
				if l.DataAttivazione.Before(giornoEsempio) {
					cand[0], cand[j] = cand[j], cand[0]
					break
				}
			}
		}
		type ricezione struct {
			at time.Time
			l  *wpti.LineaWlr
		}
		var rc []ricezione
		for i := 0; i < op.Dimensioni.PortedOut && i < len(cand); i++ {
			at := lavorativoTra(g, start.AddDate(0, 0, -35), start.Add(-time.Hour))
			if esempio && i == 0 && cand[i].DataAttivazione.Before(giornoEsempio) {
				at = nelGiorno(giornoEsempio, at)
			}
			rc = append(rc, ricezione{at: at, l: cand[i]})
		}
		slices.SortStableFunc(rc, func(a, b ricezione) int { return a.at.Compare(b.at) })
		for _, x := range rc {
			w.applyDue(x.at)
			rec := italia.Scegli(g, operatoriRecipient)
			dac := italia.AggiungiGiorniLavorativi(giornoRoma(x.at), 3+g.Intn(4))
			var ko *wpti.CausaleKo
			id := fmt.Sprintf("PO-%s-%06X", x.at.Format("20060102"), w.ids.nextN())
			esempio := false
			if e, ok := w.ids.esempio("PO", x.at.Format("20060102")); ok {
				id, esempio = e, true
			}
			// the example request is shown completed, never refused
			if g.Vero(0.1) && !esempio {
				ko = ptr(wpti.CausaleKo("KO06"))
			}
			po := &portedOut{PortedOut: wpti.PortedOut{
				CodiceMigrazione: g.CodiceMigrazione(op.Cow, x.l.Dn, "001"), CodiceRichiestaRecipient: fmt.Sprintf("%s%s%05d", rec.Codice, x.at.Format("0601"), g.Intn(100000)),
				Dac: date(dac), DataRicezione: x.at.Truncate(time.Second), Dn: x.l.Dn, Donor: DonorRO, IdRichiesta: id, Recipient: rec, Servizio: wpti.ServizioNumeroWLR,
				Stato: wpti.StatoPortedOutRICEVUTA, TipoNumero: wpti.TipoNumerazioneGEOGRAFICO,
				Timeline: &[]wpti.EventoPortedOut{{Stato: wpti.StatoPortedOutRICEVUTA, Timestamp: x.at.Truncate(time.Second), Nota: ptr("Richiesta ricevuta dal Recipient " + rec.Denominazione)}},
			}}
			po.piano = pianificaPortedOut(x.at.Truncate(time.Second), dac, ko, g.Vero(0.1))
			t.portedOutState[id] = po
			t.portedOutID = append(t.portedOutID, id)
			w.events.push(evento{at: po.piano[0].at, opID: op.OpID, tipo: evPortedOut, id: id})
		}
	}
	w.applyDue(start)

	// Notices from the RO.
	for i := range op.Dimensioni.Comunicazioni {
		c := comunicazioniTipo[i%len(comunicazioniTipo)]
		pub := lavorativoTra(g, start.AddDate(0, 0, -60+i*7), start.AddDate(0, 0, -55+i*7)).Truncate(time.Second)
		if pub.After(start) {
			pub = start.Add(-time.Duration(i+1) * time.Hour).Truncate(time.Second)
		}
		cm := &wpti.Comunicazione{Id: w.ids.next("COM"), Categoria: c.categoria, PubblicataIl: pub, Titolo: c.titolo, Testo: c.testo, ServiziInteressati: &[]wpti.ServizioAbilitato{c.servizio}}
		if c.categoria == wpti.CategoriaComunicazioneMANUTENZIONEPROGRAMMATA {
			ini := prossimoLavorativo(pub.AddDate(0, 0, 10), 1).Add(-time.Hour)
			fine := ini.Add(4 * time.Hour)
			cm.InizioEvento, cm.FineEvento = &ini, &fine
		}
		if i%3 == 0 {
			letta := pub.Add(26 * time.Hour)
			if letta.Before(start) {
				cm.Letta, cm.LettaIl = true, &letta
			}
		}
		t.comunicazioni = append(t.comunicazioni, cm)
	}
	slices.SortStableFunc(t.comunicazioni, func(a, b *wpti.Comunicazione) int { return b.PubblicataIl.Compare(a.PubblicataIl) })

	// Default anti-fraud thresholds, so that alerts name the threshold they broke.
	if hasService(&opc, "ANTIFRODE") {
		for _, s := range cdr.SoglieDefault() {
			az := af.AzioneSogliaNOTIFICA
			if s.Metrica == cdr.MetricaCostoGiornoEur {
				az = af.AzioneSogliaBLOCCOINTERNAZIONALE
			}
			so := w.nuovaSoglia(t, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Azione: az, Critico: s.Critico, Warning: s.Warning, Metrica: af.MetricaSoglia(s.Metrica), FinestraMinuti: nonZero(s.FinestraMinuti)})
			so.CreataIl = start.AddDate(-1, 0, 0).Truncate(time.Second)
			so.AggiornataIl = so.CreataIl
		}
	}
	return t, nil
}

func nonZero(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

func slugNome(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case strings.ContainsRune("àá", r):
			b.WriteByte('a')
		case strings.ContainsRune("èé", r):
			b.WriteByte('e')
		case strings.ContainsRune("ìí", r):
			b.WriteByte('i')
		case strings.ContainsRune("òó", r):
			b.WriteByte('o')
		case strings.ContainsRune("ùú", r):
			b.WriteByte('u')
		}
	}
	return b.String()
}

var comunicazioniTipo = []struct {
	categoria wpti.CategoriaComunicazione
	servizio  wpti.ServizioAbilitato
	titolo    string
	testo     string
}{
	{wpti.CategoriaComunicazioneMANUTENZIONEPROGRAMMATA, wpti.ServizioAbilitatoWLR, "Manutenzione programmata del Web Portal", "Il Web Portal e le API WPTI non saranno disponibili nella finestra indicata per un aggiornamento della piattaforma. Gli ordini inviati prima della finestra saranno lavorati regolarmente."},
	{wpti.CategoriaComunicazioneVARIAZIONEPROCESSO, wpti.ServizioAbilitatoWLR, "Nuova verifica formale sugli ordini di migrazione", "Dal prossimo mese la verifica del codice di migrazione avviene in fase di acquisizione: un codice errato produce un KO06 entro 15 minuti dall'invio."},
	{wpti.CategoriaComunicazioneDISSERVIZIO, wpti.ServizioAbilitatoVOIP, "Disservizio registrazioni SIP risolto", "Tra le 07:40 e le 08:25 una parte delle registrazioni SIP e' fallita. Il disservizio e' risolto; non e' richiesta alcuna azione agli OLO."},
	{wpti.CategoriaComunicazioneINFORMATIVA, wpti.ServizioAbilitatoANTIFRODE, "Aggiornamento del profilo BASE_418_07", "Il profilo di blocco BASE_418_07 include ora le reti satellitari 00870. Nessuna azione richiesta."},
	{wpti.CategoriaComunicazioneINFORMATIVA, wpti.ServizioAbilitatoPORTEDOUT, "Calendario festivita' per le portabilita'", "Le prenotifiche di ported out non vengono lavorate nei giorni festivi nazionali: la DAC si sposta al primo giorno lavorativo utile."},
}
