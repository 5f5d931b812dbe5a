package world_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/world"
)

// sogliaOLO returns the OLO-wide threshold of a metric.
func sogliaOLO(t testing.TB, w *world.World, op string, m af.MetricaSoglia) af.Soglia {
	t.Helper()
	for _, s := range soglie(t, w, op) {
		if s.Ambito == af.AmbitoSogliaOLO && s.Metrica == m {
			return s
		}
	}
	t.Fatalf("%s: nessuna soglia OLO %s", op, m)
	return af.Soglia{}
}

// numeroVoip returns a VoIP user's number of the OLO (business profile: calls every
// working day).
func numeroVoip(t testing.TB, w *world.World, op string, n int) string {
	t.Helper()
	var out []string
	for _, a := range aziende(t, w, op) {
		for _, u := range uffici(t, w, op, a.AziendaId) {
			for _, ut := range utenti(t, w, op, u.UfficioId) {
				out = append(out, deref(ut.Numero))
			}
		}
	}
	if n >= len(out) {
		t.Fatalf("%s ha solo %d numeri VoIP", op, len(out))
	}
	return out[n]
}

// numeroConTrafficoSospetto is a VoIP number of OLO001 that, in the world of seed, calls an
// international or premium destination within d: minutes and cost are measured on those
// patterns, so a threshold on them can fire. Found in a twin world (a world's calls do not
// depend on its thresholds).
func numeroConTrafficoSospetto(t testing.TB, seed uint64, d time.Duration) string {
	t.Helper()
	root := t.TempDir()
	w := mondo(t, seed, inizio, 1, map[string]string{olo1: root})
	avanza(t, w, d)
	sospetti := map[string]bool{}
	for _, r := range leggiCdr(t, root, olo1) {
		switch r.TipoDestinazione {
		case cdr.DestInternazionale, cdr.DestSatellitare, cdr.DestNNG84X, cdr.DestNNG89X:
			if !r.Inizio.Before(inizio) && r.DurataSec >= cdr.BreveSec {
				sospetti[r.NumeroLinea()] = true
			}
		}
	}
	for i := 0; ; i++ {
		if dn := numeroVoip(t, w, olo1, i); sospetti[dn] {
			return dn
		}
	}
}

// Every generated OLO with ANTIFRODE starts with one OLO-wide threshold per metric, with
// the metric's natural window.
func TestSoglieIniziali(t *testing.T) {
	t.Parallel()
	w := mondo(t, 40, inizio, 0, nil)
	want := map[af.MetricaSoglia]int{
		af.MetricaSogliaCHIAMATEMINUTO: 1, af.MetricaSogliaCHIAMATECONTEMPORANEE: 5, af.MetricaSogliaCHIAMATEINTERNAZIONALIORA: 60,
		af.MetricaSogliaMINUTIGIORNO: 1440, af.MetricaSogliaCOSTOGIORNOEUR: 1440,
	}
	ss := soglie(t, w, olo1)
	if len(ss) != len(want) {
		t.Fatalf("%d soglie iniziali, attese %d", len(ss), len(want))
	}
	for _, s := range ss {
		if s.Ambito != af.AmbitoSogliaOLO || s.Riferimento != nil || !s.Attiva || s.Warning >= s.Critico || s.FinestraMinuti != want[s.Metrica] {
			t.Errorf("soglia iniziale %+v", s)
		}
	}
	if n := len(soglie(t, w, olo3)); n != 0 {
		t.Errorf("OLO003 senza ANTIFRODE ha %d soglie", n)
	}
}

func TestSoglieRegole(t *testing.T) {
	t.Parallel()
	w := mondo(t, 41, inizio, 0, nil)
	azOLO1 := aziende(t, w, olo1)[0].AziendaId
	azOLO2 := aziende(t, w, olo2)[0].AziendaId
	dnOLO2 := linee(t, w, olo2, wpti.ElencaLineeWlrParams{Stato: &[]wpti.StatoLinea{wpti.StatoLineaATTIVA}})[0].Dn
	voip := numeroVoip(t, w, olo1, 0)
	s := func(amb af.AmbitoSoglia, rif string, m af.MetricaSoglia, warn, crit float64) af.SogliaRichiesta {
		r := af.SogliaRichiesta{Ambito: amb, Metrica: m, Warning: warn, Critico: crit, Azione: af.AzioneSogliaNOTIFICA}
		if rif != "" {
			r.Riferimento = ptr(rif)
		}
		return r
	}
	casi := []struct {
		nome     string
		r        af.SogliaRichiesta
		status   int
		finestra int
	}{
		{"OLO con riferimento", s(af.AmbitoSogliaOLO, dnCliente, af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"AZIENDA senza riferimento", s(af.AmbitoSogliaAZIENDA, "", af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"AZIENDA con un numero", s(af.AmbitoSogliaAZIENDA, dnCliente, af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"AZIENDA di un altro OLO", s(af.AmbitoSogliaAZIENDA, azOLO2, af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"DN senza riferimento", s(af.AmbitoSogliaDN, "", af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"DN di un altro OLO", s(af.AmbitoSogliaDN, dnOLO2, af.MetricaSogliaMINUTIGIORNO, 1, 2), 422, 0},
		{"warning uguale a critico", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaMINUTIGIORNO, 2, 2), 422, 0},
		{"warning sopra critico", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaMINUTIGIORNO, 3, 2), 422, 0},
		{"seconda soglia OLO sulla stessa metrica", s(af.AmbitoSogliaOLO, "", af.MetricaSogliaMINUTIGIORNO, 1, 2), 409, 0},
		{"DN chiamate al minuto", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaCHIAMATEMINUTO, 1, 2), 0, 1},
		{"DN contemporanee", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaCHIAMATECONTEMPORANEE, 1, 2), 0, 5},
		{"DN internazionali", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaCHIAMATEINTERNAZIONALIORA, 1, 2), 0, 60},
		{"DN minuti", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaMINUTIGIORNO, 1, 2), 0, 1440},
		{"DN costo", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaCOSTOGIORNOEUR, 1.5, 2.25), 0, 1440},
		{"stessa soglia DN due volte", s(af.AmbitoSogliaDN, dnCliente, af.MetricaSogliaCOSTOGIORNOEUR, 1, 2), 409, 0},
		{"DN VoIP con finestra", func() af.SogliaRichiesta {
			r := s(af.AmbitoSogliaDN, voip, af.MetricaSogliaCHIAMATEMINUTO, 5, 9)
			r.FinestraMinuti = ptr(10)
			return r
		}(), 0, 10},
		{"AZIENDA", s(af.AmbitoSogliaAZIENDA, azOLO1, af.MetricaSogliaCOSTOGIORNOEUR, 10, 20), 0, 1440},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			got, err := w.CreaSoglia(olo1, nil, c.r)
			if c.status != 0 {
				errore(t, err, c.status, "")
				return
			}
			ok(t, err)
			if got.FinestraMinuti != c.finestra || !got.Attiva || got.Ambito != c.r.Ambito || deref(got.Riferimento) != deref(c.r.Riferimento) {
				t.Errorf("soglia %+v", got)
			}
			letta, err := w.LeggiSoglia(olo1, got.Id)
			ok(t, err)
			if !reflect.DeepEqual(letta, got) {
				t.Errorf("letta %+v, creata %+v", letta, got)
			}
		})
	}

	// PUT replaces everything: an absent window returns to the metric's default; the
	// same rules apply (422, 409)
	sg, err := w.CreaSoglia(olo1, nil, func() af.SogliaRichiesta {
		r := s(af.AmbitoSogliaDN, voip, af.MetricaSogliaCHIAMATECONTEMPORANEE, 3, 4)
		r.FinestraMinuti = ptr(30)
		return r
	}())
	ok(t, err)
	avanza(t, w, time.Minute)
	up, err := w.AggiornaSoglia(olo1, sg.Id, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: ptr(voip), Metrica: af.MetricaSogliaCHIAMATECONTEMPORANEE, Warning: 6, Critico: 8, Azione: af.AzioneSogliaBLOCCOINTERNAZIONALE, Attiva: ptr(false)})
	ok(t, err)
	if up.FinestraMinuti != 5 || up.Attiva || up.Warning != 6 || up.Azione != af.AzioneSogliaBLOCCOINTERNAZIONALE || !up.CreataIl.Equal(sg.CreataIl) || !up.AggiornataIl.After(sg.AggiornataIl) {
		t.Errorf("PUT: %+v", up)
	}
	_, err = w.AggiornaSoglia(olo1, sg.Id, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: ptr(voip), Metrica: af.MetricaSogliaCHIAMATECONTEMPORANEE, Warning: 9, Critico: 8, Azione: af.AzioneSogliaNOTIFICA})
	errore(t, err, 422, "REGOLA_VIOLATA")
	_, err = w.AggiornaSoglia(olo1, sg.Id, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: ptr(voip), Metrica: af.MetricaSogliaCHIAMATEMINUTO, Warning: 1, Critico: 8, Azione: af.AzioneSogliaNOTIFICA})
	errore(t, err, 409, "CONFLITTO")

	// Idempotency-Key on POST /soglie
	key := ptr("chiave-soglia-1")
	r := s(af.AmbitoSogliaAZIENDA, azOLO1, af.MetricaSogliaMINUTIGIORNO, 100, 200)
	a, err := w.CreaSoglia(olo1, key, r)
	ok(t, err)
	b, err := w.CreaSoglia(olo1, key, r)
	ok(t, err)
	if a.Id != b.Id {
		t.Errorf("replay con un'altra soglia: %s %s", a.Id, b.Id)
	}
	r.Critico = 300
	_, err = w.CreaSoglia(olo1, key, r)
	errore(t, err, 409, "CONFLITTO")

	ok(t, w.EliminaSoglia(olo1, sg.Id))
	_, err = w.LeggiSoglia(olo1, sg.Id)
	errore(t, err, 404, "NON_TROVATO")
	errore(t, w.EliminaSoglia(olo1, sg.Id), 404, "NON_TROVATO")
}

// An alert's workflow: the contract's table of legal transitions, everything else 409
// without touching the alert.
func TestTransizioniAllarme(t *testing.T) {
	t.Parallel()
	w := mondo(t, 42, inizio, 1, nil)
	// a threshold every calling line breaches: one WARNING alert per line
	s := sogliaOLO(t, w, olo1, af.MetricaSogliaMINUTIGIORNO)
	_, err := w.AggiornaSoglia(olo1, s.Id, af.SogliaRichiesta{Ambito: af.AmbitoSogliaOLO, Metrica: s.Metrica, Warning: 0.01, Critico: 1e6, Azione: af.AzioneSogliaNOTIFICA})
	ok(t, err)
	avanza(t, w, 16*time.Hour)
	aperti := allarmi(t, w, olo1, af.ElencaAllarmiParams{Stato: &[]af.StatoAllarme{af.StatoAllarmeAPERTO}})
	if len(aperti) < 25 {
		t.Fatalf("solo %d allarmi aperti", len(aperti))
	}
	const (
		A = af.StatoAllarmeAPERTO
		P = af.StatoAllarmePRESAINCARICO
		F = af.StatoAllarmeFALSOPOSITIVO
		R = af.StatoAllarmeFRODECONFERMATA
		C = af.StatoAllarmeCHIUSO
	)
	ammesse := map[af.StatoAllarme][]af.StatoAllarme{A: {P, F, R}, P: {F, R}, F: {C}, R: {C}}
	percorso := map[af.StatoAllarme][]af.StatoAllarme{A: nil, P: {P}, F: {F}, R: {P, R}, C: {F, C}}
	next := 0
	for _, da := range []af.StatoAllarme{A, P, F, R, C} {
		for _, a := range []af.StatoAllarme{A, P, F, R, C} {
			t.Run(fmt.Sprintf("%s->%s", da, a), func(t *testing.T) {
				id := aperti[next].Id
				next++
				for _, s := range percorso[da] {
					_, err := w.AggiornaAllarme(olo1, "olo001-crm", id, af.AggiornamentoAllarme{Stato: s, Nota: "verso " + string(s)})
					ok(t, err)
				}
				prima, err := w.LeggiAllarme(olo1, id)
				ok(t, err)
				avanza(t, w, time.Minute)
				got, err := w.AggiornaAllarme(olo1, "olo001-crm", id, af.AggiornamentoAllarme{Stato: a, Nota: "prova"})
				dopo, _ := w.LeggiAllarme(olo1, id)
				if !slices.Contains(ammesse[da], a) {
					errore(t, err, 409, "CONFLITTO")
					if !reflect.DeepEqual(prima, dopo) {
						t.Errorf("una transizione rifiutata ha cambiato l'allarme")
					}
					return
				}
				ok(t, err)
				last := got.Storico[len(got.Storico)-1]
				if got.Stato != a || dopo.Stato != a || len(got.Storico) != len(prima.Storico)+1 || deref(last.Da) != da || last.A != a || last.Autore != "olo001-crm" || last.Nota != "prova" || !got.AggiornatoIl.After(prima.AggiornatoIl) {
					t.Errorf("transizione registrata male: %+v", got)
				}
			})
		}
	}
	_, err = w.AggiornaAllarme(olo1, "x", "AL-ZZZZZZZZ", af.AggiornamentoAllarme{Stato: P, Nota: "n"})
	errore(t, err, 404, "NON_TROVATO")
}

// While an alert is APERTO or PRESA_IN_CARICO, new breaches of the same threshold on the
// same number update it; once handled, the next breach opens a new one.
func TestAllarmeAggiornatoNonDuplicato(t *testing.T) {
	t.Parallel()
	w := mondo(t, 43, inizio, 1, nil)
	dn := numeroVoip(t, w, olo1, 3)
	sg, err := w.CreaSoglia(olo1, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &dn, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 0.01, Critico: 1e6, Azione: af.AzioneSogliaNOTIFICA})
	ok(t, err)
	diSoglia := func() []af.Allarme {
		var out []af.Allarme
		for _, a := range allarmi(t, w, olo1, af.ElencaAllarmiParams{Dn: &dn}) {
			if deref(a.SogliaId) == sg.Id {
				out = append(out, a)
			}
		}
		return out
	}
	avanza(t, w, 16*time.Hour) // the 10th is produced
	primo := diSoglia()
	if len(primo) != 1 {
		t.Fatalf("%d allarmi della soglia DN dopo un giorno, atteso 1", len(primo))
	}
	if primo[0].Severita != af.SeveritaWARNING || primo[0].Soglia != 0.01 || primo[0].Metrica != "MINUTI_GIORNO" || deref(primo[0].Servizio) != "VOIP" || primo[0].AziendaId == nil || primo[0].UtenteId == nil {
		t.Errorf("allarme %+v", primo[0])
	}
	_, err = w.AggiornaAllarme(olo1, "olo001-crm", primo[0].Id, af.AggiornamentoAllarme{Stato: af.StatoAllarmePRESAINCARICO, Nota: "verifico"})
	ok(t, err)
	avanza(t, w, 2*24*time.Hour) // the 11th and 12th
	dopo := diSoglia()
	if len(dopo) != 1 || dopo[0].Id != primo[0].Id {
		t.Fatalf("%d allarmi della soglia dopo tre giorni, atteso lo stesso aggiornato", len(dopo))
	}
	if !dopo[0].AggiornatoIl.After(primo[0].AggiornatoIl) || !dopo[0].RilevatoIl.Equal(primo[0].RilevatoIl) || dopo[0].Stato != af.StatoAllarmePRESAINCARICO {
		t.Errorf("aggiornamento: rilevato %v->%v aggiornato %v->%v stato %s", primo[0].RilevatoIl, dopo[0].RilevatoIl, primo[0].AggiornatoIl, dopo[0].AggiornatoIl, dopo[0].Stato)
	}
	_, err = w.AggiornaAllarme(olo1, "olo001-crm", primo[0].Id, af.AggiornamentoAllarme{Stato: af.StatoAllarmeFALSOPOSITIVO, Nota: "traffico del cliente"})
	ok(t, err)
	avanza(t, w, 24*time.Hour) // the 13th
	ultimi := diSoglia()
	if len(ultimi) != 2 {
		t.Fatalf("%d allarmi dopo il falso positivo, attesi 2", len(ultimi))
	}
	if ultimi[0].Stato != af.StatoAllarmeAPERTO || ultimi[0].Id == primo[0].Id {
		t.Errorf("il nuovo superamento non apre un nuovo allarme: %+v", ultimi[0])
	}
}

// A CRITICO alert of a threshold with a blocking action creates one automatic block of the
// number, reused by later breaches; removing the block leaves the alert as it is.
func TestBloccoAutomatico(t *testing.T) {
	t.Parallel()
	w := mondo(t, 44, inizio, 1, nil)
	dn := numeroConTrafficoSospetto(t, 44, 3*24*time.Hour)
	sg, err := w.CreaSoglia(olo1, nil, af.SogliaRichiesta{Ambito: af.AmbitoSogliaDN, Riferimento: &dn, Metrica: af.MetricaSogliaMINUTIGIORNO, Warning: 0.01, Critico: 0.02, Azione: af.AzioneSogliaBLOCCOTOTALE})
	ok(t, err)
	avanza(t, w, 3*24*time.Hour)
	var al []af.Allarme
	for _, a := range allarmi(t, w, olo1, af.ElencaAllarmiParams{Dn: &dn}) {
		if deref(a.SogliaId) == sg.Id {
			al = append(al, a)
		}
	}
	if len(al) != 1 || al[0].Severita != af.SeveritaCRITICO || al[0].AzioneAutomatica != af.AzioneSogliaBLOCCOTOTALE || al[0].BloccoId == nil {
		t.Fatalf("allarmi della soglia: %+v", al)
	}
	bs := blocchi(t, w, olo1, af.ElencaBlocchiParams{Riferimento: &dn})
	if len(bs) != 1 {
		t.Fatalf("%d blocchi sul numero, atteso 1", len(bs))
	}
	b := bs[0]
	if b.Id != *al[0].BloccoId || b.Origine != af.OrigineBloccoAUTOMATICO || deref(b.AllarmeId) != al[0].Id || b.Profilo != "TOTALE" || b.Oggetto != af.OggettoBloccoDN || b.CreatoDa != "SISTEMA" {
		t.Errorf("blocco automatico %+v", b)
	}
	// the same profile on the same number by hand: 409
	_, err = w.CreaBlocco(olo1, "olo001-crm", nil, af.BloccoRichiesta{Oggetto: af.OggettoBloccoDN, Riferimento: dn, Profilo: "TOTALE", Motivo: "doppio"})
	errore(t, err, 409, "CONFLITTO")
	ok(t, w.EliminaBlocco(olo1, b.Id))
	if a, _ := w.LeggiAllarme(olo1, al[0].Id); a.Stato != af.StatoAllarmeAPERTO {
		t.Errorf("rimuovere il blocco ha cambiato l'allarme: %s", a.Stato)
	}
}

// The engine measures the thresholds that exist and are active: with every threshold
// deleted or suspended, no new alert appears.
func TestSoglieEliminateNonMisurano(t *testing.T) {
	t.Parallel()
	w := mondo(t, 45, inizio, 2, nil)
	prima := len(allarmi(t, w, olo1, af.ElencaAllarmiParams{}))
	if prima == 0 {
		t.Fatal("nessun allarme nella storia iniziale")
	}
	for i, s := range soglie(t, w, olo1) {
		if i == 0 {
			_, err := w.AggiornaSoglia(olo1, s.Id, af.SogliaRichiesta{Ambito: s.Ambito, Metrica: s.Metrica, Warning: 0.01, Critico: 0.02, Azione: s.Azione, Attiva: ptr(false)})
			ok(t, err)
			continue
		}
		ok(t, w.EliminaSoglia(olo1, s.Id))
	}
	avanza(t, w, 4*24*time.Hour)
	if dopo := len(allarmi(t, w, olo1, af.ElencaAllarmiParams{})); dopo != prima {
		t.Errorf("%d allarmi nuovi senza soglie attive", dopo-prima)
	}
	// OLO002 still has its thresholds and keeps being measured
	if len(allarmi(t, w, olo2, af.ElencaAllarmiParams{})) == 0 {
		t.Error("OLO002 senza allarmi")
	}
}

func TestBlocchi(t *testing.T) {
	t.Parallel()
	w := mondo(t, 46, inizio, 1, nil)
	az := aziende(t, w, olo1)[0].AziendaId
	uf := uffici(t, w, olo1, az)[0].UfficioId
	ut := utenti(t, w, olo1, uf)[0].UtenteId
	al1 := allarmi(t, w, olo1, af.ElencaAllarmiParams{})
	al2 := allarmi(t, w, olo2, af.ElencaAllarmiParams{})
	if len(al1) == 0 || len(al2) == 0 {
		t.Fatal("servono allarmi di entrambi gli OLO")
	}
	azOLO2 := aziende(t, w, olo2)[0].AziendaId
	b := func(o af.OggettoBlocco, rif, prof string) af.BloccoRichiesta {
		return af.BloccoRichiesta{Oggetto: o, Riferimento: rif, Profilo: prof, Motivo: "prova"}
	}
	conAllarme := func(r af.BloccoRichiesta, id string) af.BloccoRichiesta { r.AllarmeId = &id; return r }
	casi := []struct {
		nome   string
		r      af.BloccoRichiesta
		status int
	}{
		{"DN dell'OLO", b(af.OggettoBloccoDN, dnCliente, "INTERNAZIONALE"), 0},
		{"stesso DN e profilo", b(af.OggettoBloccoDN, dnCliente, "INTERNAZIONALE"), 409},
		{"stesso DN, altro profilo", b(af.OggettoBloccoDN, dnCliente, "PB-IRSF_ESTESO"), 0},
		{"DN non dell'OLO", b(af.OggettoBloccoDN, "0655599999", "TOTALE"), 422},
		{"azienda", b(af.OggettoBloccoAZIENDA, az, "TOTALE"), 0},
		{"azienda di un altro OLO", b(af.OggettoBloccoAZIENDA, azOLO2, "TOTALE"), 422},
		{"utente", conAllarme(b(af.OggettoBloccoUTENTE, ut, "BASE_418_07"), al1[0].Id), 0},
		{"utente inesistente", b(af.OggettoBloccoUTENTE, "UT-ZZZZZZZZ", "TOTALE"), 422},
		{"profilo inesistente", b(af.OggettoBloccoDN, dnCliente, "PB-NIENTE"), 422},
		{"allarme di un altro OLO", conAllarme(b(af.OggettoBloccoDN, dnCliente, "TOTALE"), al2[0].Id), 422},
	}
	var creati []string
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			got, err := w.CreaBlocco(olo1, "olo001-crm", nil, c.r)
			if c.status != 0 {
				errore(t, err, c.status, "")
				return
			}
			ok(t, err)
			if got.Origine != af.OrigineBloccoMANUALE || got.CreatoDa != "olo001-crm" || got.Riferimento != c.r.Riferimento {
				t.Errorf("blocco %+v", got)
			}
			creati = append(creati, got.Id)
		})
	}
	manuali := blocchi(t, w, olo1, af.ElencaBlocchiParams{Origine: ptr(af.OrigineBloccoMANUALE)})
	if len(manuali) != len(creati) {
		t.Fatalf("%d blocchi manuali, creati %d", len(manuali), len(creati))
	}
	key := ptr("chiave-blocco-1")
	r := b(af.OggettoBloccoDN, dnCliente, "TOTALE")
	x, err := w.CreaBlocco(olo1, "olo001-crm", key, r)
	ok(t, err)
	y, err := w.CreaBlocco(olo1, "olo001-crm", key, r)
	ok(t, err)
	if x.Id != y.Id {
		t.Errorf("replay con un altro blocco")
	}
	ok(t, w.EliminaBlocco(olo1, x.Id))
	errore(t, w.EliminaBlocco(olo1, x.Id), 404, "NON_TROVATO")
	z, err := w.CreaBlocco(olo1, "olo001-crm", key, r)
	ok(t, err)
	if z.Id != x.Id {
		t.Errorf("replay dopo l'eliminazione: %s, atteso %s", z.Id, x.Id)
	}
	pb, err := w.ElencaProfiliBlocco(olo1, af.ElencaProfiliBloccoParams{})
	ok(t, err)
	codici := []string{}
	for _, p := range pb.Elementi {
		codici = append(codici, p.Codice)
	}
	for _, c := range []string{"BASE_418_07", "INTERNAZIONALE", "TOTALE"} {
		if !slices.Contains(codici, c) {
			t.Errorf("manca il profilo %s", c)
		}
	}
}

// Every alert names calls (idCdr) that are in the CDR files, on the alert's number.
func TestAllarmiNominanoChiamateDeiFile(t *testing.T) {
	t.Parallel()
	roots := map[string]string{olo1: t.TempDir(), olo2: t.TempDir()}
	w := mondo(t, 47, inizio, 3, roots)
	avanza(t, w, 24*time.Hour)
	for op, root := range roots {
		righe := map[string]string{}
		for _, r := range leggiCdr(t, root, op) {
			righe[r.IDCdr] = r.NumeroLinea()
		}
		al := allarmi(t, w, op, af.ElencaAllarmiParams{})
		if len(al) == 0 {
			t.Fatalf("%s: nessun allarme", op)
		}
		for _, a := range al {
			if len(a.CdrIds) == 0 || a.SogliaId == nil || a.Stato != af.StatoAllarmeAPERTO || len(a.Storico) != 1 {
				t.Errorf("%s %s: allarme %+v", op, a.Id, a)
			}
			for _, id := range a.CdrIds {
				if dn, ok := righe[id]; !ok || dn != deref(a.Dn) {
					t.Errorf("%s %s: cdr %s nei file: %v (numero %s, allarme su %s)", op, a.Id, id, ok, dn, deref(a.Dn))
				}
			}
			if _, err := w.LeggiSoglia(op, *a.SogliaId); err != nil {
				t.Errorf("%s %s: soglia %s: %v", op, a.Id, *a.SogliaId, err)
			}
		}
	}
}

func TestElencoAllarmiFiltri(t *testing.T) {
	t.Parallel()
	w := mondo(t, 48, inizio, 5, nil)
	all := allarmi(t, w, olo2, af.ElencaAllarmiParams{})
	if len(all) < 2 {
		t.Fatalf("solo %d allarmi", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].RilevatoIl.After(all[i-1].RilevatoIl) {
			t.Fatal("allarmi non dal piu' recente")
		}
	}
	// dal included, al excluded, on rilevatoIl
	ril := all[len(all)/2].RilevatoIl
	dal := allarmi(t, w, olo2, af.ElencaAllarmiParams{Dal: &ril})
	al := allarmi(t, w, olo2, af.ElencaAllarmiParams{Al: &ril})
	if len(dal)+len(al) != len(all) || !slices.ContainsFunc(dal, func(a af.Allarme) bool { return a.RilevatoIl.Equal(ril) }) {
		t.Errorf("dal %d + al %d != %d", len(dal), len(al), len(all))
	}
	prima := ril.Add(-time.Hour)
	_, err := w.ElencaAllarmi(olo2, af.ElencaAllarmiParams{Dal: &ril, Al: &prima})
	errore(t, err, 400, "VALIDAZIONE")
	crit := allarmi(t, w, olo2, af.ElencaAllarmiParams{Severita: &[]af.Severita{af.SeveritaCRITICO}})
	for _, a := range crit {
		if a.Severita != af.SeveritaCRITICO {
			t.Errorf("filtro severita': %s", a.Severita)
		}
	}
}
