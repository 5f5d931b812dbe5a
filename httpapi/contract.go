// Package httpapi is the sandbox's HTTP adapter: it serves each OpenAPI contract through its
// generated strict server and puts the contract in front of it. One path from request to
// response for every operation: find the route in the contract, check the token and its
// scope, honour the Prism-style Prefer header, validate the request, run the handler, and in
// strict mode validate the response before it leaves. Every refusal is problem+json.
package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/wpti/toolkit/world"
)

// MaxBody is the largest request body accepted; larger ones get 413 (TROPPO_GRANDE).
const MaxBody = 1 << 20

// Principal is who a bearer token speaks for: the OLO (tenant key) and its scopes.
type Principal struct {
	OpID     string
	ClientID string
	Scopes   []string
}

// Authenticator resolves bearer tokens. The world implements it.
type Authenticator interface {
	Authenticate(token string) (Principal, bool)
}

type principalKey struct{}

// PrincipalFrom returns the authenticated caller of the request being served.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// WithPrincipal is used by tests and by handlers' callers outside HTTP.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// Contract serves one OpenAPI contract under its base path.
type Contract struct {
	Name    string // e.g. "wpti"
	Base    string // e.g. "/wpti/v1"
	doc     *openapi3.T
	raw     []byte
	router  routers.Router
	handler http.Handler // generated std-http handler, paths relative to Base
	auth    Authenticator
	strict  bool
	log     *slog.Logger
	faults  *Faults
	journal Journal
	limit   *RateLimit
	valid   validSet
	// schemaOpts carry the contract's own format validators (email) into every validation.
	schemaOpts []openapi3.SchemaValidationOption
	// fast holds every body schema of the contract compiled for the fast check
	// (fastcheck.go); fastMode says how it is used.
	fast     map[*openapi3.Schema]*fnode
	fastMode fastMode
}

// fastMode is how the fast check is used (WPTI_FASTCHECK): on (the default), off (every body
// through kin-openapi alone, for comparison), or cross (both, and a body the fast check
// accepts but kin-openapi refuses is a loud 500: the test suite runs this way).
type fastMode uint8

const (
	fastOn fastMode = iota
	fastOff
	fastCross
)

func fastModeFromEnv() fastMode {
	switch os.Getenv("WPTI_FASTCHECK") {
	case "off", "0", "false":
		return fastOff
	case "cross":
		return fastCross
	}
	return fastOn
}

// Journal records accepted writes so the state survives a restart (package store). Record
// must return only once the write is durable: the answer leaves after it.
type Journal interface {
	// Now is the sandbox time a request is served at, taken before it runs: a replay
	// serves it again at that instant (an advance of the clock must not count twice).
	Now() time.Time
	Record(r *http.Request, p Principal, body []byte, at time.Time) error
}

type replayKey struct{}

// ReplayContext marks a request as a journal replay: it is served as the recorded caller,
// without token, fault injection or journaling.
func ReplayContext(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, replayKey{}, p)
}

// ContractOptions configures a Contract.
type ContractOptions struct {
	Journal Journal // nil: writes are not persisted
	Strict  bool    // validate every response against the contract; a violation becomes a loud 500
	Log     *slog.Logger
	Faults  *Faults    // configured latency and error injection; nil = none
	Limit   *RateLimit // per-OLO request limit (--rate-limit); nil = none
}

// NewContract loads the contract, builds its router and wraps the generated handler.
func NewContract(name, base string, specYAML []byte, handler http.Handler, auth Authenticator, o ContractOptions) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(specYAML)
	if err != nil {
		return nil, fmt.Errorf("contratto %s: %w", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("contratto %s non valido: %w", name, err)
	}
	// Paths are matched relative to Base; the servers block would make kin-openapi match
	// the Host header, which differs between the sandbox, tests and an OLO's proxy.
	doc.Servers = nil
	// format: email is checked as the generated code decodes it (net/mail), so an address
	// the handler could not read is a 400 naming the field, never a decoding error later.
	formats := map[string]openapi3.StringFormatValidator{"email": openapi3.NewCallbackValidator(validEmail)}
	for name, v := range formats {
		doc.SetStringFormatValidator(name, v)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("contratto %s: %w", name, err)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Contract{Name: name, Base: base, doc: doc, raw: specYAML, schemaOpts: doc.GetSchemaValidationOptions(), router: router, handler: handler, auth: auth, strict: o.Strict, log: o.Log, faults: o.Faults, journal: o.Journal, limit: o.Limit,
		fast: compileBodies(doc, formats), fastMode: fastModeFromEnv()}, nil
}

// compileBodies compiles the schema of every JSON request and response body of the contract.
func compileBodies(doc *openapi3.T, formats map[string]openapi3.StringFormatValidator) map[*openapi3.Schema]*fnode {
	c := newFastCompiler(formats)
	out := map[*openapi3.Schema]*fnode{}
	add := func(content openapi3.Content) {
		for mt, m := range content {
			if m == nil || m.Schema == nil || m.Schema.Value == nil || !jsonMedia(mt) || len(m.Encoding) > 0 {
				continue
			}
			if n := c.compile(m.Schema.Value); n.sure() {
				out[m.Schema.Value] = n
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody != nil && op.RequestBody.Value != nil {
				add(op.RequestBody.Value.Content)
			}
			if op.Responses == nil {
				continue
			}
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					add(r.Value.Content)
				}
			}
		}
	}
	return out
}

// jsonMedia reports a media type kin-openapi decodes as JSON (application/json, */*+json).
func jsonMedia(mt string) bool {
	mt, _, _ = strings.Cut(mt, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || (strings.HasSuffix(mt, "+json") && strings.HasPrefix(mt, "application/"))
}

// fastNode is the compiled schema the body of this media type is checked against, or nil
// when the fast check does not apply (kin-openapi alone decides).
func (c *Contract) fastNode(content openapi3.Content, contentType string) *fnode {
	if c.fastMode == fastOff || len(content) == 0 || !jsonMedia(contentType) {
		return nil
	}
	m := content.Get(contentType)
	if m == nil || m.Schema == nil || m.Schema.Value == nil || len(m.Encoding) > 0 {
		return nil
	}
	if m.Schema.Value.Type.Is("string") && m.Schema.Value.Format == "binary" {
		return nil
	}
	return c.fast[m.Schema.Value]
}

// Doc is the loaded contract (used by the Prefer example lookup and by tests).
func (c *Contract) Doc() *openapi3.T { return c.doc }

var spacedOffset = regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)? \d{2}:\d{2}$`)

func (c *Contract) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rel := strings.TrimPrefix(r.URL.Path, c.Base)
	if rel == "" {
		rel = "/"
	}
	if rel == "/openapi.yaml" && r.Method == http.MethodGet {
		w.Header().Set("Content-Type", "application/yaml")
		_, _ = w.Write(c.raw)
		return
	}
	// Bodies: refuse what is too large before reading it all, keep the bytes to re-read.
	var body []byte
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		writeProblem(w, r, newProblem(415, "", fmt.Sprintf("Content-Encoding %q non supportato: inviare il corpo non compresso", ce), []ErroreCampo{{Campo: "header.Content-Encoding", Messaggio: "solo identity (nessuna compressione)"}}))
		return
	}
	if r.Body != nil && r.Body != http.NoBody {
		if r.ContentLength > MaxBody {
			writeProblem(w, r, newProblem(413, "", fmt.Sprintf("Il corpo supera %d byte", MaxBody), nil))
			return
		}
		b, err := readBody(http.MaxBytesReader(w, r.Body, MaxBody), r.ContentLength)
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				writeProblem(w, r, newProblem(413, "", fmt.Sprintf("Il corpo supera %d byte", MaxBody), nil))
			} else {
				writeProblem(w, r, newProblem(400, "", "Corpo della richiesta illeggibile", nil))
			}
			return
		}
		body = b
	}
	// The generated handler sees paths relative to Base; problems it causes still name the
	// path the client sent (instance), kept in the context.
	// A shallow copy with its own URL: the handlers read the headers, never change them, so
	// the deep copy of Clone would only cost allocations on every request.
	inner := r.WithContext(context.WithValue(r.Context(), percorsoOriginale{}, r.URL.Path))
	u := *r.URL
	inner.URL = &u
	inner.URL.Path = rel
	inner.URL.RawPath = ""
	inner.RequestURI = ""
	inner.Body = bodyReader(body)
	inner.ContentLength = int64(len(body))

	route, pathParams, err := c.router.FindRoute(inner)
	if err != nil {
		if errors.Is(err, routers.ErrMethodNotAllowed) {
			writeProblem(w, r, newProblem(405, "", fmt.Sprintf("Metodo %s non ammesso su %s", r.Method, r.URL.Path), nil))
			return
		}
		writeProblem(w, r, newProblem(404, "", fmt.Sprintf("Nessuna operazione del contratto %s per %s %s", c.Name, r.Method, r.URL.Path), nil))
		return
	}
	op := route.Operation

	if !acceptable(r.Header.Get("Accept"), op) {
		writeProblem(w, r, newProblem(406, "", "Questa operazione risponde solo application/json o application/problem+json", nil))
		return
	}

	// A '+' in a date-time offset that the client forgot to encode arrives as a space.
	query := inner.URL.Query()
	for name, vals := range query {
		for _, v := range vals {
			if spacedOffset.MatchString(v) {
				writeProblem(w, r, newProblem(400, "", fmt.Sprintf("Il parametro %s contiene uno spazio prima dell'offset: il '+' di un orario RFC 3339 va codificato come %%2B (es. 2026-01-01T10:00:00%%2B01:00)", name),
					[]ErroreCampo{{Campo: "query." + name, Messaggio: "il '+' dell'offset va codificato come %2B"}}))
				return
			}
		}
	}

	ctx := inner.Context()
	replayed, replaying := ctx.Value(replayKey{}).(Principal)
	var caller Principal
	if replaying {
		ctx = WithPrincipal(ctx, replayed)
		caller = replayed
	} else if needsAuth(c.doc, op) {
		p, status, msg := c.authenticate(r, requiredScopes(c.doc, op))
		if status != 0 {
			if status == 401 {
				w.Header().Set("WWW-Authenticate", `Bearer realm="wpti"`)
			}
			writeProblem(w, r, newProblem(status, "", msg, nil))
			return
		}
		ctx = WithPrincipal(ctx, p)
		caller = p
		if sw, ok := w.(*statusWriter); ok {
			sw.opID = p.OpID
		}
	}
	inner = inner.WithContext(ctx)

	var pref prefer
	if !replaying {
		pref = parsePrefer(r.Header.Values("Prefer"))
		faults := c.faults
		if strings.HasSuffix(rel, "/auth/token") {
			faults = nil // configured faults spare the token endpoint: a CRM always gets in
		}
		if !c.limit.allow(w, r, caller.OpID) {
			return
		}
		if !faults.apply(w, r, pref) {
			return
		}
	}

	in := &openapi3filter.RequestValidationInput{
		Request:     inner,
		PathParams:  pathParams,
		QueryParams: query, // parsed once, shared by every parameter's validation
		Route:       route,
		Options: &openapi3filter.Options{
			MultiError:              true,
			AuthenticationFunc:      openapi3filter.NoopAuthenticationFunc,
			SchemaValidationOptions: c.schemaOpts,
		},
	}
	if err := c.validateRequest(ctx, in, op, body); err != nil {
		var be *bodyError
		if errors.As(err, &be) {
			writeProblem(w, r, newProblem(400, "", be.detail, []ErroreCampo{be.campo}))
			return
		}
		var fd *fastDisagreement
		if errors.As(err, &fd) {
			writeProblem(w, r, newProblem(500, "", fmt.Sprintf("Il controllo rapido della sandbox ha accettato una richiesta a %s che il contratto rifiuta (%s). E' un difetto della sandbox.", op.OperationID, firstLine(fd.err.Error())), nil))
			return
		}
		writeProblem(w, r, requestProblem(err, op))
		return
	}
	inner.Body = bodyReader(body)

	if pref.code != 0 || pref.example != "" || pref.dynamic == "false" {
		c.serveExample(w, r, op, pref)
		return
	}

	journaled := c.journal != nil && !replaying && r.Method != http.MethodGet && !strings.HasSuffix(rel, "/auth/token")
	if !c.strict && !journaled {
		c.handler.ServeHTTP(w, inner)
		return
	}
	var at time.Time
	if journaled {
		at = c.journal.Now()
	}
	rec := newRecorder()
	defer rec.release()
	c.handler.ServeHTTP(rec, inner)
	if c.strict {
		if err := c.validateResponse(ctx, in, rec); err != nil {
			c.log.Error("la risposta viola il contratto", "contratto", c.Name, "operazione", op.OperationID, "status", rec.status, "errore", err.Error())
			writeProblem(w, r, newProblem(500, "", fmt.Sprintf("Modalita' strict: la risposta della sandbox a %s viola il contratto (%s). E' un difetto della sandbox.", op.OperationID, firstLine(err.Error())), nil))
			return
		}
	}
	if journaled && rec.status < 300 {
		if err := c.journal.Record(r, caller, body, at); err != nil {
			// The write happened in memory but is not durable: say so rather than ack it.
			c.log.Error("journal", "errore", err.Error())
			writeProblem(w, r, newProblem(500, "", "Impossibile salvare la modifica nel file di stato: "+firstLine(err.Error()), nil))
			return
		}
	}
	rec.flushTo(w)
}

// ErroreCampo is the domain's field error, used for the middleware's own refusals too.
type ErroreCampo = world.ErroreCampo

// trailingData reports a body holding more than one JSON value ({...} {}): decoders would
// read the first and silently drop the rest. Called only for bodies json.Valid refuses, so
// a well-formed body costs no extra decode.
func trailingData(body []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return false // malformed: the validator explains it
	}
	_, err := dec.Token()
	return err != io.EOF
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

func needsAuth(doc *openapi3.T, op *openapi3.Operation) bool {
	sec := doc.Security
	if op.Security != nil {
		sec = *op.Security
	}
	return len(sec) > 0
}

func requiredScopes(doc *openapi3.T, op *openapi3.Operation) []string {
	sec := doc.Security
	if op.Security != nil {
		sec = *op.Security
	}
	var out []string
	for _, req := range sec {
		for _, scopes := range req {
			out = append(out, scopes...)
		}
	}
	return out
}

func (c *Contract) authenticate(r *http.Request, scopes []string) (Principal, int, string) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return Principal{}, 401, "Token bearer assente: chiedere un token a POST /auth/token e inviarlo come 'Authorization: Bearer <token>'"
	}
	scheme, tok, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
		return Principal{}, 401, "Intestazione Authorization non valida: atteso 'Bearer <token>'"
	}
	p, ok := c.auth.Authenticate(strings.TrimSpace(tok))
	if !ok {
		return Principal{}, 401, "Token bearer sconosciuto o scaduto: chiederne uno nuovo a POST /auth/token"
	}
	for _, s := range scopes {
		if !slices.Contains(p.Scopes, s) {
			return Principal{}, 403, fmt.Sprintf("Lo scope %s non e' concesso a questo client", s)
		}
	}
	return p, 0, ""
}

// acceptable reports whether the operation can answer the client's Accept header. An
// operation whose success has no body (204) answers whatever the Accept header says.
func acceptable(accept string, op *openapi3.Operation) bool {
	if strings.TrimSpace(accept) == "" {
		return true
	}
	if r := op.Responses.Status(http.StatusNoContent); r != nil {
		return true
	}
	for _, part := range strings.Split(accept, ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		mt = strings.ToLower(strings.TrimSpace(mt))
		switch {
		case mt == "*/*", mt == "application/*", mt == "application/json", mt == "application/problem+json":
			return true
		case strings.HasPrefix(mt, "application/") && strings.HasSuffix(mt, "+json"):
			return true
		}
	}
	return false
}

// requestProblem maps kin-openapi's validation errors to a 400/415 problem listing every
// field at fault, without echoing the rejected values.
func requestProblem(err error, op *openapi3.Operation) Problem {
	accepted := []string{"application/json"}
	if op.RequestBody != nil && op.RequestBody.Value != nil && len(op.RequestBody.Value.Content) > 0 {
		accepted = accepted[:0]
		for mt := range op.RequestBody.Value.Content {
			accepted = append(accepted, mt)
		}
		slices.Sort(accepted)
	}
	var campi []ErroreCampo
	status := 400
	var walk func(error)
	walk = func(e error) {
		// Only a bare MultiError is a list here: a RequestError unwraps to its own
		// MultiError, and errors.As would reach it and lose the parameter or body context
		// (every field would be reported as "richiesta").
		if me, ok := e.(openapi3.MultiError); ok {
			for _, x := range me {
				walk(x)
			}
			return
		}
		var re *openapi3filter.RequestError
		if errors.As(e, &re) {
			prefix := "body"
			if re.Parameter != nil {
				prefix = re.Parameter.In + "." + re.Parameter.Name
			}
			if re.Err != nil {
				var inner openapi3.MultiError
				if errors.As(re.Err, &inner) {
					for _, x := range inner {
						campi = append(campi, schemaField(prefix, x, re.Reason))
					}
					return
				}
			}
			// kin-openapi reports an unexpected Content-Type in Reason, with no Err.
			if strings.Contains(re.Reason, "Content-Type") || (re.Err != nil && strings.Contains(re.Err.Error(), "Content-Type")) {
				status = 415
			}
			campi = append(campi, schemaField(prefix, re.Err, re.Reason))
			return
		}
		campi = append(campi, ErroreCampo{Campo: "richiesta", Messaggio: firstLine(e.Error())})
	}
	walk(err)
	detail := "La richiesta non rispetta il contratto"
	if len(campi) > 0 {
		detail = fmt.Sprintf("%s: %s", campi[0].Campo, campi[0].Messaggio)
		if len(campi) > 1 {
			detail += fmt.Sprintf(" (e altri %d errori)", len(campi)-1)
		}
	}
	if status == 415 {
		detail = "Content-Type non supportato da questa operazione (usare " + strings.Join(accepted, " o ") + ")"
		campi = []ErroreCampo{{Campo: "header.Content-Type", Messaggio: "ammessi: " + strings.Join(accepted, ", ")}}
	}
	return newProblem(status, "", detail, campi)
}

var (
	reMissing = regexp.MustCompile(`^property "([^"]+)" is missing$`)
	reUnknown = regexp.MustCompile(`^property "([^"]+)" is unsupported$`)
)

// italiano says in Italian what kin-openapi found wrong with a value, for the reasons an
// OLO's developer meets most; rarer ones keep the library's English text.
func italiano(se *openapi3.SchemaError) string {
	r := se.Reason
	s := se.Schema
	switch {
	case r == "":
		return "valore non ammesso"
	case se.SchemaField == "allOf" && se.Origin != nil:
		var inner *openapi3.SchemaError
		if errors.As(se.Origin, &inner) && inner != se {
			return italiano(inner)
		}
		return "valore non conforme allo schema"
	case reMissing.MatchString(r):
		return "campo obbligatorio mancante: " + reMissing.FindStringSubmatch(r)[1]
	case reUnknown.MatchString(r):
		return "campo non previsto dal contratto: " + reUnknown.FindStringSubmatch(r)[1]
	case se.SchemaField == "enum" && s != nil:
		vals := make([]string, 0, len(s.Enum))
		for _, v := range s.Enum {
			vals = append(vals, fmt.Sprint(v))
		}
		if len(vals) > 12 {
			vals = append(vals[:12], "...")
		}
		return "valore non ammesso; valori possibili: " + strings.Join(vals, ", ")
	case se.SchemaField == "format" && s != nil && s.Format == "date-time":
		return "istante non valido: atteso RFC 3339 con offset (es. 2026-03-10T10:00:00+01:00, il '+' codificato %2B)"
	case se.SchemaField == "format" && s != nil && s.Format == "date":
		return "data non valida: attesa AAAA-MM-GG"
	case se.SchemaField == "format" && s != nil && s.Format == "email":
		return "indirizzo email non valido"
	case se.SchemaField == "pattern" && s != nil:
		return "formato non valido (atteso: " + s.Pattern + ")"
	case se.SchemaField == "type" && s != nil && s.Type != nil:
		return "tipo errato: atteso " + strings.Join(s.Type.Slice(), "/")
	case se.SchemaField == "minimum" && s != nil && s.Min != nil:
		return fmt.Sprintf("deve essere almeno %g", *s.Min)
	case se.SchemaField == "maximum" && s != nil && s.Max != nil:
		return fmt.Sprintf("deve essere al massimo %g", *s.Max)
	case se.SchemaField == "minLength" && s != nil:
		return fmt.Sprintf("troppo corto: almeno %d caratteri", s.MinLength)
	case se.SchemaField == "maxLength" && s != nil && s.MaxLength != nil:
		return fmt.Sprintf("troppo lungo: al massimo %d caratteri", *s.MaxLength)
	case se.SchemaField == "nullable":
		return "null non ammesso"
	}
	return r
}

func schemaField(prefix string, err error, reason string) ErroreCampo {
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		path := prefix
		if ptr := se.JSONPointer(); len(ptr) > 0 {
			path += "." + strings.Join(ptr, ".")
		}
		return ErroreCampo{Campo: path, Messaggio: italiano(se)}
	}
	msg := reason
	if err != nil {
		msg = err.Error()
		var pe *url.Error
		if errors.As(err, &pe) {
			msg = pe.Err.Error()
		}
	}
	switch {
	case msg == "":
		msg = "valore non ammesso"
	case strings.Contains(msg, "value is required but missing"):
		msg = "valore obbligatorio mancante"
	case strings.Contains(msg, "an invalid integer"):
		msg = "non e' un numero intero"
	case strings.Contains(msg, "an invalid number"):
		msg = "non e' un numero"
	case strings.Contains(msg, "an invalid boolean"):
		msg = "atteso true o false"
	case strings.HasPrefix(msg, "invalid character") || strings.Contains(msg, "unexpected end of JSON"):
		msg = "JSON non valido: " + msg
	}
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return ErroreCampo{Campo: prefix, Messaggio: msg}
}

func (c *Contract) validateResponse(ctx context.Context, in *openapi3filter.RequestValidationInput, rec *recorder) error {
	// Validation is a pure function of the operation, status, headers and body: a response
	// seen valid before (the same page read again, the usual load of a CRM's polling) is not
	// validated again. Only successes are remembered.
	// Only reads are remembered: the answer to a write differs every time (a new id, a new
	// instant), so hashing it would cost for nothing and push the reads' entries out.
	cache := in.Request.Method == http.MethodGet
	var key [32]byte
	if cache {
		key = validKey(in.Route.Operation.OperationID, rec)
		if c.valid.seen(key) {
			return nil
		}
	}
	if n := c.responseNode(in.Route.Operation, rec); n != nil && in.Request.Method != http.MethodHead {
		// Status, Content-Type and headers by kin-openapi, the body by the fast check.
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: in,
			Status:                 rec.status,
			Header:                 rec.header,
			Body:                   io.NopCloser(bytes.NewReader(rec.body.Bytes())),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: true, SchemaValidationOptions: c.schemaOpts},
		}
		if openapi3filter.ValidateResponse(ctx, out) == nil && fastValid(n, rec.body.Bytes(), asResponse) {
			if c.fastMode == fastCross {
				if err := c.fullResponseCheck(ctx, in, rec); err != nil {
					return fmt.Errorf("controllo rapido e kin-openapi in disaccordo (il controllo rapido accetta): %w", err)
				}
			}
			if cache {
				c.valid.add(key)
			}
			return nil
		}
	}
	if err := c.fullResponseCheck(ctx, in, rec); err != nil {
		return err
	}
	if cache {
		c.valid.add(key)
	}
	return nil
}

// responseNode is the compiled schema of this response's body, nil if the fast check does
// not apply to it.
func (c *Contract) responseNode(op *openapi3.Operation, rec *recorder) *fnode {
	if op.Responses == nil {
		return nil
	}
	ref := op.Responses.Status(rec.status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return nil
	}
	return c.fastNode(ref.Value.Content, rec.header.Get("Content-Type"))
}

// bodyReader is the request body handed on: http.NoBody when empty, so that nothing (the
// generated handler, kin-openapi's security pass) allocates to read nothing.
func bodyReader(body []byte) io.ReadCloser {
	if len(body) == 0 {
		return http.NoBody
	}
	return io.NopCloser(bytes.NewReader(body))
}

// bodyError is a JSON body refused before its schema is looked at (a 400 with this detail
// and field): one the decoders would read other than as sent.
type bodyError struct {
	detail string
	campo  ErroreCampo
}

func (e *bodyError) Error() string { return e.detail }

var (
	// JSON is UTF-8 (RFC 8259): a decoder would turn other bytes into U+FFFD and store them.
	errNotUTF8 = &bodyError{"Il corpo non e' UTF-8 valido: JSON va codificato in UTF-8", ErroreCampo{Campo: "body", Messaggio: "byte non UTF-8"}}
	// RFC 8259 8.1: no byte order mark (some Windows editors and .NET serializers write one).
	errBOM = &bodyError{"Il corpo inizia con un BOM UTF-8 (EF BB BF): JSON va inviato senza BOM", ErroreCampo{Campo: "body", Messaggio: "togliere il byte order mark iniziale"}}
	// A value followed by more data ({...} {}): decoders read the first and drop the rest.
	errTrailingData = &bodyError{"Il corpo contiene altri dati dopo il documento JSON", ErroreCampo{Campo: "body", Messaggio: "un solo documento JSON per richiesta"}}
)

// duplicateKey is a property twice in one object: decoders keep one of the values silently
// (the last, in Go), so the request is ambiguous.
func duplicateKey(key string) *bodyError {
	return &bodyError{fmt.Sprintf("Il corpo ripete la chiave %q nello stesso oggetto: quale valore vale sarebbe ambiguo", key), ErroreCampo{Campo: "body." + key, Messaggio: "chiave ripetuta"}}
}

// validateRequest validates a request against the contract. A JSON body whose schema the
// fast check covers is checked by it, the rest (parameters, Content-Type) by kin-openapi; if
// either refuses, kin-openapi validates the whole request again and its report is the answer.
// A body the fast check accepts is one JSON value and nothing after it; any other JSON body
// is first looked at for data after its value (errTrailingData).
func (c *Contract) validateRequest(ctx context.Context, in *openapi3filter.RequestValidationInput, op *openapi3.Operation, body []byte) error {
	isJSON := len(body) > 0 && strings.Contains(in.Request.Header.Get("Content-Type"), "json")
	if isJSON && !utf8.Valid(body) {
		return errNotUTF8
	}
	if isJSON && bytes.HasPrefix(body, []byte("\xef\xbb\xbf")) {
		return errBOM
	}
	trailing := func() bool {
		return isJSON && !json.Valid(body) && trailingData(body)
	}
	var n *fnode
	if len(body) > 0 && op.RequestBody != nil && op.RequestBody.Value != nil {
		n = c.fastNode(op.RequestBody.Value.Content, in.Request.Header.Get("Content-Type"))
	}
	if n == nil {
		if trailing() {
			return errTrailingData
		}
		return openapi3filter.ValidateRequest(ctx, in)
	}
	full := in.Options
	noBody := *full
	noBody.ExcludeRequestBody = true
	in.Options = &noBody
	// Without a body to read, kin-openapi's security pass (its authentication function does
	// nothing: the token was checked before) does not copy it into a new buffer either.
	in.Request.Body = http.NoBody
	err := openapi3filter.ValidateRequest(ctx, in)
	in.Options = full
	fastOK, dup := fastScan(n, body, asRequest)
	if dup != "" {
		return duplicateKey(dup)
	}
	if err == nil && fastOK {
		if c.fastMode != fastCross {
			return nil
		}
		in.Request.Body = io.NopCloser(bytes.NewReader(body))
		if kerr := openapi3filter.ValidateRequest(ctx, in); kerr != nil {
			c.log.Error("controllo rapido e kin-openapi in disaccordo", "contratto", c.Name, "operazione", op.OperationID, "errore", kerr.Error())
			return &fastDisagreement{err: kerr}
		}
		return nil
	}
	if trailing() {
		return errTrailingData
	}
	in.Request.Body = io.NopCloser(bytes.NewReader(body))
	return openapi3filter.ValidateRequest(ctx, in)
}

// fastDisagreement is a request the fast check accepted and kin-openapi refused: a defect of
// the fast check, reported only in cross mode (tests).
type fastDisagreement struct{ err error }

func (d *fastDisagreement) Error() string {
	return "controllo rapido e kin-openapi in disaccordo: " + d.err.Error()
}

func (c *Contract) fullResponseCheck(ctx context.Context, in *openapi3filter.RequestValidationInput, rec *recorder) error {
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 rec.status,
		Header:                 rec.header,
		Body:                   io.NopCloser(bytes.NewReader(rec.body.Bytes())),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SchemaValidationOptions: c.schemaOpts},
	}
	return openapi3filter.ValidateResponse(ctx, out)
}

func validKey(op string, rec *recorder) [32]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", op, rec.status)
	names := make([]string, 0, len(rec.header))
	for k := range rec.header {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		fmt.Fprintf(h, "%s=%q\x00", k, rec.header[k])
	}
	h.Write(rec.body.Bytes())
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// validSet remembers responses already found valid, up to a bound (then it starts over).
type validSet struct {
	mu sync.Mutex
	m  map[[32]byte]struct{}
}

const validSetMax = 4096

func (v *validSet) seen(k [32]byte) bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	_, ok := v.m[k]
	return ok
}

func (v *validSet) add(k [32]byte) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.m == nil || len(v.m) >= validSetMax {
		v.m = make(map[[32]byte]struct{}, 256)
	}
	v.m[k] = struct{}{}
}

// recorder buffers a response so strict mode can check it before it leaves.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Recorders are reused: a response body grown again for every request was a tenth of the
// garbage of a create.
var recorders = sync.Pool{New: func() any { return &recorder{header: http.Header{}} }}

func newRecorder() *recorder {
	r := recorders.Get().(*recorder)
	r.status = 200
	return r
}

// release hands the recorder back once its response has been written out. The header
// values handed to the ResponseWriter stay theirs: only the map is cleared.
func (r *recorder) release() {
	if r.body.Cap() > 256<<10 {
		return // a rare large answer: let it go rather than keep its buffer
	}
	clear(r.header)
	r.body.Reset()
	recorders.Put(r)
}

// readBody reads a request body; when the client announced its length, into a buffer of
// exactly that size (io.ReadAll would grow one from 512 bytes and copy it on the way).
func readBody(rd io.Reader, length int64) ([]byte, error) {
	if length <= 0 || length > MaxBody {
		return io.ReadAll(rd)
	}
	b := make([]byte, length, length+1)
	if _, err := io.ReadFull(rd, b); err != nil {
		return nil, err
	}
	// net/http stops at Content-Length; anything beyond is not this body's.
	return b, nil
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(s int)           { r.status = s }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func (r *recorder) flushTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	if r.status != http.StatusNoContent && r.status != http.StatusNotModified {
		_, _ = w.Write(r.body.Bytes())
	}
}
