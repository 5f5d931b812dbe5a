package world

import "fmt"

// Errore is the one error type of the domain: a stable machine code (codice), the HTTP status
// it maps to, a message for the OLO's developer and, for validation, the fields at fault.
// The HTTP adapter turns it into problem+json in exactly one place; any other error is an
// internal error whose detail is only logged.
type Errore struct {
	Status    int
	Codice    string
	Messaggio string
	Campi     []ErroreCampo
}

// ErroreCampo names one field at fault (path like body.cliente.partitaIva).
type ErroreCampo struct {
	Campo     string `json:"campo"`
	Messaggio string `json:"messaggio"`
}

func (e *Errore) Error() string { return fmt.Sprintf("%s (%d): %s", e.Codice, e.Status, e.Messaggio) }

// Constructors for the kinds the handlers use; the codici are the contract's.
func nonTrovato(cosa, id string) *Errore {
	return &Errore{Status: 404, Codice: "NON_TROVATO", Messaggio: fmt.Sprintf("%s %s: inesistente per questo operatore", cosa, id)}
}

func conflitto(codice, msg string, a ...any) *Errore {
	if codice == "" {
		codice = "CONFLITTO"
	}
	return &Errore{Status: 409, Codice: codice, Messaggio: fmt.Sprintf(msg, a...)}
}

func regola(campo, msg string, a ...any) *Errore {
	m := fmt.Sprintf(msg, a...)
	e := &Errore{Status: 422, Codice: "REGOLA_VIOLATA", Messaggio: m}
	if campo != "" {
		e.Campi = []ErroreCampo{{Campo: campo, Messaggio: m}}
	}
	return e
}

func validazione(campo, msg string, a ...any) *Errore {
	m := fmt.Sprintf(msg, a...)
	return &Errore{Status: 400, Codice: "VALIDAZIONE", Messaggio: m, Campi: []ErroreCampo{{Campo: campo, Messaggio: m}}}
}
