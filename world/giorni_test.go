package world_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/cdr"
	"github.com/wpti/toolkit/gen/wpti"
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
