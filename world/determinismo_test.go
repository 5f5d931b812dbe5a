package world_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/world"
)

// fotografia is the JSON of every list operation (and the dashboard) of every OLO, with
// the history of every order and the timeline of every ported-out request: what a client
// can see of the world.
func fotografia(t *testing.T, w *world.World) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	put := func(k string, v any) {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		out[k] = b
	}
	for _, op := range []string{olo1, olo2, olo3} {
		ords := ordini(t, w, op, wpti.ElencaOrdiniWlrParams{})
		put(op+" ordini", ords)
		for _, o := range ords {
			put(op+" storico "+o.CodiceOrdineRo, storico(t, w, op, o.CodiceOrdineRo))
		}
		put(op+" linee", linee(t, w, op, wpti.ElencaLineeWlrParams{}))
		azs := aziende(t, w, op)
		put(op+" aziende", azs)
		for _, a := range azs {
			ufs := uffici(t, w, op, a.AziendaId)
			put(op+" uffici "+a.AziendaId, ufs)
			for _, u := range ufs {
				put(op+" numerazioni "+u.UfficioId, numerazioni(t, w, op, u.UfficioId))
				put(op+" utenti "+u.UfficioId, utenti(t, w, op, u.UfficioId))
			}
		}
		pos := portedOut(t, w, op, wpti.ElencaPortedOutParams{})
		put(op+" ported-out", pos)
		for _, p := range pos {
			d, err := w.LeggiPortedOut(op, p.IdRichiesta)
			ok(t, err)
			put(op+" ported-out "+p.IdRichiesta, d)
		}
		com, err := w.ElencaComunicazioni(op, wpti.ElencaComunicazioniParams{PerPagina: ptr(200)})
		ok(t, err)
		put(op+" comunicazioni", com)
		doc, err := w.ElencaDocumenti(op, wpti.ElencaDocumentiParams{PerPagina: ptr(200)})
		ok(t, err)
		put(op+" documenti", doc)
		put(op+" allarmi", allarmi(t, w, op, af.ElencaAllarmiParams{}))
		put(op+" soglie", soglie(t, w, op))
		put(op+" blocchi", blocchi(t, w, op, af.ElencaBlocchiParams{}))
		pb, err := w.ElencaProfiliBlocco(op, af.ElencaProfiliBloccoParams{})
		ok(t, err)
		put(op+" profili", pb)
		dash, err := w.LeggiRiepilogoDashboard(op, wpti.LeggiRiepilogoDashboardParams{})
		ok(t, err)
		put(op+" dashboard", dash)
	}
	return out
}

// diverse lists the keys whose JSON differs.
func diverse(a, b map[string][]byte) []string {
	var out []string
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

func TestStessoSemeStessoMondo(t *testing.T) {
	t.Parallel()
	a := mondo(t, 42, inizio, 2, nil)
	b := mondo(t, 42, inizio, 2, nil)
	if d := diverse(fotografia(t, a), fotografia(t, b)); len(d) > 0 {
		t.Fatalf("stesso seme, mondi diversi in %v", d)
	}
	// Still identical after the same lifecycle steps (orders, ported out, CDR days, alerts).
	for _, w := range []*world.World{a, b} {
		avanza(t, w, 3*24*time.Hour+7*time.Hour)
	}
	fa, fb := fotografia(t, a), fotografia(t, b)
	if d := diverse(fa, fb); len(d) > 0 {
		t.Fatalf("dopo 3 giorni, mondi diversi in %v", d)
	}
	if len(fa) < 50 {
		t.Fatalf("la fotografia ha solo %d liste: il mondo e' vuoto?", len(fa))
	}
}

func TestSemeDiversoMondoDiverso(t *testing.T) {
	t.Parallel()
	fa := fotografia(t, mondo(t, 1, inizio, 2, nil))
	fb := fotografia(t, mondo(t, 2, inizio, 2, nil))
	for _, k := range []string{"OLO001 linee", "OLO001 ordini", "OLO002 aziende", "OLO001 ported-out", "OLO003 linee"} {
		if bytes.Equal(fa[k], fb[k]) {
			t.Errorf("%s: semi diversi, stessa lista", k)
		}
	}
}

// Reset throws every change away: the world is the one a fresh world with the same seed
// shows after the same time.
func TestResetRidaIlMondoDelSeme(t *testing.T) {
	t.Parallel()
	a := mondo(t, 9, inizio, 2, nil)
	avanza(t, a, 30*time.Hour)
	_, _ = nuovaAzienda(t, a, olo1, "00743110157", "Da buttare S.r.l.")
	_, _, err := a.CreaOrdineWlr(olo1, richiesta("RESET-1", wpti.TipoOrdineWlrCESSAZIONE, dnCliente, lavorativiDopo(a, 6)))
	ok(t, err)
	avanza(t, a, 20*time.Hour)
	ok(t, a.Reset())

	b := mondo(t, 9, inizio, 2, nil)
	avanza(t, b, 50*time.Hour)
	if d := diverse(fotografia(t, a), fotografia(t, b)); len(d) > 0 {
		t.Fatalf("dopo Reset il mondo differisce da uno nuovo in %v", d)
	}
}

// The generated world is non-trivial for every OLO: the fixtures' sizes are honoured.
func TestDimensioniDelMondo(t *testing.T) {
	t.Parallel()
	w := mondo(t, 5, inizio, 1, nil)
	fx := w.Fixtures()
	for _, op := range fx.Operatori {
		t.Run(op.OpID, func(t *testing.T) {
			// Lines ported out before the start no longer show (the contract), so lines
			// plus completed ported-out requests make at least the fixture's size.
			usciti := len(portedOut(t, w, op.OpID, wpti.ElencaPortedOutParams{Stato: &[]wpti.StatoPortedOut{wpti.StatoPortedOutESPLETATA}}))
			if n := len(linee(t, w, op.OpID, wpti.ElencaLineeWlrParams{})); n+usciti < op.Dimensioni.LineeWlr || n == 0 {
				t.Errorf("%d linee (+%d portate via), attese almeno %d", n, usciti, op.Dimensioni.LineeWlr)
			}
			if n := len(ordini(t, w, op.OpID, wpti.ElencaOrdiniWlrParams{})); n == 0 || n > op.Dimensioni.OrdiniWlr {
				t.Errorf("%d ordini, attesi tra 1 e %d", n, op.Dimensioni.OrdiniWlr)
			}
			wantAz := 0
			for _, s := range op.Servizi {
				if s == "VOIP" {
					wantAz = op.Dimensioni.AziendeVoip
				}
			}
			if n := len(aziende(t, w, op.OpID)); n != wantAz {
				t.Errorf("%d aziende, attese %d", n, wantAz)
			}
			for _, a := range aziende(t, w, op.OpID) {
				ufs := uffici(t, w, op.OpID, a.AziendaId)
				if len(ufs) != op.Dimensioni.UfficiPerAzienda {
					t.Errorf("azienda %s: %d uffici, attesi %d", a.AziendaId, len(ufs), op.Dimensioni.UfficiPerAzienda)
				}
				nomi := map[string]bool{}
				for _, u := range ufs {
					if nomi[u.Nome] {
						t.Errorf("azienda %s: nome d'ufficio %q ripetuto", a.AziendaId, u.Nome)
					}
					nomi[u.Nome] = true
					pilota := 0
					for _, n := range numerazioni(t, w, op.OpID, u.UfficioId) {
						if n.Pilota {
							pilota++
						}
					}
					if pilota != 1 {
						t.Errorf("ufficio %s: %d numeri pilota", u.UfficioId, pilota)
					}
				}
			}
			if _, err := w.LeggiOperatore(op.OpID, "127.0.0.1", 2222); err != nil {
				t.Error(err)
			}
		})
	}
	if _, err := w.ElencaLineeWlr("OLO999", wpti.ElencaLineeWlrParams{}); err == nil {
		t.Fatal("un OP_ID sconosciuto legge le linee")
	} else {
		errore(t, err, 401, "NON_AUTENTICATO")
	}
}
