package world_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
)

// A block is the network refusing calls: from its creation (and until its deletion) the
// calls it covers are not in the CDR files, and nothing else changes. Two twin worlds, the
// same seed and the same clock, one with blocks: every record of the blocked world is in the
// twin, and what the twin has more is exactly the calls the blocks cover.
func TestBlocchiFermanoLeChiamate(t *testing.T) {
	t.Parallel()
	rootLibero, rootBloccato := t.TempDir(), t.TempDir()
	libero := mondo(t, 48, inizio, 1, map[string]string{olo1: rootLibero})
	bloccato := mondo(t, 48, inizio, 1, map[string]string{olo1: rootBloccato})
	t0 := inizio

	// The objects to block: a company (TOTALE), a user of another company
	// (INTERNAZIONALE), a WLR line (TOTALE, deleted a day later).
	az := aziende(t, bloccato, olo1)
	if len(az) < 2 {
		t.Fatal("servono due aziende")
	}
	numeriAz := map[string]bool{}
	for _, uf := range uffici(t, bloccato, olo1, az[0].AziendaId) {
		for _, u := range utenti(t, bloccato, olo1, uf.UfficioId) {
			numeriAz[deref(u.Numero)] = true
		}
	}
	ut := utenti(t, bloccato, olo1, uffici(t, bloccato, olo1, az[1].AziendaId)[0].UfficioId)[0]
	dn := linee(t, bloccato, olo1, wpti.ElencaLineeWlrParams{Stato: &wpti.StatoLineaFiltro{wpti.StatoLineaATTIVA}})[0].Dn
	crea := func(o af.OggettoBlocco, rif, profilo string) af.Blocco {
		b, err := bloccato.CreaBlocco(olo1, "olo001-crm", nil, af.BloccoRichiesta{Oggetto: o, Riferimento: rif, Profilo: profilo, Motivo: "prova"})
		ok(t, err)
		return b
	}
	crea(af.OggettoBloccoAZIENDA, az[0].AziendaId, "TOTALE")
	crea(af.OggettoBloccoUTENTE, ut.UtenteId, "INTERNAZIONALE")
	bDN := crea(af.OggettoBloccoDN, dn, "TOTALE")
	avanza(t, bloccato, 24*time.Hour)
	t1 := inizio.Add(24 * time.Hour) // the clock does not run by itself in tests
	ok(t, bloccato.EliminaBlocco(olo1, bDN.Id))
	avanza(t, bloccato, 2*24*time.Hour)
	avanza(t, libero, 3*24*time.Hour)

	totale := func(numero string) bool { return !strings.HasPrefix(numero, "11") } // 112, 113, 115, 118 always go through
	coperta := func(r cdr.Record) bool {
		if r.Direzione != cdr.DirUscente || r.Inizio.Before(t0) {
			return false
		}
		switch {
		case numeriAz[r.NumeroLinea()]:
			return totale(r.Chiamato)
		case r.NumeroLinea() == deref(ut.Numero):
			return strings.HasPrefix(r.Chiamato, "00")
		case r.NumeroLinea() == dn:
			return r.Inizio.Before(t1) && totale(r.Chiamato)
		}
		return false
	}
	chiave := func(r cdr.Record) string {
		r.IDCdr = "" // the day's sequence numbers close up over refused calls
		return strings.Join([]string{r.Inizio.String(), r.Chiamante, r.Chiamato, r.NumeroLinea(), r.Direzione, r.CodiceTariffa}, "|")
	}
	resto := map[string]int{}
	for _, r := range leggiCdr(t, rootBloccato, olo1) {
		if coperta(r) {
			t.Errorf("chiamata bloccata nei CDR: %s %s -> %s", r.Inizio, r.NumeroLinea(), r.Chiamato)
		}
		resto[chiave(r)]++
	}
	rifiutate := map[string]int{}
	for _, r := range leggiCdr(t, rootLibero, olo1) {
		k := chiave(r)
		if resto[k] > 0 {
			resto[k]--
			continue
		}
		if !coperta(r) {
			t.Errorf("chiamata non coperta da un blocco sparita: %s %s -> %s", r.Inizio, r.NumeroLinea(), r.Chiamato)
		}
		switch {
		case numeriAz[r.NumeroLinea()]:
			rifiutate["azienda"]++
		case r.NumeroLinea() == dn:
			rifiutate["dn"]++
		default:
			rifiutate["utente"]++
		}
	}
	for k, n := range resto {
		if n > 0 {
			t.Errorf("chiamata del mondo bloccato assente dal gemello: %s", k)
		}
	}
	// The blocks did refuse calls (the company's and the line's at least: a day or more of a
	// business's traffic), and the line called again once its block was deleted.
	if rifiutate["azienda"] == 0 || rifiutate["dn"] == 0 {
		t.Errorf("chiamate rifiutate: %v", rifiutate)
	}
	dopo := 0
	for _, r := range leggiCdr(t, rootBloccato, olo1) {
		if r.NumeroLinea() == dn && r.Direzione == cdr.DirUscente && !r.Inizio.Before(t1) {
			dopo++
		}
	}
	if dopo == 0 {
		t.Error("la linea non chiama piu' dopo la rimozione del blocco")
	}
}

// A day's traffic is the day as it stood when it ended, however the clock got past it: one
// jump of three days and three jumps of a day give the same CDR files and the same alerts.
func TestGiorniUgualiComunqueAvanzi(t *testing.T) {
	t.Parallel()
	rootSalto, rootPassi := t.TempDir(), t.TempDir()
	salto := mondo(t, 49, inizio, 1, map[string]string{olo1: rootSalto})
	passi := mondo(t, 49, inizio, 1, map[string]string{olo1: rootPassi})
	avanza(t, salto, 4*24*time.Hour)
	for range 8 {
		avanza(t, passi, 12*time.Hour)
	}
	a, b := leggiCdr(t, rootSalto, olo1), leggiCdr(t, rootPassi, olo1)
	if len(a) == 0 || len(a) != len(b) {
		t.Fatalf("%d record con un salto, %d a passi", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("record %d: %+v con un salto, %+v a passi", i, a[i], b[i])
		}
	}
	as, bs := allarmi(t, salto, olo1, af.ElencaAllarmiParams{}), allarmi(t, passi, olo1, af.ElencaAllarmiParams{})
	if len(as) != len(bs) {
		t.Fatalf("%d allarmi con un salto, %d a passi", len(as), len(bs))
	}
	for i := range as {
		if as[i].Id != bs[i].Id || deref(as[i].Dn) != deref(bs[i].Dn) || !as[i].RilevatoIl.Equal(bs[i].RilevatoIl) {
			t.Errorf("allarme %d: %s %s con un salto, %s %s a passi", i, as[i].Id, deref(as[i].Dn), bs[i].Id, deref(bs[i].Dn))
		}
	}
}

// A WLR line is installed in its number's telephone district: its address is in a comune of
// that district, like its exchange.
func TestLineeNelDistrettoDelNumero(t *testing.T) {
	t.Parallel()
	w := mondo(t, 50, inizio, 0, nil)
	conComuni := map[string]bool{} // districts with an embedded comune to install in
	for _, c := range italia.Comuni() {
		conComuni[c.Prefisso] = true
	}
	n := 0
	for _, op := range []string{olo1, olo2, olo3} {
		for _, l := range linee(t, w, op, wpti.ElencaLineeWlrParams{}) {
			pref, ok := italia.Prefisso(l.Dn)
			if !ok || l.Sede == nil || l.Sede.CodiceIstatComune == nil {
				continue
			}
			c, ok := italia.ComuneDaIstat(*l.Sede.CodiceIstatComune)
			if !ok {
				t.Errorf("%s %s: comune %s unknown", op, l.Dn, *l.Sede.CodiceIstatComune)
				continue
			}
			n++
			if c.Prefisso != pref && conComuni[pref] {
				t.Errorf("%s %s (district %s, exchange %s %s): installed in %s (%s), district %s", op, l.Dn, pref, l.Centrale.Nome, l.Centrale.Provincia, c.Nome, c.Provincia, c.Prefisso)
			}
		}
	}
	if n < 50 {
		t.Fatalf("only %d lines checked", n)
	}
}
