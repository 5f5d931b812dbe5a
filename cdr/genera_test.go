package cdr

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// lineeProva builds n distinct lines across districts, profiles and services,
// the way the world generator would: about 30% business, 25% VoIP.
func lineeProva(n int) []Linea {
	out := make([]Linea, n)
	for i := range out {
		d := distretti[i%len(distretti)]
		dn := fmt.Sprintf("%s%d%0*d", d.prefisso, 2+i%8, 10-len(d.prefisso)-1, i)
		l := Linea{DN: dn, Servizio: ServizioWLR, Profilo: ProfiloResidenziale}
		if i%10 < 3 {
			l.Profilo = ProfiloAffari
		}
		if i%4 == 0 {
			l.Servizio = ServizioVOIP
			l.AziendaID = fmt.Sprintf("AZ-%04d", i/40)
			l.UfficioID = fmt.Sprintf("UF-%04d", i/20)
			l.Interno = fmt.Sprintf("%d", 200+i%50)
			l.Prefisso = d.prefisso
		}
		out[i] = l
	}
	return out
}

// frodiProva puts one fraud of each kind on the day, on lines 1, 3, 5...
func frodiProva(linee []Linea, day time.Time) []Frode {
	tipi := []string{FrodeIRSF, FrodeWangiri, FrodeTrafficPumping, FrodePiccoInternazionale, FrodeChiamateContemporanee}
	var out []Frode
	for i, tipo := range tipi {
		out = append(out, Frode{Tipo: tipo, DN: linee[2*i+1].DN, Giorno: day, Ora: []int{2, 23, 9, 0, 14}[i]})
	}
	return out
}

func TestGeneraDeterministico(t *testing.T) {
	day := time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC)
	linee := lineeProva(200)
	frodi := frodiProva(linee, day)
	a := collect(Genera("OLO1", day, linee, frodi, 5))
	b := collect(Genera("OLO1", day, linee, frodi, 5))
	if len(a) == 0 || !slices.EqualFunc(a, b, recordUguali) {
		t.Fatal("two runs with the same input differ")
	}
	c := collect(Genera("OLO1", day, linee, frodi, 6))
	if slices.EqualFunc(a, c, recordUguali) {
		t.Error("another seed gives the same calls")
	}
	// Order of linee and frodi does not matter; duplicates count once.
	rnd := rand.New(rand.NewPCG(1, 2))
	shuffled := slices.Clone(linee)
	rnd.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	shuffled = append(shuffled, linee[7], linee[150])
	sf := slices.Clone(frodi)
	slices.Reverse(sf)
	if d := collect(Genera("OLO1", day, shuffled, sf, 5)); !slices.EqualFunc(a, d, recordUguali) {
		t.Error("shuffling linee and frodi changed the output")
	}
	// Removing a line leaves every other line's calls as they were (ids aside).
	senza := slices.Delete(slices.Clone(linee), 10, 11)
	perLinea := func(recs []Record) map[string][]Record {
		m := map[string][]Record{}
		for _, r := range recs {
			r.IDCdr = ""
			m[r.Chiamante] = append(m[r.Chiamante], r)
		}
		return m
	}
	pa, pe := perLinea(a), perLinea(collect(Genera("OLO1", day, senza, frodi, 5)))
	if _, ok := pe[linee[10].DN]; ok {
		t.Error("removed line still has calls")
	}
	for dn, recs := range pe {
		if !slices.EqualFunc(recs, pa[dn], recordUguali) {
			t.Errorf("line %s changed when another line was removed", dn)
		}
	}
}

func recordUguali(a, b Record) bool {
	eq := a.Inizio.Equal(b.Inizio)
	a.Inizio, b.Inizio = time.Time{}, time.Time{}
	return eq && a == b
}

func TestGeneraForma(t *testing.T) {
	tests := []struct {
		nome       string
		day        time.Time
		feriale    bool
		minR, maxR int // calls per residential line
		minA, maxA int // calls per business line
	}{
		{"martedi", time.Date(2024, 1, 16, 0, 0, 0, 0, roma), true, 2, 6, 10, 40},
		{"sabato", time.Date(2024, 1, 20, 0, 0, 0, 0, roma), false, 1, 4, 2, 10},
		{"domenica ora legale", time.Date(2024, 3, 31, 0, 0, 0, 0, roma), false, 0, 3, 0, 3},
		{"domenica ora solare", time.Date(2024, 10, 27, 0, 0, 0, 0, roma), false, 0, 3, 0, 3},
		{"lunedi estate", time.Date(2024, 7, 15, 0, 0, 0, 0, roma), true, 2, 6, 10, 40},
	}
	linee := lineeProva(1000)
	profilo := map[string]string{}
	voip := map[string]Linea{}
	for _, l := range linee {
		profilo[l.DN] = l.Profilo
		if l.Servizio == ServizioVOIP {
			voip[l.DN] = l
		}
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			recs := collect(Genera("OLO9", tt.day, linee, nil, 11))
			dayStart := tt.day
			dayEnd := tt.day.AddDate(0, 0, 1)
			perLinea := map[string]int{}
			classi := map[string]int{}
			nonRisposte := 0
			var prevFine time.Time
			for i, r := range recs {
				if err := r.Valida(); err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("OLO9-%s-%09d", tt.day.Format("20060102"), i+1); r.IDCdr != want {
					t.Fatalf("record %d has id %s, want %s", i, r.IDCdr, want)
				}
				if r.Inizio.Before(dayStart) || !r.Inizio.Before(dayEnd) {
					t.Fatalf("%s starts at %v, outside the day", r.IDCdr, r.Inizio)
				}
				if i > 0 {
					p := recs[i-1]
					if p.Chiamante > r.Chiamante || p.Chiamante == r.Chiamante && r.Inizio.Before(p.Inizio) {
						t.Fatalf("%s out of order (by line, then time)", r.IDCdr)
					}
					if p.Chiamante == r.Chiamante && r.Inizio.Before(prevFine) {
						t.Errorf("%s overlaps the previous call of an ordinary line", r.IDCdr)
					}
				}
				prevFine = r.Inizio.Add(time.Duration(r.DurataSec) * time.Second)
				perLinea[r.Chiamante]++
				classi[r.TipoDestinazione]++
				if r.FasciaOraria != Fascia(r.Inizio) || (!tt.feriale && r.FasciaOraria == FasciaPeak) {
					t.Errorf("%s: band %s at %v", r.IDCdr, r.FasciaOraria, r.Inizio)
				}
				if r.DurataTariffataSec != DurataTariffata(r.DurataSec) {
					t.Errorf("%s: billed %d s for %d s", r.IDCdr, r.DurataTariffataSec, r.DurataSec)
				}
				if (r.DurataSec == 0) != (r.CausaRilascio != CausaNormale) {
					t.Errorf("%s: duration %d with cause %d", r.IDCdr, r.DurataSec, r.CausaRilascio)
				}
				if r.DurataSec == 0 {
					nonRisposte++
					if r.Importo != 0 {
						t.Errorf("%s: unanswered call costs %d", r.IDCdr, r.Importo)
					}
				}
				if r.Direzione != DirUscente || altoRischio(r.Chiamato) {
					t.Errorf("%s: ordinary traffic has direction %s, destination %s", r.IDCdr, r.Direzione, r.Chiamato)
				}
				if !strings.HasSuffix(r.CodiceTariffa, map[string]string{FasciaPeak: "-P", FasciaOffpeak: "-O"}[r.FasciaOraria]) {
					t.Errorf("%s: tariff code %s in band %s", r.IDCdr, r.CodiceTariffa, r.FasciaOraria)
				}
				if l, ok := voip[r.Chiamante]; ok != (r.Servizio == ServizioVOIP) || ok && (r.Interno != l.Interno || r.AziendaID != l.AziendaID) {
					t.Errorf("%s: service %s, company %s, extension %s for line %+v", r.IDCdr, r.Servizio, r.AziendaID, r.Interno, l)
				}
				if r.TipoDestinazione == DestUrbana {
					d, _ := distrettoDi(r.Chiamante)
					if !strings.HasPrefix(r.Chiamato, d.prefisso) || r.DescrizioneDirettrice != d.nome+" urbana" {
						t.Errorf("%s: urban call from %s to %s (%s)", r.IDCdr, r.Chiamante, r.Chiamato, r.DescrizioneDirettrice)
					}
				}
			}
			for _, l := range linee {
				n := perLinea[l.DN]
				lo, hi := tt.minR, tt.maxR
				if l.Profilo == ProfiloAffari {
					lo, hi = tt.minA, tt.maxA
				}
				// A call pushed past midnight is dropped, hence lo-2.
				if n > hi || n < lo-2 {
					t.Errorf("%s (%s): %d calls, want %d..%d", l.DN, l.Profilo, n, lo, hi)
				}
			}
			tot := len(recs)
			quota := func(k ...string) float64 {
				n := 0
				for _, c := range k {
					n += classi[c]
				}
				return float64(n) / float64(tot)
			}
			t.Logf("%d calls; classes %v; unanswered %.1f%%", tot, classi, 100*float64(nonRisposte)/float64(tot))
			if q := float64(nonRisposte) / float64(tot); q < 0.15 || q > 0.25 {
				t.Errorf("unanswered share %.2f, want about 0.20", q)
			}
			if q := quota(DestUrbana, DestNazionale, DestMobile); q < 0.85 {
				t.Errorf("urban+national+mobile share %.2f, want most calls", q)
			}
			if q := quota(DestInternazionale); q == 0 || q > 0.06 {
				t.Errorf("international share %.3f, want a few per cent", q)
			}
			if q := quota(DestNNG800, DestNNG84X, DestNNG89X); q == 0 || q > 0.1 {
				t.Errorf("NNG share %.3f, want a few per cent", q)
			}
		})
	}
}

func TestGeneraPrezzi(t *testing.T) {
	day := time.Date(2024, 1, 16, 0, 0, 0, 0, roma)
	linee := lineeProva(300)
	for r := range Genera("OLO1", day, linee, frodiProva(linee, day), 3) {
		var v *Voce
		for i := range listino {
			if strings.HasPrefix(r.CodiceTariffa, listino[i].Codice+"-") {
				v = &listino[i]
			}
		}
		if v == nil || v.TipoDestinazione != r.TipoDestinazione {
			t.Fatalf("%s: tariff code %s for class %s", r.IDCdr, r.CodiceTariffa, r.TipoDestinazione)
		}
		prezzo := v.OffpeakMinuto
		if r.FasciaOraria == FasciaPeak {
			prezzo = v.PeakMinuto
		}
		var want int64
		if r.DurataTariffataSec > 0 {
			want = v.Scatto + (int64(r.DurataTariffataSec)*prezzo+59)/60
		}
		if r.Importo != want {
			t.Fatalf("%s: %d s billed at %s cost %s, want %s", r.IDCdr, r.DurataTariffataSec, r.CodiceTariffa,
				FormatImporto(r.Importo), FormatImporto(want))
		}
		if (r.TipoDestinazione == DestNNG800 || r.TipoDestinazione == DestEmergenza) && r.Importo != 0 {
			t.Errorf("%s: free destination costs %d", r.IDCdr, r.Importo)
		}
	}
	// A worked example of the rule: 3 minutes to a mobile in PEAK.
	if got := clMOB.importo(180, FasciaPeak); got != 610+4500 {
		t.Errorf("3 min mobile PEAK = %s, want 0,5110", FormatImporto(got))
	}
	if got := clMOB.importo(DurataTariffata(5), FasciaOffpeak); got != 610+500 {
		t.Errorf("5 s mobile OFFPEAK (billed 30 s) = %s, want 0,1110", FormatImporto(got))
	}
}

func TestGeneraFrodeSoloNelGiornoELinea(t *testing.T) {
	day := time.Date(2024, 6, 12, 0, 0, 0, 0, time.UTC)
	linee := lineeProva(20)
	base := collect(Genera("OLO1", day, linee, nil, 5))
	altre := []Frode{
		{Tipo: FrodeIRSF, DN: linee[0].DN, Giorno: day.AddDate(0, 0, 1), Ora: 2}, // another day
		{Tipo: FrodeIRSF, DN: "0699999999", Giorno: day, Ora: 2},                 // not a line
		{Tipo: "SCONOSCIUTA", DN: linee[0].DN, Giorno: day, Ora: 2},              // unknown kind
	}
	if got := collect(Genera("OLO1", day, linee, altre, 5)); !slices.EqualFunc(base, got, recordUguali) {
		t.Error("frauds of another day, of an unknown line or of an unknown kind changed the output")
	}
	// The same day given in another zone is the same date.
	irsf := []Frode{{Tipo: FrodeIRSF, DN: linee[0].DN, Giorno: time.Date(2024, 6, 12, 23, 0, 0, 0, time.FixedZone("X", -11*3600)), Ora: 2}}
	if got := collect(Genera("OLO1", day, linee, irsf, 5)); len(got) <= len(base) {
		t.Error("a fraud dated with the day's calendar date in another zone was not applied")
	}
}

func TestRng(t *testing.T) {
	// The stream is part of the sandbox contract (same seed, same world on any
	// Go version): pin its first values.
	r := newRng(42, "linea", "0612345678", "20240312")
	got := []uint64{r.next(), r.next(), r.next()}
	r2 := newRng(42, "linea", "0612345678", "20240312")
	if got[0] != r2.next() {
		t.Fatal("same labels, different stream")
	}
	r3 := newRng(42, "linea0", "612345678", "20240312")
	if r3.next() == got[0] {
		t.Error("labels are not separated")
	}
	if want := []uint64{0xbb29ca6e3b42535a, 0x7655c19e732a6e98, 0x5e9dafdceaf3c7ee}; !slices.Equal(got, want) {
		t.Errorf("stream changed: first values %#x, want %#x", got, want)
	}
	counts := make([]int, 10)
	for range 100000 {
		counts[r.intn(10)]++
	}
	for i, c := range counts {
		if c < 9500 || c > 10500 {
			t.Errorf("intn(10) gave %d %d times in 100000", i, c)
		}
	}
	q := make([]int, 0, 10001)
	for range 10001 {
		q = append(q, r.quantile(quantiliPunti, quantiliDurata))
	}
	slices.Sort(q)
	if med := q[5000]; med < 85 || med > 105 {
		t.Errorf("median duration %d s, want about 95", med)
	}
	if q[0] < 3 || q[10000] > 3600 {
		t.Errorf("durations span %d..%d s, want within 3..3600", q[0], q[10000])
	}
}

// TestGeneraImpronta pins the bytes of a small generated day. The sandbox
// promises the same world for the same seed, release after release: if this
// fails after a deliberate change to the traffic model, update the value and
// say so in the release notes; otherwise the change was an accident.
func TestGeneraImpronta(t *testing.T) {
	day := time.Date(2024, 3, 12, 0, 0, 0, 0, roma)
	linee := lineeProva(50)
	h := sha256.New()
	w := NewWriter(h)
	for r := range Genera("OLO1", day, linee, frodiProva(linee, day), 2024) {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	const want = "64fc4774adbd691b1374ea3997d20264c7c245e17e64d1ac06619e00e00cc8c2"
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("generated day has sha256 %s, want %s", got, want)
	}
}
