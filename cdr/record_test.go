package cdr

import (
	"strings"
	"testing"
	"time"
)

func TestFascia(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		nome string
		t    time.Time
		want string
	}{
		// Winter (CET, +01:00): 08:00 local is 07:00 UTC.
		{"inverno 07:59:59", utc("2024-01-15T06:59:59Z"), FasciaOffpeak},
		{"inverno 08:00", utc("2024-01-15T07:00:00Z"), FasciaPeak},
		{"inverno 18:29:59", utc("2024-01-15T17:29:59Z"), FasciaPeak},
		{"inverno 18:30", utc("2024-01-15T17:30:00Z"), FasciaOffpeak},
		// Summer (CEST, +02:00): 08:00 local is 06:00 UTC.
		{"estate 07:59:59", utc("2024-07-15T05:59:59Z"), FasciaOffpeak},
		{"estate 08:00", utc("2024-07-15T06:00:00Z"), FasciaPeak},
		{"estate 18:29:59", utc("2024-07-15T16:29:59Z"), FasciaPeak},
		{"estate 18:30", utc("2024-07-15T16:30:00Z"), FasciaOffpeak},
		// The same UTC instant is OFFPEAK in winter and PEAK in summer.
		{"06:30Z inverno", utc("2024-03-29T06:30:00Z"), FasciaOffpeak},
		{"06:30Z estate", utc("2024-04-02T06:30:00Z"), FasciaPeak},
		// The Monday after the spring change (2024-03-31) and after the autumn one (2024-10-27).
		{"lunedi dopo ora legale 08:00", utc("2024-04-01T06:00:00Z"), FasciaPeak},
		{"lunedi dopo ora legale 07:00", utc("2024-04-01T05:00:00Z"), FasciaOffpeak},
		{"lunedi dopo ora solare 08:00", utc("2024-10-28T07:00:00Z"), FasciaPeak},
		{"lunedi dopo ora solare 07:30", utc("2024-10-28T06:30:00Z"), FasciaOffpeak},
		// Weekend, whatever the hour; the DST change days themselves are Sundays.
		{"sabato 10:00", utc("2024-01-13T09:00:00Z"), FasciaOffpeak},
		{"domenica 10:00", utc("2024-01-14T09:00:00Z"), FasciaOffpeak},
		{"domenica cambio ora 10:00", utc("2024-03-31T08:00:00Z"), FasciaOffpeak},
		// Friday 23:30 UTC in winter is already Saturday in Rome.
		{"venerdi sera UTC = sabato Roma", utc("2024-01-12T23:30:00Z"), FasciaOffpeak},
		// Sunday 23:30 UTC in summer is Monday 01:30 in Rome: OFFPEAK by the clock.
		{"lunedi 01:30", utc("2024-07-14T23:30:00Z"), FasciaOffpeak},
		// Sunday 07:00 UTC in summer is 09:00 in Rome, but Sunday.
		{"domenica estate", utc("2024-07-14T07:00:00Z"), FasciaOffpeak},
		// An instant given in another zone is judged in Rome time.
		{"altro fuso", time.Date(2024, 1, 15, 2, 0, 0, 0, time.FixedZone("EST", -5*3600)), FasciaPeak},
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			if got := Fascia(tt.t); got != tt.want {
				t.Errorf("Fascia(%s = %s Rome) = %s, want %s", tt.t.Format(time.RFC3339),
					tt.t.In(roma).Format("Mon 15:04:05"), got, tt.want)
			}
		})
	}
}

func TestDurataTariffata(t *testing.T) {
	for _, tt := range []struct{ in, want int }{{-1, 0}, {0, 0}, {1, 30}, {29, 30}, {30, 30}, {31, 31}, {3600, 3600}} {
		if got := DurataTariffata(tt.in); got != tt.want {
			t.Errorf("DurataTariffata(%d) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestImporto(t *testing.T) {
	for _, tt := range []struct {
		v int64
		s string
	}{{0, "0,0000"}, {1, "0,0001"}, {610, "0,0610"}, {123456, "12,3456"}, {10000, "1,0000"},
		{-15000, "-1,5000"}, {-1, "-0,0001"}, {9_000_000_000_000_000_000, "900000000000000,0000"}} {
		if got := FormatImporto(tt.v); got != tt.s {
			t.Errorf("FormatImporto(%d) = %q, want %q", tt.v, got, tt.s)
		}
		got, err := ParseImporto(tt.s)
		if err != nil || got != tt.v {
			t.Errorf("ParseImporto(%q) = %d, %v; want %d", tt.s, got, err, tt.v)
		}
	}
	for _, tt := range []struct {
		s string
		v int64
	}{{"7", 70000}, {"0,5", 5000}, {"12,34", 123400}, {"-0,1", -1000}} {
		got, err := ParseImporto(tt.s)
		if err != nil || got != tt.v {
			t.Errorf("ParseImporto(%q) = %d, %v; want %d", tt.s, got, err, tt.v)
		}
	}
	for _, s := range []string{"", ",5", "1.5", "1,23456", "1,", "abc", "1,2x", "--1", "1 000,00",
		"99999999999999999999", "922337203685479,0000"} {
		if v, err := ParseImporto(s); err == nil {
			t.Errorf("ParseImporto(%q) = %d, want an error", s, v)
		}
	}
	if _, err := ParseImporto("1.5"); err == nil || !strings.Contains(err.Error(), "comma") {
		t.Errorf("ParseImporto(1.5) error %v should say the separator is a comma", err)
	}
}

// recordValido is a record that passes Valida, for tests to alter.
func recordValido() Record {
	return Record{
		IDCdr: "OLO1-20240115-000000001", Inizio: time.Date(2024, 1, 15, 9, 30, 0, 0, roma),
		DurataSec: 42, DurataTariffataSec: 42, Chiamante: "0612345678", Chiamato: "0298765432",
		ChiamatoPostNP: "0298765432", Direzione: DirUscente, TipoDestinazione: DestNazionale,
		DescrizioneDirettrice: "Milano", FasciaOraria: FasciaPeak, CodiceTariffa: "NAZ-P",
		Importo: 855, Servizio: ServizioWLR, CausaRilascio: CausaNormale,
	}
}

func TestValida(t *testing.T) {
	if err := recordValido().Valida(); err != nil {
		t.Fatalf("valid record rejected: %v", err)
	}
	tests := []struct {
		nome, campo string
		muta        func(*Record)
	}{
		{"id senza sequenza", "idCdr", func(r *Record) { r.IDCdr = "OLO1-20240115" }},
		{"id sequenza corta", "idCdr", func(r *Record) { r.IDCdr = "OLO1-20240115-12345" }},
		{"id data errata", "idCdr", func(r *Record) { r.IDCdr = "OLO1-20241315-000000001" }},
		{"id senza operatore", "idCdr", func(r *Record) { r.IDCdr = "-20240115-000000001" }},
		{"inizio zero", "dataOraInizio", func(r *Record) { r.Inizio = time.Time{} }},
		{"durata negativa", "durataSec", func(r *Record) { r.DurataSec = -1 }},
		{"tariffata negativa", "durataTariffataSec", func(r *Record) { r.DurataTariffataSec = -1 }},
		{"chiamante vuoto", "numeroChiamante", func(r *Record) { r.Chiamante = "" }},
		{"chiamato vuoto", "numeroChiamato", func(r *Record) { r.Chiamato = "" }},
		{"direzione", "direzione", func(r *Record) { r.Direzione = "IN" }},
		{"destinazione", "tipoDestinazione", func(r *Record) { r.TipoDestinazione = "LUNARE" }},
		{"fascia", "fasciaOraria", func(r *Record) { r.FasciaOraria = "peak" }},
		{"servizio", "servizio", func(r *Record) { r.Servizio = "ADSL" }},
		{"interno su WLR", "interno", func(r *Record) { r.Interno = "201" }},
		{"causa", "causaRilascio", func(r *Record) { r.CausaRilascio = 128 }},
		{"utf8", "descrizioneDirettrice", func(r *Record) { r.DescrizioneDirettrice = "Citt\xe0" }},
	}
	for _, tt := range tests {
		t.Run(tt.nome, func(t *testing.T) {
			r := recordValido()
			tt.muta(&r)
			err := r.Valida()
			if err == nil || !strings.Contains(err.Error(), tt.campo) {
				t.Errorf("Valida() = %v, want an error naming %s", err, tt.campo)
			}
		})
	}
	r := recordValido()
	r.Servizio, r.Interno = ServizioVOIP, "201"
	if err := r.Valida(); err != nil {
		t.Errorf("VoIP record with interno rejected: %v", err)
	}
}

func TestNumeroLinea(t *testing.T) {
	r := recordValido()
	if got := r.NumeroLinea(); got != r.Chiamante {
		t.Errorf("outgoing: NumeroLinea = %s, want the caller %s", got, r.Chiamante)
	}
	r.Direzione = DirEntrante
	if got := r.NumeroLinea(); got != r.Chiamato {
		t.Errorf("incoming: NumeroLinea = %s, want the called %s", got, r.Chiamato)
	}
}
