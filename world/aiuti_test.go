package world_test

import (
	"errors"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/clock"
	"github.com/wpti/toolkit/fixtures"
	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/world"
)

// Test worlds start on a Monday morning away from holidays, so "5 working days" is the
// following Monday and the arithmetic in the tests stays readable.
var inizio = time.Date(2025, 3, 10, 10, 0, 0, 0, italia.Roma())

const (
	olo1 = "OLO001"
	olo2 = "OLO002"
	olo3 = "OLO003"
)

// Fixed test customer of OLO001 (fixtures/operatori.yaml).
const (
	dnCliente = "0612345678"
	cfCliente = "RCCMNL83S18D969H"
)

// mondo builds the default world for seed at start, with days of CDR history (0: none).
// roots, when given, are SFTP roots by OP_ID.
func mondo(t testing.TB, seed uint64, start time.Time, days int, roots map[string]string) *world.World {
	t.Helper()
	fx, err := world.LoadFixtures(fixtures.FS())
	if err != nil {
		t.Fatalf("LoadFixtures: %v", err)
	}
	w, err := world.New(fx, seed, clock.New(start, 0))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	for op, root := range roots {
		w.SetSFTPRoot(op, root)
	}
	if days > 0 {
		if err := w.WriteFiles(days); err != nil {
			t.Fatalf("WriteFiles: %v", err)
		}
	}
	return w
}

// avanza moves the world's clock by d.
func avanza(t testing.TB, w *world.World, d time.Duration) {
	t.Helper()
	if err := w.Avanza(d); err != nil {
		t.Fatalf("Avanza(%v): %v", d, err)
	}
}

// vaiA moves the world's clock to at (never back).
func vaiA(t testing.TB, w *world.World, at time.Time) {
	t.Helper()
	if d := at.Sub(w.Clock().Now()); d > 0 {
		avanza(t, w, d)
	}
}

// errore asserts that err is a *world.Errore with that status and, when codice is not
// empty, that codice.
func errore(t testing.TB, err error, status int, codice string) *world.Errore {
	t.Helper()
	var e *world.Errore
	if !errors.As(err, &e) {
		t.Fatalf("errore atteso %d %s, ottenuto %v", status, codice, err)
	}
	if e.Status != status || (codice != "" && e.Codice != codice) {
		t.Fatalf("errore atteso %d %s, ottenuto %d %s: %s", status, codice, e.Status, e.Codice, e.Messaggio)
	}
	return e
}

func ok(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("errore inatteso: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// giorno is a DAC-like date (YYYY-MM-DD) for a Rome calendar day.
func giorno(d time.Time) openapi_types.Date {
	d = d.In(italia.Roma())
	return openapi_types.Date{Time: time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)}
}

// lavorativiDopo is the date n working days after the world's today.
func lavorativiDopo(w *world.World, n int) openapi_types.Date {
	now := w.Clock().Now().In(italia.Roma())
	oggi := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, italia.Roma())
	return giorno(italia.AggiungiGiorniLavorativi(oggi, n))
}

// alle is hh:mm (Rome) of a date.
func alle(d openapi_types.Date, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, italia.Roma())
}

// richiesta is an order of the fixed test customer.
func richiesta(codice string, tipo wpti.TipoOrdineWlr, dn string, dac openapi_types.Date) wpti.RichiestaOrdineWlr {
	r := wpti.RichiestaOrdineWlr{
		CodiceOrdineOlo: codice, Tipo: tipo, Dac: dac, Categoria: wpti.CategoriaRESIDENZIALE, TipoAccesso: wpti.TipoAccessoPOTS,
		Cliente:              wpti.ClienteWlr{Nominativo: ptr("Manuela Riccardi"), CodiceFiscale: ptr(cfCliente)},
		ServiziSupplementari: &[]wpti.ServizioSupplementare{wpti.ServizioSupplementareCLIP},
	}
	if dn != "" {
		r.Dn = ptr(dn)
	}
	return r
}

// tutti pages through a list operation and returns every element, checking that the
// pages add up to totale.
func tutti[T any](t testing.TB, fetch func(pagina, perPagina *int) ([]T, int, error)) []T {
	t.Helper()
	var out []T
	for p := 1; ; p++ {
		items, tot, err := fetch(ptr(p), ptr(200))
		if err != nil {
			t.Fatalf("pagina %d: %v", p, err)
		}
		out = append(out, items...)
		if len(items) == 0 || len(out) >= tot {
			if len(out) != tot {
				t.Fatalf("le pagine danno %d elementi, totale %d", len(out), tot)
			}
			return out
		}
	}
}

func ordini(t testing.TB, w *world.World, op string, p wpti.ElencaOrdiniWlrParams) []wpti.OrdineWlr {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.OrdineWlr, int, error) {
		p.Pagina, p.PerPagina = pg, pp
		l, err := w.ElencaOrdiniWlr(op, p)
		return l.Elementi, l.Totale, err
	})
}

func linee(t testing.TB, w *world.World, op string, p wpti.ElencaLineeWlrParams) []wpti.LineaWlr {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.LineaWlr, int, error) {
		p.Pagina, p.PerPagina = pg, pp
		l, err := w.ElencaLineeWlr(op, p)
		return l.Elementi, l.Totale, err
	})
}

func aziende(t testing.TB, w *world.World, op string) []wpti.Azienda {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.Azienda, int, error) {
		l, err := w.ElencaAziende(op, wpti.ElencaAziendeParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

func uffici(t testing.TB, w *world.World, op, az string) []wpti.Ufficio {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.Ufficio, int, error) {
		l, err := w.ElencaUffici(op, az, wpti.ElencaUfficiParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

func numerazioni(t testing.TB, w *world.World, op, uf string) []wpti.Numerazione {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.Numerazione, int, error) {
		l, err := w.ElencaNumerazioni(op, uf, wpti.ElencaNumerazioniParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

func utenti(t testing.TB, w *world.World, op, uf string) []wpti.Utente {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.Utente, int, error) {
		l, err := w.ElencaUtenti(op, uf, wpti.ElencaUtentiParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

func portedOut(t testing.TB, w *world.World, op string, p wpti.ElencaPortedOutParams) []wpti.PortedOut {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.PortedOut, int, error) {
		p.Pagina, p.PerPagina = pg, pp
		l, err := w.ElencaPortedOut(op, p)
		return l.Elementi, l.Totale, err
	})
}

func allarmi(t testing.TB, w *world.World, op string, p af.ElencaAllarmiParams) []af.Allarme {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]af.Allarme, int, error) {
		p.Pagina, p.PerPagina = pg, pp
		l, err := w.ElencaAllarmi(op, p)
		return l.Elementi, l.Totale, err
	})
}

func soglie(t testing.TB, w *world.World, op string) []af.Soglia {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]af.Soglia, int, error) {
		l, err := w.ElencaSoglie(op, af.ElencaSoglieParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

func blocchi(t testing.TB, w *world.World, op string, p af.ElencaBlocchiParams) []af.Blocco {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]af.Blocco, int, error) {
		p.Pagina, p.PerPagina = pg, pp
		l, err := w.ElencaBlocchi(op, p)
		return l.Elementi, l.Totale, err
	})
}

// storico returns an order's transitions.
func storico(t testing.TB, w *world.World, op, id string) []wpti.TransizioneOrdineWlr {
	t.Helper()
	return tutti(t, func(pg, pp *int) ([]wpti.TransizioneOrdineWlr, int, error) {
		l, err := w.LeggiStoricoOrdineWlr(op, id, wpti.LeggiStoricoOrdineWlrParams{Pagina: pg, PerPagina: pp})
		return l.Elementi, l.Totale, err
	})
}

// statiDi lists the states an order went through, from its history.
func statiDi(st []wpti.TransizioneOrdineWlr) []wpti.StatoOrdineWlr {
	var out []wpti.StatoOrdineWlr
	for _, tr := range st {
		if tr.Da == nil || *tr.Da != tr.A { // DAC reschedulings have da == a
			out = append(out, tr.A)
		}
	}
	return out
}

// indirizzoRoma is a complete address in Rome (the 112 location of an office).
func indirizzoRoma() wpti.Indirizzo {
	return wpti.Indirizzo{Indirizzo: "Via del Corso", Civico: "1", Cap: "00186", Comune: "Roma", CodiceIstatComune: ptr("058091"), Provincia: wpti.ProvinciaRM}
}

// nuovaAzienda creates a company with one office in Rome (prefix 06) and returns both ids.
func nuovaAzienda(t testing.TB, w *world.World, op, piva, nome string) (string, string) {
	t.Helper()
	a, err := w.CreaAzienda(op, nil, wpti.RichiestaAzienda{RagioneSociale: nome, PartitaIva: piva, MaxCanali: 10, Pec: "pec@pec.example.com", Profilo: wpti.ProfiloAziendaAZIENDA, SedeLegale: indirizzoRoma()})
	ok(t, err)
	u, err := w.CreaUfficio(op, a.AziendaId, nil, wpti.RichiestaUfficio{Nome: "Sede di Roma", Prefisso: "06", Indirizzo: indirizzoRoma()})
	ok(t, err)
	return a.AziendaId, u.UfficioId
}
