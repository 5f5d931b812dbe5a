package world

import (
	"math"
	"slices"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// periodo resolves dal/al with defaults and the 366-day limit (422).
func (w *World) periodo(dal, al *openapi_types.Date, defDal func(today time.Time) time.Time) (openapi_types.Date, openapi_types.Date, error) {
	today := date(w.now())
	a := today
	if al != nil {
		a = *al
	}
	d := openapi_types.Date{Time: defDal(a.Time)}
	if dal != nil {
		d = *dal
	}
	if a.Before(d.Time) {
		return d, a, validazione("query.al", "al precede dal")
	}
	if a.Sub(d.Time) > 366*24*time.Hour {
		return d, a, regola("query.dal", "il periodo massimo e' di 366 giorni")
	}
	return d, a, nil
}

func primoDelMese(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
}

func round4(v float64) float64 { return math.Round(v*10000) / 10000 }

// LeggiRiepilogoDashboard computes the dashboard from the same state the other sections show.
func (w *World) LeggiRiepilogoDashboard(opID string, p wpti.LeggiRiepilogoDashboardParams) (wpti.RiepilogoDashboard, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.RiepilogoDashboard{}, err
	}
	dal, al, err := w.periodo(p.Dal, p.Al, primoDelMese)
	if err != nil {
		return wpti.RiepilogoDashboard{}, err
	}
	now := w.now()
	today := date(now)
	stati := []wpti.StatoOrdineWlr{wpti.StatoOrdineWlrINVIATO, wpti.StatoOrdineWlrACQUISITO, wpti.StatoOrdineWlrKOFORMALE, wpti.StatoOrdineWlrACCETTATO, wpti.StatoOrdineWlrINLAVORAZIONE, wpti.StatoOrdineWlrSOSPESO, wpti.StatoOrdineWlrESPLETATO, wpti.StatoOrdineWlrKOTECNICO, wpti.StatoOrdineWlrANNULLATO}
	tipi := []wpti.TipoOrdineWlr{wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, wpti.TipoOrdineWlrATTIVAZIONELINEANUOVA, wpti.TipoOrdineWlrVARIAZIONE, wpti.TipoOrdineWlrCESSAZIONE, wpti.TipoOrdineWlrMIGRAZIONE, wpti.TipoOrdineWlrSUBENTRO, wpti.TipoOrdineWlrTRASLOCO}
	perStato := map[wpti.StatoOrdineWlr]int{}
	perTipo := map[wpti.TipoOrdineWlr]int{}
	r := wpti.RiepilogoOrdiniWlr{}
	conclusi, ko := 0, 0
	for _, id := range t.ordiniID {
		o := t.ordini[id]
		if aperto(o.Stato) && o.Dac.Before(today.Time) {
			r.OltreDac++
		}
		if !inGiorni(o.DataCreazione, &dal, &al) {
			continue
		}
		r.Totale++
		perStato[o.Stato]++
		perTipo[o.Tipo]++
		switch o.Stato {
		case wpti.StatoOrdineWlrESPLETATO:
			conclusi++
		case wpti.StatoOrdineWlrKOFORMALE, wpti.StatoOrdineWlrKOTECNICO:
			conclusi++
			ko++
		}
	}
	for _, s := range stati {
		r.PerStato = append(r.PerStato, wpti.ConteggioPerStatoOrdine{Stato: s, Numero: perStato[s]})
	}
	for _, tp := range tipi {
		r.PerTipo = append(r.PerTipo, wpti.ConteggioPerTipoOrdine{Tipo: tp, Numero: perTipo[tp]})
	}
	if conclusi > 0 {
		r.TassoKo = round4(float64(ko) / float64(conclusi))
	}
	out := wpti.RiepilogoDashboard{Dal: dal, Al: al, CalcolatoIl: now, OrdiniWlr: r}
	for _, l := range t.linee {
		if l.Stato == wpti.StatoLineaATTIVA {
			out.LineeAttive++
		}
	}
	for _, id := range t.portedOutID {
		if inGiorni(t.portedOutState[id].DataRicezione, &dal, &al) {
			out.PortedOut++
		}
	}
	out.Voip = wpti.RiepilogoVoip{Aziende: len(t.aziendeID), Uffici: len(t.ufficiID), Utenti: len(t.utentiID)}
	for _, uid := range t.ufficiID {
		for _, n := range t.numerazioni[uid] {
			out.Voip.Numerazioni += n.Quantita
		}
	}
	if n := len(t.fileCdr); n > 0 {
		f := t.fileCdr[n-1]
		out.UltimoFileCdr = &f
	}
	return out, nil
}

// LeggiAndamentoDashboard is a series of one metric per day, week or month.
func (w *World) LeggiAndamentoDashboard(opID string, p wpti.LeggiAndamentoDashboardParams) (wpti.AndamentoDashboard, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.AndamentoDashboard{}, err
	}
	dal, al, err := w.periodo(p.Dal, p.Al, func(d time.Time) time.Time { return d.AddDate(0, 0, -29) })
	if err != nil {
		return wpti.AndamentoDashboard{}, err
	}
	today := date(w.now())
	gr := wpti.GranularitaGiorno
	if p.Granularita != nil {
		gr = *p.Granularita
	}
	inizio := func(d time.Time) time.Time {
		switch gr {
		case wpti.GranularitaSettimana:
			wd := (int(d.Weekday()) + 6) % 7
			return d.AddDate(0, 0, -wd)
		case wpti.GranularitaMese:
			return primoDelMese(d)
		}
		return d
	}
	passo := func(d time.Time) time.Time {
		switch gr {
		case wpti.GranularitaSettimana:
			return d.AddDate(0, 0, 7)
		case wpti.GranularitaMese:
			return d.AddDate(0, 1, 0)
		}
		return d.AddDate(0, 0, 1)
	}
	var starts []time.Time
	for d := inizio(dal.Time); !d.After(al.Time); d = passo(d) {
		starts = append(starts, d)
		if len(starts) > 400 {
			return wpti.AndamentoDashboard{}, regola("query.granularita", "la serie supererebbe 400 punti: usare una granularita' piu' ampia")
		}
	}
	vals := make([]float64, len(starts))
	bucket := func(ts time.Time) int {
		d := date(ts).Time
		if d.Before(dal.Time) || d.After(al.Time) {
			return -1
		}
		i, found := slices.BinarySearchFunc(starts, d, func(a, b time.Time) int { return a.Compare(b) })
		if !found {
			i--
		}
		return i
	}
	add := func(ts time.Time) {
		if i := bucket(ts); i >= 0 {
			vals[i]++
		}
	}
	for _, id := range t.ordiniID {
		o := t.ordini[id]
		switch p.Metrica {
		case wpti.MetricaAndamentoORDINIINVIATI:
			add(o.DataCreazione)
		case wpti.MetricaAndamentoORDINIESPLETATI, wpti.MetricaAndamentoORDINIKO:
			for _, tr := range o.storico {
				if (p.Metrica == wpti.MetricaAndamentoORDINIESPLETATI && tr.A == wpti.StatoOrdineWlrESPLETATO) ||
					(p.Metrica == wpti.MetricaAndamentoORDINIKO && (tr.A == wpti.StatoOrdineWlrKOFORMALE || tr.A == wpti.StatoOrdineWlrKOTECNICO)) {
					add(tr.Timestamp)
				}
			}
		case wpti.MetricaAndamentoORDINIOLTREDAC:
			// Orders whose DAC fell in the period and that missed it: completed after the
			// DAC, or still open once the DAC has passed (an open order whose DAC is today
			// or later is not late yet).
			tardi := o.DataEspletamento != nil && o.DataEspletamento.After(o.Dac.Time)
			if aperto(o.Stato) && o.Dac.Before(today.Time) {
				tardi = true
			}
			if tardi {
				add(alle(o.Dac, 12, 0))
			}
		}
	}
	switch p.Metrica {
	case wpti.MetricaAndamentoPORTEDOUT:
		for _, id := range t.portedOutID {
			add(t.portedOutState[id].DataRicezione)
		}
	case wpti.MetricaAndamentoLINEEATTIVE, wpti.MetricaAndamentoUTENTIVOIP:
		// a stock, not a flow: the value at the end of each period
		for i, s := range starts {
			end := passo(s)
			if end.After(al.Time) {
				end = al.Time.AddDate(0, 0, 1)
			}
			n := 0
			if p.Metrica == wpti.MetricaAndamentoLINEEATTIVE {
				for _, l := range t.linee {
					att := l.DataAttivazione.Time
					ces := l.DataCessazione
					if att.Before(end) && (ces == nil || !ces.Time.Before(end)) {
						n++
					}
				}
			} else {
				for _, id := range t.utentiID {
					if date(t.utenti[id].CreatoIl).Time.Before(end) {
						n++
					}
				}
			}
			vals[i] = float64(n)
		}
	}
	out := wpti.AndamentoDashboard{Metrica: p.Metrica, Granularita: gr, Dal: dal, Al: al, Punti: []wpti.PuntoAndamento{}}
	for i, s := range starts {
		out.Punti = append(out.Punti, wpti.PuntoAndamento{InizioPeriodo: openapi_types.Date{Time: s}, Valore: vals[i]})
	}
	return out, nil
}

// LeggiSlaDashboard measures SLA compliance of the orders completed in the period: working
// days from acquisition to completion against the class target.
func (w *World) LeggiSlaDashboard(opID string, p wpti.LeggiSlaDashboardParams) (wpti.SlaDashboard, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.SlaDashboard{}, err
	}
	dal, al, err := w.periodo(p.Dal, p.Al, primoDelMese)
	if err != nil {
		return wpti.SlaDashboard{}, err
	}
	classi := []struct {
		c   wpti.ClasseSla
		obj int
	}{{wpti.ClasseSlaSTANDARD, 6}, {wpti.ClasseSlaNONSTANDARD, 8}, {wpti.ClasseSlaCOMPLESSO, 45}, {wpti.ClasseSlaCAMBIOCATEGORIA, 15}}
	out := wpti.SlaDashboard{Dal: dal, Al: al}
	for _, k := range classi {
		s := wpti.SlaClasse{Classe: k.c, ObiettivoGiorniLavorativi: k.obj}
		tot := 0
		for _, id := range t.ordiniID {
			o := t.ordini[id]
			if o.Stato != wpti.StatoOrdineWlrESPLETATO || o.ClasseSla == nil || *o.ClasseSla != k.c {
				continue
			}
			var acq, esp time.Time
			for _, tr := range o.storico {
				switch tr.A {
				case wpti.StatoOrdineWlrACQUISITO:
					acq = tr.Timestamp
				case wpti.StatoOrdineWlrESPLETATO:
					esp = tr.Timestamp
				}
			}
			if !inGiorni(esp, &dal, &al) || acq.IsZero() {
				continue
			}
			g := italia.GiorniLavorativiTra(giornoRoma(acq), giornoRoma(esp))
			tot += g
			s.OrdiniEspletati++
			// Within SLA: completed within the class target, or by the DAC the OLO asked
			// for when that was later.
			limite := max(k.obj, italia.GiorniLavorativiTra(giornoRoma(acq), alle(o.Dac, 0, 0)))
			if g <= limite {
				s.EntroSla++
			} else {
				s.FuoriSla++
			}
		}
		s.PercentualeRispetto = 100
		if s.OrdiniEspletati > 0 {
			s.PercentualeRispetto = round4(float64(s.EntroSla) * 100 / float64(s.OrdiniEspletati))
			s.MediaGiorniLavorativi = ptr(round4(float64(tot) / float64(s.OrdiniEspletati)))
		}
		out.Classi = append(out.Classi, s)
	}
	return out, nil
}
