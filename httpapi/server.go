package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server routes a request to the contract whose base path it falls under, logs one line per
// request, and turns a panic into a 500 problem (never on purpose: it is logged as a bug).
type Server struct {
	contracts []*Contract
	extra     map[string]http.Handler // other prefixes (control API, index)
	access    io.Writer
	mu        sync.Mutex
	onRequest func(r *http.Request, status int, d time.Duration, opID string)
}

// NewServer serves the contracts; access, if not nil, receives one line per request.
func NewServer(access io.Writer, contracts ...*Contract) *Server {
	return &Server{contracts: contracts, extra: map[string]http.Handler{}, access: access}
}

// Handle mounts another handler under a path prefix (e.g. the sandbox control API).
func (s *Server) Handle(prefix string, h http.Handler) { s.extra[prefix] = h }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w}
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			if !sw.wrote {
				writeProblem(sw, r, newProblem(500, "", "Errore interno della sandbox: segnalarlo con l'ora della richiesta.", nil))
			}
			s.logf("PANIC %s %s: %v", r.Method, r.URL.Path, v)
		}
		d := time.Since(start)
		if _, replay := r.Context().Value(replayKey{}).(Principal); replay {
			return // a journal replay at start is not traffic
		}
		s.logf("%s %s %s %d %s", start.Format("15:04:05.000"), r.Method, r.URL.RequestURI(), sw.status(), fmtDur(d))
		if s.onRequest != nil && !strings.HasPrefix(r.URL.Path, "/sandbox/") {
			s.onRequest(r, sw.status(), d, sw.opID)
		}
	}()
	for _, c := range s.contracts {
		if r.URL.Path == c.Base || strings.HasPrefix(r.URL.Path, c.Base+"/") {
			c.ServeHTTP(sw, r)
			return
		}
	}
	for prefix, h := range s.extra {
		if r.URL.Path == prefix || strings.HasPrefix(r.URL.Path, strings.TrimSuffix(prefix, "/")+"/") {
			h.ServeHTTP(sw, r)
			return
		}
	}
	writeProblem(sw, r, newProblem(404, "", fmt.Sprintf("Nessuna API su %s: le basi sono /wpti/v1, /wpti-af/v1 e /sandbox/v1", r.URL.Path), nil))
}

func (s *Server) logf(format string, a ...any) {
	if s.access == nil {
		return
	}
	line := fmt.Sprintf(format, a...)
	s.mu.Lock()
	_, _ = io.WriteString(s.access, line+"\n")
	s.mu.Unlock()
}

func fmtDur(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%dµs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000)
	default:
		return d.Round(time.Millisecond).String()
	}
}

type statusWriter struct {
	http.ResponseWriter
	code  int
	wrote bool
	opID  string // set by the contract once the caller is known
}

func (w *statusWriter) WriteHeader(c int) {
	if !w.wrote {
		w.code, w.wrote = c, true
	}
	w.ResponseWriter.WriteHeader(c)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if !w.wrote {
		w.code, w.wrote = 200, true
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) status() int {
	if !w.wrote {
		return 0
	}
	return w.code
}

// Unwrap lets http.ResponseController and Hijack reach the connection (Prefer: fault=reset).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
