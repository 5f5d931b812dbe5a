// Package sandbox is the whole sandbox as a value: one deterministic world served over HTTP
// (both contracts plus the control API) and SFTP (CDR files and documents). cmd/sandbox and
// the tests start the very same code; sandboxtest wraps it like httptest.
package sandbox

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/ssh"

	"github.com/wpti/toolkit/clock"
	"github.com/wpti/toolkit/fixtures"
	"github.com/wpti/toolkit/httpapi"
	"github.com/wpti/toolkit/italia"
	"github.com/wpti/toolkit/sftpd"
	"github.com/wpti/toolkit/store"
	"github.com/wpti/toolkit/world"
)

// Config is everything that shapes a run. The zero value is not useful: start from Defaults.
type Config struct {
	Seed        uint64
	HTTPAddr    string // e.g. 127.0.0.1:8080; port 0 picks a free one
	SFTPAddr    string // e.g. 127.0.0.1:2222; empty disables SFTP
	StateDir    string
	FixturesDir string    // empty: the embedded fixtures
	Start       time.Time // the virtual clock's first reading; zero = now
	Scale       float64   // virtual seconds per real second (0 = frozen)
	Strict      bool      // validate every response against the contract
	Latency     time.Duration
	Fault429    float64
	RateLimit   float64   // requests per second per OLO (the contracts document 50); 0 = off
	CDRDays     int       // days of CDR history generated before the start day
	StateFile   string    // SQLite journal that makes the state survive restarts; "" = memory only
	AccessLog   io.Writer // one line per HTTP request; nil = none
	Log         *slog.Logger
}

// Defaults is what `go run ./cmd/sandbox` uses with no flags.
func Defaults() Config {
	return Config{Seed: 1, HTTPAddr: "127.0.0.1:8080", SFTPAddr: "127.0.0.1:2222", StateDir: DefaultStateDir(), Scale: 1, Strict: true, CDRDays: 3}
}

// Demo is what a new user needs to try the sandbox: the first OLO's credentials.
type Demo struct {
	OpID, ClientID, ClientSecret string
	SFTPUser, SFTPPassword       string
	SFTPKey                      string // absolute path of the private key
}

// Sandbox is a running (or ready to run) sandbox.
type Sandbox struct {
	cfg     Config
	Clock   *clock.Clock
	World   *world.World
	Demo    Demo
	handler http.Handler
	httpSrv *http.Server
	httpLn  net.Listener
	sftp    *sftpd.Server
	sftpLn  net.Listener
	log     *slog.Logger
	audit   *os.File
	stopCDR context.CancelFunc
	journal *store.Journal
	scale   float64
}

// New builds the world, the keys and the servers, without listening yet.
func New(cfg Config) (*Sandbox, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.StateDir == "" {
		cfg.StateDir = DefaultStateDir()
	}
	if err := os.MkdirAll(cfg.StateDir, 0o700); err != nil {
		return nil, fmt.Errorf("state folder %s: %w", cfg.StateDir, err)
	}
	var fsys fs.FS = fixtures.FS()
	if cfg.FixturesDir != "" {
		fsys = os.DirFS(cfg.FixturesDir)
	}
	fx, err := world.LoadFixtures(fsys)
	if err != nil {
		return nil, fmt.Errorf("fixtures non valide:\n%w", err)
	}
	start := cfg.Start
	if start.IsZero() {
		start = time.Now()
	}
	start = start.In(italia.Roma()).Truncate(time.Second)
	s := &Sandbox{cfg: cfg, log: cfg.Log, scale: cfg.Scale}
	var entries []store.Entry
	if cfg.StateFile != "" {
		j, st, err := openState(cfg.StateFile, cfg.Seed, start, fsys)
		if err != nil {
			return nil, err
		}
		s.journal, start = j, st.In(italia.Roma())
		if entries, err = j.Entries(); err != nil {
			j.Close()
			return nil, err
		}
	}
	// With a state file the clock is frozen while the journal is replayed, then resumes.
	scale := cfg.Scale
	if s.journal != nil {
		scale = 0
	}
	s.Clock = clock.New(start, scale)
	s.World, err = world.New(fx, cfg.Seed, s.Clock)
	if err != nil {
		return nil, err
	}
	first := fx.Operatori[0]
	s.Demo = Demo{OpID: first.OpID, ClientID: first.API.ClientID, ClientSecret: first.API.ClientSecret}
	if err := s.buildHTTP(); err != nil {
		return nil, err
	}
	if err := s.buildSFTP(fx); err != nil {
		return nil, err
	}
	// The traffic days before the start (CDR files, alerts) exist from the first second.
	if cfg.CDRDays < 1 {
		cfg.CDRDays = 1
	}
	if err := s.World.WriteFiles(cfg.CDRDays); err != nil {
		return nil, fmt.Errorf("file CDR: %w", err)
	}
	if s.journal != nil {
		if _, err := s.replay(entries); err != nil {
			s.journal.Close()
			return nil, err
		}
		// A real-time sandbox keeps following the wall clock across restarts; a scaled or
		// frozen one resumes from the last recorded write.
		if cfg.Start.IsZero() && cfg.Scale > 0 && time.Now().After(s.Clock.Now()) {
			_ = s.Clock.Set(time.Now())
		}
		if err := s.Clock.SetScale(cfg.Scale); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Sandbox) buildHTTP() error {
	faults := httpapi.NewFaults(s.cfg.Latency, s.cfg.Fault429, s.cfg.Seed)
	opts := httpapi.Options{ContractOptions: httpapi.ContractOptions{Strict: s.cfg.Strict, Log: s.log, Faults: faults, Limit: httpapi.NewRateLimit(s.cfg.RateLimit)}, SFTPAddr: s.cfg.SFTPAddr}
	if s.journal != nil {
		opts.Journal = journal{j: s.journal, clk: s.Clock}
	}
	h, err := httpapi.New(s.World, s.cfg.AccessLog, opts)
	if err != nil {
		return err
	}
	s.handler = h
	return nil
}

func (s *Sandbox) buildSFTP(fx *world.Fixtures) error {
	if s.cfg.SFTPAddr == "" {
		return nil
	}
	dir := s.cfg.StateDir
	// On the very first start every key is generated (RSA 2048: ~0.1 s each); make them in
	// parallel. The loop below then just loads them, and reports any error.
	var wg sync.WaitGroup
	wg.Go(func() { _, _ = sftpd.LoadOrCreateHostKey(filepath.Join(dir, "host_rsa")) })
	for _, op := range fx.Operatori {
		wg.Go(func() { _, _ = sftpd.LoadOrCreateClientKey(filepath.Join(dir, op.SFTP.Username+"_rsa")) })
	}
	wg.Wait()
	hostKey, err := sftpd.LoadOrCreateHostKey(filepath.Join(dir, "host_rsa"))
	if err != nil {
		return fmt.Errorf("host key: %w", err)
	}
	var accounts []sftpd.Account
	for i, op := range fx.Operatori {
		pw := op.SFTP.Password
		if pw == "" {
			pw, err = loadOrCreatePassword(filepath.Join(dir, "password-"+op.SFTP.Username))
			if err != nil {
				return err
			}
		}
		// bcrypt at its minimum cost: the sandbox keeps the password in clear in its state
		// folder anyway, and the default cost would add ~70 ms per OLO to every start.
		hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
		if err != nil {
			return err
		}
		var keys []ssh.PublicKey
		for j, line := range op.SFTP.ChiaviPubbliche {
			k, _, _, _, err := ssh.ParseAuthorizedKey([]byte(line))
			if err != nil {
				return fmt.Errorf("operatori.yaml: %s: sftp.chiaviPubbliche[%d]: %v", op.OpID, j, err)
			}
			keys = append(keys, k)
		}
		// Every OLO gets a key pair in the state folder, so each account can be tried with
		// real clients; the fixtures may add the OLO's own keys.
		keyPath := filepath.Join(dir, op.SFTP.Username+"_rsa")
		k, err := sftpd.LoadOrCreateClientKey(keyPath)
		if err != nil {
			return fmt.Errorf("chiave SFTP di %s: %w", op.OpID, err)
		}
		keys = append(keys, k)
		if i == 0 {
			abs, _ := filepath.Abs(keyPath)
			s.Demo.SFTPUser, s.Demo.SFTPPassword, s.Demo.SFTPKey = op.SFTP.Username, pw, abs
		}
		var ips []netip.Addr
		for _, ip := range op.SFTP.IPAmmessi {
			a, _ := netip.ParseAddr(ip)
			ips = append(ips, a)
		}
		root := filepath.Join(dir, "sftp", fmt.Sprintf("seed-%d", s.cfg.Seed), op.OpID)
		if err := os.MkdirAll(root, 0o755); err != nil {
			return err
		}
		accounts = append(accounts, sftpd.Account{OpID: op.OpID, Username: op.SFTP.Username, PasswordHash: hash, AuthorizedKeys: keys, AllowedIPs: ips, Root: root})
		s.World.SetSFTPRoot(op.OpID, root)
	}
	audit, err := os.OpenFile(filepath.Join(dir, "audit.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	s.audit = audit
	s.sftp, err = sftpd.New(sftpd.Config{HostKey: hostKey, Accounts: accounts, Audit: audit, Logger: s.log})
	if err != nil {
		return fmt.Errorf("server SFTP: %w", err)
	}
	return nil
}

// Handler is the whole HTTP side, for in-process tests (httptest.NewServer(s.Handler())).
func (s *Sandbox) Handler() http.Handler { return s.handler }

// Deviations lists where the SFTP server differs from the host network's policy.
func (s *Sandbox) Deviations() []sftpd.Deviation {
	if s.sftp == nil {
		return nil
	}
	return s.sftp.Deviations()
}

// Listen opens both ports; a busy port is a one-line error naming it.
func (s *Sandbox) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.HTTPAddr)
	if err != nil {
		return listenError("HTTP", s.cfg.HTTPAddr, "--http", err)
	}
	s.httpLn = ln
	if s.sftp != nil {
		ln, err := net.Listen("tcp", s.cfg.SFTPAddr)
		if err != nil {
			s.httpLn.Close()
			return listenError("SFTP", s.cfg.SFTPAddr, "--sftp", err)
		}
		s.sftpLn = ln
	}
	return nil
}

func listenError(what, addr, flag string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("porta %s %s gia' in uso: fermare l'altro processo o sceglierne un'altra con %s", what, addr, flag)
	}
	return fmt.Errorf("impossibile ascoltare %s su %s: %v", what, addr, err)
}

// HTTPURL is the base URL of the HTTP side (after Listen).
func (s *Sandbox) HTTPURL() string { return "http://" + s.httpLn.Addr().String() }

// SFTPAddr is the SFTP address (after Listen), or "" when SFTP is off.
func (s *Sandbox) SFTPAddr() string {
	if s.sftpLn == nil {
		return ""
	}
	return s.sftpLn.Addr().String()
}

// Serve serves until ctx is done or a server fails, then shuts down cleanly.
func (s *Sandbox) Serve(ctx context.Context) error {
	s.httpSrv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 2)
	go func() { errc <- s.httpSrv.Serve(s.httpLn) }()
	if s.sftp != nil {
		go func() { errc <- s.sftp.Serve(s.sftpLn) }()
	}
	cdrCtx, cancel := context.WithCancel(ctx)
	s.stopCDR = cancel
	go s.World.RunFileDays(cdrCtx, s.log)
	var err error
	select {
	case <-ctx.Done():
	case err = <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
	}
	s.Close()
	return err
}

// Close stops both servers, letting in-flight HTTP requests finish for up to 5 seconds.
func (s *Sandbox) Close() error {
	if s.stopCDR != nil {
		s.stopCDR()
	}
	var errs []error
	if s.httpSrv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, s.httpSrv.Shutdown(ctx))
		cancel()
	} else if s.httpLn != nil {
		errs = append(errs, ignoreClosed(s.httpLn.Close()))
	}
	if s.sftp != nil {
		errs = append(errs, s.sftp.Close())
		if s.sftpLn != nil {
			_ = s.sftpLn.Close()
		}
	}
	if s.audit != nil {
		errs = append(errs, s.audit.Close())
		s.audit = nil
	}
	if s.journal != nil {
		errs = append(errs, s.journal.Close())
		s.journal = nil
	}
	return errors.Join(errs...)
}

func ignoreClosed(err error) error {
	if err == nil || errors.Is(err, net.ErrClosed) || strings.Contains(err.Error(), "use of closed") {
		return nil
	}
	return err
}
