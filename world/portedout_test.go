package world_test

import (
	"slices"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
)

// Every ported-out request runs its lifecycle to ESPLETATA or KO in time order; on
// completion the number's line is ceased and leaves the OLO's lines.
func TestCicloDiVitaPortedOut(t *testing.T) {
	t.Parallel()
	w := mondo(t, 50, inizio, 0, nil)
	ops := []string{olo1, olo2, olo3}
	inCorso := map[string][]string{}
	for _, op := range ops {
		for _, p := range portedOut(t, w, op, wpti.ElencaPortedOutParams{}) {
			if p.Timeline != nil {
				t.Errorf("%s: l'elenco riporta la timeline", p.IdRichiesta)
			}
			if p.Stato != wpti.StatoPortedOutESPLETATA && p.Stato != wpti.StatoPortedOutKO {
				inCorso[op] = append(inCorso[op], p.IdRichiesta)
				if p.DataEspletamento != nil || p.Esito != nil || p.CausaleKo != nil {
					t.Errorf("%s in %s ha gia' un esito: %+v", p.IdRichiesta, p.Stato, p)
				}
				if _, err := w.LeggiLineaWlr(op, p.Dn); err != nil {
					t.Errorf("%s in corso: la linea %s non c'e' gia' piu': %v", p.IdRichiesta, p.Dn, err)
				}
			}
			// what a step decides shows only once the step happened
			d, err := w.LeggiPortedOut(op, p.IdRichiesta)
			ok(t, err)
			rimodulata := slices.ContainsFunc(deref(d.Timeline), func(e wpti.EventoPortedOut) bool { return e.Stato == wpti.StatoPortedOutRIMODULATA })
			if rimodulata != (d.DacRimodulata != nil) || (d.CausaleKo != nil) != (d.Stato == wpti.StatoPortedOutKO) {
				t.Errorf("%s in %s: dacRimodulata %v causaleKo %v", d.IdRichiesta, d.Stato, d.DacRimodulata, d.CausaleKo)
			}
		}
	}
	if len(inCorso[olo1]) == 0 {
		t.Fatal("nessuna richiesta in corso all'avvio")
	}
	avanza(t, w, 15*24*time.Hour)
	for _, op := range ops {
		t.Run(op, func(t *testing.T) {
			attive := linee(t, w, op, wpti.ElencaLineeWlrParams{})
			espletate := 0
			for _, p := range portedOut(t, w, op, wpti.ElencaPortedOutParams{}) {
				d, err := w.LeggiPortedOut(op, p.IdRichiesta)
				ok(t, err)
				tl := deref(d.Timeline)
				if len(tl) < 2 || tl[0].Stato != wpti.StatoPortedOutRICEVUTA || tl[len(tl)-1].Stato != d.Stato {
					t.Errorf("%s: timeline %+v", d.IdRichiesta, tl)
				}
				for i := 1; i < len(tl); i++ {
					if tl[i].Timestamp.Before(tl[i-1].Timestamp) {
						t.Errorf("%s: timeline non cronologica (%s %v prima di %s %v)", d.IdRichiesta, tl[i].Stato, tl[i].Timestamp, tl[i-1].Stato, tl[i-1].Timestamp)
					}
				}
				rimodulata := slices.ContainsFunc(tl, func(e wpti.EventoPortedOut) bool { return e.Stato == wpti.StatoPortedOutRIMODULATA })
				if rimodulata != (d.DacRimodulata != nil) {
					t.Errorf("%s: RIMODULATA %v ma dacRimodulata %v", d.IdRichiesta, rimodulata, d.DacRimodulata)
				}
				switch d.Stato {
				case wpti.StatoPortedOutESPLETATA:
					espletate++
					dac := d.Dac
					if d.DacRimodulata != nil {
						dac = *d.DacRimodulata
					}
					if deref(d.Esito) != wpti.EsitoPortedOutOK || d.DataEspletamento == nil || !d.DataEspletamento.Equal(dac.Time) || !italia.GiornoLavorativo(alle(dac, 12, 0)) {
						t.Errorf("%s: espletamento %v esito %v dac %v", d.IdRichiesta, d.DataEspletamento, d.Esito, dac)
					}
					if _, err := w.LeggiLineaWlr(op, d.Dn); err == nil {
						t.Errorf("%s: la linea %s e' ancora dell'OLO", d.IdRichiesta, d.Dn)
					} else {
						errore(t, err, 404, "NON_TROVATO")
					}
					if slices.ContainsFunc(attive, func(l wpti.LineaWlr) bool { return l.Dn == d.Dn }) {
						t.Errorf("%s: la linea %s e' ancora nell'elenco", d.IdRichiesta, d.Dn)
					}
				case wpti.StatoPortedOutKO:
					if deref(d.Esito) != wpti.EsitoPortedOutKO || d.CausaleKo == nil || d.DataEspletamento != nil {
						t.Errorf("%s: KO %+v", d.IdRichiesta, d)
					}
				default:
					t.Errorf("%s: ancora %s dopo 15 giorni", d.IdRichiesta, d.Stato)
				}
			}
			if espletate == 0 {
				t.Error("nessuna richiesta espletata")
			}
			// the ceased number makes no more calls but its traffic history is still readable
			for _, id := range inCorso[op] {
				d, _ := w.LeggiPortedOut(op, id)
				if d.Stato == wpti.StatoPortedOutESPLETATA && op != olo3 {
					if _, err := w.LeggiTraffico(op, af.LeggiTrafficoParams{Dn: d.Dn}); err != nil {
						t.Errorf("traffico del numero portato via %s: %v", d.Dn, err)
					}
					break
				}
			}
		})
	}
}

// The monthly summary counts the same requests as the list.
func TestRiepilogoPortedOut(t *testing.T) {
	t.Parallel()
	w := mondo(t, 51, inizio, 0, nil)
	avanza(t, w, 5*24*time.Hour)
	for _, mese := range []string{"2025-02", "2025-03"} {
		dal := giorno(time.Date(2025, mustMonth(mese), 1, 0, 0, 0, 0, italia.Roma()))
		al := giorno(dal.AddDate(0, 1, -1))
		list := portedOut(t, w, olo1, wpti.ElencaPortedOutParams{Dal: &dal, Al: &al})
		r, err := w.LeggiRiepilogoPortedOut(olo1, mese)
		ok(t, err)
		if r.Totale != len(list) {
			t.Errorf("%s: riepilogo %d, elenco %d", mese, r.Totale, len(list))
		}
		per := map[string][4]int{} // espletate, ko, annullate, in corso
		for _, p := range list {
			c := per[p.Recipient.Codice]
			switch p.Stato {
			case wpti.StatoPortedOutESPLETATA:
				c[0]++
			case wpti.StatoPortedOutKO:
				c[1]++
			case wpti.StatoPortedOutANNULLATA:
				c[2]++
			default:
				c[3]++
			}
			per[p.Recipient.Codice] = c
		}
		if len(r.PerRecipient) != len(per) {
			t.Errorf("%s: %d recipient, elenco %d", mese, len(r.PerRecipient), len(per))
		}
		for _, c := range r.PerRecipient {
			want := per[c.Recipient.Codice]
			if c.Espletate != want[0] || c.Ko != want[1] || deref(c.Annullate) != want[2] || c.InCorso != want[3] || c.Totale != want[0]+want[1]+want[2]+want[3] {
				t.Errorf("%s %s: riepilogo %+v, elenco %v", mese, c.Recipient.Codice, c, want)
			}
		}
	}
}

func mustMonth(mese string) time.Month {
	t, err := time.Parse("2006-01", mese)
	if err != nil {
		panic(err)
	}
	return t.Month()
}
