package world_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/italia"
)

// A new traffic day appears on SFTP when the sandbox clock passes midnight: complete files
// only (no temporary name left), and the dashboard's last delivered file follows.
func TestNuovoGiornoAMezzanotte(t *testing.T) {
	root := t.TempDir()
	w := mondo(t, 1, inizio, 1, map[string]string{olo1: root})
	oggi := time.Date(inizio.Year(), inizio.Month(), inizio.Day(), 0, 0, 0, 0, inizio.Location())
	if cdr.ExistsDay(root, olo1, oggi) {
		t.Fatal("today's file exists before today has ended")
	}
	avanza(t, w, 14*time.Hour) // 10:00 -> 00:00 of the next day
	if !cdr.ExistsDay(root, olo1, oggi) {
		t.Fatal("the day that ended has no files")
	}
	m, err := cdr.ReadManifest(root, olo1, oggi)
	if err != nil || len(m.Files) == 0 || m.RigheTotali == 0 {
		t.Fatalf("manifest: %+v %v", m, err)
	}
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), cdr.TempPrefix) {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
	r, err := w.LeggiRiepilogoDashboard(olo1, wpti.LeggiRiepilogoDashboardParams{})
	if err != nil || r.UltimoFileCdr == nil || r.UltimoFileCdr.NomeFile != m.Files[len(m.Files)-1].Nome {
		t.Fatalf("dashboard last file %+v, want %s (%v)", r.UltimoFileCdr, m.Files[len(m.Files)-1].Nome, err)
	}
}

// What an earlier run left in the tree (later days, documents of a discarded world) is not
// served by a new world: the tree shows exactly the world being served.
func TestAlberoPotatoAllAvvio(t *testing.T) {
	root := t.TempDir()
	w := mondo(t, 1, inizio, 1, map[string]string{olo1: root})
	avanza(t, w, 3*24*time.Hour)
	domani := time.Date(inizio.Year(), inizio.Month(), inizio.Day()+1, 0, 0, 0, 0, inizio.Location())
	if !cdr.ExistsDay(root, olo1, domani) {
		t.Fatal("the advance produced no later day")
	}
	stray := filepath.Join(root, "DOC", "2020", "01", "vecchio.pdf")
	_ = os.MkdirAll(filepath.Dir(stray), 0o755)
	_ = os.WriteFile(stray, []byte("x"), 0o644)
	mondo(t, 1, inizio, 1, map[string]string{olo1: root}) // a new start on the same tree
	if cdr.ExistsDay(root, olo1, domani) {
		t.Error("a day produced by the previous run's clock is still served")
	}
	if _, err := os.Stat(stray); err == nil {
		t.Error("a document the world does not list is still served")
	}
}

// One number, one OLO: another OLO activating a served number gets KO03 (it must migrate);
// a migration completes by ceasing the donating OLO's line.
func TestUnNumeroUnOperatore(t *testing.T) {
	w := mondo(t, 1, inizio, 0, nil)
	dac := openapi_types.Date{Time: italia.AggiungiGiorniLavorativi(inizio, 7)}
	nom, cf := "Manuela Riccardi", cfCliente
	base := wpti.RichiestaOrdineWlr{Dn: ptrS(dnCliente), Cliente: wpti.ClienteWlr{Nominativo: &nom, CodiceFiscale: &cf}, Categoria: wpti.CategoriaRESIDENZIALE, TipoAccesso: wpti.TipoAccessoPOTS, Dac: dac}
	att := base
	att.CodiceOrdineOlo, att.Tipo = "X-ATT", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA
	o, _, err := w.CreaOrdineWlr(olo2, att)
	if err != nil {
		t.Fatal(err)
	}
	avanza(t, w, time.Hour)
	if o, _ = w.LeggiOrdineWlr(olo2, o.CodiceOrdineRo); o.Stato != wpti.StatoOrdineWlrKOFORMALE || o.CausaleKo == nil || *o.CausaleKo != "KO03" {
		t.Fatalf("activation of another OLO's number: %s %v", o.Stato, o.CausaleKo)
	}
	mig := base
	mig.CodiceOrdineOlo, mig.Tipo, mig.CodiceMigrazione = "X-MIG", wpti.TipoOrdineWlrMIGRAZIONE, ptrS("DMO0612345678001K")
	o, _, err = w.CreaOrdineWlr(olo2, mig)
	if err != nil {
		t.Fatal(err)
	}
	avanza(t, w, 15*24*time.Hour)
	if o, _ = w.LeggiOrdineWlr(olo2, o.CodiceOrdineRo); o.Stato != wpti.StatoOrdineWlrESPLETATO {
		t.Fatalf("migration: %s %v", o.Stato, o.CausaleKo)
	}
	if l, err := w.LeggiLineaWlr(olo1, dnCliente); err == nil && l.Stato != wpti.StatoLineaCESSATA {
		t.Fatalf("donating OLO still has the line %s", l.Stato)
	}
	if l, err := w.LeggiLineaWlr(olo2, dnCliente); err != nil || l.Stato != wpti.StatoLineaATTIVA {
		t.Fatalf("recipient OLO's line: %+v %v", l, err)
	}
}

func ptrS(s string) *string { return &s }

// A migration code must name the order's DN, and the OLO it names must serve it.
func TestMigrazioneControllaIlCodice(t *testing.T) {
	w := mondo(t, 1, inizio, 0, nil)
	dac := openapi_types.Date{Time: italia.AggiungiGiorniLavorativi(inizio, 7)}
	nom, cf := "Manuela Riccardi", cfCliente
	for _, c := range []struct{ dn, codice, causale string }{
		{"0612345679", "DMO0612345678001K", "KO06"}, // code of another number
		{"0612345679", "DMO0612345679001K", "KO06"}, // OLO001 (DMO) does not serve it
	} {
		r := wpti.RichiestaOrdineWlr{CodiceOrdineOlo: "M-" + c.codice + c.dn, Tipo: wpti.TipoOrdineWlrMIGRAZIONE, Dn: ptrS(c.dn), CodiceMigrazione: ptrS(c.codice),
			Cliente: wpti.ClienteWlr{Nominativo: &nom, CodiceFiscale: &cf}, Categoria: wpti.CategoriaRESIDENZIALE, TipoAccesso: wpti.TipoAccessoPOTS, Dac: dac}
		o, _, err := w.CreaOrdineWlr(olo2, r)
		if err != nil {
			t.Fatal(err)
		}
		avanza(t, w, time.Hour)
		if o, _ = w.LeggiOrdineWlr(olo2, o.CodiceOrdineRo); o.Stato != wpti.StatoOrdineWlrKOFORMALE || o.CausaleKo == nil || string(*o.CausaleKo) != c.causale {
			t.Errorf("%s with %s: %s %v, want KO_FORMALE %s", c.dn, c.codice, o.Stato, o.CausaleKo, c.causale)
		}
	}
}
