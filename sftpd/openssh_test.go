package sftpd

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

// requireTools skips the test when a tool is missing, unless
// WPTI_REQUIRE_TOOLS=1 (as CI sets it), where a missing tool is a failure.
func requireTools(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("WPTI_REQUIRE_TOOLS") == "1" {
				t.Fatalf("%s is required (WPTI_REQUIRE_TOOLS=1): apt-get install -y openssh-client sshpass ssh-audit", tool)
			}
			t.Skipf("%s not installed (apt-get install -y openssh-client sshpass ssh-audit)", tool)
		}
	}
}

// TestOpenSSHInterop drives the server with the tools an OLO uses: the
// OpenSSH sftp client (password typed by sshpass) and ssh-audit.
func TestOpenSSHInterop(t *testing.T) {
	if _, err := exec.LookPath("sftp"); err != nil {
		if _, err := exec.LookPath("ssh-audit"); err != nil {
			requireTools(t, "sftp", "sshpass", "ssh-audit")
		}
	}
	dir := t.TempDir()
	hostKey, err := LoadOrCreateHostKey(filepath.Join(dir, "host_key"))
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "id_rsa")
	clientPub, err := LoadOrCreateClientKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTestServer(t, func(c *Config) {
		c.HostKey = hostKey
		c.Accounts[0].AuthorizedKeys = []ssh.PublicKey{clientPub}
	})
	big := make([]byte, 8<<20+123) // many 32 KiB packets, many outstanding requests
	rand.Read(big)
	mustWrite(t, filepath.Join(ts.rootA, "cdr", "big.csv"), big)
	before := snapshot(t, ts.rootA)

	// sftpRun runs `sftp -b batch` as OLO A; password "" runs it without
	// sshpass.
	sftpRun := func(t *testing.T, password string, extra []string, batch string) (string, error) {
		t.Helper()
		work := t.TempDir()
		batchFile := filepath.Join(work, "batch")
		if err := os.WriteFile(batchFile, []byte(batch), 0o600); err != nil {
			t.Fatal(err)
		}
		args := []string{
			"-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "UserKnownHostsFile=/dev/null",
			"-o", "StrictHostKeyChecking=no", "-o", "BatchMode=no", "-o", "NumberOfPasswordPrompts=1",
			"-o", "ConnectTimeout=10", "-i", keyPath, "-P", ts.port, "-b", batchFile,
		}
		args = append(args, extra...)
		args = append(args, userA+"@127.0.0.1")
		name := "sftp"
		if password != "" {
			args = append([]string{"-p", password, "sftp"}, args...)
			name = "sshpass"
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = work
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	t.Run("key and password: get", func(t *testing.T) {
		requireTools(t, "sftp", "sshpass")
		local := filepath.Join(t.TempDir(), "big.csv")
		out, err := sftpRun(t, passA, nil, "ls -l /\ncd cdr\nget big.csv "+local+"\nget /a.txt "+local+".a\n")
		if err != nil {
			t.Fatalf("sftp failed: %v\n%s", err, out)
		}
		got, err := os.ReadFile(local)
		if err != nil {
			t.Fatal(err)
		}
		if sha256.Sum256(got) != sha256.Sum256(big) {
			t.Fatalf("checksum mismatch: got %d bytes, want %d", len(got), len(big))
		}
		if a, _ := os.ReadFile(local + ".a"); string(a) != "hello from OLO A\n" {
			t.Fatalf("a.txt = %q", a)
		}
		for _, name := range []string{"a.txt", "data.bin", "cdr"} {
			if !strings.Contains(out, name) {
				t.Errorf("ls output lacks %s:\n%s", name, out)
			}
		}
		if strings.Contains(out, "escape") || strings.Contains(out, "fifo") {
			t.Errorf("ls shows a link or a FIFO:\n%s", out)
		}
		ts.audit.waitFor(t, "download of big.csv", func(r AuditRecord) bool {
			return r.Event == EventDownload && r.Path == "/cdr/big.csv" && r.Bytes == int64(len(big)) && r.Result == "complete"
		})
	})

	refusals := []struct {
		name     string
		password string
		extra    []string
		batch    string
		want     string // in sftp's output
		audit    string // in an auth_fail record, when set
	}{
		{"password only", passA, []string{"-o", "PubkeyAuthentication=no"}, "ls\n", "Permission denied (publickey)", "no credentials offered"},
		{"key only", "", []string{"-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"}, "ls\n", "Permission denied (password)", "key accepted, no password"},
		{"wrong password", "not-the-password", nil, "ls\n", "Permission denied", "wrong password"},
		{"cipher aes128-ctr", passA, []string{"-c", "aes128-ctr"}, "ls\n", "no matching cipher", ""},
		{"MAC hmac-sha2-256", passA, []string{"-c", "aes256-ctr", "-o", "MACs=hmac-sha2-256"}, "ls\n", "no matching MAC", ""},
		{"KEX ecdh", passA, []string{"-o", "KexAlgorithms=ecdh-sha2-nistp256"}, "ls\n", "no matching key exchange", ""},
		{"host key ssh-rsa", passA, []string{"-o", "HostKeyAlgorithms=ssh-rsa"}, "ls\n", "no matching host key type", ""},
		{"source 127.0.0.77", passA, []string{"-o", "BindAddress=127.0.0.77"}, "ls\n", "kex_exchange_identification", ""},
		{"put", passA, nil, "put " + keyPath + ".pub /uploaded.pub\n", "Permission denied", ""},
		{"mkdir", passA, nil, "mkdir /newdir\n", "Permission denied", ""},
		{"rm", passA, nil, "rm /a.txt\n", "Permission denied", ""},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			requireTools(t, "sftp", "sshpass")
			out, err := sftpRun(t, tt.password, tt.extra, tt.batch)
			t.Logf("sftp: %v\n%s", err, out)
			if err == nil {
				t.Fatalf("sftp succeeded:\n%s", out)
			}
			if !strings.Contains(out, tt.want) {
				t.Fatalf("output lacks %q:\n%s", tt.want, out)
			}
			if tt.audit != "" {
				ts.audit.waitFor(t, tt.audit, func(r AuditRecord) bool {
					return r.Event == EventAuthFail && r.User == userA && strings.Contains(r.Detail, tt.audit)
				})
			}
		})
	}
	after := snapshot(t, ts.rootA)
	for name, e := range before {
		if after[name] != e {
			t.Errorf("%s changed", name)
		}
	}
	if len(after) != len(before) {
		t.Errorf("tree has %d entries, had %d", len(after), len(before))
	}

	t.Run("ssh-audit", func(t *testing.T) {
		requireTools(t, "ssh-audit")
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		policy, err := filepath.Abs(filepath.Join("testdata", "ssh-audit-policy.txt"))
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(ctx, "ssh-audit", "-n", "-P", policy, "-p", ts.port, "127.0.0.1")
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte("Result: ✔ Passed")) {
			t.Fatalf("ssh-audit policy scan failed: %v\n%s", err, out)
		}
	})
}
