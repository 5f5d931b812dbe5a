// Package world is the sandbox's deterministic world: the OLOs of the fixtures and, around
// each of them, customers, WLR lines and orders with their history, VoIP companies, offices,
// numbers and users, ported-out requests, calls and the anti-fraud alerts computed from
// them. The same seed (and start instant) gives the same world byte for byte. Objects are
// kept in the contract's own types (gen/wpti, gen/wptiaf): the contract is the vocabulary.
//
// Every operation takes the caller's OP_ID first: an OLO only ever sees its own tenant.
// Lifecycles (orders, ported-out requests, CDR days) advance on the sandbox clock; due
// transitions are applied before any read or write, so a test that moves the clock sees
// their effects at once.
package world

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/wpti/toolkit/clock"
	"github.com/wpti/toolkit/italia"
)

// World is the whole sandbox state. It is safe for concurrent use.
type World struct {
	avvio   time.Time    // the clock when the world began (AvviatoIl)
	mu      sync.RWMutex // world state; reads share it, writes and due lifecycle steps take it whole
	tokMu   sync.Mutex   // tokens only, so authentication never waits for the world
	clock   *clock.Clock
	seed    uint64
	fx      *Fixtures
	start   time.Time
	tenants map[string]*tenant
	order   []string // OP_IDs in fixture order
	tokens  map[string]token
	ids     *idSource
	events  eventQueue
	// giorniIniziali is how many history days WriteFiles produced, so Reset gives back
	// exactly the same initial days.
	giorniIniziali int
}

type token struct {
	opID     string
	clientID string
	scopes   []string
	expires  time.Time // wall time: tokens expire in real time, whatever the sandbox clock
}

// New builds the world of the fixtures for a seed, as of midnight (Europe/Rome) of the
// clock's current day; lifecycle steps due since then are applied on first use.
func New(fx *Fixtures, seed uint64, clk *clock.Clock) (*World, error) {
	// The world is generated as of midnight of the start day and what happened since is
	// replayed: two sandboxes started on the same day with the same seed agree byte for byte.
	w := &World{clock: clk, seed: seed, fx: fx, start: giornoRoma(clk.Now()), avvio: clk.Now().Truncate(time.Second), tenants: map[string]*tenant{}, tokens: map[string]token{}}
	w.ids = &idSource{}
	for _, op := range fx.Operatori {
		t, err := w.generateTenant(op)
		if err != nil {
			return nil, fmt.Errorf("mondo di %s: %w", op.OpID, err)
		}
		w.tenants[op.OpID] = t
		w.order = append(w.order, op.OpID)
	}
	return w, nil
}

// Seed is the world's seed.
func (w *World) Seed() uint64 { return w.seed }

// Clock is the sandbox clock the world runs on.
func (w *World) Clock() *clock.Clock { return w.clock }

// Fixtures returns what the world was seeded from.
func (w *World) Fixtures() *Fixtures { return w.fx }

// derive gives a sub-seed for a named part of the world, so that adding objects of one kind
// never reshuffles another kind.
func (w *World) derive(parts ...string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d", w.seed)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return h.Sum64()
}

func (w *World) gen(parts ...string) *italia.Generatore {
	return italia.NuovoGeneratore(w.derive(parts...))
}

// now is the clock's time in Rome, truncated to the second (what the API shows).
func (w *World) now() time.Time { return w.clock.Now().In(italia.Roma()).Truncate(time.Second) }

// lock takes the world lock and first applies every lifecycle event that is due.
func (w *World) lock() func() {
	w.mu.Lock()
	w.applyDue(w.now())
	return w.mu.Unlock
}

// rlock takes the world lock for reading. If lifecycle steps are due it first applies them
// under the write lock, so a read never sees a state the clock has already left behind.
func (w *World) rlock() func() {
	now := w.now()
	w.mu.RLock()
	for w.events.dueBy(now) {
		w.mu.RUnlock()
		w.mu.Lock()
		w.applyDue(now)
		w.mu.Unlock()
		w.mu.RLock()
	}
	return w.mu.RUnlock
}

// tenantOf returns the caller's tenant; an unknown OP_ID (a token of a removed OLO) is 401.
func (w *World) tenantOf(opID string) (*tenant, error) {
	t, ok := w.tenants[opID]
	if !ok {
		return nil, &Errore{Status: 401, Codice: "NON_AUTENTICATO", Messaggio: "Operatore del token sconosciuto"}
	}
	return t, nil
}

// IssueToken checks client credentials and returns a bearer token, its lifetime and scopes.
func (w *World) IssueToken(clientID, secret, scope string) (string, int, []string, error) {
	var op *Operatore
	for i := range w.fx.Operatori {
		if w.fx.Operatori[i].API.ClientID == clientID {
			op = &w.fx.Operatori[i]
		}
	}
	if op == nil || op.API.ClientSecret != secret {
		return "", 0, nil, &Errore{Status: 401, Codice: "NON_AUTENTICATO", Messaggio: "client_id o client_secret errati"}
	}
	allowed := ScopesOf(op)
	granted := allowed
	if s := strings.TrimSpace(scope); s != "" {
		granted = nil
		for _, want := range strings.Fields(s) {
			if !slices.Contains(allowed, want) {
				return "", 0, nil, &Errore{Status: 400, Codice: "VALIDAZIONE", Messaggio: fmt.Sprintf("scope %q non concesso a questo client (concessi: %s)", want, strings.Join(allowed, " ")), Campi: []ErroreCampo{{Campo: "body.scope", Messaggio: "scope non concesso"}}}
			}
			granted = append(granted, want)
		}
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := "wpti_" + hex.EncodeToString(b)
	const ttl = 3600
	w.tokMu.Lock()
	now := time.Now()
	for k, t := range w.tokens { // expired tokens go away as new ones are issued
		if now.After(t.expires) {
			delete(w.tokens, k)
		}
	}
	w.tokens[tok] = token{opID: op.OpID, clientID: op.API.ClientID, scopes: granted, expires: now.Add(ttl * time.Second)}
	w.tokMu.Unlock()
	return tok, ttl, granted, nil
}

// ScopesOf lists the scopes an OLO's client may get: generale and dashboard always, plus one
// per enabled service, or the fixture's explicit list.
func ScopesOf(op *Operatore) []string {
	if len(op.API.Scope) > 0 {
		return op.API.Scope
	}
	s := []string{"generale", "dashboard"}
	for _, srv := range op.Servizi {
		s = append(s, scopeDiServizio[srv])
	}
	return s
}

// Authenticate resolves a bearer token to its OP_ID, client id and scopes.
func (w *World) Authenticate(tok string) (opID, clientID string, scopes []string, ok bool) {
	w.tokMu.Lock()
	defer w.tokMu.Unlock()
	t, found := w.tokens[tok]
	if !found || time.Now().After(t.expires) {
		return "", "", nil, false
	}
	return t.opID, t.clientID, t.scopes, true
}

// idSource makes the opaque ids of objects created at run time: a readable prefix and a
// sequence, so that the same sequence of requests gives the same ids.
type idSource struct {
	n uint64
	// esempi holds, while the demo OLO is generated, the contract's example ids not given
	// yet, by kind (AZ, UF, UT, ORD, PO, COM, DOC, SG): the first object of a kind takes
	// its example, so the manuals' examples name real objects.
	esempi map[string]string
}

// next returns PREFIX-XXXXXXXX (8 characters of [0-9A-Z]), the contracts' id format. A
// pending example id of the kind is given instead (the sequence still moves on, so the
// objects after it keep their ids). A sequence id equal to an example id is skipped: only
// the demo OLO's designated object ever carries one.
func (s *idSource) next(prefix string) string {
	n := s.nextN()
	if id, ok := s.esempio(prefix, ""); ok {
		return id
	}
	for {
		id := fmt.Sprintf("%s-%s", prefix, base36(n*2654435761%2821109907456, 8))
		if !esempioContratto[id] {
			return id
		}
		n = s.nextN()
	}
}

// esempio hands out, once, the pending example id of a kind, and only if it starts with
// prefix+"-"+giorno (for the ids that carry a date: an order is the example only if it was
// created on the example's day).
func (s *idSource) esempio(kind, giorno string) (string, bool) {
	id, ok := s.esempi[kind]
	if !ok || !strings.HasPrefix(id, kind+"-"+giorno) {
		return "", false
	}
	delete(s.esempi, kind)
	return id, true
}

// nextN returns the next sequence number.
func (s *idSource) nextN() uint64 {
	s.n++
	return s.n
}

func base36(n uint64, width int) string {
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = digits[n%36]
		n /= 36
	}
	return string(b)
}

// page cuts a sorted slice to the requested page (1-based); defaults pagina 1, perPagina 50.
func page[T any](all []T, pagina, perPagina *int) (items []T, p, pp, total int) {
	p, pp = 1, 50
	// The HTTP layer validates the ranges; out-of-range values fall back to the defaults
	// here so that a direct caller can never make the slice bounds negative.
	if pagina != nil && *pagina >= 1 {
		p = *pagina
	}
	if perPagina != nil && *perPagina >= 1 {
		pp = *perPagina
	}
	total = len(all)
	from := (p - 1) * pp
	if from >= total {
		return []T{}, p, pp, total
	}
	to := min(from+pp, total)
	return all[from:to], p, pp, total
}

func ptr[T any](v T) *T { return &v }

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

// Start is the instant the world was generated for.
func (w *World) Start() time.Time { return w.start.Truncate(time.Second) }

// AvviatoIl is the sandbox clock's instant when the world began (the world itself is
// generated from the midnight of that day, Start).
func (w *World) AvviatoIl() time.Time { return w.avvio }

// EventiInAttesa is how many lifecycle steps are scheduled.
func (w *World) EventiInAttesa() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.events.pending()
}

// Avanza moves the sandbox clock forward and applies everything that became due, including
// the CDR days that ended.
func (w *World) Avanza(d time.Duration) error {
	if _, err := w.clock.Advance(d); err != nil {
		return err
	}
	return w.ProduciGiorniMaturi()
}

// Reset throws away every change made through the APIs: the world is generated again from
// the fixtures and the seed as of its start, then replayed to the current clock time.
func (w *World) Reset() error {
	w.mu.Lock()
	roots := map[string]string{}
	for id, t := range w.tenants {
		roots[id] = t.sftpRoot
	}
	days := w.giorniIniziali
	w.tenants = map[string]*tenant{}
	w.order = nil
	w.events = eventQueue{}
	w.ids = &idSource{}
	for _, op := range w.fx.Operatori {
		t, err := w.generateTenant(op)
		if err != nil {
			w.mu.Unlock()
			return err
		}
		t.sftpRoot = roots[op.OpID]
		w.tenants[op.OpID] = t
		w.order = append(w.order, op.OpID)
	}
	w.mu.Unlock()
	// The initial history days come back exactly; later days are produced again. A world
	// whose files were never written stays without days.
	if days > 0 {
		if err := w.WriteFiles(days); err != nil {
			return err
		}
	}
	return w.ProduciGiorniMaturi()
}
