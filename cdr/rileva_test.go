package cdr

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestRilevaFrodiIniettate(t *testing.T) {
	tipi := []string{FrodeIRSF, FrodeWangiri, FrodeTrafficPumping, FrodePiccoInternazionale, FrodeChiamateContemporanee}
	giorni := []time.Time{
		time.Date(2024, 1, 16, 0, 0, 0, 0, roma),  // weekday, winter
		time.Date(2024, 3, 31, 0, 0, 0, 0, roma),  // Sunday, 23 hours
		time.Date(2024, 10, 27, 0, 0, 0, 0, roma), // Sunday, 25 hours
		time.Date(2024, 7, 19, 0, 0, 0, 0, roma),  // Friday, summer
	}
	linee := lineeProva(60)
	for gi, day := range giorni {
		for seed := uint64(1); seed <= 3; seed++ {
			// Each kind at several hours, on business and residential lines,
			// WLR and VoIP; two frauds share line 0.
			var frodi []Frode
			for k, tipo := range tipi {
				for h, ora := range []int{0, 3, 14, 23} {
					frodi = append(frodi, Frode{Tipo: tipo, DN: linee[(k*4+h)%len(linee)+1].DN, Giorno: day, Ora: ora})
				}
			}
			frodi = append(frodi, Frode{Tipo: FrodeIRSF, DN: linee[0].DN, Giorno: day, Ora: 1},
				Frode{Tipo: FrodeTrafficPumping, DN: linee[0].DN, Giorno: day, Ora: 10})
			t.Run(fmt.Sprintf("giorno%d/seed%d", gi, seed), func(t *testing.T) {
				recs := collect(Genera("OLO1", day, linee, frodi, seed))
				ids := map[string]bool{}
				for _, r := range recs {
					ids[r.IDCdr] = true
				}
				anom := Rileva(slices.Values(recs), SoglieDefault())
				for _, f := range frodi {
					var found *Anomalia
					for i := range anom {
						if anom[i].DN == f.DN && anom[i].Tipo == f.Tipo && anom[i].Severita == SeveritaCritico {
							found = &anom[i]
						}
					}
					if found == nil {
						t.Errorf("%s on %s at %02d:00 not detected as CRITICO; anomalies of the line: %v",
							f.Tipo, f.DN, f.Ora, anomalieDi(anom, f.DN))
						continue
					}
					if found.NChiamate == 0 || len(found.CdrIDs) == 0 || len(found.CdrIDs) > MaxCdrIDs ||
						found.Valore < found.Soglia || found.Ultimo.Before(found.Primo) {
						t.Errorf("%s on %s: inconsistent anomaly %+v", f.Tipo, f.DN, *found)
					}
					for _, id := range found.CdrIDs {
						if !ids[id] {
							t.Errorf("%s on %s names CDR %s, which is not in the day's calls", f.Tipo, f.DN, id)
						}
					}
					switch f.Tipo {
					case FrodeIRSF:
						if !slices.Contains(PrefissiAltoRischio(), found.DestinazionePrefisso) &&
							found.DestinazionePrefisso != "+881" && found.DestinazionePrefisso != "+882" {
							t.Errorf("IRSF towards %s, not a high-risk prefix", found.DestinazionePrefisso)
						}
					case FrodeTrafficPumping:
						if p := found.DestinazionePrefisso; p != "899" && p != "895" && p != "848" && p != "840" {
							t.Errorf("traffic pumping towards %s", p)
						}
					case FrodeWangiri, FrodePiccoInternazionale:
						if found.DestinazionePrefisso == "" || found.DestinazionePrefisso[0] != '+' {
							t.Errorf("%s towards %q", f.Tipo, found.DestinazionePrefisso)
						}
					}
				}
			})
		}
	}
}

func anomalieDi(anom []Anomalia, dn string) []string {
	var out []string
	for _, a := range anom {
		if a.DN == dn {
			out = append(out, fmt.Sprintf("%s/%s/%s=%g", a.Tipo, a.Severita, a.Metrica, a.Valore))
		}
	}
	return out
}

func TestRilevaGiornoNormale(t *testing.T) {
	linee := lineeProva(1000)
	for _, day := range []time.Time{
		time.Date(2024, 1, 16, 0, 0, 0, 0, roma),
		time.Date(2024, 1, 20, 0, 0, 0, 0, roma),
		time.Date(2024, 7, 15, 0, 0, 0, 0, roma),
	} {
		for seed := uint64(1); seed <= 2; seed++ {
			anom := Rileva(Genera("OLO1", day, linee, nil, seed), nil)
			warn := 0
			for _, a := range anom {
				if a.Severita == SeveritaCritico {
					t.Errorf("%s seed %d: CRITICO on an ordinary day: %+v", day.Format("2006-01-02"), seed, a)
				}
				warn++
			}
			t.Logf("%s seed %d: %d WARNING for 1000 lines %v", day.Format("2006-01-02"), seed, warn, anomalieTutte(anom))
			if warn > 5 {
				t.Errorf("%d false-positive warnings for 1000 lines, want at most 5", warn)
			}
		}
	}
}

func anomalieTutte(anom []Anomalia) []string {
	var out []string
	for _, a := range anom {
		out = append(out, fmt.Sprintf("%s %s/%s=%g", a.DN, a.Tipo, a.Metrica, a.Valore))
	}
	return out
}

// chiamataProva builds an outgoing call of line dn.
func chiamataProva(dn string, seq int, inizio time.Time, durata int, tipo, numero string, importo int64) Record {
	r := recordValido()
	r.IDCdr = fmt.Sprintf("OLO1-%s-%09d", inizio.In(roma).Format("20060102"), seq)
	r.Chiamante, r.Inizio, r.DurataSec, r.DurataTariffataSec = dn, inizio, durata, DurataTariffata(durata)
	r.TipoDestinazione, r.Chiamato, r.ChiamatoPostNP, r.Importo = tipo, numero, numero, importo
	return r
}

func TestRilevaMetriche(t *testing.T) {
	t0 := time.Date(2024, 2, 5, 10, 0, 0, 0, roma)
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	const dn = "0612345678"
	// Six answered 25-minute national calls, one every 10 minutes: at most three at once.
	var sim []Record
	for i := range 6 {
		sim = append(sim, chiamataProva(dn, i+1, at(i*10), 25*60, DestNazionale, "0298765432", 1000))
	}
	// Twelve international calls to ordinary destinations in 30 minutes.
	var intl []Record
	for i := range 12 {
		intl = append(intl, chiamataProva(dn, i+1, at(i*2+1), 60, DestInternazionale, "00212612345678", 2500))
	}
	// An unanswered international call and two short ones to the same number: Wangiri material.
	breve := []Record{
		chiamataProva(dn, 1, at(0), 0, DestInternazionale, "0021612345678", 0),
		chiamataProva(dn, 2, at(1), 3, DestInternazionale, "0021612345678", 700),
		chiamataProva(dn, 3, at(2), 4, DestInternazionale, "0021612345678", 700),
	}
	// 89x calls: 2 hours, 180 euro.
	pump := []Record{
		chiamataProva(dn, 1, at(0), 3600, DestNNG89X, "899123456", 900000),
		chiamataProva(dn, 2, at(61), 3600, DestNNG89X, "899123456", 900000),
	}
	// High-risk: 25 minutes to Cuba, 47,50 euro.
	cuba := []Record{chiamataProva(dn, 1, at(0), 1500, DestInternazionale, "005312345678", 475000)}

	tests := []struct {
		nome     string
		recs     []Record
		soglie   []Soglia
		tipo     string
		metrica  string
		sev      string
		valore   float64
		nChiam   int
		prefisso string
	}{
		{"contemporanee", sim, []Soglia{{Metrica: MetricaChiamateContemporanee, Warning: 2, Critico: 3}},
			FrodeChiamateContemporanee, MetricaChiamateContemporanee, SeveritaCritico, 3, 3, ""},
		{"contemporanee warning", sim, []Soglia{{Metrica: MetricaChiamateContemporanee, Warning: 3, Critico: 4}},
			FrodeChiamateContemporanee, MetricaChiamateContemporanee, SeveritaWarning, 3, 3, ""},
		{"internazionali per ora", intl, []Soglia{{Metrica: MetricaChiamateInternazionaliOra, Warning: 5, Critico: 12}},
			FrodePiccoInternazionale, MetricaChiamateInternazionaliOra, SeveritaCritico, 12, 12, "+212"},
		{"finestra di 10 minuti", intl, []Soglia{{Metrica: MetricaChiamateInternazionaliOra, Warning: 5, Critico: 6, FinestraMinuti: 10}},
			FrodePiccoInternazionale, MetricaChiamateInternazionaliOra, SeveritaWarning, 5, 5, "+212"},
		{"chiamate al minuto con finestra di 4", intl, []Soglia{{Metrica: MetricaChiamateMinuto, Warning: 2, Critico: 3, FinestraMinuti: 4}},
			FrodeChiamateContemporanee, MetricaChiamateMinuto, SeveritaWarning, 2, 2, ""},
		{"wangiri", breve, []Soglia{{Metrica: MetricaChiamateInternazionaliOra, Warning: 2, Critico: 3}},
			FrodeWangiri, MetricaChiamateInternazionaliOra, SeveritaCritico, 3, 3, "+216"},
		{"pumping minuti", pump, []Soglia{{Metrica: MetricaMinutiGiorno, Warning: 100, Critico: 200}},
			FrodeTrafficPumping, MetricaMinutiGiorno, SeveritaWarning, 120, 2, "899"},
		{"pumping costo batte minuti", pump, []Soglia{{Metrica: MetricaMinutiGiorno, Warning: 100, Critico: 200},
			{Metrica: MetricaCostoGiornoEur, Warning: 50, Critico: 150}},
			FrodeTrafficPumping, MetricaCostoGiornoEur, SeveritaCritico, 180, 2, "899"},
		{"irsf", cuba, []Soglia{{Metrica: MetricaCostoGiornoEur, Warning: 25, Critico: 100}},
			FrodeIRSF, MetricaCostoGiornoEur, SeveritaWarning, 47.5, 1, "+53"},
		{"soglia a zero non controllata", cuba, []Soglia{{Metrica: MetricaCostoGiornoEur, Warning: 0, Critico: 40}},
			FrodeIRSF, MetricaCostoGiornoEur, SeveritaCritico, 47.5, 1, "+53"},
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			anom := Rileva(slices.Values(tt.recs), tt.soglie)
			if len(anom) != 1 {
				t.Fatalf("%d anomalies, want 1: %v", len(anom), anomalieTutte(anom))
			}
			a := anom[0]
			if a.Tipo != tt.tipo || a.Metrica != tt.metrica || a.Severita != tt.sev || a.Valore != tt.valore ||
				a.NChiamate != tt.nChiam || a.DestinazionePrefisso != tt.prefisso || a.DN != dn {
				t.Errorf("got %s %s %s valore %g n %d prefisso %q, want %s %s %s %g %d %q", a.Tipo, a.Metrica, a.Severita,
					a.Valore, a.NChiamate, a.DestinazionePrefisso, tt.tipo, tt.metrica, tt.sev, tt.valore, tt.nChiam, tt.prefisso)
			}
			if want := map[string]float64{SeveritaWarning: tt.soglie[0].Warning, SeveritaCritico: tt.soglie[len(tt.soglie)-1].Critico}[a.Severita]; a.Soglia != want {
				t.Errorf("Soglia = %g, want %g", a.Soglia, want)
			}
			// The evidence's figures add up.
			var costo int64
			for _, r := range tt.recs {
				if slices.Contains(a.CdrIDs, r.IDCdr) {
					costo += r.Importo
				}
			}
			if costo != a.CostoEur || len(a.CdrIDs) != a.NChiamate {
				t.Errorf("evidence: %d ids costing %d, anomaly says %d calls costing %d", len(a.CdrIDs), costo, a.NChiamate, a.CostoEur)
			}
		})
	}
}

func TestRilevaCasiLimite(t *testing.T) {
	t0 := time.Date(2024, 2, 5, 23, 50, 0, 0, roma)
	var recs []Record
	for i := range 30 { // 30 calls to Cuba, from 23:50 to about 00:19: split over two days
		recs = append(recs, chiamataProva("0612345678", i+1, t0.Add(time.Duration(i)*time.Minute), 50, DestInternazionale, "005312345678", 20000))
	}
	anom := Rileva(slices.Values(recs), []Soglia{{Metrica: MetricaChiamateInternazionaliOra, Warning: 5, Critico: 15}})
	if len(anom) != 2 || anom[0].Valore != 10 || anom[1].Valore != 20 || anom[0].Severita != SeveritaWarning ||
		anom[1].Severita != SeveritaCritico || !anom[0].Primo.Before(anom[1].Primo) {
		t.Errorf("calls across midnight: %v, want one WARNING (10) then one CRITICO (20)", anomalieTutte(anom))
	}
	// Incoming calls are not the line's traffic to check.
	in := slices.Clone(recs)
	for i := range in {
		in[i].Direzione = DirEntrante
	}
	if a := Rileva(slices.Values(in), nil); len(a) != 0 {
		t.Errorf("incoming calls gave %v", anomalieTutte(a))
	}
	// Empty thresholds check nothing; nil ones are the defaults.
	if a := Rileva(slices.Values(recs), []Soglia{}); len(a) != 0 {
		t.Errorf("no thresholds gave %v", anomalieTutte(a))
	}
	if a := Rileva(slices.Values(recs), nil); len(a) == 0 {
		t.Error("nil thresholds (the defaults) found nothing in 30 calls to Cuba")
	}
	// Evidence stops at MaxCdrIDs.
	var molte []Record
	for i := range 80 {
		molte = append(molte, chiamataProva("0612345678", i+1, t0.Add(-time.Duration(80-i)*time.Minute), 0, DestInternazionale, "0021612345678", 0))
	}
	a := Rileva(slices.Values(molte), []Soglia{{Metrica: MetricaChiamateInternazionaliOra, Warning: 5, Critico: 50, FinestraMinuti: 120}})
	if len(a) != 1 || a[0].NChiamate != 80 || len(a[0].CdrIDs) != MaxCdrIDs || a[0].CdrIDs[0] != molte[0].IDCdr {
		t.Errorf("80 Wangiri calls: %v", a)
	}
}

func TestRilevaOrdineIngresso(t *testing.T) {
	day := time.Date(2024, 1, 16, 0, 0, 0, 0, roma)
	linee := lineeProva(60)
	frodi := frodiProva(linee, day)
	recs := collect(Genera("OLO1", day, linee, frodi, 4))
	want := Rileva(slices.Values(recs), nil)
	if len(want) < len(frodi) {
		t.Fatalf("%d anomalies for %d frauds", len(want), len(frodi))
	}
	// Shuffle calls within each line and the order of the lines: same answer.
	perLinea := map[string][]Record{}
	var dns []string
	for _, r := range recs {
		if perLinea[r.Chiamante] == nil {
			dns = append(dns, r.Chiamante)
		}
		perLinea[r.Chiamante] = append(perLinea[r.Chiamante], r)
	}
	rnd := rand.New(rand.NewPCG(3, 4))
	rnd.Shuffle(len(dns), func(i, j int) { dns[i], dns[j] = dns[j], dns[i] })
	var mix []Record
	for _, dn := range dns {
		l := perLinea[dn]
		rnd.Shuffle(len(l), func(i, j int) { l[i], l[j] = l[j], l[i] })
		mix = append(mix, l...)
	}
	got := Rileva(slices.Values(mix), nil)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("shuffled input gives another answer:\n%v\n%v", anomalieTutte(got), anomalieTutte(want))
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].DN > got[i].DN || got[i-1].DN == got[i].DN && got[i].Primo.Before(got[i-1].Primo) {
			t.Errorf("output not sorted by DN then time at %d", i)
		}
	}
}

func TestPrefissi(t *testing.T) {
	for _, tt := range []struct {
		num, paese string
		rischio    bool
	}{
		{"005312345678", "+53", true}, {"+25212345678", "+252", true}, {"0088216123456", "+882", true},
		{"00870123456789", "+870", true}, {"00881612345678", "+881", true}, {"0067512345678", "+675", true},
		{"0012125551234", "+1", false}, {"0074951234567", "+7", false}, {"004930123456", "+49", false},
		{"0040712345678", "+40", false}, {"00355691234567", "+355", false}, {"0021612345678", "+216", false},
		{"0612345678", "", false}, {"3331234567", "", false}, {"899123456", "", false},
	} {
		if got := prefissoPaese(tt.num); got != tt.paese {
			t.Errorf("prefissoPaese(%s) = %q, want %q", tt.num, got, tt.paese)
		}
		if got := altoRischio(tt.num); got != tt.rischio {
			t.Errorf("altoRischio(%s) = %v, want %v", tt.num, got, tt.rischio)
		}
	}
	for _, p := range PrefissiAltoRischio() {
		if p[0] != '+' || !altoRischio("00"+p[1:]+"1234567") {
			t.Errorf("PrefissiAltoRischio lists %s, which altoRischio does not flag", p)
		}
	}
}
