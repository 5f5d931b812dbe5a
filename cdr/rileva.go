package cdr

import (
	"cmp"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// Metrica: what a threshold measures (the metrica of POST /soglie).
const (
	// MetricaChiamateMinuto counts call attempts started within any window of
	// FinestraMinuti minutes (default 1).
	MetricaChiamateMinuto = "CHIAMATE_MINUTO"
	// MetricaMinutiGiorno sums conversation minutes in a calendar day.
	MetricaMinutiGiorno = "MINUTI_GIORNO"
	// MetricaCostoGiornoEur sums the charge, in euro, in a calendar day.
	MetricaCostoGiornoEur = "COSTO_GIORNO_EUR"
	// MetricaChiamateContemporanee is the largest number of answered calls in
	// progress at the same instant.
	MetricaChiamateContemporanee = "CHIAMATE_CONTEMPORANEE"
	// MetricaChiamateInternazionaliOra counts international calls started
	// within any window of FinestraMinuti minutes (default 60).
	MetricaChiamateInternazionaliOra = "CHIAMATE_INTERNAZIONALI_ORA"
)

// Severita of an anomaly.
const (
	SeveritaWarning = "WARNING"
	SeveritaCritico = "CRITICO"
)

// MaxCdrIDs is how many CDR ids an Anomalia carries as evidence.
const MaxCdrIDs = 50

// BreveSec: an international call shorter than this (unanswered included)
// counts as a Wangiri ring, not as conversation.
const BreveSec = 5

// Soglia is a threshold on one metric. A value reaching Critico is CRITICO,
// else reaching Warning is WARNING; a zero or negative level is not checked.
// Several thresholds on the same metric are all checked (the sandbox passes
// those that apply to the line: OLO, company and DN scope).
type Soglia struct {
	Metrica string
	Warning float64
	Critico float64
	// FinestraMinuti is the window of the counting metrics (CHIAMATE_MINUTO,
	// default 1; CHIAMATE_INTERNAZIONALI_ORA, default 60). The daily metrics
	// always cover the calendar day (Europe/Rome) and ignore it.
	FinestraMinuti int
}

// Anomalia is a fraud pattern found on one line in one day: what an alert
// (GET /allarmi) is made of. The counts (NChiamate, Minuti, CostoEur, Primo,
// Ultimo) describe the calls that make the value: the whole day's calls of
// the pattern for the daily metrics, those of the worst window for the
// counting ones, those in progress at the peak for CHIAMATE_CONTEMPORANEE.
type Anomalia struct {
	Tipo     string // a Frode* constant
	Severita string
	DN       string
	Metrica  string
	Valore   float64
	Soglia   float64 // the level that was reached
	// DestinazionePrefisso is the destination that weighs most: "+53" for an
	// international one, "899" for an NNG range; empty for
	// CHIAMATE_CONTEMPORANEE.
	DestinazionePrefisso string
	NChiamate            int
	Minuti               float64
	CostoEur             int64 // ten-thousandths of a euro
	Primo, Ultimo        time.Time
	CdrIDs               []string // at most MaxCdrIDs, in time order
	// From the line's records, so an alert can name the VoIP company/user.
	AziendaID, UfficioID, Interno string
}

// SoglieDefault are the thresholds the sandbox applies when an OLO has set
// none. They are tuned so that ordinary traffic stays below CRITICO and every
// pattern Genera injects reaches it.
func SoglieDefault() []Soglia {
	return []Soglia{
		{Metrica: MetricaChiamateMinuto, Warning: 6, Critico: 12, FinestraMinuti: 1},
		{Metrica: MetricaMinutiGiorno, Warning: 120, Critico: 300},
		{Metrica: MetricaCostoGiornoEur, Warning: 25, Critico: 100},
		{Metrica: MetricaChiamateContemporanee, Warning: 3, Critico: 5},
		{Metrica: MetricaChiamateInternazionaliOra, Warning: 10, Critico: 20, FinestraMinuti: 60},
	}
}

// metriche of each fraud pattern: which thresholds apply to its calls.
var metriche = map[string][]string{
	FrodeIRSF:                  {MetricaCostoGiornoEur, MetricaMinutiGiorno, MetricaChiamateInternazionaliOra},
	FrodeWangiri:               {MetricaChiamateInternazionaliOra, MetricaChiamateMinuto},
	FrodeTrafficPumping:        {MetricaMinutiGiorno, MetricaCostoGiornoEur},
	FrodePiccoInternazionale:   {MetricaChiamateInternazionaliOra, MetricaMinutiGiorno, MetricaCostoGiornoEur},
	FrodeChiamateContemporanee: {MetricaChiamateContemporanee, MetricaChiamateMinuto},
}

// Rileva checks outgoing calls against thresholds (nil: SoglieDefault()) and
// returns the anomalies, sorted by DN, first call, Tipo, destination.
//
// Each line's calls of each day are split into the patterns, and each
// pattern is measured with its own metrics:
//   - WANGIRI: international calls shorter than BreveSec, per called number
//     (calls per window);
//   - IRSF: the other calls to high-risk destinations (PrefissiAltoRischio:
//     cost, minutes, calls per window);
//   - PICCO_INTERNAZIONALE: the other international calls (calls per window,
//     minutes, cost);
//   - TRAFFIC_PUMPING: calls to 84x/89x numbers (minutes, cost);
//   - CHIAMATE_CONTEMPORANEE: all calls (simultaneous calls, calls per window).
//
// A pattern gives at most one anomaly per line and day: the most severe
// threshold reached (then the largest value/threshold ratio).
//
// Streaming: records are read once, and a line is evaluated when its run of
// records ends, so the input must keep each DN's records together, as Genera
// and the daily files do (within a run any order is fine). Memory is then one
// line's calls. A DN whose records come back later is evaluated again as a
// separate run.
func Rileva(recs iter.Seq[Record], soglie []Soglia) []Anomalia {
	if soglie == nil {
		soglie = SoglieDefault()
	}
	var out []Anomalia
	var run []Record
	for r := range recs {
		if r.Direzione != DirUscente {
			continue
		}
		if len(run) > 0 && r.Chiamante != run[0].Chiamante {
			out = valutaLinea(out, run, soglie)
			run = run[:0]
		}
		run = append(run, r)
	}
	out = valutaLinea(out, run, soglie)
	slices.SortStableFunc(out, func(a, b Anomalia) int {
		return cmp.Or(cmp.Compare(a.DN, b.DN), a.Primo.Compare(b.Primo), cmp.Compare(a.Tipo, b.Tipo),
			cmp.Compare(a.DestinazionePrefisso, b.DestinazionePrefisso), cmp.Compare(a.Metrica, b.Metrica),
			slices.Compare(a.CdrIDs, b.CdrIDs))
	})
	return out
}

func valutaLinea(out []Anomalia, run []Record, soglie []Soglia) []Anomalia {
	if len(run) == 0 {
		return out
	}
	slices.SortStableFunc(run, func(a, b Record) int {
		return cmp.Or(a.Inizio.Compare(b.Inizio), cmp.Compare(a.IDCdr, b.IDCdr))
	})
	for i := 0; i < len(run); {
		y, m, d := run[i].Inizio.In(roma).Date()
		j := i + 1
		for j < len(run) {
			y2, m2, d2 := run[j].Inizio.In(roma).Date()
			if y2 != y || m2 != m || d2 != d {
				break
			}
			j++
		}
		out = valutaGiorno(out, run[i:j], soglie)
		i = j
	}
	return out
}

// gruppo is the calls of one pattern, as indices into the day's calls.
type gruppo struct {
	tipo string
	idx  []int
}

func valutaGiorno(out []Anomalia, calls []Record, soglie []Soglia) []Anomalia {
	var irsf, picco, pumping, tutte []int
	wangiri := map[string][]int{}
	for i := range calls {
		c := &calls[i]
		tutte = append(tutte, i)
		switch c.TipoDestinazione {
		case DestInternazionale, DestSatellitare:
			switch {
			case c.DurataSec < BreveSec:
				wangiri[c.Chiamato] = append(wangiri[c.Chiamato], i)
			case c.TipoDestinazione == DestSatellitare || altoRischio(c.Chiamato):
				irsf = append(irsf, i)
			default:
				picco = append(picco, i)
			}
		case DestNNG84X, DestNNG89X:
			pumping = append(pumping, i)
		}
	}
	gruppi := []gruppo{{FrodeIRSF, irsf}, {FrodePiccoInternazionale, picco},
		{FrodeTrafficPumping, pumping}, {FrodeChiamateContemporanee, tutte}}
	for _, num := range slices.Sorted(maps.Keys(wangiri)) {
		gruppi = append(gruppi, gruppo{FrodeWangiri, wangiri[num]})
	}
	for _, g := range gruppi {
		if len(g.idx) == 0 {
			continue
		}
		if a, ok := valutaGruppo(calls, g, soglie); ok {
			out = append(out, a)
		}
	}
	return out
}

var rangoSeverita = map[string]int{SeveritaWarning: 1, SeveritaCritico: 2}

func valutaGruppo(calls []Record, g gruppo, soglie []Soglia) (Anomalia, bool) {
	var best Anomalia
	var bestEvid []int
	found := false
	for _, s := range soglie {
		if !slices.Contains(metriche[g.tipo], s.Metrica) {
			continue
		}
		v, evid := misura(calls, g.idx, s)
		sev, livello := "", 0.0
		switch {
		case s.Critico > 0 && v >= s.Critico:
			sev, livello = SeveritaCritico, s.Critico
		case s.Warning > 0 && v >= s.Warning:
			sev, livello = SeveritaWarning, s.Warning
		default:
			continue
		}
		if found {
			if c := cmp.Compare(rangoSeverita[sev], rangoSeverita[best.Severita]); c < 0 ||
				c == 0 && v/livello <= best.Valore/best.Soglia {
				continue
			}
		}
		found = true
		best = Anomalia{Tipo: g.tipo, Severita: sev, Metrica: s.Metrica, Valore: v, Soglia: livello}
		bestEvid = evid
	}
	if !found {
		return Anomalia{}, false
	}
	first := &calls[bestEvid[0]]
	best.DN, best.AziendaID, best.UfficioID, best.Interno = first.Chiamante, first.AziendaID, first.UfficioID, first.Interno
	best.Primo, best.Ultimo = first.Inizio, calls[bestEvid[len(bestEvid)-1]].Inizio
	best.NChiamate = len(bestEvid)
	sec := 0
	for k, i := range bestEvid {
		sec += calls[i].DurataSec
		best.CostoEur += calls[i].Importo
		if k < MaxCdrIDs {
			best.CdrIDs = append(best.CdrIDs, calls[i].IDCdr)
		}
		if calls[i].Inizio.Before(best.Primo) {
			best.Primo = calls[i].Inizio
		}
		if calls[i].Inizio.After(best.Ultimo) {
			best.Ultimo = calls[i].Inizio
		}
	}
	best.Minuti = arrotonda2(float64(sec) / 60)
	if g.tipo != FrodeChiamateContemporanee {
		best.DestinazionePrefisso = prefissoPrevalente(calls, bestEvid)
	}
	return best, true
}

// misura computes a metric on a pattern's calls (in time order) and returns
// the calls that make the value.
func misura(calls []Record, idx []int, s Soglia) (float64, []int) {
	switch s.Metrica {
	case MetricaMinutiGiorno:
		sec := 0
		for _, i := range idx {
			sec += calls[i].DurataSec
		}
		return arrotonda2(float64(sec) / 60), idx
	case MetricaCostoGiornoEur:
		var tot int64
		for _, i := range idx {
			tot += calls[i].Importo
		}
		return float64(tot) / decimiMillesimiPerEuro, idx
	case MetricaChiamateMinuto, MetricaChiamateInternazionaliOra:
		w := s.FinestraMinuti
		if w <= 0 {
			w = 1
			if s.Metrica == MetricaChiamateInternazionaliOra {
				w = 60
			}
		}
		n, evid := finestraMassima(calls, idx, int64(w)*60)
		return float64(n), evid
	case MetricaChiamateContemporanee:
		n, evid := contemporaneeMassime(calls, idx)
		return float64(n), evid
	}
	return 0, nil
}

// finestraMassima is the largest number of calls started within a window of
// w seconds, and those calls (the first such window).
func finestraMassima(calls []Record, idx []int, w int64) (int, []int) {
	best, bi, bj := 0, 0, 0
	i := 0
	for j := range idx {
		tj := calls[idx[j]].Inizio.Unix()
		for tj-calls[idx[i]].Inizio.Unix() >= w {
			i++
		}
		if n := j - i + 1; n > best {
			best, bi, bj = n, i, j
		}
	}
	return best, idx[bi : bj+1]
}

// contemporaneeMassime is the largest number of answered calls in progress
// at one instant (a call occupies [start, start+duration)), and those calls.
func contemporaneeMassime(calls []Record, idx []int) (int, []int) {
	type evento struct {
		t     int64
		delta int
	}
	ev := make([]evento, 0, 2*len(idx))
	for _, i := range idx {
		if d := calls[i].DurataSec; d > 0 {
			t := calls[i].Inizio.Unix()
			ev = append(ev, evento{t, 1}, evento{t + int64(d), -1})
		}
	}
	if len(ev) == 0 {
		return 0, nil
	}
	slices.SortFunc(ev, func(a, b evento) int { return cmp.Or(cmp.Compare(a.t, b.t), cmp.Compare(a.delta, b.delta)) })
	cur, best, at := 0, 0, int64(0)
	for _, e := range ev {
		cur += e.delta
		if cur > best {
			best, at = cur, e.t
		}
	}
	var evid []int
	for _, i := range idx {
		t := calls[i].Inizio.Unix()
		if d := calls[i].DurataSec; d > 0 && t <= at && at < t+int64(d) {
			evid = append(evid, i)
		}
	}
	return best, evid
}

// prefissoPrevalente is the destination prefix with the highest cost among
// the calls (ties: more calls, then the smaller prefix).
func prefissoPrevalente(calls []Record, idx []int) string {
	type peso struct {
		costo int64
		n     int
	}
	m := map[string]*peso{}
	for _, i := range idx {
		p := prefissoDestinazione(&calls[i])
		if m[p] == nil {
			m[p] = &peso{}
		}
		m[p].costo += calls[i].Importo
		m[p].n++
	}
	best := ""
	for _, p := range slices.Sorted(maps.Keys(m)) {
		if best == "" || m[p].costo > m[best].costo || m[p].costo == m[best].costo && m[p].n > m[best].n {
			best = p
		}
	}
	return best
}

// prefissoDestinazione is "+CC" for an international number, the first
// three digits of an NNG one, the district of a geographic one.
func prefissoDestinazione(c *Record) string {
	if p := prefissoPaese(c.Chiamato); p != "" {
		return p
	}
	switch {
	case strings.HasPrefix(c.Chiamato, "0"):
		if d, ok := distrettoDi(c.Chiamato); ok {
			return d.prefisso
		}
	case len(c.Chiamato) >= 3:
		return c.Chiamato[:3]
	}
	return c.Chiamato
}

func arrotonda2(x float64) float64 { return math.Round(x*100) / 100 }
