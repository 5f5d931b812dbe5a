package world_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/world"
)

// The documented table of test values (spec/wpti.yaml, "Valori di test della sandbox"):
// the fixture file must say the same, or the manual and the sandbox disagree.
func TestValoriTestComeDaContratto(t *testing.T) {
	t.Parallel()
	w := mondo(t, 1, inizio, 0, nil)
	type atteso struct{ esito, causale, fase string }
	want := map[string]atteso{
		"dn 0001": {"KO_FORMALE", "KO01", "ACQUISITO"}, "dn 0002": {"KO_FORMALE", "KO02", "ACQUISITO"},
		"dn 0003": {"KO_FORMALE", "KO03", "ACQUISITO"}, "dn 0004": {"KO_FORMALE", "KO04", "ACQUISITO"},
		"dn 0005": {"KO_FORMALE", "KO05", "ACQUISITO"}, "dn 0007": {"KO_FORMALE", "KO07", "ACQUISITO"},
		"dn 0008": {"KO_FORMALE", "KO08", "ACQUISITO"}, "dn 0009": {"KO_TECNICO", "KO09", "IN_LAVORAZIONE"},
		"dn 0010": {"KO_TECNICO", "KO10", "IN_LAVORAZIONE"}, "dn 0011": {"ESPLETATO", "", "IN_LAVORAZIONE"},
		"codiceMigrazione 000": {"KO_FORMALE", "KO06", "ACQUISITO"},
	}
	got := map[string]atteso{}
	for _, v := range w.Fixtures().ValoriTest {
		got[v.Campo+" "+v.Suffisso+v.Cos] = atteso{v.Esito, v.Causale, v.Fase}
	}
	for k, a := range want {
		if got[k] != a {
			t.Errorf("valore di test %s: fixture %+v, contratto %+v", k, got[k], a)
		}
	}
	if len(got) != len(want) {
		t.Errorf("la fixture ha %d valori di test, il contratto %d", len(got), len(want))
	}
}

// Every test value of fixtures/valori-test.yaml gives exactly its outcome, causale and
// phase as the sandbox clock advances.
func TestValoriTestDannoIlLoroEsito(t *testing.T) {
	t.Parallel()
	w := mondo(t, 3, inizio, 0, nil)
	dac := lavorativiDopo(w, 6)
	type caso struct {
		v  world.ValoreTest
		id string
	}
	var casi []caso
	for i, v := range w.Fixtures().ValoriTest {
		codice := fmt.Sprintf("VT-%02d", i)
		var r wpti.RichiestaOrdineWlr
		switch v.Campo {
		case "dn":
			dn := "065551" + strings.Repeat("2", 4-len(v.Suffisso)) + v.Suffisso
			r = richiesta(codice, wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, dn, dac)
		case "codiceMigrazione":
			r = richiesta(codice, wpti.TipoOrdineWlrMIGRAZIONE, "0655519876", dac)
			r.CodiceMigrazione = ptr("TIM0655519876" + v.Cos + "K")
		default:
			t.Fatalf("campo %q non previsto dal test", v.Campo)
		}
		o, replay, err := w.CreaOrdineWlr(olo1, r)
		ok(t, err)
		if replay || o.Stato != wpti.StatoOrdineWlrINVIATO {
			t.Fatalf("%s: creato in %s (replay %v), atteso INVIATO", codice, o.Stato, replay)
		}
		casi = append(casi, caso{v, o.CodiceOrdineRo})
	}
	vaiA(t, w, alle(dac, 18, 0).AddDate(0, 0, 7))
	for _, c := range casi {
		t.Run(c.v.Campo+"="+c.v.Suffisso+c.v.Cos, func(t *testing.T) {
			o, err := w.LeggiOrdineWlr(olo1, c.id)
			ok(t, err)
			if string(o.Stato) != c.v.Esito {
				t.Fatalf("stato %s, atteso %s", o.Stato, c.v.Esito)
			}
			if got := string(deref(o.CausaleKo)); got != c.v.Causale {
				t.Errorf("causale %q, attesa %q", got, c.v.Causale)
			}
			if c.v.Causale != "" && deref(o.DescrizioneKo) == "" {
				t.Error("KO senza descrizione")
			}
			st := storico(t, w, olo1, c.id)
			last := st[len(st)-1]
			if string(last.A) != c.v.Esito || last.Da == nil || string(*last.Da) != c.v.Fase {
				t.Errorf("ultimo passaggio %v -> %s, atteso %s -> %s", last.Da, last.A, c.v.Fase, c.v.Esito)
			}
			if c.v.Esito == "ESPLETATO" {
				// the documented detour: one working day SOSPESO, then back in work
				want := []wpti.StatoOrdineWlr{"INVIATO", "ACQUISITO", "ACCETTATO", "IN_LAVORAZIONE", "SOSPESO", "IN_LAVORAZIONE", "ESPLETATO"}
				if got := statiDi(st); !slices.Equal(got, want) {
					t.Errorf("percorso %v, atteso %v", got, want)
				}
			}
		})
	}
	// The feasibility check agrees with KO02 and KO04.
	for _, suf := range []string{"0002", "0004"} {
		v, err := w.VerificaFattibilita(olo1, "06555"+"1"+suf)
		ok(t, err)
		if v.Vendibile || string(deref(v.CausaleKo)) != "KO"+suf[2:] {
			t.Errorf("fattibilita' di ...%s: vendibile %v causale %v", suf, v.Vendibile, v.CausaleKo)
		}
	}
	v, err := w.VerificaFattibilita(olo1, "0655512345")
	ok(t, err)
	if !v.Vendibile {
		t.Error("un DN ordinario risulta non vendibile")
	}
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// The normal path, in working days: INVIATO at once, ACQUISITO and ACCETTATO within the
// quarter hour, IN_LAVORAZIONE at 09:00 of the next working day, ESPLETATO at 12:00 of the
// DAC; the activation then creates the line.
func TestCicloDiVitaOrdineAttivazione(t *testing.T) {
	t.Parallel()
	w := mondo(t, 4, inizio, 0, nil)
	dac := lavorativiDopo(w, 5)
	dn := "0655512345"
	o, _, err := w.CreaOrdineWlr(olo1, richiesta("ATT-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, dn, dac))
	ok(t, err)
	id := o.CodiceOrdineRo
	if !strings.HasPrefix(id, "ORD-20250310-") {
		t.Errorf("codiceOrdineRo %s", id)
	}
	passi := []struct {
		at    time.Time
		stato wpti.StatoOrdineWlr
	}{
		{inizio.Add(time.Minute), wpti.StatoOrdineWlrINVIATO},
		{inizio.Add(2 * time.Minute), wpti.StatoOrdineWlrACQUISITO},
		{inizio.Add(15 * time.Minute), wpti.StatoOrdineWlrACCETTATO},
		{time.Date(2025, 3, 11, 8, 59, 0, 0, italia.Roma()), wpti.StatoOrdineWlrACCETTATO},
		{time.Date(2025, 3, 11, 9, 0, 0, 0, italia.Roma()), wpti.StatoOrdineWlrINLAVORAZIONE},
		{alle(dac, 11, 59), wpti.StatoOrdineWlrINLAVORAZIONE},
		{alle(dac, 12, 0), wpti.StatoOrdineWlrESPLETATO},
	}
	for _, p := range passi {
		vaiA(t, w, p.at)
		if _, err := w.LeggiLineaWlr(olo1, dn); (err == nil) != (p.stato == wpti.StatoOrdineWlrESPLETATO) {
			t.Fatalf("alle %s la linea esiste: %v", p.at, err == nil)
		}
		got, err := w.LeggiOrdineWlr(olo1, id)
		ok(t, err)
		if got.Stato != p.stato {
			t.Fatalf("alle %s stato %s, atteso %s", p.at.Format(time.DateTime), got.Stato, p.stato)
		}
	}
	got, _ := w.LeggiOrdineWlr(olo1, id)
	if got.DataEspletamento == nil || !got.DataEspletamento.Equal(dac.Time) {
		t.Errorf("dataEspletamento %v, attesa %v", got.DataEspletamento, dac)
	}
	for _, tr := range storico(t, w, olo1, id) {
		if !italia.GiornoLavorativo(tr.Timestamp) {
			t.Errorf("passaggio a %s di %s: giorno non lavorativo", tr.A, tr.Timestamp)
		}
	}
	l, err := w.LeggiLineaWlr(olo1, dn)
	ok(t, err)
	if l.Stato != wpti.StatoLineaATTIVA || !l.DataAttivazione.Equal(dac.Time) || deref(l.UltimoOrdine) != id || deref(l.Cliente.CodiceFiscale) != cfCliente {
		t.Errorf("linea creata male: %+v", l)
	}
	// the documents of the flow: confirmation and completion report
	docs, err := w.ElencaDocumenti(olo1, wpti.ElencaDocumentiParams{CodiceOrdineRo: &id})
	ok(t, err)
	if docs.Totale != 2 {
		t.Errorf("%d documenti per l'ordine, attesi 2 (conferma, verbale)", docs.Totale)
	}
}

// CESSAZIONE ceases the line, VARIAZIONE changes its services, SUBENTRO its holder,
// TRASLOCO its address: each on completion, not before.
func TestEspletamentoCambiaLaLinea(t *testing.T) {
	t.Parallel()
	nuovoCF := "RSSMRA80A01H501U"
	if err := italia.ValidaCodiceFiscale(nuovoCF); err != nil {
		t.Fatalf("codice fiscale del test: %v", err)
	}
	casi := []struct {
		nome  string
		tipo  wpti.TipoOrdineWlr
		prima func(*wpti.RichiestaOrdineWlr)
		dopo  func(t *testing.T, l wpti.LineaWlr, err error)
	}{
		{"cessazione", wpti.TipoOrdineWlrCESSAZIONE, nil, func(t *testing.T, l wpti.LineaWlr, err error) {
			ok(t, err)
			if l.Stato != wpti.StatoLineaCESSATA || l.DataCessazione == nil {
				t.Errorf("linea %s con cessazione %v", l.Stato, l.DataCessazione)
			}
		}},
		{"variazione", wpti.TipoOrdineWlrVARIAZIONE, func(r *wpti.RichiestaOrdineWlr) {
			r.ServiziSupplementari = &[]wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIP, wpti.ServizioSupplementareSEGRETERIATELEFONICA}
		}, func(t *testing.T, l wpti.LineaWlr, err error) {
			ok(t, err)
			if l.Stato != wpti.StatoLineaATTIVA || !slices.Contains(l.ServiziSupplementari, wpti.ServizioSupplementareSEGRETERIATELEFONICA) {
				t.Errorf("linea %s servizi %v", l.Stato, l.ServiziSupplementari)
			}
		}},
		{"subentro", wpti.TipoOrdineWlrSUBENTRO, func(r *wpti.RichiestaOrdineWlr) {
			r.Cliente = wpti.ClienteWlr{Nominativo: ptr("Mario Rossi"), CodiceFiscale: ptr(nuovoCF)}
		}, func(t *testing.T, l wpti.LineaWlr, err error) {
			ok(t, err)
			if deref(l.Cliente.CodiceFiscale) != nuovoCF {
				t.Errorf("intestatario %v", l.Cliente)
			}
		}},
		{"trasloco", wpti.TipoOrdineWlrTRASLOCO, func(r *wpti.RichiestaOrdineWlr) {
			s := indirizzoRoma()
			s.Civico = "99"
			r.Sede = &s
		}, func(t *testing.T, l wpti.LineaWlr, err error) {
			ok(t, err)
			if l.Sede == nil || l.Sede.Civico != "99" {
				t.Errorf("sede %+v", l.Sede)
			}
		}},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			t.Parallel()
			w := mondo(t, 6, inizio, 0, nil)
			prima, err := w.LeggiLineaWlr(olo1, dnCliente)
			ok(t, err)
			dac := lavorativiDopo(w, 7)
			r := richiesta("CAMBIO-"+c.nome, c.tipo, dnCliente, dac)
			if c.prima != nil {
				c.prima(&r)
			}
			o, _, err := w.CreaOrdineWlr(olo1, r)
			ok(t, err)
			vaiA(t, w, alle(dac, 11, 0))
			durante, err := w.LeggiLineaWlr(olo1, dnCliente)
			ok(t, err)
			if fmt.Sprint(durante) != fmt.Sprint(prima) {
				t.Fatalf("la linea cambia prima dell'espletamento")
			}
			vaiA(t, w, alle(dac, 12, 0))
			got, err := w.LeggiOrdineWlr(olo1, o.CodiceOrdineRo)
			ok(t, err)
			if got.Stato != wpti.StatoOrdineWlrESPLETATO {
				t.Fatalf("ordine %s (%v), atteso ESPLETATO", got.Stato, got.CausaleKo)
			}
			l, err := w.LeggiLineaWlr(olo1, dnCliente)
			c.dopo(t, l, err)
			if err == nil && deref(l.UltimoOrdine) != o.CodiceOrdineRo {
				t.Errorf("ultimoOrdine %v, atteso %s", l.UltimoOrdine, o.CodiceOrdineRo)
			}
		})
	}
}

// Asynchronous formal checks without test values: KO02 on an unknown line, KO03 on
// another holder, KO05 on activating a line already active, KO08 CLIR with a reserved
// number.
func TestVerificaFormale(t *testing.T) {
	t.Parallel()
	w := mondo(t, 7, inizio, 0, nil)
	dac := lavorativiDopo(w, 6)
	altro := richiesta("VF-KO03", wpti.TipoOrdineWlrVARIAZIONE, dnCliente, dac)
	altro.Cliente = wpti.ClienteWlr{Nominativo: ptr("Mario Rossi"), CodiceFiscale: ptr("RSSMRA80A01H501U")}
	ko08 := richiesta("VF-KO08", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655533333", dac)
	ko08.ServiziSupplementari = &[]wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIR, wpti.ServizioSupplementareNUMERORISERVATO}
	casi := []struct {
		r       wpti.RichiestaOrdineWlr
		causale wpti.CausaleKo
	}{
		{richiesta("VF-KO02", wpti.TipoOrdineWlrCESSAZIONE, "0655544444", dac), "KO02"},
		{altro, "KO03"},
		{ko08, "KO08"},
	}
	var ids []string
	for _, c := range casi {
		o, _, err := w.CreaOrdineWlr(olo1, c.r)
		ok(t, err)
		ids = append(ids, o.CodiceOrdineRo)
	}
	avanza(t, w, time.Hour)
	for i, c := range casi {
		o, err := w.LeggiOrdineWlr(olo1, ids[i])
		ok(t, err)
		if o.Stato != wpti.StatoOrdineWlrKOFORMALE || deref(o.CausaleKo) != c.causale {
			t.Errorf("%s: %s %v, atteso KO_FORMALE %s", c.r.CodiceOrdineOlo, o.Stato, o.CausaleKo, c.causale)
		}
	}
	// KO05 asynchronous: the line is already active for this OLO (no open order on it).
	o, _, err := w.CreaOrdineWlr(olo1, richiesta("VF-KO05", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, dnCliente, lavorativiDopo(w, 6)))
	ok(t, err)
	avanza(t, w, time.Hour)
	o, _ = w.LeggiOrdineWlr(olo1, o.CodiceOrdineRo)
	if o.Stato != wpti.StatoOrdineWlrKOFORMALE || deref(o.CausaleKo) != "KO05" {
		t.Errorf("attivazione su linea attiva: %s %v", o.Stato, o.CausaleKo)
	}
}

// The synchronous refusals of creaOrdineWlr: 422 with the causale in codice.
func TestRegoleSincroneOrdine(t *testing.T) {
	t.Parallel()
	w := mondo(t, 8, inizio, 0, nil)
	// an open order on 0655500100 for the KO05 case
	_, _, err := w.CreaOrdineWlr(olo1, richiesta("APERTO-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500100", lavorativiDopo(w, 8)))
	ok(t, err)
	oggi := time.Date(2025, 3, 10, 0, 0, 0, 0, italia.Roma())
	sabato := giorno(time.Date(2025, 3, 22, 0, 0, 0, 0, italia.Roma()))
	festivo := giorno(time.Date(2025, 4, 25, 0, 0, 0, 0, italia.Roma()))
	// 90 days after 2025-03-10 is 2025-06-08, a Sunday: the last valid DAC is Friday 6 June.
	ultimoValido := giorno(time.Date(2025, 6, 6, 0, 0, 0, 0, italia.Roma()))
	primoNonValido := giorno(time.Date(2025, 6, 9, 0, 0, 0, 0, italia.Roma()))
	mod := func(f func(*wpti.RichiestaOrdineWlr)) wpti.RichiestaOrdineWlr {
		r := richiesta("", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500200", lavorativiDopo(w, 6))
		f(&r)
		return r
	}
	casi := []struct {
		nome   string
		r      wpti.RichiestaOrdineWlr
		status int
		codice string
	}{
		{"DAC a 4 giorni lavorativi", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = lavorativiDopo(w, 4) }), 422, "KO07"},
		{"DAC di sabato", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = sabato }), 422, "KO07"},
		{"DAC festiva", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = festivo }), 422, "KO07"},
		{"DAC nel passato", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = giorno(oggi.AddDate(0, 0, -3)) }), 422, "KO07"},
		{"DAC oltre 90 giorni", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = primoNonValido }), 422, "KO07"},
		{"DAC a 5 giorni lavorativi", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = lavorativiDopo(w, 5) }), 0, ""},
		{"DAC all'ultimo giorno valido", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dac = ultimoValido; r.Dn = ptr("0655500300") }), 0, ""},
		{"ordine aperto sul DN", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dn = ptr("0655500100") }), 422, "KO05"},
		{"ordine aperto su un numero aggiuntivo", mod(func(r *wpti.RichiestaOrdineWlr) {
			r.Dn = ptr("0655500400")
			r.DnList = &[]string{"0655500100"}
		}), 422, "KO05"},
		{"cessazione senza dn", mod(func(r *wpti.RichiestaOrdineWlr) { r.Tipo = wpti.TipoOrdineWlrCESSAZIONE; r.Dn = nil }), 422, "KO01"},
		{"migrazione senza codice", mod(func(r *wpti.RichiestaOrdineWlr) { r.Tipo = wpti.TipoOrdineWlrMIGRAZIONE }), 422, "KO01"},
		{"linea nuova senza sede", mod(func(r *wpti.RichiestaOrdineWlr) { r.Tipo = wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA }), 422, "KO01"},
		{"trasloco senza sede", mod(func(r *wpti.RichiestaOrdineWlr) { r.Tipo = wpti.TipoOrdineWlrTRASLOCO }), 422, "KO01"},
		{"trasloco fuori distretto", mod(func(r *wpti.RichiestaOrdineWlr) {
			r.Tipo = wpti.TipoOrdineWlrTRASLOCO
			r.Sede = &wpti.Indirizzo{Indirizzo: "Via Melchiorre Gioia", Civico: "8", Cap: "20124", Comune: "Milano", CodiceIstatComune: ptr("015146"), Provincia: "MI"}
		}), 422, "REGOLA_VIOLATA"},
		{"cliente senza nominativo", mod(func(r *wpti.RichiestaOrdineWlr) { r.Cliente.Nominativo = nil }), 422, "KO01"},
		{"cliente senza CF", mod(func(r *wpti.RichiestaOrdineWlr) { r.Cliente.CodiceFiscale = nil }), 422, "KO01"},
		{"CF con controllo errato", mod(func(r *wpti.RichiestaOrdineWlr) { r.Cliente.CodiceFiscale = ptr("RCCMNL83S18D969A") }), 422, "REGOLA_VIOLATA"},
		{"P.IVA con controllo errato", mod(func(r *wpti.RichiestaOrdineWlr) {
			r.Cliente = wpti.ClienteWlr{RagioneSociale: ptr("Rossi S.r.l."), PartitaIva: ptr("00743110158")}
		}), 422, "REGOLA_VIOLATA"},
		{"numero mobile", mod(func(r *wpti.RichiestaOrdineWlr) { r.Dn = ptr("3331234567") }), 422, "REGOLA_VIOLATA"},
		{"dnList ripete dn", mod(func(r *wpti.RichiestaOrdineWlr) { r.DnList = &[]string{"0655500200"} }), 422, "REGOLA_VIOLATA"},
	}
	for i, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			c.r.CodiceOrdineOlo = fmt.Sprintf("SYNC-%02d", i)
			o, _, err := w.CreaOrdineWlr(olo1, c.r)
			if c.status == 0 {
				ok(t, err)
				if o.Stato != wpti.StatoOrdineWlrINVIATO {
					t.Errorf("stato %s", o.Stato)
				}
				return
			}
			e := errore(t, err, c.status, c.codice)
			if len(e.Campi) == 0 {
				t.Errorf("%s senza campo in errore", e.Codice)
			}
			if l := ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{CodiceOrdineOlo: &c.r.CodiceOrdineOlo}); len(l) != 0 {
				t.Errorf("un ordine rifiutato e' stato creato")
			}
		})
	}
}

// Orders are idempotent on codiceOrdineOlo: the same body gives the same order in its
// current state, a different body 409.
func TestIdempotenzaCodiceOrdineOlo(t *testing.T) {
	t.Parallel()
	w := mondo(t, 10, inizio, 0, nil)
	r := richiesta("IDEM-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500500", lavorativiDopo(w, 6))
	o1, replay, err := w.CreaOrdineWlr(olo1, r)
	ok(t, err)
	if replay {
		t.Fatal("la prima creazione risulta replay")
	}
	avanza(t, w, time.Hour)
	o2, replay, err := w.CreaOrdineWlr(olo1, r)
	ok(t, err)
	if !replay || o2.CodiceOrdineRo != o1.CodiceOrdineRo || o2.Stato != wpti.StatoOrdineWlrACCETTATO {
		t.Fatalf("replay %v id %s stato %s, atteso replay dello stesso ordine ACCETTATO", replay, o2.CodiceOrdineRo, o2.Stato)
	}
	diverso := r
	diverso.Nota = ptr("un'altra cosa")
	_, _, err = w.CreaOrdineWlr(olo1, diverso)
	errore(t, err, 409, "CONFLITTO")
	// the same code of another OLO is another order
	o3, replay, err := w.CreaOrdineWlr(olo2, r)
	ok(t, err)
	if replay || o3.CodiceOrdineRo == o1.CodiceOrdineRo {
		t.Fatalf("il codice dell'OLO001 vale anche per l'OLO002")
	}
	if n := len(ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{CodiceOrdineOlo: ptr("IDEM-1")})); n != 1 {
		t.Fatalf("%d ordini con lo stesso codice", n)
	}
}

// Cancellation works from every non-final state and stops the lifecycle; from a final
// state it is 409.
func TestAnnullamento(t *testing.T) {
	t.Parallel()
	w := mondo(t, 11, inizio, 0, nil)
	dac := lavorativiDopo(w, 6)
	crea := func(codice, dn string) string {
		o, _, err := w.CreaOrdineWlr(olo1, richiesta(codice, wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, dn, dac))
		ok(t, err)
		return o.CodiceOrdineRo
	}
	subito := crea("ANN-INVIATO", "0655500601")
	accettato := crea("ANN-ACCETTATO", "0655500602")
	lavorazione := crea("ANN-LAVORAZIONE", "0655500603")
	koFormale := crea("ANN-KO", "0655500002")
	espletato := crea("ANN-ESPLETATO", "0655500604")

	annulla := func(id string) (wpti.OrdineWlr, error) {
		return w.AnnullaOrdineWlr(olo1, id, wpti.RichiestaAnnullamentoOrdineWlr{Motivo: "ripensamento del cliente"})
	}
	o, err := annulla(subito)
	ok(t, err)
	if o.Stato != wpti.StatoOrdineWlrANNULLATO {
		t.Fatalf("stato %s", o.Stato)
	}
	avanza(t, w, 20*time.Minute)
	_, err = annulla(accettato)
	ok(t, err)
	vaiA(t, w, time.Date(2025, 3, 11, 10, 0, 0, 0, italia.Roma()))
	if o, _ := w.LeggiOrdineWlr(olo1, lavorazione); o.Stato != wpti.StatoOrdineWlrINLAVORAZIONE {
		t.Fatalf("atteso IN_LAVORAZIONE, e' %s", o.Stato)
	}
	_, err = annulla(lavorazione)
	ok(t, err)
	vaiA(t, w, alle(dac, 13, 0))

	for _, id := range []string{subito, accettato, lavorazione} {
		o, err := w.LeggiOrdineWlr(olo1, id)
		ok(t, err)
		if o.Stato != wpti.StatoOrdineWlrANNULLATO || o.DataEspletamento != nil {
			t.Errorf("%s: %s dopo la DAC, atteso ANNULLATO", id, o.Stato)
		}
		st := storico(t, w, olo1, id)
		if last := st[len(st)-1]; last.A != wpti.StatoOrdineWlrANNULLATO || !strings.Contains(deref(last.Nota), "ripensamento") {
			t.Errorf("%s: ultimo passaggio %+v", id, last)
		}
		if _, err := w.LeggiLineaWlr(olo1, *o.Dn); err == nil {
			t.Errorf("%s: un ordine annullato ha creato la linea", id)
		}
	}
	for _, id := range []string{subito, koFormale, espletato} {
		before, _ := w.LeggiOrdineWlr(olo1, id)
		_, err := annulla(id)
		errore(t, err, 409, "CONFLITTO")
		after, _ := w.LeggiOrdineWlr(olo1, id)
		if after.Stato != before.Stato {
			t.Errorf("%s: un annullamento rifiutato ha cambiato lo stato", id)
		}
	}
	_, err = annulla("ORD-20250310-ZZZZZZ")
	errore(t, err, 404, "NON_TROVATO")
}

// Rescheduling the DAC moves the completion, later or earlier; the first DAC stays in
// dacOriginale and the history gets a da == a step.
func TestRimodulazioneDac(t *testing.T) {
	t.Parallel()
	casi := []struct {
		nome         string
		nuovaDopo    int // working days from the start
		rimodulaAlle time.Time
	}{
		{"piu' tardi, in lavorazione", 12, time.Date(2025, 3, 12, 10, 0, 0, 0, italia.Roma())},
		{"piu' presto, in lavorazione", 6, time.Date(2025, 3, 12, 10, 0, 0, 0, italia.Roma())},
		{"piu' tardi, appena inviato", 15, inizio},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			t.Parallel()
			w := mondo(t, 12, inizio, 0, nil)
			dac := lavorativiDopo(w, 9)
			nuova := lavorativiDopo(w, c.nuovaDopo)
			o, _, err := w.CreaOrdineWlr(olo1, richiesta("RIM", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500700", dac))
			ok(t, err)
			vaiA(t, w, c.rimodulaAlle)
			r, err := w.RimodulaDacOrdineWlr(olo1, o.CodiceOrdineRo, wpti.RichiestaRimodulazioneDac{Dac: nuova, Motivo: ptr("cliente assente")})
			ok(t, err)
			if !r.Dac.Equal(nuova.Time) || r.DacOriginale == nil || !r.DacOriginale.Equal(dac.Time) {
				t.Fatalf("dac %v originale %v", r.Dac, r.DacOriginale)
			}
			// Not completed on the old DAC when it moved later, nor before the new one.
			vaiA(t, w, alle(nuova, 11, 59))
			if got, _ := w.LeggiOrdineWlr(olo1, o.CodiceOrdineRo); got.Stato == wpti.StatoOrdineWlrESPLETATO {
				t.Fatalf("espletato il %v, prima della nuova DAC %v", got.DataEspletamento, nuova)
			}
			vaiA(t, w, alle(nuova, 12, 0))
			got, _ := w.LeggiOrdineWlr(olo1, o.CodiceOrdineRo)
			if got.Stato != wpti.StatoOrdineWlrESPLETATO || !got.DataEspletamento.Equal(nuova.Time) {
				t.Fatalf("stato %s espletamento %v, attesi ESPLETATO il %v", got.Stato, got.DataEspletamento, nuova)
			}
			st := storico(t, w, olo1, o.CodiceOrdineRo)
			rim := slices.IndexFunc(st, func(tr wpti.TransizioneOrdineWlr) bool { return tr.Da != nil && *tr.Da == tr.A })
			if rim < 0 || !strings.Contains(deref(st[rim].Nota), nuova.Format("2006-01-02")) {
				t.Errorf("storico senza la rimodulazione: %+v", st)
			}
			if n := slices.IndexFunc(st, func(tr wpti.TransizioneOrdineWlr) bool { return tr.A == wpti.StatoOrdineWlrESPLETATO }); n != len(st)-1 {
				t.Errorf("espletato %d volte o non per ultimo", n)
			}
			for i := 1; i < len(st); i++ {
				if st[i].Timestamp.Before(st[i-1].Timestamp) {
					t.Errorf("storico non cronologico: %v prima di %v", st[i].Timestamp, st[i-1].Timestamp)
				}
			}
		})
	}
}

func TestRimodulazioneDacRifiutata(t *testing.T) {
	t.Parallel()
	w := mondo(t, 13, inizio, 0, nil)
	dac := lavorativiDopo(w, 6)
	o, _, err := w.CreaOrdineWlr(olo1, richiesta("RIM-KO", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500800", dac))
	ok(t, err)
	casi := []struct {
		nome string
		dac  openapi_types.Date
	}{
		{"stessa DAC", dac},
		{"oggi", lavorativiDopo(w, 0)},
		{"sabato", giorno(time.Date(2025, 3, 15, 0, 0, 0, 0, italia.Roma()))},
		{"oltre 90 giorni", giorno(time.Date(2025, 6, 9, 0, 0, 0, 0, italia.Roma()))},
	}
	for _, c := range casi {
		_, err := w.RimodulaDacOrdineWlr(olo1, o.CodiceOrdineRo, wpti.RichiestaRimodulazioneDac{Dac: c.dac})
		if e := errore(t, err, 422, "KO07"); e.Campi[0].Campo != "body.dac" {
			t.Errorf("%s: campo %s", c.nome, e.Campi[0].Campo)
		}
	}
	// the next working day is the earliest
	_, err = w.RimodulaDacOrdineWlr(olo1, o.CodiceOrdineRo, wpti.RichiestaRimodulazioneDac{Dac: lavorativiDopo(w, 1)})
	ok(t, err)
	vaiA(t, w, alle(lavorativiDopo(w, 2), 12, 0))
	_, err = w.RimodulaDacOrdineWlr(olo1, o.CodiceOrdineRo, wpti.RichiestaRimodulazioneDac{Dac: lavorativiDopo(w, 10)})
	errore(t, err, 409, "CONFLITTO")
}

// An ATTIVAZIONE_LINEA_NUOVA may leave dn to the network: the number appears on
// acceptance, in the district of the installation address, and becomes the line; dnList
// numbers come with the line and find it.
func TestLineaNuovaEDnAggiuntivi(t *testing.T) {
	t.Parallel()
	w := mondo(t, 14, inizio, 0, nil)
	dac := lavorativiDopo(w, 8)
	r := richiesta("NUOVA-1", wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA, "", dac)
	sede := wpti.Indirizzo{Indirizzo: "Via Assarotti", Civico: "22", Cap: "16122", Comune: "Genova", CodiceIstatComune: ptr("010025"), Provincia: wpti.ProvinciaGE}
	r.Sede = &sede
	o, _, err := w.CreaOrdineWlr(olo1, r)
	ok(t, err)
	if o.Dn != nil {
		t.Fatalf("dn %s assegnato prima dell'accettazione", *o.Dn)
	}
	avanza(t, w, time.Hour)
	o, _ = w.LeggiOrdineWlr(olo1, o.CodiceOrdineRo)
	if o.Stato != wpti.StatoOrdineWlrACCETTATO || o.Dn == nil || !strings.HasPrefix(*o.Dn, "010") {
		t.Fatalf("stato %s dn %v: atteso un numero di Genova (010) dopo l'accettazione", o.Stato, o.Dn)
	}
	gnr := richiesta("GNR-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655500900", dac)
	gnr.DnList = &[]string{"0655500901", "0655500902"}
	g, _, err := w.CreaOrdineWlr(olo1, gnr)
	ok(t, err)
	vaiA(t, w, alle(dac, 12, 0))
	l, err := w.LeggiLineaWlr(olo1, *o.Dn)
	ok(t, err)
	if l.Stato != wpti.StatoLineaATTIVA || deref(l.UltimoOrdine) != o.CodiceOrdineRo {
		t.Errorf("linea nuova %+v", l)
	}
	for _, dn := range []string{"0655500900", "0655500902"} {
		l, err := w.LeggiLineaWlr(olo1, dn)
		ok(t, err)
		if l.Dn != "0655500900" || l.DnList == nil || len(*l.DnList) != 2 || deref(l.UltimoOrdine) != g.CodiceOrdineRo {
			t.Errorf("%s: linea %+v", dn, l)
		}
	}
	if n := len(linee(t, w, olo1, wpti.ElencaLineeWlrParams{Dn: ptr("0655500901")})); n != 1 {
		t.Errorf("il filtro dn su un numero aggiuntivo trova %d linee", n)
	}
}

// Filters and paging of the order list agree with each other.
func TestElencoOrdiniFiltriEPagine(t *testing.T) {
	t.Parallel()
	w := mondo(t, 15, inizio, 0, nil)
	all := ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{})
	if len(all) < 10 {
		t.Fatalf("solo %d ordini generati", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].DataCreazione.After(all[i-1].DataCreazione) {
			t.Fatalf("ordinamento predefinito non -dataCreazione")
		}
	}
	perStato := map[wpti.StatoOrdineWlr]int{}
	for _, o := range all {
		perStato[o.Stato]++
	}
	for s, n := range perStato {
		if got := len(ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{Stato: &[]wpti.StatoOrdineWlr{s}})); got != n {
			t.Errorf("stato %s: filtro %d, conteggio %d", s, got, n)
		}
	}
	p3, err := w.ElencaOrdiniWlr(olo1, wpti.ElencaOrdiniWlrParams{Pagina: ptr(2), PerPagina: ptr(3)})
	ok(t, err)
	if p3.Totale != len(all) || len(p3.Elementi) != 3 || p3.Elementi[0].CodiceOrdineRo != all[3].CodiceOrdineRo {
		t.Errorf("pagina 2 da 3: %d elementi, totale %d", len(p3.Elementi), p3.Totale)
	}
	oltre, err := w.ElencaOrdiniWlr(olo1, wpti.ElencaOrdiniWlrParams{Pagina: ptr(1000)})
	ok(t, err)
	if oltre.Elementi == nil || len(oltre.Elementi) != 0 || oltre.Totale != len(all) {
		t.Errorf("pagina oltre l'ultima: %+v", oltre)
	}
	al := giorno(inizio.AddDate(0, 0, -30))
	dal := giorno(inizio)
	_, err = w.ElencaOrdiniWlr(olo1, wpti.ElencaOrdiniWlrParams{Dal: &dal, Al: &al})
	errore(t, err, 400, "VALIDAZIONE")
}

// "Entro 90 giorni" counts calendar days: from Wednesday 12 March 2025 at 10:00 the DAC
// 10 June (a Tuesday, exactly 90 days later) is valid, 11 June is not.
func TestDacNovantaGiorni(t *testing.T) {
	t.Parallel()
	w := mondo(t, 16, time.Date(2025, 3, 12, 10, 0, 0, 0, italia.Roma()), 0, nil)
	casi := []struct {
		dac    time.Time
		status int
	}{
		{time.Date(2025, 6, 10, 0, 0, 0, 0, italia.Roma()), 0},
		{time.Date(2025, 6, 11, 0, 0, 0, 0, italia.Roma()), 422},
	}
	for i, c := range casi {
		_, _, err := w.CreaOrdineWlr(olo1, richiesta(fmt.Sprintf("NOVANTA-%d", i), wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, fmt.Sprintf("065550%d155", i), giorno(c.dac)))
		if c.status == 0 {
			ok(t, err)
		} else {
			errore(t, err, c.status, "KO07")
		}
	}
	o, _, err := w.CreaOrdineWlr(olo1, richiesta("NOVANTA-R", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655509155", lavorativiDopo(w, 6)))
	ok(t, err)
	_, err = w.RimodulaDacOrdineWlr(olo1, o.CodiceOrdineRo, wpti.RichiestaRimodulazioneDac{Dac: giorno(casi[0].dac)})
	ok(t, err)
}
