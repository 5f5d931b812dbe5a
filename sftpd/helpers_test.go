package sftpd

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/ssh"
)

// Keys are generated once per test binary: RSA generation dominates the
// cost of every server and client otherwise.
var (
	testHostKey = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA(2048) })
	testKeyA    = sync.OnceValue(func() ssh.Signer { return mustSigner(mustRSA(2048)) })
	testKeyB    = sync.OnceValue(func() ssh.Signer { return mustSigner(mustRSA(2048)) })
	testKey1024 = sync.OnceValue(func() ssh.Signer { return mustSigner(mustRSA(1024)) })
	testKeyEd   = sync.OnceValue(func() ssh.Signer {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			panic(err)
		}
		return mustSigner(priv)
	})
)

func mustRSA(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err)
	}
	return k
}

func mustSigner(k any) ssh.Signer {
	s, err := ssh.NewSignerFromKey(k)
	if err != nil {
		panic(err)
	}
	return s
}

const (
	userA = "olo-a"
	passA = "pw-a-Secret1"
	userB = "olo-b"
	passB = "pw-b-Secret2"
)

// fakeClock is the Config.Now of brake tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// auditBuffer collects audit lines written concurrently by the server.
type auditBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (a *auditBuffer) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.Write(p)
}

// records parses every line; a line that is not a complete record fails
// the test.
func (a *auditBuffer) records(t *testing.T) []AuditRecord {
	t.Helper()
	a.mu.Lock()
	data := append([]byte(nil), a.buf.Bytes()...)
	a.mu.Unlock()
	var out []AuditRecord
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("audit line is not JSON: %q: %v", sc.Text(), err)
		}
		for _, k := range []string{"time", "event", "opId", "user", "ip", "path", "bytes", "result", "detail"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("audit line lacks %q: %s", k, sc.Text())
			}
		}
		var r AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// waitFor polls the audit log until a record matches, since some records
// (download, disconnect) are written after the client call returns.
func (a *auditBuffer) waitFor(t *testing.T, what string, match func(AuditRecord) bool) AuditRecord {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		for _, r := range a.records(t) {
			if match(r) {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no audit record %s; log:\n%s", what, a.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (a *auditBuffer) String() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.buf.String()
}

// testServer is a running server on 127.0.0.1 with two OLOs.
type testServer struct {
	srv          *Server
	addr         string // host:port
	port         string
	rootA, rootB string
	outside      string // a directory outside every root
	audit        *auditBuffer
	clock        *fakeClock
	serveErr     chan error
}

// newTestServer starts a server; mod may change the Config before New, and
// setup the Server before Serve (test hooks, injected keys).
// OLO A (olo-a) may connect from 127.0.0.1 and 127.0.0.4, OLO B (olo-b)
// from 127.0.0.3 and 127.0.0.5.
func newTestServer(t testing.TB, mod func(*Config), setup ...func(*Server)) *testServer {
	t.Helper()
	ts := &testServer{audit: &auditBuffer{}, clock: newFakeClock(), serveErr: make(chan error, 1)}
	base := t.TempDir()
	ts.rootA, ts.rootB, ts.outside = filepath.Join(base, "olo-a"), filepath.Join(base, "olo-b"), filepath.Join(base, "outside")
	makeTree(t, ts.rootA, ts.outside)
	mustWrite(t, filepath.Join(ts.rootB, "b-only.txt"), []byte("OLO B data\n"))

	cfg := Config{
		HostKey: testHostKey(),
		Accounts: []Account{
			{OpID: "OLOA", Username: userA, PasswordHash: cheapHash(t, passA),
				AuthorizedKeys: []ssh.PublicKey{testKeyA().PublicKey()},
				AllowedIPs:     addrs("127.0.0.1", "127.0.0.4"), Root: ts.rootA},
			{OpID: "OLOB", Username: userB, PasswordHash: cheapHash(t, passB),
				AuthorizedKeys: []ssh.PublicKey{testKeyB().PublicKey()},
				AllowedIPs:     addrs("127.0.0.3", "127.0.0.5"), Root: ts.rootB},
		},
		Audit: ts.audit,
		Brake: BrakeConfig{MaxFailures: 1000, Delay: time.Millisecond},
		Now:   ts.clock.Now,
	}
	if testing.Verbose() {
		cfg.Logger = testLogger(t)
	}
	if mod != nil {
		mod(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts.srv = srv
	for _, f := range setup {
		f(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	_, ts.port, _ = net.SplitHostPort(ts.addr)
	go func() { ts.serveErr <- srv.Serve(ln) }()
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		if err := <-ts.serveErr; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return ts
}

func cheapHash(t testing.TB, pw string) []byte {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func addrs(ss ...string) []netip.Addr {
	var out []netip.Addr
	for _, s := range ss {
		out = append(out, netip.MustParseAddr(s))
	}
	return out
}

func mustWrite(t testing.TB, name string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// testData is the content of data.bin: 300 KiB, so downloads take several
// 32 KiB packets and concurrent reads.
var testData = sync.OnceValue(func() []byte {
	b := make([]byte, 300*1024+17)
	rand.Read(b)
	return b
})

// makeTree lays out an OLO root: files, a subdirectory, an empty one, a
// FIFO, a symlink inside and symlinks pointing outside.
func makeTree(t testing.TB, root, outside string) {
	t.Helper()
	mustWrite(t, filepath.Join(root, "a.txt"), []byte("hello from OLO A\n"))
	mustWrite(t, filepath.Join(root, "data.bin"), testData())
	mustWrite(t, filepath.Join(root, "sub", "inner.txt"), []byte("inner\n"))
	if err := os.Mkdir(filepath.Join(root, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	mustWrite(t, filepath.Join(outside, "secret.txt"), []byte("SECRET outside the root\n"))
	for link, target := range map[string]string{
		"escape":     filepath.Join(outside, "secret.txt"),
		"escape_dir": outside,
		"escape_rel": "../outside/secret.txt",
		"sub/up":     "../../outside",
		"inner_link": "a.txt",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
}

type treeEntry struct {
	mode    os.FileMode
	size    int64
	mtime   time.Time
	content string
}

// snapshot records every name under dir (without following links), for
// "the tree is unchanged" checks.
func snapshot(t *testing.T, dir string) map[string]treeEntry {
	t.Helper()
	out := map[string]treeEntry{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		e := treeEntry{mode: fi.Mode(), size: fi.Size(), mtime: fi.ModTime()}
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			e.content = string(b)
		}
		out[strings.TrimPrefix(p, dir)] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func clientConfig(user string, auth ...ssh.AuthMethod) *ssh.ClientConfig {
	return &ssh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: ssh.FixedHostKey(mustSigner(testHostKey()).PublicKey()),
		Timeout:         10 * time.Second,
	}
}

func loginA() *ssh.ClientConfig {
	return clientConfig(userA, ssh.PublicKeys(testKeyA()), ssh.Password(passA))
}

// dial opens an SSH connection from the local address from (a 127/8
// address: any of them works on Linux loopback).
func (ts *testServer) dial(from string, cc *ssh.ClientConfig) (*ssh.Client, error) {
	d := net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}}
	nc, err := d.Dial("tcp", ts.addr)
	if err != nil {
		return nil, err
	}
	nc.SetDeadline(time.Now().Add(15 * time.Second))
	c, chans, reqs, err := ssh.NewClientConn(nc, ts.addr, cc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	nc.SetDeadline(time.Time{})
	return ssh.NewClient(c, chans, reqs), nil
}

// sftpClient logs in as OLO A from 127.0.0.1 and opens the sftp subsystem.
func (ts *testServer) sftpClient(t *testing.T) *sftp.Client {
	t.Helper()
	return ts.sftpAs(t, "127.0.0.1", loginA())
}

func (ts *testServer) sftpAs(t *testing.T, from string, cc *ssh.ClientConfig) *sftp.Client {
	t.Helper()
	c, err := ts.dial(from, cc)
	if err != nil {
		t.Fatalf("login as %s from %s: %v", cc.User, from, err)
	}
	sc, err := sftp.NewClient(c)
	if err != nil {
		c.Close()
		t.Fatalf("sftp subsystem: %v", err)
	}
	t.Cleanup(func() { sc.Close(); c.Close() })
	return sc
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}
