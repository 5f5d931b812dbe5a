package world

import (
	"cmp"
	"slices"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// Operatori recipient of the world (real Italian operator names, fictional codes).
var operatoriRecipient = []wpti.OperatoreRiferimento{
	{Codice: "TIM", Denominazione: "TIM S.p.A."},
	{Codice: "VOD", Denominazione: "Vodafone Italia S.p.A."},
	{Codice: "WND", Denominazione: "Wind Tre S.p.A."},
	{Codice: "FWB", Denominazione: "Fastweb S.p.A."},
	{Codice: "ILD", Denominazione: "Iliad Italia S.p.A."},
	{Codice: "EOF", Denominazione: "Open Fiber S.p.A."},
}

// DonorRO is the host network, donor of the ranges it assigned.
var DonorRO = wpti.OperatoreRiferimento{Codice: "ROS", Denominazione: "Rete Ospitante S.p.A."}

// poPasso is one planned step of a ported-out request: received, verified, pre-notified,
// (rescheduled by the recipient,) completed on the DAC; or refused.
type poPasso struct {
	at      time.Time
	a       wpti.StatoPortedOut
	nota    string
	causale *wpti.CausaleKo // the KO step's causale
	dac     *time.Time      // the RIMODULATA step's new DAC
}

type portedOut struct {
	wpti.PortedOut
	piano []poPasso
}

// avanzaPortedOut applies the next planned step of a request, due at at, and schedules the
// one after. What a step decides (the causale of a KO, the new DAC) becomes visible only
// when the step happens.
func (w *World) avanzaPortedOut(t *tenant, id string, at time.Time) {
	p := t.portedOutState[id]
	if p == nil || len(p.piano) == 0 || !p.piano[0].at.Equal(at) {
		return
	}
	s := p.piano[0]
	p.piano = p.piano[1:]
	p.Stato = s.a
	ev := wpti.EventoPortedOut{Stato: s.a, Timestamp: s.at}
	if s.nota != "" {
		ev.Nota = ptr(s.nota)
	}
	tl := append(deref(p.Timeline), ev)
	p.Timeline = &tl
	switch s.a {
	case wpti.StatoPortedOutRIMODULATA:
		if s.dac != nil {
			d := date(*s.dac)
			p.DacRimodulata = &d
		}
	case wpti.StatoPortedOutESPLETATA:
		d := date(s.at)
		p.DataEspletamento = &d
		p.Esito = ptr(wpti.EsitoPortedOutOK)
		// The number is no longer this OLO's: its WLR line ceases and leaves the listing.
		if l := t.linee[p.Dn]; l != nil {
			if l.Stato != wpti.StatoLineaCESSATA {
				l.Stato = wpti.StatoLineaCESSATA
				l.DataCessazione = &d
			}
			t.portatiVia[p.Dn] = true
		}
		w.documento(t, wpti.TipoDocumentoNOTIFICAPORTEDOUT, p.IdRichiesta, s.at)
	case wpti.StatoPortedOutKO:
		p.Esito = ptr(wpti.EsitoPortedOutKO)
		p.CausaleKo = s.causale
	}
	if len(p.piano) > 0 {
		w.events.push(evento{at: p.piano[0].at, opID: t.op.OpID, tipo: evPortedOut, id: id})
	}
}

// vigiliaAlle is hh:00 of the working day before day (Rome).
func vigiliaAlle(day time.Time, hh int) time.Time {
	d := italia.AggiungiGiorniLavorativi(giornoRoma(day), -1)
	return time.Date(d.Year(), d.Month(), d.Day(), hh, 0, 0, 0, italia.Roma())
}

// pianificaPortedOut plans a request received at t0 with DAC dac: verification after 30
// minutes (or a KO with the causale), pre-notification at 10:00 of the working day before
// the DAC, completion at 08:30 of the DAC; a rescheduled request moves the DAC two working
// days and is pre-notified again. The steps are in time order.
func pianificaPortedOut(t0 time.Time, dac time.Time, ko *wpti.CausaleKo, rimodula bool) []poPasso {
	if ko != nil {
		return []poPasso{{at: t0.Add(30 * time.Minute), a: wpti.StatoPortedOutKO, nota: descrizioneKo[*ko], causale: ko}}
	}
	p := []poPasso{{at: t0.Add(30 * time.Minute), a: wpti.StatoPortedOutVERIFICATA, nota: "Verifica del codice di migrazione superata"}}
	pre := vigiliaAlle(dac, 10)
	if !pre.After(p[0].at) {
		pre = p[0].at.Add(time.Hour)
	}
	p = append(p, poPasso{at: pre, a: wpti.StatoPortedOutPRENOTIFICATA, nota: "Prenotifica inviata ai gestori interessati"})
	if rimodula {
		nuova := italia.AggiungiGiorniLavorativi(giornoRoma(dac), 2)
		p = append(p, poPasso{at: pre.Add(2 * time.Hour), a: wpti.StatoPortedOutRIMODULATA, nota: "DAC rimodulata dal Recipient", dac: &nuova})
		dac = nuova
		p = append(p, poPasso{at: vigiliaAlle(dac, 10), a: wpti.StatoPortedOutPRENOTIFICATA, nota: "Nuova prenotifica"})
	}
	return append(p, poPasso{at: time.Date(dac.Year(), dac.Month(), dac.Day(), 8, 30, 0, 0, italia.Roma()), a: wpti.StatoPortedOutESPLETATA, nota: "Numero trasferito al Recipient"})
}

// ElencaPortedOut lists the caller's ported-out requests, newest first.
func (w *World) ElencaPortedOut(opID string, p wpti.ElencaPortedOutParams) (wpti.ListaPortedOut, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.ListaPortedOut{}, err
	}
	var out []wpti.PortedOut
	for _, id := range t.portedOutID {
		po := t.portedOutState[id]
		if p.Stato != nil && len(*p.Stato) > 0 && !slices.Contains(*p.Stato, po.Stato) {
			continue
		}
		if p.Dn != nil && po.Dn != *p.Dn {
			continue
		}
		if p.Recipient != nil && po.Recipient.Codice != *p.Recipient {
			continue
		}
		if !inGiorni(po.DataRicezione, p.Dal, p.Al) {
			continue
		}
		v := po.PortedOut
		v.Timeline = nil // the list stays light; the timeline is in GET /ported-out/{id}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b wpti.PortedOut) int {
		if c := b.DataRicezione.Compare(a.DataRicezione); c != 0 {
			return c
		}
		return cmp.Compare(a.IdRichiesta, b.IdRichiesta)
	})
	items, pg, pp, tot := page(out, p.Pagina, p.PerPagina)
	return wpti.ListaPortedOut{Elementi: items, Pagina: pg, PerPagina: pp, Totale: tot}, nil
}

// LeggiPortedOut returns one request with its timeline.
func (w *World) LeggiPortedOut(opID, id string) (wpti.PortedOut, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.PortedOut{}, err
	}
	po, ok := t.portedOutState[id]
	if !ok {
		return wpti.PortedOut{}, nonTrovato("Richiesta di ported out", id)
	}
	return po.PortedOut, nil
}

// LeggiRiepilogoPortedOut counts a month's requests (by dataRicezione) per recipient.
func (w *World) LeggiRiepilogoPortedOut(opID, mese string) (wpti.RiepilogoPortedOut, error) {
	defer w.rlock()()
	t, err := w.tenantOf(opID)
	if err != nil {
		return wpti.RiepilogoPortedOut{}, err
	}
	per := map[string]*wpti.ConteggioPortedOutRecipient{}
	tot := 0
	for _, id := range t.portedOutID {
		po := t.portedOutState[id]
		if po.DataRicezione.In(italia.Roma()).Format("2006-01") != mese {
			continue
		}
		c := per[po.Recipient.Codice]
		if c == nil {
			c = &wpti.ConteggioPortedOutRecipient{Recipient: po.Recipient, Annullate: ptr(0)}
			per[po.Recipient.Codice] = c
		}
		c.Totale++
		tot++
		switch po.Stato {
		case wpti.StatoPortedOutESPLETATA, wpti.StatoPortedOutCESSATACONRIENTRO:
			c.Espletate++
		case wpti.StatoPortedOutKO:
			c.Ko++
		case wpti.StatoPortedOutANNULLATA:
			*c.Annullate++
		default:
			c.InCorso++
		}
	}
	out := wpti.RiepilogoPortedOut{Mese: mese, Totale: tot, PerRecipient: []wpti.ConteggioPortedOutRecipient{}}
	for _, c := range per {
		out.PerRecipient = append(out.PerRecipient, *c)
	}
	slices.SortFunc(out.PerRecipient, func(a, b wpti.ConteggioPortedOutRecipient) int {
		return cmp.Compare(a.Recipient.Codice, b.Recipient.Codice)
	})
	return out, nil
}
