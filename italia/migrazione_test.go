package italia

import (
	"strings"
	"testing"
)

func TestParseCodiceMigrazione(t *testing.T) {
	casi := []struct {
		codice        string
		cow, cor, cos string
		controllo     byte
		motivo        string
	}{
		{codice: "TLC0612345678001W", cow: "TLC", cor: "0612345678", cos: "001", controllo: 'W'},
		{codice: "OLO3331234567017A", cow: "OLO", cor: "3331234567", cos: "017", controllo: 'A'},
		{codice: "AB1X999Z", cow: "AB1", cor: "X", cos: "999", controllo: 'Z'},
		{codice: "XYZ123456789012222K", cow: "XYZ", cor: "123456789012", cos: "222", controllo: 'K'},
		// COS 000 is syntactically valid: it is the sandbox's KO06 test value.
		{codice: "TLC0612345678000B", cow: "TLC", cor: "0612345678", cos: "000", controllo: 'B'},
		// A COR ending in digits: COS is read from the fixed positions.
		{codice: "TLC061234567800011C", cow: "TLC", cor: "061234567800", cos: "011", controllo: 'C'},
		{codice: "TLC0612345678018W", motivo: "COS 018"},
		{codice: "TLC0612345678100W", motivo: "COS 100"},
		{codice: "TLC0612345678221W", motivo: "COS 221"},
		{codice: "TLC0612345678001", motivo: "formato atteso"},
		{codice: "TLC0612345678001w", motivo: "formato atteso"},
		{codice: "tlc0612345678001W", motivo: "formato atteso"},
		{codice: "TLC001W", motivo: "formato atteso"},
		{codice: "TLC1234567890123001W", motivo: "formato atteso"},
		{codice: "TL-0612345678001W", motivo: "formato atteso"},
		{codice: "", motivo: "formato atteso"},
	}
	for _, c := range casi {
		got, err := ParseCodiceMigrazione(c.codice)
		if c.motivo != "" {
			if err == nil || !strings.Contains(err.Error(), c.motivo) {
				t.Errorf("ParseCodiceMigrazione(%q) = %+v, %v; atteso errore con %q", c.codice, got, err, c.motivo)
			}
			if ValidaCodiceMigrazione(c.codice) == nil {
				t.Errorf("ValidaCodiceMigrazione(%q) = nil", c.codice)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseCodiceMigrazione(%q): %v", c.codice, err)
			continue
		}
		want := CodiceMigrazione{COW: c.cow, COR: c.cor, COS: c.cos, Controllo: c.controllo}
		if got != want {
			t.Errorf("ParseCodiceMigrazione(%q) = %+v, atteso %+v", c.codice, got, want)
		}
		if got.String() != c.codice {
			t.Errorf("String() = %q, atteso %q", got.String(), c.codice)
		}
	}
}
