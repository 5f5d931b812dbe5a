package italia

import (
	"strings"
	"testing"
)

func TestValidaDNeTipo(t *testing.T) {
	casi := []struct {
		dn     string
		tipo   TipoNumero
		motivo string
	}{
		{"0612345678", Geografico, ""},
		{"0212345678", Geografico, ""},
		{"011123456", Geografico, ""},
		{"0331123456", Geografico, ""},
		{"06123", Sconosciuto, "da 6 a 11 cifre"},
		{"061234", Geografico, ""},
		{"06123456789", Geografico, ""},
		{"061234567890", Sconosciuto, "da 6 a 11 cifre"},
		{"0012345678", Sconosciuto, "prefisso internazionale"},
		{"0333123456", Sconosciuto, "prefisso geografico inesistente"},
		{"0186123456", Sconosciuto, "prefisso geografico inesistente"},
		{"3331234567", Mobile, ""},
		{"333123456", Mobile, ""},
		{"33312345", Sconosciuto, "9 o 10 cifre"},
		{"33312345678", Sconosciuto, "9 o 10 cifre"},
		{"5512345678", Nomadico, ""},
		{"551234567", Sconosciuto, "10 cifre"},
		{"5612345678", Sconosciuto, "deve iniziare"},
		{"8001234567", Sconosciuto, "deve iniziare"},
		{"+390612345678", Sconosciuto, "prefisso internazionale"},
		{"06 1234567", Sconosciuto, "solo cifre"},
		{"", Sconosciuto, "vuoto"},
	}
	for _, c := range casi {
		err := ValidaDN(c.dn)
		if c.motivo == "" && err != nil {
			t.Errorf("ValidaDN(%q) = %v", c.dn, err)
		}
		if c.motivo != "" && (err == nil || !strings.Contains(err.Error(), c.motivo)) {
			t.Errorf("ValidaDN(%q) = %v, atteso errore con %q", c.dn, err, c.motivo)
		}
		if got := TipoDN(c.dn); got != c.tipo {
			t.Errorf("TipoDN(%q) = %q, atteso %q", c.dn, got, c.tipo)
		}
	}
}

func TestPrefisso(t *testing.T) {
	casi := []struct {
		dn, prefisso string
		ok           bool
	}{
		{"0212345678", "02", true},
		{"0612345678", "06", true},
		{"0101234567", "010", true},
		{"0111234567", "011", true},
		{"0331123456", "0331", true},
		{"0332123456", "0332", true},
		{"0121123456", "0121", true},
		{"0789123456", "0789", true},
		{"0999123456", "099", true},
		{"0333123456", "", false},
		{"3331234567", "", false},
		{"0", "", false},
		{"06", "", false}, // a prefix alone is not a number in it
	}
	for _, c := range casi {
		p, ok := Prefisso(c.dn)
		if p != c.prefisso || ok != c.ok {
			t.Errorf("Prefisso(%q) = %q, %v; atteso %q, %v", c.dn, p, ok, c.prefisso, c.ok)
		}
	}
}

func TestDistrettiSenzaPrefissiAnnidati(t *testing.T) {
	ds := Distretti()
	if len(ds) != 231 {
		t.Errorf("%d distretti, attesi i 231 del piano nazionale", len(ds))
	}
	for i, a := range ds {
		if i > 0 && ds[i-1].Prefisso >= a.Prefisso {
			t.Errorf("ordinamento o duplicato: %q dopo %q", a.Prefisso, ds[i-1].Prefisso)
		}
		if len(a.Prefisso) < 2 || len(a.Prefisso) > 4 || a.Prefisso[0] != '0' || !soloCifre(a.Prefisso) || a.Nome == "" {
			t.Errorf("distretto malformato: %+v", a)
		}
		for _, b := range ds {
			if a.Prefisso != b.Prefisso && strings.HasPrefix(b.Prefisso, a.Prefisso) {
				t.Errorf("%q è prefisso di %q: la ricerca per prefisso sarebbe ambigua", a.Prefisso, b.Prefisso)
			}
		}
	}
	if d, ok := DistrettoDaPrefisso("0331"); !ok || d.Nome != "Busto Arsizio" {
		t.Errorf("DistrettoDaPrefisso(0331) = %+v, %v", d, ok)
	}
}

func TestE164(t *testing.T) {
	casi := []struct{ dn, e164 string }{
		{"0612345678", "+390612345678"},
		{"0212345678", "+390212345678"},
		{"0331123456", "+390331123456"},
		{"3331234567", "+393331234567"},
		{"5512345678", "+395512345678"},
	}
	for _, c := range casi {
		if got := E164(c.dn); got != c.e164 {
			t.Errorf("E164(%q) = %q, atteso %q", c.dn, got, c.e164)
		}
		back, err := DaE164(c.e164)
		if err != nil || back != c.dn {
			t.Errorf("DaE164(%q) = %q, %v; atteso %q", c.e164, back, err, c.dn)
		}
		if got := E164(c.e164); got != c.e164 {
			t.Errorf("E164 non idempotente: %q -> %q", c.e164, got)
		}
		if back, err := DaE164("0039" + c.dn); err != nil || back != c.dn {
			t.Errorf("DaE164(0039%s) = %q, %v", c.dn, back, err)
		}
	}
	for _, s := range []string{"0612345678", "+330612345678", "+39", "+39061", "+39 0612345678"} {
		if _, err := DaE164(s); err == nil {
			t.Errorf("DaE164(%q): atteso errore", s)
		}
	}
}

func TestNormalizzaDN(t *testing.T) {
	casi := map[string]string{
		"06 1234 5678":       "0612345678",
		"+39 06 12345678":    "0612345678",
		"0039-333-123-4567":  "3331234567",
		" 333.123.4567 ":     "3331234567",
		"(06) 12345678":      "0612345678",
		"+39 333/1234567":    "3331234567",
		"0331/123456":        "0331123456",
		"+39 55 1234 5678":   "5512345678",
		"0612345678":         "0612345678",
		"+39 0333 123456":    "",
		"06-1234-5678-99999": "",
		"tel. 0612345678":    "",
	}
	for in, atteso := range casi {
		got, err := NormalizzaDN(in)
		if atteso == "" {
			if err == nil {
				t.Errorf("NormalizzaDN(%q) = %q, atteso errore", in, got)
			}
			continue
		}
		if err != nil || got != atteso {
			t.Errorf("NormalizzaDN(%q) = %q, %v; atteso %q", in, got, err, atteso)
		}
	}
}
