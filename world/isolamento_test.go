package world_test

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
)

// OLO002 never sees nor touches OLO001's objects: every operation on an OLO001 id answers
// 404 as if it did not exist, a reference in a body is 422, and OLO001's world is
// unchanged afterwards.
func TestIsolamentoTraOlo(t *testing.T) {
	t.Parallel()
	w := mondo(t, 70, inizio, 2, nil)
	_, err := w.CreaBlocco(olo1, "olo001-crm", nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: dnCliente, Profilo: "TOTALE", Motivo: "prova"})
	ok(t, err)

	ids := map[string][]string{}
	for _, o := range ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{}) {
		ids["ordine"] = append(ids["ordine"], o.CodiceOrdineRo)
	}
	for _, l := range linee(t, w, olo1, wpti.ElencaLineeWlrParams{}) {
		ids["linea"] = append(ids["linea"], l.Dn)
	}
	for _, a := range aziende(t, w, olo1) {
		ids["azienda"] = append(ids["azienda"], a.AziendaId)
		for _, u := range uffici(t, w, olo1, a.AziendaId) {
			ids["ufficio"] = append(ids["ufficio"], u.UfficioId)
			for _, n := range numerazioni(t, w, olo1, u.UfficioId) {
				ids["numero"] = append(ids["numero"], u.UfficioId+" "+n.Primo)
			}
			for _, ut := range utenti(t, w, olo1, u.UfficioId) {
				ids["utente"] = append(ids["utente"], ut.UtenteId)
			}
		}
	}
	for _, p := range portedOut(t, w, olo1, wpti.ElencaPortedOutParams{}) {
		ids["ported-out"] = append(ids["ported-out"], p.IdRichiesta)
	}
	com, err := w.ElencaComunicazioni(olo1, wpti.ElencaComunicazioniParams{})
	ok(t, err)
	for _, c := range com.Elementi {
		ids["comunicazione"] = append(ids["comunicazione"], c.Id)
	}
	for _, a := range allarmi(t, w, olo1, af.ElencaAllarmiParams{}) {
		ids["allarme"] = append(ids["allarme"], a.Id)
	}
	for _, s := range soglie(t, w, olo1) {
		ids["soglia"] = append(ids["soglia"], s.Id)
	}
	for _, b := range blocchi(t, w, olo1, af.ElencaBlocchiParams{}) {
		ids["blocco"] = append(ids["blocco"], b.Id)
	}
	for k, v := range ids {
		if len(v) == 0 {
			t.Fatalf("OLO001 non ha oggetti di tipo %s", k)
		}
	}

	prima := fotografia(t, w)
	dac := lavorativiDopo(w, 8)
	op := map[string][]func(id string) error{
		"ordine": {
			func(id string) error { _, err := w.LeggiOrdineWlr(olo2, id); return err },
			func(id string) error {
				_, err := w.LeggiStoricoOrdineWlr(olo2, id, wpti.LeggiStoricoOrdineWlrParams{})
				return err
			},
			func(id string) error {
				_, err := w.AnnullaOrdineWlr(olo2, id, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "x"})
				return err
			},
			func(id string) error {
				_, err := w.RimodulaDacOrdineWlr(olo2, id, wpti.RichiestaRimodulazioneDac{Dac: dac})
				return err
			},
		},
		"linea": {
			func(dn string) error { _, err := w.LeggiLineaWlr(olo2, dn); return err },
			func(dn string) error { _, err := w.LeggiTraffico(olo2, af.LeggiTrafficoParams{Dn: dn}); return err },
		},
		"azienda": {
			func(id string) error { _, err := w.LeggiAzienda(olo2, id); return err },
			func(id string) error {
				_, err := w.AggiornaAzienda(olo2, id, wpti.ModificaAzienda{RagioneSociale: ptr("Presa")})
				return err
			},
			func(id string) error { return w.EliminaAzienda(olo2, id) },
			func(id string) error { _, err := w.ElencaUffici(olo2, id, wpti.ElencaUfficiParams{}); return err },
			func(id string) error {
				_, err := w.CreaUfficio(olo2, id, nil, wpti.RichiestaUfficio{Nome: "Intruso", Prefisso: "06", Indirizzo: indirizzoRoma()})
				return err
			},
		},
		"ufficio": {
			func(id string) error { _, err := w.LeggiUfficio(olo2, id); return err },
			func(id string) error {
				_, err := w.AggiornaUfficio(olo2, id, wpti.ModificaUfficio{Nome: ptr("Presa")})
				return err
			},
			func(id string) error { return w.EliminaUfficio(olo2, id) },
			func(id string) error {
				_, err := w.ElencaNumerazioni(olo2, id, wpti.ElencaNumerazioniParams{})
				return err
			},
			func(id string) error {
				_, err := w.CreaNumerazione(olo2, id, nil, numero("0655509000", "", false))
				return err
			},
			func(id string) error { _, err := w.ElencaUtenti(olo2, id, wpti.ElencaUtentiParams{}); return err },
			func(id string) error { _, err := w.CreaUtente(olo2, id, nil, utente("999", nil)); return err },
		},
		"numero": {
			func(x string) error { f := strings.Fields(x); return w.EliminaNumerazione(olo2, f[0], f[1]) },
		},
		"utente": {
			func(id string) error { _, err := w.LeggiUtente(olo2, id); return err },
			func(id string) error {
				_, err := w.AggiornaUtente(olo2, id, wpti.ModificaUtente{Nome: ptr("Preso")})
				return err
			},
			func(id string) error { return w.EliminaUtente(olo2, id) },
			func(id string) error { _, err := w.ReimpostaPasswordUtente(olo2, id); return err },
			func(id string) error {
				_, err := w.ReimpostaPasswordUtenteConChiave(olo2, id, ptr("chiave-intrusa"))
				return err
			},
		},
		"ported-out": {
			func(id string) error { _, err := w.LeggiPortedOut(olo2, id); return err },
		},
		"comunicazione": {
			func(id string) error { _, err := w.LeggiComunicazione(olo2, id); return err },
			func(id string) error { _, err := w.SegnaComunicazioneLetta(olo2, id); return err },
		},
		"allarme": {
			func(id string) error { _, err := w.LeggiAllarme(olo2, id); return err },
			func(id string) error {
				_, err := w.AggiornaAllarme(olo2, "olo002-crm", id, af.AggiornamentoAllarme{Stato: af.StatoAllarmePRESAINCARICO, Nota: "x"})
				return err
			},
		},
		"soglia": {
			func(id string) error { _, err := w.LeggiSoglia(olo2, id); return err },
			func(id string) error {
				_, err := w.AggiornaSoglia(olo2, id, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Metrica: af.MetricaSogliaCHIAMATEMINUTO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
				return err
			},
			func(id string) error { return w.EliminaSoglia(olo2, id) },
		},
		"blocco": {
			func(id string) error { return w.EliminaBlocco(olo2, id) },
		},
	}
	for kind, fs := range op {
		t.Run(kind, func(t *testing.T) {
			for _, id := range ids[kind] {
				for i, f := range fs {
					if err := f(id); err == nil {
						t.Fatalf("operazione %d di OLO002 riuscita su %s %s dell'OLO001", i, kind, id)
					} else {
						errore(t, err, 404, "NON_TROVATO")
					}
				}
			}
		})
	}

	// references in a body: 422, nothing created
	az1, ut1 := ids["azienda"][0], ids["utente"][0]
	refs := []func() error{
		func() error {
			_, err := w.CreaSoglia(olo2, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaAZIENDA, Riferimento: &az1, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
			return err
		},
		func() error {
			_, err := w.CreaSoglia(olo2, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: ptr(dnCliente), Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 1, Critico: 2, Azione: af.AzioneSogliaNOTIFICA})
			return err
		},
		func() error {
			_, err := w.CreaBlocco(olo2, "olo002-crm", nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoUTENTE, Riferimento: ut1, Profilo: "TOTALE", Motivo: "x"})
			return err
		},
		func() error {
			_, err := w.CreaBlocco(olo2, "olo002-crm", nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: dnCliente, Profilo: "TOTALE", Motivo: "x", AllarmeId: &ids["allarme"][0]})
			return err
		},
	}
	for i, f := range refs {
		if err := f(); err == nil {
			t.Errorf("riferimento %d all'OLO001 accettato", i)
		} else {
			errore(t, err, 422, "")
		}
	}

	dopo := fotografia(t, w)
	for k, v := range prima {
		if strings.HasPrefix(k, olo1) && !bytes.Equal(v, dopo[k]) {
			t.Errorf("il mondo dell'OLO001 e' cambiato in %s", k)
		}
	}
	// and nothing of OLO001 shows in OLO002's lists
	for k, v := range dopo {
		if !strings.HasPrefix(k, olo2) {
			continue
		}
		for kind, list := range ids {
			if kind == "linea" || kind == "numero" {
				continue // numbers are not ids: two OLOs may hold the same digits elsewhere
			}
			for _, id := range list {
				if bytes.Contains(v, []byte(`"`+id+`"`)) {
					t.Errorf("%s mostra %s %s dell'OLO001", k, kind, id)
				}
			}
		}
	}
}

// The world is safe for concurrent use: clients of two OLOs read and write while the
// clock moves and CDR days are produced (run with -race).
func TestUsoConcorrente(t *testing.T) {
	t.Parallel()
	w := mondo(t, 71, inizio, 1, map[string]string{olo1: t.TempDir()})
	dnDi := map[string]string{olo1: dnCliente, olo2: linee(t, w, olo2, wpti.ElencaLineeWlrParams{Stato: &[]wpti.StatoLinea{wpti.StatoLineaATTIVA}})[0].Dn}
	dac := lavorativiDopo(w, 20)
	var wg sync.WaitGroup
	for i, op := range []string{olo1, olo2, olo1, olo2} {
		wg.Go(func() {
			for j := range 15 {
				r := richiesta(fmt.Sprintf("CONC-%d-%02d", i, j), wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, fmt.Sprintf("06556%d%02d55", i, j), dac)
				if _, _, err := w.CreaOrdineWlr(op, r); err != nil {
					t.Error(err)
				}
				if _, err := w.ElencaAllarmi(op, af.ElencaAllarmiParams{}); err != nil {
					t.Error(err)
				}
				if _, err := w.LeggiRiepilogoDashboard(op, wpti.LeggiRiepilogoDashboardParams{}); err != nil {
					t.Error(err)
				}
				if _, err := w.LeggiTraffico(op, af.LeggiTrafficoParams{Dn: dnDi[op]}); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Go(func() {
		for range 6 {
			if err := w.Avanza(7 * time.Hour); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()
	for _, op := range []string{olo1, olo2} {
		n := 0
		for _, o := range ordini(t, w, op, wpti.ElencaOrdiniWlrParams{}) {
			if strings.HasPrefix(o.CodiceOrdineOlo, "CONC-") {
				n++
			}
		}
		if n != 30 {
			t.Errorf("%s: %d ordini creati in concorrenza, attesi 30", op, n)
		}
	}
}
