package italia

import "regexp"

const datoCodiceMigrazione = "codice migrazione"

// reCodiceMigrazione is the published syntax: COW (3) + COR (1-12) + COS (3
// digits) + one check letter.
var reCodiceMigrazione = regexp.MustCompile(`^[A-Z0-9]{3}[A-Z0-9]{1,12}[0-9]{3}[A-Z]$`)

// CodiceMigrazione is a parsed codice migrazione (migration code) that a
// customer gives the recipient OLO to move a line.
type CodiceMigrazione struct {
	COW string // operator code of the donating operator (3 characters)
	COR string // resource code, usually the DN (1-12 characters)
	COS string // service code: 001-017, 222 or 999 (000: sandbox test value)
	// Controllo is the check letter. Its algorithm is not public, so it is
	// carried, never verified.
	Controllo byte
}

// String reassembles the code.
func (c CodiceMigrazione) String() string {
	return c.COW + c.COR + c.COS + string(c.Controllo)
}

// cosValido reports whether a COS is a known service code, or 000, the
// sandbox's documented test value that always yields KO06.
func cosValido(cos string) bool {
	switch cos {
	case "000", "222", "999":
		return true
	}
	return len(cos) == 3 && soloCifre(cos) && cos >= "001" && cos <= "017"
}

// ParseCodiceMigrazione splits a codice migrazione into COW, COR, COS and
// check letter after checking its syntax. COS comes from the fixed positions
// before the final letter, so a COR that ends in digits is never ambiguous.
// The check letter cannot be verified (the algorithm is not public): a
// syntactically valid code may still be refused by the donating operator.
func ParseCodiceMigrazione(s string) (CodiceMigrazione, error) {
	if !reCodiceMigrazione.MatchString(s) {
		return CodiceMigrazione{}, nuovoErrore(datoCodiceMigrazione, s,
			"formato atteso: COW (3 caratteri) + COR (1-12 caratteri) + COS (3 cifre) + lettera di controllo, solo maiuscole e cifre")
	}
	n := len(s)
	c := CodiceMigrazione{COW: s[:3], COR: s[3 : n-4], COS: s[n-4 : n-1], Controllo: s[n-1]}
	if !cosValido(c.COS) {
		return CodiceMigrazione{}, nuovoErrore(datoCodiceMigrazione, s, "COS %s inesistente: ammessi 001-017, 222, 999", c.COS)
	}
	return c, nil
}

// ValidaCodiceMigrazione checks the syntax of a codice migrazione and that
// its COS is a known service code; see ParseCodiceMigrazione.
func ValidaCodiceMigrazione(s string) error {
	_, err := ParseCodiceMigrazione(s)
	return err
}
