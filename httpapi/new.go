package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/wpti/toolkit/gen/wpti"
	"github.com/wpti/toolkit/gen/wptiaf"
	"github.com/wpti/toolkit/spec"
	"github.com/wpti/toolkit/world"
)

// worldAuth adapts the world's token store to the Authenticator the contracts use.
type worldAuth struct{ w *world.World }

func (a worldAuth) Authenticate(tok string) (Principal, bool) {
	op, client, scopes, ok := a.w.Authenticate(tok)
	return Principal{OpID: op, ClientID: client, Scopes: scopes}, ok
}

// Options configures the HTTP side.
type Options struct {
	ContractOptions
	SFTPAddr string // shown in GET /operatore
}

// New builds the whole HTTP side of the sandbox: /wpti/v1, /wpti-af/v1, /sandbox/v1, each
// contract also served as YAML at <base>/openapi.yaml.
func New(w *world.World, access io.Writer, o Options) (http.Handler, error) {
	log := o.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	logf := func(msg string, kv ...any) { log.Error(msg, kv...) }
	reqErr, respErr := strictErrors(logf)
	host, port := hostPort(o.SFTPAddr)

	pv := &provisioning{w: w, base: "/wpti/v1", sftpHost: host, sftpPort: port}
	hw := wpti.HandlerWithOptions(wpti.NewStrictHandlerWithOptions(pv, nil, wpti.StrictHTTPServerOptions{RequestErrorHandlerFunc: reqErr, ResponseErrorHandlerFunc: respErr}),
		wpti.StdHTTPServerOptions{ErrorHandlerFunc: reqErr})
	auth := worldAuth{w}
	cw, err := NewContract("wpti", "/wpti/v1", spec.WPTI, hw, auth, o.ContractOptions)
	if err != nil {
		return nil, err
	}
	afh := &antifrode{w: w, base: "/wpti-af/v1"}
	ha := wptiaf.HandlerWithOptions(wptiaf.NewStrictHandlerWithOptions(afh, nil, wptiaf.StrictHTTPServerOptions{RequestErrorHandlerFunc: reqErr, ResponseErrorHandlerFunc: respErr}),
		wptiaf.StdHTTPServerOptions{ErrorHandlerFunc: reqErr})
	ca, err := NewContract("wpti-af", "/wpti-af/v1", spec.WPTIAF, ha, auth, o.ContractOptions)
	if err != nil {
		return nil, err
	}
	rl := newRequestLog(500)
	// The control API is the test's own lever: no injected faults there.
	co := o.ContractOptions
	co.Faults, co.Limit = nil, nil
	cc, err := NewContract("sandbox", "/sandbox/v1", spec.Sandbox, &control{w: w, log: rl}, auth, co)
	if err != nil {
		return nil, err
	}
	s := NewServer(access, cw, ca, cc)
	s.onRequest = func(r *http.Request, status int, d time.Duration, op string) {
		rl.add(richiesta{RicevutaIl: w.Clock().Now().Truncate(time.Millisecond), Metodo: r.Method, Percorso: r.URL.RequestURI(), Stato: status, DurataMs: float64(d.Microseconds()) / 1000, OpID: op})
	}
	s.Handle("/", http.HandlerFunc(index))
	return s, nil
}

func index(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		writeProblem(w, r, newProblem(404, "", "Nessuna API su "+r.URL.Path+": le basi sono /wpti/v1, /wpti-af/v1 e /sandbox/v1", nil))
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "WPTI sandbox\n\n  /wpti/v1      API Provisioning (contratto: /wpti/v1/openapi.yaml)\n  /wpti-af/v1   API Antifrode (contratto: /wpti-af/v1/openapi.yaml)\n  /sandbox/v1   API di controllo della sandbox (contratto: /sandbox/v1/openapi.yaml)\n")
}
