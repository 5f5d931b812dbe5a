package world_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// The dashboard's figures are the counts of the list operations, never numbers of their own.
func TestRiepilogoDashboardDalleListe(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := mondo(t, 60, inizio, 2, map[string]string{olo1: root})
	avanza(t, w, 6*24*time.Hour+5*time.Hour)
	oggi := giorno(w.Clock().Now())
	periodi := []struct {
		nome    string
		dal, al *openapi_types.Date
		wDal    openapi_types.Date
		wAl     openapi_types.Date
	}{
		{"predefinito: dal primo del mese", nil, nil, giorno(time.Date(2025, 3, 1, 0, 0, 0, 0, italia.Roma())), oggi},
		{"febbraio", ptr(giorno(time.Date(2025, 2, 1, 0, 0, 0, 0, italia.Roma()))), ptr(giorno(time.Date(2025, 2, 28, 0, 0, 0, 0, italia.Roma()))), giorno(time.Date(2025, 2, 1, 0, 0, 0, 0, italia.Roma())), giorno(time.Date(2025, 2, 28, 0, 0, 0, 0, italia.Roma()))},
	}
	for _, op := range []string{olo1, olo2} {
		for _, p := range periodi {
			t.Run(op+" "+p.nome, func(t *testing.T) {
				d, err := w.LeggiRiepilogoDashboard(op, wpti.LeggiRiepilogoDashboardParams{Dal: p.dal, Al: p.al})
				ok(t, err)
				if !d.Dal.Equal(p.wDal.Time) || !d.Al.Equal(p.wAl.Time) {
					t.Fatalf("periodo %v..%v, atteso %v..%v", d.Dal, d.Al, p.wDal, p.wAl)
				}
				nelPeriodo := ordini(t, w, op, wpti.ElencaOrdiniWlrParams{Dal: &d.Dal, Al: &d.Al})
				if d.OrdiniWlr.Totale != len(nelPeriodo) {
					t.Errorf("totale ordini %d, elenco %d", d.OrdiniWlr.Totale, len(nelPeriodo))
				}
				somma := 0
				for _, c := range d.OrdiniWlr.PerStato {
					n := len(ordini(t, w, op, wpti.ElencaOrdiniWlrParams{Dal: &d.Dal, Al: &d.Al, Stato: &[]wpti.StatoOrdineWlr{c.Stato}}))
					if c.Numero != n {
						t.Errorf("stato %s: dashboard %d, elenco %d", c.Stato, c.Numero, n)
					}
					somma += c.Numero
				}
				if somma != d.OrdiniWlr.Totale || len(d.OrdiniWlr.PerStato) != 9 {
					t.Errorf("per stato somma %d su %d stati, totale %d", somma, len(d.OrdiniWlr.PerStato), d.OrdiniWlr.Totale)
				}
				for _, c := range d.OrdiniWlr.PerTipo {
					if n := len(ordini(t, w, op, wpti.ElencaOrdiniWlrParams{Dal: &d.Dal, Al: &d.Al, Tipo: &[]wpti.TipoOrdineWlr{c.Tipo}})); c.Numero != n {
						t.Errorf("tipo %s: dashboard %d, elenco %d", c.Tipo, c.Numero, n)
					}
				}
				ko, conclusi := 0, 0
				for _, o := range nelPeriodo {
					switch o.Stato {
					case wpti.StatoOrdineWlrKOFORMALE, wpti.StatoOrdineWlrKOTECNICO:
						ko++
						conclusi++
					case wpti.StatoOrdineWlrESPLETATO:
						conclusi++
					}
				}
				if conclusi > 0 && abs(d.OrdiniWlr.TassoKo-float64(ko)/float64(conclusi)) > 1e-4 {
					t.Errorf("tasso KO %v, dall'elenco %d/%d", d.OrdiniWlr.TassoKo, ko, conclusi)
				}
				oltre := 0
				for _, o := range ordini(t, w, op, wpti.ElencaOrdiniWlrParams{}) {
					aperto := o.Stato != wpti.StatoOrdineWlrESPLETATO && o.Stato != wpti.StatoOrdineWlrKOFORMALE && o.Stato != wpti.StatoOrdineWlrKOTECNICO && o.Stato != wpti.StatoOrdineWlrANNULLATO
					if aperto && o.Dac.Before(oggi.Time) {
						oltre++
					}
				}
				if d.OrdiniWlr.OltreDac != oltre {
					t.Errorf("oltre DAC %d, dall'elenco %d", d.OrdiniWlr.OltreDac, oltre)
				}
				if n := len(linee(t, w, op, wpti.ElencaLineeWlrParams{Stato: &[]wpti.StatoLinea{wpti.StatoLineaATTIVA}})); d.LineeAttive != n {
					t.Errorf("linee attive %d, elenco %d", d.LineeAttive, n)
				}
				if n := len(portedOut(t, w, op, wpti.ElencaPortedOutParams{Dal: &d.Dal, Al: &d.Al})); d.PortedOut != n {
					t.Errorf("ported out %d, elenco %d", d.PortedOut, n)
				}
				azs := aziende(t, w, op)
				var nUff, nUt, nNum int
				for _, a := range azs {
					for _, u := range uffici(t, w, op, a.AziendaId) {
						nUff++
						nUt += len(utenti(t, w, op, u.UfficioId))
						for _, n := range numerazioni(t, w, op, u.UfficioId) {
							nNum += n.Quantita
						}
					}
				}
				if v := d.Voip; v.Aziende != len(azs) || v.Uffici != nUff || v.Utenti != nUt || v.Numerazioni != nNum {
					t.Errorf("voip %+v, dagli elenchi %d/%d/%d/%d", v, len(azs), nUff, nUt, nNum)
				}
				if op == olo1 {
					f := d.UltimoFileCdr
					if f == nil || f.Percorso != "/CDR/2025/03/"+f.NomeFile {
						t.Fatalf("ultimo file CDR %+v", f)
					}
					day, _ := time.ParseInLocation("20060102", f.NomeFile[len("CDR_OLO001_"):len("CDR_OLO001_")+8], italia.Roma())
					if !day.Equal(time.Date(2025, 3, 15, 0, 0, 0, 0, italia.Roma())) {
						t.Errorf("ultimo file del %v, atteso il giorno prima di oggi", day)
					}
					m, err := cdr.ReadManifest(root, olo1, day)
					ok(t, err)
					if m.Files[len(m.Files)-1].Sha256 != f.Sha256 || int64(f.Righe) != m.Files[len(m.Files)-1].Righe {
						t.Errorf("ultimo file %+v, manifest %+v", f, m.Files)
					}
					if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(f.Percorso))); err != nil {
						t.Errorf("l'ultimo file non e' su SFTP: %v", err)
					}
				} else if d.UltimoFileCdr != nil {
					t.Errorf("%s senza albero SFTP ha un ultimo file %+v", op, d.UltimoFileCdr)
				}
			})
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// The series count the same orders: ORDINI_INVIATI per day adds up to the list of the
// period, ORDINI_OLTRE_DAC never counts an order whose DAC has not passed.
func TestAndamentoDashboard(t *testing.T) {
	t.Parallel()
	w := mondo(t, 61, inizio, 0, nil)
	dal := giorno(inizio.AddDate(0, 0, -29))
	al := giorno(inizio)
	casi := []struct {
		gr    wpti.Granularita
		punti int
	}{{wpti.GranularitaGiorno, 30}, {wpti.GranularitaSettimana, 6}, {wpti.GranularitaMese, 2}}
	n := len(ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{Dal: &dal, Al: &al}))
	for _, c := range casi {
		a, err := w.LeggiAndamentoDashboard(olo1, wpti.LeggiAndamentoDashboardParams{Metrica: wpti.MetricaAndamentoORDINIINVIATI, Granularita: ptr(c.gr), Dal: &dal, Al: &al})
		ok(t, err)
		if len(a.Punti) != c.punti {
			t.Errorf("%s: %d punti, attesi %d", c.gr, len(a.Punti), c.punti)
		}
		somma := 0.0
		for _, p := range a.Punti {
			somma += p.Valore
		}
		if int(somma) != n {
			t.Errorf("%s: la serie somma %v, l'elenco %d", c.gr, somma, n)
		}
	}
	// an order due next week is not late
	_, _, err := w.CreaOrdineWlr(olo1, richiesta("AND-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655501234", lavorativiDopo(w, 5)))
	ok(t, err)
	futuro := giorno(inizio.AddDate(0, 0, 30))
	a, err := w.LeggiAndamentoDashboard(olo1, wpti.LeggiAndamentoDashboardParams{Metrica: wpti.MetricaAndamentoORDINIOLTREDAC, Dal: &al, Al: &futuro})
	ok(t, err)
	for _, p := range a.Punti {
		if !p.InizioPeriodo.Before(al.Time) && p.Valore != 0 {
			t.Errorf("%v: %v ordini oltre una DAC che non e' ancora passata", p.InizioPeriodo, p.Valore)
		}
	}
	lontano := giorno(inizio.AddDate(-2, 0, 0))
	_, err = w.LeggiAndamentoDashboard(olo1, wpti.LeggiAndamentoDashboardParams{Metrica: wpti.MetricaAndamentoORDINIINVIATI, Dal: &lontano, Al: &al})
	errore(t, err, 422, "REGOLA_VIOLATA")
}
