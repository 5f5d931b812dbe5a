package italia

const datoPartitaIva = "partita IVA"

// CifraControlloPartitaIva computes the eleventh digit of a partita IVA from
// its first ten: X is the sum of the digits in odd positions, Y the sum over
// even positions of 2d (minus 9 when above 9), and the check digit is
// (10 - (X+Y) mod 10) mod 10. It is the Luhn digit, as the Agenzia delle
// Entrate defines it. The result is an ASCII digit.
func CifraControlloPartitaIva(first10 string) (byte, error) {
	if len(first10) != 10 || !soloCifre(first10) {
		return 0, nuovoErrore(datoPartitaIva, first10, "servono esattamente 10 cifre per calcolare la cifra di controllo")
	}
	return cifraControlloLuhn(first10), nil
}

func cifraControlloLuhn(first10 string) byte {
	somma := 0
	for i := 0; i < len(first10); i++ {
		d := int(first10[i] - '0')
		if i%2 == 1 { // even position counting from 1
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		somma += d
	}
	return byte('0' + (10-somma%10)%10)
}

// ufficioIvaValido reports whether a three-digit office code is one the
// Agenzia delle Entrate assigns: the provincial offices 001-100 plus the
// special codes 120, 121, 888 and 999.
func ufficioIvaValido(codice string) bool {
	if len(codice) != 3 || !soloCifre(codice) {
		return false
	}
	switch codice {
	case "120", "121", "888", "999":
		return true
	}
	return codice >= "001" && codice <= "100"
}

// ValidaPartitaIva checks an Italian partita IVA as written: 11 digits with
// no spaces or "IT" prefix, a non-zero matricola, a known office code in
// positions 8-10 and the right check digit. It is strict on purpose: an OLO
// that sends "IT00743110157" learns to send the bare number.
func ValidaPartitaIva(s string) error {
	if len(s) != 11 {
		return nuovoErrore(datoPartitaIva, s, "deve avere 11 cifre, ne ha %d", len(s))
	}
	if !soloCifre(s) {
		return nuovoErrore(datoPartitaIva, s, "deve contenere solo cifre")
	}
	if s[:7] == "0000000" {
		return nuovoErrore(datoPartitaIva, s, "numero di matricola (cifre 1-7) nullo")
	}
	if !ufficioIvaValido(s[7:10]) {
		return nuovoErrore(datoPartitaIva, s, "codice ufficio %s (cifre 8-10) inesistente: ammessi 001-100, 120, 121, 888, 999", s[7:10])
	}
	if atteso := cifraControlloLuhn(s[:10]); s[10] != atteso {
		return nuovoErrore(datoPartitaIva, s, "cifra di controllo errata: attesa %c, trovata %c", atteso, s[10])
	}
	return nil
}

// ValidaCodiceSdi checks a Sistema di Interscambio recipient code (codice
// destinatario) of a company: 7 upper-case letters or digits. "0000000" is
// valid: it means "deliver the e-invoice to the PEC".
func ValidaCodiceSdi(s string) error {
	if len(s) != 7 {
		return nuovoErrore("codice SDI", s, "deve avere 7 caratteri, ne ha %d", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') {
			return nuovoErrore("codice SDI", s, "ammesse solo lettere maiuscole e cifre, trovato %q", c)
		}
	}
	return nil
}
