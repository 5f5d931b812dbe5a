package italia

import "fmt"

// ErroreValidazione says which identifier was rejected and why, in Italian.
// The API layer can put Dato and Motivo into a problem+json errori[] entry
// without parsing the message.
type ErroreValidazione struct {
	// Dato names the kind of identifier, e.g. "partita IVA", "codice fiscale".
	Dato string
	// Valore is the rejected input as received (possibly shortened).
	Valore string
	// Motivo explains the failure, e.g. "cifra di controllo errata: attesa 7".
	Motivo string
}

// Error renders "partita IVA \"00743110158\": cifra di controllo errata ...".
func (e *ErroreValidazione) Error() string {
	return fmt.Sprintf("%s %q: %s", e.Dato, e.Valore, e.Motivo)
}

// maxValoreErrore bounds the echoed input, so a hostile megabyte-long value
// never ends up whole in a log line or a response body.
const maxValoreErrore = 40

func nuovoErrore(dato, valore, formato string, args ...any) *ErroreValidazione {
	if len(valore) > maxValoreErrore {
		valore = valore[:maxValoreErrore] + "..."
	}
	return &ErroreValidazione{Dato: dato, Valore: valore, Motivo: fmt.Sprintf(formato, args...)}
}

// soloCifre reports whether s is non-empty and made of ASCII digits only.
func soloCifre(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
