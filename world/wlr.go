package world

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// ordine is a WLR order with its history and the plan of its future transitions.
type ordine struct {
	wpti.OrdineWlr
	storico   []wpti.TransizioneOrdineWlr
	hash      string // canonical request body, for idempotency on codiceOrdineOlo
	piano     []passo
	richiesta wpti.RichiestaOrdineWlr
}

// passo is one planned transition: at a time, to a state, with an optional causale.
type passo struct {
	at      time.Time
	a       wpti.StatoOrdineWlr
	causale *wpti.CausaleKo
	nota    string
}

var statiFinali = []wpti.StatoOrdineWlr{wpti.StatoOrdineWlrESPLETATO, wpti.StatoOrdineWlrKOFORMALE, wpti.StatoOrdineWlrKOTECNICO, wpti.StatoOrdineWlrANNULLATO}

func aperto(s wpti.StatoOrdineWlr) bool { return !slices.Contains(statiFinali, s) }

// Descrizioni delle causali KO (tabella causali-ko).
var descrizioneKo = map[wpti.CausaleKo]string{
	"KO01": "Formato errato o campo obbligatorio mancante",
	"KO02": "DN non presente sulla rete ospitante",
	"KO03": "Codice fiscale / partita IVA non corrispondente all'intestatario",
	"KO04": "Centrale chiusa al WLR",
	"KO05": "Ordine gia' aperto sul DN",
	"KO06": "Codice migrazione o codice segreto errato",
	"KO07": "DAC non valida",
	"KO08": "Servizio supplementare incompatibile",
	"KO09": "Rinuncia del cliente",
	"KO10": "Impossibilita' tecnica",
}

// classeSla gives the SLA class of an order and its target in working days.
func classeSla(r *wpti.RichiestaOrdineWlr, linea *wpti.LineaWlr) (wpti.ClasseSla, int) {
	switch {
	case (r.TipoAccesso == wpti.TipoAccessoISDNPRA || r.TipoAccesso == wpti.TipoAccessoGNR) && r.Tipo != wpti.TipoOrdineWlrCESSAZIONE:
		return wpti.ClasseSlaCOMPLESSO, 45
	case r.Tipo == wpti.TipoOrdineWlrVARIAZIONE && linea != nil && linea.Categoria != r.Categoria:
		return wpti.ClasseSlaCAMBIOCATEGORIA, 15
	case r.Tipo == wpti.TipoOrdineWlrTRASLOCO || r.Tipo == wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA:
		return wpti.ClasseSlaNONSTANDARD, 8
	default:
		return wpti.ClasseSlaSTANDARD, 6
	}
}

func date(t time.Time) openapi_types.Date {
	t = t.In(italia.Roma())
	return openapi_types.Date{Time: time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}
}

// alle returns the instant at hh:mm (Rome) of the given date.
func alle(d openapi_types.Date, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, italia.Roma())
}

func giornoRoma(t time.Time) time.Time {
	t = t.In(italia.Roma())
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, italia.Roma())
}

// prossimoLavorativo returns 09:00 of the first working day after t's day.
func prossimoLavorativo(t time.Time, hh int) time.Time {
	d := italia.AggiungiGiorniLavorativi(giornoRoma(t), 1)
	return time.Date(d.Year(), d.Month(), d.Day(), hh, 0, 0, 0, italia.Roma())
}

func hashBody(v any) string {
	b, _ := json.Marshal(v)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// dnOrdine is the DN that test values and KO checks look at: dn, or the first of dnList.
func dnOrdine(r *wpti.RichiestaOrdineWlr) string {
	if r.Dn != nil {
		return *r.Dn
	}
	if r.DnList != nil && len(*r.DnList) > 0 {
		return (*r.DnList)[0]
	}
	return ""
}

// CreaOrdineWlr places an order. Idempotent on codiceOrdineOlo: the same body again returns
// the same order (replay=true), a different body with the same code is 409.
func (w *World) CreaOrdineWlr(opID string, r wpti.RichiestaOrdineWlr) (o wpti.OrdineWlr, replay bool, err error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return o, false, err
	}
	return w.creaOrdine(t, r, w.now())
}

func (w *World) creaOrdine(t *tenant, r wpti.RichiestaOrdineWlr, now time.Time) (wpti.OrdineWlr, bool, error) {
	h := hashBody(r)
	if id, ok := t.perOlo[r.CodiceOrdineOlo]; ok {
		prev := t.ordini[id]
		if prev.hash != h {
			return wpti.OrdineWlr{}, false, conflitto("CONFLITTO", "codiceOrdineOlo %s gia' usato per l'ordine %s con dati diversi", r.CodiceOrdineOlo, id)
		}
		return prev.OrdineWlr, true, nil
	}
	if err := validaOrdine(&r); err != nil {
		return wpti.OrdineWlr{}, false, err
	}
	if err := w.regoleSincrone(t, &r, now); err != nil {
		return wpti.OrdineWlr{}, false, err
	}
	dn := dnOrdine(&r)
	linea := t.linee[dn]
	classe, _ := classeSla(&r, linea)
	id := fmt.Sprintf("ORD-%s-%06X", now.Format("20060102"), w.ids.nextN())
	if e, ok := w.ids.esempio("ORD", now.Format("20060102")); ok {
		id = e // the contract's example order, while the demo OLO is generated
	}
	servizi := []wpti.ServizioSupplementare{}
	if r.ServiziSupplementari != nil {
		servizi = slices.Clone(*r.ServiziSupplementari)
	}
	o := &ordine{hash: h, richiesta: r}
	o.OrdineWlr = wpti.OrdineWlr{
		Categoria: r.Categoria, ClasseSla: &classe, Cliente: r.Cliente, CodiceMigrazione: r.CodiceMigrazione,
		CodiceOrdineOlo: r.CodiceOrdineOlo, CodiceOrdineRo: id, Dac: r.Dac, DataCreazione: now, DataUltimoAggiornamento: now,
		Dn: r.Dn, DnList: r.DnList, Nota: r.Nota, Sede: r.Sede, ServiziSupplementari: servizi, Stato: wpti.StatoOrdineWlrINVIATO,
		Tipo: r.Tipo, TipoAccesso: r.TipoAccesso,
	}
	o.storico = []wpti.TransizioneOrdineWlr{{A: wpti.StatoOrdineWlrINVIATO, Timestamp: now, Nota: ptr("Ordine ricevuto dalla rete ospitante")}}
	o.piano = w.pianifica(t, o, now)
	t.ordini[id] = o
	t.ordiniID = append(t.ordiniID, id)
	t.perOlo[r.CodiceOrdineOlo] = id
	w.events.push(evento{at: o.piano[0].at, opID: t.op.OpID, tipo: evOrdine, id: id})
	w.documento(t, wpti.TipoDocumentoCONFERMAORDINE, id, now)
	return o.OrdineWlr, false, nil
}

// validaOrdine holds the synchronous rules (422): what the contract cannot express. A
// missing field that only the combination of fields makes mandatory is KO01, a wrong check
// character REGOLA_VIOLATA. The rest is checked by the host network asynchronously and
// ends in KO_FORMALE.
func validaOrdine(r *wpti.RichiestaOrdineWlr) error {
	ko01 := func(campo, msg string, a ...any) error {
		m := fmt.Sprintf(msg, a...)
		return &Errore{Status: 422, Codice: "KO01", Messaggio: m, Campi: []ErroreCampo{{Campo: campo, Messaggio: m}}}
	}
	if r.Dn == nil && r.Tipo != wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA {
		return ko01("body.dn", "serve dn per un ordine %s (solo per ATTIVAZIONE_LINEA_NUOVA lo assegna la rete)", r.Tipo)
	}
	if r.Dn != nil && r.DnList != nil && slices.Contains(*r.DnList, *r.Dn) {
		return regola("body.dnList", "dnList elenca i numeri aggiuntivi della linea: non ripete dn %s", *r.Dn)
	}
	for _, dn := range append(optList(r.DnList), deref(r.Dn)) {
		if dn == "" {
			continue
		}
		if !strings.HasPrefix(dn, "0") {
			return regola("body.dn", "il WLR riguarda solo numeri geografici (0...), non %s", dn)
		}
		if err := italia.ValidaDN(dn); err != nil {
			return regola("body.dn", "%v", err)
		}
	}
	c := r.Cliente
	if (c.Nominativo == nil) == (c.RagioneSociale == nil) {
		return ko01("body.cliente", "indicare nominativo (persona) oppure ragioneSociale (azienda)")
	}
	if c.CodiceFiscale == nil && c.PartitaIva == nil {
		return ko01("body.cliente.codiceFiscale", "serve codiceFiscale oppure partitaIva")
	}
	if c.CodiceFiscale != nil {
		if err := italia.ValidaCodiceFiscale(*c.CodiceFiscale); err != nil {
			return regola("body.cliente.codiceFiscale", "%v", err)
		}
	}
	if c.PartitaIva != nil {
		if err := italia.ValidaPartitaIva(*c.PartitaIva); err != nil {
			return regola("body.cliente.partitaIva", "%v", err)
		}
	}
	if r.Tipo == wpti.TipoOrdineWlrMIGRAZIONE && r.CodiceMigrazione == nil {
		return ko01("body.codiceMigrazione", "un ordine di MIGRAZIONE richiede codiceMigrazione")
	}
	if r.CodiceMigrazione != nil {
		if _, err := italia.ParseCodiceMigrazione(*r.CodiceMigrazione); err != nil {
			return regola("body.codiceMigrazione", "%v", err)
		}
	}
	if (r.Tipo == wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA || r.Tipo == wpti.TipoOrdineWlrTRASLOCO) && r.Sede == nil {
		return ko01("body.sede", "serve la sede di installazione per %s", r.Tipo)
	}
	// A geographic number belongs to its telephone district: a move keeps it only within.
	if r.Tipo == wpti.TipoOrdineWlrTRASLOCO && r.Dn != nil {
		if pref, ok := italia.Prefisso(*r.Dn); ok {
			if c, ok := comuneDiSede(*r.Sede); ok && c.Prefisso != pref {
				return regola("body.sede", "il numero %s e' del distretto %s e %s e' nel distretto %s: fuori distretto il numero non si trasloca (ATTIVAZIONE_LINEA_NUOVA nella nuova sede e CESSAZIONE)", *r.Dn, pref, c.Nome, c.Prefisso)
			}
		}
	}
	return nil
}

// comuneDiSede finds an address's comune: by its ISTAT code, else by name and province.
func comuneDiSede(s wpti.Indirizzo) (italia.Comune, bool) {
	if c, ok := italia.ComuneDaIstat(deref(s.CodiceIstatComune)); ok {
		return c, true
	}
	for _, c := range italia.Comuni() {
		if strings.EqualFold(c.Nome, s.Comune) && c.Provincia == string(s.Provincia) {
			return c, true
		}
	}
	return italia.Comune{}, false
}

// dnDi lists every number an order or request names: dn first, then dnList.
func dnDi(dn *string, list *[]string) []string {
	var out []string
	if dn != nil {
		out = append(out, *dn)
	}
	return append(out, optList(list)...)
}

func optList(p *[]string) []string {
	if p == nil {
		return nil
	}
	return *p
}

// pianifica computes an order's future: the KO checks of the host network at ACQUISITO,
// then acceptance, work and completion on the DAC, in working days. Documented test values
// (fixtures/valori-test.yaml) force their outcome.
func (w *World) pianifica(t *tenant, o *ordine, t0 time.Time) []passo {
	r := &o.richiesta
	p := []passo{{at: t0.Add(2 * time.Minute), a: wpti.StatoOrdineWlrACQUISITO}}
	esito := w.esitoTest(r)
	if esito == nil {
		esito = w.verificaFormale(t, r, t0)
	}
	tCheck := t0.Add(15 * time.Minute)
	if esito != nil && esito.Esito == "KO_FORMALE" {
		c := wpti.CausaleKo(esito.Causale)
		nota := descrizioneKo[c]
		if esito.Nota != "" && esito.Ambito == "" { // a reason of the formal check, not a test value
			nota += ": " + esito.Nota
		}
		return append(p, passo{at: tCheck, a: wpti.StatoOrdineWlrKOFORMALE, causale: &c, nota: nota})
	}
	p = append(p, passo{at: tCheck, a: wpti.StatoOrdineWlrACCETTATO})
	lav := prossimoLavorativo(tCheck, 9)
	p = append(p, passo{at: lav, a: wpti.StatoOrdineWlrINLAVORAZIONE})
	if esito != nil && esito.Esito == "KO_TECNICO" {
		c := wpti.CausaleKo(esito.Causale)
		return append(p, passo{at: lav.Add(4 * time.Hour), a: wpti.StatoOrdineWlrKOTECNICO, causale: &c, nota: descrizioneKo[c]})
	}
	if esito != nil && esito.Esito == "ESPLETATO" {
		// the test value that completes after a day SOSPESO
		p = append(p, passo{at: lav.Add(2 * time.Hour), a: wpti.StatoOrdineWlrSOSPESO, nota: "Cliente non presente all'appuntamento tecnico"})
		lav = prossimoLavorativo(lav, 9)
		p = append(p, passo{at: lav, a: wpti.StatoOrdineWlrINLAVORAZIONE, nota: "Nuovo appuntamento fissato"})
	}
	p = append(p, passo{at: w.momentoEspletamento(o.Dac, lav), a: wpti.StatoOrdineWlrESPLETATO})
	return p
}

// momentoEspletamento is 12:00 of the DAC, or of the working day after the work started
// when the DAC has already passed.
func (w *World) momentoEspletamento(dac openapi_types.Date, lav time.Time) time.Time {
	at := alle(dac, 12, 0)
	if !at.After(lav) {
		at = prossimoLavorativo(lav, 12)
	}
	return at
}

// esitoTest returns the documented test value that matches the order, if any.
func (w *World) esitoTest(r *wpti.RichiestaOrdineWlr) *ValoreTest {
	dn := dnOrdine(r)
	for i := range w.fx.ValoriTest {
		v := &w.fx.ValoriTest[i]
		if v.Ambito != "creaOrdineWlr" {
			continue
		}
		switch {
		case v.Suffisso != "" && strings.HasSuffix(dn, v.Suffisso):
			return v
		case v.Cos != "" && r.CodiceMigrazione != nil:
			if cm, err := italia.ParseCodiceMigrazione(*r.CodiceMigrazione); err == nil && cm.COS == v.Cos {
				return v
			}
		}
	}
	return nil
}

// dacValida: a working day, at least 5 working days after the order, at most 90 days ahead.
func dacValida(dac openapi_types.Date, now time.Time) bool {
	at := alle(dac, 12, 0)
	return italia.GiornoLavorativo(at) && !at.Before(italia.AggiungiGiorniLavorativi(giornoRoma(now), 5)) && entro90Giorni(dac, now)
}

// entro90Giorni compares calendar days (Rome): a DAC exactly 90 days after today is
// valid at any hour of today.
func entro90Giorni(dac openapi_types.Date, now time.Time) bool {
	return !dac.After(date(giornoRoma(now).AddDate(0, 0, 90)).Time)
}

// regoleSincrone are the refusals the contract gives at once (422): a DAC out of the rules
// (KO07) and another open order of this OLO on the same DN (KO05).
func (w *World) regoleSincrone(t *tenant, r *wpti.RichiestaOrdineWlr, now time.Time) error {
	if !dacValida(r.Dac, now) {
		return &Errore{Status: 422, Codice: "KO07", Messaggio: "DAC non valida: serve un giorno lavorativo tra 5 giorni lavorativi e 90 giorni dall'invio", Campi: []ErroreCampo{{Campo: "body.dac", Messaggio: "DAC non valida"}}}
	}
	dns := dnDi(r.Dn, r.DnList)
	for _, id := range t.ordiniID {
		o := t.ordini[id]
		if !aperto(o.Stato) {
			continue
		}
		for _, dn := range dns {
			if slices.Contains(dnDi(o.Dn, o.DnList), dn) {
				return &Errore{Status: 422, Codice: "KO05", Messaggio: fmt.Sprintf("ordine %s gia' aperto sul DN %s", id, dn), Campi: []ErroreCampo{{Campo: "body.dn", Messaggio: "ordine gia' aperto sul DN"}}}
			}
		}
	}
	return nil
}

// verificaFormale is the host network's formal check of an order without a test value.
func (w *World) verificaFormale(t *tenant, r *wpti.RichiestaOrdineWlr, now time.Time) *ValoreTest {
	ko := func(c string) *ValoreTest { return &ValoreTest{Esito: "KO_FORMALE", Causale: c} }
	dn := dnOrdine(r)
	linea := t.lineaDi(dn)
	switch r.Tipo {
	case wpti.TipoOrdineWlrVARIAZIONE, wpti.TipoOrdineWlrCESSAZIONE, wpti.TipoOrdineWlrTRASLOCO, wpti.TipoOrdineWlrSUBENTRO:
		if linea == nil || linea.Stato == wpti.StatoLineaCESSATA {
			return ko("KO02")
		}
		if r.Tipo != wpti.TipoOrdineWlrSUBENTRO && !stessoIntestatario(linea.Cliente, r.Cliente) {
			return ko("KO03")
		}
	case wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA, wpti.TipoOrdineWlrMIGRAZIONE:
		if linea != nil && linea.Stato != wpti.StatoLineaCESSATA {
			return ko("KO05")
		}
		// A number another OLO serves moves only by MIGRAZIONE (with its codice).
		ot, _ := w.altroTitolare(t, dn)
		if ot != nil && r.Tipo != wpti.TipoOrdineWlrMIGRAZIONE {
			return &ValoreTest{Esito: "KO_FORMALE", Causale: "KO03", Nota: "il DN e' attivo presso un altro operatore: serve un ordine di MIGRAZIONE con il codice di migrazione"}
		}
		if r.Tipo == wpti.TipoOrdineWlrMIGRAZIONE {
			// The codice migrazione names the resource it moves (COR): it must be this DN,
			// and the DN must be served by another OLO to migrate from.
			cm, err := italia.ParseCodiceMigrazione(deref(r.CodiceMigrazione))
			if err != nil || cm.COR != dn {
				return &ValoreTest{Esito: "KO_FORMALE", Causale: "KO06", Nota: "il codice di migrazione non si riferisce al DN dell'ordine"}
			}
			// COW names the donating operator. When it is an OLO of this sandbox, that OLO
			// must serve the DN; an operator outside the sandbox is taken at its word.
			for _, op := range w.fx.Operatori {
				if op.Cow == cm.COW && (ot == nil || ot.op.OpID != op.OpID) {
					return &ValoreTest{Esito: "KO_FORMALE", Causale: "KO06", Nota: "l'operatore " + op.Cow + " del codice di migrazione non serve questo DN"}
				}
			}
		}
	}
	// The host network sees every OLO's orders: one open order per DN in the whole network.
	if w.ordineApertoAltrove(t, dn) {
		return ko("KO05")
	}
	// KO08: CLIR and NUMERO_RISERVATO together are incompatible.
	if r.ServiziSupplementari != nil {
		s := *r.ServiziSupplementari
		if slices.Contains(s, wpti.ServizioSupplementareCLIR) && slices.Contains(s, wpti.ServizioSupplementareNUMERORISERVATO) {
			return ko("KO08")
		}
	}
	return nil
}

// altroTitolare returns the other OLO (and its line) that serves dn now, if any.
func (w *World) altroTitolare(t *tenant, dn string) (*tenant, *wpti.LineaWlr) {
	for _, id := range w.order {
		ot := w.tenants[id]
		if ot == nil || ot == t {
			continue
		}
		if l := ot.lineaDi(dn); l != nil && l.Stato != wpti.StatoLineaCESSATA {
			return ot, l
		}
	}
	return nil, nil
}

// ordineApertoAltrove says whether another OLO has an open order on dn.
func (w *World) ordineApertoAltrove(t *tenant, dn string) bool {
	for _, id := range w.order {
		ot := w.tenants[id]
		if ot == nil || ot == t {
			continue
		}
		for _, oid := range ot.ordiniID {
			o := ot.ordini[oid]
			if aperto(o.Stato) && (deref(o.Dn) == dn || slices.Contains(optList(o.DnList), dn)) {
				return true
			}
		}
	}
	return false
}

func stessoIntestatario(a, b wpti.ClienteWlr) bool {
	if a.CodiceFiscale != nil && b.CodiceFiscale != nil {
		return *a.CodiceFiscale == *b.CodiceFiscale
	}
	if a.PartitaIva != nil && b.PartitaIva != nil {
		return *a.PartitaIva == *b.PartitaIva
	}
	return false
}

// avanzaOrdine applies the next planned step of an order, due at at, and schedules the
// one after. An event whose step has moved (a rescheduled DAC pushes a new event and
// leaves the old one in the queue) or gone (a cancelled order) is stale and does nothing.
func (w *World) avanzaOrdine(t *tenant, id string, at time.Time) {
	o := t.ordini[id]
	if o == nil || len(o.piano) == 0 || !o.piano[0].at.Equal(at) {
		return
	}
	s := o.piano[0]
	o.piano = o.piano[1:]
	w.transizione(t, o, s.a, s.causale, s.nota, s.at)
	if len(o.piano) > 0 {
		w.events.push(evento{at: o.piano[0].at, opID: t.op.OpID, tipo: evOrdine, id: id})
	}
}

func (w *World) transizione(t *tenant, o *ordine, a wpti.StatoOrdineWlr, causale *wpti.CausaleKo, nota string, at time.Time) {
	da := o.Stato
	o.Stato = a
	o.DataUltimoAggiornamento = at
	tr := wpti.TransizioneOrdineWlr{Da: &da, A: a, Timestamp: at, Causale: causale}
	if nota != "" {
		tr.Nota = ptr(nota)
	}
	o.storico = append(o.storico, tr)
	if causale != nil {
		o.CausaleKo = causale
		o.DescrizioneKo = ptr(descrizioneKo[*causale])
	}
	switch a {
	case wpti.StatoOrdineWlrACCETTATO:
		if o.Dn == nil {
			o.Dn = ptr(w.assegnaDN(t, o))
		}
	case wpti.StatoOrdineWlrESPLETATO:
		d := date(at)
		o.DataEspletamento = &d
		w.espleta(t, o, at)
		w.documento(t, wpti.TipoDocumentoVERBALEESPLETAMENTO, o.CodiceOrdineRo, at)
	case wpti.StatoOrdineWlrKOFORMALE, wpti.StatoOrdineWlrKOTECNICO:
		w.documento(t, wpti.TipoDocumentoNOTIFICAKO, o.CodiceOrdineRo, at)
	}
}

// espleta applies a completed order to its line (dn, with the additional numbers of
// dnList): activations create the line, a cessation ceases it, a change updates it.
func (w *World) espleta(t *tenant, o *ordine, at time.Time) {
	dn := deref(o.Dn)
	l := t.lineaDi(dn)
	switch o.Tipo {
	case wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA, wpti.TipoOrdineWlrMIGRAZIONE:
		nl := &wpti.LineaWlr{
			Categoria: o.Categoria, Centrale: centraleDi(dn), Cliente: o.Cliente, CodiceMigrazione: o.CodiceMigrazione,
			DataAttivazione: date(at), Dn: dn, Sede: o.Sede, ServiziSupplementari: slices.Clone(o.ServiziSupplementari),
			Stato: wpti.StatoLineaATTIVA, TipoAccesso: o.TipoAccesso, UltimoOrdine: ptr(o.CodiceOrdineRo),
		}
		if o.DnList != nil {
			nl.DnList = ptr(slices.Clone(*o.DnList))
		}
		t.linee[dn] = nl
		for _, x := range dnDi(o.Dn, o.DnList) {
			delete(t.portatiVia, x) // a number that had left comes back as a new line
		}
		if ot, ol := w.altroTitolare(t, dn); ot != nil && o.Tipo == wpti.TipoOrdineWlrMIGRAZIONE {
			// The donating OLO loses the line the moment the migration completes.
			d := date(at)
			ol.Stato, ol.DataCessazione = wpti.StatoLineaCESSATA, &d
		}
	case wpti.TipoOrdineWlrCESSAZIONE:
		if l != nil {
			l.Stato = wpti.StatoLineaCESSATA
			d := date(at)
			l.DataCessazione = &d
			l.UltimoOrdine = ptr(o.CodiceOrdineRo)
		}
	case wpti.TipoOrdineWlrVARIAZIONE:
		if l != nil {
			l.Categoria = o.Categoria
			l.ServiziSupplementari = slices.Clone(o.ServiziSupplementari)
			l.UltimoOrdine = ptr(o.CodiceOrdineRo)
		}
	case wpti.TipoOrdineWlrSUBENTRO:
		if l != nil {
			l.Cliente = o.Cliente
			l.UltimoOrdine = ptr(o.CodiceOrdineRo)
		}
	case wpti.TipoOrdineWlrTRASLOCO:
		if l != nil {
			l.Sede = o.Sede
			l.UltimoOrdine = ptr(o.CodiceOrdineRo)
		}
	}
}

// assegnaDN picks the number of a new line (ATTIVAZIONE_LINEA_NUOVA without dn): a free
// geographic number of the district of the installation address, the same for the same
// order and seed.
func (w *World) assegnaDN(t *tenant, o *ordine) string {
	pref := "06"
	if o.Sede != nil {
		if c, ok := comuneDiSede(*o.Sede); ok {
			pref = c.Prefisso
		}
	}
	g := w.gen("dn-assegnato", t.op.OpID, o.CodiceOrdineRo)
	for {
		dn := g.DNGeografico(pref)
		if t.lineaDi(dn) == nil && !w.suffissoRiservato(dn) && !t.dnInOrdine(dn) {
			return dn
		}
	}
}

// dnInOrdine says whether any order of the tenant names the number.
func (t *tenant) dnInOrdine(dn string) bool {
	for _, id := range t.ordiniID {
		if o := t.ordini[id]; slices.Contains(dnDi(o.Dn, o.DnList), dn) {
			return true
		}
	}
	return false
}

// centraleDi names the exchange serving a DN: the district's town and a code.
func centraleDi(dn string) wpti.Centrale {
	pref, _ := italia.Prefisso(dn)
	nome := pref
	if d, ok := italia.DistrettoDaPrefisso(pref); ok {
		nome = d.Nome
	}
	prov := wpti.ProvinciaRM
	comune := nome
	found := false
	for _, c := range italia.Comuni() {
		if c.Prefisso == pref && (!found || c.Nome == nome) {
			prov, comune, found = wpti.Provincia(c.Provincia), c.Nome, true
		}
	}
	n := 0
	for _, ch := range dn {
		n = n*31 + int(ch)
	}
	if n < 0 {
		n = -n
	}
	sigle := []string{"CENTRO", "NORD", "SUD", "EST", "OVEST"}
	s := sigle[n%len(sigle)]
	return wpti.Centrale{Codice: fmt.Sprintf("%s%s%02d", strings.ToUpper(string(prov)), s[:2], n%90+10), Comune: comune, Nome: fmt.Sprintf("%s %s", nome, s), Provincia: prov}
}

func (w *World) trovaOrdine(t *tenant, id string) (*ordine, error) {
	o, ok := t.ordini[id]
	if !ok {
		return nil, nonTrovato("Ordine", id)
	}
	return o, nil
}

// LeggiOrdineWlr returns one order of the caller.
func (w *World) LeggiOrdineWlr(opID, id string) (wpti.OrdineWlr, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	o, err := w.trovaOrdine(t, id)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	return o.OrdineWlr, nil
}

// LeggiStoricoOrdineWlr returns an order's transitions, oldest first.
func (w *World) LeggiStoricoOrdineWlr(opID, id string, p wpti.LeggiStoricoOrdineWlrParams) (wpti.ListaTransizioniOrdineWlr, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaTransizioniOrdineWlr{}, err
	}
	o, err := w.trovaOrdine(t, id)
	if err != nil {
		return wpti.ListaTransizioniOrdineWlr{}, err
	}
	items, pg, pp, tot := page(slices.Clone(o.storico), p.Pagina, p.PerPagina)
	return wpti.ListaTransizioniOrdineWlr{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// ElencaOrdiniWlr lists the caller's orders with filters, sorted and paged.
func (w *World) ElencaOrdiniWlr(opID string, p wpti.ElencaOrdiniWlrParams) (wpti.ListaOrdiniWlr, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaOrdiniWlr{}, err
	}
	if p.Dal != nil && p.Al != nil && p.Al.Before(p.Dal.Time) {
		return wpti.ListaOrdiniWlr{}, validazione("query.al", "al precede dal")
	}
	// Sort and page pointers; copy only the page (orders are large structs).
	var out []*wpti.OrdineWlr
	for _, id := range t.ordiniID {
		o := t.ordini[id]
		if p.Stato != nil && len(*p.Stato) > 0 && !slices.Contains(*p.Stato, o.Stato) {
			continue
		}
		if p.Tipo != nil && len(*p.Tipo) > 0 && !slices.Contains(*p.Tipo, o.Tipo) {
			continue
		}
		if p.Dn != nil && deref(o.Dn) != *p.Dn && !slices.Contains(optList(o.DnList), *p.Dn) {
			continue
		}
		if p.CodiceOrdineOlo != nil && o.CodiceOrdineOlo != *p.CodiceOrdineOlo {
			continue
		}
		if !inGiorni(o.DataCreazione, p.Dal, p.Al) {
			continue
		}
		out = append(out, &o.OrdineWlr)
	}
	ord := "-dataCreazione"
	if p.Ordinamento != nil {
		ord = string(*p.Ordinamento)
	}
	if strings.HasPrefix(ord, "-") {
		slices.Reverse(out) // creation order reversed: the default needs no sort
	}
	sortOrdini(out, ord)
	ptrs, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	items := make([]wpti.OrdineWlr, len(ptrs))
	for i, o := range ptrs {
		items[i] = *o
	}
	return wpti.ListaOrdiniWlr{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func sortOrdini(v []*wpti.OrdineWlr, ord string) {
	desc := strings.HasPrefix(ord, "-")
	key := strings.TrimPrefix(strings.TrimPrefix(ord, "-"), "+")
	cmpOrd := func(a, b *wpti.OrdineWlr) int {
		var c int
		switch key {
		case "dac":
			c = a.Dac.Compare(b.Dac.Time)
		case "dataUltimoAggiornamento":
			c = a.DataUltimoAggiornamento.Compare(b.DataUltimoAggiornamento)
		default:
			c = a.DataCreazione.Compare(b.DataCreazione)
		}
		if c == 0 {
			c = cmp.Compare(a.CodiceOrdineRo, b.CodiceOrdineRo)
		}
		if desc {
			return -c
		}
		return c
	}
	// Orders are kept in creation order: the default listing is usually sorted already.
	if !slices.IsSortedFunc(v, cmpOrd) {
		slices.SortStableFunc(v, cmpOrd)
	}
}

// inGiorni says whether an instant falls on or between two dates (both included, Rome).
func inGiorni(ts time.Time, dal, al *openapi_types.Date) bool {
	if dal == nil && al == nil {
		return true
	}
	d := date(ts)
	if dal != nil && d.Before(dal.Time) {
		return false
	}
	if al != nil && d.After(al.Time) {
		return false
	}
	return true
}

// AnnullaOrdineWlr cancels an order that is not final yet; a final one is 409.
func (w *World) AnnullaOrdineWlr(opID, id string, r wpti.RichiestaAnnullamentoOrdineWlr) (wpti.OrdineWlr, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	o, err := w.trovaOrdine(t, id)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	if !aperto(o.Stato) {
		return wpti.OrdineWlr{}, conflitto("", "l'ordine %s e' %s: non si puo' annullare", id, o.Stato)
	}
	o.piano = nil
	w.transizione(t, o, wpti.StatoOrdineWlrANNULLATO, nil, "Annullato dall'OLO: "+r.Motivo, w.now())
	return o.OrdineWlr, nil
}

// RimodulaDacOrdineWlr moves the DAC of an order still in progress.
func (w *World) RimodulaDacOrdineWlr(opID, id string, r wpti.RichiestaRimodulazioneDac) (wpti.OrdineWlr, error) {
	defer w.lock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	o, err := w.trovaOrdine(t, id)
	if err != nil {
		return wpti.OrdineWlr{}, err
	}
	switch o.Stato {
	case wpti.StatoOrdineWlrACCETTATO, wpti.StatoOrdineWlrINLAVORAZIONE, wpti.StatoOrdineWlrSOSPESO, wpti.StatoOrdineWlrACQUISITO, wpti.StatoOrdineWlrINVIATO:
	default:
		return wpti.OrdineWlr{}, conflitto("", "l'ordine %s e' %s: la DAC non si puo' rimodulare", id, o.Stato)
	}
	now := w.now()
	nuova := alle(r.Dac, 12, 0)
	if !italia.GiornoLavorativo(nuova) || nuova.Before(italia.AggiungiGiorniLavorativi(giornoRoma(now), 1)) || !entro90Giorni(r.Dac, now) || r.Dac.Equal(o.Dac.Time) {
		return wpti.OrdineWlr{}, &Errore{Status: 422, Codice: "KO07", Messaggio: "DAC non valida: serve un giorno lavorativo diverso dall'attuale, dal prossimo giorno lavorativo a 90 giorni", Campi: []ErroreCampo{{Campo: "body.dac", Messaggio: "DAC non valida"}}}
	}
	if o.DacOriginale == nil {
		d := o.Dac
		o.DacOriginale = &d
	}
	o.Dac = r.Dac
	o.DataUltimoAggiornamento = now
	nota := "DAC rimodulata al " + r.Dac.Format("2006-01-02")
	if r.Motivo != nil {
		nota += ": " + *r.Motivo
	}
	o.storico = append(o.storico, wpti.TransizioneOrdineWlr{Da: ptr(o.Stato), A: o.Stato, Timestamp: now, Nota: &nota})
	for i := range o.piano {
		if o.piano[i].a == wpti.StatoOrdineWlrESPLETATO {
			lav := now
			if i > 0 {
				lav = o.piano[i-1].at
			}
			o.piano[i].at = w.momentoEspletamento(r.Dac, lav)
			if i == 0 {
				w.events.push(evento{at: o.piano[0].at, opID: t.op.OpID, tipo: evOrdine, id: id})
			}
		}
	}
	return o.OrdineWlr, nil
}

// ElencaLineeWlr lists the caller's lines.
func (w *World) ElencaLineeWlr(opID string, p wpti.ElencaLineeWlrParams) (wpti.ListaLineeWlr, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaLineeWlr{}, err
	}
	var out []wpti.LineaWlr
	for _, l := range t.lineeOrdinate() {
		if t.portatiVia[l.Dn] {
			continue // ported out: no longer this OLO's line
		}
		if p.Stato != nil && len(*p.Stato) > 0 && !slices.Contains(*p.Stato, l.Stato) {
			continue
		}
		if p.TipoAccesso != nil && len(*p.TipoAccesso) > 0 && !slices.Contains(*p.TipoAccesso, l.TipoAccesso) {
			continue
		}
		if p.Categoria != nil && l.Categoria != *p.Categoria {
			continue
		}
		if p.Dn != nil && !slices.Contains(dnDi(&l.Dn, l.DnList), *p.Dn) {
			continue
		}
		out = append(out, *l)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaLineeWlr{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// LeggiLineaWlr returns the caller's line with this number (main or additional); a number
// that was ported out is no longer the caller's (404).
func (w *World) LeggiLineaWlr(opID, dn string) (wpti.LineaWlr, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.LineaWlr{}, err
	}
	l := t.lineaDi(dn)
	if l == nil || t.portatiVia[l.Dn] {
		return wpti.LineaWlr{}, nonTrovato("Linea", dn)
	}
	return *l, nil
}

// hashIf hashes a request body only when an Idempotency-Key comes with it: without one
// there is nothing to compare later, and the hash is a JSON encoding per create.
func hashIf(key *string, v any) string {
	if key == nil || *key == "" {
		return ""
	}
	return hashBody(v)
}
