package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/wpti/toolkit/sftpd"
)

var (
	hostKey   = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA() })
	clientKey = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA() })
)

func mustRSA() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

func writeFile(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// serve starts sftpd on 127.0.0.1 with one account whose tree is root, and returns the
// client side of that account (local = root) and the address.
func serve(t *testing.T, root string) (account, string) {
	t.Helper()
	signer, err := ssh.NewSignerFromKey(clientKey())
	if err != nil {
		t.Fatal(err)
	}
	hash, err := sftpd.HashPassword("pw-Bench1")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := sftpd.New(sftpd.Config{HostKey: hostKey(), Accounts: []sftpd.Account{{
		OpID: "OLOT", Username: "olot", PasswordHash: hash, AuthorizedKeys: []ssh.PublicKey{signer.PublicKey()},
		AllowedIPs: []netip.Addr{netip.MustParseAddr("127.0.0.1")}, Root: root,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return account{User: "olot", IP: "127.0.0.1", Local: root, signer: signer, password: "pw-Bench1"}, ln.Addr().String()
}

func TestRunComparesEveryFile(t *testing.T) {
	served := t.TempDir()
	writeFile(t, filepath.Join(served, "CDR/2026/11/a.csv.gz"), strings.Repeat("a;b;c\n", 20000))
	writeFile(t, filepath.Join(served, "CDR/2026/12/b.csv.gz"), "b")
	writeFile(t, filepath.Join(served, "DOC/big.pdf"), strings.Repeat("x", 200000)) // over -max-size
	acct, addr := serve(t, served)
	pub, err := ssh.NewPublicKey(&hostKey().PublicKey)
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		local    func(t *testing.T) string // the source tree the downloads are compared with
		sessions int
		check    func(t *testing.T, r Result)
	}{
		{"identical tree", func(*testing.T) string { return served }, 4, func(t *testing.T, r Result) {
			if !r.OK() || r.Files != 8 || r.Bytes != 4*(120000+1) {
				t.Errorf("want 8 files, %d bytes, no error; got %+v", 4*(120000+1), r)
			}
		}},
		{"one file differs", func(t *testing.T) string {
			d := t.TempDir()
			writeFile(t, filepath.Join(d, "CDR/2026/11/a.csv.gz"), strings.Repeat("a;b;c\n", 20000))
			writeFile(t, filepath.Join(d, "CDR/2026/12/b.csv.gz"), "B")
			return d
		}, 2, func(t *testing.T, r Result) {
			if r.Mismatches != 2 || r.Files != 2 || r.OK() {
				t.Errorf("want 2 mismatches and 2 good files; got %+v", r)
			}
		}},
		{"server lacks a file, lists an unknown one", func(t *testing.T) string {
			d := t.TempDir()
			writeFile(t, filepath.Join(d, "CDR/2026/11/a.csv.gz"), strings.Repeat("a;b;c\n", 20000))
			writeFile(t, filepath.Join(d, "CDR/2026/12/c.csv.gz"), "c")
			return d
		}, 1, func(t *testing.T, r Result) {
			if r.Missing != 1 || r.Extra != 1 || r.Files != 1 || r.OK() {
				t.Errorf("want 1 missing, 1 extra, 1 good file; got %+v", r)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := acct
			a.Local = tc.local(t)
			r, err := run(context.Background(), options{Addr: addr, Sessions: tc.sessions, MaxSize: 150000,
				HostKey: pub, Timeout: 10 * time.Second, Accounts: []account{a}})
			if err != nil {
				t.Fatal(err)
			}
			tc.check(t, r)
		})
	}

	t.Run("wrong password is an error, not a pass", func(t *testing.T) {
		a := acct
		a.password = "wrong"
		r, err := run(context.Background(), options{Addr: addr, Sessions: 1, MaxSize: 150000, HostKey: pub,
			Timeout: 10 * time.Second, Accounts: []account{a}})
		if err != nil {
			t.Fatal(err)
		}
		if r.Errors != 1 || r.OK() || r.Files != 0 {
			t.Errorf("want one login error; got %+v", r)
		}
	})
}

func TestParseAccount(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "k_rsa")
	if _, err := sftpd.LoadOrCreateClientKey(keyFile); err != nil {
		t.Fatal(err)
	}
	passFile := filepath.Join(dir, "pw")
	writeFile(t, passFile, "s3cret\n")

	tests := []struct {
		in, wantErr string
	}{
		{"user=u,key=" + keyFile + ",passfile=" + passFile + ",ip=127.0.0.2,local=" + dir, ""},
		{"user=u,key=" + keyFile + ",pass=p,ip=127.0.0.1,local=" + dir, ""},
		{"user=u,key=" + keyFile + ",ip=127.0.0.1,local=" + dir, "pass= or passfile="},
		{"user=u,key=" + keyFile + ",pass=p,ip=localhost,local=" + dir, "not an IP"},
		{"user=u,key=" + keyFile + ",pass=p,local=" + dir, "ip= is required"},
		{"user=u,key=" + keyFile + ",pass=p,ip=127.0.0.1,local=" + dir + ",port=22", "unknown key"},
		{"user=u,key=" + passFile + ",pass=p,ip=127.0.0.1,local=" + dir, "key " + passFile},
		{"user", "not key=value"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			a, err := parseAccount(tc.in)
			if tc.wantErr == "" {
				if err != nil || a.signer == nil || a.password == "" {
					t.Fatalf("parseAccount: %v (%+v)", err, a)
				}
				if strings.Contains(tc.in, "passfile") && a.password != "s3cret" {
					t.Errorf("password %q, want the file's first line trimmed", a.password)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want it to mention %q", err, tc.wantErr)
			}
		})
	}
}
