package sftpd

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

func TestLoginListAndRead(t *testing.T) {
	ts := newTestServer(t, nil)
	sc := ts.sftpClient(t)

	entries, err := sc.ReadDir("/")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		if e.Mode()&0o222 != 0 {
			t.Errorf("%s is shown writable: %v", e.Name(), e.Mode())
		}
	}
	// Symlinks (inside or out) and the FIFO are not listed.
	if want := []string{"a.txt", "data.bin", "empty", "sub"}; !slices.Equal(names, want) {
		t.Errorf("listing of / = %v, want %v", names, want)
	}

	tests := []struct {
		path string
		want []byte
	}{
		{"/data.bin", testData()},
		{"data.bin", testData()},
		{"/a.txt", []byte("hello from OLO A\n")},
		{"/sub/inner.txt", []byte("inner\n")},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			f, err := sc.Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if _, err := f.WriteTo(&got); err != nil { // concurrent reads
				t.Fatal(err)
			}
			f.Close()
			if !bytes.Equal(got.Bytes(), tt.want) {
				t.Fatalf("read %d bytes, want %d identical bytes", got.Len(), len(tt.want))
			}
		})
	}

	rec := ts.audit.waitFor(t, "download of data.bin", func(r AuditRecord) bool {
		return r.Event == EventDownload && r.Path == "/data.bin"
	})
	if rec.Bytes != int64(len(testData())) || rec.Result != "complete" || rec.OpID != "OLOA" || rec.User != userA || rec.IP != "127.0.0.1" {
		t.Errorf("download record = %+v", rec)
	}
	ts.audit.waitFor(t, "auth_ok", func(r AuditRecord) bool {
		return r.Event == EventAuthOK && r.User == userA && strings.Contains(r.Detail, "SHA256:")
	})
}

// TestAuthRefused checks that only key AND password, both of the account,
// log in.
func TestAuthRefused(t *testing.T) {
	// Keys that New refuses are put in the account afterwards, to prove the
	// public key callback refuses them on its own.
	ts := newTestServer(t, nil, func(s *Server) {
		acct := s.accounts[userA]
		acct.keys[string(testKey1024().PublicKey().Marshal())] = true
		acct.keys[string(testKeyEd().PublicKey().Marshal())] = true
	})

	tests := []struct {
		name   string
		from   string
		cc     *ssh.ClientConfig
		detail string // expected in an auth_fail audit record
	}{
		{"password only", "127.0.0.1", clientConfig(userA, ssh.Password(passA)), "no credentials offered"},
		{"key only", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKeyA())), "key accepted, no password"},
		{"none", "127.0.0.1", clientConfig(userA), "no credentials offered"},
		{"wrong password", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKeyA()), ssh.Password("wrong")), "wrong password"},
		{"other OLO's password", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKeyA()), ssh.Password(passB)), "wrong password"},
		{"other OLO's key", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKeyB()), ssh.Password(passA)), "key not authorized"},
		{"RSA 1024 key", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKey1024()), ssh.Password(passA)), "1024 bits"},
		{"ed25519 key", "127.0.0.1", clientConfig(userA, ssh.PublicKeys(testKeyEd()), ssh.Password(passA)), `"ssh-ed25519" not accepted`},
		{"unknown user", "127.0.0.1", clientConfig("nobody", ssh.PublicKeys(testKeyA()), ssh.Password(passA)), "unknown user"},
		{"other OLO's IP", "127.0.0.1", clientConfig(userB, ssh.PublicKeys(testKeyB()), ssh.Password(passB)), "not in the account's list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			user := tt.cc.User
			c, err := ts.dial(tt.from, tt.cc)
			if err == nil {
				c.Close()
				t.Fatal("logged in")
			}
			ts.audit.waitFor(t, "auth_fail "+tt.detail, func(r AuditRecord) bool {
				return r.Event == EventAuthFail && r.User == user && strings.Contains(r.Detail, tt.detail)
			})
		})
	}
	for _, r := range ts.audit.records(t) {
		if r.Event == EventAuthOK {
			t.Errorf("unexpected login: %+v", r)
		}
	}

	// Controls: the right credentials work, and OLO B works from its own IP.
	ts.sftpClient(t)
	ts.sftpAs(t, "127.0.0.3", clientConfig(userB, ssh.PublicKeys(testKeyB()), ssh.Password(passB)))
}

func TestAlgorithmPolicy(t *testing.T) {
	ts := newTestServer(t, nil)
	tests := []struct {
		name   string
		set    func(*ssh.ClientConfig)
		ok     bool
		cipher string // negotiated, when ok
	}{
		{"cipher aes128-ctr", func(c *ssh.ClientConfig) { c.Ciphers = []string{"aes128-ctr"} }, false, ""},
		{"cipher aes128-gcm", func(c *ssh.ClientConfig) { c.Ciphers = []string{"aes128-gcm@openssh.com"} }, false, ""},
		{"cipher chacha20", func(c *ssh.ClientConfig) { c.Ciphers = []string{"chacha20-poly1305@openssh.com"} }, false, ""},
		{"MAC hmac-sha2-256 (not etm)", func(c *ssh.ClientConfig) {
			c.Ciphers, c.MACs = []string{"aes256-ctr"}, []string{"hmac-sha2-256"}
		}, false, ""},
		{"MAC hmac-sha1", func(c *ssh.ClientConfig) { c.Ciphers, c.MACs = []string{"aes256-ctr"}, []string{"hmac-sha1"} }, false, ""},
		{"KEX ecdh-sha2-nistp256", func(c *ssh.ClientConfig) { c.KeyExchanges = []string{"ecdh-sha2-nistp256"} }, false, ""},
		{"KEX mlkem768x25519", func(c *ssh.ClientConfig) { c.KeyExchanges = []string{"mlkem768x25519-sha256"} }, false, ""},
		{"host key SHA-1 ssh-rsa", func(c *ssh.ClientConfig) { c.HostKeyAlgorithms = []string{"ssh-rsa"} }, false, ""},
		{"aes256-gcm", func(c *ssh.ClientConfig) { c.Ciphers = []string{"aes256-gcm@openssh.com"} }, true, "aes256-gcm@openssh.com"},
		{"aes256-ctr + hmac-sha2-512-etm", func(c *ssh.ClientConfig) {
			c.Ciphers, c.MACs = []string{"aes256-ctr"}, []string{"hmac-sha2-512-etm@openssh.com"}
		}, true, "aes256-ctr"},
		{"curve25519 libssh alias", func(c *ssh.ClientConfig) {
			c.KeyExchanges = []string{"curve25519-sha256@libssh.org"}
			c.HostKeyAlgorithms = []string{"rsa-sha2-256"}
		}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cc := loginA()
			tt.set(cc)
			c, err := ts.dial("127.0.0.1", cc)
			if !tt.ok {
				if err == nil {
					c.Close()
					t.Fatal("connected outside the policy")
				}
				if !strings.Contains(err.Error(), "no common algorithm") {
					t.Fatalf("refused for another reason: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if tt.cipher != "" {
				alg := c.Conn.(ssh.AlgorithmsConnMetadata).Algorithms()
				if alg.Read.Cipher != tt.cipher || alg.Write.Cipher != tt.cipher {
					t.Errorf("negotiated %+v, want %s", alg, tt.cipher)
				}
			}
		})
	}
	ts.audit.waitFor(t, "handshake refusal", func(r AuditRecord) bool {
		return r.Event == EventConnectRefused && r.Result == "handshake_failed" && strings.Contains(r.Detail, "no common algorithm")
	})
}

// TestSourceIP: an address in no account's list is closed before the SSH
// banner; an address of another OLO gets the banner but no login.
func TestSourceIP(t *testing.T) {
	ts := newTestServer(t, nil)
	tests := []struct {
		from       string
		wantBanner bool
	}{
		{"127.0.0.2", false},
		{"127.0.0.77", false},
		{"127.0.0.1", true}, // OLO A
		{"127.0.0.3", true}, // OLO B
	}
	for _, tt := range tests {
		t.Run(tt.from, func(t *testing.T) {
			d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(tt.from)}, Timeout: 5 * time.Second}
			nc, err := d.Dial("tcp", ts.addr)
			if err != nil {
				t.Fatal(err)
			}
			defer nc.Close()
			nc.SetDeadline(time.Now().Add(5 * time.Second))
			got, err := io.ReadAll(io.LimitReader(nc, 8))
			if tt.wantBanner {
				if string(got) != "SSH-2.0-" {
					t.Fatalf("read %q, %v; want the SSH banner", got, err)
				}
				return
			}
			if len(got) != 0 || err != nil {
				t.Fatalf("read %q, %v; want EOF before any banner", got, err)
			}
			ts.audit.waitFor(t, "connect_refused", func(r AuditRecord) bool {
				return r.Event == EventConnectRefused && r.IP == tt.from && r.Detail == "source address not allowlisted"
			})
			if c, err := ts.dial(tt.from, loginA()); err == nil {
				c.Close()
				t.Fatal("SSH login from a refused address")
			}
		})
	}
	// OLO A from OLO B's address: the address is known, the login is not.
	if c, err := ts.dial("127.0.0.3", loginA()); err == nil {
		c.Close()
		t.Fatal("OLO A logged in from OLO B's address")
	}
	// And OLO A from its second address works.
	ts.sftpAs(t, "127.0.0.4", loginA())
}

func TestWritesRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	sc := ts.sftpClient(t)
	before := snapshot(t, filepath.Dir(ts.rootA))

	denied := func(err error) error {
		if !errors.Is(err, os.ErrPermission) {
			return fmt.Errorf("got %v, want permission denied", err)
		}
		return nil
	}
	ok := func(err error) error { return err }
	past := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)

	tests := []struct {
		name  string
		op    func() error
		check func(error) error
	}{
		{"create", func() error { _, err := sc.Create("/new.txt"); return err }, denied},
		{"create in subdir", func() error { _, err := sc.Create("/sub/new.txt"); return err }, denied},
		{"overwrite", func() error { _, err := sc.OpenFile("/a.txt", os.O_WRONLY|os.O_TRUNC); return err }, denied},
		{"append", func() error { _, err := sc.OpenFile("/a.txt", os.O_WRONLY|os.O_APPEND); return err }, denied},
		{"rdwr create missing", func() error { _, err := sc.OpenFile("/new2.txt", os.O_RDWR|os.O_CREATE); return err }, denied},
		{"rdwr create excl", func() error {
			_, err := sc.OpenFile("/a.txt", os.O_RDWR|os.O_CREATE|os.O_EXCL)
			return err
		}, denied},
		{"rdwr existing: read ok, write denied", func() error {
			f, err := sc.OpenFile("/a.txt", os.O_RDWR|os.O_CREATE|os.O_TRUNC)
			if err != nil {
				return fmt.Errorf("open: %w", err)
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err != nil || string(b) != "hello from OLO A\n" {
				return fmt.Errorf("read %q, %v", b, err)
			}
			if _, err := f.WriteAt([]byte("x"), 0); !errors.Is(err, os.ErrPermission) {
				return fmt.Errorf("write: %v, want permission denied", err)
			}
			return nil
		}, ok},
		{"remove", func() error { return sc.Remove("/a.txt") }, denied},
		{"remove dir", func() error { return sc.RemoveDirectory("/empty") }, denied},
		{"rename", func() error { return sc.Rename("/a.txt", "/b.txt") }, denied},
		{"posix rename", func() error { return sc.PosixRename("/a.txt", "/b.txt") }, denied},
		{"mkdir", func() error { return sc.Mkdir("/newdir") }, denied},
		{"mkdir -p", func() error { return sc.MkdirAll("/x/y") }, denied},
		{"symlink", func() error { return sc.Symlink("/a.txt", "/link") }, denied},
		{"hard link", func() error { return sc.Link("/a.txt", "/hard") }, denied},
		{"truncate", func() error { return sc.Truncate("/a.txt", 0) }, denied},
		{"chmod ignored", func() error { return sc.Chmod("/a.txt", 0o777) }, ok},
		{"chtimes ignored", func() error { return sc.Chtimes("/a.txt", past, past) }, ok},
		{"chown ignored", func() error { return sc.Chown("/a.txt", 1, 1) }, ok},
		{"chmod missing", func() error { return sc.Chmod("/missing", 0o777) }, func(err error) error {
			if !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("got %v, want not exist", err)
			}
			return nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.check(tt.op()); err != nil {
				t.Error(err)
			}
		})
	}

	after := snapshot(t, filepath.Dir(ts.rootA))
	if len(before) != len(after) {
		t.Errorf("tree changed: %d entries before, %d after", len(before), len(after))
	}
	for name, e := range before {
		if after[name] != e {
			t.Errorf("%s changed: %+v -> %+v", name, e, after[name])
		}
	}
	ts.audit.waitFor(t, "refused rename", func(r AuditRecord) bool {
		return r.Event == EventRefusedOp && r.Path == "/a.txt" && r.Result == "denied" && r.Detail == "rename to /b.txt"
	})
	ts.audit.waitFor(t, "ignored setstat", func(r AuditRecord) bool {
		return r.Event == EventRefusedOp && r.Result == "ignored" && r.Detail == "setstat"
	})

	// The server process survived every refusal: a new session still works.
	if _, err := ts.sftpClient(t).Stat("/a.txt"); err != nil {
		t.Fatal(err)
	}
}

func TestPathsStayInside(t *testing.T) {
	ts := newTestServer(t, nil)
	sc := ts.sftpClient(t)

	t.Run("realpath", func(t *testing.T) {
		for in, want := range map[string]string{
			"": "/", ".": "/", "/": "/", "..": "/", "../..": "/", "/../../etc": "/etc",
			"sub/..": "/", "../sub": "/sub", "sub/./inner.txt": "/sub/inner.txt",
		} {
			got, err := sc.RealPath(in)
			if err != nil || got != want {
				t.Errorf("RealPath(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
	})

	readable := []struct{ path, want string }{
		{"../a.txt", "hello from OLO A\n"},
		{"/../../a.txt", "hello from OLO A\n"},
		{"/sub/../../../a.txt", "hello from OLO A\n"},
		{"inner_link", "hello from OLO A\n"}, // a link that stays inside
	}
	for _, tt := range readable {
		t.Run("read "+tt.path, func(t *testing.T) {
			f, err := sc.Open(tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			b, err := io.ReadAll(f)
			if err != nil || string(b) != tt.want {
				t.Fatalf("read %q, %v", b, err)
			}
		})
	}

	outside := filepath.Join(ts.outside, "secret.txt")
	refused := []string{
		outside,                   // absolute server path: looked up inside the root
		"/../../../../etc/passwd", // becomes /etc/passwd inside the root
		"../outside/secret.txt",
		"escape", "escape_rel", "escape_dir/secret.txt", "sub/up/secret.txt",
		"fifo", "missing",
	}
	for _, p := range refused {
		t.Run("refused "+p, func(t *testing.T) {
			if f, err := sc.Open(p); err == nil {
				b, _ := io.ReadAll(f)
				f.Close()
				t.Fatalf("opened %s: %q", p, b)
			}
			if fi, err := sc.Stat(p); err == nil {
				t.Fatalf("stat %s: %v", p, fi.Mode())
			}
		})
	}

	dirs := []struct {
		path string
		ok   bool
	}{
		{"/", true}, {"..", true}, {"/sub/../..", true}, {"/empty", true},
		{"/missing", false}, {"/a.txt", false}, {"escape_dir", false}, {"sub/up", false}, {"fifo", false},
	}
	for _, tt := range dirs {
		t.Run("opendir "+tt.path, func(t *testing.T) {
			entries, err := sc.ReadDir(tt.path)
			if tt.ok != (err == nil) {
				t.Fatalf("ReadDir(%s) = %d entries, %v; want ok=%v", tt.path, len(entries), err, tt.ok)
			}
		})
	}
	if entries, err := sc.ReadDir("/empty"); err != nil || len(entries) != 0 {
		t.Errorf("empty directory: %v, %v", entries, err)
	}
	if _, err := sc.ReadLink("/inner_link"); err == nil {
		t.Error("readlink answered")
	}
}

func TestBigDirectory(t *testing.T) {
	ts := newTestServer(t, nil)
	const n = 2000
	dir := filepath.Join(ts.rootA, "big")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		// long names make pages fill the packet before the entry count
		name := fmt.Sprintf("cdr-%04d-%s.csv", i, strings.Repeat("x", i%200))
		if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sc := ts.sftpClient(t)
	entries, err := sc.ReadDir("/big")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if seen[e.Name()] {
			t.Fatalf("%s listed twice", e.Name())
		}
		seen[e.Name()] = true
	}
	if len(seen) != n {
		t.Fatalf("listed %d files, want %d", len(seen), n)
	}
}

func TestListingPages(t *testing.T) {
	var l listing
	for i := range 1000 {
		l = append(l, entryInfo{fakeInfo(fmt.Sprintf("%04d-%s", i, strings.Repeat("n", 250)))})
	}
	buf := make([]os.FileInfo, 100)
	var off int64
	var got []string
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("listing never ends")
		}
		n, err := l.ListAt(buf, off)
		size := 0
		for _, fi := range buf[:n] {
			got = append(got, fi.Name())
			size += 2*len(fi.Name()) + 128
		}
		if size > 32*1024 {
			t.Fatalf("page of %d bytes exceeds the 32 KiB packet", size)
		}
		off += int64(n)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || n == 0 {
			t.Fatalf("ListAt = %d, %v before the end", n, err)
		}
	}
	if len(got) != len(l) {
		t.Fatalf("%d entries paged, want %d", len(got), len(l))
	}
	if n, err := l.ListAt(buf, off); n != 0 || !errors.Is(err, io.EOF) {
		t.Fatalf("after the end: %d, %v; want 0, EOF", n, err)
	}
}

type fakeInfo string

func (f fakeInfo) Name() string       { return string(f) }
func (f fakeInfo) Size() int64        { return 0 }
func (f fakeInfo) Mode() os.FileMode  { return 0o644 }
func (f fakeInfo) ModTime() time.Time { return time.Time{} }
func (f fakeInfo) IsDir() bool        { return false }
func (f fakeInfo) Sys() any           { return nil }

func TestSessionRefusals(t *testing.T) {
	ts := newTestServer(t, nil)
	c, err := ts.dial("127.0.0.1", loginA())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	tests := []struct {
		name string
		run  func(*ssh.Session) error
	}{
		{"shell", func(s *ssh.Session) error { return s.Shell() }},
		{"exec", func(s *ssh.Session) error { return s.Start("cat /etc/passwd") }},
		{"pty", func(s *ssh.Session) error { return s.RequestPty("xterm", 24, 80, ssh.TerminalModes{}) }},
		{"other subsystem", func(s *ssh.Session) error { return s.RequestSubsystem("netconf") }},
		{"env", func(s *ssh.Session) error { return s.Setenv("LANG", "C") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := c.NewSession()
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := tt.run(s); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	if _, err := c.Dial("tcp", "127.0.0.1:"+ts.port); err == nil {
		t.Error("direct-tcpip forwarding accepted")
	}
	if _, err := c.Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Error("remote port forwarding accepted")
	}
	ts.audit.waitFor(t, "refused exec", func(r AuditRecord) bool {
		return r.Event == EventRefusedOp && r.Detail == "exec"
	})
	ts.audit.waitFor(t, "refused forwarding", func(r AuditRecord) bool {
		return r.Event == EventRefusedOp && r.Detail == "channel direct-tcpip"
	})
	// The connection still serves sftp after all that.
	sc, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	if _, err := sc.Stat("/a.txt"); err != nil {
		t.Fatal(err)
	}
}

func TestAuditLog(t *testing.T) {
	ts := newTestServer(t, nil)
	c, err := ts.dial("127.0.0.1", loginA())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sc.Open("/data.bin")
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 1000)
	if _, err := io.ReadFull(f, buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sc.Mkdir("/new")
	sc.Close()
	c.Close()

	partial := ts.audit.waitFor(t, "partial download", func(r AuditRecord) bool { return r.Event == EventDownload })
	if partial.Result != "partial" || partial.Bytes < 1000 || partial.Bytes >= int64(len(testData())) {
		t.Errorf("partial download recorded as %+v", partial)
	}
	ts.audit.waitFor(t, "disconnect", func(r AuditRecord) bool {
		return r.Event == EventDisconnect && r.OpID == "OLOA" && r.Bytes == partial.Bytes
	})
	var events []string
	for _, r := range ts.audit.records(t) {
		events = append(events, r.Event)
		if r.IP != "127.0.0.1" || r.Time.IsZero() || !r.Time.Equal(ts.clock.Now()) {
			t.Errorf("record %+v: want ip 127.0.0.1 and the server clock's time", r)
		}
	}
	if want := []string{EventAuthOK, EventDownload, EventRefusedOp, EventDisconnect}; !slices.Equal(events, want) {
		t.Errorf("events = %v, want %v", events, want)
	}
}

func TestPanicIsContained(t *testing.T) {
	ts := newTestServer(t, nil, func(s *Server) {
		s.hook = func(point, detail string) {
			if (point == "publickey" && detail == "boom") || (point == "sftp:read" && detail == "/a.txt") {
				panic("injected by test at " + point)
			}
		}
	})
	if c, err := ts.dial("127.0.0.1", clientConfig("boom", ssh.PublicKeys(testKeyA()))); err == nil {
		c.Close()
		t.Fatal("login through a panic")
	}
	sc := ts.sftpClient(t)
	if _, err := sc.Open("/a.txt"); err == nil {
		t.Fatal("open through a panic")
	}
	// The server is still up for the next connection.
	sc2 := ts.sftpClient(t)
	f, err := sc2.Open("/sub/inner.txt")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestCloseEndsConnections(t *testing.T) {
	ts := newTestServer(t, nil)
	sc := ts.sftpClient(t)
	if _, err := sc.Stat("/"); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- ts.srv.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	if _, err := sc.Stat("/"); err == nil {
		t.Fatal("connection still served after Close")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.srv.Serve(ln); !errors.Is(err, ErrServerClosed) {
		t.Fatalf("Serve after Close = %v", err)
	}
	if _, err := ln.Accept(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Serve after Close left its listener open: %v", err)
	}
	if _, err := net.DialTimeout("tcp", ts.addr, time.Second); err == nil {
		t.Fatal("still accepting")
	}
}

// TestSharedIP: two OLOs behind one address both log in from it, each into
// its own tree only.
func TestSharedIP(t *testing.T) {
	ts := newTestServer(t, func(c *Config) {
		c.Accounts[1].AllowedIPs = addrs("127.0.0.1", "127.0.0.3")
	})
	tests := []struct {
		cc         *ssh.ClientConfig
		see, avoid string
	}{
		{loginA(), "/a.txt", "/b-only.txt"},
		{clientConfig(userB, ssh.PublicKeys(testKeyB()), ssh.Password(passB)), "/b-only.txt", "/a.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.cc.User, func(t *testing.T) {
			sc := ts.sftpAs(t, "127.0.0.1", tt.cc)
			if _, err := sc.Stat(tt.see); err != nil {
				t.Errorf("own file: %v", err)
			}
			if _, err := sc.Stat(tt.avoid); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("other OLO's file: %v, want not exist", err)
			}
		})
	}
	// Keys are still per account on the shared address.
	if c, err := ts.dial("127.0.0.1", clientConfig(userB, ssh.PublicKeys(testKeyA()), ssh.Password(passB))); err == nil {
		c.Close()
		t.Fatal("OLO B logged in with OLO A's key")
	}
}

func TestListenAndServe(t *testing.T) {
	cfg := validConfig(t)
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if srv.Addr() != nil {
		t.Fatalf("Addr before serving = %v", srv.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.ListenAndServe("127.0.0.1:0") }()
	deadline := time.Now().Add(5 * time.Second)
	for srv.Addr() == nil {
		if time.Now().After(deadline) {
			t.Fatal("no address after ListenAndServe")
		}
		time.Sleep(5 * time.Millisecond)
	}
	ts := &testServer{addr: srv.Addr().String()}
	c, err := ts.dial("127.0.0.1", loginA())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; !errors.Is(err, ErrServerClosed) {
		t.Fatalf("ListenAndServe = %v, want ErrServerClosed", err)
	}
}
