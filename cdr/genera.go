package cdr

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Profilo of a line: how much and when it calls.
const (
	ProfiloResidenziale = "RESIDENZIALE"
	ProfiloAffari       = "AFFARI"
)

// Tipo of a fraud pattern (also the Tipo of an Anomalia).
const (
	FrodeIRSF                  = "IRSF"
	FrodeWangiri               = "WANGIRI"
	FrodeTrafficPumping        = "TRAFFIC_PUMPING"
	FrodePiccoInternazionale   = "PICCO_INTERNAZIONALE"
	FrodeChiamateContemporanee = "CHIAMATE_CONTEMPORANEE"
)

// Linea is a line of the sandbox world that makes calls: a WLR line or a
// VoIP number.
type Linea struct {
	DN string
	// Servizio is ServizioWLR or ServizioVOIP (anything else counts as WLR).
	Servizio             string
	AziendaID, UfficioID string
	// Interno is written on VoIP calls only.
	Interno string
	// Prefisso is the line's telephone district ("06"); urban calls stay in
	// it. Empty: found from the DN; a number outside any known district (a
	// nomadic 55 number) makes no urban calls.
	Prefisso string
	// Profilo is ProfiloResidenziale or ProfiloAffari (anything else counts
	// as residential).
	Profilo string
	// Blocchi are the call barrings on the line (anti-fraud blocks): a call they
	// cover is refused by the network and leaves no record.
	Blocchi []Blocco
}

// Blocco bars a line's calls to the numbers starting with one of Prefissi,
// from Dal (included) to Al (excluded; zero: still in force).
type Blocco struct {
	Dal, Al  time.Time
	Prefissi []string
}

// bloccata reports whether a call placed at inizio (Unix seconds) to numero is
// barred.
func bloccata(bb []Blocco, inizio int64, numero string) bool {
	for i := range bb {
		b := &bb[i]
		if inizio < b.Dal.Unix() || (!b.Al.IsZero() && inizio >= b.Al.Unix()) {
			continue
		}
		for _, p := range b.Prefissi {
			if strings.HasPrefix(numero, p) {
				return true
			}
		}
	}
	return false
}

// Frode asks Genera to add a fraud pattern to one line's calls of one day.
type Frode struct {
	// Tipo is one of the Frode* constants; an unknown one adds nothing.
	Tipo string
	DN   string
	// Giorno is the day (its calendar date, in its own location).
	Giorno time.Time
	// Ora is the Europe/Rome hour (0-23) at which the burst starts; a burst
	// that would not end within the day starts earlier, so it always fits.
	Ora int
}

// Genera returns one OLO's calls of one day: a pure function of its
// arguments, streamed in constant memory (100,000 lines, a million calls, a
// few MB).
//
// Order: by line (DN, ascending), then by start time; IDCdr sequence numbers
// follow that order from 000000001. A day file is therefore a per-line
// billing extract; sort by dataOraInizio for a timeline.
//
// Determinism: every line draws from its own random stream, derived from
// seed, its DN and the date, so the output does not depend on the order of
// linee or frodi, and adding a line or a fraud does not change other lines'
// calls (only the IDCdr numbering). Duplicate DNs are generated once. The
// random source and the distributions are implemented here (integer
// arithmetic only), so the bytes do not change with the Go version or the
// CPU.
//
// Traffic model (outgoing calls only: the host network bills what the OLO's
// lines originate):
//   - calls per day: residential 2-6 on weekdays, 1-4 on Saturday, 0-3 on
//     Sunday; business 10-40, 2-10, 0-3;
//   - hour of day: residential peaks in the evening, business in office hours;
//   - destinations: mostly urban, national and mobile, a few NNG, about 3%
//     international (never the high-risk destinations), very few emergency;
//   - 80% answered (cause 16) with a log-normal-like duration (median about
//     1.5 minutes, long tail up to an hour), otherwise busy (17), no answer
//     (19) or a failure cause with duration 0;
//   - a line makes one call at a time: a call that would overlap the previous
//     one is moved after it, and dropped if that leaves the day;
//   - price: see Listino, DurataTariffata and Fascia.
//
// Frodi naming a line (by DN) of this day add their burst to that line:
//   - IRSF: about 4 hours of back-to-back 5-25 minute calls to one or two
//     high-risk destinations (Cuba, Somalia, satellite networks...);
//   - WANGIRI: 60-150 calls of 0-4 seconds to one international premium
//     number within about an hour;
//   - TRAFFIC_PUMPING: about 8 hours of back-to-back 20-55 minute calls to one
//     to three 84x/89x numbers;
//   - PICCO_INTERNAZIONALE: 35-55 short international calls to ordinary
//     destinations within about an hour;
//   - CHIAMATE_CONTEMPORANEE: 8-20 calls of 15-45 minutes started within
//     three minutes, all at once.
func Genera(opID string, day time.Time, linee []Linea, frodi []Frode, seed uint64) iter.Seq[Record] {
	return func(yield func(Record) bool) {
		g := newGiornata(opID, day, seed)
		ordine := ordinaLinee(linee)
		perDN := frodiDelGiorno(frodi, g.data)
		var calls []chiamata
		seq := 0
		for _, i := range ordine {
			l := &linee[i]
			calls = g.chiamateLinea(calls[:0], l, perDN[l.DN])
			lp := g.preparaLinea(l)
			for k := range calls {
				seq++
				if !yield(g.record(&lp, &calls[k], seq)) {
					return
				}
			}
		}
	}
}

// ordinaLinee returns the indices of linee sorted by DN (ties by the other
// fields, so the choice among duplicates is order-independent), one per DN.
func ordinaLinee(linee []Linea) []int32 {
	idx := make([]int32, 0, len(linee))
	for i := range linee {
		if linee[i].DN != "" {
			idx = append(idx, int32(i))
		}
	}
	slices.SortFunc(idx, func(a, b int32) int {
		x, y := &linee[a], &linee[b]
		return cmp.Or(cmp.Compare(x.DN, y.DN), cmp.Compare(x.Servizio, y.Servizio),
			cmp.Compare(x.AziendaID, y.AziendaID), cmp.Compare(x.UfficioID, y.UfficioID),
			cmp.Compare(x.Interno, y.Interno), cmp.Compare(x.Prefisso, y.Prefisso),
			cmp.Compare(x.Profilo, y.Profilo), cmp.Compare(a, b))
	})
	return slices.CompactFunc(idx, func(a, b int32) bool { return linee[a].DN == linee[b].DN })
}

// frodiDelGiorno keeps the frauds of the day, by DN, in a canonical order.
func frodiDelGiorno(frodi []Frode, data string) map[string][]Frode {
	m := map[string][]Frode{}
	for _, f := range frodi {
		if yyyymmdd(f.Giorno) == data {
			m[f.DN] = append(m[f.DN], f)
		}
	}
	for _, fs := range m {
		slices.SortFunc(fs, func(a, b Frode) int {
			return cmp.Or(cmp.Compare(a.Tipo, b.Tipo), cmp.Compare(a.Ora, b.Ora))
		})
	}
	return m
}

// giornata is what every line of the day shares.
type giornata struct {
	seed             uint64
	y                int
	m                time.Month
	d                int
	data             string // YYYYMMDD
	idPrefix         string // <OPID>-<YYYYMMDD>-
	inizio, fine     int64  // the day in Unix seconds: [00:00, next 00:00) Europe/Rome
	giornoSettimana  time.Weekday
	pesiDistretti    []int
	pesiPaesiNormali []int
}

func newGiornata(opID string, day time.Time, seed uint64) *giornata {
	y, m, d := day.Date()
	g := &giornata{seed: seed, y: y, m: m, d: d, data: yyyymmdd(day)}
	g.idPrefix = opID + "-" + g.data + "-"
	start := time.Date(y, m, d, 0, 0, 0, 0, roma)
	g.inizio, g.fine = start.Unix(), time.Date(y, m, d+1, 0, 0, 0, 0, roma).Unix()
	g.giornoSettimana = start.Weekday()
	for _, x := range distretti {
		g.pesiDistretti = append(g.pesiDistretti, x.peso)
	}
	for _, p := range paesi {
		g.pesiPaesiNormali = append(g.pesiPaesiNormali, p.pesoNormale)
	}
	return g
}

// chiamata is a call being generated; times in Unix seconds.
type chiamata struct {
	inizio int64
	durata int32
	occupa int32 // seconds the line is busy (ringing included)
	causa  uint8
	classe classe
	tipo   string
	descr  string
	numero string
	postNP string
}

// lineaPrep is a line's data as written in every record.
type lineaPrep struct {
	dn, servizio, azienda, ufficio, interno string
}

func (g *giornata) preparaLinea(l *Linea) lineaPrep {
	lp := lineaPrep{dn: l.DN, servizio: ServizioWLR, azienda: l.AziendaID, ufficio: l.UfficioID}
	if l.Servizio == ServizioVOIP {
		lp.servizio, lp.interno = ServizioVOIP, l.Interno
	}
	return lp
}

func (g *giornata) record(l *lineaPrep, c *chiamata, seq int) Record {
	t := time.Unix(c.inizio, 0).In(roma)
	fascia := Fascia(t)
	tariffata := DurataTariffata(int(c.durata))
	id := make([]byte, 0, len(g.idPrefix)+9)
	id = append(id, g.idPrefix...)
	var num [9]byte
	for i, s := 8, seq; i >= 0; i-- {
		num[i] = byte('0' + s%10)
		s /= 10
	}
	id = append(id, num[:]...)
	return Record{
		IDCdr:                 string(id),
		Inizio:                t,
		DurataSec:             int(c.durata),
		DurataTariffataSec:    tariffata,
		Chiamante:             l.dn,
		Chiamato:              c.numero,
		ChiamatoPostNP:        c.postNP,
		Direzione:             DirUscente,
		TipoDestinazione:      c.tipo,
		DescrizioneDirettrice: c.descr,
		FasciaOraria:          fascia,
		CodiceTariffa:         c.classe.codice(fascia),
		Importo:               c.classe.importo(tariffata, fascia),
		Servizio:              l.servizio,
		AziendaID:             l.azienda,
		UfficioID:             l.ufficio,
		Interno:               l.interno,
		CausaRilascio:         int(c.causa),
	}
}

// Hour-of-day weights (Europe/Rome civil hours 0..23).
var (
	oreResidenziale = []int{2, 1, 0, 0, 0, 1, 3, 6, 8, 10, 11, 11, 10, 9, 8, 8, 10, 13, 16, 17, 15, 10, 6, 3}
	oreAffari       = []int{0, 0, 0, 0, 0, 0, 1, 4, 12, 18, 19, 18, 11, 8, 14, 17, 16, 12, 6, 2, 1, 0, 0, 0}
)

// Destination class weights (per mille) in ordinary traffic.
var (
	mixResidenziale = []int{280, 200, 440, 30, 15, 3, 30, 2} // URB NAZ MOB 800 84X 89X INT EMG
	mixAffari       = []int{300, 250, 340, 45, 20, 2, 42, 1}
)

// Answered call duration quantiles in seconds at 0, 5, 10, 20, ..., 90, 95,
// 99, 100 per cent: a log-normal with median 95 s, sigma about 1, cut at one
// hour; sampled by linear interpolation, integers only.
var (
	quantiliPunti  = []int{0, 500, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 9500, 9900, 10000}
	quantiliDurata = []int{3, 12, 20, 33, 48, 68, 95, 128, 170, 240, 380, 560, 1200, 3600}
)

// chiamateLinea appends the line's calls of the day, sorted by start.
func (g *giornata) chiamateLinea(calls []chiamata, l *Linea, frodi []Frode) []chiamata {
	r := newRng(g.seed, "linea", l.DN, g.data)
	affari := l.Profilo == ProfiloAffari
	var n int
	switch wd := g.giornoSettimana; {
	case wd == time.Sunday:
		n = r.tra(0, 3)
	case wd == time.Saturday && affari:
		n = r.tra(2, 10)
	case wd == time.Saturday:
		n = r.tra(1, 4)
	case affari:
		n = r.tra(10, 40)
	default:
		n = r.tra(2, 6)
	}
	ore, mix := oreResidenziale, mixResidenziale
	if affari && g.giornoSettimana != time.Saturday && g.giornoSettimana != time.Sunday {
		ore, mix = oreAffari, mixAffari
	}
	var urb distretto
	var hasURB bool
	if l.Prefisso != "" {
		urb, hasURB = distrettoDi(l.Prefisso)
		if !hasURB || urb.prefisso != l.Prefisso {
			urb, hasURB = distretto{prefisso: l.Prefisso, nome: "Distretto " + l.Prefisso}, true
		}
	} else if strings.HasPrefix(l.DN, "0") {
		urb, hasURB = distrettoDi(l.DN)
	}
	urbDescr := urb.nome + " urbana"
	start := len(calls)
	for range n {
		h := r.pesato(ore)
		t := time.Date(g.y, g.m, g.d, h, r.intn(60), r.intn(60), 0, roma).Unix()
		c := chiamata{inizio: t}
		g.destinazioneNormale(&r, &c, mix, urb, hasURB, urbDescr)
		g.esitoNormale(&r, &c)
		calls = append(calls, c)
	}
	own := calls[start:]
	slices.SortStableFunc(own, func(a, b chiamata) int { return cmp.Compare(a.inizio, b.inizio) })
	// One call at a time: push overlapping calls after the previous one.
	keep := own[:0]
	libera := int64(0)
	for _, c := range own {
		pausa := int64(r.tra(5, 90))
		if c.inizio < libera+pausa {
			c.inizio = libera + pausa
		}
		if c.inizio >= g.fine {
			continue
		}
		keep = append(keep, c)
		libera = c.inizio + int64(c.occupa)
	}
	calls = calls[:start+len(keep)]
	for k, f := range frodi {
		calls = g.frode(calls, l, f, k)
	}
	if len(l.Blocchi) > 0 {
		// Drawn as if nothing were barred, so a block changes nothing but the calls it
		// refuses.
		kept := slices.DeleteFunc(calls[start:], func(c chiamata) bool { return bloccata(l.Blocchi, c.inizio, c.numero) })
		calls = calls[:start+len(kept)]
	}
	slices.SortStableFunc(calls[start:], func(a, b chiamata) int { return cmp.Compare(a.inizio, b.inizio) })
	return calls
}

func (g *giornata) destinazioneNormale(r *rng, c *chiamata, mix []int, urb distretto, hasURB bool, urbDescr string) {
	switch k := r.pesato(mix); k {
	case 0, 1: // urban, national
		if k == 0 && hasURB {
			c.classe, c.tipo, c.descr = clURB, DestUrbana, urbDescr
			c.numero = numeroGeografico(r, urb.prefisso)
		} else {
			d := distretti[r.pesato(g.pesiDistretti)]
			for hasURB && d.prefisso == urb.prefisso {
				d = distretti[r.pesato(g.pesiDistretti)]
			}
			c.classe, c.tipo, c.descr = clNAZ, DestNazionale, d.nome
			c.numero = numeroGeografico(r, d.prefisso)
		}
		c.postNP = c.numero
		if r.intn(100) < 15 { // ported fixed number
			c.postNP = operatoriFissi[r.intn(len(operatoriFissi))].rn + c.numero
		}
	case 2:
		g.mobile(r, c)
	case 3:
		g.nng(r, c, nngVerdi)
	case 4:
		g.nng(r, c, nng84)
	case 5:
		g.nng(r, c, nng89)
	case 6:
		p := paesi[r.pesato(g.pesiPaesiNormali)]
		internazionale(r, c, p, "")
	default:
		e := emergenze[r.pesato(pesiEmergenze)]
		c.classe, c.tipo, c.descr, c.numero, c.postNP = clEMERG, DestEmergenza, e.descrizione, e.numero, e.numero
	}
}

var pesiEmergenze = func() []int {
	p := make([]int, len(emergenze))
	for i, e := range emergenze {
		p[i] = e.peso
	}
	return p
}()

var pesiMobili = func() []int {
	p := make([]int, len(operatoriMobili))
	for i, o := range operatoriMobili {
		p[i] = o.peso
	}
	return p
}()

func (g *giornata) mobile(r *rng, c *chiamata) {
	holder := operatoriMobili[r.pesato(pesiMobili)]
	c.numero = numeroCon(r, holder.prefissi[r.intn(len(holder.prefissi))], 7)
	serve := holder
	c.postNP = c.numero
	if r.intn(100) < 25 { // ported: another network serves it now
		serve = operatoriMobili[r.pesato(pesiMobili)]
		if serve.nome != holder.nome {
			c.postNP = serve.rn + c.numero
		}
	}
	c.classe, c.tipo, c.descr = clMOB, DestMobile, serve.descrMobile
}

func (g *giornata) nng(r *rng, c *chiamata, set []nng) {
	tot := 0
	for _, x := range set {
		tot += x.peso
	}
	k := r.intn(tot)
	i := 0
	for k >= set[i].peso {
		k -= set[i].peso
		i++
	}
	numeroNNG(r, c, set[i])
}

func numeroNNG(r *rng, c *chiamata, x nng) {
	c.numero = numeroCon(r, x.prefisso, x.cifre)
	c.postNP = c.numero
	c.classe, c.tipo, c.descr = x.classe, listino[x.classe].TipoDestinazione, x.descrizione
}

// internazionale fills c with a number of country p (or the given number).
func internazionale(r *rng, c *chiamata, p paese, numero string) {
	if numero == "" {
		numero = numeroCon(r, "00"+p.cc, p.cifre)
	}
	c.numero, c.postNP = numero, numero
	c.classe, c.tipo, c.descr = p.classe, listino[p.classe].TipoDestinazione, p.nome
}

// esitoNormale draws answer, cause and duration of an ordinary call.
func (g *giornata) esitoNormale(r *rng, c *chiamata) {
	if c.classe == clEMERG {
		c.causa, c.durata = CausaNormale, int32(r.tra(30, 300))
		c.occupa = c.durata
		return
	}
	switch k := r.intn(1000); {
	case k < 800:
		c.causa = CausaNormale
		d := r.quantile(quantiliPunti, quantiliDurata)
		switch c.classe {
		case clMOB:
			d = d * 80 / 100
		case clINT1, clINT2, clINT3:
			d = d * 150 / 100
		case clVERDE:
			d = d * 160 / 100
		case clNNG89:
			d = d * 50 / 100
		}
		c.durata = int32(max(d, 1))
		c.occupa = c.durata + int32(r.tra(3, 20))
	case k < 910:
		c.causa, c.occupa = CausaNessunaRisposta, int32(r.tra(20, 45))
	case k < 970:
		c.causa, c.occupa = CausaOccupato, int32(r.tra(3, 10))
	default:
		c.causa = [...]uint8{CausaNonAllocato, CausaRifiutata, CausaNormaleNonSpec, CausaNessunCircuito, CausaGuastoTemporaneo}[r.intn(5)]
		c.occupa = int32(r.tra(1, 5))
	}
}

// frode appends the calls of one fraud burst; k tells identical frauds apart.
func (g *giornata) frode(calls []chiamata, l *Linea, f Frode, k int) []chiamata {
	r := newRng(g.seed, "frode", f.Tipo, l.DN, g.data, strconv.Itoa(k))
	inizioBurst := func(ore int) int64 {
		h := min(max(f.Ora, 0), 23-ore)
		return time.Date(g.y, g.m, g.d, h, 0, 0, 0, roma).Unix() + int64(r.intn(900))
	}
	add := func(c chiamata) bool {
		if c.inizio >= g.fine {
			return false
		}
		calls = append(calls, c)
		return true
	}
	switch f.Tipo {
	case FrodeIRSF:
		var mete []paese
		for _, p := range paesi {
			if p.altoRischio {
				mete = append(mete, p)
			}
		}
		dest := []paese{mete[r.intn(len(mete))]}
		if r.intn(2) == 0 {
			dest = append(dest, mete[r.intn(len(mete))])
		}
		var numeri []string
		var paesiNum []paese
		for _, p := range dest {
			for range r.tra(1, 3) {
				numeri = append(numeri, numeroCon(&r, "00"+p.cc, p.cifre))
				paesiNum = append(paesiNum, p)
			}
		}
		t0 := inizioBurst(4)
		for t := t0; t < t0+4*3600; {
			j := r.intn(len(numeri))
			c := chiamata{inizio: t}
			internazionale(&r, &c, paesiNum[j], numeri[j])
			if r.intn(100) < 92 {
				c.causa, c.durata = CausaNormale, int32(r.tra(300, 1500))
				c.occupa = c.durata
			} else {
				c.causa, c.occupa = [...]uint8{CausaNessunaRisposta, CausaNessunCircuito}[r.intn(2)], int32(r.tra(10, 40))
			}
			if !add(c) {
				break
			}
			t += int64(c.occupa) + int64(r.tra(5, 90))
		}
	case FrodeWangiri:
		origini := []string{"216", "222", "225", "371", "44"}
		cc := origini[r.intn(len(origini))]
		var p paese
		for _, x := range paesi {
			if x.cc == cc {
				p = x
			}
		}
		numero := numeroCon(&r, "00"+p.cc, p.cifre)
		if cc == "44" {
			numero = numeroCon(&r, "004470", 8) // UK personal numbering, a classic premium trap
		}
		t := inizioBurst(2)
		for range r.tra(60, 150) {
			c := chiamata{inizio: t}
			internazionale(&r, &c, p, numero)
			if r.intn(100) < 40 {
				c.causa, c.durata = CausaNormale, int32(r.tra(1, 4))
				c.occupa = c.durata
			} else {
				c.causa, c.occupa = [...]uint8{CausaNessunaRisposta, CausaNormaleNonSpec}[r.intn(2)], int32(r.tra(2, 12))
			}
			if !add(c) {
				break
			}
			t += int64(c.occupa) + int64(r.tra(5, 25))
		}
	case FrodeTrafficPumping:
		// 899/895 premium and 84x shared-cost ranges (892 are short
		// directory numbers, not pumped).
		pompabili := []nng{nng89[1], nng89[2], nng84[0], nng84[1]}
		var numeri []chiamata
		for range r.tra(1, 3) {
			var c chiamata
			numeroNNG(&r, &c, pompabili[r.pesato([]int{3, 2, 1, 1})])
			numeri = append(numeri, c)
		}
		t0 := inizioBurst(8)
		for t := t0; t < t0+8*3600; {
			c := numeri[r.intn(len(numeri))]
			c.inizio = t
			if r.intn(100) < 97 {
				c.causa, c.durata = CausaNormale, int32(r.tra(1200, 3300))
				c.occupa = c.durata
			} else {
				c.causa, c.occupa = CausaOccupato, int32(r.tra(3, 10))
			}
			if !add(c) {
				break
			}
			t += int64(c.occupa) + int64(r.tra(10, 120))
		}
	case FrodePiccoInternazionale:
		var mete []paese
		for _, p := range paesi {
			if p.pesoNormale > 0 && p.classe != clINT1 {
				mete = append(mete, p)
			}
		}
		var numeri []string
		var paesiNum []paese
		for range r.tra(3, 6) {
			p := mete[r.intn(len(mete))]
			numeri = append(numeri, numeroCon(&r, "00"+p.cc, p.cifre))
			paesiNum = append(paesiNum, p)
		}
		t := inizioBurst(2)
		for range r.tra(35, 55) {
			j := r.intn(len(numeri))
			c := chiamata{inizio: t}
			internazionale(&r, &c, paesiNum[j], numeri[j])
			if r.intn(100) < 90 {
				c.causa, c.durata = CausaNormale, int32(r.tra(20, 75))
				c.occupa = c.durata
			} else {
				c.causa, c.occupa = [...]uint8{CausaNessunaRisposta, CausaOccupato}[r.intn(2)], int32(r.tra(10, 30))
			}
			if !add(c) {
				break
			}
			t += int64(c.occupa) + int64(r.tra(5, 30))
		}
	case FrodeChiamateContemporanee:
		t0 := inizioBurst(1)
		for range r.tra(8, 20) {
			c := chiamata{inizio: t0 + int64(r.intn(180))}
			if r.intn(2) == 0 {
				g.mobile(&r, &c)
			} else {
				d := distretti[r.pesato(g.pesiDistretti)]
				c.numero = numeroGeografico(&r, d.prefisso)
				c.postNP, c.classe, c.tipo, c.descr = c.numero, clNAZ, DestNazionale, d.nome
			}
			c.causa, c.durata = CausaNormale, int32(r.tra(900, 2700))
			c.occupa = c.durata
			add(c)
		}
	}
	return calls
}

// numeroGeografico is a 10-digit geographic number in district prefisso.
func numeroGeografico(r *rng, prefisso string) string {
	return numeroCon(r, prefisso, max(10-len(prefisso), 4))
}

// numeroCon appends n random digits to prefix; the first is never 0 or 1,
// as for real subscriber numbers.
func numeroCon(r *rng, prefix string, n int) string {
	b := make([]byte, len(prefix), len(prefix)+n)
	copy(b, prefix)
	for i := range n {
		if i == 0 {
			b = append(b, byte('2'+r.intn(8)))
		} else {
			b = append(b, byte('0'+r.intn(10)))
		}
	}
	return string(b)
}

// rng is SplitMix64: tiny, fast, fully specified, so a seed gives the same
// world on every Go version and CPU (math/rand/v2 does not promise that for
// its derived methods).
type rng struct{ s uint64 }

// newRng derives a stream from the seed and a list of labels (FNV-1a over
// the labels, then mixed with the seed).
func newRng(seed uint64, parts ...string) rng {
	h := uint64(14695981039346656037)
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			h ^= uint64(p[i])
			h *= 1099511628211
		}
		h ^= 0xff // separator: ("ab","c") differs from ("a","bc")
		h *= 1099511628211
	}
	r := rng{s: seed}
	r.s = r.next() ^ h
	return r
}

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn is uniform in [0, n) by multiply-high (bias below 2^-32 for the small
// n used here).
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// tra is uniform in [a, b].
func (r *rng) tra(a, b int) int { return a + r.intn(b-a+1) }

// pesato draws an index with probability proportional to its weight.
func (r *rng) pesato(pesi []int) int {
	tot := 0
	for _, p := range pesi {
		tot += p
	}
	x := r.intn(tot)
	for i, p := range pesi {
		if x < p {
			return i
		}
		x -= p
	}
	return len(pesi) - 1
}

// quantile samples a distribution given by quantile points (punti in basis
// points, valori ascending), interpolating linearly.
func (r *rng) quantile(punti, valori []int) int {
	u := r.intn(10000)
	for i := 1; i < len(punti); i++ {
		if u < punti[i] {
			a, b := punti[i-1], punti[i]
			return valori[i-1] + (valori[i]-valori[i-1])*(u-a)/(b-a)
		}
	}
	return valori[len(valori)-1]
}
