package italia

import "strings"

const datoDN = "DN"

// TipoNumero classifies a DN the way the RO's orders and VoIP numbering do.
type TipoNumero string

// The kinds of Italian number the sandbox handles. Sconosciuto is returned
// for anything that is not a valid DN of the other three kinds.
const (
	Geografico  TipoNumero = "GEOGRAFICO"
	Mobile      TipoNumero = "MOBILE"
	Nomadico    TipoNumero = "NOMADICO"
	Sconosciuto TipoNumero = ""
)

// ValidaDN checks a DN in national format (no +39, no spaces): geographic
// 0 followed by 5 to 10 digits starting with a known district prefix, mobile
// 3 followed by 8 or 9 digits, nomadic VoIP 55 followed by 8 digits.
func ValidaDN(s string) error {
	if s == "" {
		return nuovoErrore(datoDN, s, "numero vuoto")
	}
	if strings.HasPrefix(s, "+") || strings.HasPrefix(s, "00") {
		return nuovoErrore(datoDN, s, "usare il formato nazionale senza prefisso internazionale (+39 o 0039)")
	}
	if !soloCifre(s) {
		return nuovoErrore(datoDN, s, "deve contenere solo cifre, senza spazi o separatori")
	}
	switch {
	case s[0] == '0':
		if len(s) < 6 || len(s) > 11 {
			return nuovoErrore(datoDN, s, "un numero geografico ha da 6 a 11 cifre compreso lo 0 iniziale, ne ha %d", len(s))
		}
		if _, ok := Prefisso(s); !ok {
			return nuovoErrore(datoDN, s, "prefisso geografico inesistente nel piano di numerazione nazionale")
		}
		return nil
	case strings.HasPrefix(s, "55"):
		if len(s) != 10 {
			return nuovoErrore(datoDN, s, "un numero nomadico (55) ha 10 cifre, ne ha %d", len(s))
		}
		return nil
	case s[0] == '3':
		if len(s) != 9 && len(s) != 10 {
			return nuovoErrore(datoDN, s, "un numero mobile ha 9 o 10 cifre, ne ha %d", len(s))
		}
		return nil
	}
	return nuovoErrore(datoDN, s, "deve iniziare con 0 (geografico), 3 (mobile) o 55 (nomadico)")
}

// TipoDN classifies a valid national-format DN; Sconosciuto when invalid.
func TipoDN(dn string) TipoNumero {
	if ValidaDN(dn) != nil {
		return Sconosciuto
	}
	switch {
	case dn[0] == '0':
		return Geografico
	case dn[0] == '3':
		return Mobile
	}
	return Nomadico
}

// E164 writes a national DN in E.164 form. Italy keeps the leading 0 of a
// landline after the country code (+390612345678) while a mobile has none to
// keep (+393331234567): the national number is simply prefixed by +39. An
// input already in +39 or 0039 form is returned as +39 form.
func E164(dn string) string {
	switch {
	case strings.HasPrefix(dn, "+39"):
		return dn
	case strings.HasPrefix(dn, "0039"):
		return "+39" + dn[4:]
	}
	return "+39" + dn
}

// DaE164 turns "+39..." (or "0039...") back into the national DN and
// validates it. Any other country code is an error: the RO only serves
// Italian numbers.
func DaE164(s string) (string, error) {
	var dn string
	switch {
	case strings.HasPrefix(s, "+39"):
		dn = s[3:]
	case strings.HasPrefix(s, "0039"):
		dn = s[4:]
	default:
		return "", nuovoErrore(datoDN, s, "formato E.164 atteso: +39 seguito dal numero nazionale")
	}
	if err := ValidaDN(dn); err != nil {
		return "", err
	}
	return dn, nil
}

// NormalizzaDN accepts what an operator's form may send (national format,
// +39 or 0039, with spaces, dots, dashes or slashes as separators) and
// returns the validated national DN. It is for inputs where the contract
// says "E.164 accepted"; identifiers stored by the sandbox are national.
func NormalizzaDN(s string) (string, error) {
	pulito := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '.', '-', '/', '(', ')':
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if strings.HasPrefix(pulito, "+") || strings.HasPrefix(pulito, "0039") {
		return DaE164(pulito)
	}
	if err := ValidaDN(pulito); err != nil {
		return "", err
	}
	return pulito, nil
}
