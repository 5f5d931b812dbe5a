// Command sftpload is the SFTP benchmark's concurrent client: it logs many OLO sessions in
// at once (key then password, aes256-gcm@openssh.com, each from its OLO's own source IP),
// then lets every session download, at the same moment, every file of its OLO's tree that
// it finds by listing the server, and checks each download byte for byte (sha256) against
// the same file in the source tree on local disk. It prints one JSON line and exits 1 if any
// file is missing, extra, different or failed, so a fast but wrong server cannot pass.
//
//	go run ./bench/sftpload -addr 127.0.0.1:2222 -sessions 50 -host-key STATE/host_rsa \
//	  -account user=olo001,key=STATE/olo001_rsa,passfile=STATE/password-olo001,ip=127.0.0.1,local=STATE/sftp/seed-1/OLO001
//
// Sessions are spread round-robin over the -account flags; give one OLO several times with
// different ip= values to use each of its allowlisted addresses.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// account is one OLO login and the local copy of the tree it must see.
type account struct {
	User     string
	IP       string
	Local    string
	signer   ssh.Signer
	password string
}

// accountList is the repeatable -account flag.
type accountList []account

func (l *accountList) String() string { return fmt.Sprint(len(*l), " accounts") }

// Set parses "user=U,key=FILE,passfile=FILE,ip=A,local=DIR" (pass=P may replace passfile).
func (l *accountList) Set(v string) error {
	a, err := parseAccount(v)
	if err != nil {
		return err
	}
	*l = append(*l, a)
	return nil
}

func parseAccount(v string) (account, error) {
	kv := map[string]string{}
	for field := range strings.SplitSeq(v, ",") {
		k, val, ok := strings.Cut(field, "=")
		if !ok || val == "" {
			return account{}, fmt.Errorf("account field %q is not key=value", field)
		}
		switch k {
		case "user", "key", "passfile", "pass", "ip", "local":
		default:
			return account{}, fmt.Errorf("account field %q: unknown key %q", field, k)
		}
		kv[k] = val
	}
	for _, k := range []string{"user", "key", "ip", "local"} {
		if kv[k] == "" {
			return account{}, fmt.Errorf("account %q: %s= is required", v, k)
		}
	}
	a := account{User: kv["user"], IP: kv["ip"], Local: kv["local"], password: kv["pass"]}
	if net.ParseIP(a.IP) == nil {
		return account{}, fmt.Errorf("account %q: ip=%q is not an IP address", v, a.IP)
	}
	if pf := kv["passfile"]; pf != "" {
		b, err := os.ReadFile(pf)
		if err != nil {
			return account{}, fmt.Errorf("account %s: %w", a.User, err)
		}
		a.password = strings.TrimSpace(string(b))
	}
	if a.password == "" {
		return account{}, fmt.Errorf("account %s: pass= or passfile= is required (two factors)", a.User)
	}
	pem, err := os.ReadFile(kv["key"])
	if err != nil {
		return account{}, fmt.Errorf("account %s: %w", a.User, err)
	}
	if a.signer, err = ssh.ParsePrivateKey(pem); err != nil {
		return account{}, fmt.Errorf("account %s: key %s: %w", a.User, kv["key"], err)
	}
	return a, nil
}

// sourceFile is the expected content of one file of an OLO's tree.
type sourceFile struct {
	Size int64
	Sum  string
}

// sourceTree hashes every regular file under root of at most maxSize bytes, keyed by its
// SFTP path ("/CDR/2026/11/x.csv.gz"): what a session must find and download.
func sourceTree(root string, maxSize int64) (map[string]sourceFile, error) {
	out := map[string]sourceFile{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if fi.Size() > maxSize {
			return nil
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		out["/"+filepath.ToSlash(rel)] = sourceFile{Size: fi.Size(), Sum: hex.EncodeToString(h.Sum(nil))}
		return nil
	})
	return out, err
}

// options is the whole run's configuration.
type options struct {
	Addr     string
	Sessions int
	MaxSize  int64
	HostKey  ssh.PublicKey // nil accepts any host key
	Timeout  time.Duration
	Accounts []account
}

// Result is the printed JSON line.
type Result struct {
	Sessions      int      `json:"sessions"`
	Accounts      []string `json:"accounts"`
	LoginSeconds  float64  `json:"loginSeconds"` // all sessions logged in, concurrently
	Seconds       float64  `json:"seconds"`      // from the common start to the last download
	Files         int      `json:"files"`        // downloads completed and compared
	Bytes         int64    `json:"bytes"`        // bytes downloaded by all sessions
	MBps          float64  `json:"MBps"`         // Bytes/Seconds, MB = 10^6 bytes
	Mismatches    int      `json:"mismatches"`   // downloads whose sha256 differs from the source
	Missing       int      `json:"missing"`      // source files a session did not find on the server
	Extra         int      `json:"extra"`        // files the server listed that the source lacks
	Errors        int      `json:"errors"`       // failed logins, listings or downloads
	FirstErrors   []string `json:"firstErrors,omitempty"`
	PerSessionMin float64  `json:"perSessionMinMBps"`
	PerSessionMax float64  `json:"perSessionMaxMBps"`
}

// OK reports whether every session saw exactly its tree, byte for byte.
func (r Result) OK() bool { return r.Mismatches+r.Missing+r.Extra+r.Errors == 0 }

type session struct {
	acct    *account
	want    map[string]sourceFile
	ssh     *ssh.Client
	sftp    *sftp.Client
	files   int
	bytes   int64
	seconds float64
	errs    []string
	mis     int
	missing int
	extra   int
}

func (s *session) fail(format string, args ...any) {
	s.errs = append(s.errs, fmt.Sprintf("%s@%s: ", s.acct.User, s.acct.IP)+fmt.Sprintf(format, args...))
}

func (s *session) login(ctx context.Context, o options) error {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(s.acct.IP)}, Timeout: o.Timeout}
	nc, err := d.DialContext(ctx, "tcp", o.Addr)
	if err != nil {
		return err
	}
	hostCB := ssh.InsecureIgnoreHostKey() // only when no -host-key: loopback benchmark
	if o.HostKey != nil {
		hostCB = ssh.FixedHostKey(o.HostKey)
	}
	cfg := &ssh.ClientConfig{
		Config: ssh.Config{
			KeyExchanges: []string{"curve25519-sha256"},
			Ciphers:      []string{"aes256-gcm@openssh.com"},
			MACs:         []string{"hmac-sha2-256-etm@openssh.com"},
		},
		User: s.acct.User,
		// Key first, then password: the server answers the key with partial success.
		Auth:              []ssh.AuthMethod{ssh.PublicKeys(s.acct.signer), ssh.Password(s.acct.password)},
		HostKeyCallback:   hostCB,
		HostKeyAlgorithms: []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256},
		Timeout:           o.Timeout,
	}
	nc.SetDeadline(time.Now().Add(o.Timeout))
	c, chans, reqs, err := ssh.NewClientConn(nc, o.Addr, cfg)
	if err != nil {
		nc.Close()
		return err
	}
	nc.SetDeadline(time.Time{})
	s.ssh = ssh.NewClient(c, chans, reqs)
	// pkg/sftp's defaults: 32 KiB packets, concurrent reads, as an OLO's Go client would.
	if s.sftp, err = sftp.NewClient(s.ssh); err != nil {
		s.ssh.Close()
		return err
	}
	return nil
}

// download lists the tree, downloads every listed file of at most maxSize bytes and
// compares it with the source.
func (s *session) download(maxSize int64) {
	t0 := time.Now()
	defer func() { s.seconds = time.Since(t0).Seconds() }()
	seen := map[string]bool{}
	w := s.sftp.Walk("/")
	for w.Step() {
		if err := w.Err(); err != nil {
			s.fail("list %s: %v", w.Path(), err)
			continue
		}
		fi := w.Stat()
		if !fi.Mode().IsRegular() || fi.Size() > maxSize {
			continue
		}
		p := path.Clean("/" + w.Path())
		seen[p] = true
		want, ok := s.want[p]
		if !ok {
			s.extra++
			s.fail("%s listed by the server but not in the source tree", p)
			continue
		}
		n, sum, err := s.fetch(p)
		s.bytes += n
		switch {
		case err != nil:
			s.fail("get %s: %v", p, err)
		case n != want.Size || sum != want.Sum:
			s.mis++
			s.fail("%s: got %d bytes sha256 %s, source has %d bytes sha256 %s", p, n, sum, want.Size, want.Sum)
		default:
			s.files++
		}
	}
	for p := range s.want {
		if !seen[p] {
			s.missing++
			s.fail("%s is in the source tree but was not listed", p)
		}
	}
}

func (s *session) fetch(p string) (int64, string, error) {
	f, err := s.sftp.Open(p)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := f.WriteTo(h) // concurrent 32 KiB reads
	return n, hex.EncodeToString(h.Sum(nil)), err
}

func (s *session) close() {
	if s.sftp != nil {
		s.sftp.Close()
	}
	if s.ssh != nil {
		s.ssh.Close()
	}
}

// run logs every session in concurrently, waits for all of them, then starts all
// downloads at once and measures until the last one ends.
func run(ctx context.Context, o options) (Result, error) {
	if o.Sessions < 1 || len(o.Accounts) == 0 {
		return Result{}, errors.New("need at least one session and one account")
	}
	trees := map[string]map[string]sourceFile{}
	for _, a := range o.Accounts {
		if trees[a.Local] != nil {
			continue
		}
		t, err := sourceTree(a.Local, o.MaxSize)
		if err != nil {
			return Result{}, fmt.Errorf("source tree of %s: %w", a.User, err)
		}
		if len(t) == 0 {
			return Result{}, fmt.Errorf("source tree of %s (%s) has no file of at most %d bytes", a.User, a.Local, o.MaxSize)
		}
		trees[a.Local] = t
	}
	res := Result{Sessions: o.Sessions}
	for _, a := range o.Accounts {
		res.Accounts = append(res.Accounts, a.User+"@"+a.IP)
	}
	ss := make([]*session, o.Sessions)
	for i := range ss {
		a := &o.Accounts[i%len(o.Accounts)]
		ss[i] = &session{acct: a, want: trees[a.Local]}
	}
	defer func() {
		for _, s := range ss {
			s.close()
		}
	}()

	t0 := time.Now()
	var wg sync.WaitGroup
	for _, s := range ss {
		wg.Go(func() {
			if err := s.login(ctx, o); err != nil {
				s.fail("login: %v", err)
			}
		})
	}
	wg.Wait()
	res.LoginSeconds = time.Since(t0).Seconds()

	start := time.Now()
	for _, s := range ss {
		if s.sftp == nil {
			continue
		}
		wg.Go(func() { s.download(o.MaxSize) })
	}
	wg.Wait()
	res.Seconds = time.Since(start).Seconds()

	var rates []float64
	for _, s := range ss {
		res.Files += s.files
		res.Bytes += s.bytes
		res.Mismatches += s.mis
		res.Missing += s.missing
		res.Extra += s.extra
		res.Errors += len(s.errs) - s.mis - s.missing - s.extra
		for _, e := range s.errs {
			if len(res.FirstErrors) < 10 {
				res.FirstErrors = append(res.FirstErrors, e)
			}
		}
		if s.seconds > 0 {
			rates = append(rates, float64(s.bytes)/s.seconds/1e6)
		}
	}
	if res.Seconds > 0 {
		res.MBps = float64(res.Bytes) / res.Seconds / 1e6
	}
	if len(rates) > 0 {
		res.PerSessionMin, res.PerSessionMax = slices.Min(rates), slices.Max(rates)
	}
	return res, nil
}

// loadHostKey reads the server's host key from a private key file (as the sandbox keeps
// it in its state folder) or from a public key line.
func loadHostKey(file string) (ssh.PublicKey, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	if s, err := ssh.ParsePrivateKey(b); err == nil {
		return s.PublicKey(), nil
	}
	k, _, _, _, err := ssh.ParseAuthorizedKey(b)
	if err != nil {
		return nil, fmt.Errorf("%s is neither a private key nor a public key line: %w", file, err)
	}
	return k, nil
}

func main() {
	var accts accountList
	o := options{}
	flag.StringVar(&o.Addr, "addr", "127.0.0.1:2222", "SFTP server address")
	flag.IntVar(&o.Sessions, "sessions", 50, "concurrent sessions (connections)")
	flag.Int64Var(&o.MaxSize, "max-size", 64<<20, "skip files larger than this many bytes (on both sides)")
	flag.DurationVar(&o.Timeout, "timeout", 30*time.Second, "dial and login timeout")
	hostKey := flag.String("host-key", "", "server host key file (private key or public line); empty accepts any")
	flag.Var(&accts, "account", "user=U,key=FILE,passfile=FILE|pass=P,ip=A,local=DIR (repeatable)")
	flag.Parse()
	o.Accounts = accts
	if *hostKey != "" {
		k, err := loadHostKey(*hostKey)
		if err != nil {
			fmt.Fprintln(os.Stderr, "sftpload: -host-key:", err)
			os.Exit(2)
		}
		o.HostKey = k
	}
	res, err := run(context.Background(), o)
	if err != nil {
		fmt.Fprintln(os.Stderr, "sftpload:", err)
		os.Exit(2)
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if !res.OK() {
		os.Exit(1)
	}
}
