package sftpd

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/ssh"
)

// generatedRSABits is the size of keys this package generates: the policy's
// (host key RSA 2048, client RSA 2048). A 3072-bit key took 0.2-1 s to make, and a
// first start made four of them on two cores before it could answer.
const generatedRSABits = 2048

// LoadOrCreateHostKey returns the RSA host key stored at path, creating an
// RSA 2048 key in OpenSSH format (mode 0600) if the file does not exist, so
// that the sandbox keeps one host identity across restarts and OLO clients
// can pin it. An existing key that is not RSA, is smaller than 2048 bits or is
// readable by group or others is refused, as sshd refuses it.
func LoadOrCreateHostKey(path string) (*rsa.PrivateKey, error) {
	key, err := loadRSAKey(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	key, err = rsa.GenerateKey(rand.Reader, generatedRSABits)
	if err != nil {
		return nil, err
	}
	if err := writePrivateKey(path, key, "sftpd host key"); err != nil {
		return nil, err
	}
	return key, nil
}

// LoadOrCreateClientKey returns the public half of the RSA client key at
// path, creating an RSA 2048 key pair if there is none: the private key in
// OpenSSH format at path (0600), usable as-is by `sftp -i path`, and the
// public key in authorized_keys format at path+".pub". It exists so that
// tests and the sandbox's demo OLO get a key the real OpenSSH client accepts.
func LoadOrCreateClientKey(path string) (ssh.PublicKey, error) {
	key, err := loadRSAKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = rsa.GenerateKey(rand.Reader, generatedRSABits)
		if err == nil {
			err = writePrivateKey(path, key, "sftpd client key")
		}
	}
	if err != nil {
		return nil, err
	}
	pub, err := ssh.NewPublicKey(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(pub), 0o644); err != nil {
		return nil, err
	}
	return pub, nil
}

// HashPassword returns the bcrypt hash of an OLO password for
// Account.PasswordHash, so that no plain password is kept in memory or
// configuration.
func HashPassword(p string) ([]byte, error) {
	return bcrypt.GenerateFromPassword([]byte(p), bcrypt.DefaultCost)
}

func loadRSAKey(path string) (*rsa.PrivateKey, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("sftpd: private key %s has mode %v: readable by others, want 0600", path, st.Mode().Perm())
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	raw, err := ssh.ParseRawPrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("sftpd: %s: %w", path, err)
	}
	key, ok := raw.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("sftpd: %s: key is %T, the policy requires RSA", path, raw)
	}
	if key.N.BitLen() < minPolicyRSABits {
		return nil, fmt.Errorf("sftpd: %s: RSA key has %d bits, the policy requires at least %d", path, key.N.BitLen(), minPolicyRSABits)
	}
	return key, nil
}

// writePrivateKey creates path exclusively, so that a key is never silently
// replaced, with mode 0600.
func writePrivateKey(path string, key *rsa.PrivateKey, comment string) error {
	block, err := ssh.MarshalPrivateKey(key, comment)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := pem.Encode(f, block); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
