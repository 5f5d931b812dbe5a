package cdr

import (
	"compress/gzip"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRiepiloga(t *testing.T) {
	t0 := time.Date(2024, 2, 5, 10, 0, 0, 0, roma)
	const dn = "0612345678"
	recs := []Record{
		chiamataProva(dn, 1, t0, 100, DestMobile, "3331234567", 1500),
		chiamataProva(dn, 2, t0.Add(time.Hour), 10, DestMobile, "3331234567", 800),
		chiamataProva(dn, 3, t0.Add(2*time.Hour), 0, DestMobile, "3331234567", 0),
		chiamataProva(dn, 4, t0.Add(3*time.Hour), 60, DestInternazionale, "0040712345678", 1410),
		chiamataProva("0298765432", 5, t0, 500, DestMobile, "3331234567", 9999),
	}
	in := recordValido()
	in.IDCdr, in.Direzione, in.Chiamante, in.Chiamato = "OLO1-20240205-000000006", DirEntrante, "3470000000", dn
	recs = append(recs, in)
	want := map[string]Totale{
		DestMobile:         {NChiamate: 3, Secondi: 110, SecondiTariffati: 130, Importo: 2300},
		DestInternazionale: {NChiamate: 1, Secondi: 60, SecondiTariffati: 60, Importo: 1410},
		DestNazionale:      {NChiamate: 1, Secondi: 42, SecondiTariffati: 42, Importo: 855}, // the incoming one
	}
	for _, q := range []string{dn, "+39" + dn, "0039" + dn} {
		if got := Riepiloga(slices.Values(recs), q); !maps.Equal(got, want) {
			t.Errorf("Riepiloga(%s) = %v, want %v", q, got, want)
		}
	}
	if got := Riepiloga(slices.Values(recs), "0699999999"); len(got) != 0 {
		t.Errorf("a number without calls has %v", got)
	}
	if got := Riepiloga(slices.Values(recs), ""); got[DestMobile].NChiamate != 4 {
		t.Errorf("all lines: %v", got)
	}
	for in, out := range map[string]string{"+390612345678": "0612345678", "00393331234567": "3331234567",
		"0612345678": "0612345678", "+4930123": "+4930123", "+39": "+39"} {
		if got := NormalizzaDN(in); got != out {
			t.Errorf("NormalizzaDN(%s) = %s, want %s", in, got, out)
		}
	}
}

// GET /traffico reads the files; the sandbox may also recompute from
// Genera: both must give the same totals.
func TestRiepilogaComeIFile(t *testing.T) {
	day := time.Date(2024, 1, 16, 0, 0, 0, 0, roma)
	linee := lineeProva(200)
	frodi := frodiProva(linee, day)
	root := t.TempDir()
	man, err := WriteDay(root, "OLO1", day, Genera("OLO1", day, linee, frodi, 8), DayOptions{MaxRows: 700})
	if err != nil {
		t.Fatal(err)
	}
	var letti []Record
	for _, f := range man.Files {
		fh, err := os.Open(filepath.Join(DayDir(root, day), f.Nome))
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(fh)
		if err != nil {
			t.Fatal(err)
		}
		rd := NewReader(zr)
		letti = append(letti, collect(rd.All())...)
		if rd.Err() != nil {
			t.Fatal(rd.Err())
		}
		fh.Close()
	}
	var tot Totale
	for _, l := range append(linee[:5:5], linee[1], linee[3]) { // 1 and 3 carry frauds
		dalFile := Riepiloga(slices.Values(letti), l.DN)
		if gen := Riepiloga(Genera("OLO1", day, linee, frodi, 8), l.DN); !maps.Equal(dalFile, gen) {
			t.Errorf("%s: files say %v, generator %v", l.DN, dalFile, gen)
		}
	}
	for _, v := range Riepiloga(slices.Values(letti), "") {
		tot.NChiamate += v.NChiamate
		tot.Secondi += v.Secondi
		tot.SecondiTariffati += v.SecondiTariffati
		tot.Importo += v.Importo
	}
	if int64(tot.NChiamate) != man.RigheTotali || tot.Secondi != man.SecondiTotali ||
		tot.SecondiTariffati != man.SecondiTariffatiTotali || tot.Importo != int64(man.ImportoTotaleEur) {
		t.Errorf("summary of all lines %+v disagrees with the manifest %+v", tot, man)
	}
}
