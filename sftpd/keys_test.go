package sftpd

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/ssh"
)

func TestLoadOrCreateHostKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_key")
	k1, err := LoadOrCreateHostKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if k1.N.BitLen() != 2048 {
		t.Errorf("generated %d bits, want 2048", k1.N.BitLen())
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v; want 0600", st.Mode().Perm(), err)
	}
	data, _ := os.ReadFile(path)
	if !bytes.HasPrefix(data, []byte("-----BEGIN OPENSSH PRIVATE KEY-----")) {
		t.Errorf("key file is not in OpenSSH format: %.40q", data)
	}
	k2, err := LoadOrCreateHostKey(path)
	if err != nil || !k1.Equal(k2) {
		t.Fatalf("second load: %v, same key %v", err, err == nil && k1.Equal(k2))
	}
	if _, err := New(Config{HostKey: k2, Accounts: validConfig(t).Accounts}); err != nil {
		t.Fatalf("New with the loaded key: %v", err)
	}

	dir := t.TempDir()
	writeKey := func(name string, key any, mode os.FileMode) string {
		t.Helper()
		block, err := ssh.MarshalPrivateKey(key, "")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, pem.EncodeToMemory(block), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	_, edKey, _ := ed25519.GenerateKey(rand.Reader)
	refused := []struct {
		name, path, want string
	}{
		{"world readable", writeKey("open", testHostKey(), 0o644), "readable by others"},
		{"RSA 1024", writeKey("small", mustRSA(1024), 0o600), "1024 bits"},
		{"ed25519", writeKey("ed", edKey, 0o600), "requires RSA"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := LoadOrCreateHostKey(tt.path); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadOrCreateClientKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "id_rsa")
	pub, err := LoadOrCreateClientKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := checkClientKey(pub, 2048); err != nil {
		t.Fatal(err)
	}
	pubFile, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, _, _, err := ssh.ParseAuthorizedKey(pubFile)
	if err != nil || !bytes.Equal(parsed.Marshal(), pub.Marshal()) {
		t.Fatalf(".pub does not hold the returned key: %v", err)
	}
	priv, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.ParsePrivateKey(priv)
	if err != nil || !bytes.Equal(signer.PublicKey().Marshal(), pub.Marshal()) {
		t.Fatalf("private key file does not match: %v", err)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Errorf("private key mode %v, want 0600", st.Mode().Perm())
	}
	again, err := LoadOrCreateClientKey(path)
	if err != nil || !bytes.Equal(again.Marshal(), pub.Marshal()) {
		t.Fatalf("second call: %v, or a different key", err)
	}
}

func TestHashPassword(t *testing.T) {
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(h, []byte("correct horse")) {
		t.Fatal("hash contains the password")
	}
	if err := bcrypt.CompareHashAndPassword(h, []byte("correct horse")); err != nil {
		t.Fatal(err)
	}
	if err := bcrypt.CompareHashAndPassword(h, []byte("correct horsE")); err == nil {
		t.Fatal("wrong password accepted")
	}
}
