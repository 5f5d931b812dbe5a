package cdr

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// stessoRecord compares two records, the instant with Equal.
func stessoRecord(t *testing.T, got, want Record) {
	t.Helper()
	if !got.Inizio.Equal(want.Inizio) {
		t.Errorf("%s: Inizio = %v, want %v", want.IDCdr, got.Inizio, want.Inizio)
	}
	if got.Inizio.Location() != roma {
		t.Errorf("%s: Inizio read in %v, want Europe/Rome", want.IDCdr, got.Inizio.Location())
	}
	got.Inizio, want.Inizio = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("record differs:\n got %+v\nwant %+v", got, want)
	}
}

func leggiTutti(t *testing.T, r io.Reader) []Record {
	t.Helper()
	rd := NewReader(r)
	var out []Record
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		out = append(out, rec)
	}
}

func TestRoundTrip(t *testing.T) {
	base := recordValido()
	var recs []Record
	add := func(f func(*Record)) {
		r := base
		r.IDCdr = "OLO1-20240115-" + strings.Repeat("0", 8) + string(rune('1'+len(recs)))
		f(&r)
		recs = append(recs, r)
	}
	// plain
	add(func(r *Record) {})
	// quotes, separator, newlines, accents
	add(func(r *Record) {
		r.DescrizioneDirettrice = `Forl` + "\u00ec" + ` "centro"; zona` + "\nnord"
		r.AziendaID = `AZ;"1"`
	})
	// leading zeros everywhere, international number
	add(func(r *Record) {
		r.Chiamante, r.Chiamato, r.ChiamatoPostNP = "0012345", "005312345678", "005312345678"
		r.TipoDestinazione, r.DescrizioneDirettrice, r.CodiceTariffa = DestInternazionale, "Cuba", "INT4-O"
		r.Importo, r.FasciaOraria = 1, FasciaOffpeak
	})
	// VoIP with extension, incoming, negative amount (a credit), summer offset
	add(func(r *Record) {
		r.Servizio, r.AziendaID, r.UfficioID, r.Interno = ServizioVOIP, "AZ-0001", "UF-0002", "0201"
		r.Direzione, r.Importo = DirEntrante, -12345
		r.Inizio = time.Date(2024, 7, 1, 23, 59, 59, 0, roma)
	})
	// unanswered
	add(func(r *Record) {
		r.DurataSec, r.DurataTariffataSec, r.Importo, r.CausaRilascio = 0, 0, 0, CausaNessunaRisposta
	})
	// an instant given in UTC is written in Rome time
	add(func(r *Record) {
		r.Inizio = time.Date(2024, 1, 15, 23, 30, 0, 0, time.UTC)
	})

	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatalf("Write: %v", err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	if !strings.HasPrefix(text, "\xef\xbb\xbfidCdr;dataOraInizio;durataSec;") {
		t.Errorf("file does not start with the BOM and the header: %q", text[:min(40, len(text))])
	}
	for _, want := range []string{
		"\r\n", ";0,0855;", ";-1,2345;", ";0,0001;", ";0012345;005312345678;",
		`"Forl` + "\u00ec" + ` ""centro""; zona` + "\nnord\"", `"AZ;""1"""`,
		";2024-01-15T09:30:00+01:00;", ";2024-07-01T23:59:59+02:00;", ";2024-01-16T00:30:00+01:00;",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("file lacks %q:\n%s", want, text)
		}
	}
	got := leggiTutti(t, &buf)
	if len(got) != len(recs) {
		t.Fatalf("read %d records, want %d", len(got), len(recs))
	}
	for i := range recs {
		stessoRecord(t, got[i], recs[i])
	}
}

func TestCRLFInUnCampo(t *testing.T) {
	r := recordValido()
	r.DescrizioneDirettrice = "riga 1\r\nriga 2"
	var buf bytes.Buffer
	w := NewWriter(&buf)
	if err := w.Write(r); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := leggiTutti(t, &buf)
	if len(got) != 1 || got[0].DescrizioneDirettrice != "riga 1\nriga 2" {
		t.Errorf("CR LF inside a field read back as %q, want LF", got[0].DescrizioneDirettrice)
	}
}

func TestRoundTripGenerati(t *testing.T) {
	day := time.Date(2024, 10, 27, 0, 0, 0, 0, time.UTC) // 25-hour day
	linee := lineeProva(300)
	var want []Record
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for r := range Genera("OLO1", day, linee, frodiProva(linee, day), 7) {
		want = append(want, r)
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got := leggiTutti(t, &buf)
	if len(got) != len(want) {
		t.Fatalf("read %d records, want %d", len(got), len(want))
	}
	for i := range want {
		stessoRecord(t, got[i], want[i])
	}
}

func TestWriterVuoto(t *testing.T) {
	var buf bytes.Buffer
	if err := NewWriter(&buf).Flush(); err != nil {
		t.Fatal(err)
	}
	want := bom + strings.Join(Intestazione(), ";") + "\r\n"
	if buf.String() != want {
		t.Errorf("empty file = %q, want %q", buf.String(), want)
	}
	if recs := leggiTutti(t, &buf); len(recs) != 0 {
		t.Errorf("read %d records from an empty file", len(recs))
	}
}

func TestWriterRifiutaRecordNonValido(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	bad := recordValido()
	bad.TipoDestinazione = "LUNARE"
	if err := w.Write(bad); err == nil {
		t.Fatal("Write accepted an invalid record")
	}
	if err := w.Write(recordValido()); err != nil {
		t.Fatalf("Writer unusable after a rejected record: %v", err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := leggiTutti(t, &buf); len(got) != 1 {
		t.Errorf("read %d records, want 1 (the invalid one is not written)", len(got))
	}
}

type erroreScrittura struct{}

func (erroreScrittura) Write([]byte) (int, error) { return 0, errors.New("disco pieno") }

func TestWriterErroreIO(t *testing.T) {
	w := NewWriter(erroreScrittura{})
	if err := w.Flush(); err == nil || !strings.Contains(err.Error(), "disco pieno") {
		t.Errorf("Flush = %v, want the write error", err)
	}
	if err := w.Write(recordValido()); err == nil {
		t.Error("Write after an I/O error succeeded")
	}
}

const intestazioneTesto = "idCdr;dataOraInizio;durataSec;durataTariffataSec;numeroChiamante;numeroChiamato;" +
	"numeroChiamatoPostNP;direzione;tipoDestinazione;descrizioneDirettrice;fasciaOraria;codiceTariffa;" +
	"importoEur;servizio;aziendaId;ufficioId;interno;causaRilascio"

const rigaTesto = "OLO1-20240115-000000001;2024-01-15T09:30:00+01:00;42;42;0612345678;0298765432;" +
	"0298765432;USCENTE;NAZIONALE;Milano;PEAK;NAZ-P;0,0855;WLR;;;;16"

func TestReaderSenzaBOMeLF(t *testing.T) {
	got := leggiTutti(t, strings.NewReader(intestazioneTesto+"\n"+rigaTesto+"\n"))
	if len(got) != 1 {
		t.Fatalf("read %d records, want 1", len(got))
	}
	stessoRecord(t, got[0], recordValido())
}

func TestReaderErrori(t *testing.T) {
	riga := func(old, new string) string { return strings.Replace(rigaTesto, old, new, 1) }
	tests := []struct {
		nome  string
		input string
		linea int
		campo string
		testo string
	}{
		{"vuoto", "", 1, "", "header row is missing"},
		{"solo BOM", bom, 1, "", "header row is missing"},
		{"intestazione errata", bom + strings.Replace(intestazioneTesto, "importoEur", "importo", 1) + "\r\n", 1, "", `"importo", want "importoEur"`},
		{"intestazione corta", "idCdr;dataOraInizio\r\n", 1, "", "header has 2 fields"},
		{"campi mancanti", intestazioneTesto + "\r\n" + rigaTesto + "\r\nOLO1;x\r\n", 3, "", "2 fields, want 18"},
		{"data senza offset", intestazioneTesto + "\r\n" + riga("+01:00", ""), 2, "dataOraInizio", "RFC 3339"},
		{"punto decimale", intestazioneTesto + "\r\n" + riga("0,0855", "0.0855"), 2, "importoEur", "comma"},
		{"durata negativa", intestazioneTesto + "\r\n" + riga(";42;42;", ";-42;42;"), 2, "durataSec", "non-negative"},
		{"causa non numerica", intestazioneTesto + "\r\n" + strings.TrimSuffix(rigaTesto, "16") + "x", 2, "causaRilascio", "integer"},
		{"enum errato", intestazioneTesto + "\r\n" + riga("USCENTE", "OUT"), 2, "", "direzione"},
		{"virgolette nude", intestazioneTesto + "\r\n" + riga("Milano", `Mil"ano`), 2, "", "quote"},
		{"utf8 non valido", intestazioneTesto + "\r\n" + riga("Milano", "Mil\xe0no"), 2, "descrizioneDirettrice", "UTF-8"},
		{"riga multilinea poi errore", intestazioneTesto + "\r\n" + riga("Milano", "\"a\r\nb\"") + "\r\n" + riga("NAZ-P", "NAZ-P;x"), 4, "", "19 fields"},
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			rd := NewReader(strings.NewReader(tt.input))
			var err error
			for err == nil {
				_, err = rd.Read()
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.Line != tt.linea || pe.Field != tt.campo || !strings.Contains(err.Error(), tt.testo) {
				t.Errorf("error %q (line %d, field %q), want line %d, field %q, containing %q",
					err, pe.Line, pe.Field, tt.linea, tt.campo, tt.testo)
			}
			if _, again := rd.Read(); again != err {
				t.Errorf("error not sticky: then %v", again)
			}
		})
	}
}

func TestReaderAll(t *testing.T) {
	in := intestazioneTesto + "\r\n" + rigaTesto + "\r\n" + rigaTesto + "\r\nrotta\r\n" + rigaTesto + "\r\n"
	rd := NewReader(strings.NewReader(in))
	n := 0
	for range rd.All() {
		n++
	}
	var pe *ParseError
	if n != 2 || !errors.As(rd.Err(), &pe) || pe.Line != 4 {
		t.Errorf("All gave %d records then Err %v, want 2 then a line 4 error", n, rd.Err())
	}
	rd = NewReader(strings.NewReader(in[:len(intestazioneTesto)+2+len(rigaTesto)+2]))
	n = 0
	for range rd.All() {
		n++
	}
	if n != 1 || rd.Err() != nil {
		t.Errorf("All gave %d records and Err %v, want 1 and nil", n, rd.Err())
	}
}
