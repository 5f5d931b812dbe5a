package world_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
)

// A notice is read once: lettaIl keeps the first reading, a second call changes nothing.
func TestComunicazioneLetta(t *testing.T) {
	t.Parallel()
	w := mondo(t, 80, inizio, 0, nil)
	nonLette, err := w.ElencaComunicazioni(olo1, wpti.ElencaComunicazioniParams{Letta: ptr(false)})
	ok(t, err)
	if nonLette.Totale == 0 {
		t.Fatal("nessuna comunicazione non letta")
	}
	id := nonLette.Elementi[0].Id
	c, err := w.LeggiComunicazione(olo1, id)
	ok(t, err)
	if c.Letta {
		t.Fatal("leggere il dettaglio la segna come letta")
	}
	c1, err := w.SegnaComunicazioneLetta(olo1, id)
	ok(t, err)
	avanza(t, w, time.Hour)
	c2, err := w.SegnaComunicazioneLetta(olo1, id)
	ok(t, err)
	if !c1.Letta || c1.LettaIl == nil || !c2.LettaIl.Equal(*c1.LettaIl) {
		t.Errorf("prima lettura %v, seconda %v", c1.LettaIl, c2.LettaIl)
	}
	dopo, _ := w.ElencaComunicazioni(olo1, wpti.ElencaComunicazioniParams{Letta: ptr(false)})
	if dopo.Totale != nonLette.Totale-1 {
		t.Errorf("non lette %d, attese %d", dopo.Totale, nonLette.Totale-1)
	}
	_, err = w.LeggiComunicazione(olo1, "COM-ZZZZZZZZ")
	errore(t, err, 404, "NON_TROVATO")
}

func TestTabelle(t *testing.T) {
	t.Parallel()
	w := mondo(t, 81, inizio, 0, nil)
	for _, nome := range []wpti.NomeTabella{wpti.NomeTabellaCausaliKo, wpti.NomeTabellaTipiOrdine, wpti.NomeTabellaStatiOrdine, wpti.NomeTabellaServiziSupplementari, wpti.NomeTabellaProfiliBlocco, wpti.NomeTabellaOperatori} {
		a, etagA, err := w.Tabella(nome)
		ok(t, err)
		_, etagB, _ := w.Tabella(nome)
		if len(a.Voci) == 0 || etagA == "" || etagA != etagB {
			t.Errorf("%s: %d voci, etag %q/%q", nome, len(a.Voci), etagA, etagB)
		}
	}
	_, _, err := w.Tabella("inesistente")
	errore(t, err, 404, "NON_TROVATO")
}

// The documents listed by GET /documenti are on SFTP under /DOC with the sha256 and size
// the list gives.
func TestDocumentiSuSftp(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	w := mondo(t, 82, inizio, 1, map[string]string{olo1: root})
	_, _, err := w.CreaOrdineWlr(olo1, richiesta("DOC-1", wpti.TipoOrdineWlrATTIVAZIONELINEAATTIVA, "0655507777", lavorativiDopo(w, 5)))
	ok(t, err)
	avanza(t, w, 10*24*time.Hour)
	docs, err := w.ElencaDocumenti(olo1, wpti.ElencaDocumentiParams{PerPagina: ptr(200)})
	ok(t, err)
	if docs.Totale < 3 {
		t.Fatalf("solo %d documenti", docs.Totale)
	}
	for _, d := range docs.Elementi {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(d.Percorso)))
		if err != nil {
			t.Errorf("%s: %v", d.Percorso, err)
			continue
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != d.Sha256 || int64(len(b)) != d.DimensioneByte || string(b[:8]) != "%PDF-1.4" {
			t.Errorf("%s: contenuto diverso dall'elenco", d.Percorso)
		}
	}
	for i := 1; i < len(docs.Elementi); i++ {
		if docs.Elementi[i].CreatoIl.After(docs.Elementi[i-1].CreatoIl) {
			t.Errorf("documenti non dal piu' recente")
			break
		}
	}
}
