package world_test

import (
	"slices"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	af "github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/world"
)

// inizioEsempi is a start long after the contract's dated examples (March 2025), so the
// demo OLO's world carries every example id.
var inizioEsempi = time.Date(2026, 3, 10, 10, 0, 0, 0, italia.Roma())

// TestEsempiDelContratto: the contract's example ids (the manuals' examples) are real
// objects of the demo OLO, linked as the contract shows them, and only of the demo OLO.
func TestEsempiDelContratto(t *testing.T) {
	w := mondo(t, 1, inizioEsempi, 0, nil)
	leggi := map[string]func(op, id string) error{
		"AZ-7K3M9Q2X":         func(op, id string) error { _, err := w.LeggiAzienda(op, id); return err },
		"UF-4H8N2P6R":         func(op, id string) error { _, err := w.LeggiUfficio(op, id); return err },
		"UT-9C5D1F7G":         func(op, id string) error { _, err := w.LeggiUtente(op, id); return err },
		"ORD-20250310-A7K2Q9": func(op, id string) error { _, err := w.LeggiOrdineWlr(op, id); return err },
		"PO-20250305-B3X9M1":  func(op, id string) error { _, err := w.LeggiPortedOut(op, id); return err },
		"COM-MN25031A":        func(op, id string) error { _, err := w.LeggiComunicazione(op, id); return err },
		"SG-4D7L1Q8N":         func(op, id string) error { _, err := w.LeggiSoglia(op, id); return err },
	}
	for id, f := range leggi {
		t.Run(id, func(t *testing.T) {
			ok(t, f(olo1, id))
			for _, op := range []string{olo2, olo3} {
				errore(t, f(op, id), 404, "")
			}
		})
	}

	az, err := w.LeggiAzienda(olo1, "AZ-7K3M9Q2X")
	ok(t, err)
	uf, err := w.LeggiUfficio(olo1, "UF-4H8N2P6R")
	ok(t, err)
	ut, err := w.LeggiUtente(olo1, "UT-9C5D1F7G")
	ok(t, err)
	// They look like the contract's examples: the manual's write examples build on them.
	if az.RagioneSociale != "Officine Meccaniche Lombarde S.r.l." || az.SedeLegale.Comune != "Milano" || uf.Prefisso != "02" || uf.Nome == "Sede di Milano" {
		t.Errorf("example company %q in %s, office %q in district %s: want the contract's Milan examples", az.RagioneSociale, az.SedeLegale.Comune, uf.Nome, uf.Prefisso)
	}
	if uf.AziendaId != az.AziendaId || ut.UfficioId != uf.UfficioId || ut.AziendaId != az.AziendaId {
		t.Errorf("example office %s of %s, user %s of %s/%s: want UF-4H8N2P6R of AZ-7K3M9Q2X holding UT-9C5D1F7G", uf.UfficioId, uf.AziendaId, ut.UtenteId, ut.AziendaId, ut.UfficioId)
	}
	if !slices.ContainsFunc(uffici(t, w, olo1, az.AziendaId), func(u wpti.Ufficio) bool { return u.UfficioId == uf.UfficioId }) {
		t.Errorf("AZ-7K3M9Q2X does not list UF-4H8N2P6R among its offices")
	}
	if !slices.ContainsFunc(utenti(t, w, olo1, uf.UfficioId), func(u wpti.Utente) bool { return u.UtenteId == ut.UtenteId }) {
		t.Errorf("UF-4H8N2P6R does not list UT-9C5D1F7G among its users")
	}

	o, err := w.LeggiOrdineWlr(olo1, "ORD-20250310-A7K2Q9")
	ok(t, err)
	if got := o.DataCreazione.In(italia.Roma()).Format("2006-01-02"); got != "2025-03-10" {
		t.Errorf("example order created %s, want 2025-03-10 (its id's day)", got)
	}
	if o.Stato != wpti.StatoOrdineWlrESPLETATO {
		t.Errorf("example order is %s, want ESPLETATO (a year old)", o.Stato)
	}
	if !slices.ContainsFunc(ordini(t, w, olo1, wpti.ElencaOrdiniWlrParams{}), func(x wpti.OrdineWlr) bool { return x.CodiceOrdineRo == o.CodiceOrdineRo }) {
		t.Errorf("the order list does not show ORD-20250310-A7K2Q9")
	}

	po, err := w.LeggiPortedOut(olo1, "PO-20250305-B3X9M1")
	ok(t, err)
	if got := po.DataRicezione.In(italia.Roma()).Format("2006-01-02"); got != "2025-03-05" {
		t.Errorf("example ported-out received %s, want 2025-03-05", got)
	}
	if po.Stato != wpti.StatoPortedOutESPLETATA {
		t.Errorf("example ported-out is %s, want ESPLETATA", po.Stato)
	}

	filtro := wpti.ElencaDocumentiParams{CodiceOrdineRo: ptr(wpti.CodiceOrdineRoFiltro(o.CodiceOrdineRo))}
	docs, err := w.ElencaDocumenti(olo1, filtro)
	ok(t, err)
	var doc *wpti.Documento
	for i := range docs.Elementi {
		if docs.Elementi[i].Id == "DOC-8F3K2M1Q" {
			doc = &docs.Elementi[i]
		}
	}
	if doc == nil {
		t.Fatalf("DOC-8F3K2M1Q not among the documents of ORD-20250310-A7K2Q9: %+v", docs.Elementi)
	}
	if doc.Tipo != wpti.TipoDocumentoCONFERMAORDINE {
		t.Errorf("DOC-8F3K2M1Q is a %s, want the CONFERMA_ORDINE of ORD-20250310-A7K2Q9", doc.Tipo)
	}
	for _, op := range []string{olo2, olo3} {
		other, err := w.ElencaDocumenti(op, wpti.ElencaDocumentiParams{})
		ok(t, err)
		for _, d := range other.Elementi {
			if d.Id == doc.Id {
				t.Errorf("%s sees DOC-8F3K2M1Q", op)
			}
		}
	}
}

// TestEsempiDatatiSoloNelPassato: a world that starts before the dated examples' day (plus
// their lifecycle) does not make an order or a request in its own future.
func TestEsempiDatatiSoloNelPassato(t *testing.T) {
	w := mondo(t, 1, inizio, 0, nil) // 2025-03-10, the example order's own day
	_, err := w.LeggiOrdineWlr(olo1, "ORD-20250310-A7K2Q9")
	errore(t, err, 404, "")
	_, err = w.LeggiPortedOut(olo1, "PO-20250305-B3X9M1")
	errore(t, err, 404, "")
	// the undated examples are there whatever the start
	_, err = w.LeggiAzienda(olo1, "AZ-7K3M9Q2X")
	ok(t, err)
}

var _ = world.New

// TestEsempioAllarme: the contract's example alert is the demo OLO's first alert of its
// traffic history, computed from calls like any other; without history there is none.
func TestEsempioAllarme(t *testing.T) {
	w := mondo(t, 1, inizioEsempi, 3, nil)
	a, err := w.LeggiAllarme(olo1, "AL-7Q2M4K9D")
	ok(t, err)
	if len(a.CdrIds) == 0 || a.Dn == nil || a.OpId != olo1 {
		t.Errorf("example alert not computed from calls: %+v", a)
	}
	for _, op := range []string{olo2, olo3} {
		_, err := w.LeggiAllarme(op, "AL-7Q2M4K9D")
		errore(t, err, 404, "")
	}
	primo := allarmi(t, w, olo1, af.ElencaAllarmiParams{})
	slices.SortFunc(primo, func(x, y af.Allarme) int { return x.RilevatoIl.Compare(y.RilevatoIl) })
	if primo[0].Id != "AL-7Q2M4K9D" {
		t.Errorf("first alert of the history is %s, want the example AL-7Q2M4K9D", primo[0].Id)
	}
	// The example block is the automatic block of the example alert, as the contract links them.
	if deref(a.BloccoId) != "BL-2K9F6W3R" {
		t.Errorf("example alert's block %q, want BL-2K9F6W3R", deref(a.BloccoId))
	}
	if bs := blocchi(t, w, olo1, af.ElencaBlocchiParams{}); !slices.ContainsFunc(bs, func(b af.Blocco) bool { return b.Id == "BL-2K9F6W3R" && deref(b.AllarmeId) == "AL-7Q2M4K9D" }) {
		t.Errorf("BL-2K9F6W3R is not among the demo OLO's blocks, linked to AL-7Q2M4K9D")
	}
	senza := mondo(t, 1, inizioEsempi, 0, nil)
	_, err = senza.LeggiAllarme(olo1, "AL-7Q2M4K9D")
	errore(t, err, 404, "")
}
