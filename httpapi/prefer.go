package httpapi

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// prefer is what the client asked for in its Prefer headers. The names are Prism's, so an
// OLO's tests written against Prism keep working: code=NNN (answer that documented status),
// example=NAME (answer that named example), dynamic=true|false (true, the default, is the
// live stateful answer; false the contract's static example). The sandbox adds latency=MS
// (delay the answer) and fault=reset (close the connection without an answer).
type prefer struct {
	code    int
	example string
	dynamic string
	latency time.Duration
	fault   string
	bad     string // the first malformed preference, answered with 400
}

func parsePrefer(values []string) prefer {
	var p prefer
	for _, v := range values {
		for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
			k, val, _ := strings.Cut(strings.TrimSpace(part), "=")
			k = strings.ToLower(strings.TrimSpace(k))
			val = strings.Trim(strings.TrimSpace(val), `"`)
			switch k {
			case "code":
				n, err := strconv.Atoi(val)
				if err != nil || n < 100 || n > 599 {
					p.bad = "Prefer: code deve essere un codice HTTP (es. code=404)"
					continue
				}
				p.code = n
			case "example":
				p.example = val
			case "dynamic":
				p.dynamic = strings.ToLower(val)
				if p.dynamic != "true" && p.dynamic != "false" {
					p.bad = "Prefer: dynamic ammette true o false"
					p.dynamic = ""
				}
			case "latency":
				d, err := parseMillis(val)
				if err != nil {
					p.bad = "Prefer: latency deve essere in millisecondi tra 0 e 30000 (es. latency=250)"
					continue
				}
				p.latency = d
			case "fault":
				if val != "reset" {
					p.bad = "Prefer: fault ammette solo reset"
					continue
				}
				p.fault = val
			}
		}
	}
	return p
}

func parseMillis(s string) (time.Duration, error) {
	s = strings.TrimSuffix(s, "ms")
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 30000 {
		return 0, fmt.Errorf("latency fuori intervallo")
	}
	return time.Duration(n) * time.Millisecond, nil
}

// Faults is configured resilience testing: a fixed extra latency and a share of requests
// answered 429 (with Retry-After), drawn from a seeded source so a run can be repeated.
type Faults struct {
	Latency  time.Duration
	Rate429  float64
	mu       sync.Mutex
	rnd      *rand.Rand
	Sleep    func(time.Duration) // replaced in tests
	disabled bool
}

// NewFaults returns the configured injection; nil means none.
func NewFaults(latency time.Duration, rate429 float64, seed uint64) *Faults {
	return &Faults{Latency: latency, Rate429: rate429, rnd: rand.New(rand.NewPCG(seed, 0x5eed)), Sleep: time.Sleep}
}

// apply runs the latency and fault part of a request's preferences plus the configured
// faults. It returns false when it has answered the request itself.
func (f *Faults) apply(w http.ResponseWriter, r *http.Request, p prefer) bool {
	if p.bad != "" {
		writeProblem(w, r, newProblem(400, "", p.bad, []ErroreCampo{{Campo: "header.Prefer", Messaggio: p.bad}}))
		return false
	}
	sleep := time.Sleep
	var lat time.Duration
	var inject bool
	if f != nil {
		sleep = f.Sleep
		lat = f.Latency
		if f.Rate429 > 0 {
			f.mu.Lock()
			inject = f.rnd.Float64() < f.Rate429
			f.mu.Unlock()
		}
	}
	if p.latency > 0 {
		lat = p.latency
	}
	if lat > 0 {
		select {
		case <-r.Context().Done():
			return false
		default:
			sleep(lat)
		}
	}
	if p.fault == "reset" {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return false
			}
		}
		panic(http.ErrAbortHandler)
	}
	if inject {
		w.Header().Set("Retry-After", "1")
		writeProblem(w, r, newProblem(429, "", "Errore iniettato dalla sandbox (--fault-429): ritentare dopo Retry-After", nil))
		return false
	}
	return true
}

// serveExample answers from the contract's examples, as Prism does.
func (c *Contract) serveExample(w http.ResponseWriter, r *http.Request, op *openapi3.Operation, p prefer) {
	code := p.code
	codes := responseCodes(op)
	if code == 0 {
		for _, s := range codes {
			if s >= 200 && s < 300 {
				code = s
				break
			}
		}
	}
	resp := op.Responses.Status(code)
	if resp == nil || resp.Value == nil {
		msg := fmt.Sprintf("Prefer: code=%d non e' tra le risposte documentate di %s (%s)", code, op.OperationID, joinInts(codes))
		writeProblem(w, r, newProblem(400, "", msg, []ErroreCampo{{Campo: "header.Prefer", Messaggio: msg}}))
		return
	}
	for name, h := range resp.Value.Headers {
		if h.Value != nil && h.Value.Schema != nil && h.Value.Schema.Value != nil {
			if ex := h.Value.Schema.Value.Example; ex != nil {
				w.Header().Set(name, fmt.Sprint(ex))
			} else if name == "Retry-After" {
				w.Header().Set(name, "1")
			} else if name == "Location" {
				w.Header().Set(name, r.URL.Path)
			}
		}
	}
	if code == http.StatusNoContent || code == http.StatusNotModified || len(resp.Value.Content) == 0 {
		w.WriteHeader(code)
		return
	}
	mts := make([]string, 0, len(resp.Value.Content))
	for mt := range resp.Value.Content {
		mts = append(mts, mt)
	}
	slices.Sort(mts)
	mt := mts[0]
	media := resp.Value.Content[mt]
	var value any
	found := false
	if p.example != "" {
		if ex, ok := media.Examples[p.example]; ok && ex.Value != nil {
			value, found = ex.Value.Value, true
		} else {
			names := make([]string, 0, len(media.Examples))
			for n := range media.Examples {
				names = append(names, n)
			}
			slices.Sort(names)
			msg := fmt.Sprintf("Prefer: example=%s non esiste per la risposta %d di %s (esempi: %s)", p.example, code, op.OperationID, strings.Join(names, ", "))
			writeProblem(w, r, newProblem(400, "", msg, []ErroreCampo{{Campo: "header.Prefer", Messaggio: msg}}))
			return
		}
	} else if media.Example != nil {
		value, found = media.Example, true
	} else if len(media.Examples) > 0 {
		names := make([]string, 0, len(media.Examples))
		for n := range media.Examples {
			names = append(names, n)
		}
		slices.Sort(names)
		if ex := media.Examples[names[0]]; ex.Value != nil {
			value, found = ex.Value.Value, true
		}
	}
	// A problem example written for another status (one example shared by 400 and 422)
	// would contradict the status line: the answer is then a problem of the asked status.
	if m, ok := value.(map[string]any); found && ok && code >= 400 {
		if st, ok := m["status"].(float64); ok && int(st) != code {
			found = false
		}
	}
	if !found {
		if code >= 400 {
			writeProblem(w, r, newProblem(code, "", fmt.Sprintf("Risposta %d richiesta con Prefer: code", code), nil))
			return
		}
		msg := fmt.Sprintf("La risposta %d di %s non ha esempi nel contratto", code, op.OperationID)
		writeProblem(w, r, newProblem(400, "", msg, []ErroreCampo{{Campo: "header.Prefer", Messaggio: msg}}))
		return
	}
	b, err := json.Marshal(value)
	if err != nil {
		writeProblem(w, r, newProblem(500, "", "Esempio del contratto non serializzabile", nil))
		return
	}
	w.Header().Set("Content-Type", mt)
	w.Header().Set("Preference-Applied", "code="+strconv.Itoa(code))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func responseCodes(op *openapi3.Operation) []int {
	var out []int
	for k := range op.Responses.Map() {
		if n, err := strconv.Atoi(k); err == nil {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
