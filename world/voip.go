package world

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
)

// DominioSip is the SIP registrar domain users of the hosted VoIP service register to.
const DominioSip = "voip.rete-ospitante.example"

func (w *World) voipTenant(opID string) (*tenant, error) { return w.tenantOf(opID) }

// ElencaAziende lists the caller's VoIP companies.
func (w *World) ElencaAziende(opID string, p wpti.ElencaAziendeParams) (wpti.ListaAziende, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.ListaAziende{}, err
	}
	var out []wpti.Azienda
	for _, id := range t.aziendeID {
		a := t.aziende[id]
		if p.Stato != nil && len(*p.Stato) > 0 && !slices.Contains(*p.Stato, a.Stato) {
			continue
		}
		if p.PartitaIva != nil && a.PartitaIva != *p.PartitaIva {
			continue
		}
		if p.Q != nil && !strings.Contains(strings.ToLower(a.RagioneSociale), strings.ToLower(*p.Q)) {
			continue
		}
		out = append(out, w.aziendaView(t, a))
	}
	// The contract lists companies by ragione sociale (ties by id, so pages never overlap).
	slices.SortStableFunc(out, func(a, b wpti.Azienda) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.RagioneSociale), strings.ToLower(b.RagioneSociale)), cmp.Compare(a.AziendaId, b.AziendaId))
	})
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaAziende{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func (w *World) aziendaView(t *tenant, a *wpti.Azienda) wpti.Azienda {
	v := *a
	n := 0
	for _, id := range t.ufficiID {
		if t.uffici[id].AziendaId == a.AziendaId {
			n++
		}
	}
	v.NumeroUffici = n
	return v
}

// CreaAzienda adds a VoIP company; its partita IVA must be valid and unique for the OLO.
func (w *World) CreaAzienda(opID string, key *string, r wpti.RichiestaAzienda) (wpti.Azienda, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Azienda{}, err
	}
	h := hashIf(key, r)
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaAzienda", h, now); err != nil || ok {
		if err != nil {
			return wpti.Azienda{}, err
		}
		return e.resp.(wpti.Azienda), nil
	}
	if err := italia.ValidaPartitaIva(r.PartitaIva); err != nil {
		return wpti.Azienda{}, regola("body.partitaIva", "%v", err)
	}
	cf := r.PartitaIva
	if r.CodiceFiscale != nil {
		if err := italia.ValidaCodiceFiscale(*r.CodiceFiscale); err != nil {
			return wpti.Azienda{}, regola("body.codiceFiscale", "%v", err)
		}
		cf = *r.CodiceFiscale
	}
	if err := validaIndirizzo("body.sedeLegale", r.SedeLegale); err != nil {
		return wpti.Azienda{}, err
	}
	for _, id := range t.perPiva[r.PartitaIva] {
		if a, ok := t.aziende[id]; ok && a.Stato != wpti.StatoAziendaCESSATA {
			return wpti.Azienda{}, conflitto("", "esiste gia' l'azienda %s con partita IVA %s", id, r.PartitaIva)
		}
	}
	a := &wpti.Azienda{
		AziendaId: w.ids.next("AZ"), CodiceFiscale: cf, CodiceSdi: r.CodiceSdi, CreataIl: now, AggiornataIl: now, MaxCanali: r.MaxCanali,
		PartitaIva: r.PartitaIva, Pec: r.Pec, Profilo: r.Profilo, RagioneSociale: r.RagioneSociale, SedeLegale: r.SedeLegale, Stato: wpti.StatoAziendaATTIVA,
	}
	t.aziende[a.AziendaId] = a
	t.aziendeID = append(t.aziendeID, a.AziendaId)
	t.perPiva[a.PartitaIva] = append(t.perPiva[a.PartitaIva], a.AziendaId)
	v := w.aziendaView(t, a)
	t.remember(key, "creaAzienda", h, a.AziendaId, v, now)
	return v, nil
}

// validaIndirizzo checks what the contract cannot: the comune's ISTAT code matches the
// provincia when both are given, and the CAP is consistent with a known comune.
func validaIndirizzo(campo string, ind wpti.Indirizzo) error {
	if ind.CodiceIstatComune != nil {
		if c, ok := italia.ComuneDaIstat(*ind.CodiceIstatComune); ok && c.Provincia != string(ind.Provincia) {
			return regola(campo+".codiceIstatComune", "il comune %s (%s) non e' in provincia di %s", c.Nome, c.CodiceIstat, ind.Provincia)
		}
	}
	return nil
}

func (w *World) trovaAzienda(t *tenant, id string) (*wpti.Azienda, error) {
	a, ok := t.aziende[id]
	if !ok {
		return nil, nonTrovato("Azienda", id)
	}
	return a, nil
}

// LeggiAzienda returns one company.
func (w *World) LeggiAzienda(opID, id string) (wpti.Azienda, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Azienda{}, err
	}
	a, err := w.trovaAzienda(t, id)
	if err != nil {
		return wpti.Azienda{}, err
	}
	return w.aziendaView(t, a), nil
}

// AggiornaAzienda changes a company (merge semantics: absent fields stay).
func (w *World) AggiornaAzienda(opID, id string, r wpti.ModificaAzienda) (wpti.Azienda, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Azienda{}, err
	}
	a, err := w.trovaAzienda(t, id)
	if err != nil {
		return wpti.Azienda{}, err
	}
	if a.Stato == wpti.StatoAziendaCESSATA {
		return wpti.Azienda{}, conflitto("", "l'azienda %s e' CESSATA: non si modifica", id)
	}
	if r.SedeLegale != nil {
		if err := validaIndirizzo("body.sedeLegale", *r.SedeLegale); err != nil {
			return wpti.Azienda{}, err
		}
	}
	if r.MaxCanali != nil {
		for _, uid := range t.utentiID {
			if u := t.utenti[uid]; u.AziendaId == id && u.MaxChiamateContemporanee > *r.MaxCanali {
				return wpti.Azienda{}, regola("body.maxCanali", "l'utente %s ha maxChiamateContemporanee %d: maxCanali non puo' scendere a %d", uid, u.MaxChiamateContemporanee, *r.MaxCanali)
			}
		}
	}
	// Every rule is checked before anything changes: a refused PATCH changes nothing.
	if r.CodiceSdi != nil {
		a.CodiceSdi = r.CodiceSdi
	}
	if r.SedeLegale != nil {
		a.SedeLegale = *r.SedeLegale
	}
	if r.MaxCanali != nil {
		a.MaxCanali = *r.MaxCanali
	}
	if r.Pec != nil {
		a.Pec = *r.Pec
	}
	if r.Profilo != nil {
		a.Profilo = *r.Profilo
	}
	if r.RagioneSociale != nil {
		a.RagioneSociale = *r.RagioneSociale
	}
	// CESSATA is final (checked above); a ceased company keeps its offices and users,
	// which stop calling and can no longer get a new SIP password.
	if r.Stato != nil {
		a.Stato = *r.Stato
	}
	a.AggiornataIl = w.now()
	return w.aziendaView(t, a), nil
}

// EliminaAzienda deletes a company; one that still has offices is 409.
func (w *World) EliminaAzienda(opID, id string) error {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return err
	}
	if _, err := w.trovaAzienda(t, id); err != nil {
		return err
	}
	n := 0
	for _, uid := range t.ufficiID {
		if t.uffici[uid].AziendaId == id {
			n++
		}
	}
	if n > 0 {
		return conflitto("", "l'azienda %s ha ancora %d uffici: eliminarli prima dell'azienda", id, n)
	}
	delete(t.aziende, id)
	t.aziendeID = slices.DeleteFunc(t.aziendeID, func(s string) bool { return s == id })
	return nil
}

func (w *World) ufficioView(t *tenant, u *wpti.Ufficio) wpti.Ufficio {
	v := *u
	n := 0
	for _, nu := range t.numerazioni[u.UfficioId] {
		n += nu.Quantita
	}
	v.NumeroNumerazioni = n
	k := 0
	for _, id := range t.utentiID {
		if t.utenti[id].UfficioId == u.UfficioId {
			k++
		}
	}
	v.NumeroUtenti = k
	return v
}

// ElencaUffici lists the offices of a company.
func (w *World) ElencaUffici(opID, aziendaID string, p wpti.ElencaUfficiParams) (wpti.ListaUffici, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.ListaUffici{}, err
	}
	if _, err := w.trovaAzienda(t, aziendaID); err != nil {
		return wpti.ListaUffici{}, err
	}
	var out []wpti.Ufficio
	for _, id := range t.ufficiID {
		if u := t.uffici[id]; u.AziendaId == aziendaID {
			out = append(out, w.ufficioView(t, u))
		}
	}
	// The contract lists offices by name (unique in the company; ties by id).
	slices.SortStableFunc(out, func(a, b wpti.Ufficio) int {
		return cmp.Or(cmp.Compare(strings.ToLower(a.Nome), strings.ToLower(b.Nome)), cmp.Compare(a.UfficioId, b.UfficioId))
	})
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaUffici{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func nomeDistretto(pref string) string {
	if d, ok := italia.DistrettoDaPrefisso(pref); ok {
		return d.Nome
	}
	return pref
}

// CreaUfficio adds an office; its address is the emergency location for 112 calls and must
// be complete, its prefix a real district.
func (w *World) CreaUfficio(opID, aziendaID string, key *string, r wpti.RichiestaUfficio) (wpti.Ufficio, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	a, err := w.trovaAzienda(t, aziendaID)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	h := hashIf(key, struct {
		A string
		R wpti.RichiestaUfficio
	}{aziendaID, r})
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaUfficio", h, now); err != nil || ok {
		if err != nil {
			return wpti.Ufficio{}, err
		}
		return e.resp.(wpti.Ufficio), nil
	}
	if a.Stato == wpti.StatoAziendaCESSATA {
		return wpti.Ufficio{}, conflitto("", "l'azienda %s e' CESSATA: non si aggiungono uffici", aziendaID)
	}
	if err := t.nomeUfficioLibero(aziendaID, "", r.Nome); err != nil {
		return wpti.Ufficio{}, err
	}
	if _, ok := italia.DistrettoDaPrefisso(r.Prefisso); !ok {
		return wpti.Ufficio{}, regola("body.prefisso", "%s non e' un prefisso di distretto italiano", r.Prefisso)
	}
	if err := validaIndirizzo("body.indirizzo", r.Indirizzo); err != nil {
		return wpti.Ufficio{}, err
	}
	u := &wpti.Ufficio{AziendaId: aziendaID, CreatoIl: now, Distretto: nomeDistretto(r.Prefisso), Indirizzo: r.Indirizzo, Nome: r.Nome, Prefisso: r.Prefisso, UfficioId: w.ids.next("UF")}
	t.uffici[u.UfficioId] = u
	t.ufficiID = append(t.ufficiID, u.UfficioId)
	v := w.ufficioView(t, u)
	t.remember(key, "creaUfficio", h, u.UfficioId, v, now)
	return v, nil
}

// nomeUfficioLibero: an office name is unique within its company (409), case aside.
func (t *tenant) nomeUfficioLibero(aziendaID, selfID, nome string) error {
	for _, id := range t.ufficiID {
		if u := t.uffici[id]; id != selfID && u.AziendaId == aziendaID && strings.EqualFold(u.Nome, nome) {
			return conflitto("", "l'azienda %s ha gia' l'ufficio %s con nome %q", aziendaID, id, nome)
		}
	}
	return nil
}

func (w *World) trovaUfficio(t *tenant, id string) (*wpti.Ufficio, error) {
	u, ok := t.uffici[id]
	if !ok {
		return nil, nonTrovato("Ufficio", id)
	}
	return u, nil
}

// LeggiUfficio returns one office.
func (w *World) LeggiUfficio(opID, id string) (wpti.Ufficio, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	u, err := w.trovaUfficio(t, id)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	return w.ufficioView(t, u), nil
}

// AggiornaUfficio changes an office; the prefix cannot change while it has numbers.
func (w *World) AggiornaUfficio(opID, id string, r wpti.ModificaUfficio) (wpti.Ufficio, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	u, err := w.trovaUfficio(t, id)
	if err != nil {
		return wpti.Ufficio{}, err
	}
	if r.Prefisso != nil && *r.Prefisso != u.Prefisso {
		if _, ok := italia.DistrettoDaPrefisso(*r.Prefisso); !ok {
			return wpti.Ufficio{}, regola("body.prefisso", "%s non e' un prefisso di distretto italiano", *r.Prefisso)
		}
		// Only geographic numbers are tied to the district; nomadic ones (55...) are not.
		for _, n := range t.numerazioni[id] {
			if n.Tipo == wpti.TipoNumerazioneGEOGRAFICO {
				return wpti.Ufficio{}, conflitto("", "l'ufficio %s ha numeri geografici nel distretto %s: rilasciarli prima di cambiare prefisso", id, u.Prefisso)
			}
		}
	}
	if r.Indirizzo != nil {
		if err := validaIndirizzo("body.indirizzo", *r.Indirizzo); err != nil {
			return wpti.Ufficio{}, err
		}
	}
	if r.Nome != nil {
		if err := t.nomeUfficioLibero(u.AziendaId, id, *r.Nome); err != nil {
			return wpti.Ufficio{}, err
		}
	}
	if r.Prefisso != nil && *r.Prefisso != u.Prefisso {
		u.Prefisso = *r.Prefisso
		u.Distretto = nomeDistretto(u.Prefisso)
	}
	if r.Indirizzo != nil {
		u.Indirizzo = *r.Indirizzo
	}
	if r.Nome != nil {
		u.Nome = *r.Nome
	}
	return w.ufficioView(t, u), nil
}

// EliminaUfficio deletes an office; one with users or numbers is 409.
func (w *World) EliminaUfficio(opID, id string) error {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return err
	}
	u, err := w.trovaUfficio(t, id)
	if err != nil {
		return err
	}
	v := w.ufficioView(t, u)
	if v.NumeroUtenti > 0 || v.NumeroNumerazioni > 0 {
		return conflitto("", "l'ufficio %s ha ancora %d utenti e %d numeri: rimuoverli prima", id, v.NumeroUtenti, v.NumeroNumerazioni)
	}
	delete(t.uffici, id)
	delete(t.numerazioni, id)
	t.ufficiID = slices.DeleteFunc(t.ufficiID, func(s string) bool { return s == id })
	return nil
}

// ElencaNumerazioni lists an office's numbers (single DIDs and ranges).
func (w *World) ElencaNumerazioni(opID, ufficioID string, p wpti.ElencaNumerazioniParams) (wpti.ListaNumerazioni, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.ListaNumerazioni{}, err
	}
	if _, err := w.trovaUfficio(t, ufficioID); err != nil {
		return wpti.ListaNumerazioni{}, err
	}
	var out []wpti.Numerazione
	for _, n := range t.numerazioni[ufficioID] {
		if p.Tipo != nil && n.Tipo != *p.Tipo {
			continue
		}
		out = append(out, *n)
	}
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaNumerazioni{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// numeroIn reports whether dn falls in the range of n (same length, numerically between).
func numeroIn(n *wpti.Numerazione, dn string) bool {
	if len(dn) != len(n.Primo) {
		return false
	}
	return dn >= n.Primo && dn <= n.Ultimo
}

// numerazioneDi finds the office and range holding a DN in the tenant.
func (t *tenant) numerazioneDi(dn string) (string, *wpti.Numerazione) {
	for _, uid := range t.ufficiID {
		for _, n := range t.numerazioni[uid] {
			if numeroIn(n, dn) {
				return uid, n
			}
		}
	}
	return "", nil
}

// maxNumeriIntervallo is the largest range one request may assign (the contract: "al piu'
// 100 numeri").
const maxNumeriIntervallo = 100

// pilotaDi returns the office's pilot number, "" when it has none.
func (t *tenant) pilotaDi(ufficioID string) string {
	for _, n := range t.numerazioni[ufficioID] {
		if n.Pilota {
			return n.Primo
		}
	}
	return ""
}

// CreaNumerazione adds a DID or a range (at most 100 numbers) to an office. A geographic
// number must be in the office's district and a nomadic one start with 55 (422); a number
// already assigned anywhere in the tenant, or a second pilot for the office, is 409.
func (w *World) CreaNumerazione(opID, ufficioID string, key *string, r wpti.RichiestaNumerazione) (wpti.Numerazione, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Numerazione{}, err
	}
	u, err := w.trovaUfficio(t, ufficioID)
	if err != nil {
		return wpti.Numerazione{}, err
	}
	h := hashIf(key, struct {
		U string
		R wpti.RichiestaNumerazione
	}{ufficioID, r})
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaNumerazione", h, now); err != nil || ok {
		if err != nil {
			return wpti.Numerazione{}, err
		}
		return e.resp.(wpti.Numerazione), nil
	}
	ultimo := r.Primo
	if r.Ultimo != nil {
		ultimo = *r.Ultimo
	}
	if len(ultimo) != len(r.Primo) || ultimo < r.Primo {
		return wpti.Numerazione{}, regola("body.ultimo", "l'ultimo numero deve avere la stessa lunghezza del primo e non precederlo")
	}
	qty, err := quantita(r.Primo, ultimo)
	if err != nil || qty > maxNumeriIntervallo {
		return wpti.Numerazione{}, regola("body.ultimo", "un intervallo contiene al massimo %d numeri", maxNumeriIntervallo)
	}
	for _, dn := range []string{r.Primo, ultimo} {
		if err := italia.ValidaDN(dn); err != nil {
			return wpti.Numerazione{}, regola("body.primo", "%v", err)
		}
		switch r.Tipo {
		case wpti.TipoNumerazioneGEOGRAFICO:
			if pref, _ := italia.Prefisso(dn); pref != u.Prefisso {
				return wpti.Numerazione{}, &Errore{Status: 422, Codice: "REGOLA_VIOLATA", Messaggio: fmt.Sprintf("il numero %s non appartiene al distretto %s (%s) dell'ufficio", dn, u.Prefisso, u.Distretto), Campi: []ErroreCampo{{Campo: "body.primo", Messaggio: "fuori dal distretto dell'ufficio"}}}
			}
		case wpti.TipoNumerazioneNOMADICO:
			if !strings.HasPrefix(dn, "55") {
				return wpti.Numerazione{}, regola("body.primo", "un numero nomadico inizia con 55")
			}
		}
	}
	for _, uid := range t.ufficiID {
		for _, n := range t.numerazioni[uid] {
			if len(n.Primo) == len(r.Primo) && !(ultimo < n.Primo || r.Primo > n.Ultimo) {
				return wpti.Numerazione{}, conflitto("", "l'intervallo si sovrappone a %s-%s gia' assegnato all'ufficio %s", n.Primo, n.Ultimo, uid)
			}
		}
	}
	pilota := deref(r.Pilota)
	if p := t.pilotaDi(ufficioID); pilota && p != "" {
		return wpti.Numerazione{}, conflitto("", "l'ufficio %s ha gia' il numero pilota %s: al piu' uno per ufficio", ufficioID, p)
	}
	n := &wpti.Numerazione{AttivataIl: now, Origine: r.Origine, Pilota: pilota, Primo: r.Primo, Quantita: qty, Tipo: r.Tipo, UfficioId: ufficioID, Ultimo: ultimo}
	t.numerazioni[ufficioID] = append(t.numerazioni[ufficioID], n)
	slices.SortFunc(t.numerazioni[ufficioID], func(a, b *wpti.Numerazione) int { return cmp.Compare(a.Primo, b.Primo) })
	t.remember(key, "creaNumerazione", h, r.Primo, *n, now)
	return *n, nil
}

func quantita(primo, ultimo string) (int, error) {
	a, err1 := strconv.ParseInt(primo, 10, 64)
	b, err2 := strconv.ParseInt(ultimo, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("numero non valido")
	}
	return int(b-a) + 1, nil
}

// EliminaNumerazione releases the number or range whose first number is dn. It is 409
// while a number of it is a user's numero or cliPresentazione, or while it is the pilot
// and the office has other numbers.
func (w *World) EliminaNumerazione(opID, ufficioID, dn string) error {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return err
	}
	if _, err := w.trovaUfficio(t, ufficioID); err != nil {
		return err
	}
	list := t.numerazioni[ufficioID]
	i := slices.IndexFunc(list, func(n *wpti.Numerazione) bool { return n.Primo == dn })
	if i < 0 {
		return nonTrovato("Numerazione", dn)
	}
	n := list[i]
	for _, id := range t.utentiID {
		u := t.utenti[id]
		if u.Numero != nil && numeroIn(n, *u.Numero) {
			return conflitto("", "il numero %s e' il numero dell'utente %s", *u.Numero, id)
		}
		if u.CliPresentazione != nil && numeroIn(n, *u.CliPresentazione) {
			return conflitto("", "il numero %s e' il cliPresentazione dell'utente %s", *u.CliPresentazione, id)
		}
	}
	if n.Pilota && len(list) > 1 {
		return conflitto("", "%s e' il numero pilota dell'ufficio %s, che ha altre %d numerazioni: rilasciarle prima", dn, ufficioID, len(list)-1)
	}
	t.numerazioni[ufficioID] = slices.Delete(list, i, i+1)
	return nil
}

// ElencaUtenti lists an office's users, by interno (numeric order: 99 before 100).
func (w *World) ElencaUtenti(opID, ufficioID string, p wpti.ElencaUtentiParams) (wpti.ListaUtenti, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.ListaUtenti{}, err
	}
	if _, err := w.trovaUfficio(t, ufficioID); err != nil {
		return wpti.ListaUtenti{}, err
	}
	var out []wpti.Utente
	for _, id := range t.utentiID {
		if u := t.utenti[id]; u.UfficioId == ufficioID {
			out = append(out, *u)
		}
	}
	slices.SortStableFunc(out, func(a, b wpti.Utente) int {
		return cmp.Or(cmp.Compare(len(a.Interno), len(b.Interno)), cmp.Compare(a.Interno, b.Interno), cmp.Compare(a.UtenteId, b.UtenteId))
	})
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaUtenti{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

func conCredenziali(u *wpti.Utente, pw string) wpti.UtenteConCredenziali {
	return wpti.UtenteConCredenziali{
		AggiornatoIl: u.AggiornatoIl, AziendaId: u.AziendaId, CliPresentazione: u.CliPresentazione, Clir: u.Clir, Cognome: u.Cognome,
		CreatoIl: u.CreatoIl, Deviazioni: u.Deviazioni, Dnd: u.Dnd, DominioSip: u.DominioSip, Email: u.Email, Interno: u.Interno,
		MaxChiamateContemporanee: u.MaxChiamateContemporanee, Nome: u.Nome, Numero: u.Numero, ProfiloBlocco: u.ProfiloBlocco,
		SipPassword: pw, SipUsername: u.SipUsername, UfficioId: u.UfficioId, UtenteId: u.UtenteId,
	}
}

// checkUtente holds the rules of a user: interno unique within the company (409), numero
// a DID of the office, cliPresentazione a DID of the company, profiloBlocco an existing
// profile, max simultaneous calls within the company's channels (422).
func (w *World) checkUtente(t *tenant, uff *wpti.Ufficio, selfID, interno string, numero, cli *string, profilo *string, maxCh *int) error {
	for _, id := range t.utentiID {
		u := t.utenti[id]
		if id != selfID && u.AziendaId == uff.AziendaId && u.Interno == interno {
			return conflitto("", "l'interno %s e' gia' dell'utente %s nella stessa azienda", interno, id)
		}
	}
	if numero != nil {
		uid, n := t.numerazioneDi(*numero)
		if n == nil || uid != uff.UfficioId {
			return regola("body.numero", "il numero %s non e' tra le numerazioni dell'ufficio %s", *numero, uff.UfficioId)
		}
	}
	if cli != nil {
		uid, n := t.numerazioneDi(*cli)
		if n == nil || t.uffici[uid].AziendaId != uff.AziendaId {
			return regola("body.cliPresentazione", "il numero %s non e' tra le numerazioni dell'azienda %s", *cli, uff.AziendaId)
		}
	}
	if profilo != nil && !slices.ContainsFunc(profiliDi(t), func(p af.ProfiloBlocco) bool { return p.Codice == *profilo }) {
		return regola("body.profiloBlocco", "profilo di blocco %s inesistente (tabella profili-blocco)", *profilo)
	}
	if maxCh != nil {
		if a := t.aziende[uff.AziendaId]; a != nil && *maxCh > a.MaxCanali {
			return regola("body.maxChiamateContemporanee", "supera i %d canali dell'azienda", a.MaxCanali)
		}
	}
	return nil
}

// sipUsernameInUso: a SIP username is unique on the whole platform (the registrar is
// shared by every OLO), so every tenant is looked at.
func (w *World) sipUsernameInUso(user, selfID string) bool {
	for _, t := range w.tenants {
		for _, id := range t.utentiID {
			if id != selfID && strings.EqualFold(t.utenti[id].SipUsername, user) {
				return true
			}
		}
	}
	return false
}

// CreaUtente adds a user; the SIP password is returned once, here and on reset (a replay
// with the same Idempotency-Key and body gets the same answer, password included).
// Without cliPresentazione the user presents the office's pilot number.
func (w *World) CreaUtente(opID, ufficioID string, key *string, r wpti.RichiestaUtente) (wpti.UtenteConCredenziali, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.UtenteConCredenziali{}, err
	}
	uff, err := w.trovaUfficio(t, ufficioID)
	if err != nil {
		return wpti.UtenteConCredenziali{}, err
	}
	h := hashIf(key, struct {
		U string
		R wpti.RichiestaUtente
	}{ufficioID, r})
	now := w.now()
	if e, ok, err := t.idempotent(key, "creaUtente", h, now); err != nil || ok {
		if err != nil {
			return wpti.UtenteConCredenziali{}, err
		}
		return e.resp.(wpti.UtenteConCredenziali), nil
	}
	if a := t.aziende[uff.AziendaId]; a != nil && a.Stato == wpti.StatoAziendaCESSATA {
		return wpti.UtenteConCredenziali{}, conflitto("", "l'azienda %s e' CESSATA: non si aggiungono utenti", uff.AziendaId)
	}
	if err := w.checkUtente(t, uff, "", r.Interno, r.Numero, r.CliPresentazione, r.ProfiloBlocco, r.MaxChiamateContemporanee); err != nil {
		return wpti.UtenteConCredenziali{}, err
	}
	user := deref(r.SipUsername)
	if user == "" {
		user = strings.ToLower(r.Interno + "." + uff.AziendaId)
	}
	if w.sipUsernameInUso(user, "") {
		return wpti.UtenteConCredenziali{}, conflitto("", "sipUsername %s gia' in uso", user)
	}
	id := w.ids.next("UT")
	pw := deref(r.SipPassword)
	if pw == "" {
		pw = w.gen("sip", id).ParolaChiave(16)
	}
	maxCh := 2
	if r.MaxChiamateContemporanee != nil {
		maxCh = *r.MaxChiamateContemporanee
	}
	cli := r.CliPresentazione
	if cli == nil {
		if p := t.pilotaDi(ufficioID); p != "" {
			cli = &p
		}
	}
	u := &wpti.Utente{
		AziendaId: uff.AziendaId, CliPresentazione: cli, Clir: deref(r.Clir), Cognome: r.Cognome, CreatoIl: now,
		Deviazioni: r.Deviazioni, Dnd: deref(r.Dnd), DominioSip: DominioSip, Email: r.Email, Interno: r.Interno,
		MaxChiamateContemporanee: maxCh, Nome: r.Nome, Numero: r.Numero, ProfiloBlocco: cmp.Or(deref(r.ProfiloBlocco), "BASE_418_07"),
		SipUsername: user, UfficioId: ufficioID, UtenteId: id,
	}
	t.utenti[id] = u
	t.utentiID = append(t.utentiID, id)
	v := conCredenziali(u, pw)
	t.remember(key, "creaUtente", h, id, v, now)
	return v, nil
}

func (w *World) trovaUtente(t *tenant, id string) (*wpti.Utente, error) {
	u, ok := t.utenti[id]
	if !ok {
		return nil, nonTrovato("Utente", id)
	}
	return u, nil
}

// LeggiUtente returns one user (never its SIP password).
func (w *World) LeggiUtente(opID, id string) (wpti.Utente, error) {
	defer w.rlock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Utente{}, err
	}
	u, err := w.trovaUtente(t, id)
	if err != nil {
		return wpti.Utente{}, err
	}
	return *u, nil
}

// AggiornaUtente changes a user, with the rules of creation.
func (w *World) AggiornaUtente(opID, id string, r wpti.ModificaUtente) (wpti.Utente, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.Utente{}, err
	}
	u, err := w.trovaUtente(t, id)
	if err != nil {
		return wpti.Utente{}, err
	}
	uff := t.uffici[u.UfficioId]
	interno := u.Interno
	if r.Interno != nil {
		interno = *r.Interno
	}
	if err := w.checkUtente(t, uff, id, interno, r.Numero, r.CliPresentazione, r.ProfiloBlocco, r.MaxChiamateContemporanee); err != nil {
		return wpti.Utente{}, err
	}
	u.Interno = interno
	if r.CliPresentazione != nil {
		u.CliPresentazione = r.CliPresentazione
	}
	if r.Clir != nil {
		u.Clir = *r.Clir
	}
	if r.Cognome != nil {
		u.Cognome = *r.Cognome
	}
	if r.Nome != nil {
		u.Nome = *r.Nome
	}
	if r.Deviazioni != nil {
		u.Deviazioni = r.Deviazioni
	}
	if r.Dnd != nil {
		u.Dnd = *r.Dnd
	}
	if r.Email != nil {
		u.Email = *r.Email
	}
	if r.MaxChiamateContemporanee != nil {
		u.MaxChiamateContemporanee = *r.MaxChiamateContemporanee
	}
	if r.Numero != nil {
		u.Numero = r.Numero
	}
	if r.ProfiloBlocco != nil {
		u.ProfiloBlocco = *r.ProfiloBlocco
	}
	now := w.now()
	u.AggiornatoIl = &now
	return *u, nil
}

// EliminaUtente deletes a user.
func (w *World) EliminaUtente(opID, id string) error {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return err
	}
	if _, err := w.trovaUtente(t, id); err != nil {
		return err
	}
	delete(t.utenti, id)
	t.utentiID = slices.DeleteFunc(t.utentiID, func(s string) bool { return s == id })
	return nil
}

// ReimpostaPasswordUtente generates a new SIP password, shown once. It is
// ReimpostaPasswordUtenteConChiave without an Idempotency-Key.
func (w *World) ReimpostaPasswordUtente(opID, id string) (wpti.CredenzialiSip, error) {
	return w.ReimpostaPasswordUtenteConChiave(opID, id, nil)
}

// ReimpostaPasswordUtenteConChiave generates a new SIP password, shown once; a repeat with
// the same Idempotency-Key (within 24 hours) returns the same password instead of a new
// one, so a client whose connection dropped does not lock its user out. A user of a
// CESSATA company is 409.
func (w *World) ReimpostaPasswordUtenteConChiave(opID, id string, key *string) (wpti.CredenzialiSip, error) {
	defer w.lock()()
	t, err := w.voipTenant(opID)
	if err != nil {
		return wpti.CredenzialiSip{}, err
	}
	u, err := w.trovaUtente(t, id)
	if err != nil {
		return wpti.CredenzialiSip{}, err
	}
	now := w.now()
	h := hashIf(key, id)
	if e, ok, err := t.idempotent(key, "reimpostaPasswordUtente", h, now); err != nil || ok {
		if err != nil {
			return wpti.CredenzialiSip{}, err
		}
		return e.resp.(wpti.CredenzialiSip), nil
	}
	if a := t.aziende[u.AziendaId]; a != nil && a.Stato == wpti.StatoAziendaCESSATA {
		return wpti.CredenzialiSip{}, conflitto("", "l'azienda %s dell'utente %s e' CESSATA: la password non si reimposta", u.AziendaId, id)
	}
	pw := w.gen("sip-reset", id, now.Format(time.RFC3339Nano), fmt.Sprint(w.ids.nextN())).ParolaChiave(16)
	u.AggiornatoIl = &now
	v := wpti.CredenzialiSip{DominioSip: u.DominioSip, GenerateIl: now, SipPassword: pw, SipUsername: u.SipUsername, UtenteId: id}
	t.remember(key, "reimpostaPasswordUtente", h, id, v, now)
	return v, nil
}
