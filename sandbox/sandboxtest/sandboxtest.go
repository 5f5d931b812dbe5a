// Package sandboxtest starts an in-process sandbox for tests, the way httptest starts a
// server: an OLO's Go test (or ours) gets a running sandbox with its URL, a token helper
// and a frozen, movable clock, all cleaned up with the test.
//
//	sb := sandboxtest.New(t)
//	client, _ := wpti.NewClientWithResponses(sb.URL+"/wpti/v1", wpti.WithRequestEditorFn(sb.Bearer(t, "olo001-crm")))
package sandboxtest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpti/toolkit/sandbox"
)

// Start is the default frozen start instant of test sandboxes: a Tuesday morning, so that
// working-day arithmetic in tests is easy to follow.
var Start = time.Date(2026, 3, 10, 10, 0, 0, 0, time.FixedZone("CET", 3600))

// Server is a running in-process sandbox.
type Server struct {
	*sandbox.Sandbox
	URL      string // base URL of the HTTP side, e.g. http://127.0.0.1:41234
	SFTPAddr string // host:port of the SFTP side, "" when disabled
	cancel   context.CancelFunc
	done     chan error
}

// Option changes the configuration before start.
type Option func(*sandbox.Config)

// WithSeed sets the world's seed (default 1).
func WithSeed(s uint64) Option { return func(c *sandbox.Config) { c.Seed = s } }

// WithSFTP turns the SFTP server on (on a free loopback port).
func WithSFTP() Option { return func(c *sandbox.Config) { c.SFTPAddr = "127.0.0.1:0" } }

// WithStart sets the clock's start instant.
func WithStart(t time.Time) Option { return func(c *sandbox.Config) { c.Start = t } }

// WithConfig gives full control over the configuration.
func WithConfig(f func(*sandbox.Config)) Option { return f }

// New starts a sandbox (strict mode, frozen clock at Start, SFTP off unless WithSFTP) and
// stops it when the test ends.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	cfg := sandbox.Defaults()
	cfg.HTTPAddr = "127.0.0.1:0"
	cfg.SFTPAddr = ""
	cfg.StateDir = t.TempDir()
	cfg.Start = Start
	cfg.Scale = 0
	cfg.Strict = true
	cfg.CDRDays = 2
	for _, o := range opts {
		o(&cfg)
	}
	sb, err := sandbox.New(cfg)
	if err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	if err := sb.Listen(); err != nil {
		t.Fatalf("sandboxtest: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{Sandbox: sb, URL: sb.HTTPURL(), SFTPAddr: sb.SFTPAddr(), cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- sb.Serve(ctx) }()
	t.Cleanup(s.Close)
	return s
}

// Close stops the sandbox (also done automatically at the end of the test).
func (s *Server) Close() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	<-s.done
	s.cancel = nil
}

// Token gets a bearer token for a client id of the fixtures (secret looked up there).
func (s *Server) Token(t testing.TB, clientID string, scope ...string) string {
	t.Helper()
	secret := ""
	for _, op := range s.World.Fixtures().Operatori {
		if op.API.ClientID == clientID {
			secret = op.API.ClientSecret
		}
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {secret}}
	if len(scope) > 0 {
		form.Set("scope", strings.Join(scope, " "))
	}
	resp, err := http.PostForm(s.URL+"/wpti/v1/auth/token", form)
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if resp.StatusCode != 200 || json.NewDecoder(resp.Body).Decode(&tok) != nil || tok.AccessToken == "" {
		t.Fatalf("token for %s: status %d", clientID, resp.StatusCode)
	}
	return tok.AccessToken
}

// Bearer returns a request editor (the generated clients' WithRequestEditorFn) that sends a
// fresh token of clientID.
func (s *Server) Bearer(t testing.TB, clientID string) func(context.Context, *http.Request) error {
	tok := s.Token(t, clientID)
	return func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok)
		return nil
	}
}

// Advance moves the sandbox clock and applies what became due.
func (s *Server) Advance(t testing.TB, d time.Duration) {
	t.Helper()
	if err := s.World.Avanza(d); err != nil {
		t.Fatalf("advance: %v", err)
	}
}
