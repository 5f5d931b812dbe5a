package world

import (
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// The contracts' example identifiers (the `example` of IdAzienda, IdOrdineWlr, ... in
// spec/wpti.yaml and of SogliaId in spec/wpti-af.yaml) are the ids the manuals' curl, Go
// and Python examples send. The demo OLO (the first of the fixtures) gets them on objects
// the generator creates anyway: the first company, its first office and that office's first
// user; the first order, moved to the example's day; the first ported-out request, moved
// likewise; the first notice; the first document (the confirmation of that order); the
// first default threshold. A manual's example pasted against the default sandbox with the
// demo OLO's token finds a real object; any other OLO gets 404, as for any other id.
var esempiContratto = map[string]string{
	"AZ":  "AZ-7K3M9Q2X",
	"UF":  "UF-4H8N2P6R",
	"UT":  "UT-9C5D1F7G",
	"ORD": "ORD-20250310-A7K2Q9",
	"PO":  "PO-20250305-B3X9M1",
	"COM": "COM-MN25031A",
	"DOC": "DOC-8F3K2M1Q",
	"SG":  "SG-4D7L1Q8N",
}

// esempioAllarme is the anti-fraud contract's example alert: the demo OLO's first alert of
// its initial traffic history (the last day of that history always has a fraud) takes it.
// An alert is computed from calls, so it names whatever number that fraud hit, not the
// company and user of the contract's example body. esempioBlocco likewise goes to the first
// block of that history (the automatic block of that alert, when its threshold blocks).
const (
	esempioAllarme = "AL-7Q2M4K9D"
	esempioBlocco  = "BL-2K9F6W3R"
)

// demo says whether op is the demo OLO, the first of the fixtures: the one that gets the
// contract's example ids.
func (w *World) demo(op Operatore) bool {
	return len(w.fx.Operatori) > 0 && op.OpID == w.fx.Operatori[0].OpID
}

// nelGiorno is at moved to the calendar day of giorno (Europe/Rome), same time of day: a
// dated example keeps the draws of the object it replaces.
func nelGiorno(giorno, at time.Time) time.Time {
	return time.Date(giorno.Year(), giorno.Month(), giorno.Day(), at.Hour(), at.Minute(), at.Second(), 0, italia.Roma())
}

// esempiAllarme is the pending example alert id while op's initial history is produced.
func (w *World) esempiAllarme(op Operatore) map[string]string {
	if !w.demo(op) {
		return nil
	}
	return map[string]string{"AL": esempioAllarme, "BL": esempioBlocco}
}

// esempioContratto is the set of the example ids, which the id sequence never produces.
var esempioContratto = func() map[string]bool {
	m := map[string]bool{esempioAllarme: true, esempioBlocco: true}
	for _, id := range esempiContratto {
		m[id] = true
	}
	return m
}()

// margineEsempi is how long before the world's start an example dated by its id (an order,
// a ported-out request) must lie for its whole lifecycle to be over: a world that starts
// earlier (--start in the past) does not get that example rather than a dated object in
// its own future or still open.
const margineEsempi = 60 * 24 * time.Hour

// esempiPer is the set of example ids to hand out while generating the tenant of op: all of
// them for the demo OLO (the dated ones only when their day is long past at start), none
// for the others.
func (w *World) esempiPer(op Operatore) map[string]string {
	if !w.demo(op) {
		return nil
	}
	out := map[string]string{}
	for kind, id := range esempiContratto {
		if giorno, ok := giornoEsempio(id); ok && giorno.Add(margineEsempi).After(w.start) {
			continue
		}
		out[kind] = id
	}
	return out
}

// giornoEsempio is the day (Europe/Rome) an id of the form KIND-YYYYMMDD-XXXXXX names.
func giornoEsempio(id string) (time.Time, bool) {
	parts := strings.Split(id, "-")
	if len(parts) != 3 || len(parts[1]) != 8 {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation("20060102", parts[1], italia.Roma())
	if err != nil {
		return time.Time{}, false
	}
	return d, true
}

// esempioDatato says whether the next object of a dated kind (ORD, PO) of the tenant being
// generated is the example, and on which day it must then be created.
func (w *World) esempioDatato(kind string) (time.Time, bool) {
	id, ok := w.ids.esempi[kind]
	if !ok {
		return time.Time{}, false
	}
	return giornoEsempio(id)
}

// The example company and office look like the contract's examples (Officine Meccaniche
// Lombarde, its office in Milan, district 02), so that the manual's write examples on them
// work as printed, in the manual's order: the new range 0287654301-0287654319 is in the
// office's district and free (the office's own block is 0287654320-0287654329), then the
// new user's interno 201 is free in the company, its numero is in that new range and its
// cliPresentazione is the office's pilot number 0287654300, the contract's example pilot.
// The partita IVA stays the generated one: the manual's new-company example uses the
// contract's, which must stay free.
const (
	pilotaEsempio   = "0287654300"
	ricambioEsempio = "0287654399" // a spare DID of the example office, the release example's
)

var sedeEsempio = wpti.Indirizzo{Indirizzo: "Via Melchiorre Gioia", Civico: "8", Cap: "20124", Comune: "Milano", CodiceIstatComune: ptr("015146"), Provincia: "MI"}

func aziendaEsempio(az *wpti.Azienda) {
	az.RagioneSociale = "Officine Meccaniche Lombarde S.r.l."
	az.SedeLegale = sedeEsempio
	az.SedeLegale.CodiceIstatComune = ptr(*sedeEsempio.CodiceIstatComune)
	az.Pec = openapi_types.Email("officinelombarde@pec.it")
	az.CodiceSdi = ptr("M5UXCR1")
	az.Profilo = wpti.ProfiloAziendaAZIENDA
	az.MaxCanali = 20
}

// numerazioniEsempio adds to the example office, whose block of ten DIDs is first (no longer
// its pilot), the contract's example pilot number, which its new-user example presents as
// caller id, and a spare number no user holds, the manual's release example.
func numerazioniEsempio(ns []*wpti.Numerazione, u *wpti.Ufficio, usati map[string]bool) []*wpti.Numerazione {
	ns[0].Pilota = false // one pilot per office
	for _, n := range []struct {
		dn     string
		pilota bool
	}{{pilotaEsempio, true}, {ricambioEsempio, false}} {
		usati[n.dn] = true
		ns = append(ns, &wpti.Numerazione{AttivataIl: u.CreatoIl, Origine: wpti.OrigineNumerazioneNUOVA, Pilota: n.pilota, Primo: n.dn, Quantita: 1, Tipo: wpti.TipoNumerazioneGEOGRAFICO, UfficioId: u.UfficioId, Ultimo: n.dn})
	}
	return ns
}

// ufficioEsempio makes u the contract's example office and returns the first number of its
// block of ten DIDs (its users' numbers).
func ufficioEsempio(u *wpti.Ufficio) string {
	// Its name stays the generated "Sede legale": the manual's new-office example on the
	// example company is named "Sede di Milano", and names are unique within a company.
	u.Indirizzo = sedeEsempio
	u.Indirizzo.CodiceIstatComune = ptr(*sedeEsempio.CodiceIstatComune)
	u.Prefisso = "02"
	u.Distretto = nomeDistretto("02")
	return "0287654320"
}
