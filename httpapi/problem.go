package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/wpti/toolkit/world"
)

// Problem is the RFC 9457 body every error of both contracts carries (schema Problem).
type Problem struct {
	Type     string              `json:"type"`
	Title    string              `json:"title"`
	Status   int                 `json:"status"`
	Detail   string              `json:"detail,omitempty"`
	Instance string              `json:"instance,omitempty"`
	Codice   string              `json:"codice"`
	Errori   []world.ErroreCampo `json:"errori,omitempty"`
}

// problemKinds gives, per status, the stable codice, the title and the type URI slug. It is
// the one place where HTTP statuses and codici meet.
var problemKinds = map[int]struct{ codice, title, slug string }{
	400: {"VALIDAZIONE", "Richiesta non valida", "validazione"},
	401: {"NON_AUTENTICATO", "Non autenticato", "non-autenticato"},
	403: {"NON_AUTORIZZATO", "Non autorizzato", "non-autorizzato"},
	404: {"NON_TROVATO", "Risorsa non trovata", "non-trovato"},
	405: {"METODO_NON_AMMESSO", "Metodo non ammesso", "metodo-non-ammesso"},
	406: {"NON_ACCETTABILE", "Formato di risposta non disponibile", "non-accettabile"},
	409: {"CONFLITTO", "Conflitto", "conflitto"},
	413: {"TROPPO_GRANDE", "Richiesta troppo grande", "troppo-grande"},
	415: {"TIPO_NON_SUPPORTATO", "Content-Type non supportato", "tipo-non-supportato"},
	422: {"REGOLA_VIOLATA", "Regola di dominio violata", "regola-violata"},
	429: {"TROPPE_RICHIESTE", "Troppe richieste", "troppe-richieste"},
	500: {"ERRORE_INTERNO", "Errore interno", "errore-interno"},
}

const problemBase = "https://wpti.example/problemi/"

// newProblem builds the problem for a status; codice overrides the default one (e.g. KO05).
func newProblem(status int, codice, detail string, errori []world.ErroreCampo) Problem {
	k, ok := problemKinds[status]
	if !ok {
		k = problemKinds[500]
		k.title = http.StatusText(status)
		k.slug = strconv.Itoa(status)
	}
	if codice == "" {
		codice = k.codice
	}
	return Problem{Type: problemBase + k.slug, Title: k.title, Status: status, Detail: detail, Codice: codice, Errori: errori}
}

// problemFromError turns any error into a problem. A *world.Errore keeps its status, codice
// and message; anything else is an internal error whose detail stays in the log only.
func problemFromError(err error) (Problem, bool) {
	var e *world.Errore
	if errors.As(err, &e) {
		return newProblem(e.Status, e.Codice, e.Messaggio, e.Campi), true
	}
	return newProblem(http.StatusInternalServerError, "", "Errore interno della sandbox: segnalarlo con l'ora della richiesta.", nil), false
}

// percorsoOriginale is the context key of the request path before Base was stripped.
type percorsoOriginale struct{}

func writeProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if r != nil {
		p.Instance = r.URL.Path
		if orig, ok := r.Context().Value(percorsoOriginale{}).(string); ok {
			p.Instance = orig
		}
	}
	b, _ := json.Marshal(p)
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	if p.Status == http.StatusTooManyRequests && h.Get("Retry-After") == "" {
		h.Set("Retry-After", "1")
	}
	w.WriteHeader(p.Status)
	_, _ = w.Write(b)
}
