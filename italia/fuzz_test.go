package italia

import "testing"

// The fuzz targets run their seed corpus with every `go test`; run them with
// -fuzz to explore. Each checks more than "no panic": what the validator
// accepts must be internally consistent.

func FuzzValidaCodiceFiscale(f *testing.F) {
	for _, s := range []string{
		"RCCMNL83S18D969H", "RCCMNLUPSMUDVSVO", "FOXDIA90T71H501G", "00743110157",
		"", "RCCMNL83S18D969", "rccmnl83s18d969h", "RCCMNL83S18D969\xff", "ÀCCMNL83S18D969H",
		"RCCMNL83S32D969H", "0000000000000000", "ZZZZZZ99Z99Z999Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := ValidaCodiceFiscale(s)
		if err == nil && len(s) == 16 {
			d, derr := DecodificaCodiceFiscale(s)
			if derr != nil {
				t.Fatalf("valido per ValidaCodiceFiscale ma non per Decodifica: %v", derr)
			}
			c, cerr := CarattereControlloCF(s[:15])
			if cerr != nil || c != s[15] {
				t.Fatalf("valido ma controllo ricalcolato %q, %v", c, cerr)
			}
			if d.Giorno < 1 || d.Giorno > 31 || d.Mese < 1 || d.Mese > 12 {
				t.Fatalf("valido con data %+v", d)
			}
			// every omocode of a valid code is valid too
			if o, oerr := SostituisciOmocodia(s, 0, 3, 6); oerr != nil || ValidaCodiceFiscale(o) != nil {
				t.Fatalf("omocodice di %q non valido: %q, %v", s, o, oerr)
			}
		}
		if err == nil && len(s) != 16 && ValidaPartitaIva(s) != nil {
			t.Fatalf("%q accettato senza essere né CF né partita IVA", s)
		}
	})
}

func FuzzValidaPartitaIva(f *testing.F) {
	for _, s := range []string{"00743110157", "00743110158", "", "0", "IT00743110157", "99999999999", "0000000000\x00", "01114601006"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidaPartitaIva(s) != nil {
			return
		}
		c, err := CifraControlloPartitaIva(s[:10])
		if err != nil || c != s[10] || !ufficioIvaValido(s[7:10]) {
			t.Fatalf("%q accettata ma incoerente: %q, %v", s, c, err)
		}
		if ValidaCodiceFiscale(s) != nil {
			t.Fatalf("partita IVA %q rifiutata come codice fiscale", s)
		}
	})
}

func FuzzNormalizzaDN(f *testing.F) {
	for _, s := range []string{"0612345678", "+39 333 1234567", "0039551234567", "", "+", "0", "06\u00a012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dn, err := NormalizzaDN(s)
		if err != nil {
			return
		}
		if ValidaDN(dn) != nil || TipoDN(dn) == Sconosciuto {
			t.Fatalf("NormalizzaDN(%q) = %q non valido", s, dn)
		}
		if back, err := DaE164(E164(dn)); err != nil || back != dn {
			t.Fatalf("E.164 non reversibile per %q: %q, %v", dn, back, err)
		}
	})
}

func FuzzParseCodiceMigrazione(f *testing.F) {
	for _, s := range []string{"TLC0612345678001W", "TLC0612345678000B", "", "A", "TLC061234567800011C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCodiceMigrazione(s)
		if err != nil {
			return
		}
		if c.String() != s || len(c.COW) != 3 || len(c.COR) < 1 || len(c.COR) > 12 || !cosValido(c.COS) {
			t.Fatalf("ParseCodiceMigrazione(%q) = %+v", s, c)
		}
	})
}
