package italia

import (
	"strings"
	"testing"
	"time"
)

func TestValidaCodiceFiscale(t *testing.T) {
	casi := []struct {
		nome   string
		cf     string
		valido bool
		motivo string
	}{
		{nome: "esempio DOMAIN.md", cf: "RCCMNL83S18D969H", valido: true},
		{nome: "esempio classico", cf: "RSSMRA80A01H501U", valido: true},
		{nome: "donna", cf: "BNCMRA85C55F205E", valido: true},
		{nome: "donna giorno 71", cf: "FOXDIA90T71H501G", valido: true},
		{nome: "29 febbraio", cf: "LRSNCL01B29L219V", valido: true},
		{nome: "tutte le posizioni omocodiche", cf: "RCCMNLUPSMUDVSVO", valido: true},
		{nome: "soggetto diverso: partita IVA", cf: "00743110157", valido: true},
		{nome: "carattere di controllo errato", cf: "RCCMNL83S18D969A", motivo: "carattere di controllo errato: atteso H"},
		{nome: "omocodia senza ricalcolo del controllo", cf: "RCCMNL83S18D96VH", motivo: "carattere di controllo errato"},
		{nome: "minuscole", cf: "rccmnl83s18d969h", motivo: "maiuscole"},
		{nome: "lunghezza 15", cf: "RCCMNL83S18D969", motivo: "16 caratteri"},
		{nome: "lunghezza 17", cf: "RCCMNL83S18D969HX", motivo: "16 caratteri"},
		{nome: "vuoto", cf: "", motivo: "16 caratteri"},
		{nome: "cifra nel cognome", cf: "RC1MNL83S18D969H", motivo: "primi 6 caratteri"},
		{nome: "lettera non omocodica nell'anno", cf: "RCCMNLA3S18D969H", motivo: "posizione 7"},
		{nome: "mese inesistente", cf: "RCCMNL83F18D969H", motivo: "lettera del mese"},
		{nome: "giorno 32", cf: "RCCMNL83S32D969H", motivo: "giorno di nascita"},
		{nome: "giorno 00", cf: "RCCMNL83S00D969H", motivo: "giorno di nascita"},
		{nome: "giorno 40", cf: "RCCMNL83S40D969H", motivo: "giorno di nascita"},
		{nome: "giorno 72", cf: "RCCMNL83S72D969H", motivo: "giorno di nascita"},
		{nome: "31 aprile", cf: "RCCMNL83D31D969H", motivo: "inesistente nel mese 4"},
		{nome: "30 febbraio", cf: "RCCMNL83B30D969H", motivo: "inesistente nel mese 2"},
		{nome: "luogo con lettera N", cf: "RCCMNL83S18N969H", motivo: "codice catastale"},
		{nome: "controllo numerico", cf: "RCCMNL83S18D9698", motivo: "carattere di controllo"},
		{nome: "11 cifre con controllo errato", cf: "00743110158", motivo: "partita IVA"},
		{nome: "11 caratteri non numerici", cf: "RCCMNL83S18", motivo: "partita IVA"},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			err := ValidaCodiceFiscale(c.cf)
			if c.valido {
				if err != nil {
					t.Fatalf("ValidaCodiceFiscale(%q) = %v, atteso nil", c.cf, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidaCodiceFiscale(%q) = nil, atteso errore", c.cf)
			}
			if !strings.Contains(err.Error(), c.motivo) {
				t.Errorf("errore %q non contiene %q", err, c.motivo)
			}
			if !strings.HasPrefix(err.Error(), "codice fiscale") {
				t.Errorf("errore %q: deve nominare il codice fiscale", err)
			}
		})
	}
}

// TestOmocodiaSingolaPosizione checks each of the seven substitutions of
// RCCMNL83S18D969H, with check letters computed independently of this
// package, both through the validator and through SostituisciOmocodia.
func TestOmocodiaSingolaPosizione(t *testing.T) {
	attesi := []string{
		"RCCMNLU3S18D969E", // anno, prima cifra
		"RCCMNL8PS18D969T", // anno, seconda cifra
		"RCCMNL83SM8D969S", // giorno, prima cifra
		"RCCMNL83S1UD969E", // giorno, seconda cifra
		"RCCMNL83S18DV69W", // catastale, prima cifra
		"RCCMNL83S18D9S9T", // catastale, seconda cifra
		"RCCMNL83S18D96VW", // catastale, terza cifra
	}
	for i, atteso := range attesi {
		if err := ValidaCodiceFiscale(atteso); err != nil {
			t.Errorf("omocodice %q rifiutato: %v", atteso, err)
		}
		got, err := SostituisciOmocodia("RCCMNL83S18D969H", i)
		if err != nil || got != atteso {
			t.Errorf("SostituisciOmocodia(indice %d) = %q, %v; atteso %q", i, got, err, atteso)
		}
		d, err := DecodificaCodiceFiscale(atteso)
		if err != nil {
			t.Fatal(err)
		}
		if !d.Omocodia || d.AnnoDueCifre != 83 || d.Mese != 11 || d.Giorno != 18 || d.CodiceCatastale != "D969" || d.Sesso != Maschio {
			t.Errorf("DecodificaCodiceFiscale(%q) = %+v", atteso, d)
		}
	}
	if _, err := SostituisciOmocodia("RCCMNL83S18D969H", 7); err == nil {
		t.Error("indice 7 accettato")
	}
	if _, err := SostituisciOmocodia("RCCMNL83S18D969A", 0); err == nil {
		t.Error("omocodia applicata a un codice non valido")
	}
	tutte, err := SostituisciOmocodia("RCCMNL83S18D969H", 0, 1, 2, 3, 4, 5, 6)
	if err != nil || tutte != "RCCMNLUPSMUDVSVO" {
		t.Errorf("tutte le posizioni: %q, %v", tutte, err)
	}
}

func TestDecodificaDonna(t *testing.T) {
	d, err := DecodificaCodiceFiscale("FOXDIA90T71H501G")
	if err != nil {
		t.Fatal(err)
	}
	want := DatiCodiceFiscale{Sesso: Femmina, AnnoDueCifre: 90, Mese: 12, Giorno: 31, CodiceCatastale: "H501"}
	if d != want {
		t.Errorf("got %+v, want %+v", d, want)
	}
}

func TestCalcolaCodiceFiscale(t *testing.T) {
	data := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Roma()) }
	casi := []struct {
		cognome, nome string
		sesso         Sesso
		nascita       time.Time
		catastale     string
		atteso        string
	}{
		{"Rossi", "Mario", Maschio, data(1980, 1, 1), "H501", "RSSMRA80A01H501U"},
		{"Bianchi", "Maria", Femmina, data(1985, 3, 15), "F205", "BNCMRA85C55F205E"},
		// apostrophe dropped, 4+ consonants in the name take 1st, 3rd, 4th
		{"D'Angelo", "Gianfranco", Maschio, data(1972, 7, 4), "F839", "DNGGFR72L04F839V"},
		// short surname padded with X, name made of consonant then vowels
		{"Fo", "Ida", Femmina, data(1990, 12, 31), "H501", "FOXDIA90T71H501G"},
		// particle in the surname, accent folded
		{"Lo Russo", "Niccolò", Maschio, data(2001, 2, 28), "L219", "LRSNCL01B28L219T"},
		{"Rocca", "Emanuele", Maschio, data(1983, 11, 18), "D969", "RCCMNL83S18D969H"},
	}
	for _, c := range casi {
		got, err := CalcolaCodiceFiscale(c.cognome, c.nome, c.sesso, c.nascita, c.catastale)
		if err != nil || got != c.atteso {
			t.Errorf("CalcolaCodiceFiscale(%s %s) = %q, %v; atteso %q", c.cognome, c.nome, got, err, c.atteso)
		}
	}
	errati := []struct {
		nome                string
		cognome, n, catasto string
		sesso               Sesso
	}{
		{"sesso ignoto", "Rossi", "Mario", "H501", "X"},
		{"catastale corto", "Rossi", "Mario", "H50", Maschio},
		{"catastale numerico", "Rossi", "Mario", "1501", Maschio},
		{"cognome senza lettere", "'", "Mario", "H501", Maschio},
	}
	for _, e := range errati {
		if _, err := CalcolaCodiceFiscale(e.cognome, e.n, e.sesso, data(1980, 1, 1), e.catasto); err == nil {
			t.Errorf("%s: atteso errore", e.nome)
		}
	}
}

func TestCarattereControlloCF(t *testing.T) {
	if c, err := CarattereControlloCF("RCCMNL83S18D969"); err != nil || c != 'H' {
		t.Errorf("got %q, %v; want H", c, err)
	}
	for _, s := range []string{"RCCMNL83S18D96", "RCCMNL83S18D969H", "rccmnl83s18d969", "RCCMNL83S18D96-"} {
		if _, err := CarattereControlloCF(s); err == nil {
			t.Errorf("CarattereControlloCF(%q): atteso errore", s)
		}
	}
}
