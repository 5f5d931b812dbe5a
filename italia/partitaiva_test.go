package italia

import (
	"errors"
	"strings"
	"testing"
)

func TestValidaPartitaIva(t *testing.T) {
	casi := []struct {
		nome    string
		piva    string
		valida  bool
		motivo  string // substring expected in the error
		ufficio string
	}{
		{nome: "esempio DOMAIN.md", piva: "00743110157", valida: true},
		{nome: "ufficio Roma 100", piva: "01114601006", valida: true},
		{nome: "ufficio Torino 001", piva: "00488410010", valida: true},
		{nome: "ufficio Roma 058", piva: "00811720580", valida: true},
		{nome: "matricola oltre il milione", piva: "12878470157", valida: true},
		{nome: "cifra di controllo errata", piva: "00743110158", motivo: "cifra di controllo errata: attesa 7"},
		{nome: "troppo corta", piva: "0074311015", motivo: "11 cifre"},
		{nome: "troppo lunga", piva: "007431101570", motivo: "11 cifre"},
		{nome: "con prefisso IT", piva: "IT00743110157", motivo: "11 cifre"},
		{nome: "con lettere", piva: "0074311015A", motivo: "solo cifre"},
		{nome: "con spazio", piva: "00743 10157", motivo: "solo cifre"},
		{nome: "vuota", piva: "", motivo: "11 cifre"},
		{nome: "tutti zeri", piva: "00000000000", motivo: "matricola"},
		{nome: "ufficio 000", piva: "1234567000" + "3", motivo: "codice ufficio 000"},
		{nome: "ufficio 101", piva: "1234567101" + "0", motivo: "codice ufficio 101"},
		{nome: "ufficio 119", piva: "1234567119" + "6", motivo: "codice ufficio 119"},
	}
	for _, c := range casi {
		t.Run(c.nome, func(t *testing.T) {
			err := ValidaPartitaIva(c.piva)
			if c.valida {
				if err != nil {
					t.Fatalf("ValidaPartitaIva(%q) = %v, atteso nil", c.piva, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("ValidaPartitaIva(%q) = nil, atteso errore", c.piva)
			}
			if !strings.Contains(err.Error(), c.motivo) {
				t.Errorf("errore %q non contiene %q", err, c.motivo)
			}
			var ev *ErroreValidazione
			if !errors.As(err, &ev) || ev.Dato != "partita IVA" {
				t.Errorf("errore %T %v: atteso *ErroreValidazione con Dato partita IVA", err, err)
			}
		})
	}
}

func TestUfficiIvaSpeciali(t *testing.T) {
	for _, uff := range []string{"001", "058", "099", "100", "120", "121", "888", "999"} {
		primi := "0123456" + uff
		c, err := CifraControlloPartitaIva(primi)
		if err != nil {
			t.Fatal(err)
		}
		if err := ValidaPartitaIva(primi + string(c)); err != nil {
			t.Errorf("ufficio %s: %v", uff, err)
		}
	}
}

func TestCifraControlloPartitaIva(t *testing.T) {
	casi := []struct {
		primi10 string
		atteso  byte
		errore  bool
	}{
		{"0074311015", '7', false},
		{"0111460100", '6', false},
		{"1287847015", '7', false},
		{"0000000000", '0', false},
		{"007431101", 0, true},
		{"007431101X", 0, true},
	}
	for _, c := range casi {
		got, err := CifraControlloPartitaIva(c.primi10)
		if c.errore {
			if err == nil {
				t.Errorf("CifraControlloPartitaIva(%q): atteso errore", c.primi10)
			}
			continue
		}
		if err != nil || got != c.atteso {
			t.Errorf("CifraControlloPartitaIva(%q) = %q, %v; atteso %q", c.primi10, got, err, c.atteso)
		}
	}
}

func TestValidaCodiceSdi(t *testing.T) {
	for s, ok := range map[string]bool{"M5UXCR1": true, "0000000": true, "m5uxcr1": false, "M5UXCR": false, "M5UXCR12": false, "M5UX-R1": false} {
		if err := ValidaCodiceSdi(s); (err == nil) != ok {
			t.Errorf("ValidaCodiceSdi(%q) = %v, valido atteso %v", s, err, ok)
		}
	}
}

func TestErroreNonRiportaInputEnorme(t *testing.T) {
	err := ValidaPartitaIva(strings.Repeat("9", 10_000))
	if err == nil || len(err.Error()) > 200 {
		t.Fatalf("errore troppo lungo o assente: %d caratteri", len(err.Error()))
	}
}
