package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/world"
)

// requestLog keeps the last requests received, for GET /sandbox/v1/richieste: a CRM's test
// can assert what it actually sent.
type requestLog struct {
	mu   sync.Mutex
	buf  []richiesta
	next int
	full bool
}

type richiesta struct {
	RicevutaIl time.Time `json:"ricevutaIl"`
	Metodo     string    `json:"metodo"`
	Percorso   string    `json:"percorso"`
	Stato      int       `json:"stato"`
	DurataMs   float64   `json:"durataMs"`
	OpID       string    `json:"opId,omitempty"`
}

func newRequestLog(n int) *requestLog { return &requestLog{buf: make([]richiesta, n)} }

func (l *requestLog) add(r richiesta) {
	l.mu.Lock()
	l.buf[l.next] = r
	l.next = (l.next + 1) % len(l.buf)
	if l.next == 0 {
		l.full = true
	}
	l.mu.Unlock()
}

// last returns up to n entries, newest first.
func (l *requestLog) last(n int) []richiesta {
	l.mu.Lock()
	defer l.mu.Unlock()
	size := l.next
	if l.full {
		size = len(l.buf)
	}
	out := make([]richiesta, 0, min(n, size))
	for i := 1; i <= size && len(out) < n; i++ {
		out = append(out, l.buf[(l.next-i+len(l.buf))%len(l.buf)])
	}
	return out
}

// control is the sandbox control API (spec/sandbox.yaml).
type control struct {
	w   *world.World
	log *requestLog
}

type statoSandbox struct {
	Seme           uint64    `json:"seme"`
	Orologio       time.Time `json:"orologio"`
	Scala          float64   `json:"scala"`
	EventiInAttesa int       `json:"eventiInAttesa"`
	AvviatoIl      time.Time `json:"avviatoIl"`
}

func (c *control) stato() statoSandbox {
	return statoSandbox{Seme: c.w.Seed(), Orologio: c.w.Clock().Now().In(italia.Roma()).Truncate(time.Second), Scala: c.w.Clock().Scale(), EventiInAttesa: c.w.EventiInAttesa(), AvviatoIl: c.w.AvviatoIl().In(italia.Roma())}
}

func writeJSON(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func (c *control) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.Method + " " + r.URL.Path {
	case "GET /stato":
		writeJSON(w, c.stato())
	case "POST /orologio/avanza":
		var a struct {
			Secondi, Ore, Giorni, GiorniLavorativi int
		}
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			writeProblem(w, r, newProblem(400, "", "corpo JSON non valido", nil))
			return
		}
		var d time.Duration
		n := 0
		if a.Secondi > 0 {
			d, n = time.Duration(a.Secondi)*time.Second, n+1
		}
		if a.Ore > 0 {
			d, n = time.Duration(a.Ore)*time.Hour, n+1
		}
		if a.Giorni > 0 {
			d, n = time.Duration(a.Giorni)*24*time.Hour, n+1
		}
		if a.GiorniLavorativi > 0 {
			now := c.w.Clock().Now().In(italia.Roma())
			d, n = italia.AggiungiGiorniLavorativi(now, a.GiorniLavorativi).Sub(now), n+1
		}
		if n != 1 {
			writeProblem(w, r, newProblem(422, "", "indicare una sola tra secondi, ore, giorni, giorniLavorativi", nil))
			return
		}
		if err := c.w.Avanza(d); err != nil {
			writeProblem(w, r, newProblem(422, "", err.Error(), nil))
			return
		}
		writeJSON(w, c.stato())
	case "PUT /orologio":
		var a struct {
			Scala   *float64
			Istante *time.Time
		}
		if err := json.NewDecoder(r.Body).Decode(&a); err != nil {
			writeProblem(w, r, newProblem(400, "", "corpo JSON non valido", nil))
			return
		}
		if a.Istante == nil && a.Scala == nil {
			writeProblem(w, r, newProblem(422, "", "indicare istante, scala o entrambi", nil))
			return
		}
		if a.Istante != nil {
			if a.Istante.After(c.w.Clock().Now().AddDate(0, 0, 366)) {
				writeProblem(w, r, newProblem(422, "", "istante oltre 366 giorni da ora: far avanzare l'orologio a passi (ogni giorno produce i suoi file CDR)", nil))
				return
			}
			if err := c.w.Clock().Set(*a.Istante); err != nil {
				writeProblem(w, r, newProblem(422, "", err.Error(), nil))
				return
			}
			_ = c.w.ProduciGiorniMaturi()
		}
		if a.Scala != nil {
			if err := c.w.Clock().SetScale(*a.Scala); err != nil {
				writeProblem(w, r, newProblem(422, "", err.Error(), nil))
				return
			}
		}
		writeJSON(w, c.stato())
	case "POST /reset":
		if err := c.w.Reset(); err != nil {
			writeProblem(w, r, newProblem(500, "", "reset fallito: "+err.Error(), nil))
			return
		}
		writeJSON(w, c.stato())
	case "GET /richieste":
		n := 50
		if s := r.URL.Query().Get("limite"); s != "" {
			n, _ = strconv.Atoi(s)
		}
		writeJSON(w, c.log.last(n))
	default:
		writeProblem(w, r, newProblem(404, "", "operazione sconosciuta dell'API di controllo", nil))
	}
}
