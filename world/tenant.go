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
	aziendeID   []string
	uffici      map[string]*wpti.Ufficio
	ufficiID    []string
	numerazioni map[string][]*wpti.Numerazione // by ufficioId
	utenti      map[string]*wpti.Utente
	utentiID    []string

	portedOutState map[string]*portedOut
	portedOutID []string

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

	idem map[string]idemEntry // Idempotency-Key -> first answer
}

// idemEntry remembers the first answer to an Idempotency-Key: a replay with the same body
// gets the same object, a different body is 409.
type idemEntry struct {
	op, hash, id string
}

func newTenant(op *Operatore) *tenant {
	return &tenant{
		op: op, linee: map[string]*wpti.LineaWlr{}, ordini: map[string]*ordine{}, perOlo: map[string]string{},
		aziende: map[string]*wpti.Azienda{}, uffici: map[string]*wpti.Ufficio{}, numerazioni: map[string][]*wpti.Numerazione{},
		utenti: map[string]*wpti.Utente{}, portedOutState: map[string]*portedOut{},
		allarmi: map[string]*wptiaf.Allarme{}, soglie: map[string]*wptiaf.Soglia{}, blocchi: map[string]*wptiaf.Blocco{},
		idem: map[string]idemEntry{},
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

// idempotent checks an Idempotency-Key: it returns the id of the first object when the
// same operation and body were seen, a 409 when the body differs, "" when the key is new.
func (t *tenant) idempotent(key *string, op, hash string) (string, error) {
	if key == nil || *key == "" {
		return "", nil
	}
	e, ok := t.idem[*key]
	if !ok {
		return "", nil
	}
	if e.op != op || e.hash != hash {
		return "", conflitto("", "Idempotency-Key %s gia' usata con una richiesta diversa", *key)
	}
	return e.id, nil
}

func (t *tenant) remember(key *string, op, hash, id string) {
	if key != nil && *key != "" {
		t.idem[*key] = idemEntry{op: op, hash: hash, id: id}
	}
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
