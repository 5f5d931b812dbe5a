package cdr

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// fileAlbero lists every file under root as relative path -> content.
func fileAlbero(t *testing.T, root string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// leggiGz decompresses a day file, checking the gzip header is fixed.
func leggiGz(t *testing.T, b []byte) []Record {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a gzip file: %v", err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() || zr.Comment != "" {
		t.Errorf("gzip header carries name %q, time %v, comment %q", zr.Name, zr.ModTime, zr.Comment)
	}
	recs := leggiTutti(t, zr)
	if err := zr.Close(); err != nil {
		t.Errorf("gzip trailer: %v", err)
	}
	return recs
}

func collect(seq iter.Seq[Record]) []Record {
	var out []Record
	for r := range seq {
		out = append(out, r)
	}
	return out
}

func TestWriteDay(t *testing.T) {
	day := time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC) // 23-hour day
	linee := lineeProva(400)
	want := collect(Genera("OLO1", day, linee, frodiProva(linee, day), 99))
	root := t.TempDir()
	opt := DayOptions{MaxRows: 300}
	man, err := WriteDay(root, "OLO1", day, slices.Values(want), opt)
	if err != nil {
		t.Fatal(err)
	}
	nFile := (len(want) + 299) / 300
	if len(man.Files) != nFile || nFile < 2 {
		t.Fatalf("%d records in %d files, want %d (at least 2 for this test)", len(want), len(man.Files), nFile)
	}
	if !ExistsDay(root, "OLO1", day) || ExistsDay(root, "OLO2", day) || ExistsDay(root, "OLO1", day.AddDate(0, 0, 1)) {
		t.Error("ExistsDay wrong")
	}
	files := fileAlbero(t, root)
	dir := "CDR/2024/03/"
	var got []Record
	var righe, secondi, tariffati int64
	var importo Eur
	for i, f := range man.Files {
		wantName := DayFileName("OLO1", day, i+1)
		if f.Nome != wantName || !strings.HasPrefix(wantName, "CDR_OLO1_20240331_00") {
			t.Errorf("file %d is %s, want %s", i, f.Nome, wantName)
		}
		gz, ok := files[dir+f.Nome]
		if !ok {
			t.Fatalf("%s listed in the manifest is not on disk", f.Nome)
		}
		sum := sha256.Sum256(gz)
		if hex.EncodeToString(sum[:]) != f.Sha256 || int64(len(gz)) != f.Byte {
			t.Errorf("%s: manifest says sha256 %s, %d bytes; file has %x, %d", f.Nome, f.Sha256, f.Byte, sum, len(gz))
		}
		if side := string(files[dir+f.Nome+".sha256"]); side != f.Sha256+"  "+f.Nome+"\n" {
			t.Errorf("%s.sha256 = %q, want sha256sum format", f.Nome, side)
		}
		recs := leggiGz(t, gz)
		if int64(len(recs)) != f.Righe || (i < nFile-1 && f.Righe != 300) {
			t.Errorf("%s: %d rows, manifest says %d", f.Nome, len(recs), f.Righe)
		}
		righe += f.Righe
		for _, r := range recs {
			secondi += int64(r.DurataSec)
			tariffati += int64(r.DurataTariffataSec)
			importo += Eur(r.Importo)
		}
		got = append(got, recs...)
	}
	if righe != man.RigheTotali || secondi != man.SecondiTotali || tariffati != man.SecondiTariffatiTotali ||
		importo != man.ImportoTotaleEur {
		t.Errorf("manifest totals %d rows, %d s, %d s billed, %d; files sum to %d, %d, %d, %d",
			man.RigheTotali, man.SecondiTotali, man.SecondiTariffatiTotali, man.ImportoTotaleEur,
			righe, secondi, tariffati, importo)
	}
	if len(got) != len(want) {
		t.Fatalf("files hold %d records, want %d", len(got), len(want))
	}
	for i := range want {
		stessoRecord(t, got[i], want[i])
	}

	// The manifest on disk is the returned one, and says what it should.
	disk, err := ReadManifest(root, "OLO1", day)
	if err != nil {
		t.Fatal(err)
	}
	if d, _ := json.Marshal(disk); !bytes.Equal(d, mustJSON(t, man)) {
		t.Errorf("manifest on disk differs from the returned one:\n%s\n%s", d, mustJSON(t, man))
	}
	if man.OpID != "OLO1" || man.Data != "2024-03-31" ||
		man.GeneratoIl.Format(time.RFC3339) != "2024-04-01T00:00:00+02:00" {
		t.Errorf("manifest header %q %q %s", man.OpID, man.Data, man.GeneratoIl.Format(time.RFC3339))
	}
	raw := string(files[dir+ManifestName("OLO1", day)])
	for _, k := range []string{`"opId": "OLO1"`, `"data": "2024-03-31"`, `"righeTotali": `, `"secondiTotali": `,
		`"importoTotaleEur": ` + formatImportoPunto(int64(man.ImportoTotaleEur)), `"generatoIl": "2024-04-01T00:00:00+02:00"`,
		`"nome": "CDR_OLO1_20240331_001.csv.gz"`, `"righe": 300`, `"byte": `, `"sha256": "`} {
		if !strings.Contains(raw, k) {
			t.Errorf("manifest lacks %s:\n%s", k, raw)
		}
	}

	// Only final names, nothing temporary, readable by the SFTP user.
	wantNames := []string{ManifestName("OLO1", day)}
	for _, f := range man.Files {
		wantNames = append(wantNames, f.Nome, f.Nome+".sha256")
	}
	ents, err := os.ReadDir(filepath.Join(root, dir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
		if fi, _ := e.Info(); fi.Mode().Perm() != 0o644 || !fi.ModTime().Equal(man.GeneratoIl) {
			t.Errorf("%s: mode %v, mtime %v; want 0644 and %v", e.Name(), fi.Mode().Perm(), fi.ModTime(), man.GeneratoIl)
		}
	}
	slices.Sort(names)
	slices.Sort(wantNames)
	if !slices.Equal(names, wantNames) {
		t.Errorf("directory holds %v, want %v", names, wantNames)
	}

	// Same input, same bytes.
	root2 := t.TempDir()
	if _, err := WriteDay(root2, "OLO1", day, Genera("OLO1", day, linee, frodiProva(linee, day), 99), opt); err != nil {
		t.Fatal(err)
	}
	files2 := fileAlbero(t, root2)
	if len(files2) != len(files) {
		t.Fatalf("second run wrote %d files, first %d", len(files2), len(files))
	}
	for name, b := range files {
		if !bytes.Equal(b, files2[name]) {
			t.Errorf("%s differs between two runs with the same input", name)
		}
	}
}

// formatImportoPunto is how the manifest writes an amount.
func formatImportoPunto(v int64) string { return strings.Replace(FormatImporto(v), ",", ".", 1) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestWriteDayVuoto(t *testing.T) {
	root := t.TempDir()
	day := time.Date(2024, 12, 25, 0, 0, 0, 0, roma)
	gen := time.Date(2024, 12, 26, 3, 15, 0, 0, time.UTC)
	man, err := WriteDay(root, "OLO7", day, Genera("OLO7", day, nil, nil, 1), DayOptions{GeneratedAt: gen})
	if err != nil {
		t.Fatal(err)
	}
	if len(man.Files) != 1 || man.Files[0].Nome != "CDR_OLO7_20241225_001.csv.gz" || man.Files[0].Righe != 0 ||
		man.RigheTotali != 0 || man.ImportoTotaleEur != 0 || !man.GeneratoIl.Equal(gen) {
		t.Fatalf("manifest of an empty day: %+v", man)
	}
	b, err := os.ReadFile(filepath.Join(DayDir(root, day), man.Files[0].Nome))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	if _, err := plain.ReadFrom(zr); err != nil {
		t.Fatal(err)
	}
	if want := bom + strings.Join(Intestazione(), ";") + "\r\n"; plain.String() != want {
		t.Errorf("empty day file = %q, want the header alone", plain.String())
	}
	if raw, _ := os.ReadFile(filepath.Join(DayDir(root, day), ManifestName("OLO7", day))); !bytes.Contains(raw, []byte(`"importoTotaleEur": 0.0000`)) {
		t.Errorf("manifest amount not a 4-decimal number:\n%s", raw)
	}
}

func TestWriteDayErrori(t *testing.T) {
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	linee := lineeProva(50)
	altro := collect(Genera("OLO1", day.AddDate(0, 0, 1), linee[:1], nil, 1))
	stesso := collect(Genera("OLO1", day, linee, nil, 1))
	invalido := slices.Clone(stesso)
	invalido[len(invalido)-1].Servizio = "ADSL"
	tests := []struct {
		nome  string
		opID  string
		recs  []Record
		testo string
	}{
		{"giorno sbagliato", "OLO1", append(slices.Clone(stesso), altro[0]), "not on 2024-05-06"},
		{"record non valido", "OLO1", invalido, "servizio"},
		{"OP_ID con trattino basso", "OLO_1", stesso, "letters and digits"},
		{"OP_ID con barra", "../x", stesso, "letters and digits"},
		{"OP_ID vuoto", "", stesso, "OP_ID"},
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			root := t.TempDir()
			_, err := WriteDay(root, tt.opID, day, slices.Values(tt.recs), DayOptions{MaxRows: 100})
			if err == nil || !strings.Contains(err.Error(), tt.testo) {
				t.Fatalf("WriteDay = %v, want an error containing %q", err, tt.testo)
			}
			if ExistsDay(root, tt.opID, day) {
				t.Error("a failed day has a manifest")
			}
			for name := range fileAlbero(t, root) {
				if strings.HasPrefix(filepath.Base(name), TempPrefix) {
					t.Errorf("temporary file left behind: %s", name)
				}
			}
		})
	}
	if _, err := WriteDay(t.TempDir(), "OLO1", day, slices.Values(stesso), DayOptions{GzipLevel: 42}); err == nil {
		t.Error("WriteDay accepted gzip level 42")
	}
}

func TestWriteDayRiscritturaRimuoveFileInPiu(t *testing.T) {
	root := t.TempDir()
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	recs := collect(Genera("OLO1", day, lineeProva(100), nil, 3))
	if _, err := WriteDay(root, "OLO1", day, slices.Values(recs), DayOptions{MaxRows: len(recs)/3 + 1}); err != nil {
		t.Fatal(err)
	}
	dir := DayDir(root, day)
	// A crashed earlier run left a temporary file of this day, and another day's file is beside it.
	for _, name := range []string{TempPrefix + "CDR_OLO1_20240506_004.csv.gz-123", "CDR_OLO1_20240507_004.csv.gz"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	man, err := WriteDay(root, "OLO1", day, slices.Values(recs), DayOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	want := []string{"CDR_OLO1_20240506_001.csv.gz", "CDR_OLO1_20240506_001.csv.gz.sha256",
		"CDR_OLO1_20240507_004.csv.gz", "MANIFEST_OLO1_20240506.json"}
	if !slices.Equal(names, want) || len(man.Files) != 1 || man.RigheTotali != int64(len(recs)) {
		t.Errorf("after rewriting with one file the directory holds %v, want %v", names, want)
	}
}

func TestEurJSON(t *testing.T) {
	for _, tt := range []struct {
		v    Eur
		json string
	}{{0, "0.0000"}, {123456, "12.3456"}, {-610, "-0.0610"}, {1, "0.0001"}} {
		b, err := json.Marshal(tt.v)
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%d) = %s, %v; want %s", tt.v, b, err, tt.json)
		}
		var back Eur
		if err := json.Unmarshal(b, &back); err != nil || back != tt.v {
			t.Errorf("Unmarshal(%s) = %d, %v", b, back, err)
		}
	}
	var e Eur
	for _, bad := range []string{`"12,5"`, `1.23456`, `1e3`, `"x"`} {
		if err := json.Unmarshal([]byte(bad), &e); err == nil {
			t.Errorf("Unmarshal(%s) accepted", bad)
		}
	}
	if err := json.Unmarshal([]byte("7.5"), &e); err != nil || e != 75000 {
		t.Errorf("Unmarshal(7.5) = %d, %v", e, err)
	}
}

func TestNomiFile(t *testing.T) {
	day := time.Date(2024, 2, 9, 23, 0, 0, 0, time.FixedZone("X", -10*3600)) // the date as given, not converted
	if got := DayFileName("OLO1", day, 12); got != "CDR_OLO1_20240209_012.csv.gz" {
		t.Errorf("DayFileName = %s", got)
	}
	if got := ManifestName("OLO1", day); got != "MANIFEST_OLO1_20240209.json" {
		t.Errorf("ManifestName = %s", got)
	}
	if got := DayDir("/r", day); got != filepath.Join("/r", "CDR", "2024", "02") {
		t.Errorf("DayDir = %s", got)
	}
}
