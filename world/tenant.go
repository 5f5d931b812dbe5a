package world

import (
	"cmp"
	"slices"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/gen/wptiaf"
)

// tenant is everything one OLO owns. Maps give lookups; the *Ord slices keep a stable
// order (creation order) so that listings and the same seed give the same bytes.
type tenant struct {
	op       *Operatore
	sftpRoot string

	linee    map[string]*wpti.LineaWlr
	ordini   map[string]*ordine
	ordiniID []string
	perOlo   map[string]string // codiceOrdineOlo -> codiceOrdineRo

	aziende     map[string]*wpti.Azienda
	perPiva     map[string][]string // partita IVA -> company ids (any state): duplicates found in O(1)
	aziendeID   []string
	uffici      map[string]*wpti.Ufficio
	ufficiID    []string
	numerazioni map[string][]*wpti.Numerazione // by ufficioId
	utenti      map[string]*wpti.Utente
	utentiID    []string

	portedOutState map[string]*portedOut
	portedOutID    []string

	comunicazioni []*wpti.Comunicazione
	documenti     []*wpti.Documento
	contenuti     [][]byte // bytes of each document, same index as documenti
	fileCdr       []wpti.FileCdr
	giorniCdr     []giornoCdr
	ultimoGiorno  time.Time // last traffic day produced

	allarmi   map[string]*wptiaf.Allarme
	allarmiID []string
	soglie    map[string]*wptiaf.Soglia
	soglieID  []string
	blocchi   map[string]*wptiaf.Blocco
	blocchiID []string
	// inVigore is every block's time in force, deleted ones included (a traffic day
	// produced again, after a restart, must bar the same calls).
	inVigore []*periodoBlocco

	idem map[string]idemEntry // Idempotency-Key -> first answer

	// portatiVia are the DNs whose ported-out request was completed: the line is ceased
	// and, as the contract says, no longer listed among the OLO's lines.
	portatiVia map[string]bool
}

// idemTTL is how long an Idempotency-Key is remembered, on the sandbox clock (the
// contract: "le chiavi valgono per OLO e per 24 ore").
const idemTTL = 24 * time.Hour

// idemEntry remembers the first answer to an Idempotency-Key: a replay with the same body
// gets the same answer (resp, a snapshot), a different body is 409.
type idemEntry struct {
	op, hash, id string
	at           time.Time
	resp         any
}

func newTenant(op *Operatore) *tenant {
	return &tenant{
		op: op, linee: map[string]*wpti.LineaWlr{}, ordini: map[string]*ordine{}, perOlo: map[string]string{},
		aziende: map[string]*wpti.Azienda{}, perPiva: map[string][]string{}, uffici: map[string]*wpti.Ufficio{}, numerazioni: map[string][]*wpti.Numerazione{},
		utenti: map[string]*wpti.Utente{}, portedOutState: map[string]*portedOut{},
		allarmi: map[string]*wptiaf.Allarme{}, soglie: map[string]*wptiaf.Soglia{}, blocchi: map[string]*wptiaf.Blocco{},
		idem: map[string]idemEntry{}, portatiVia: map[string]bool{},
	}
}

// lineeOrdinate returns the lines sorted by DN (the listing order).
func (t *tenant) lineeOrdinate() []*wpti.LineaWlr {
	out := make([]*wpti.LineaWlr, 0, len(t.linee))
	for _, l := range t.linee {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b *wpti.LineaWlr) int { return cmp.Compare(a.Dn, b.Dn) })
	return out
}

// idempotent checks an Idempotency-Key at now: it returns the first answer when the same
// operation and body were seen within idemTTL, a 409 when the body or the operation
// differs, and ok=false when the key is new (or expired, which makes it new again).
func (t *tenant) idempotent(key *string, op, hash string, now time.Time) (e idemEntry, ok bool, err error) {
	if key == nil || *key == "" {
		return idemEntry{}, false, nil
	}
	e, found := t.idem[*key]
	if !found {
		return idemEntry{}, false, nil
	}
	if now.Sub(e.at) >= idemTTL {
		delete(t.idem, *key)
		return idemEntry{}, false, nil
	}
	if e.op != op || e.hash != hash {
		return idemEntry{}, false, conflitto("", "Idempotency-Key %s gia' usata con una richiesta diversa", *key)
	}
	return e, true, nil
}

// remember stores the first answer to a key; expired keys are dropped on the way, so the
// map holds at most a day of keys.
func (t *tenant) remember(key *string, op, hash, id string, resp any, now time.Time) {
	if key == nil || *key == "" {
		return
	}
	for k, e := range t.idem {
		if now.Sub(e.at) >= idemTTL {
			delete(t.idem, k)
		}
	}
	t.idem[*key] = idemEntry{op: op, hash: hash, id: id, at: now, resp: resp}
}

// lineaDi finds the line a DN belongs to, as its main number or one of its additional
// numbers (dnList).
func (t *tenant) lineaDi(dn string) *wpti.LineaWlr {
	if l, ok := t.linee[dn]; ok {
		return l
	}
	for _, l := range t.linee {
		if l.DnList != nil && slices.Contains(*l.DnList, dn) {
			return l
		}
	}
	return nil
}

func inRange(ts time.Time, dal, al *time.Time) bool {
	if dal != nil && ts.Before(*dal) {
		return false
	}
	if al != nil && !ts.Before(*al) {
		return false
	}
	return true
}
